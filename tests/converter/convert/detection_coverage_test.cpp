// Detection checks what it read: a mapping that accounts for less than half of a sheet it reads
// (or reads no sheet) is a poor fit, with its coverage figure; and a sheet no rule read says
// which rule came closest and why it did not match (issue 9).
#include <gtest/gtest.h>

#include "support/grid_workbook.hpp"
#include "support/samples.hpp"
#include "support/temp_path.hpp"

#include <filesystem>
#include <fstream>

#include "kpimap/convert.hpp"

using namespace kpimap;

namespace {

Mapping mapping_from(const std::string& xml) {
    // One file per test: CTest runs the tests of this file in parallel processes.
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("detection_coverage_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    std::filesystem::remove(path);
    return *r.mapping;
}

const ConvertDiagnostic* find(const ConversionResult& r, std::string_view code) {
    for (const auto& d : r.diagnostics)
        if (d.code == code) return &d;
    return nullptr;
}

// A sheet with a small table and a larger block of notes beside it.
Workbook table_and_notes(const std::string& notes_header) {
    return test_support::grid_workbook({{"Indicator", "2019", notes_header, "", ""},
                                        {"Smoking", "10.5", "a", "b", "c"},
                                        {"Falls", "3.2", "d", "e", "f"},
                                        {"", "", "g", "h", "i"}},
                                       "fit.xlsx", "Data");
}

const char* kTableMapping = R"(<mapping id="fit" version="1">
  <table sheet="*" header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
    <columns header-pattern="^(\d{4})$" period="$1" role="observation"/>
    <column header="Notes" role="ignore"/>
  </table></mapping>)";

}  // namespace

TEST(DetectionCoverageTest, AMappingReadingLessThanHalfOfASheetIsAPoorFit) {
    // 'Comments' is no column of the mapping: 6 of 16 cells used (38%).
    const ConversionResult poor =
        convert_workbook(table_and_notes("Comments"), mapping_from(kTableMapping));
    ASSERT_EQ(poor.sheets.size(), 1u);
    EXPECT_EQ(poor.sheets[0].cells, 16u);
    EXPECT_EQ(poor.sheets[0].used, 6u);
    EXPECT_TRUE(poor.sheets[0].read);
    ASSERT_EQ(poor.poor_fit().size(), 1u);
    const ConvertDiagnostic* d = find(poor, "poor_fit");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->severity, Severity::warning);
    EXPECT_EQ(d->where.sheet, "Data");
    EXPECT_NE(d->message.find("accounts for 6 of the 16 non-empty cells of this sheet (38%)"),
              std::string::npos)
        << d->message;

    // A column the mapping leaves out on purpose counts as accounted for: no poor fit.
    const ConversionResult fine =
        convert_workbook(table_and_notes("Notes"), mapping_from(kTableMapping));
    EXPECT_EQ(fine.sheets[0].used, 7u);      // now with the 'Notes' header
    EXPECT_EQ(fine.sheets[0].left_out, 3u);  // C2:C4 under 'Notes'; D, E are no column's
    EXPECT_TRUE(fine.poor_fit().empty()) << fine.sheets[0].coverage();
    EXPECT_EQ(find(fine, "poor_fit"), nullptr);
}

// Sample 000 through the matrix mapping of sample 004: nothing is read. One poor_fit line for
// the workbook, and the sheet says which rule came closest and why.
TEST(DetectionCoverageTest, AMappingReadingNoSheetIsAPoorFitAndSaysWhy) {
    test_support::LoadedSample s =
        test_support::load_sample("000_trajectory_grid.xlsx", "mh-pmf-matrix.xml");
    const ConversionResult r = convert_workbook(s.workbook, s.mapping);
    EXPECT_EQ(r.poor_fit().size(), 1u);
    const auto poor =
        std::count_if(r.diagnostics.begin(), r.diagnostics.end(),
                      [](const ConvertDiagnostic& d) { return d.code == "poor_fit"; });
    EXPECT_EQ(poor, 1);
    EXPECT_EQ(find(r, "poor_fit")->where.sheet, "");
    const ConvertDiagnostic* sheet = find(r, "sheet_not_read");
    ASSERT_NE(sheet, nullptr);
    EXPECT_NE(sheet->message.find("the closest rule is <matrix id=\"pmf\"> (line 16): no cell of "
                                  "the first 30 rows is 'STRATEGIC OUTCOMES'"),
              std::string::npos)
        << sheet->message;
}

// The rule that came closest wins over rules for other sheets, and its near miss is named.
TEST(DetectionCoverageTest, SheetNotReadNamesTheClosestRuleAndItsNearMiss) {
    const Workbook kpis = test_support::grid_workbook(
        {{"Outcome", "KPIs"}, {"Healthy lives", "Smoking"}}, "miss.xlsx", "Matrix");
    const ConversionResult typo =
        convert_workbook(kpis, mapping_from(R"(<mapping id="m" version="1">
      <table id="other" sheet="^Data$" header="Indicator">
        <column header="Indicator" role="indicator.title" key="true"/>
      </table>
      <table id="kpis" sheet="*" header="KPI's">
        <column header="KPI's" role="indicator.title" key="true"/>
      </table></mapping>)"));
    const ConvertDiagnostic* d = find(typo, "sheet_not_read");
    ASSERT_NE(d, nullptr);
    EXPECT_NE(d->message.find("the closest rule is <table id=\"kpis\"> (line 5): no cell is "
                              "'KPI's', but B1 holds 'KPIs': did you mean that?"),
              std::string::npos)
        << d->message;

    // A header below the rows searched: the message gives the search-rows that finds it.
    std::vector<std::vector<std::string>> rows(40, std::vector<std::string>{"note"});
    rows.push_back({"Indicator", "2019"});
    rows.push_back({"Smoking", "10.5"});
    const ConversionResult deep = convert_workbook(
        test_support::grid_workbook(rows, "deep.xlsx", "Data"), mapping_from(kTableMapping));
    d = find(deep, "sheet_not_read");
    ASSERT_NE(d, nullptr);
    EXPECT_NE(d->message.find("its header 'Indicator' is at A41, below the 30 rows it searches "
                              "from row 1; raise its search-rows to 41 or more"),
              std::string::npos)
        << d->message;

    // A period table whose header rows have whole-number years under a title.
    Workbook years = test_support::grid_workbook(
        {{"Indicator", "2012", "2013"}, {"Obesity", "20.1", "21.3"}}, "years.xlsx", "Data");
    for (Cell& c : years.sheets[0].rows[0].cells)
        if (c.col > 0) c.type = CellType::number, c.number = 2012 + c.col - 1;
    const ConversionResult pt = convert_workbook(
        years, mapping_from(R"(<mapping id="p" version="1"><period-table id="data"/></mapping>)"));
    d = find(pt, "sheet_not_read");
    ASSERT_NE(d, nullptr);
    EXPECT_NE(d->message.find("row 1 has 2 periods under the title 'Indicator' (A1): with "
                              "whole-number years it is a header row only with "
                              "header=\"Indicator\""),
              std::string::npos)
        << d->message;
}
