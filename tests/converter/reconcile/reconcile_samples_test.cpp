// Golden reconciliation of the samples, with counts derived by hand from the seeds
// (/work/shared/seeds/001_*.txt and samples/README.md), not from kpimap's output.
#include <gtest/gtest.h>

#include "support/samples.hpp"

#include <algorithm>
#include <set>

#include "kpimap/reader.hpp"
#include "kpimap/reconcile.hpp"

using namespace kpimap;

namespace {

ConversionResult convert_sample(const std::string& sample, const std::string& mapping_file) {
    const auto [workbook, mapping] = test_support::load_sample(sample, mapping_file);
    return convert_workbook(workbook, mapping);
}

const ConversionResult& outcomes_001() {
    static const ConversionResult r =
        convert_sample("001_outcomes_report.xlsx", "hwb-outcomes-report.xml");
    return r;
}

const ConversionResult& csv_001() {
    static const ConversionResult r =
        convert_sample("001_data_section.csv", "hwb-data-section.xml");
    return r;
}

bool suggested(const ReconcileReport& r, std::string_view a, std::string_view b) {
    return std::any_of(r.suggestions.begin(), r.suggestions.end(), [&](const MatchSuggestion& s) {
        return (s.first_title == a && s.second_title == b) ||
               (s.first_title == b && s.second_title == a);
    });
}

}  // namespace

// Seed 001 alone. The converter already merges identical titles within the workbook, so the
// outcome-sheet series and the Data rows of the same title are one indicator with two (or
// three) observations per period. Each (indicator, period) with n values gives n-1
// comparisons. From the seed, per indicator (periods x extra copies):
//   Infant mortality 3x1, Low birth weight 4x1, Smoking status at delivery 3x2 (Outcome 1,
//   Outcome 3, Data), Under 18 conceptions 3x2 (Outcome 1, Outcome 2, Data), Excess weight 4-5
//   3x2 (Outcome 1, Outcome 3, Data), Pupil absence 3x1, Children in low income families
//   (under 16) 3x1, Children aged 0-15 in out-of-work households 3x1, Excess weight 10-11 3x1,
//   Excess weight in adults 2x1, Physically active 3x1, Physically inactive 3x1, Smoking
//   prevalence SMI 1x1, Self-harm admissions 3x1, carer direct payments 5x1, carer
//   self-directed support 5x1, People offered rehabilitation 2x1, Overall satisfaction 5x1
//   = 3+4+6+6+6+3+3+3+3+2+3+3+1+3+5+5+2+5 = 66 comparisons.
// All agree within precision (e.g. 39.4% against 39.44%, 92.4% against 92%, 100% against
// 100%): 66 agreements, 0 conflicts. The seed holds no real conflict: every pair of titles
// for the same indicator (below) agrees in every shared period too.
TEST(ReconcileSamplesTest, OutcomesReport001Alone) {
    const ReconcileResult r = reconcile({outcomes_001()});
    EXPECT_EQ(r.report.agreements.size(), 66u);
    EXPECT_EQ(r.report.conflicts.size(), 0u);
    EXPECT_EQ(r.report.matches.size(), 0u);  // one source: identical titles are already one
    EXPECT_EQ(r.report.duplicates.size(), 0u);
    EXPECT_EQ(r.model.indicators.size(), outcomes_001().model.indicators.size());
    // Eleven indicators appear on an outcome sheet and in the Data table under other words;
    // each pair is suggested (and values agree in every shared period), none merged.
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"Adults with a learning disability in paid employment",
         "Proportion of adults with a learning disability in paid employment"},
        {"Adults with a learning disability who live in their own home or with their family",
         "Proportion of adults with a learning disability who live in their own home or with "
         "their family"},
        {"Adult social care service users who feel safe",
         "The proportion of people who use services who feel safe"},
        {"Service users who say that services have made them feel safe and secure",
         "The proportion of people who use services who say that those services have made them "
         "feel safe and secure"},
        {"Service users and carers who find it easy to find information about support",
         "The proportion of people who use services and carers who find it easy to find "
         "information about support"},
        {"People 65+ still at home 91 days after discharge from hospital into reablement/ "
         "rehabilitation services",
         "Proportion of older people (65 and over) who were still at home 91 days after "
         "discharge from hospital into reablement/rehabilitation services"},
        {"Delayed transfers of care per 100,000 population for people aged 18+",
         "Average number of delayed transfers of care (for those aged 18 and over), per 100,000 "
         "population"},
        {"Delayed transfers of care attributable to adult social care or both per 100,000 "
         "population for people aged 18+",
         "Average number of delayed transfers of care attributable to adult social care or both "
         "per 100,000 population for people aged 18+"},
        {"Chlamydia diagnoses per 100,000 population for people aged 15-24",
         "Chlamydia diagnoses per 100,000 for people aged 15-24"},
        {"KS4 results: People receiving A*-C in English and Maths GCSE",
         "KS4 results, % receiving A*-C in English and Maths GCSE"},
        {"Children in low income families (all dependent children under 20)",
         "Children in low income families (all children)"},
    };
    for (const auto& [a, b] : pairs) EXPECT_TRUE(suggested(r.report, a, b)) << a;
    EXPECT_EQ(r.report.suggestions.size(), pairs.size());
    for (const MatchSuggestion& s : r.report.suggestions) {
        EXPECT_GT(s.shared_periods, 0) << s.first_title;
        EXPECT_EQ(s.agreeing_periods, s.shared_periods) << s.first_title;
    }
    // The kept value of an agreement is the more precise one: Data!D15 39.44% over 39.4%.
    const auto it = std::find_if(
        r.report.agreements.begin(), r.report.agreements.end(), [](const ValueComparison& c) {
            return c.kept.where.sheet == "Data" && c.kept.where.cell == "D15";
        });
    ASSERT_NE(it, r.report.agreements.end());
    EXPECT_EQ(it->other.where.cell, "E9");
    EXPECT_NEAR(*it->kept.value, 39.44, 1e-9);
}

