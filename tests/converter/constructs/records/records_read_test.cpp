// <records> read from a workbook built in memory: one observation per row with its code,
// period, limits and breakdown, and the rows and cells it does not read reported: another
// area's rows, 99.8% limits, ignored columns, rows without an indicator
// (docs/mapping-reference.md, "<records>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

const char* kDimensions = R"(
  <dimension id="sex">
    <category name="Persons" code="4" total="true"/>
    <category name="Male" code="1" aliases="M"/>
    <category name="Female" code="2"/>
  </dimension>)";

}  // namespace

TEST(RecordsReadTest, EachRowIsAnObservationOfItsIndicator) {
    const Workbook wb = workbook_of(
        {{"Data",
          {{"IndicatorID", "Period", "SexID", "Value", "LowerCI95", "UpperCI95", "Area"},
           {"125", "2019/20", "2", "12.5", "11", "14", "E08000034"},
           {"125", "2020/21", "4", "13", "", "", "E08000034"},
           {"90", "2020/21", "1", "7", "", "", "E08000034"}}}},
        "upload.xlsx");
    const Mapping m = mapping_of(std::string(R"(<mapping id="r" version="1">
  <records header="IndicatorID">
    <field header="IndicatorID" role="indicator.code" scheme="fingertips"/>
    <field header="Period" role="period"/>
    <field header="SexID" role="breakdown" dimension="sex" category-as="code"/>
    <field header="Value" role="value"/>
    <field header="LowerCI95" role="lower-ci"/>
    <field header="UpperCI95" role="upper-ci"/>
    <field header="Area" role="constant" value="E08000034"/>
  </records>)") + kDimensions + "</mapping>");
    const ConversionResult r = convert_workbook(wb, m);

    // Rows with the same code are one indicator, named by its code without a title column.
    ASSERT_EQ(r.model.indicators.size(), 2u) << codes(r);
    const Indicator* i125 = indicator_titled(r.model, "IndicatorID 125");
    ASSERT_NE(i125, nullptr) << codes(r);
    ASSERT_EQ(i125->codes.size(), 1u);
    EXPECT_EQ(i125->codes[0].scheme, "fingertips");
    EXPECT_EQ(i125->codes[0].value, "125");

    const auto values = observations_of(r.model, i125);
    ASSERT_EQ(values.size(), 2u) << codes(r);
    EXPECT_EQ(values[0]->period.label(), "2019/20");
    EXPECT_EQ(values[0]->value, 12.5);
    EXPECT_EQ(values[0]->lower_ci, 11);
    EXPECT_EQ(values[0]->upper_ci, 14);
    EXPECT_EQ(values[0]->where.file, "upload.xlsx");
    EXPECT_EQ(values[0]->where.cell, "D2");
    // SexID 2 is Female in the declared dimension; 4 is its total, so no pair at all.
    EXPECT_EQ(values[0]->breakdown, (Breakdown{{"sex", "Female"}}));
    EXPECT_TRUE(values[1]->breakdown.empty());
    EXPECT_FALSE(values[1]->lower_ci.has_value());

    const auto i90 = observations_of(r.model, indicator_titled(r.model, "IndicatorID 90"));
    ASSERT_EQ(i90.size(), 1u);
    EXPECT_EQ(i90[0]->breakdown, (Breakdown{{"sex", "Male"}}));
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    EXPECT_EQ(r.cells_reported, 0u) << codes(r);
}

TEST(RecordsReadTest, RowsAndCellsItDoesNotReadAreReported) {
    const Workbook wb = workbook_of({{"Data",
                                      {{"Code", "Value", "Area", "LowerCI99_8", "Notes", "Extra"},
                                       {"A1", "12", "E08000034", "10", "checked", "x"},
                                       {"A1", "99", "E09000001", "", "other area"},
                                       {"", "5", "E08000034"},
                                       {"A2", "lots", "E08000034"}}}});
    const Mapping m = mapping_of(R"(<mapping id="r" version="1">
  <records header="Code" period="2021/22">
    <field header="Code" role="indicator.code"/>
    <field header="Value" role="value"/>
    <field header="Area" role="constant" value="E08000034"/>
    <field header="LowerCI99_8" role="lower-ci-99.8"/>
    <field header="Notes" role="ignore"/>
    <field header="Missing" role="count"/>
  </records></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);

    // Every row read has the table's one period.
    const auto a1 = observations_of(r.model, indicator_titled(r.model, "Code A1"));
    ASSERT_EQ(a1.size(), 1u) << codes(r);
    EXPECT_EQ(a1[0]->period.label(), "2021/22");
    EXPECT_EQ(a1[0]->value, 12);

    // Another area's row is not this model's.
    const ConvertDiagnostic* filtered = diagnostic(r, "record_filtered");
    ASSERT_NE(filtered, nullptr) << codes(r);
    EXPECT_EQ(filtered->severity, Severity::info);
    EXPECT_EQ(filtered->where.cell.substr(filtered->where.cell.size() - 1), "3");
    // The model keeps 95% limits only; ignored notes are said; a row without an indicator.
    EXPECT_NE(diagnostic(r, "not_in_model", "D2"), nullptr) << codes(r);
    EXPECT_NE(diagnostic(r, "ignored_by_mapping", "E2"), nullptr) << codes(r);
    EXPECT_NE(diagnostic(r, "no_record"), nullptr) << codes(r);
    // A header no field names, a field the header row lacks, a value that is no number.
    EXPECT_NE(diagnostic(r, "unmapped_header", "F1"), nullptr) << codes(r);
    EXPECT_NE(diagnostic(r, "column_not_found"), nullptr) << codes(r);
    EXPECT_NE(diagnostic(r, "value_not_parsed", "B5"), nullptr) << codes(r);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}

TEST(RecordsReadTest, PeriodsFromYearRangeAndQuarterColumns) {
    const Workbook wb = workbook_of({{"PHOLIO",
                                      {{"IndicatorID", "Year", "YearRange", "Quarter", "Value"},
                                       {"90", "2013", "1", "-1", "5"},
                                       {"90", "2015", "5", "-1", "6"},
                                       {"90", "2016", "1", "1", "7"},
                                       {"90", "2016", "0", "-1", "8"}}}});
    const Mapping m = mapping_of(R"(<mapping id="r" version="1">
  <records header="IndicatorID" year-type="financial">
    <field header="IndicatorID" role="indicator.code" scheme="fingertips"/>
    <field header="Year" role="period.year"/>
    <field header="YearRange" role="period.year-range"/>
    <field header="Quarter" role="period.quarter" empty-value="-1"/>
    <field header="Value" role="value"/>
  </records></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);
    const auto values = observations_of(r.model, indicator_titled(r.model, "IndicatorID 90"));
    ASSERT_EQ(values.size(), 3u) << codes(r);
    // Financial years: 2013 and 1 is 2013/14; 2015 and 5 the five years from 2015/16; a
    // quarter counts from April.
    EXPECT_EQ(values[0]->period.label(), "2013/14");
    EXPECT_EQ(values[1]->period.label(), "2015/16-2019/20");
    EXPECT_EQ(values[2]->period.label(), "2016/17 Q1");
    EXPECT_EQ(values[2]->value, 7);
    // A year range of 0 names no period: said, not read.
    const ConvertDiagnostic* zero = diagnostic(r, "period_not_parsed");
    ASSERT_NE(zero, nullptr) << codes(r);
    EXPECT_EQ(zero->severity, Severity::warning);
    EXPECT_EQ(zero->where.cell.back(), '5');
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}
