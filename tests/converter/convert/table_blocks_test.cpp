// Where a <table> ends and where the next one starts: rows absent from the file count as blank
// rows, a repeated header row starts a new table with its own periods, and stacked="true" reads
// every table of a sheet, each under its own header row (issue 9, "Tables end where they end").
#include <gtest/gtest.h>

#include "support/grid_workbook.hpp"
#include "support/temp_path.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include "kpimap/convert.hpp"

using namespace kpimap;
using test_support::EmptyRows;

namespace {

Mapping mapping_from(const std::string& xml) {
    // One file per test: CTest runs the tests of this file in parallel processes.
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("table_blocks_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    std::filesystem::remove(path);
    return *r.mapping;
}

// A table of observations under year-like headers ("2019", "12/13", "2011-2013").
std::string table_mapping(const std::string& table_attributes) {
    return R"(<mapping id="blocks" version="1">
      <table sheet="*" header="Indicator" )" +
           table_attributes + R"(>
        <column header="Indicator" role="indicator.title" key="true"/>
        <columns header-pattern="^(\d{4}(?:-\d{2,4})?|\d\d/\d\d)$" period="$1" role="observation"/>
      </table></mapping>)";
}

const ConvertDiagnostic* find(const ConversionResult& r, std::string_view code,
                              std::string_view cell = {}) {
    for (const auto& d : r.diagnostics)
        if (d.code == code && (cell.empty() || d.where.cell == cell)) return &d;
    return nullptr;
}

// indicator title -> "period=value" texts, in the order read.
std::map<std::string, std::vector<std::string>> values_by_title(const ConversionResult& r) {
    std::map<std::string, std::string> titles;
    for (const Indicator& i : r.model.indicators) titles[i.id] = i.title;
    std::map<std::string, std::vector<std::string>> out;
    for (const Observation& o : r.model.observations)
        out[titles[o.indicator_id]].push_back(o.period_text + "=" + o.raw);
    return out;
}

}  // namespace

// The issue's example: a second block right under the first. Today the second header row was an
// indicator called "Indicator" and Obesity was read under 2019 and 2020, with no warning.
TEST(TableBlocksTest, RepeatedHeaderRowStartsANewTableWithItsOwnPeriods) {
    for (EmptyRows empty : {EmptyRows::absent, EmptyRows::kept}) {
        const Workbook wb = test_support::grid_workbook({{"Indicator", "2019", "2020"},
                                                         {"Smoking", "10.5", "11.2"},
                                                         {},
                                                         {"Indicator", "2012", "2013"},
                                                         {"Obesity", "20.1", "21.3"}},
                                                        "blocks.xlsx", "Data", empty);
        const ConversionResult r = convert_workbook(wb, mapping_from(table_mapping("")));
        const auto values = values_by_title(r);
        ASSERT_EQ(r.model.indicators.size(), 2u);
        EXPECT_FALSE(values.contains("Indicator"));
        EXPECT_EQ(values.at("Smoking"), (std::vector<std::string>{"2019=10.5", "2020=11.2"}));
        EXPECT_EQ(values.at("Obesity"), (std::vector<std::string>{"2012=20.1", "2013=21.3"}));
        const ConvertDiagnostic* repeat = find(r, "header_repeated", "A4");
        ASSERT_NE(repeat, nullptr);
        EXPECT_NE(repeat->message.find("ends at row 2"), std::string::npos) << repeat->message;
        EXPECT_EQ(r.cells_seen, 12u);
        EXPECT_EQ(r.cells_used, 12u);
    }
}

// Excel and openpyxl write no element for an empty row: four missing rows end the table as four
// empty row elements do, so the stray row below is not read as an indicator of the table.
TEST(TableBlocksTest, RowsAbsentFromTheFileAreBlankRows) {
    for (EmptyRows empty : {EmptyRows::absent, EmptyRows::kept}) {
        const Workbook wb = test_support::grid_workbook({{"Indicator", "2019", "2020"},
                                                         {"Smoking", "10.5", "11.2"},
                                                         {},
                                                         {},
                                                         {},
                                                         {},
                                                         {"Source: local survey", "2021"}},
                                                        "blocks.xlsx", "Data", empty);
        const ConversionResult r = convert_workbook(wb, mapping_from(table_mapping("")));
        ASSERT_EQ(r.model.indicators.size(), 1u);
        EXPECT_EQ(r.model.indicators[0].title, "Smoking");
        EXPECT_EQ(r.model.observations.size(), 2u);
        ASSERT_NE(find(r, "outside_region", "A7"), nullptr);
        ASSERT_NE(find(r, "outside_region", "B7"), nullptr);
        EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    }
    // Three blank rows do not end a table with the default of four.
    const Workbook wb = test_support::grid_workbook(
        {{"Indicator", "2019"}, {"Smoking", "10.5"}, {}, {}, {}, {"Obesity", "20.1"}},
        "blocks.xlsx", "Data", EmptyRows::absent);
    const ConversionResult r = convert_workbook(wb, mapping_from(table_mapping("")));
    EXPECT_EQ(r.model.indicators.size(), 2u);
}

