// The api's functions on numbers and periods (src/api/api_statistics.cpp): each answers the
// core's result in core.js's shape, and refuses bad input with the code core.js lists.
#include <gtest/gtest.h>

#include <string>

#include "api_test_support.hpp"
#include "kpimap/api.hpp"

using namespace kpimap;
using api_test::error_code;
using api_test::error_message;
using api_test::Json;
using api_test::ok;

// ---- period ---------------------------------------------------------------------------------

TEST(ApiStatistics, PeriodReadsTextAsTheCoreDoes) {
    const Json p = ok(api_period(R"({"text": "13/14"})"));
    EXPECT_EQ(p, Json::parse(R"({"label": "2013/14", "kind": "financial_year",
                                "start": "2013-04-01", "end": "2014-03-31", "years": 1})"));
    EXPECT_EQ(ok(api_period(R"({"text": "Q1 2016/17"})"))["label"], "2016/17 Q1");
    EXPECT_EQ(ok(api_period(R"({"text": "Apr 2016"})"))["label"], "2016-04");
}

TEST(ApiStatistics, PeriodReadsAWholeNumberAsAYearAndOtherNumbersAsDates) {
    EXPECT_EQ(ok(api_period(R"({"text": 2015})"))["label"], "2015");
    EXPECT_EQ(ok(api_period(R"({"text": 2015})"))["kind"], "calendar_year");
    // An Excel date cell arrives as its serial: 42735 is 31 December 2016.
    const Json d = ok(api_period(R"({"text": 42735})"));
    EXPECT_EQ(d["label"], "2016-12-31");
    EXPECT_EQ(d["kind"], "date");
    EXPECT_EQ(d["years"], 0);
    EXPECT_EQ(ok(api_period(R"({"text": 42735.75})"))["label"], "2016-12-31");
}

TEST(ApiStatistics, PeriodRefusesWhatIsNotOne) {
    EXPECT_EQ(error_code(api_period(R"({"text": "Year 1"})")), "not_a_period");
    EXPECT_NE(error_message(api_period(R"({"text": "Year 1"})")).find("'Year 1'"),
              std::string::npos);
    EXPECT_EQ(error_code(api_period(R"({"text": 0})")), "not_a_period");
    EXPECT_EQ(error_code(api_period(R"({"text": -3})")), "not_a_period");
    EXPECT_EQ(error_code(api_period(R"({"text": true})")), "bad_request");
    EXPECT_EQ(error_code(api_period(R"({})")), "bad_request");
}

// ---- wilson ---------------------------------------------------------------------------------

// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
// methods. Stat Med 1998;17:857-872, Table I (Wilson score method without continuity
// correction): 81/263 -> 0.2553-0.3662, 15/148 -> 0.0624-0.1605, 0/20 -> 0-0.1611. (core.js's
// example 0.0877-0.2219 is illustrative: no count up to 400 gives it.)
TEST(ApiStatistics, WilsonGivesNewcombesPublishedIntervals) {
    const Json a = ok(api_wilson(R"({"numerator": 81, "denominator": 263, "level": 0.95})"));
    EXPECT_NEAR(a["lower"].get<double>(), 0.2553, 5e-5);
    EXPECT_NEAR(a["upper"].get<double>(), 0.3662, 5e-5);
    // No level: 95%.
    const Json b = ok(api_wilson(R"({"numerator": 15, "denominator": 148, "level": null})"));
    EXPECT_NEAR(b["lower"].get<double>(), 0.0624, 5e-5);
    EXPECT_NEAR(b["upper"].get<double>(), 0.1605, 5e-5);
    const Json c = ok(api_wilson(R"({"numerator": 0, "denominator": 20})"));
    EXPECT_EQ(c["lower"].get<double>(), 0.0);
    EXPECT_NEAR(c["upper"].get<double>(), 0.1611, 5e-5);
    // A higher level gives a wider interval.
    const Json w = ok(api_wilson(R"({"numerator": 81, "denominator": 263, "level": 0.998})"));
    EXPECT_LT(w["lower"].get<double>(), a["lower"].get<double>());
    EXPECT_GT(w["upper"].get<double>(), a["upper"].get<double>());
}

