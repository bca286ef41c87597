// The kpimap core as the WebAssembly module the Excel add-in loads (addin/src/core.js,
// loadWasmCore): one embind function per name in core.js's CORE_FUNCTIONS, plus convert (the
// parity test's, tests/wasm/parity.mjs), each the api layer's function of the same name (JSON
// text in, a {"ok"}/{"error"} envelope out, never throwing). The workbook functions take the
// workbook's bytes first: embind passes a Uint8Array as the std::string.
#include <emscripten/bind.h>

#include <string>

#include "kpimap/api.hpp"

namespace {

// The bundled mappings are embedded at /mappings (converter/wasm/CMakeLists.txt) and named from
// the module's working folder "/", so a model records its mapping as "mappings/<file>.xml", as
// `kpimap convert` run from the repository does: wasm.parity compares model.json byte for byte.
const kpimap::ApiContext& context() {
    static const kpimap::ApiContext bundled{"mappings"};
    return bundled;
}

std::string period(const std::string& request) {
    return kpimap::api_period(request);
}
std::string wilson(const std::string& request) {
    return kpimap::api_wilson(request);
}
std::string status(const std::string& request) {
    return kpimap::api_status(request);
}
std::string rag(const std::string& request) {
    return kpimap::api_rag(request);
}
std::string trend(const std::string& request) {
    return kpimap::api_trend(request);
}
std::string spc(const std::string& request) {
    return kpimap::api_spc(request);
}

std::string check_workbook(const std::string& bytes, const std::string& request) {
    return kpimap::api_check_workbook(context(), bytes, request);
}
std::string report_sheets(const std::string& bytes, const std::string& request) {
    return kpimap::api_report_sheets(context(), bytes, request);
}
std::string update_plan(const std::string& bytes, const std::string& request) {
    return kpimap::api_update_plan(context(), bytes, request);
}
std::string convert(const std::string& bytes, const std::string& request) {
    return kpimap::api_convert(context(), bytes, request);
}

}  // namespace

EMSCRIPTEN_BINDINGS(kpimap_core) {
    emscripten::function("period", &period);
    emscripten::function("wilson", &wilson);
    emscripten::function("status", &status);
    emscripten::function("rag", &rag);
    emscripten::function("trend", &trend);
    emscripten::function("spc", &spc);
    emscripten::function("checkWorkbook", &check_workbook);
    emscripten::function("reportSheets", &report_sheets);
    emscripten::function("updatePlan", &update_plan);
    emscripten::function("convert", &convert);
}
