// Gaps across an ordered breakdown (breakdown_gap.cpp): best and worst category by polarity
// (highest and lowest without one), the gap and its change since the previous comparable period
// (tolerance and shown rounding), the ends of the declared order, and when there is no gap
// (one category, an unordered or undeclared dimension). Method: docs/statuses.md.
#include <gtest/gtest.h>

#include <algorithm>

#include "kpimap/indicator_status.hpp"

using namespace kpimap;

namespace {

Dimension deciles() {
    Dimension d;
    d.id = "deprivation";
    d.title = "Deprivation decile (IMD)";
    d.ordered = true;
    for (int i = 1; i <= 10; ++i) d.categories.push_back({std::to_string(i), "", {}, false});
    return d;
}

Dimension sexes() {
    Dimension d;
    d.id = "sex";
    d.title = "Sex";
    for (const char* s : {"Male", "Female"}) d.categories.push_back({s, "", {}, false});
    return d;
}

Observation value(const std::string& period, double v, Breakdown breakdown, int decimals = 1) {
    Observation o;
    o.indicator_id = "smoking";
    o.period = *parse_period(period);
    o.period_text = period;
    o.value = v;
    o.decimals = decimals;
    o.breakdown = std::move(breakdown);
    return o;
}

Observation decile(const std::string& period, int d, double v, int decimals = 1) {
    return value(period, v, {{"deprivation", std::to_string(d)}}, decimals);
}

Model model_with(Polarity polarity, std::vector<Observation> observations) {
    Model m;
    Indicator i;
    i.id = "smoking";
    i.title = "Smoking prevalence";
    i.polarity = polarity;
    i.unit = Unit::percent;
    m.indicators.push_back(i);
    m.dimensions = {deciles(), sexes()};
    m.observations = std::move(observations);
    return m;
}

// Deciles 1..10 in `period`, falling evenly from `most` (decile 1) to `least` (decile 10).
void add_deciles(std::vector<Observation>& into, const std::string& period, double most,
                 double least) {
    for (int d = 1; d <= 10; ++d)
        into.push_back(decile(period, d, most + (least - most) * (d - 1) / 9.0));
}

}  // namespace

TEST(BreakdownGap, LowerIsBetterDecilesWidened) {
    std::vector<Observation> obs;
    obs.push_back(value("2021", 15.0, {}));  // the whole population: not a category
    add_deciles(obs, "2020", 22.0, 9.0);
    add_deciles(obs, "2021", 25.0, 8.0);
    const StatusResult r = compute_statuses(model_with(Polarity::lower_is_better, obs));
    ASSERT_EQ(r.gaps.size(), 1u);
    const BreakdownGap& g = r.gaps[0];
    EXPECT_EQ(g.indicator_id, "smoking");
    EXPECT_EQ(g.dimension, "deprivation");
    EXPECT_TRUE(g.judged);
    EXPECT_EQ(g.latest.period, "2021");
    EXPECT_EQ(g.latest.values.size(), 10u);
    // Lower is better: the least deprived decile (lowest value) is best.
    EXPECT_EQ(g.latest.best.category, "10");
    EXPECT_DOUBLE_EQ(g.latest.best.value, 8.0);
    EXPECT_EQ(g.latest.worst.category, "1");
    EXPECT_DOUBLE_EQ(g.latest.worst.value, 25.0);
    EXPECT_DOUBLE_EQ(g.latest.gap, 17.0);
    ASSERT_TRUE(g.latest.first && g.latest.last);
    EXPECT_EQ(g.latest.first->category, "1");
    EXPECT_EQ(g.latest.last->category, "10");
    ASSERT_TRUE(g.previous);
    EXPECT_EQ(g.previous->period, "2020");
    EXPECT_DOUBLE_EQ(g.previous->gap, 13.0);
    EXPECT_EQ(g.change, GapChange::widened);
    EXPECT_NE(g.explanation.find("deprivation 10 8 best vs 1 25 worst: gap 17 in 2021"),
              std::string::npos)
        << g.explanation;
    EXPECT_NE(g.explanation.find("widened from 13 in 2020"), std::string::npos) << g.explanation;
    EXPECT_NE(g.explanation.find("+30.77%, beyond ±2%"), std::string::npos) << g.explanation;
}

