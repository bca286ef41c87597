// Conversions of seed samples 002 (JHWS dashboard) and 003 (ICP outcomes framework), with
// counts taken from the seeds (../shared/seeds/002_*, 003_*) and samples/README.md, not from
// kpimap's output.
#include <gtest/gtest.h>

#include "support/samples.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "kpimap/convert.hpp"
#include "kpimap/reader.hpp"

using namespace kpimap;

namespace {

using test_support::convert_sample;
using test_support::Converted;
using test_support::diagnostics;
using test_support::has_diagnostic;

const Outcome* outcome(const Model& m, std::string_view level, std::string_view title) {
    for (const Outcome& o : m.outcomes)
        if (o.level == level && o.title == title) return &o;
    return nullptr;
}

std::size_t count_level(const Model& m, std::string_view level) {
    return static_cast<std::size_t>(std::count_if(
        m.outcomes.begin(), m.outcomes.end(), [&](const Outcome& o) { return o.level == level; }));
}

int indicators_of(const Model& m, const Outcome& o) {
    return static_cast<int>(std::count_if(m.links.begin(), m.links.end(), [&](const Link& l) {
        return l.kind == "indicator_of" && l.to_id == o.id;
    }));
}

std::vector<Mapping> all_mappings() {
    std::vector<Mapping> mappings;
    for (auto& r : load_mappings_in(std::string(KPIMAP_SOURCE_DIR) + "/mappings")) {
        for (const auto& e : r.errors) ADD_FAILURE() << e.text();
        if (r.mapping) mappings.push_back(std::move(*r.mapping));
    }
    return mappings;
}

}  // namespace

// ---- 003: Ambition -> Outcome -> Metric ---------------------------------------------------

TEST(SeedOutcomesFrameworkTest, TenAmbitionsFifteenOutcomesTwentyFiveMetrics) {
    const Converted c = convert_sample("003_outcomes_framework.xlsx", "icp-outcomes-framework.xml");
    const Model& m = c.result.model;
    // Seed 003 lines 26-44: the ten "live your best life" ambitions.
    EXPECT_EQ(count_level(m, "ambition"), 10u);
    // Seed lines 89-241: 4 + 2 + 3 + 3 + 3 outcomes under five of the ambitions.
    EXPECT_EQ(count_level(m, "outcome"), 15u);
    // 10 + 8 + 3 + 4 metrics; "Metric requires development" is not a metric.
    EXPECT_EQ(m.indicators.size(), 25u);
    EXPECT_EQ(m.outcomes.size(), 25u);
    for (const Indicator& i : m.indicators) EXPECT_NE(i.title, "Metric requires development");
}

TEST(SeedOutcomesFrameworkTest, OutcomesNestUnderTheirAmbition) {
    const Converted c = convert_sample("003_outcomes_framework.xlsx", "icp-outcomes-framework.xml");
    const Model& m = c.result.model;
    // Outcomes per ambition, in the seed's order; five ambitions have none.
    std::map<std::string, int> per_ambition;
    for (const Outcome& o : m.outcomes)
        if (o.level == "outcome") {
            const Outcome* parent = m.find_outcome(o.parent_id);
            ASSERT_NE(parent, nullptr) << o.title;
            EXPECT_EQ(parent->level, "ambition");
            ++per_ambition[parent->title];
        }
    std::vector<int> counts;
    for (const Outcome& o : m.outcomes)
        if (o.level == "ambition") {
            EXPECT_TRUE(o.parent_id.empty());
            counts.push_back(per_ambition[o.title]);
        }
    EXPECT_EQ(counts, (std::vector<int>{4, 0, 0, 0, 0, 2, 3, 3, 0, 3}));
    // Metrics per outcome of "Best start in Life" (seed lines 89-116): 3, 3, 1, 3.
    std::vector<int> best_start;
    for (const char* title :
         {"Pregnant women are healthy and well", "Children are healthy from birth and develop well",
          "Children are equipped to start school", "Looked after children are healthy and well"}) {
        const Outcome* o = outcome(m, "outcome", title);
        ASSERT_NE(o, nullptr) << title;
        best_start.push_back(indicators_of(m, *o));
    }
    EXPECT_EQ(best_start, (std::vector<int>{3, 3, 1, 3}));
    // "admissions caused by ..." starts in lower case but is a metric of its own (seed line 165).
    EXPECT_NE(std::find_if(
                  m.indicators.begin(), m.indicators.end(),
                  [](const Indicator& i) { return i.title.starts_with("admissions caused by"); }),
              m.indicators.end());
    // Every metric is linked to an outcome (none sits directly under an ambition here).
    int linked = 0;
    for (const Link& l : m.links)
        if (l.kind == "indicator_of") {
            ++linked;
            EXPECT_EQ(m.find_outcome(l.to_id)->level, "outcome");
        }
    EXPECT_EQ(linked, 25);
}

