// Conversions of the seed samples, with counts taken from the seeds themselves
// (../shared/seeds/000 and 004), not from kpimap's output.
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

const Indicator* indicator(const Model& m, std::string_view title) {
    for (const Indicator& i : m.indicators)
        if (i.title == title) return &i;
    return nullptr;
}

const Expectation* expectation(const Model& m, const Indicator& i, std::string_view period_label) {
    for (const Expectation& e : m.expectations)
        if (e.indicator_id == i.id && e.period.label() == period_label) return &e;
    return nullptr;
}

}  // namespace

TEST(SeedTrajectoryGridTest, FiftyOneIndicatorsInSixDomains) {
    const Converted c = convert_sample("000_trajectory_grid.xlsx", "icp-trajectory-grid.xml");
    const Model& m = c.result.model;
    EXPECT_EQ(m.indicators.size(), 51u);
    ASSERT_EQ(m.outcomes.size(), 6u);
    // Seed 000 lists 9, 5, 9, 8, 12 and 8 indicators under domains 1 to 6.
    std::map<std::string, int> per_domain;
    for (const Link& l : m.links)
        if (l.kind == "indicator_of") ++per_domain[l.to_id];
    const std::vector<int> expected = {9, 5, 9, 8, 12, 8};
    for (std::size_t d = 0; d < 6; ++d) {
        EXPECT_EQ(m.outcomes[d].code, "Domain " + std::to_string(d + 1));
        EXPECT_EQ(per_domain[m.outcomes[d].id], expected[d]) << m.outcomes[d].title;
    }
    // "Domain 4" / "Patient, User" / "and Carer" / "Experience" is one title.
    EXPECT_EQ(m.outcomes[3].title, "Domain 4 Patient, User and Carer Experience");
    EXPECT_EQ(m.outcomes[4].title, "Domain 5 Organisational Processes and Systems");
}

TEST(SeedTrajectoryGridTest, RepeatedSmokingRowIsADuplicateNotANewIndicator) {
    const Converted c = convert_sample("000_trajectory_grid.xlsx", "icp-trajectory-grid.xml");
    const Model& m = c.result.model;
    const auto smoking =
        std::count_if(m.indicators.begin(), m.indicators.end(),
                      [](const Indicator& i) { return i.title == "Smoking prevalence"; });
    EXPECT_EQ(smoking, 1);
    EXPECT_TRUE(has_diagnostic(c.result, "duplicate_row", "B31"));
    const Indicator* i = indicator(m, "Smoking prevalence");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->aim.text,
              "Reduction from baseline");  // "Reduction" + "from baseline" on the repeat
}

TEST(SeedTrajectoryGridTest, OcrArtefactsAreResolvedAndReported) {
    const Converted c = convert_sample("000_trajectory_grid.xlsx", "icp-trajectory-grid.xml");
    const Model& m = c.result.model;
    // Cyrillic ТВС in E10 is TBC.
    const Indicator* employment = indicator(m, "Employment of people with long-term conditions");
    ASSERT_NE(employment, nullptr);
    const Expectation* y1 = expectation(m, *employment, "2020/21");
    ASSERT_NE(y1, nullptr);
    EXPECT_EQ(y1->kind, ExpectationKind::tbc);
    EXPECT_EQ(y1->where.cell, "E10");
    EXPECT_TRUE(has_diagnostic(c.result, "term_corrected", "E10"));
    // The aim split over rows 10 and 12 ("Statistically significant improvement" / "on baseline").
    EXPECT_EQ(employment->aim.text, "Statistically significant improvement on baseline");
    EXPECT_TRUE(employment->aim.significance_required);
    // "mprovement" in G31:I31 is read as Improvement and reported.
    for (const char* cell : {"G31", "H31", "I31"})
        EXPECT_TRUE(has_diagnostic(c.result, "term_corrected", cell)) << cell;
}