TEST(BreakdownGap, LowerIsBetterDecilesNarrowed) {
    std::vector<Observation> obs;
    add_deciles(obs, "2020", 22.0, 9.0);
    add_deciles(obs, "2021", 20.0, 10.0);
    const StatusResult r = compute_statuses(model_with(Polarity::lower_is_better, obs));
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_EQ(r.gaps[0].change, GapChange::narrowed);
    EXPECT_DOUBLE_EQ(r.gaps[0].latest.gap, 10.0);
    EXPECT_NE(r.gaps[0].explanation.find("narrowed from 13 in 2020"), std::string::npos)
        << r.gaps[0].explanation;
}

TEST(BreakdownGap, HigherIsBetterPutsTheHighestFirst) {
    std::vector<Observation> obs;
    add_deciles(obs, "2021", 60.0, 80.0);  // e.g. a screening uptake
    const StatusResult r = compute_statuses(model_with(Polarity::higher_is_better, obs));
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_EQ(r.gaps[0].latest.best.category, "10");
    EXPECT_EQ(r.gaps[0].latest.worst.category, "1");
    EXPECT_EQ(r.gaps[0].change, GapChange::no_previous);
    EXPECT_NE(r.gaps[0].explanation.find("no earlier comparable period"), std::string::npos);
}

TEST(BreakdownGap, UnknownPolarityIsHighestAndLowest) {
    std::vector<Observation> obs;
    add_deciles(obs, "2020", 22.0, 9.0);
    add_deciles(obs, "2021", 25.0, 8.0);
    const StatusResult r = compute_statuses(model_with(Polarity::unknown, obs));
    ASSERT_EQ(r.gaps.size(), 1u);
    const BreakdownGap& g = r.gaps[0];
    EXPECT_FALSE(g.judged);
    EXPECT_EQ(g.latest.best.category, "1");  // the highest value
    EXPECT_EQ(g.latest.worst.category, "10");
    EXPECT_DOUBLE_EQ(g.latest.gap, 17.0);
    EXPECT_EQ(g.change, GapChange::widened);  // a wider spread needs no polarity
    EXPECT_NE(g.explanation.find("1 25 highest vs 10 8 lowest"), std::string::npos)
        << g.explanation;
    EXPECT_EQ(g.explanation.find(" best vs"), std::string::npos) << g.explanation;
    EXPECT_NE(g.explanation.find("polarity unknown"), std::string::npos) << g.explanation;
}

TEST(BreakdownGap, WithinTheToleranceIsUnchanged) {
    std::vector<Observation> obs;
    add_deciles(obs, "2020", 22.0, 9.0);  // gap 13
    add_deciles(obs, "2021", 22.2, 9.0);  // gap 13.2: +1.5%
    const StatusResult r = compute_statuses(model_with(Polarity::lower_is_better, obs));
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_EQ(r.gaps[0].change, GapChange::unchanged);
    EXPECT_NE(r.gaps[0].explanation.find("within ±2%"), std::string::npos) << r.gaps[0].explanation;
    StatusOptions strict;
    strict.travel_tolerance = 0.01;
    EXPECT_EQ(compute_statuses(model_with(Polarity::lower_is_better, obs), strict).gaps[0].change,
              GapChange::widened);
}

TEST(BreakdownGap, EqualAtTheShownDecimalsIsUnchanged) {
    // 2020 shown with no decimals (gap 13), 2021 with one (gap 13.4): equal at 0 decimals.
    auto with_decimals = [](int decimals_2020) {
        std::vector<Observation> obs;
        obs.push_back(decile("2020", 1, 22, decimals_2020));
        obs.push_back(decile("2020", 10, 9, decimals_2020));
        obs.push_back(decile("2021", 1, 22.4, 1));
        obs.push_back(decile("2021", 10, 9.0, 1));
        return obs;
    };
    StatusOptions no_tolerance;
    no_tolerance.travel_tolerance = 0;
    const StatusResult shown =
        compute_statuses(model_with(Polarity::lower_is_better, with_decimals(0)), no_tolerance);
    ASSERT_EQ(shown.gaps.size(), 1u);
    EXPECT_EQ(shown.gaps[0].change, GapChange::unchanged);
    EXPECT_NE(shown.gaps[0].explanation.find("equal at the 0 decimals shown"), std::string::npos)
        << shown.gaps[0].explanation;
    // The same numbers shown with one decimal differ: widened.
    const StatusResult finer =
        compute_statuses(model_with(Polarity::lower_is_better, with_decimals(1)), no_tolerance);
    ASSERT_EQ(finer.gaps.size(), 1u);
    EXPECT_EQ(finer.gaps[0].change, GapChange::widened);
}

