// The kpimap core as the WebAssembly module the Excel add-in loads (addin/src/core.js,
// loadWasmCore): embind exports named as core.js's CORE_FUNCTIONS. Until the api layer lands this
// binds a probe only, proving the core links and runs under wasm.
#include <emscripten/bind.h>

#include <string>

#include "kpimap/period.hpp"

namespace {

// The version of the core this module was built from.
std::string core_version() {
    return KPIMAP_VERSION;
}

// The label of a period's text ("13/14" -> "2013/14"), or "" when it is not a period.
std::string probe_period(const std::string& text) {
    const auto period = kpimap::parse_period(text);
    return period ? period->label() : std::string();
}

}  // namespace

EMSCRIPTEN_BINDINGS(kpimap_core) {
    emscripten::function("coreVersion", &core_version);
    emscripten::function("probePeriod", &probe_period);
}