TEST(SeedTrajectoryGridTest, SplitCellsAreJoined) {
    const Converted c = convert_sample("000_trajectory_grid.xlsx", "icp-trajectory-grid.xml");
    const Model& m = c.result.model;
    const Indicator* impact =
        indicator(m,
                  "Impact on the prevalence of the main long-term conditions identified in the "
                  "JSNA. These are "
                  "hypertension, common mental health disorders, CKD, asthma, and diabetes");
    ASSERT_NE(impact, nullptr);
    EXPECT_EQ(impact->where.cell, "B25:B29");
    EXPECT_EQ(impact->aim.direction, Aim::Direction::decrease);
    EXPECT_EQ(impact->polarity, Polarity::lower_is_better);
    // "Long Term" / "Improvement" in I22 and I24 is one expectation.
    const Indicator* winter = indicator(m, "Excess Winter Deaths");
    ASSERT_NE(winter, nullptr);
    const Expectation* y5 = expectation(m, *winter, "2024/25");
    ASSERT_NE(y5, nullptr);
    EXPECT_EQ(y5->kind, ExpectationKind::long_term_improvement);
    EXPECT_EQ(y5->where.cell, "I22:I24");
    EXPECT_EQ(expectation(m, *winter, "2020/21"), nullptr);  // blank in the seed
    EXPECT_EQ(winter->capture, "already_captured");          // "Already" + "captured"
}

TEST(SeedTrajectoryGridTest, EveryCellIsUsedOrReported) {
    const Converted c = convert_sample("000_trajectory_grid.xlsx", "icp-trajectory-grid.xml");
    EXPECT_EQ(c.result.cells_seen, c.result.cells_used + c.result.cells_reported);
    EXPECT_EQ(c.result.cells_seen, c.workbook.sheets[0].cell_count());
    EXPECT_TRUE(has_diagnostic(c.result, "outside_region", "A1"));  // the title above the header
}

TEST(SeedMatrixTest, EveryMarkerIsALink) {
    const Converted c = convert_sample("004_mh_pmf_matrix.xlsx", "mh-pmf-matrix.xml");
    const Model& m = c.result.model;
    // Seed 004 has 20 marked cells: © 7, ② 6, (2) 1, O 2, 0 3 and one "—" that is not a marker.
    std::map<std::string, int> strength;
    std::map<std::string, int> raw;
    for (const Link& l : m.links)
        if (l.kind == "contributes_to") ++strength[l.strength], ++raw[l.raw];
    EXPECT_EQ(strength["primary"], 12);
    EXPECT_EQ(strength["secondary"], 7);
    EXPECT_EQ(raw["©"], 7);
    EXPECT_EQ(raw["②"], 6);
    EXPECT_EQ(raw["(2)"], 1);
    EXPECT_EQ(raw["O"], 2);
    EXPECT_EQ(raw["0"], 3);
    EXPECT_TRUE(has_diagnostic(c.result, "unknown_marker", "E13"));  // "—"
    EXPECT_TRUE(has_diagnostic(c.result, "unknown_marker", "K13"));  // "****"
}

TEST(SeedMatrixTest, OutcomesAndKpis) {
    const Converted c = convert_sample("004_mh_pmf_matrix.xlsx", "mh-pmf-matrix.xml");
    const Model& m = c.result.model;
    std::vector<std::string> strategic, national;
    for (const Outcome& o : m.outcomes)
        (o.level == "strategic_outcome" ? strategic : national).push_back(o.code);
    EXPECT_EQ(strategic,
              (std::vector<std::string>{"1.1", "1.2", "2.1", "2.2", "3.1", "4.1", "4.2", "5"}));
    EXPECT_EQ(national.size(), 9u);
    // 2.1's KPIs are one cell "1) ... 2) ... 3) ...".
    const Outcome* o21 = nullptr;
    for (const Outcome& o : m.outcomes)
        if (o.code == "2.1") o21 = &o;
    ASSERT_NE(o21, nullptr);
    int kpis = 0;
    for (const Link& l : m.links)
        if (l.kind == "indicator_of" && l.to_id == o21->id) ++kpis;
    EXPECT_EQ(kpis, 3);
    EXPECT_NE(indicator(m, "Number of people with a CTO or detained under the Mental Health Act"),
              nullptr);
    // B13 continues KPI 3 of B12 ("... within 28 days of" / "discharge (rate per 1,000
    // discharges)") and then resumes the list at "4) Number of days ...".
    EXPECT_NE(indicator(m,
                        "Emergency readmissions to a mental health hospital within 28 days of "
                        "discharge (rate per "
                        "1,000 discharges)"),
              nullptr);
    EXPECT_NE(indicator(m,
                        "Number of days people aged 75+ spend in a mental health hospital when "
                        "they are ready to "
                        "be discharged (per 1,000 population)"),
              nullptr);
    // B18 lists the joined KPI again in full: it is the same indicator, not a second one.
    EXPECT_EQ(std::count_if(m.indicators.begin(), m.indicators.end(),
                            [](const Indicator& i) {
                                return i.title.starts_with(
                                    "Emergency readmissions to a mental health hospital");
                            }),
              1);
    // The first column header lost its "1." to OCR: matched by position to national outcome 1.
    const Link* first = nullptr;
    for (const Link& l : m.links)
        if (l.kind == "contributes_to" && l.where.cell == "C6") first = &l;
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(m.find_outcome(first->to_id)->code, "1");
    EXPECT_TRUE(has_diagnostic(c.result, "banner_row", "A15"));
}

