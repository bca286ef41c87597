// <period-table> read from a workbook built in memory: period header rows, sections, indicator
// rows and their observations with cells, an attached comparator row, and the rows and cells
// that cannot be used reported (docs/mapping-reference.md, "<period-table>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

TEST(PeriodTableReadTest, RowsUnderAPeriodHeaderBecomeObservationsInTheirSection) {
    Workbook wb = workbook_of({{"Data",
                                {{"Health profile"},
                                 {"", "2019/20", "2020/21"},
                                 {"ADULT SOCIAL CARE"},
                                 {"Screening coverage", "80", "81.5"},
                                 {"England", "83", "84"},
                                 {"Education"},
                                 {"Pupil absence", "4.5", ".."}}}},
                              "profile.xlsx");
    make_bold(wb, "A6");  // a section by its bold, as "ADULT SOCIAL CARE" is by its capitals
    const ConversionResult r = convert_workbook(wb, mapping_of(R"(<mapping id="p" version="1">
  <period-table sheet="^Data$" comparator-pattern="^England$"/></mapping>)"));

    ASSERT_EQ(r.model.indicators.size(), 2u) << codes(r);
    const Indicator* screening = indicator_titled(r.model, "Screening coverage");
    ASSERT_NE(screening, nullptr);
    EXPECT_EQ(screening->where.cell, "A4");
    EXPECT_EQ(screening->where.file, "profile.xlsx");
    const auto values = observations_of(r.model, screening);
    ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0]->period.label(), "2019/20");
    EXPECT_EQ(values[0]->value, 80);
    EXPECT_EQ(values[0]->where.cell, "B4");
    // The comparator row gives the benchmark of the row above, cell by cell.
    EXPECT_EQ(values[1]->comparator_name, "England");
    EXPECT_EQ(values[1]->comparator_value, 84);
    EXPECT_EQ(values[1]->comparator_cell, "C5");
    EXPECT_EQ(indicator_titled(r.model, "England"), nullptr);

    const auto absence = observations_of(r.model, indicator_titled(r.model, "Pupil absence"));
    ASSERT_EQ(absence.size(), 2u);
    EXPECT_EQ(absence[1]->missing, MissingReason::not_available);

    // Sections: outcomes at the default level, each linking the indicators below it.
    const Outcome* care = outcome_titled(r.model, "ADULT SOCIAL CARE");
    const Outcome* education = outcome_titled(r.model, "Education");
    ASSERT_NE(care, nullptr) << codes(r);
    ASSERT_NE(education, nullptr) << codes(r);
    EXPECT_EQ(care->level, "section");
    const auto of = links_of(r.model, "indicator_of", screening->id);
    ASSERT_EQ(of.size(), 1u);
    EXPECT_EQ(of[0]->to_id, care->id);

    EXPECT_NE(diagnostic(r, "outside_region", "A1"), nullptr) << codes(r);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    EXPECT_EQ(r.cells_reported, 1u) << codes(r);
}

TEST(PeriodTableReadTest, RowsAndCellsItCannotUseAreReported) {
    const Workbook wb = workbook_of({{"Data",
                                      {{"", "2019/20", "2020/21"},
                                       {"Falls admissions", "120", "lots"},
                                       {"a note without values"},
                                       {"England", "83", "84"},
                                       {"Delays", "7", "", "stray"}}}});
    const ConversionResult r = convert_workbook(wb, mapping_of(R"(<mapping id="p" version="1">
  <period-table comparator-pattern="^England$"/></mapping>)"));
    const ConvertDiagnostic* lots = diagnostic(r, "value_not_parsed", "C2");
    ASSERT_NE(lots, nullptr) << codes(r);
    EXPECT_EQ(lots->raw, "lots");
    // A title with no values that is neither bold nor capitals is no section.
    const ConvertDiagnostic* note = diagnostic(r, "row_without_values", "A3");
    ASSERT_NE(note, nullptr) << codes(r);
    EXPECT_EQ(note->severity, Severity::warning);
    EXPECT_TRUE(r.model.outcomes.empty());
    // A comparator row with no indicator row directly above is not read.
    const ConvertDiagnostic* orphan = diagnostic(r, "attached_row_not_read");
    ASSERT_NE(orphan, nullptr) << codes(r);
    EXPECT_EQ(orphan->where.sheet, "Data");
    EXPECT_NE(diagnostic(r, "unmapped_cell", "B4"), nullptr) << codes(r);
    // A cell beyond the last period column is reported too.
    bool stray_reported = false;
    for (const ConvertDiagnostic& d : r.diagnostics) stray_reported |= d.where.cell == "D5";
    EXPECT_TRUE(stray_reported) << codes(r);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}
