// Helpers for the api tests: the envelope parsed, a file's bytes, the repository's paths.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "kpimap/api.hpp"

namespace api_test {

using Json = nlohmann::ordered_json;

// The repository's file at `relative` (e.g. "samples/001_outcomes_report.xlsx"), whole.
inline std::string repo_file(const std::string& relative) {
    std::ifstream in(std::string(KPIMAP_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The bundled mappings of the repository, as the native build finds them.
inline kpimap::ApiContext repo_context() {
    kpimap::ApiContext context;
    context.mappings_dir = std::string(KPIMAP_SOURCE_DIR) + "/mappings";
    return context;
}

// The result of an {"ok": ...} envelope; fails the test (and gives null) on an error envelope.
inline Json ok(const std::string& envelope) {
    const Json j = Json::parse(envelope);
    EXPECT_TRUE(j.contains("ok")) << envelope;
    EXPECT_EQ(j.size(), 1u) << envelope;
    return j.contains("ok") ? j["ok"] : Json();
}

// The code of an {"error": {code, message}} envelope ("" when it is not one); checks that the
// message is one non-empty line.
inline std::string error_code(const std::string& envelope) {
    const Json j = Json::parse(envelope);
    if (!j.contains("error")) {
        ADD_FAILURE() << "expected an error envelope, got " << envelope;
        return "";
    }
    const Json& e = j["error"];
    EXPECT_TRUE(e["message"].is_string() && !e["message"].get<std::string>().empty()) << envelope;
    EXPECT_EQ(e["message"].get<std::string>().find('\n'), std::string::npos) << envelope;
    return e["code"].get<std::string>();
}

// The message of an error envelope.
inline std::string error_message(const std::string& envelope) {
    const Json j = Json::parse(envelope);
    return j.contains("error") ? j["error"]["message"].get<std::string>() : "";
}

}  // namespace api_test