TEST(MappingDetectionTest, EachSampleFindsItsOwnMapping) {
    const std::string root = KPIMAP_SOURCE_DIR;
    std::vector<Mapping> mappings;
    for (auto& r : load_mappings_in(root + "/mappings")) {
        for (const auto& e : r.errors) ADD_FAILURE() << e.text();
        if (r.mapping) mappings.push_back(std::move(*r.mapping));
    }
    for (const auto& [sample, id] : std::vector<std::pair<std::string, std::string>>{
             {"000_trajectory_grid.xlsx", "icp-trajectory-grid"},
             {"000_trajectory_grid.ods", "icp-trajectory-grid"},
             {"004_mh_pmf_matrix.xlsx", "mh-pmf-matrix"},
             {"001_outcomes_report.xlsx", "hwb-outcomes-report"},
             {"005_stacked_tables.xlsx", "hwb-stacked-tables"}}) {
        LoadResult wb = load_workbook(root + "/samples/" + sample);
        ASSERT_TRUE(wb) << wb.status.message();
        MappingChoice choice = choose_mapping(*wb.workbook, mappings);
        ASSERT_EQ(choice.outcome, MappingChoice::Outcome::chosen) << sample;
        EXPECT_EQ(choice.mapping->id, id) << sample;
    }
}

TEST(MappingDetectionTest, UnmappedLayoutListsTheCandidates) {
    const std::string root = KPIMAP_SOURCE_DIR;
    std::vector<Mapping> mappings;
    for (auto& r : load_mappings_in(root + "/mappings"))
        if (r.mapping) mappings.push_back(std::move(*r.mapping));
    LoadResult wb = load_workbook(std::string(KPIMAP_SHARED_DIR) +
                                  "/corpus/xlsx-calamine/tests__temperature.xlsx");
    ASSERT_TRUE(wb);
    MappingChoice choice = choose_mapping(*wb.workbook, mappings);
    EXPECT_EQ(choice.outcome, MappingChoice::Outcome::none_fits);
    EXPECT_EQ(choice.mapping, nullptr);
    ASSERT_EQ(choice.scores.size(), mappings.size());
    for (const MappingScore& s : choice.scores) {
        EXPECT_FALSE(s.fits());
        EXPECT_EQ(s.missed.size(), static_cast<std::size_t>(s.rules - s.score));
    }
}

TEST(SeedOutcomesReportTest, EveryOutcomeBlockComesOut) {
    const Converted c = convert_sample("001_outcomes_report.xlsx", "hwb-outcomes-report.xml");
    const Model& m = c.result.model;
    // Seed 001 shows 13 indicator blocks for outcome 1, 6 for outcome 2 (one of them a NEET
    // category breakdown with no periods), 9 for outcome 3, 3 for outcome 4 and 5 for outcome 6.
    std::map<std::string, int> blocks;
    for (const Link& l : m.links)
        if (l.kind == "indicator_of")
            if (const Outcome* o = m.find_outcome(l.to_id); o && o->level == "outcome")
                ++blocks[o->code];
    EXPECT_EQ(blocks,
              (std::map<std::string, int>{{"1", 13}, {"2", 5}, {"3", 9}, {"4", 3}, {"6", 5}}));
    // The NEET category block is reported, not dropped.
    EXPECT_TRUE(has_diagnostic(c.result, "unmapped_cell", "G7"));
    // Outcome 1's series: 3+4+3+3+3+1+1+3+3+2x2+3+3+3 = 37 values, all with periods.
    int outcome1 = 0;
    for (const Observation& o : m.observations)
        if (o.where.sheet == "Outcome 1") {
            ++outcome1;
            EXPECT_FALSE(o.period.start.empty()) << o.where.cell;
        }
    EXPECT_EQ(outcome1, 37);
    const Outcome* first = m.find_outcome(m.outcomes.front().id);
    EXPECT_EQ(first->code, "1");
    EXPECT_TRUE(first->summary.starts_with(
        "Of 13 indicators identified for this outcome, 5 have seen a positive change"));
    const Indicator* infant = indicator(m, "Infant mortality per 1000 live births");
    ASSERT_NE(infant, nullptr);
    EXPECT_EQ(infant->judgement, "✘");
}

