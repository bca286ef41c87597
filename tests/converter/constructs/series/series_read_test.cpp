// <series-blocks> read from a workbook built in memory: the sheet's outcome, blocks across and
// down, judgement markers, observations with their cells, and the blocks and cells that cannot
// be read reported (docs/mapping-reference.md, "<series-blocks>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

const char* kMapping = R"(<mapping id="s" version="1">
  <series-blocks sheet="^Outcome \d+$" value-labels="Value|Percentage">
    <outcome cell="A1" code-pattern="^(\d+):\s*" summary-cell="A2"/>
    <judgement pattern="\s*([✔✘])\s*$"/>
  </series-blocks></mapping>)";

}  // namespace

TEST(SeriesReadTest, BlocksAcrossAndDownBecomeObservationsOfTheSheetsOutcome) {
    const Workbook wb = workbook_of({{"Outcome 1",
                                      {{"1: Best start in life"},
                                       {"Of 2 indicators, 1 improved"},
                                       {},
                                       {"Smoking at delivery", "", "", "", "", "Breastfeeding ✔"},
                                       {"Year", "2013", "2014", "2015", "", "Year", "Percentage"},
                                       {"Value", "3.3", "4.8", "n/a", "", "12/13", "5.8%"},
                                       {"", "", "", "", "", "13/14", "6.1%"}}}},
                                    "report.xlsx");
    const ConversionResult r = convert_workbook(wb, mapping_of(kMapping));

    const Outcome* outcome = outcome_titled(r.model, "Best start in life");
    ASSERT_NE(outcome, nullptr) << codes(r);
    EXPECT_EQ(outcome->code, "1");
    EXPECT_EQ(outcome->level, "outcome");
    EXPECT_EQ(outcome->summary, "Of 2 indicators, 1 improved");
    EXPECT_EQ(outcome->where.cell, "A1");

    // Across: periods along the label's row, values in the value row below.
    const Indicator* smoking = indicator_titled(r.model, "Smoking at delivery");
    ASSERT_NE(smoking, nullptr) << codes(r);
    EXPECT_EQ(smoking->where.cell, "A4");
    const auto across = observations_of(r.model, smoking);
    ASSERT_EQ(across.size(), 3u) << codes(r);
    EXPECT_EQ(across[0]->period.label(), "2013");
    EXPECT_EQ(across[0]->value, 3.3);
    EXPECT_EQ(across[0]->where.cell, "B6");
    EXPECT_EQ(across[0]->where.sheet, "Outcome 1");
    EXPECT_EQ(across[2]->missing, MissingReason::not_applicable);

    // Down: periods below the label, values beside them; the judgement is cut from the title.
    const Indicator* breastfeeding = indicator_titled(r.model, "Breastfeeding");
    ASSERT_NE(breastfeeding, nullptr) << codes(r);
    EXPECT_EQ(breastfeeding->judgement, "✔");
    const auto down = observations_of(r.model, breastfeeding);
    ASSERT_EQ(down.size(), 2u) << codes(r);
    EXPECT_EQ(down[0]->period.label(), "2012/13");
    EXPECT_EQ(down[0]->value, 5.8);
    EXPECT_TRUE(down[0]->percent_shown);
    EXPECT_EQ(down[1]->where.cell, "G7");

    for (const Indicator* i : {smoking, breastfeeding}) {
        const auto of = links_of(r.model, "indicator_of", i->id);
        ASSERT_EQ(of.size(), 1u) << i->title;
        EXPECT_EQ(of[0]->to_id, outcome->id);
    }
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    EXPECT_EQ(r.cells_reported, 0u) << codes(r);
}

TEST(SeriesReadTest, BlocksThatCannotBeReadAreReported) {
    const Workbook wb = workbook_of({{"Outcome 2",
                                      {{},
                                       {},
                                       {"Year", "2013", "2014"},
                                       {"Value", "1", "lots"},
                                       {},
                                       {"Delays"},
                                       {"Year", "Notes"}}}});
    const ConversionResult r = convert_workbook(wb, mapping_of(kMapping));
    // An empty outcome cell: the blocks are still looked at, without an outcome.
    EXPECT_NE(diagnostic(r, "outcome_not_found"), nullptr) << codes(r);
    EXPECT_TRUE(r.model.outcomes.empty());
    // No title above the label; periods neither right nor below.
    const ConvertDiagnostic* untitled = diagnostic(r, "series_without_title", "A3");
    ASSERT_NE(untitled, nullptr) << codes(r);
    EXPECT_EQ(untitled->severity, Severity::warning);
    const ConvertDiagnostic* unknown = diagnostic(r, "series_not_recognised", "A7");
    ASSERT_NE(unknown, nullptr) << codes(r);
    EXPECT_EQ(unknown->severity, Severity::warning);
    EXPECT_TRUE(r.model.indicators.empty()) << codes(r);
    EXPECT_TRUE(r.model.observations.empty());
    // None of the blocks' cells went into the model, and each is accounted for.
    EXPECT_EQ(r.cells_used, 0u);
    EXPECT_EQ(r.cells_seen, r.cells_reported);
}
