// Fuzz target: reading a model.json (the input of `kpimap status`, `report`, `update`,
// `return`). A model that reads must write back to JSON, and that JSON must read again.
#include <cstdio>

#include "fuzz_support.hpp"
#include "kpimap/model_io.hpp"
#include "kpimap/model_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const kpimap::ModelReadResult first = kpimap::model_from_json(text, "fuzz.json");
    if (!first) {
        if (first.error.ok() || first.error.detail.empty()) __builtin_trap();
        return 0;
    }
    const std::string written = kpimap::model_to_json(*first.model);
    const kpimap::ModelReadResult second = kpimap::model_from_json(written, "rewritten.json");
    if (!second) {
        std::fprintf(stderr, "a model that was read does not read back after writing: %s\n",
                     second.error.text().c_str());
        __builtin_trap();
    }
    return 0;
}
