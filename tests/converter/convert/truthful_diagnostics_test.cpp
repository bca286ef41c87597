// Diagnostics that tell the truth (issue 9 section 4): an ignored column family needs no period,
// and a header the mapping names that the sheet spells slightly differently ("KPI's" against
// "KPIs") is read with a "did you mean" naming the cell, not left as a trail of unread cells.
#include <gtest/gtest.h>

#include "support/grid_workbook.hpp"
#include "support/samples.hpp"
#include "support/temp_path.hpp"

#include <filesystem>
#include <fstream>

#include "kpimap/convert.hpp"

using namespace kpimap;

namespace {

Workbook grid(const std::vector<std::vector<std::string>>& rows) {
    return test_support::grid_workbook(rows, "truth.xlsx", "Sheet1");
}

Mapping mapping_from(const std::string& xml) {
    // One file per test: CTest runs the tests of this file in parallel processes.
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto path =
        test_support::unique_temp_path(std::string("truthful_") + test->name() + ".xml");
    std::ofstream(path) << xml;
    MappingLoadResult r = load_mapping(path.string());
    for (const auto& e : r.errors) ADD_FAILURE() << e.text();
    std::filesystem::remove(path);
    return *r.mapping;
}

std::size_t count(const ConversionResult& r, std::string_view code) {
    return static_cast<std::size_t>(
        std::count_if(r.diagnostics.begin(), r.diagnostics.end(),
                      [&](const ConvertDiagnostic& d) { return d.code == code; }));
}

const ConvertDiagnostic* find(const ConversionResult& r, std::string_view code,
                              std::string_view cell) {
    for (const auto& d : r.diagnostics)
        if (d.code == code && d.where.cell == cell) return &d;
    return nullptr;
}

}  // namespace

