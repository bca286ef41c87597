// <table> read from a workbook built in memory: records, their outcomes, observations and
// expectations with the cells they came from, and every cell the table cannot use reported
// (docs/mapping-reference.md, "<table>" and "Diagnostics").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

TEST(TableReadTest, RecordsBecomeIndicatorsWithObservationsAndTheirCells) {
    const Workbook wb = workbook_of({{"Data",
                                      {{"Outcomes 2021"},
                                       {},
                                       {"Indicator", "Aim", "2019/20", "2020/21"},
                                       {"Smoking prevalence", "Reduce", "18.5", "17.2"},
                                       {"Employment rate", "Increase", "71", "-"}}}},
                                    "outcomes.xlsx");
    const Mapping m = mapping_of(R"(<mapping id="t" version="1">
  <table header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
    <column header="Aim" role="indicator.aim"/>
    <columns header-pattern="^(\d{4}/\d\d)$" role="observation" period="$1"/>
  </table></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);
    ASSERT_EQ(r.model.indicators.size(), 2u) << codes(r);
    const Indicator* smoking = indicator_titled(r.model, "Smoking prevalence");
    ASSERT_NE(smoking, nullptr);
    EXPECT_EQ(smoking->where.file, "outcomes.xlsx");
    EXPECT_EQ(smoking->where.sheet, "Data");
    EXPECT_EQ(smoking->where.cell, "A4");
    EXPECT_EQ(smoking->aim.direction, Aim::Direction::decrease);
    EXPECT_EQ(smoking->polarity, Polarity::lower_is_better);  // set by the aim

    const auto values = observations_of(r.model, smoking);
    ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0]->period.label(), "2019/20");
    EXPECT_EQ(values[0]->value, 18.5);
    EXPECT_EQ(values[0]->where.cell, "C4");
    EXPECT_EQ(values[1]->period.label(), "2020/21");
    EXPECT_EQ(values[1]->where.cell, "D4");

    // A missing marker is an observation without a value, saying why.
    const auto employment = observations_of(r.model, indicator_titled(r.model, "Employment rate"));
    ASSERT_EQ(employment.size(), 2u);
    EXPECT_FALSE(employment[1]->value.has_value());
    EXPECT_EQ(employment[1]->missing, MissingReason::not_available);
    EXPECT_EQ(employment[1]->raw, "-");

    // The title above the header row is outside the table, said, not read.
    const ConvertDiagnostic* title = diagnostic(r, "outside_region", "A1");
    ASSERT_NE(title, nullptr) << codes(r);
    EXPECT_EQ(title->severity, Severity::info);
    EXPECT_EQ(r.cells_seen, 13u);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
    EXPECT_EQ(r.cells_reported, 1u) << codes(r);
}

TEST(TableReadTest, CellsTheTableCannotUseAreReportedNotDropped) {
    const Workbook wb = workbook_of({{"Data",
                                      {{"Indicator", "2019/20", "Comment"},
                                       {"Smoking prevalence", "lots", "check"},
                                       {"", "", "", "stray"},
                                       {"Employment rate", "71"}}}});
    const Mapping m = mapping_of(R"(<mapping id="t" version="1">
  <table header="Indicator">
    <column header="Indicator" role="indicator.title" key="true"/>
    <columns header-pattern="^(\d{4}/\d\d)$" role="observation" period="$1"/>
    <column header="Aim" role="indicator.aim"/>
  </table></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);
    EXPECT_EQ(r.model.indicators.size(), 2u) << codes(r);
    // A header no rule takes, a rule no header takes, and a value that is no number.
    ASSERT_NE(diagnostic(r, "unmapped_header", "C1"), nullptr) << codes(r);
    EXPECT_EQ(diagnostic(r, "unmapped_header", "C1")->severity, Severity::warning);
    EXPECT_NE(diagnostic(r, "column_not_found"), nullptr) << codes(r);
    const ConvertDiagnostic* lots = diagnostic(r, "value_not_parsed", "B2");
    ASSERT_NE(lots, nullptr) << codes(r);
    EXPECT_EQ(lots->raw, "lots");
    EXPECT_EQ(lots->severity, Severity::warning);
    // The unread column's cell and the stray cell are each reported at their own cell.
    bool comment_reported = false, stray_reported = false;
    for (const ConvertDiagnostic& d : r.diagnostics) {
        comment_reported = comment_reported || d.where.cell == "C2";
        stray_reported = stray_reported || d.where.cell == "D3";
    }
    EXPECT_TRUE(comment_reported) << codes(r);
    EXPECT_TRUE(stray_reported) << codes(r);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}