TEST(SeedOutcomesReportTest, EveryDataSectionRowComesOut) {
    const Converted c = convert_sample("001_outcomes_report.xlsx", "hwb-outcomes-report.xml");
    const Model& m = c.result.model;
    // The Data section has 51 indicator rows: 18 adult social care, 1 education and 9 health
    // in the 12/13..16/17 table, then 14 + 7 + 2 rows in the 2012..2016, 2011-2013 and
    // 31/12/2016 tables, which have no section title of their own.
    std::map<std::string, std::set<std::string>> rows_per_section;
    for (const Link& l : m.links)
        if (l.kind == "indicator_of" && l.where.sheet == "Data")
            rows_per_section[m.find_outcome(l.to_id)->title].insert(l.where.cell);
    EXPECT_EQ(rows_per_section["ADULT SOCIAL CARE"].size(), 18u);
    EXPECT_EQ(rows_per_section["EDUCATION"].size(), 1u);
    EXPECT_EQ(rows_per_section["HEALTH"].size(), 9u);
    std::set<std::string> rows_with_values;
    for (const Observation& o : m.observations)
        if (o.where.sheet == "Data") rows_with_values.insert(o.where.cell.substr(1));  // row number
    EXPECT_EQ(rows_with_values.size(), 51u);
    // Every value cell of the Data sheet is an observation, "-" ones as missing values.
    int missing = 0;
    for (const Observation& o : m.observations)
        if (o.where.sheet == "Data" && o.missing == MissingReason::not_available) ++missing;
    EXPECT_EQ(missing, 20);
}

TEST(SeedOutcomesReportTest, PeriodsUnitsAndNoise) {
    const Converted c = convert_sample("001_outcomes_report.xlsx", "hwb-outcomes-report.xml");
    const Model& m = c.result.model;
    auto value_at = [&](std::string_view cell) -> const Observation* {
        for (const Observation& o : m.observations)
            if (o.where.sheet == "Data" && o.where.cell == cell) return &o;
        return nullptr;
    };
    // 0.822 and 0.879 (General) beside 83.40% are the same unit: 82.2% and 87.9%.
    ASSERT_NE(value_at("B11"), nullptr);
    EXPECT_DOUBLE_EQ(*value_at("B11")->value, 82.2);
    EXPECT_DOUBLE_EQ(*value_at("D11")->value, 83.4);
    EXPECT_TRUE(has_diagnostic(c.result, "unit_reconciled", "B11"));
    EXPECT_FALSE(has_diagnostic(c.result, "unit_reconciled", "D11"));
    // 16.590000000000003 is 16.59.
    EXPECT_DOUBLE_EQ(*value_at("F21")->value, 16.59);
    // Period styles: 12/13 financial year, 2012 calendar year, 2011-2013 3-year span, a date.
    EXPECT_EQ(value_at("B11")->period.label(), "2012/13");
    EXPECT_EQ(value_at("B11")->period.kind, PeriodKind::financial_year);
    const Indicator* hle = indicator(m, "Healthy life expectancy at birth - Female");
    ASSERT_NE(hle, nullptr);
    std::vector<std::string> labels;
    for (const Observation& o : m.observations)
        if (o.indicator_id == hle->id) labels.push_back(o.period.label());
    EXPECT_EQ(labels, (std::vector<std::string>{"2011-13", "2012-14", "2013-15"}));
    const Indicator* neet = indicator(m, "16-17 year old NEET");
    ASSERT_NE(neet, nullptr);
    for (const Observation& o : m.observations) {
        if (o.indicator_id == neet->id) {
            EXPECT_EQ(o.period.kind, PeriodKind::date);
        }
    }
}

