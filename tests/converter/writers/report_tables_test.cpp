// The tables behind the report sheets, on small constructed models whose answers are worked out
// by hand in the comments: summary RAG totals, status rows and their series, the contribution
// matrix and its totals, the indicators × frameworks matrix, commitments × indicators, and gaps.
#include <gtest/gtest.h>

#include "kpimap/report.hpp"

using namespace kpimap;

namespace {

Outcome outcome(std::string id, std::string level, std::string code, std::string title,
                std::string parent = "") {
    Outcome o;
    o.id = std::move(id);
    o.framework_id = "f";
    o.level = std::move(level);
    o.code = std::move(code);
    o.title = std::move(title);
    o.parent_id = std::move(parent);
    o.where = {"x.xlsx", "S", "A1"};
    return o;
}

Indicator indicator(std::string id, std::string title, std::string framework = "f") {
    Indicator i;
    i.id = std::move(id);
    i.framework_id = std::move(framework);
    i.title = std::move(title);
    i.polarity = Polarity::higher_is_better;
    i.where = {"x.xlsx", "S", "B2"};
    return i;
}

Link link(std::string kind, std::string from, std::string to, std::string strength = "",
          std::string raw = "") {
    return {std::move(kind),     std::move(from), std::move(to),
            std::move(strength), std::move(raw),  {"x.xlsx", "S", "C3"}};
}

Observation obs(std::string indicator, const char* period, std::optional<double> value) {
    Observation o;
    o.indicator_id = std::move(indicator);
    o.period = *parse_period(period);
    o.period_text = period;
    o.value = value;
    if (!value) o.missing = MissingReason::not_available;
    return o;
}

}  // namespace

TEST(ReportTables, StatusRowsCarryTheSeriesInPeriodOrderAndTheTravelScore) {
    Model m;
    m.outcomes.push_back(outcome("o1", "outcome", "1", "Start well"));
    m.indicators.push_back(indicator("a", "Breastfeeding"));
    m.indicators.push_back(indicator("b", "Smoking"));
    m.indicators.back().polarity = Polarity::lower_is_better;
    m.indicators.push_back(indicator("c", "No data yet"));
    m.links.push_back(link("indicator_of", "a", "o1"));
    // Written out of order: the series must come back as 2019, 2020, 2021.
    m.observations.push_back(obs("a", "2021", 60));
    m.observations.push_back(obs("a", "2019", 50));
    m.observations.push_back(obs("a", "2020", 55));
    m.observations.push_back(obs("b", "2020", 20));
    m.observations.push_back(obs("b", "2021", 25));  // up 25%, lower is better: worsened
    const StatusResult st = compute_statuses(m);
    const std::vector<StatusRow> rows = report_status_rows(m, st);
    ASSERT_EQ(rows.size(), 3u);
    const StatusRow& a = rows[0];
    EXPECT_EQ(a.outcome, "1 Start well");
    EXPECT_EQ(a.series, (std::vector<double>{50, 55, 60}));
    EXPECT_EQ(a.latest_value, 60);
    EXPECT_EQ(a.latest_period, "2021");
    EXPECT_EQ(a.previous_value, 55);
    EXPECT_EQ(a.travel, "improved");  // 55 -> 60 is +9%, above the 2% tolerance
    EXPECT_EQ(a.travel_score, 1);
    EXPECT_EQ(rows[1].outcome, "");  // no indicator_of link
    EXPECT_EQ(rows[1].travel, "worsened");
    EXPECT_EQ(rows[1].travel_score, -1);
    EXPECT_EQ(rows[2].travel, "no_comparator");
    EXPECT_FALSE(rows[2].travel_score.has_value());
    EXPECT_TRUE(rows[2].series.empty());
}

TEST(ReportTables, OutcomeLabelsDoNotRepeatACodeTheTitleStartsWith) {
    Model m;
    m.outcomes.push_back(outcome("d1", "domain", "Domain 1", "Domain 1 Individual Outcomes"));
    m.indicators.push_back(indicator("a", "A"));
    m.links.push_back(link("indicator_of", "a", "d1"));
    const std::vector<StatusRow> rows = report_status_rows(m, compute_statuses(m));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].outcome, "Domain 1 Individual Outcomes");
}