// A family of note columns declared role="ignore" has no period: today each header gave a
// period_not_parsed warning ("'' is not a period").
TEST(TruthfulDiagnosticsTest, AnIgnoredColumnFamilyNeedsNoPeriod) {
    const Workbook wb = grid({{"Indicator", "Note 1", "Note 2", "2019"},
                              {"Smoking", "check", "source?", "10.5"},
                              {"Falls", "", "revised", "3.2"}});
    const ConversionResult r = convert_workbook(wb, mapping_from(R"(<mapping id="t" version="1">
      <table sheet="*" header="Indicator">
        <column header="Indicator" role="indicator.title" key="true"/>
        <columns header-pattern="^Note \d+$" role="ignore"/>
        <columns header-pattern="^(\d{4})$" period="$1" role="observation"/>
      </table></mapping>)"));
    EXPECT_EQ(count(r, "period_not_parsed"), 0u);
    EXPECT_EQ(count(r, "ignored_by_mapping"), 3u);
    EXPECT_EQ(r.warnings(), 0u);
    EXPECT_EQ(r.model.observations.size(), 2u);
    // A value column whose period cannot be read still says so, and where to look.
    const ConversionResult bad = convert_workbook(wb, mapping_from(R"(<mapping id="t" version="1">
      <table sheet="*" header="Indicator">
        <column header="Indicator" role="indicator.title" key="true"/>
        <columns header-pattern="^Note (\d+)$" period="Note $1" role="observation"/>
        <columns header-pattern="^(\d{4})$" period="$1" role="observation"/>
      </table></mapping>)"));
    const ConvertDiagnostic* d = find(bad, "period_not_parsed", "B1");
    ASSERT_NE(d, nullptr);
    EXPECT_NE(d->message.find("mapping line 4"), std::string::npos) << d->message;
}

// The mapping says "KPI's", the sheet "KPIs": the column is read, and one warning names the cell
// and the text to write, instead of an unmapped_header and an unmapped_cell for each row.
TEST(TruthfulDiagnosticsTest, ATableHeaderSpelledDifferentlyGetsADidYouMean) {
    const Workbook wb = grid({{"Outcome", "KPIs", "Notes"},
                              {"Healthy lives", "Smoking prevalence", "x"},
                              {"Safe at home", "Falls admissions", ""}});
    const ConversionResult r = convert_workbook(wb, mapping_from(R"(<mapping id="t" version="1">
      <table sheet="*" header="Outcome">
        <column header="Outcome" role="outcome" level="outcome"/>
        <column header="KPI's" role="indicator.title" key="true"/>
        <column header="Note" role="ignore"/>
      </table></mapping>)"));
    ASSERT_EQ(r.model.indicators.size(), 2u);
    const ConvertDiagnostic* kpis = find(r, "header_near_match", "B1");
    ASSERT_NE(kpis, nullptr);
    EXPECT_EQ(kpis->severity, Severity::warning);
    EXPECT_NE(kpis->message.find("did you mean 'KPIs' here?"), std::string::npos) << kpis->message;
    EXPECT_NE(kpis->message.find("'KPI's' (line 4)"), std::string::npos) << kpis->message;
    // "Note" for "Notes": one letter, read too.
    EXPECT_NE(find(r, "header_near_match", "C1"), nullptr);
    EXPECT_EQ(count(r, "unmapped_cell"), 0u);
    EXPECT_EQ(count(r, "unmapped_header"), 0u);
    EXPECT_EQ(count(r, "column_not_found"), 0u);
    // A header that is no slip away stays unread, and says so once.
    const ConversionResult far = convert_workbook(wb, mapping_from(R"(<mapping id="t" version="1">
      <table sheet="*" header="Outcome">
        <column header="Outcome" role="outcome" level="outcome"/>
        <column header="Measures" role="indicator.title" key="true"/>
      </table></mapping>)"));
    EXPECT_EQ(count(far, "header_near_match"), 0u);
    EXPECT_EQ(count(far, "column_not_found"), 1u);
}

// Sample 004 read through its mapping with the detail header written "KPIs": the details are
// still read, with one warning at B2, not 22 unmapped cells.
TEST(TruthfulDiagnosticsTest, AMatrixDetailHeaderSpelledDifferentlyGetsADidYouMean) {
    test_support::LoadedSample s =
        test_support::load_sample("004_mh_pmf_matrix.xlsx", "mh-pmf-matrix.xml");
    const ConversionResult right = convert_workbook(s.workbook, s.mapping);
    s.mapping.matrices.at(0).detail_header = "KPIs";
    const ConversionResult slip = convert_workbook(s.workbook, s.mapping);
    const ConvertDiagnostic* d = find(slip, "header_near_match", "B2");
    ASSERT_NE(d, nullptr);
    EXPECT_NE(d->message.find("did you mean 'KPI's' here?"), std::string::npos) << d->message;
    EXPECT_EQ(slip.model.indicators.size(), right.model.indicators.size());
    EXPECT_EQ(count(slip, "unmapped_cell"), count(right, "unmapped_cell"));
    EXPECT_EQ(slip.warnings(), right.warnings() + 1);
    // A detail header nothing resembles: one column_not_found that says what is lost.
    s.mapping.matrices.at(0).detail_header = "Measures";
    const ConversionResult none = convert_workbook(s.workbook, s.mapping);
    EXPECT_EQ(count(none, "column_not_found"), 1u);
}

// <records> and <dashboard> columns are not read under another name (their writers address
// them too), but a missing header names the cell it was probably meant for.
TEST(TruthfulDiagnosticsTest, RecordsAndDashboardHeadersGetADidYouMean) {
    const Workbook records = grid({{"IndicatorID", "Period", "Values"}, {"90366", "2015", "80.1"}});
    const ConversionResult r =
        convert_workbook(records, mapping_from(R"(<mapping id="t" version="1">
      <records sheet="*" header="IndicatorID">
        <field header="IndicatorID" role="indicator.code"/>
        <field header="Period" role="period"/>
        <field header="Value" role="value"/>
      </records></mapping>)"));
    const ConvertDiagnostic* value = nullptr;
    for (const auto& d : r.diagnostics)
        if (d.code == "column_not_found") value = &d;
    ASSERT_NE(value, nullptr);
    EXPECT_NE(value->message.find("did you mean 'Values' (C1)?"), std::string::npos)
        << value->message;

    test_support::LoadedSample s =
        test_support::load_sample("002_dashboard.xlsx", "jhws-dashboard.xml");
    s.mapping.dashboards.at(0).commitment_header += "s";  // "Commitments"
    const ConversionResult d = convert_workbook(s.workbook, s.mapping);
    const ConvertDiagnostic* commitment = nullptr;
    for (const auto& diag : d.diagnostics)
        if (diag.code == "column_not_found" && commitment == nullptr) commitment = &diag;
    ASSERT_NE(commitment, nullptr);
    EXPECT_NE(commitment->message.find("did you mean 'Commitment' ("), std::string::npos)
        << commitment->message;
}

// "58 cells: 58 used, 0 reported (26 warnings)" did not add up: cells are used or not, and each
// warning is about a used cell, a cell not used, or something that is no one cell.
TEST(TruthfulDiagnosticsTest, TheCountsAddUp) {
    const Workbook wb = grid({{"Indicator", "Polarity", "Aim"},
                              {"Smoking", "sideways", "Reduce"},  // polarity warning: a used cell
                              {"Falls", "", ""},
                              {"Smoking"}});  // duplicate_indicator: a cell not used
    const ConversionResult r = convert_workbook(wb, mapping_from(R"(<mapping id="t" version="1">
      <table sheet="*" header="Indicator">
        <column header="Indicator" role="indicator.title" key="true"/>
        <column header="Polarity" role="indicator.polarity"/>
        <column header="Aim" role="indicator.aim"/>
        <column header="Unit" role="indicator.unit"/>
      </table></mapping>)"));
    EXPECT_EQ(r.cells_seen, 8u);
    EXPECT_EQ(r.cells_used, 7u);
    EXPECT_EQ(r.cells_reported, 1u);
    EXPECT_EQ(r.warning_counts.on_used_cells, 1u);    // B2 'sideways'
    EXPECT_EQ(r.warning_counts.on_unused_cells, 1u);  // A4 'Smoking' again
    EXPECT_EQ(r.warning_counts.elsewhere, 1u);        // the header row has no 'Unit'
    EXPECT_EQ(r.warnings(), 3u);
    EXPECT_EQ(counts_text(r),
              "8 cells: 7 used, 1 not used; 3 warnings (1 on used cells, 1 on cells not used, 1 "
              "on rows, columns or sheets)");
    // The row-level warning points at the header row, not at its first cell.
    const ConvertDiagnostic* missing = nullptr;
    for (const auto& d : r.diagnostics)
        if (d.code == "column_not_found") missing = &d;
    ASSERT_NE(missing, nullptr);
    EXPECT_EQ(missing->where.cell, "A1:C1");
}

// Every sample: the cell counts and the warning counts add up.
TEST(TruthfulDiagnosticsTest, TheCountsAddUpOnEverySample) {
    for (const auto& [sample, mapping] : std::vector<std::pair<std::string, std::string>>{
             {"000_trajectory_grid.xlsx", "icp-trajectory-grid.xml"},
             {"001_outcomes_report.xlsx", "hwb-outcomes-report.xml"},
             {"002_dashboard.xlsx", "jhws-dashboard.xml"},
             {"003_outcomes_framework.xlsx", "icp-outcomes-framework.xml"},
             {"004_mh_pmf_matrix.xlsx", "mh-pmf-matrix.xml"},
             {"005_stacked_tables.xlsx", "hwb-stacked-tables.xml"}}) {
        const test_support::Converted c = test_support::convert_sample(sample, mapping);
        const ConversionResult& r = c.result;
        EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported) << sample;
        EXPECT_EQ(r.warnings(), r.warning_counts.on_used_cells + r.warning_counts.on_unused_cells +
                                    r.warning_counts.elsewhere)
            << sample;
        // Every cell not used has a line of its own, or is counted in a sheet_not_read line.
        EXPECT_LE(r.cells_reported, r.diagnostics.size()) << sample;
    }
}

// A dashboard ref cell listing the same ref twice (sample 002's C51 holds 'G9 ... ---------- G1
// ...'; here both are G9): the warning says so instead of naming C51 as the other place.
TEST(TruthfulDiagnosticsTest, ARefRepeatedInOneCellDoesNotNameItself) {
    test_support::LoadedSample s =
        test_support::load_sample("002_dashboard.xlsx", "jhws-dashboard.xml");
    Sheet* sheet = nullptr;
    for (Sheet& candidate : s.workbook.sheets)
        if (candidate.name == "Living and Supported Well") sheet = &candidate;
    ASSERT_NE(sheet, nullptr);
    Cell* c51 = nullptr;
    for (Row& row : sheet->rows)
        for (Cell& cell : row.cells)
            if (row.index == 50 && cell.col == 2) c51 = &cell;
    ASSERT_NE(c51, nullptr);
    const std::string original(s.workbook.text(*c51));
    ASSERT_NE(original.find("\nG1\n"), std::string::npos) << original;
    std::string twice = original;
    twice.replace(twice.find("\nG1\n") + 1, 2, "G9");
    c51->text = s.workbook.add_string(twice);
    const ConversionResult r = convert_workbook(s.workbook, s.mapping);
    bool said = false;
    for (const ConvertDiagnostic& d : r.diagnostics) {
        if (d.code != "duplicate_ref") continue;
        EXPECT_EQ(d.message.find("used at " + d.where.cell), std::string::npos) << d.message;
        if (d.where.sheet == "Living and Supported Well" &&
            d.message.find("ref 'G9' is used twice in this cell") != std::string::npos)
            said = true;
    }
    EXPECT_TRUE(said);
}
