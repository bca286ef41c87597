// The bundled samples and their mappings, loaded for tests. A sample or mapping that cannot be
// loaded throws, which GoogleTest reports as a failure of the test (not a crash of the binary).
#pragma once

#include <stdexcept>
#include <string>

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

}  // namespace kpimap::test_support
