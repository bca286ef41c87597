// Fuzz target: the JSON facade the Excel add-in calls (kpimap/api.hpp), which must answer every
// input with an envelope and never throw or crash. The first byte picks the function:
//   % 10 = 0..5  period, wilson, status, rag, trend, spc; the rest of the input is the request
//   % 10 = 6..9  checkWorkbook, reportSheets, updatePlan, convert; the rest is the request, a NUL,
//                then the workbook's bytes (empty without a NUL)
// Every answer must be valid JSON (strict UTF-8), exactly {"ok": ...} or {"error": {code,
// message}}, with a code the function documents or bad_request. "internal" means a bug in kpimap
// (api.hpp), so it traps too. A period that parses must parse again from its own label to itself,
// and a converted model.json must read back.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include "kpimap/api.hpp"
#include "kpimap/model_reader.hpp"

namespace {

using Json = nlohmann::json;

[[noreturn]] void fail(const char* what, std::string_view envelope) {
    std::fprintf(stderr, "fuzz invariant broken: %s\nenvelope: %.*s\n", what,
                 static_cast<int>(envelope.size() > 4000 ? 4000 : envelope.size()),
                 envelope.data());
    std::fflush(stderr);
    __builtin_trap();
}

// What each function may refuse with besides bad_request (api.hpp, addin/src/core.js). The
// settings of reportSheets and updatePlan are judged as `kpimap status` judges its options.
struct Function {
    const char* name;
    std::initializer_list<const char*> codes;
};

constexpr const char* kWorkbook[] = {"unreadable", "no_mapping_fits", "bad_mapping"};

const Function kFunctions[] = {
    {"period", {"not_a_period"}},
    {"wilson", {"invalid_counts", "invalid_level"}},
    {"status",
     {"not_a_period", "unknown_polarity", "invalid_tolerance", "no_values", "length_mismatch"}},
    {"rag", {"unknown_directionality", "invalid_thresholds"}},
    {"trend", {"length_mismatch", "unknown_polarity", "invalid_interval"}},
    {"spc", {"not_finite"}},
    {"checkWorkbook", {}},
    {"reportSheets", {"not_a_period", "invalid_tolerance", "invalid_thresholds"}},
    {"updatePlan", {"not_a_period", "invalid_tolerance", "invalid_thresholds"}},
    {"convert", {}},
};

bool documented(std::size_t function, const std::string& code) {
    if (code == "bad_request") return true;
    for (const char* c : kFunctions[function].codes)
        if (code == c) return true;
    if (function >= 6)
        for (const char* c : kWorkbook)
            if (code == c) return true;
    return false;
}

// Checks the envelope and returns its "ok" result (null for an error envelope). With
// KPIMAP_FUZZ_PRINT set, prints it first (to see what the seeds reach).
Json checked(std::size_t function, const std::string& envelope) {
    static const bool print = std::getenv("KPIMAP_FUZZ_PRINT") != nullptr;
    if (print) std::printf("%s: %.300s\n", kFunctions[function].name, envelope.c_str());
    Json j = Json::parse(envelope, nullptr, false);
    if (j.is_discarded()) fail("the answer is not valid JSON", envelope);
    if (!j.is_object() || j.size() != 1) fail("the answer is not one-key object", envelope);
    if (j.contains("ok")) return std::move(j["ok"]);
    if (!j.contains("error")) fail("the answer has neither 'ok' nor 'error'", envelope);
    const Json& e = j["error"];
    if (!e.is_object() || e.size() != 2 || !e.contains("code") || !e.contains("message") ||
        !e["code"].is_string() || !e["message"].is_string())
        fail("the error is not {code, message} strings", envelope);
    const std::string code = e["code"].get<std::string>();
    if (e["message"].get<std::string>().empty()) fail("the error has no message", envelope);
    if (code == "internal") fail("an internal error: a bug in kpimap by api.hpp", envelope);
    if (!documented(function, code)) fail("an error code the function does not document", envelope);
    return nullptr;
}

const kpimap::ApiContext& context() {
    static const kpimap::ApiContext c = [] {
        kpimap::ApiContext out;
        out.mappings_dir = KPIMAP_MAPPINGS_DIR;
        return out;
    }();
    return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t function = data[0] % 10;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string envelope;
    switch (function) {
        case 0: {
            envelope = kpimap::api_period(rest);
            const Json ok = checked(function, envelope);
            // A label is a period's canonical text: it must read back as the same period, within
            // the years text reads (1900-2099; a number is a year up to 2100 and a date serial up
            // to 9999-12-31, period.hpp, whose labels no text reads back).
            if (ok.is_object() && ok["start"].get<std::string>() >= "1900-01-01" &&
                ok["end"].get<std::string>() <= "2099-12-31") {
                const std::string again = kpimap::api_period(Json{{"text", ok["label"]}}.dump());
                const Json second = checked(function, again);
                if (second != ok) fail("a period's label does not read back as it", again);
            }
            return 0;
        }
        case 1:
            envelope = kpimap::api_wilson(rest);
            break;
        case 2:
            envelope = kpimap::api_status(rest);
            break;
        case 3:
            envelope = kpimap::api_rag(rest);
            break;
        case 4:
            envelope = kpimap::api_trend(rest);
            break;
        case 5:
            envelope = kpimap::api_spc(rest);
            break;
        default: {
            const std::size_t nul = rest.find('\0');
            const std::string_view request = rest.substr(0, nul);
            const std::string_view bytes =
                nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
            if (function == 6) {
                envelope = kpimap::api_check_workbook(context(), bytes, request);
            } else if (function == 7) {
                envelope = kpimap::api_report_sheets(context(), bytes, request);
            } else if (function == 8) {
                envelope = kpimap::api_update_plan(context(), bytes, request);
            } else {
                envelope = kpimap::api_convert(context(), bytes, request);
                const Json ok = checked(function, envelope);
                if (ok.is_object()) {
                    const auto model =
                        kpimap::model_from_json(ok["model_json"].get<std::string>(), "model.json");
                    if (!model) fail("the converted model.json does not read back", envelope);
                }
                return 0;
            }
            break;
        }
    }
    (void)checked(function, envelope);
    return 0;
}