TEST(SeedOutcomesFrameworkTest, MetricGapsAreReportedNotIndicators) {
    const Converted c = convert_sample("003_outcomes_framework.xlsx", "icp-outcomes-framework.xml");
    // The seed prints "Metric requires development" twice (lines 245, 247) for the three
    // outcomes of the last ambition; the sample gives each of the three outcomes its gap
    // (C34:C36, samples/README.md), so three gaps are reported.
    const auto gaps = diagnostics(c.result, "measure_gap");
    ASSERT_EQ(gaps.size(), 3u);
    for (const char* cell : {"C34", "C35", "C36"})
        EXPECT_TRUE(has_diagnostic(c.result, "measure_gap", cell)) << cell;
    for (const auto* d : gaps) EXPECT_EQ(d->severity, Severity::info);
    EXPECT_NE(gaps[0]->message.find("Older people, those with care needs"), std::string::npos);
    // The three outcomes exist even though none has a metric.
    const Outcome* o = outcome(c.result.model, "outcome", "Rough sleeping rates are low");
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(indicators_of(c.result.model, *o), 1);
}

TEST(SeedOutcomesFrameworkTest, AmbitionListGivesNumbersAndFlagsTheWordingDifference) {
    const Converted c = convert_sample("003_outcomes_framework.xlsx", "icp-outcomes-framework.xml");
    const Model& m = c.result.model;
    // LYBL Ambitions B3 "Best Start in Life" is Framework A4 "Best start in Life" (case only).
    const Outcome* best = outcome(m, "ambition", "Best start in Life");
    ASSERT_NE(best, nullptr);
    EXPECT_EQ(best->code, "1");
    // B12 "To be accepted ..." against A34 "People are accepted ...": same position, reported.
    const Outcome* last =
        outcome(m, "ambition", "People are accepted and valued simply for who they are");
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last->code, "10");
    EXPECT_TRUE(has_diagnostic(c.result, "outcome_title_differs", "B12"));
    EXPECT_EQ(c.result.warnings(), 1u);
}

TEST(SeedOutcomesFrameworkTest, EveryCellIsUsedOrReported) {
    const Converted c = convert_sample("003_outcomes_framework.xlsx", "icp-outcomes-framework.xml");
    std::size_t cells = 0;
    for (const Sheet& s : c.workbook.sheets) cells += s.cell_count();
    EXPECT_EQ(c.result.cells_seen, cells);
    EXPECT_EQ(c.result.cells_seen, c.result.cells_used + c.result.cells_reported);
    // Reported: the two sheet titles and the three gaps.
    EXPECT_EQ(c.result.cells_reported, 5u);
}