// Three tables one under another, each with its own period style, far enough apart that each
// ends at blank rows: stacked="true" reads all three, each under its own header row.
TEST(TableBlocksTest, StackedTablesAreEachReadUnderTheirOwnPeriods) {
    const std::vector<std::vector<std::string>> rows = {{"Indicator", "12/13", "13/14"},
                                                        {"Delayed transfers", "9.1", "8.7"},
                                                        {},
                                                        {},
                                                        {},
                                                        {},
                                                        {},
                                                        {"Indicator", "2012", "2013"},
                                                        {"Pupil absence", "4.4", "4.2"},
                                                        {"Obesity", "20.1", "21.3"},
                                                        {},
                                                        {},
                                                        {},
                                                        {},
                                                        {"Indicator", "2011-2013", "2012-14"},
                                                        {"Premature mortality", "301.2", "295.0"}};
    const Workbook wb = test_support::grid_workbook(rows, "blocks.xlsx", "Data", EmptyRows::absent);
    const ConversionResult r =
        convert_workbook(wb, mapping_from(table_mapping(R"(stacked="true")")));
    const auto values = values_by_title(r);
    ASSERT_EQ(r.model.indicators.size(), 4u);
    EXPECT_EQ(values.at("Delayed transfers"), (std::vector<std::string>{"12/13=9.1", "13/14=8.7"}));
    EXPECT_EQ(values.at("Pupil absence"), (std::vector<std::string>{"2012=4.4", "2013=4.2"}));
    EXPECT_EQ(values.at("Obesity"), (std::vector<std::string>{"2012=20.1", "2013=21.3"}));
    EXPECT_EQ(values.at("Premature mortality"),
              (std::vector<std::string>{"2011-2013=301.2", "2012-14=295.0"}));
    EXPECT_EQ(r.cells_used, r.cells_seen);
    EXPECT_EQ(r.warnings(), 0u);

    // Without stacked="true" only the first table is read, and a warning says how to read the
    // others, at the header cell of the next one.
    const ConversionResult first = convert_workbook(wb, mapping_from(table_mapping("")));
    ASSERT_EQ(first.model.indicators.size(), 1u);
    const ConvertDiagnostic* hint = find(first, "table_not_stacked", "A8");
    ASSERT_NE(hint, nullptr);
    EXPECT_EQ(hint->severity, Severity::warning);
    EXPECT_NE(hint->message.find("add stacked=\"true\""), std::string::npos) << hint->message;
    EXPECT_NE(hint->message.find("ends at row 2 (after 4 blank rows)"), std::string::npos)
        << hint->message;
}

// The same indicator in two stacked tables is one indicator with the values of both.
TEST(TableBlocksTest, AnIndicatorInTwoStackedTablesGetsTheValuesOfBoth) {
    const Workbook wb = test_support::grid_workbook({{"Indicator", "12/13", "13/14"},
                                                     {"Obesity", "19.0", "19.5"},
                                                     {"Indicator", "2014", "2015"},
                                                     {"Obesity", "20.1", "21.3"}},
                                                    "blocks.xlsx", "Data", EmptyRows::absent);
    const ConversionResult r =
        convert_workbook(wb, mapping_from(table_mapping(R"(stacked="true")")));
    ASSERT_EQ(r.model.indicators.size(), 1u);
    EXPECT_EQ(values_by_title(r).at("Obesity"),
              (std::vector<std::string>{"12/13=19.0", "13/14=19.5", "2014=20.1", "2015=21.3"}));
    const ConvertDiagnostic* note = find(r, "indicator_continued", "A4");
    ASSERT_NE(note, nullptr);
    EXPECT_NE(note->message.find("(A2)"), std::string::npos) << note->message;
    EXPECT_EQ(find(r, "duplicate_indicator"), nullptr);
}

// Inside one table a repeated title is still a duplicate, and the message names the other cell;
// a title listed twice in one cell says so instead of naming the cell itself.
TEST(TableBlocksTest, DuplicateIndicatorNamesTheOtherCellNeverItsOwn) {
    const Workbook wb = test_support::grid_workbook({{"Indicator", "Aim"},
                                                     {"Smoking", "Reduce"},
                                                     {"Falls", "Reduce"},
                                                     {"Smoking", "Reduce"},
                                                     {"1. Loneliness 2. Loneliness", ""}},
                                                    "blocks.xlsx", "Data", EmptyRows::absent);
    const ConversionResult r = convert_workbook(wb, mapping_from(R"(<mapping id="dup" version="1">
      <table sheet="*" header="Indicator">
        <column header="Indicator" role="indicator.title" key="true" split="numbered-list"/>
        <column header="Aim" role="indicator.aim"/>
      </table></mapping>)"));
    const ConvertDiagnostic* again = find(r, "duplicate_indicator", "A4");
    ASSERT_NE(again, nullptr);
    EXPECT_NE(again->message.find("already listed at A2"), std::string::npos) << again->message;
    const ConvertDiagnostic* twice = find(r, "duplicate_indicator", "A5");
    ASSERT_NE(twice, nullptr);
    EXPECT_EQ(twice->message.find("A5"), std::string::npos) << twice->message;
    EXPECT_NE(twice->message.find("listed twice in this cell"), std::string::npos)
        << twice->message;
    for (const ConvertDiagnostic& d : r.diagnostics)
        EXPECT_EQ(d.message.find("listed at " + d.where.cell), std::string::npos) << d.message;
    // The repeated record is not read: its key cell is not counted as used.
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    EXPECT_EQ(r.cells_reported, 2u);  // A4 and B4
}