TEST(TableReadTest, GroupColumnsLinkRecordsAndContinuationRowsJoin) {
    const Workbook wb = workbook_of({{"Grid",
                                      {{"Domain", "Indicator", "Year 20/21"},
                                       {"Domain 1 Healthy", "Smoking prevalence in", "Baseline"},
                                       {"lives", "adults", ""},
                                       {"", "Employment rate", "Improvment"},
                                       {"Domain 2 Care", "Delayed discharges", "Maybe"},
                                       {"", "Waiting times", "12.5"}}}});
    const Mapping m = mapping_of(R"x(<mapping id="t" version="1">
  <table header="Indicator">
    <column header="Domain" role="outcome" level="domain" group-start="^(Domain\s*\d+)"/>
    <column header="Indicator" role="indicator.title" key="true"/>
    <columns header-pattern="^Year (\d\d/\d\d)$" role="expectation" period="$1"
             vocabulary="trajectory"/>
  </table>
  <vocabulary id="trajectory" fuzzy="1">
    <term value="baseline" text="Baseline"/>
    <term value="improvement" text="Improvement"/>
  </vocabulary></mapping>)x");
    const ConversionResult r = convert_workbook(wb, m);

    // Row 3 continues row 2: its key starts in lower case, its group cell continues the title.
    ASSERT_EQ(r.model.indicators.size(), 4u) << codes(r);
    const Indicator* smoking = indicator_titled(r.model, "Smoking prevalence in adults");
    ASSERT_NE(smoking, nullptr) << codes(r);
    EXPECT_EQ(smoking->where.cell, "B2:B3");
    EXPECT_NE(diagnostic(r, "continuation_joined"), nullptr) << codes(r);
    EXPECT_NE(diagnostic(r, "group_title_joined", "A3"), nullptr) << codes(r);

    const Outcome* domain1 = outcome_titled(r.model, "Domain 1 Healthy lives");
    ASSERT_NE(domain1, nullptr) << codes(r);
    EXPECT_EQ(domain1->code, "Domain 1");
    EXPECT_EQ(domain1->level, "domain");
    const Outcome* domain2 = outcome_titled(r.model, "Domain 2 Care");
    ASSERT_NE(domain2, nullptr);
    // Each indicator is linked to the outcome current on its first row.
    auto outcome_of = [&](const char* title) -> std::string {
        const Indicator* i = indicator_titled(r.model, title);
        if (!i) return "no indicator";
        const auto links = links_of(r.model, "indicator_of", i->id);
        return links.size() == 1 ? links[0]->to_id : "links: " + std::to_string(links.size());
    };
    EXPECT_EQ(outcome_of("Employment rate"), domain1->id);
    EXPECT_EQ(outcome_of("Waiting times"), domain2->id);

    // Expectations: a term, a fuzzy match said, a number as a target, and a word no term is.
    ASSERT_EQ(r.model.expectations.size(), 3u) << codes(r);
    EXPECT_EQ(r.model.expectations[0].kind, ExpectationKind::baseline);
    EXPECT_EQ(r.model.expectations[0].where.cell, "C2");
    EXPECT_EQ(r.model.expectations[0].period.label(), "2020/21");
    EXPECT_EQ(r.model.expectations[1].kind, ExpectationKind::improvement);
    ASSERT_NE(diagnostic(r, "term_corrected", "C4"), nullptr) << codes(r);
    EXPECT_EQ(r.model.expectations[2].kind, ExpectationKind::target);
    EXPECT_EQ(r.model.expectations[2].target, 12.5);
    const ConvertDiagnostic* maybe = diagnostic(r, "term_not_recognised", "C5");
    ASSERT_NE(maybe, nullptr) << codes(r);
    EXPECT_EQ(maybe->severity, Severity::warning);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}

TEST(TableReadTest, AKeyColumnOfOutcomesListsOutcomesWithCodesSummariesAndOutputs) {
    const Workbook wb = workbook_of({{"Outcomes",
                                      {{"Outcome", "Title", "Indicator summary", "Outputs"},
                                       {"1", "Best start in life", "Of 4 indicators, 3 improved",
                                        "- Healthy pregnancies\n- Ready for school"},
                                       {"2", "Living well", "", ""}}}});
    const Mapping m = mapping_of(R"(<mapping id="t" version="1">
  <table header="Indicator summary">
    <column header="Title" role="outcome" level="outcome" key="true"/>
    <column header="Outcome" role="outcome.code"/>
    <column header="Indicator summary" role="outcome.summary"/>
    <column header="Outputs" role="outcome.outputs"/>
  </table></mapping>)");
    const ConversionResult r = convert_workbook(wb, m);
    EXPECT_TRUE(r.model.indicators.empty());
    const Outcome* best = outcome_titled(r.model, "Best start in life");
    ASSERT_NE(best, nullptr) << codes(r);
    EXPECT_EQ(best->code, "1");
    EXPECT_EQ(best->level, "outcome");
    EXPECT_EQ(best->summary, "Of 4 indicators, 3 improved");
    EXPECT_EQ(best->where.cell, "B2");
    ASSERT_NE(outcome_titled(r.model, "Living well"), nullptr);
    // Each output line is an outcome of level output under its outcome, listed as a measure gap.
    for (const char* title : {"Healthy pregnancies", "Ready for school"}) {
        const Outcome* output = outcome_titled(r.model, title);
        ASSERT_NE(output, nullptr) << title << "\n" << codes(r);
        EXPECT_EQ(output->level, "output");
        EXPECT_EQ(output->parent_id, best->id);
    }
    EXPECT_EQ(count_of(r, "measure_gap"), 2u) << codes(r);
    EXPECT_EQ(diagnostic(r, "measure_gap")->where.cell, "D2");
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}
