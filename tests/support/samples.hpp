// The bundled samples and their mappings, loaded for tests. A sample or mapping that cannot be
// loaded throws, which GoogleTest reports as a failure of the test (not a crash of the binary).
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kpimap/convert.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/reader.hpp"

namespace kpimap::test_support {

struct LoadedSample {
    Workbook workbook;
    Mapping mapping;
};

// Reads samples/<sample> and mappings/<mapping_file> from the source tree.
inline LoadedSample load_sample(const std::string& sample, const std::string& mapping_file) {
    const std::string root = KPIMAP_SOURCE_DIR;
    LoadResult loaded = load_workbook(root + "/samples/" + sample);
    if (!loaded) throw std::runtime_error("cannot read the sample: " + loaded.status.message());
    MappingLoadResult mapping = load_mapping(root + "/mappings/" + mapping_file);
    if (!mapping) {
        std::string errors;
        for (const auto& e : mapping.errors) errors += "\n" + e.text();
        throw std::runtime_error("cannot load the mapping:" + errors);
    }
    return {std::move(*loaded.workbook), std::move(*mapping.mapping)};
}

// A sample converted through its mapping, with the workbook kept for cell counts.
struct Converted {
    Workbook workbook;
    ConversionResult result;
};

// Converts samples/<sample> through mappings/<mapping_file>.
inline Converted convert_sample(const std::string& sample, const std::string& mapping_file) {
    auto [workbook, mapping] = load_sample(sample, mapping_file);
    Converted c{std::move(workbook), {}};
    c.result = convert_workbook(c.workbook, mapping);
    return c;
}

// The diagnostics of a conversion with this code.
inline std::vector<const ConvertDiagnostic*> diagnostics(const ConversionResult& r,
                                                         std::string_view code) {
    std::vector<const ConvertDiagnostic*> out;
    for (const auto& d : r.diagnostics)
        if (d.code == code) out.push_back(&d);
    return out;
}

// True when a diagnostic with this code points at this cell.
inline bool has_diagnostic(const ConversionResult& r, std::string_view code,
                           std::string_view cell) {
    const auto list = diagnostics(r, code);
    return std::any_of(list.begin(), list.end(),
                       [&](const ConvertDiagnostic* d) { return d->where.cell == cell; });
}

}  // namespace kpimap::test_support
