// Status columns read from a workbook built in memory: a <status> or <status-columns> column is
// kpimap update's output, so converting reports its cells as status_cell (never data) and leaves
// out nothing else; each indicator row is a place to write its statuses
// (docs/mapping-reference.md, "<status>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

// The status_row slot on `cell`, or nullptr.
const WriteSlot* status_row(const ConversionResult& r, std::string_view cell) {
    for (const WriteSlot& s : r.slots)
        if (s.kind == WriteSlot::Kind::status_row && to_a1(s.cell) == cell) return &s;
    return nullptr;
}

}  // namespace

TEST(StatusColumnsReadTest, StatusCellsOfATableAreReportedNotRead) {
    const Workbook wb = workbook_of({{"Grid",
                                      {{"Indicator", "Year 20/21", "Direction", "RAG 20/21"},
                                       {"Smoking prevalence", "12", "Improved", "Green"},
                                       {"Employment rate", "71"}}}});
    const Mapping m = mapping_of(R"(<mapping id="s" version="1">
  <table header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
    <columns header-pattern="^Year (\d\d/\d\d)$" role="observation" period="$1"/>
    <status show="travel" header="Direction"/>
    <status-columns show="trajectory" header-pattern="^RAG (\d\d/\d\d)$"/>
  </table></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);
    ASSERT_EQ(r.model.indicators.size(), 2u) << codes(r);
    EXPECT_EQ(r.model.observations.size(), 2u);
    // The status headers and cells: each reported, none read as data nor as unmapped.
    for (const char* cell : {"C1", "D1", "C2", "D2"}) {
        const ConvertDiagnostic* d = diagnostic(r, "status_cell", cell);
        ASSERT_NE(d, nullptr) << cell << "\n" << codes(r);
        EXPECT_EQ(d->severity, Severity::info);
    }
    EXPECT_EQ(count_of(r, "status_cell"), 4u);
    EXPECT_EQ(count_of(r, "unmapped_header") + count_of(r, "unmapped_cell"), 0u) << codes(r);
    EXPECT_EQ(r.warnings(), 0u) << codes(r);
    // They are left out on purpose: the sheet is wholly accounted for.
    ASSERT_EQ(r.sheets.size(), 1u);
    EXPECT_EQ(r.sheets[0].left_out, 4u);
    EXPECT_EQ(r.sheets[0].coverage(), 1.0);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);

    // Each indicator row is where its statuses go, with the targets to write.
    const WriteSlot* smoking = status_row(r, "A2");
    ASSERT_NE(smoking, nullptr);
    ASSERT_NE(smoking->statuses, nullptr);
    EXPECT_EQ(smoking->statuses->size(), 2u);
    EXPECT_EQ(smoking->indicator_id, indicator_titled(r.model, "Smoking prevalence")->id);
    EXPECT_NE(status_row(r, "A3"), nullptr);
}

TEST(StatusColumnsReadTest, AStatusColumnOfAPeriodTableBeforeAndAfterUpdate) {
    const Mapping m = mapping_of(R"(<mapping id="s" version="1">
  <period-table sheet="^Data$">
    <status show="rag" header="RAG" column="D"/>
  </period-table></mapping>)");
    // Before `update`: no header cell yet; the row is still a place to write.
    const ConversionResult before = convert_workbook(
        workbook_of({{"Data", {{"", "2019/20", "2020/21"}, {"Smoking", "12", "11"}}}}), m);
    EXPECT_EQ(before.model.observations.size(), 2u) << codes(before);
    EXPECT_NE(status_row(before, "A2"), nullptr);
    EXPECT_EQ(count_of(before, "status_cell"), 0u);
    // After: its header and cell read as status cells, and the values as before.
    const ConversionResult after = convert_workbook(
        workbook_of(
            {{"Data", {{"", "2019/20", "2020/21", "RAG"}, {"Smoking", "12", "11", "Red"}}}}),
        m);
    EXPECT_EQ(after.model.observations.size(), 2u) << codes(after);
    EXPECT_NE(diagnostic(after, "status_cell", "D1"), nullptr) << codes(after);
    EXPECT_NE(diagnostic(after, "status_cell", "D2"), nullptr) << codes(after);
    EXPECT_EQ(after.warnings(), 0u) << codes(after);
    EXPECT_EQ(after.cells_seen, after.cells_used + after.cells_reported);
}
