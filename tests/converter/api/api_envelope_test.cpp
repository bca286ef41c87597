// The api's envelope (src/api/api_envelope.cpp): whatever the request, an answer is one JSON
// object, {"ok": ...} or {"error": {code, message}}, and nothing is thrown.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "api/api_envelope.hpp"
#include "api_test_support.hpp"
#include "kpimap/api.hpp"

using namespace kpimap;
using api_test::error_code;
using api_test::error_message;
using api_test::Json;

TEST(ApiEnvelope, RequestsThatAreNotJsonObjectsAreBadRequests) {
    for (const char* request : {"", "not json", "{", "[1, 2]", "3", "null", "\"text\""}) {
        EXPECT_EQ(error_code(api_period(request)), "bad_request") << request;
        EXPECT_EQ(error_code(api_spc(request)), "bad_request") << request;
    }
    EXPECT_NE(error_message(api_wilson("nope")).find("wilson"), std::string::npos);
}

TEST(ApiEnvelope, RequestsNestedTooDeepAreBadRequestsNotACrash) {
    // From about 80,000 levels the stack overflowed when the message quoted the field (a
    // hand-written input to fuzz_api, fuzz/regressions/api/api-request-nested-100000-deep).
    const std::size_t depth = 200000;
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    const std::string answer = api_period(R"({"text": )" + deep + "}");
    EXPECT_EQ(error_code(answer), "bad_request");
    EXPECT_NE(error_message(answer).find("nested more than 64 levels"), std::string::npos)
        << answer;
    EXPECT_EQ(error_code(api_status(R"({"periods": )" + deep + "}")), "bad_request");
    // Nesting within the limit is judged field by field as before.
    const std::string shallow = api_period(R"({"text": [[[[1]]]]})");
    EXPECT_EQ(error_code(shallow), "bad_request");
    EXPECT_NE(error_message(shallow).find("[[[[1]]]]"), std::string::npos) << shallow;
}

TEST(ApiEnvelope, AWrongFieldIsNamedInTheMessage) {
    const std::string answer = api_wilson(R"({"numerator": [1], "denominator": 5})");
    EXPECT_EQ(error_code(answer), "bad_request");
    EXPECT_NE(error_message(answer).find("'numerator'"), std::string::npos) << answer;
}

TEST(ApiEnvelope, AFailureInsideKpimapIsInternalWithWhatWentWrong) {
    const std::string answer = api::guarded(
        "test", "{}", [](const api::Json&) -> api::Json { throw std::runtime_error("a bug"); });
    EXPECT_EQ(error_code(answer), "internal");
    EXPECT_NE(error_message(answer).find("a bug"), std::string::npos) << answer;
    const std::string refused = api::guarded("test", "{}", [](const api::Json&) -> api::Json {
        throw api::Refusal("not_a_period", "nope");
    });
    EXPECT_EQ(Json::parse(refused), Json::parse(R"({"error": {"code": "not_a_period",
                                                               "message": "nope"}})"));
}

TEST(ApiEnvelope, InvalidUtf8InARequestIsRefusedAndNeverEchoedBroken) {
    // Bytes that are not UTF-8 inside a JSON string: not JSON.
    EXPECT_EQ(error_code(api_period("{\"text\": \"\xff\"}")), "bad_request");
}

TEST(ApiEnvelope, NumbersThatJsonCannotHoldAreNull) {
    EXPECT_TRUE(api::number_or_null(std::numeric_limits<double>::infinity()).is_null());
    EXPECT_TRUE(api::number_or_null(std::numeric_limits<double>::quiet_NaN()).is_null());
    EXPECT_EQ(api::number_or_null(1.5), 1.5);
}

TEST(ApiEnvelope, PolarityIsOneOfTheModelsNames) {
    EXPECT_EQ(api::polarity_from(" Lower_Is_Better "), Polarity::lower_is_better);
    EXPECT_EQ(api::polarity_from("no_judgement"), Polarity::no_judgement);
    EXPECT_THROW(api::polarity_from("unknown"), api::Refusal);
    EXPECT_THROW(api::polarity_from("higher is better"), api::Refusal);
}