TEST(BreakdownGap, OneCategoryInTheLatestPeriodGivesNoGap) {
    std::vector<Observation> obs;
    add_deciles(obs, "2020", 22.0, 9.0);
    obs.push_back(decile("2021", 1, 25.0));  // the latest period has decile 1 only
    EXPECT_TRUE(compute_statuses(model_with(Polarity::lower_is_better, obs)).gaps.empty());
    // Its statuses per decile are still computed: the gap is what is missing.
    EXPECT_EQ(compute_statuses(model_with(Polarity::lower_is_better, obs)).indicators.size(), 11u);
}

TEST(BreakdownGap, UnorderedOrUndeclaredDimensionGivesNoGap) {
    std::vector<Observation> obs;
    for (const char* period : {"2020", "2021"}) {
        obs.push_back(value(period, 20.0, {{"sex", "Male"}}));
        obs.push_back(value(period, 12.0, {{"sex", "Female"}}));
    }
    EXPECT_TRUE(compute_statuses(model_with(Polarity::lower_is_better, obs)).gaps.empty());
    // Deciles with no declared dimension (a model without catalogues): no order, no gap.
    std::vector<Observation> undeclared;
    add_deciles(undeclared, "2021", 25.0, 8.0);
    Model m = model_with(Polarity::lower_is_better, undeclared);
    m.dimensions.clear();
    EXPECT_TRUE(compute_statuses(m).gaps.empty());
    // Declared but not ordered: no gap either.
    m.dimensions = {deciles()};
    m.dimensions[0].ordered = false;
    EXPECT_TRUE(compute_statuses(m).gaps.empty());
}

TEST(BreakdownGap, PreviousPeriodMayHaveOtherCategoriesAndSaysWhich) {
    std::vector<Observation> obs;
    obs.push_back(decile("2019", 1, 30.0));
    obs.push_back(decile("2019", 10, 5.0));
    obs.push_back(decile("2020", 3, 20.0));  // 2020: deciles 3 and 7 only
    obs.push_back(decile("2020", 7, 14.0));
    add_deciles(obs, "2021", 25.0, 8.0);
    const StatusResult r = compute_statuses(model_with(Polarity::lower_is_better, obs));
    ASSERT_EQ(r.gaps.size(), 1u);
    const BreakdownGap& g = r.gaps[0];
    ASSERT_TRUE(g.previous);
    EXPECT_EQ(g.previous->period, "2020");  // the latest earlier one, not the fuller 2019
    EXPECT_EQ(g.previous->best.category, "7");
    EXPECT_EQ(g.previous->worst.category, "3");
    EXPECT_DOUBLE_EQ(g.previous->gap, 6.0);
    EXPECT_NE(g.explanation.find("(7 best vs 3 worst;"), std::string::npos) << g.explanation;
}

TEST(BreakdownGap, CategoriesInTheDeclaredOrderWhateverTheSourceOrder) {
    std::vector<Observation> obs;
    obs.push_back(decile("2021", 10, 8.0));
    obs.push_back(value("2021", 30.0, {{"deprivation", "Unknown"}}));  // undeclared: last
    obs.push_back(decile("2021", 2, 20.0));
    obs.push_back(decile("2021", 1, 25.0));
    const StatusResult r = compute_statuses(model_with(Polarity::lower_is_better, obs));
    ASSERT_EQ(r.gaps.size(), 1u);
    std::vector<std::string> order;
    for (const GapValue& v : r.gaps[0].latest.values) order.push_back(v.category);
    EXPECT_EQ(order, (std::vector<std::string>{"1", "2", "10", "Unknown"}));
    EXPECT_EQ(r.gaps[0].latest.worst.category, "Unknown");  // it still counts as a category
    EXPECT_EQ(r.gaps[0].latest.first->category, "1");       // but not as an end of the order
    EXPECT_EQ(r.gaps[0].latest.last->category, "10");
}

