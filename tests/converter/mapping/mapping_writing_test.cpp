// The mapping language's writing constructs: <records> (long tables) and <status> targets of a
// <period-table>, loaded from the bundled mappings and refused, with their line, when broken.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kpimap/mapping.hpp"
#include "support/temp_path.hpp"

using namespace kpimap;

namespace {

MappingLoadResult load_from(const std::string& xml) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("mapping_writing_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    std::filesystem::remove(path);
    return r;
}

// "LINE: message" of every error, for exact comparison.
std::vector<std::string> errors(const MappingLoadResult& r) {
    std::vector<std::string> out;
    for (const MappingError& e : r.errors) out.push_back(std::to_string(e.line) + ": " + e.detail);
    return out;
}

}  // namespace

TEST(MappingWritingTest, FingertipsUploadMapping) {
    const MappingLoadResult r = load_mapping(KPIMAP_SOURCE_DIR "/mappings/fingertips-upload.xml");
    ASSERT_TRUE(r) << r.errors.front().text();
    ASSERT_EQ(r.mapping->records.size(), 1u);
    const RecordsRule& rec = r.mapping->records.front();
    EXPECT_TRUE(rec.replace_existing);
    EXPECT_FALSE(rec.financial_years);
    ASSERT_EQ(rec.fields.size(), 20u);  // 19 columns and the note in U1
    EXPECT_EQ(rec.fields[0].header, "IndicatorID");
    EXPECT_EQ(rec.fields[0].scheme, "fingertips");
    EXPECT_EQ(rec.fields[3].empty_value, "-1");
    // AgeID, SexID and AreaCode come from each value's breakdown (issue 11), AgeID and SexID
    // as the catalogue's codes; no constant is left without a value.
    std::vector<std::string> breakdowns;
    for (const RecordField& f : rec.fields) {
        EXPECT_FALSE(f.role == FieldRole::constant && !f.has_value) << f.header;
        if (f.role == FieldRole::breakdown)
            breakdowns.push_back(f.header + ":" + f.dimension +
                                 (f.category_as_code ? ":code" : ""));
    }
    EXPECT_EQ(breakdowns,
              (std::vector<std::string>{"AgeID:age:code", "SexID:sex:code", "AreaCode:area"}));
    EXPECT_FALSE(r.mapping->dimensions.empty());  // the shared catalogue is included
}

TEST(MappingWritingTest, StatusTargetsOfSample001) {
    const MappingLoadResult r = load_mapping(KPIMAP_SOURCE_DIR "/mappings/hwb-outcomes-report.xml");
    ASSERT_TRUE(r) << r.errors.front().text();
    const auto& statuses = r.mapping->period_tables.at(0).statuses;
    ASSERT_EQ(statuses.size(), 2u);
    EXPECT_EQ(statuses[0].show, StatusShow::travel);
    EXPECT_EQ(statuses[0].column, "G");
    EXPECT_EQ(statuses[0].vocabulary, "travel-words");
    EXPECT_TRUE(statuses[0].write_header);
    EXPECT_EQ(statuses[1].header, "Why");
}

TEST(MappingWritingTest, BrokenRecordsAreRefusedWithLines) {
    const MappingLoadResult r = load_from(R"(<mapping id="x" version="1">
  <records id="a" header="IndicatorID" existing="append" year-type="academic">
    <field header="IndicatorID" role="indicator.code" sheme="fingertips"/>
    <field header="Year" role="period.year"/>
    <field header="Value" role="valeu"/>
    <field header="Area" role="count" value="E1"/>
    <field header="Value" role="ignore"/>
    <thing/>
  </records>
</mapping>)");
    EXPECT_FALSE(r);
    EXPECT_EQ(errors(r),
              (std::vector<std::string>{
                  "2: existing=\"append\" is not known (known: update, replace)",
                  "2: year-type=\"academic\" is not known (known: calendar, financial)",
                  "3: <field> has no attribute 'sheme'; did you mean 'scheme'? (known: header, "
                  "role, scheme, value, empty-value, dimension, category-as)",
                  "5: role=\"valeu\" is not known (known: breakdown, constant, count, denominator, "
                  "ignore, "
                  "indicator.code, indicator.title, lower-ci, lower-ci-99.8, period, "
                  "period.month, period.quarter, period.year, period.year-range, upper-ci, "
                  "upper-ci-99.8, value)",
                  "6: value=\"...\" belongs on role=\"constant\" fields only",
                  "7: header=\"Value\" is given to two <field>s",
                  "8: <thing> is not allowed inside <records> (allowed: field)",
                  "2: <records> needs a <field role=\"value\">",
                  "2: role=\"period.year\" needs a <field role=\"period.year-range\">: the years "
                  "the period covers"}));
}

TEST(MappingWritingTest, BrokenStatusTargetsAreRefusedWithLines) {
    const MappingLoadResult r = load_from(R"(<mapping id="x" version="1">
  <period-table id="d">
    <status show="colour" header="RAG" column="G"/>
    <status show="rag" header="" column="7"/>
    <status show="travel" header="rag" vocabulary="nope"/>
    <status show="trend" header="Trend" colum="H"/>
  </period-table>
</mapping>)");
    EXPECT_FALSE(r);
    const auto e = errors(r);
    ASSERT_EQ(e.size(), 6u);
    EXPECT_EQ(e[0],
              "3: show=\"colour\" is not known (known: travel, trajectory, rag, significance, "
              "trend, explanation)");
    EXPECT_EQ(e[1],
              "4: <status> needs header=\"...\": the header text of its column (found in the "
              "header row, or written there)");
    EXPECT_EQ(e[2], "4: column=\"7\" is not a column name like G or AB");
    EXPECT_EQ(e[3],
              "5: a second <status> with header=\"rag\" in this <period-table>; each status "
              "column needs its own header");
    EXPECT_NE(e[4].find("6: <status> has no attribute 'colum'; did you mean 'column'?"),
              std::string::npos);
    EXPECT_EQ(e[5], "5: vocabulary=\"nope\" is not defined in this mapping");
}
