// The model JSON and the tidy observations CSV with breakdowns (issue 11): a value broken down
// by sex and age keeps its pairs through model.json, and the CSV gets one column per dimension;
// a model without breakdowns writes exactly what it did before.
#include <gtest/gtest.h>

#include "kpimap/indicator_status.hpp"
#include "kpimap/model_io.hpp"
#include "kpimap/model_reader.hpp"

using namespace kpimap;

namespace {

Model by_sex_and_age() {
    Model m;
    Indicator i;
    i.id = "ascs";
    i.title = "Eligible population";
    m.indicators.push_back(i);
    auto add = [&](double v, Breakdown b) {
        Observation o;
        o.indicator_id = "ascs";
        o.period_text = "2021/22";
        o.period = *parse_period("2021/22");
        o.value = v;
        o.breakdown = std::move(b);
        m.observations.push_back(o);
    };
    add(300, {});
    add(120, {{"sex", "Male"}, {"age", "18-64"}});
    add(95, {{"sex", "Female"}, {"age", "65+"}});
    add(85, {{"setting", "Residential Care"}});
    return m;
}

}  // namespace

TEST(ModelIoBreakdowns, JsonRoundTripKeepsThePairs) {
    const Model m = by_sex_and_age();
    const std::string json = model_to_json(m);
    EXPECT_NE(json.find("   \"breakdown\": [\n    {\n     \"dimension\": \"sex\",\n"
                        "     \"category\": \"Male\""),
              std::string::npos)
        << json.substr(0, 1200);
    const ModelReadResult back = model_from_json(json, "m.json");
    ASSERT_TRUE(back) << back.error.text();
    ASSERT_EQ(back.model->observations.size(), 4u);
    EXPECT_TRUE(back.model->observations[0].breakdown.empty());
    EXPECT_EQ(back.model->observations[1].breakdown,
              (Breakdown{{"sex", "Male"}, {"age", "18-64"}}));
    EXPECT_EQ(back.model->observations[3].breakdown, (Breakdown{{"setting", "Residential Care"}}));
    EXPECT_EQ(model_to_json(*back.model), json);
}

TEST(ModelIoBreakdowns, WholePopulationValuesWriteNoBreakdownKey) {
    Model m = by_sex_and_age();
    m.observations.resize(1);
    EXPECT_EQ(model_to_json(m).find("breakdown"), std::string::npos);
    EXPECT_EQ(
        observations_to_csv(m).rfind(
            "indicator_id,indicator,period,period_type,period_start,period_end,series,value,", 0),
        0u);
}