TEST(ReportTables, StatusRowsStopTheSeriesAtTheAsOfPeriod) {
    Model m;
    m.indicators.push_back(indicator("a", "A"));
    for (const char* y : {"2018", "2019", "2020", "2021"})
        m.observations.push_back(obs("a", y, 10 + (y[3] - '0')));
    StatusOptions options;
    options.as_of = parse_period("2020");
    const std::vector<StatusRow> rows = report_status_rows(m, compute_statuses(m, options));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].series, (std::vector<double>{18, 19, 10}));  // 2018, 2019, 2020 (=10+0)
    EXPECT_EQ(rows[0].latest_period, "2020");
}

TEST(ReportTables, SummaryRowsCountRagOverTheOutcomesIndicators) {
    StatusResult st;
    IndicatorStatus red, green, none;
    red.indicator_id = "r";
    red.rag = Rag::red;
    green.indicator_id = "g";
    green.rag = Rag::green;
    none.indicator_id = "n";
    st.indicators = {red, green, none};
    OutcomeSummary o1;
    o1.outcome_id = "o1";
    o1.indicators = 3;
    o1.improved = 2;
    o1.indicator_ids = {"r", "g", "n"};
    OutcomeSummary empty;  // no indicators, no published text: not a summary row
    empty.outcome_id = "o2";
    OutcomeSummary published;  // no indicators but the source says why
    published.outcome_id = "o3";
    published.published = "All outputs do not yet have assigned measures.";
    OutcomeSummary unshown;  // the source counts 6 but shows none of them
    unshown.outcome_id = "o4";
    unshown.published = "Of 6 indicators identified, 4 have seen a positive change";
    unshown.published_counts = parse_published_summary(unshown.published);
    OutcomeSummary fewer = o1;  // the source counts 13, the model has the 3 it shows
    fewer.outcome_id = "o5";
    fewer.published = "Of 13 indicators identified, 5 have seen a positive change";
    fewer.published_counts = parse_published_summary(fewer.published);
    st.outcomes = {o1, empty, published, unshown, fewer};
    const std::vector<SummaryRow> rows = report_summary_rows(st);
    ASSERT_EQ(rows.size(), 4u);
    // Counts beside a published sentence they cannot match say why.
    EXPECT_EQ(rows[0].note, "");
    EXPECT_EQ(rows[1].note, "Nothing counted: no indicator of this outcome is in the model");
    EXPECT_EQ(rows[2].note,
              "Nothing counted: the source counts 6 indicators here but none is in the model "
              "(no series of values for them was read from the source)");
    EXPECT_EQ(rows[3].note,
              "The source counts 13 indicators; only the 3 read into the model are counted");
    EXPECT_EQ(rows[0].outcome_id, "o1");
    EXPECT_EQ(rows[0].red, 1);
    EXPECT_EQ(rows[0].green, 1);
    EXPECT_EQ(rows[0].amber, 0);
    EXPECT_EQ(rows[0].not_assessed, 1);
    EXPECT_EQ(rows[0].improved, 2);
    EXPECT_EQ(rows[1].outcome_id, "o3");
    EXPECT_EQ(rows[1].published, "All outputs do not yet have assigned measures.");
}

// Three strategic outcomes × three national outcomes:
//        N1   N2   N3
//   S1   O    ②
//   S2   O O
//   S3
// Row totals 2, 1, 0 (a cell marked twice counts once); column totals 2, 1, 0.
TEST(ReportTables, ContributionMatrixHasMarkersAndCoverageTotals) {
    Model m;
    for (const char* s : {"S1", "S2", "S3"})
        m.outcomes.push_back(outcome(s, "strategic_outcome", s, std::string("Strategic ") + s));
    for (const char* n : {"N1", "N2", "N3"})
        m.outcomes.push_back(outcome(n, "national_outcome", n, std::string("National ") + n));
    m.links.push_back(link("contributes_to", "S1", "N1", "primary", "O"));
    m.links.push_back(link("contributes_to", "S1", "N2", "secondary", "②"));
    m.links.push_back(link("contributes_to", "S2", "N1", "primary", "O"));
    m.links.push_back(link("contributes_to", "S2", "N1", "primary", "O"));
    m.links.push_back(link("indicator_of", "k", "S1"));  // not a matrix link
    const OutcomeMatrix x = contribution_matrix(m);
    ASSERT_EQ(x.rows.size(), 3u);
    ASSERT_EQ(x.columns.size(), 3u);
    EXPECT_EQ(x.rows[2]->id, "S3");
    EXPECT_EQ(x.columns[2]->id, "N3");
    EXPECT_EQ(x.cells[0][0], "O");
    EXPECT_EQ(x.cells[0][1], "②");
    EXPECT_EQ(x.strengths[0][1], "secondary");
    EXPECT_EQ(x.cells[1][0], "O O");
    EXPECT_EQ(x.cells[2][2], "");
    EXPECT_EQ(x.row_totals, (std::vector<int>{2, 1, 0}));
    EXPECT_EQ(x.column_totals, (std::vector<int>{2, 1, 0}));
}