TEST(ApiStatistics, WilsonRefusesCountsAndLevelsThatMakeNoSense) {
    EXPECT_EQ(error_code(api_wilson(R"({"numerator": 5, "denominator": 0})")), "invalid_counts");
    EXPECT_EQ(error_code(api_wilson(R"({"numerator": 10, "denominator": 5})")), "invalid_counts");
    EXPECT_EQ(error_code(api_wilson(R"({"numerator": -1, "denominator": 5})")), "invalid_counts");
    EXPECT_EQ(error_code(api_wilson(R"({"numerator": 1, "denominator": 5, "level": 95})")),
              "invalid_level");
    EXPECT_EQ(error_code(api_wilson(R"({"numerator": 1, "denominator": 5, "level": 0})")),
              "invalid_level");
    EXPECT_EQ(error_code(api_wilson(R"({"numerator": "1", "denominator": 5})")), "bad_request");
}

// ---- status ---------------------------------------------------------------------------------

TEST(ApiStatistics, StatusJudgesTheLatestValueAgainstThePreviousComparablePeriod) {
    const Json s = ok(api_status(R"({"values": [4.8, 5.1], "periods": ["2014", "2015"],
                                    "polarity": "lower_is_better", "tolerance": null})"));
    EXPECT_EQ(s["travel"], "worsened");
    EXPECT_EQ(s["latest"], Json::parse(R"({"period": "2015", "value": 5.1})"));
    EXPECT_EQ(s["previous"], Json::parse(R"({"period": "2014", "value": 4.8})"));
    EXPECT_NE(s["explanation"].get<std::string>().find("worsened"), std::string::npos)
        << s["explanation"];
    // Out of order, with a blank for the latest period and an earlier financial year, which is
    // not comparable with a calendar year; a year may be given as a number.
    const Json t = ok(api_status(R"({"values": [5.1, 9, 4.8, null],
                                    "periods": ["2015", "2014/15", 2014, "2016"],
                                    "polarity": "Higher_is_better"})"));
    EXPECT_EQ(t["travel"], "improved");
    EXPECT_EQ(t["latest"]["period"], "2015");
    EXPECT_EQ(t["previous"]["period"], "2014");
}

TEST(ApiStatistics, StatusUsesTheToleranceForLittleOrNoChange) {
    const char* values = R"("values": [100, 101], "periods": ["2014", "2015"])";
    EXPECT_EQ(ok(api_status(std::string("{") + values +
                            R"(, "polarity": "higher_is_better"})"))["travel"],
              "little_or_no_change");  // 1% within the default 2%
    EXPECT_EQ(ok(api_status(std::string("{") + values +
                            R"(, "polarity": "higher_is_better", "tolerance": 0.005})"))["travel"],
              "improved");
    EXPECT_EQ(ok(api_status(std::string("{") + values + R"(, "polarity": "no_judgement",
                                                         "tolerance": 0})"))["travel"],
              "increased");
}

TEST(ApiStatistics, StatusWithoutAComparablePeriodHasNoComparator) {
    const Json s = ok(api_status(R"({"values": [3, 4], "periods": ["2014/15", "2016"],
                                    "polarity": "higher_is_better"})"));
    EXPECT_EQ(s["travel"], "no_comparator");
    EXPECT_EQ(s["latest"]["period"], "2016");
    EXPECT_TRUE(s["previous"].is_null());
}

TEST(ApiStatistics, StatusRefusesWhatItCannotJudge) {
    EXPECT_EQ(error_code(api_status(R"({"values": [1], "periods": ["2014", "2015"],
                                       "polarity": "higher_is_better"})")),
              "length_mismatch");
    EXPECT_EQ(error_code(api_status(R"({"values": [1], "periods": ["2014"],
                                       "polarity": "up"})")),
              "unknown_polarity");
    EXPECT_EQ(error_code(api_status(R"({"values": [1], "periods": ["2014"],
                                       "polarity": "higher_is_better", "tolerance": 1.5})")),
              "invalid_tolerance");
    EXPECT_EQ(error_code(api_status(R"({"values": [1], "periods": ["2014"],
                                       "polarity": "higher_is_better", "tolerance": -0.1})")),
              "invalid_tolerance");
    EXPECT_EQ(error_code(api_status(R"({"values": [null, null], "periods": ["2014", "2015"],
                                       "polarity": "higher_is_better"})")),
              "no_values");
    const std::string bad_period = api_status(
        R"({"values": [1, 2], "periods": ["2014", "Year 1"], "polarity": "higher_is_better"})");
    EXPECT_EQ(error_code(bad_period), "not_a_period");
    EXPECT_NE(error_message(bad_period).find("periods item 2"), std::string::npos);
    EXPECT_EQ(error_code(api_status(R"({"values": ["1"], "periods": ["2014"],
                                       "polarity": "higher_is_better"})")),
              "bad_request");
}