TEST(ModelIoBreakdowns, CsvHasOneColumnPerDimension) {
    const std::string csv = observations_to_csv(by_sex_and_age());
    EXPECT_EQ(csv.rfind("indicator_id,indicator,period,period_type,period_start,period_end,series,"
                        "sex,age,setting,value,",
                        0),
              0u)
        << csv.substr(0, 200);
    EXPECT_NE(csv.find(",2021-04-01,2022-03-31,,,,,300,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",2021-04-01,2022-03-31,,Male,18-64,,120,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",2021-04-01,2022-03-31,,Female,65+,,95,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",2021-04-01,2022-03-31,,,,Residential Care,85,"), std::string::npos) << csv;
}

TEST(ModelIoBreakdowns, StatusesPerBreakdownAfterTheWholePopulation) {
    Model m = by_sex_and_age();
    Observation earlier = m.observations[1];  // Male 18-64 a year before: 100 → 120
    earlier.period_text = "2020/21";
    earlier.period = *parse_period("2020/21");
    earlier.value = 100;
    m.observations.push_back(earlier);
    m.indicators[0].polarity = Polarity::higher_is_better;
    const StatusResult r = compute_statuses(m);
    ASSERT_EQ(r.indicators.size(), 4u);
    EXPECT_TRUE(r.indicators[0].breakdown.empty());
    EXPECT_EQ(r.indicators[0].latest->value, 300);  // the total, not a category
    EXPECT_EQ(r.indicators[0].travel, stats::Travel::no_comparator);
    EXPECT_EQ(r.indicators[1].breakdown, (Breakdown{{"sex", "Male"}, {"age", "18-64"}}));
    EXPECT_EQ(r.indicators[1].travel, stats::Travel::improved);
    EXPECT_EQ(r.indicators[1].travel_explanation.rfind("120 in 2021/22 vs 100 in 2020/21", 0), 0u);
    EXPECT_TRUE(r.indicators[1].notes.empty());  // categories are not "sources that disagree"
    const std::string csv = statuses_to_csv(r);
    EXPECT_NE(csv.find(",breakdown\n"), std::string::npos);
    EXPECT_NE(csv.find(",sex=Male; age=18-64\n"), std::string::npos);
    EXPECT_NE(statuses_to_text(r).find("  Eligible population (sex=Male; age=18-64)\n"),
              std::string::npos);
    EXPECT_NE(statuses_to_json(r).find(
                  "\"breakdown\": [{\"dimension\": \"sex\", \"category\": \"Male\"}, "
                  "{\"dimension\": \"age\", \"category\": \"18-64\"}]}"),
              std::string::npos);
}

// Facts (issue 11): named values keep their text, number and cell through model.json, and the
// facts CSV has one row each; a model without facts writes no "facts" key at all.
TEST(ModelIoFacts, JsonRoundTripAndCsv) {
    Model m = by_sex_and_age();
    m.facts.push_back({"council",
                       "Kirklees",
                       std::nullopt,
                       "ascs@return",
                       {"return.xlsx", "Sign Off Sheet", "E3"}});
    m.facts.push_back(
        {"council-code", "211", 211.0, "ascs@return", {"return.xlsx", "Sign Off Sheet", "E2"}});
    m.facts.push_back({"rate", "0.1", 0.1, "", {"a, \"b\".xlsx", "S", "B2"}});
    const std::string json = model_to_json(m);
    EXPECT_NE(
        json.find(" \"facts\": [\n  {\n   \"name\": \"council\",\n   \"text\": "
                  "\"Kirklees\",\n   \"framework\": \"ascs@return\",\n   \"file\": "
                  "\"return.xlsx\",\n   \"sheet\": \"Sign Off Sheet\",\n   \"cell\": \"E3\"\n"),
        std::string::npos)
        << json.substr(json.find("\"facts\""));
    EXPECT_NE(json.find("\"text\": \"211\",\n   \"number\": 211.0,"), std::string::npos);
    const ModelReadResult back = model_from_json(json, "m.json");
    ASSERT_TRUE(back) << back.error.text();
    ASSERT_EQ(back.model->facts.size(), 3u);
    EXPECT_EQ(back.model->facts[0].name, "council");
    EXPECT_FALSE(back.model->facts[0].number);
    EXPECT_EQ(back.model->facts[1].number, 211);
    EXPECT_EQ(back.model->facts[2].number, 0.1);
    EXPECT_EQ(back.model->facts[2].where.file, "a, \"b\".xlsx");
    EXPECT_EQ(back.model->facts[1].where.cell, "E2");
    EXPECT_EQ(model_to_json(*back.model), json);
    EXPECT_EQ(facts_to_csv(m),
              "name,text,number,framework,file,sheet,cell\n"
              "council,Kirklees,,ascs@return,return.xlsx,Sign Off Sheet,E3\n"
              "council-code,211,211,ascs@return,return.xlsx,Sign Off Sheet,E2\n"
              "rate,0.1,0.1,,\"a, \"\"b\"\".xlsx\",S,B2\n");

    m.facts.clear();
    EXPECT_EQ(model_to_json(m).find("facts"), std::string::npos);
    EXPECT_FALSE(model_from_json(R"({"indicators": [], "facts": [3]})")) << "not an object";
}

TEST(ModelIoReader, AFieldNestedDeepIsRefusedWithoutWritingItBack) {
    // The message once wrote the value back with a recursive dump(), which overflowed the stack
    // from about 100,000 levels (a hand-written input to fuzz_model_json,
    // fuzz/regressions/model_json/model-json-field-nested-100000-deep).
    const std::size_t depth = 200000;
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    const ModelReadResult text = model_from_json(R"({"indicators": [{"id": )" + deep + "}]}");
    ASSERT_FALSE(text);
    EXPECT_NE(text.error.detail.find("'id' should be text, found an array (1 items)"),
              std::string::npos)
        << text.error.detail;
    const ModelReadResult number =
        model_from_json(R"({"indicators": [], "observations": [{"value": {"a": )" + deep + "}}]}");
    ASSERT_FALSE(number);
    EXPECT_NE(number.error.detail.find("found an object (1 fields)"), std::string::npos)
        << number.error.detail;
    // Scalars are still written as they are.
    const ModelReadResult scalar = model_from_json(R"({"indicators": [{"id": 12}]})");
    ASSERT_FALSE(scalar);
    EXPECT_NE(scalar.error.detail.find("'id' should be text, found 12"), std::string::npos)
        << scalar.error.detail;
}
