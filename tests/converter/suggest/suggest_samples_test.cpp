// kpimap suggest on each bundled sample alone: the draft, converted, recovers the facts the
// hand-written mapping recovers (compared by the model, not the XML). The figure per sample is
// printed; each must reach the 90%.
#include <gtest/gtest.h>

#include <iostream>

#include "converter/suggest/recovery.hpp"
#include "kpimap/suggest.hpp"
#include "support/samples.hpp"

using namespace kpimap;

namespace {

struct SampleCase {
    const char* sample;
    const char* mapping;
    double floor;  // share of the hand-written mapping's facts the draft must recover
};

class SuggestSample : public ::testing::TestWithParam<SampleCase> {};

TEST_P(SuggestSample, DraftRecoversTheHandWrittenMappingsFacts) {
    const SampleCase& c = GetParam();
    const test_support::Converted hand = test_support::convert_sample(c.sample, c.mapping);
    const Suggestion s = suggest_mapping(hand.workbook);
    ASSERT_TRUE(s.drafted());
    const SuggestionCheck check = check_suggestion(hand.workbook, s);
    for (const MappingError& e : check.errors) ADD_FAILURE() << e.text() << "\n" << s.xml;
    ASSERT_TRUE(check.result.has_value());
    const test_support::Recovery r =
        test_support::recovery(hand.result.model, check.result->model);
    std::cout << "[ suggest  ] " << c.sample << ": recovered " << r.text() << "\n";
    EXPECT_GE(r.share(), c.floor) << r.text() << "\n" << s.xml;
    // Markers the hand-written mapping reads as one term are one term of the draft too.
    for (const auto& [strength, drafted] : r.strengths)
        EXPECT_EQ(drafted.size(), 1u) << "'" << strength << "' is read as several terms: " << ::testing::PrintToString(drafted) << "\n"
                                      << s.xml;
}

INSTANTIATE_TEST_SUITE_P(
    Samples, SuggestSample,
    ::testing::Values(SampleCase{"000_trajectory_grid.xlsx", "icp-trajectory-grid.xml", 0.9},
                      SampleCase{"000_trajectory_grid.ods", "icp-trajectory-grid.xml", 0.9},
                      SampleCase{"001_outcomes_report.xlsx", "hwb-outcomes-report.xml", 0.9},
                      SampleCase{"001_data_section.csv", "hwb-data-section.xml", 0.9},
                      SampleCase{"002_dashboard.xlsx", "jhws-dashboard.xml", 0.9},
                      SampleCase{"003_outcomes_framework.xlsx", "icp-outcomes-framework.xml", 0.9},
                      SampleCase{"004_mh_pmf_matrix.xlsx", "mh-pmf-matrix.xml", 0.9},
                      SampleCase{"005_stacked_tables.xlsx", "hwb-stacked-tables.xml", 0.9}),
    [](const auto& info) {
        std::string name = info.param.sample;
        for (char& ch : name)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return name;
    });

}  // namespace

// The comparison itself: a model recovers all of itself, an empty model nothing, and a model
// missing one observation and one link is short by exactly those.
TEST(SuggestRecovery, CountsWhatTheCandidateLacks) {
    const test_support::Converted hand =
        test_support::convert_sample("005_stacked_tables.xlsx", "hwb-stacked-tables.xml");
    const Model& m = hand.result.model;
    EXPECT_DOUBLE_EQ(test_support::recovery(m, m).share(), 1.0);
    EXPECT_EQ(test_support::recovery(m, Model{}).found(), 0u);
    Model less = m;
    less.observations.pop_back();
    less.links.pop_back();
    const test_support::Recovery r = test_support::recovery(m, less);
    EXPECT_EQ(r.observations_found, r.observations - 1);
    EXPECT_EQ(r.links_found, r.links - 1);
    EXPECT_EQ(r.indicators_found, r.indicators);
}

// Sample 003's 'LYBL Ambitions' sheet (No. | Ambition) is drafted as a list of outcomes at the
// framework's level 'ambition': the ten ambitions of the Framework sheet get their codes from it.
TEST(SuggestLayouts, ListOfOutcomesGivesTheFrameworksAmbitionsTheirCodes) {
    const test_support::Converted hand =
        test_support::convert_sample("003_outcomes_framework.xlsx", "icp-outcomes-framework.xml");
    const Suggestion s = suggest_mapping(hand.workbook);
    const SuggestionCheck check = check_suggestion(hand.workbook, s);
    ASSERT_TRUE(check.result.has_value()) << s.xml;
    std::size_t ambitions = 0, coded = 0;
    for (const Outcome& o : check.result->model.outcomes)
        if (o.level == "ambition") {
            ++ambitions;
            coded += !o.code.empty();
        }
    EXPECT_EQ(ambitions, 10u);
    EXPECT_EQ(coded, 10u);
    EXPECT_NE(s.xml.find("role=\"outcome.code\""), std::string::npos);
}