TEST(ReportTables, ContributionMatrixIsEmptyWithoutContributesToLinks) {
    Model m;
    m.outcomes.push_back(outcome("o", "outcome", "1", "One"));
    EXPECT_TRUE(contribution_matrix(m).empty());
}

// Two sources: source 1 tracks "Smoking prevalence" and "Obesity"; source 2 tracks "Smoking"
// (matched to source 1's by a crosswalk) and "Falls". Merged: smoking (both), obesity (1),
// falls (2).
TEST(ReportTables, FrameworkMatrixNamesWhatEachSourceCallsAnIndicator) {
    Model s1, s2, merged;
    s1.frameworks.push_back({"f1", "Partnership one", "", "", "m1", {}});
    s2.frameworks.push_back({"f2", "Partnership two", "", "", "m2", {}});
    s1.indicators = {indicator("f1/smoking", "Smoking prevalence", "f1"),
                     indicator("f1/obesity", "Obesity", "f1")};
    s2.indicators = {indicator("f2/smoking", "Smoking", "f2"),
                     indicator("f2/falls", "Falls", "f2")};
    merged.indicators = {indicator("f1/smoking", "Smoking prevalence", "f1"),
                         indicator("f1/obesity", "Obesity", "f1"),
                         indicator("f2/falls", "Falls", "f2")};
    ReconcileReport report;
    IndicatorMatch match;
    match.merged_id = "f1/smoking";
    match.source_ids = {"f1/smoking", "f2/smoking"};
    match.rule = MatchRule::crosswalk;
    report.matches.push_back(match);
    const FrameworkMatrix x = framework_matrix(merged, report, {&s1, &s2});
    ASSERT_EQ(x.columns.size(), 2u);
    ASSERT_EQ(x.rows.size(), 3u);
    EXPECT_EQ(x.rows[0].names, (std::vector<std::string>{"Smoking prevalence", "Smoking"}));
    EXPECT_EQ(x.rows[0].tracked, 2);
    EXPECT_EQ(x.rows[0].rule, "crosswalk");
    EXPECT_EQ(x.rows[1].names, (std::vector<std::string>{"Obesity", ""}));
    EXPECT_EQ(x.rows[2].names, (std::vector<std::string>{"", "Falls"}));
    EXPECT_EQ(x.rows[2].tracked, 1);
    EXPECT_EQ(x.rows[2].rule, "");
    EXPECT_TRUE(framework_matrix(merged, report, {&s1}).empty());  // one source: nothing to show
}

// Theme T > priority P1 (indicators i1, i2) > commitment C1; priority P2 (none) > C2, but the
// theme has i3: C2 takes the theme's. C3 has its own indicator i4.
TEST(ReportTables, CommitmentsTakeTheIndicatorsOfTheirNearestPriorityOrTheme) {
    Model m;
    m.outcomes = {outcome("T", "theme", "", "Theme"),
                  outcome("P1", "priority", "", "Priority one", "T"),
                  outcome("C1", "commitment", "A.1", "Commit one", "P1"),
                  outcome("P2", "priority", "", "Priority two", "T"),
                  outcome("C2", "commitment", "A.2", "Commit two", "P2"),
                  outcome("C3", "commitment", "A.3", "Commit three", "P2")};
    m.indicators = {indicator("i1", "One"), indicator("i2", "Two"), indicator("i3", "Three"),
                    indicator("i4", "Four")};
    m.links = {link("indicator_of", "i1", "P1"), link("indicator_of", "i2", "P1"),
               link("indicator_of", "i1", "P1"),  // repeated: listed once
               link("indicator_of", "i3", "T"), link("indicator_of", "i4", "C3")};
    const std::vector<CommitmentRow> rows = commitment_rows(m);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].commitment->id, "C1");
    EXPECT_EQ(rows[0].context, "Theme > Priority one");
    ASSERT_EQ(rows[0].indicators.size(), 2u);
    EXPECT_EQ(rows[0].indicators[0]->id, "i1");
    EXPECT_EQ(rows[0].indicators[1]->id, "i2");
    ASSERT_EQ(rows[1].indicators.size(), 1u);
    EXPECT_EQ(rows[1].indicators[0]->id, "i3");
    ASSERT_EQ(rows[2].indicators.size(), 1u);
    EXPECT_EQ(rows[2].indicators[0]->id, "i4");
}