// ---- rag ------------------------------------------------------------------------------------

TEST(ApiStatistics, RagIsNhsEnglandsRuleAgainstThePlan) {
    const Json g = ok(api_rag(
        R"({"actual": 102, "plan": 100, "directionality": "over", "amber": null, "red": null})"));
    EXPECT_EQ(g["rag"], "green");
    EXPECT_EQ(g["letter"], "G");
    EXPECT_DOUBLE_EQ(g["variance"].get<double>(), 2.0);
    EXPECT_DOUBLE_EQ(g["percent_variance"].get<double>(), 2.0);
    EXPECT_FALSE(g["explanation"].get<std::string>().empty());
    // Any adverse variance is amber up to red x plan (inclusive), red beyond.
    EXPECT_EQ(ok(api_rag(R"({"actual": 95, "plan": 100, "directionality": "over"})"))["letter"],
              "A");
    EXPECT_EQ(ok(api_rag(R"({"actual": 94, "plan": 100, "directionality": "over"})"))["letter"],
              "R");
    EXPECT_EQ(ok(api_rag(R"({"actual": 94, "plan": 100, "directionality": "over",
                            "red": 0.1})"))["letter"],
              "A");
    EXPECT_EQ(ok(api_rag(R"({"actual": 90, "plan": 100, "directionality": "under"})"))["letter"],
              "G");
}

TEST(ApiStatistics, RagWithoutAnActualIsNotAssessedNotAnError) {
    const Json r = ok(api_rag(R"({"actual": null, "plan": 100, "directionality": "on"})"));
    EXPECT_EQ(r["rag"], "not_assessed");
    EXPECT_EQ(r["letter"], "NA");
    EXPECT_TRUE(r["variance"].is_null());
    EXPECT_TRUE(r["percent_variance"].is_null());
}

TEST(ApiStatistics, RagRefusesUnknownDirectionsAndThresholds) {
    EXPECT_EQ(error_code(api_rag(R"({"actual": 1, "plan": 1, "directionality": "sideways"})")),
              "unknown_directionality");
    EXPECT_EQ(error_code(api_rag(R"({"actual": 1, "plan": 1, "directionality": "over",
                                    "amber": 0.1, "red": 0.05})")),
              "invalid_thresholds");
    EXPECT_EQ(error_code(api_rag(R"({"actual": 1, "plan": 1, "directionality": "over",
                                    "red": -1})")),
              "invalid_thresholds");
    EXPECT_EQ(error_code(api_rag(R"({"actual": 1, "plan": 1})")), "bad_request");
}

// ---- trend ----------------------------------------------------------------------------------

// Fingertips' reference data set 1 (TrendMarkerCalculatorTest.cs in
// ukhsa-collaboration/fingertips-open at 678089724a516138232d273c4c7f511ed3c5a338; see
// tests/converter/status/trend_reference_test.cpp): increasing, chi-square 46.77.
TEST(ApiStatistics, TrendOfFingertipsReferenceSeries) {
    const Json t = ok(api_trend(R"({"values": [24.67, 24.6, 28, 30.2, 30.6],
                                   "lower_ci": [23.16, 23.15, 26.44, 28.63, 28.98],
                                   "upper_ci": [26.25, 26.19, 29.64, 31.9, 32.25],
                                   "polarity": "higher_is_better"})"));
    EXPECT_EQ(t["trend"], "increasing");
    EXPECT_EQ(t["label"], "Increasing and getting better");
    EXPECT_NE(t["explanation"].get<std::string>().find("46.77"), std::string::npos)
        << t["explanation"];
    // Data set 2: no significant change.
    const Json n = ok(api_trend(R"({"values": [20.5506, 19.5952, 19.0349, 21.3966, 18.4372],
                                   "lower_ci": [18.1803, 17.3444, 16.8421, 19.0918, 16.2925],
                                   "upper_ci": [23.1427, 22.0602, 21.4394, 23.8975, 20.7941],
                                   "polarity": "lower_is_better"})"));
    EXPECT_EQ(n["trend"], "no_significant_change");
}