// With the crosswalk that confirms the eleven pairs: 11 matches by crosswalk, no suggestion,
// and the shared periods of the pairs become comparisons: KS4 3, LD own home 5, Chlamydia 3,
// delayed transfers attributable 5, LD paid employment 5, 65+ at home 5, easy to find
// information 5, delayed transfers 5, low income (all children) 3, safe and secure 5, feel
// safe 5 = 49; 66 + 49 = 115 agreements, 0 conflicts (e.g. 16.6 against 16.59, 94.8% against
// 95%, 77% against 77.4%, 0.822 read as 82.2% against 82.2%).
TEST(ReconcileSamplesTest, OutcomesReport001WithCrosswalk) {
    const CrosswalkLoadResult cw =
        load_crosswalk(std::string(KPIMAP_FIXTURES_DIR) + "/crosswalks/001_outcomes_report.xml");
    for (const auto& e : cw.errors) ADD_FAILURE() << e.text();
    ASSERT_TRUE(cw);
    ReconcileOptions options;
    options.crosswalk = &*cw.crosswalk;
    const ReconcileResult r = reconcile({outcomes_001()}, options);
    EXPECT_EQ(r.report.matches.size(), 11u);
    for (const IndicatorMatch& m : r.report.matches) EXPECT_EQ(m.rule, MatchRule::crosswalk);
    EXPECT_EQ(r.report.suggestions.size(), 0u);
    EXPECT_EQ(r.report.agreements.size(), 115u);
    EXPECT_EQ(r.report.conflicts.size(), 0u);
    EXPECT_EQ(r.model.indicators.size(), outcomes_001().model.indicators.size() - 11);
    EXPECT_FALSE(r.report.needs_attention());
}

// 001 xlsx + the CSV export of its Data table (seed lines 341-373): 28 indicator rows, each the
// same title as an xlsx indicator, so 28 matches by title. The CSV holds 121 cells with values
// or markers, 9 of them "-" (social contact 1, control 2, pupil absence 1, offered
// rehabilitation 2, excess weight 4-5 1, 10-11 1, smoking at delivery 1): 112 values, each
// compared with the xlsx's value for the same period. All agree: 66 + 112 = 178 agreements.
// The eleven suggestions of the xlsx alone remain.
TEST(ReconcileSamplesTest, OutcomesReport001WithItsCsvDataSection) {
    const ReconcileResult r = reconcile({outcomes_001(), csv_001()});
    const Model& csv = csv_001().model;
    ASSERT_EQ(csv.indicators.size(), 28u);
    EXPECT_EQ(r.report.matches.size(), 28u);
    std::set<std::string> matched;
    for (const IndicatorMatch& m : r.report.matches) {
        EXPECT_EQ(m.rule, MatchRule::title) << m.title;
        ASSERT_EQ(m.source_ids.size(), 2u);
        EXPECT_TRUE(m.source_where[0].file.ends_with("/001_outcomes_report.xlsx"));
        EXPECT_TRUE(m.source_where[1].file.ends_with("/001_data_section.csv"));
        matched.insert(m.source_ids[1]);
    }
    for (const Indicator& i : csv.indicators)
        EXPECT_TRUE(matched.contains(i.id)) << i.title << " has no match";
    std::size_t csv_values = 0;
    for (const Observation& o : csv.observations)
        if (o.value) ++csv_values;
    EXPECT_EQ(csv_values, 112u);
    EXPECT_EQ(r.report.agreements.size(), 178u);
    EXPECT_EQ(r.report.conflicts.size(), 0u);
    // Every CSV value was compared with one from the xlsx's Data sheet or an outcome sheet.
    std::size_t with_csv = 0;
    for (const ValueComparison& c : r.report.agreements)
        if (c.other.where.file.ends_with("/001_data_section.csv") ||
            c.kept.where.file.ends_with("/001_data_section.csv"))
            ++with_csv;
    EXPECT_EQ(with_csv, 112u);
    EXPECT_EQ(r.report.suggestions.size(), 11u);
    EXPECT_EQ(r.model.indicators.size(), outcomes_001().model.indicators.size());
    // One value per indicator and period in the reconciled model.
    std::set<std::string> keys;
    for (const Observation& o : r.model.observations)
        EXPECT_TRUE(keys.insert(o.indicator_id + "|" + o.period.label() + "|" + o.series).second)
            << o.indicator_id << " " << o.period.label();
}