TEST(SeedDetectionTest, OutcomesFrameworkFindsItsMapping) {
    const std::vector<Mapping> mappings = all_mappings();
    LoadResult wb =
        load_workbook(std::string(KPIMAP_SOURCE_DIR) + "/samples/003_outcomes_framework.xlsx");
    ASSERT_TRUE(wb) << wb.status.message();
    MappingChoice choice = choose_mapping(*wb.workbook, mappings);
    ASSERT_EQ(choice.outcome, MappingChoice::Outcome::chosen);
    EXPECT_EQ(choice.mapping->id, "icp-outcomes-framework");
}

// ---- 002: theme dashboards -----------------------------------------------------------------

namespace {

const std::vector<std::string> kThemes = {
    "Best Start for Life", "Staying Healthy, Safe and Well", "Living and Supported Well",
    "Dying Well",          "Reducing Health Inequalities",   "Improved Mental Health",
    "COVID-19 Recovery"};

}  // namespace

TEST(SeedDashboardTest, SevenThemesWithTheirNumberedIndicators) {
    const Converted c = convert_sample("002_dashboard.xlsx", "jhws-dashboard.xml");
    const Model& m = c.result.model;
    std::vector<std::string> themes;
    for (const Outcome& o : m.outcomes)
        if (o.level == "theme") themes.push_back(o.title);
    EXPECT_EQ(themes, kThemes);
    // Numbered indicators per theme in seed 002: 1.-23., 1.-28., 1.-13., 1.-6., 1.-7., 1.-13.
    // and 1.-5. (95). Each is an indicator_of link from its cell, or (Staying Healthy's second
    // "Air pollution", 11.) a duplicate reported under the same priority.
    std::map<std::string, int> numbered;
    for (const Link& l : m.links)
        if (l.kind == "indicator_of") ++numbered[l.where.sheet];
    for (const auto* d : diagnostics(c.result, "duplicate_indicator")) ++numbered[d->where.sheet];
    std::vector<int> counts;
    for (const std::string& t : kThemes) counts.push_back(numbered[t]);
    EXPECT_EQ(counts, (std::vector<int>{23, 28, 13, 6, 7, 13, 5}));
    EXPECT_TRUE(has_diagnostic(c.result, "duplicate_indicator", "B13"));
    // The numbering is dropped, question marks and lower case are kept as written.
    auto has = [&](std::string_view title) {
        return std::any_of(m.indicators.begin(), m.indicators.end(),
                           [&](const Indicator& i) { return i.title == title; });
    };
    EXPECT_TRUE(has("Smoking status at time of delivery"));
    EXPECT_TRUE(has("babies first breast milk?"));
    EXPECT_TRUE(has("Estimated Dementia diagnosis rate (65+)"));  // 13. of one run-together cell
    EXPECT_TRUE(
        has("NHS OF: emergency admissions for acute conditions that should not require hospital "
            "admission"));
    // Notes in the indicator column are not indicators.
    EXPECT_TRUE(has_diagnostic(c.result, "not_an_indicator", "B7"));
    for (const Indicator& i : m.indicators)
        EXPECT_FALSE(i.title.starts_with("Do we have any workforce")) << i.title;
}

