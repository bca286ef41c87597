// Fuzz target: the mapping loader (XML mapping files), and the conversion that follows when a
// fuzzed mapping loads: every mapping that loads is run against two bundled samples (a
// trajectory grid and a data table), so the construct readers meet whatever combination of
// attributes the loader lets through.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fuzz_support.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/diagnostics_io.hpp"
#include "kpimap/model_io.hpp"

namespace {

const std::vector<kpimap::Workbook>& sample_workbooks() {
    static const std::vector<kpimap::Workbook> books = [] {
        std::vector<kpimap::Workbook> out;
        for (const char* name : {"000_trajectory_grid.xlsx", "001_data_section.csv"}) {
            kpimap::LoadResult r =
                kpimap::load_workbook(std::string(KPIMAP_SAMPLES_DIR) + "/" + name);
            if (r) out.push_back(std::move(*r.workbook));
        }
        return out;
    }();
    return books;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A real folder, so that <include file="..."> resolves next to the mapping as it would.
    static const std::string dir = [] {
        const auto d = std::filesystem::temp_directory_path() /
                       ("kpimap-fuzz-mapping-" + std::to_string(getpid()));
        std::filesystem::create_directories(d);
        return d.string();
    }();
    const std::string path = dir + "/mapping.xml";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    const kpimap::MappingLoadResult loaded = kpimap::load_mapping(path);
    if (!loaded) return 0;
    for (const kpimap::Workbook& wb : sample_workbooks()) {
        const kpimap::ConversionResult result = kpimap::convert_workbook(wb, *loaded.mapping);
        (void)kpimap::model_to_json(result.model);
        (void)kpimap::diagnostics_to_json(result);
    }
    return 0;
}