// 000 (ICP trajectory grid, 51 indicators, no values) and 004 (mental health PMF matrix, its
// KPIs): different frameworks with no shared indicator.
// - 1 match, inside 004: page 2 (B22) repeats 3.1's KPI "Percentage increase in people who
//   feel that their health or social care support was easily accessible and well
//   communicated" of page 1 (B12); the matrix reader keeps them apart, reconciliation merges
//   them by title.
// - 1 suggestion: "Emergency readmissions within 30 days of discharge from hospital" (000 B57)
//   against "Emergency readmissions to a mental health hospital within 28 days of discharge
//   (rate per 1,000 discharges)" (004): alike in words, different measures; a person says no.
// - 1 duplicate: 000's repeated "Smoking prevalence" row (B31 under B30).
// - No values, so no agreements or conflicts.
TEST(ReconcileSamplesTest, TrajectoryGrid000AndMatrix004) {
    const ConversionResult grid =
        convert_sample("000_trajectory_grid.xlsx", "icp-trajectory-grid.xml");
    const ConversionResult matrix = convert_sample("004_mh_pmf_matrix.xlsx", "mh-pmf-matrix.xml");
    const ReconcileResult r = reconcile({grid, matrix});
    ASSERT_EQ(r.report.matches.size(), 1u);
    for (const IndicatorMatch& m : r.report.matches)
        for (const Provenance& w : m.source_where)
            EXPECT_TRUE(w.file.ends_with("/004_mh_pmf_matrix.xlsx")) << w.file;
    ASSERT_EQ(r.report.suggestions.size(), 1u);
    EXPECT_EQ(r.report.suggestions[0].first_title,
              "Emergency readmissions within 30 days of discharge from hospital");
    ASSERT_EQ(r.report.duplicates.size(), 1u);
    EXPECT_EQ(r.report.duplicates[0].title, "Smoking prevalence");
    EXPECT_EQ(r.report.duplicates[0].first.cell, "B30");
    EXPECT_EQ(r.report.duplicates[0].second.cell, "B31");
    EXPECT_EQ(r.report.agreements.size(), 0u);
    EXPECT_EQ(r.report.conflicts.size(), 0u);
    EXPECT_EQ(r.model.indicators.size(),
              grid.model.indicators.size() + matrix.model.indicators.size() - 1);
    EXPECT_EQ(r.model.expectations.size(), grid.model.expectations.size());
    EXPECT_EQ(r.model.frameworks.size(), 2u);
    EXPECT_EQ(r.model.outcomes.size(), grid.model.outcomes.size() + matrix.model.outcomes.size());
}

// The same workbook as .xlsx and .ods: every indicator matches its twin, ids of the second
// source get "~2", expectations and links are not doubled.
TEST(ReconcileSamplesTest, TrajectoryGridXlsxAndOdsAreOneModel) {
    const ConversionResult xlsx =
        convert_sample("000_trajectory_grid.xlsx", "icp-trajectory-grid.xml");
    const ConversionResult ods =
        convert_sample("000_trajectory_grid.ods", "icp-trajectory-grid.xml");
    const ReconcileResult r = reconcile({xlsx, ods});
    EXPECT_EQ(r.report.matches.size(), 51u);
    EXPECT_EQ(r.model.indicators.size(), 51u);
    EXPECT_EQ(r.report.suggestions.size(), 0u);
    EXPECT_EQ(r.report.duplicates.size(), 2u);  // Smoking prevalence, once per file
    EXPECT_EQ(r.model.expectations.size(), xlsx.model.expectations.size());
    ASSERT_EQ(r.model.frameworks.size(), 2u);
    EXPECT_EQ(r.model.frameworks[1].id, xlsx.model.frameworks[0].id + "~2");
    std::set<std::string> ids;
    for (const Outcome& o : r.model.outcomes) EXPECT_TRUE(ids.insert(o.id).second) << o.id;
}