TEST(SeedDashboardTest, CommitmentsCarryTheirRefsAsWritten) {
    const Converted c = convert_sample("002_dashboard.xlsx", "jhws-dashboard.xml");
    const Model& m = c.result.model;
    // Refs per theme (samples/README.md, checked against seed 002): 20, 19, 13, 10, 4, 6, 5 = 77;
    // Living and Supported Well also has two commitments without a ref (D12, D13).
    std::map<std::string, int> refs, no_ref;
    for (const Outcome& o : m.outcomes)
        if (o.level == "commitment") ++(o.code.empty() ? no_ref : refs)[o.where.sheet];
    std::vector<int> counts;
    for (const std::string& t : kThemes) counts.push_back(refs[t]);
    EXPECT_EQ(counts, (std::vector<int>{20, 19, 13, 10, 4, 6, 5}));
    EXPECT_EQ(no_ref, (std::map<std::string, int>{{"Living and Supported Well", 2}}));
    std::vector<std::string> best_start;
    for (const Outcome& o : m.outcomes)
        if (o.level == "commitment" && o.where.sheet == "Best Start for Life" &&
            o.code.starts_with("A"))
            best_start.push_back(o.code);
    EXPECT_EQ(best_start, (std::vector<std::string>{"A.1", "A.2", "A.3", "A.4", "A5", "A6"}));
    EXPECT_TRUE(has_diagnostic(c.result, "commitment_without_text", "C19"));  // B2
    EXPECT_TRUE(has_diagnostic(c.result, "duplicate_ref", "C51"));        // the second "G1" (G10)
    EXPECT_TRUE(has_diagnostic(c.result, "continuation_joined", "D56"));  // E7 across a page break
    // Ref and text in one merged cell: "K1 We will prioritise ...".
    const Outcome* k1 = nullptr;
    for (const Outcome& o : m.outcomes)
        if (o.code == "K1") k1 = &o;
    ASSERT_NE(k1, nullptr);
    EXPECT_TRUE(k1->title.starts_with("We will prioritise Mental Health"));
}

TEST(SeedDashboardTest, ActionsBelongToTheCommitmentTheirCodeNames) {
    const Converted c = convert_sample("002_dashboard.xlsx", "jhws-dashboard.xml");
    const Model& m = c.result.model;
    // Seed 002 line 4: A.1.1-A.1.5, A.2.1-A.2.4, A.3.1-A.3.4, A.4.1, A.5.1-A.5.2, A.6.1-A.6.3
    // in one cell, B.1.1-B.6.1 in another, then C.1.1, C.4.1, C.4.2, C.6.1, C.6.2, C.7.1,
    // C.7.2, C.8.1: 19 + 6 + 8 = 33 actions on Best Start for Life.
    std::map<std::string, int> actions;
    for (const Outcome& o : m.outcomes)
        if (o.level == "action") ++actions[o.where.sheet];
    EXPECT_EQ(actions["Best Start for Life"], 33);
    // Reducing Health Inequalities: L.1.1-4, L.2.1-5, L.3.1-4, L4.1.1 = 14; Improved Mental
    // Health: K.1.1-3, K.2.1, K.3.1, K.4.1-5, K.5.1-2, K.6.1 = 13; COVID-19: M.1.1-3,
    // M.2.1-3, M.3.1, M.4.1-2, M.5.1-2 = 11 (M.1.3 with no text).
    EXPECT_EQ(actions["Reducing Health Inequalities"], 14);
    EXPECT_EQ(actions["Improved Mental Health"], 13);
    EXPECT_EQ(actions["COVID-19 Recovery"], 11);
    EXPECT_TRUE(has_diagnostic(c.result, "empty_action", "F5"));
    // Every action has exactly one action_of link, to a commitment.
    std::map<std::string, int> owners;
    for (const Link& l : m.links)
        if (l.kind == "action_of") {
            ++owners[l.from_id];
            EXPECT_EQ(m.find_outcome(l.to_id)->level, "commitment");
        }
    for (const Outcome& o : m.outcomes) {
        if (o.level == "action") {
            EXPECT_EQ(owners[o.id], 1) << o.code;
        }
    }
    // K.4.1 is written in K3's cell but belongs to K4; L1.2. sits under I2 with no L1 on the sheet.
    auto owner_code = [&](std::string_view code) -> std::string {
        for (const Outcome& o : m.outcomes)
            if (o.level == "action" && o.code == code) return m.find_outcome(o.parent_id)->code;
        return "?";
    };
    EXPECT_EQ(owner_code("K.4.1"), "K4");
    EXPECT_EQ(owner_code("C.1.1"), "C1");
    EXPECT_EQ(owner_code("A.5.1"), "A5");  // "A5" written without the dot
    EXPECT_EQ(owner_code("L1.2."), "I2");
    EXPECT_TRUE(has_diagnostic(c.result, "action_code_mismatch", "F6"));
}