TEST(ReportTables, GapsListMissingMeasuresUnreachedOutcomesMissingDataAndTbc) {
    Model m;
    m.outcomes = {outcome("o1", "outcome", "1", "Measured"),
                  outcome("o2", "outcome", "2", "Not measured"),
                  outcome("o3", "outcome", "3", "Has outputs"),
                  outcome("out1", "output", "", "An output", "o3"),
                  outcome("S1", "strategic_outcome", "1.1", "Strategic"),
                  outcome("N1", "national_outcome", "1", "Reached"),
                  outcome("N2", "national_outcome", "2", "Unreached")};
    m.indicators = {indicator("a", "With data"), indicator("b", "Suppressed only"),
                    indicator("c", "Nothing")};
    m.links = {link("indicator_of", "a", "o1"), link("indicator_of", "b", "o1"),
               link("indicator_of", "c", "S1"), link("contributes_to", "S1", "N1", "primary", "O")};
    m.observations = {obs("a", "2020", 1), obs("b", "2020", std::nullopt)};
    Expectation tbc;
    tbc.indicator_id = "a";
    tbc.period = *parse_period("2021/22");
    tbc.period_text = "21/22";
    tbc.kind = ExpectationKind::tbc;
    Expectation improvement = tbc;
    improvement.kind = ExpectationKind::improvement;
    m.expectations = {tbc, improvement};
    ConvertDiagnostic note;
    note.code = DiagnosticCode::measure_gap;
    note.raw = "Metric requires development";
    note.message = "outcome 'Not measured' has no measure yet";
    note.where = {"x.xlsx", "Framework", "C34"};
    const std::vector<Gap> gaps = report_gaps(m, {note});
    std::vector<std::pair<std::string, std::string>> got;
    for (const Gap& g : gaps) got.emplace_back(g.kind, g.item);
    const std::vector<std::pair<std::string, std::string>> want = {
        {"no_measure", "2 Not measured"},  // o3 is not listed: its output is
        {"no_measure", "An output"},      {"unreached_outcome", "2 Unreached"},
        {"no_data", "Suppressed only"},   {"no_data", "Nothing"},
        {"expectation_tbc", "With data"}};
    EXPECT_EQ(got, want);
    // The source's words are kept in the detail, with their cell.
    EXPECT_NE(gaps[0].detail.find("Metric requires development"), std::string::npos);
    EXPECT_NE(gaps[0].detail.find("C34"), std::string::npos);
    EXPECT_NE(gaps[3].detail.find("every value is missing"), std::string::npos);
    EXPECT_NE(gaps[5].detail.find("21/22"), std::string::npos);
    // Board readers see levels in words, not identifiers.
    EXPECT_EQ(gaps[2].detail, "no strategic outcome contributes to this national outcome");
    for (const Gap& g : gaps) EXPECT_EQ(g.detail.find('_'), std::string::npos) << g.detail;
}

TEST(ReportTables, UnmatchedMeasureGapNotesAreStillListed) {
    Model m;
    ConvertDiagnostic note;
    note.code = DiagnosticCode::measure_gap;
    note.raw = "Metric requires development";
    note.message = "outcome 'Gone' has no measure yet";
    ConvertDiagnostic other;
    other.code = DiagnosticCode::unmapped_cell;
    const std::vector<Gap> gaps = report_gaps(m, {note, other});
    ASSERT_EQ(gaps.size(), 1u);
    EXPECT_EQ(gaps[0].kind, "no_measure");
    EXPECT_EQ(gaps[0].item, "Metric requires development");
}