TEST(BreakdownGap, OtherPairsGiveOneGapEach) {
    std::vector<Observation> obs;
    for (const char* sex : {"Female", "Male"}) {
        const double shift = std::string(sex) == "Male" ? 5.0 : 0.0;
        obs.push_back(value("2021", 25.0 + shift, {{"sex", sex}, {"deprivation", "1"}}));
        obs.push_back(value("2021", 8.0, {{"deprivation", "10"}, {"sex", sex}}));
    }
    const StatusResult r = compute_statuses(model_with(Polarity::lower_is_better, obs));
    ASSERT_EQ(r.gaps.size(), 2u);
    EXPECT_EQ(breakdown_text(r.gaps[0].other), "sex=Female");
    EXPECT_DOUBLE_EQ(r.gaps[0].latest.gap, 17.0);
    EXPECT_EQ(breakdown_text(r.gaps[1].other), "sex=Male");
    EXPECT_DOUBLE_EQ(r.gaps[1].latest.gap, 22.0);
    EXPECT_EQ(r.gaps[1].explanation.rfind("sex=Male: deprivation", 0), 0u) << r.gaps[1].explanation;
}

TEST(BreakdownGap, OnlyComparablePeriodsAndNothingAfterAsOf) {
    std::vector<Observation> obs;
    add_deciles(obs, "2019/20", 22.0, 9.0);  // a financial year: not comparable with 2021
    add_deciles(obs, "2020", 21.0, 9.0);
    add_deciles(obs, "2021", 25.0, 8.0);
    const StatusResult r = compute_statuses(model_with(Polarity::lower_is_better, obs));
    ASSERT_EQ(r.gaps.size(), 1u);
    ASSERT_TRUE(r.gaps[0].previous);
    EXPECT_EQ(r.gaps[0].previous->period, "2020");
    StatusOptions as_of;
    as_of.as_of = *parse_period("2020");
    const StatusResult earlier =
        compute_statuses(model_with(Polarity::lower_is_better, obs), as_of);
    ASSERT_EQ(earlier.gaps.size(), 1u);
    EXPECT_EQ(earlier.gaps[0].latest.period, "2020");
    EXPECT_FALSE(earlier.gaps[0].previous);  // 2019/20 is a financial year
}

TEST(BreakdownGap, OutputsCarryTheGapsOnlyWhenThereAreSome) {
    std::vector<Observation> obs;
    add_deciles(obs, "2020", 22.0, 9.0);
    add_deciles(obs, "2021", 25.0, 8.0);
    const StatusResult r = compute_statuses(model_with(Polarity::lower_is_better, obs));
    const std::string json = statuses_to_json(r);
    EXPECT_NE(json.find("\"gaps\": ["), std::string::npos);
    EXPECT_NE(json.find("\"change\": \"widened\""), std::string::npos);
    EXPECT_NE(json.find("\"best\": {\"category\": \"10\", \"value\": 8,"), std::string::npos);
    const std::string csv = gaps_to_csv(r);
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "indicator_id,indicator,dimension,other,series,polarity,latest_period,best_category,"
              "best_value,worst_category,worst_value,gap,first_category,first_value,last_category,"
              "last_value,previous_period,previous_best_category,previous_best_value,"
              "previous_worst_category,previous_worst_value,previous_gap,change,values,"
              "explanation");
    EXPECT_NE(csv.find("smoking,Smoking prevalence,deprivation,,,lower_is_better,2021,10,8,1,25,17,"
                       "1,25,10,8,2020,10,9,1,22,13,widened,"),
              std::string::npos)
        << csv;
    EXPECT_NE(statuses_to_text(r).find("Gaps across ordered breakdowns"), std::string::npos);
    // Without ordered breakdowns the outputs are as they were: no gaps key, no gap section.
    const StatusResult none = compute_statuses(model_with(Polarity::lower_is_better, {}));
    EXPECT_EQ(statuses_to_json(none).find("gaps"), std::string::npos);
    EXPECT_EQ(statuses_to_text(none).find("Gaps"), std::string::npos);
    const std::string header_only = gaps_to_csv(none);
    EXPECT_EQ(std::count(header_only.begin(), header_only.end(), '\n'), 1);
}