TEST(SeedDashboardTest, CrossReferencesAreLinksOrWarnings) {
    const Converted c = convert_sample("002_dashboard.xlsx", "jhws-dashboard.xml");
    const Model& m = c.result.model;
    // "A.4.1 C&FPP Priority 5 See A.1 and A.3.4. See A.1 and A.3.4." (seed line 4): A.4.1 refers to
    // commitment A.1 and action A.3.4; "See" does not start new actions.
    const Outcome* a41 = nullptr;
    for (const Outcome& o : m.outcomes)
        if (o.code == "A.4.1") a41 = &o;
    ASSERT_NE(a41, nullptr);
    std::set<std::string> targets;
    for (const Link& l : m.links)
        if (l.kind == "see_also" && l.from_id == a41->id)
            targets.insert(m.find_outcome(l.to_id)->code);
    EXPECT_EQ(targets, (std::set<std::string>{"A.1", "A.3.4"}));
    for (const Outcome& o : m.outcomes)
        EXPECT_NE(o.code, "A.3.4.") << "a reference became an action";
    // "See C.3.1." names an action that does not exist (C3 has none); "See F4." a missing ref.
    EXPECT_TRUE(has_diagnostic(c.result, "unresolved_reference", "F33"));
    EXPECT_TRUE(has_diagnostic(c.result, "unresolved_reference", "F36"));
    EXPECT_TRUE(has_diagnostic(c.result, "unresolved_reference", "F32"));
    // "See E3 linking ..." (Best Start F39) resolves across sheets to Staying Healthy's E3.
    bool e3 = false;
    for (const Link& l : m.links)
        if (l.kind == "see_also" && l.where.cell == "F39" && m.find_outcome(l.to_id)->code == "E3")
            e3 = true;
    EXPECT_TRUE(e3);
}

TEST(SeedDashboardTest, EveryCellIsUsedOrReported) {
    const Converted c = convert_sample("002_dashboard.xlsx", "jhws-dashboard.xml");
    std::size_t cells = 0;
    for (const Sheet& s : c.workbook.sheets) cells += s.cell_count();
    EXPECT_EQ(c.result.cells_seen, cells);
    EXPECT_EQ(c.result.cells_seen, c.result.cells_used + c.result.cells_reported);
    EXPECT_TRUE(diagnostics(c.result, "unmapped_cell").empty());
    EXPECT_TRUE(diagnostics(c.result, "sheet_not_read").empty());
    // Living's stray separator row A52:D52 is reported as placeholders.
    for (const char* cell : {"A52", "B52", "C52", "D52"})
        EXPECT_TRUE(has_diagnostic(c.result, "placeholder", cell)) << cell;
}

TEST(SeedDetectionTest, DashboardFindsItsMappingAndOthersStillFindTheirs) {
    const std::vector<Mapping> mappings = all_mappings();
    for (const auto& [sample, id] : std::vector<std::pair<std::string, std::string>>{
             {"002_dashboard.xlsx", "jhws-dashboard"},
             {"003_outcomes_framework.xlsx", "icp-outcomes-framework"},
             {"000_trajectory_grid.xlsx", "icp-trajectory-grid"},
             {"001_outcomes_report.xlsx", "hwb-outcomes-report"},
             {"004_mh_pmf_matrix.xlsx", "mh-pmf-matrix"}}) {
        LoadResult wb = load_workbook(std::string(KPIMAP_SOURCE_DIR) + "/samples/" + sample);
        ASSERT_TRUE(wb) << wb.status.message();
        MappingChoice choice = choose_mapping(*wb.workbook, mappings);
        ASSERT_EQ(choice.outcome, MappingChoice::Outcome::chosen) << sample;
        EXPECT_EQ(choice.mapping->id, id) << sample;
    }
}