TEST(ApiStatistics, TrendOfTooFewValuesCannotBeCalculated) {
    const Json t = ok(api_trend(R"({"values": [1, 2], "lower_ci": [0, 1], "upper_ci": [2, 3],
                                   "polarity": "no_judgement"})"));
    EXPECT_EQ(t["trend"], "not_enough_data");
    EXPECT_NE(t["explanation"].get<std::string>().find("at least 5"), std::string::npos);
}

TEST(ApiStatistics, TrendRefusesMismatchedListsAndIntervals) {
    EXPECT_EQ(error_code(api_trend(R"({"values": [1, 2], "lower_ci": [0], "upper_ci": [2, 3],
                                      "polarity": "no_judgement"})")),
              "length_mismatch");
    EXPECT_EQ(error_code(api_trend(R"({"values": [1], "lower_ci": [2], "upper_ci": [0],
                                      "polarity": "no_judgement"})")),
              "invalid_interval");
    EXPECT_EQ(error_code(api_trend(R"({"values": [1], "lower_ci": [1], "upper_ci": [1],
                                      "polarity": "no_judgement"})")),
              "invalid_interval");
    EXPECT_EQ(error_code(api_trend(R"({"values": [1], "lower_ci": [0], "upper_ci": [2],
                                      "polarity": "sideways"})")),
              "unknown_polarity");
}

// ---- spc ------------------------------------------------------------------------------------

TEST(ApiStatistics, SpcChartsTwelveOrMoreValues) {
    Json values = Json::array();
    for (int i = 0; i < 15; ++i) values.push_back(50 + (i % 3));
    const Json c = ok(api_spc(Json{{"values", values}}.dump()));
    EXPECT_EQ(c["computed"], true);
    EXPECT_EQ(c["variation"], "common_cause");
    EXPECT_EQ(c["assurance"], "not_assessed");
    ASSERT_EQ(c["points"].size(), 15u);
    const Json& p = c["points"][0];
    EXPECT_EQ(p["value"], 50);
    EXPECT_NEAR(p["mean"].get<double>(), 51.0, 1e-9);
    EXPECT_LT(p["lpl"].get<double>(), 51.0);
    EXPECT_GT(p["upl"].get<double>(), 51.0);
    EXPECT_EQ(p["type"], "common_cause");
    // A latest value far above the limits: special cause, neutral (no improvement direction).
    values.push_back(500);
    const Json s = ok(api_spc(Json{{"values", values}}.dump()));
    EXPECT_EQ(s["variation"], "special_cause_neutral_high");
    EXPECT_EQ(s["points"].back()["type"], "special_cause_neutral_high");
}

TEST(ApiStatistics, SpcOfTooFewValuesIsAResultNotAnError) {
    const Json c = ok(api_spc(R"({"values": [1, 2]})"));
    EXPECT_EQ(c["computed"], false);
    EXPECT_TRUE(c["points"].empty());
    EXPECT_NE(c["explanation"].get<std::string>().find("12"), std::string::npos);
}

TEST(ApiStatistics, SpcRefusesValuesThatAreNotNumbers) {
    // JSON holds no NaN or infinity, and the parser refuses a number too large for a double, so
    // not_finite (core.js) cannot come from a JSON request: 1e999 is not JSON to it.
    EXPECT_EQ(error_code(api_spc(R"({"values": [1, 1e999]})")), "bad_request");
    EXPECT_EQ(error_code(api_spc(R"({"values": [1, null]})")), "bad_request");
    EXPECT_EQ(error_code(api_spc(R"({"values": 3})")), "bad_request");
}