TEST(SeedOutcomesReportTest, AllEighteenOutcomesWithSummariesAndOutputGaps) {
    const Converted c = convert_sample("001_outcomes_report.xlsx", "hwb-outcomes-report.xml");
    const Model& m = c.result.model;
    // The seed's 18 outcomes, each once although five also have their own sheet.
    std::vector<std::string> codes;
    for (const Outcome& o : m.outcomes)
        if (o.level == "outcome") {
            codes.push_back(o.code);
            EXPECT_FALSE(o.summary.empty()) << o.code;
        }
    ASSERT_EQ(codes.size(), 18u);
    for (int i = 0; i < 18; ++i)
        EXPECT_EQ(codes[static_cast<std::size_t>(i)], std::to_string(i + 1));
    // The seed's summary lists 20 outputs "yet to be assigned measures".
    EXPECT_EQ(std::count_if(m.outcomes.begin(), m.outcomes.end(),
                            [](const Outcome& o) { return o.level == "output"; }),
              20);
    EXPECT_EQ(diagnostics(c.result, "measure_gap").size(), 20u);
}

// Sample 005: seed 001's data as three stacked tables, 'Indicator | 12/13 ...' (rows 3-35), then
// after five blank rows (absent from the file) 'Indicator | 2012 ...' (41-55), then after one
// blank row 'Indicator | 2011-2013 ...' (57-64). Counts from seed 001: 28 indicators in the
// first block (as in its CSV export), 14 in the second, 7 in the third.
TEST(SeedStackedTablesTest, EachBlockIsReadUnderItsOwnPeriods) {
    const Converted c = convert_sample("005_stacked_tables.xlsx", "hwb-stacked-tables.xml");
    const Model& m = c.result.model;
    EXPECT_EQ(m.indicators.size(), 28u + 14u + 7u);
    EXPECT_EQ(indicator(m, "Indicator"), nullptr);  // no header row read as an indicator
    auto periods = [&](std::string_view title) {
        const Indicator* i = indicator(m, title);
        std::vector<std::string> out;
        if (i == nullptr) return out;
        for (const Observation& o : m.observations)
            if (o.indicator_id == i->id) out.push_back(o.period_text + "@" + o.where.cell);
        return out;
    };
    // Seed line 362: "Pupil absence - 4.3% 4.4% 4.3%" ('-' is read as a missing value).
    EXPECT_EQ(periods("Pupil absence"),
              (std::vector<std::string>{"12/13@B24", "13/14@C24", "14/15@D24", "15/16@E24"}));
    // Seed line 376: "Under 18 conceptions ... 24.3 23.4 22.9" under 2012, 2013, 2014.
    EXPECT_EQ(periods("Under 18 conceptions per 1000 females aged 15-17"),
              (std::vector<std::string>{"2012@B42", "2013@C42", "2014@D42"}));
    EXPECT_EQ(periods("Healthy life expectancy at birth - Male"),
              (std::vector<std::string>{"2011-2013@B60", "2012-14@C60", "2013-15@D60"}));
    for (const Observation& o : m.observations) {
        const int row = std::stoi(o.where.cell.substr(1));
        if (row >= 41 && row <= 55) {
            EXPECT_EQ(o.period.kind, PeriodKind::calendar_year) << o.where.cell;
        } else if (row >= 57) {
            EXPECT_EQ(o.period.kind, PeriodKind::calendar_span) << o.where.cell;
        }
    }
    // Sections belong to the first block only.
    EXPECT_EQ(m.outcomes.size(), 3u);
    EXPECT_TRUE(has_diagnostic(c.result, "header_repeated", "A57"));
    EXPECT_TRUE(has_diagnostic(c.result, "outside_region", "A69"));  // the note below
    EXPECT_EQ(c.result.warnings(), 0u);
    EXPECT_EQ(c.result.cells_seen, c.result.cells_used + c.result.cells_reported);
    EXPECT_EQ(c.result.cells_reported, 2u);  // the title A1 and the note A69
}
