// Benchmark comparison of the latest value with its comparator (Observation::comparator_value,
// e.g. England) at 95% and 99.8%, following polarity: worked examples whose intervals were
// computed independently (Wilson and Byar formulas by hand, Python), then the cases that are not
// compared, and the outputs. Method: docs/statuses.md, "Benchmark comparison".
#include <gtest/gtest.h>

#include "kpimap/indicator_status.hpp"
#include "kpimap/model_io.hpp"
#include "kpimap/model_reader.hpp"

using namespace kpimap;
using stats::Comparison;

namespace {

Indicator make_indicator(Polarity polarity, Unit unit = Unit::percent, double per = 0) {
    Indicator i;
    i.id = "a";
    i.title = "Indicator A";
    i.polarity = polarity;
    i.unit = unit;
    i.unit_per = per;
    return i;
}

Observation obs(const std::string& period, double value) {
    Observation o;
    o.indicator_id = "a";
    o.period = *parse_period(period);
    o.period_text = period;
    o.value = value;
    return o;
}

Observation with_comparator(Observation o, double value, std::string name = "England") {
    o.comparator_name = std::move(name);
    o.comparator_value = value;
    o.comparator_cell = "B5";
    return o;
}

IndicatorStatus judge(const Indicator& ind, std::vector<Observation> observations) {
    Model m;
    m.indicators.push_back(ind);
    m.observations = std::move(observations);
    return compute_statuses(m).indicators.at(0);
}

// 815/1000 = 81.5%. Wilson 95%: 78.974–83.785; Wilson 99.8% (z = 3.0902): 77.414–84.990.
// Against England 84.0 the 95% interval lies below, the 99.8% interval contains it.
Observation proportion_815() {
    Observation o = obs("2021/22", 81.5);
    o.count = 815;
    o.denominator = 1000;
    o.percent_shown = true;
    return with_comparator(o, 84.0);
}

}  // namespace

TEST(BenchmarkComparison, WilsonFromCountsHigherIsBetter) {
    const IndicatorStatus s = judge(make_indicator(Polarity::higher_is_better), {proportion_815()});
    EXPECT_EQ(s.benchmark95, Comparison::worse);
    EXPECT_EQ(s.benchmark998, Comparison::similar);
    EXPECT_EQ(s.benchmark_comparator, "England");
    ASSERT_TRUE(s.benchmark_value);
    EXPECT_EQ(*s.benchmark_value, 84.0);
    EXPECT_EQ(s.benchmark_explanation,
              "81.5% in 2021/22 vs England 84: worse at 95% (Wilson 78.97–83.78 from 815/1000), "
              "similar at 99.8% (Wilson 77.41–84.99 from 815/1000); higher is better");
}

TEST(BenchmarkComparison, PolarityDecidesBetterOrWorse) {
    const IndicatorStatus low =
        judge(make_indicator(Polarity::lower_is_better), {proportion_815()});
    EXPECT_EQ(low.benchmark95, Comparison::better);
    EXPECT_EQ(low.benchmark998, Comparison::similar);
    const IndicatorStatus none = judge(make_indicator(Polarity::no_judgement), {proportion_815()});
    EXPECT_EQ(none.benchmark95, Comparison::lower);
    EXPECT_EQ(none.benchmark998, Comparison::similar);
    EXPECT_NE(none.benchmark_explanation.find("lower at 95%"), std::string::npos);
    EXPECT_NE(none.benchmark_explanation.find("no judgement of better or worse"),
              std::string::npos);
    const IndicatorStatus unknown = judge(make_indicator(Polarity::unknown), {proportion_815()});
    EXPECT_EQ(unknown.benchmark95, Comparison::lower);
}

// 250 events in 100,000: 250 per 100,000. Byar 95%: 219.97–282.99; 99.8%: 203.96–302.83.
TEST(BenchmarkComparison, ByarForARateFromCounts) {
    Observation o = obs("2021", 250);
    o.count = 250;
    o.denominator = 100000;
    const Indicator ind = make_indicator(Polarity::lower_is_better, Unit::rate, 100000);
    // England 210: the 95% interval is above it (worse, lower is better); the 99.8% contains it.
    IndicatorStatus s = judge(ind, {with_comparator(o, 210)});
    EXPECT_EQ(s.benchmark95, Comparison::worse);
    EXPECT_EQ(s.benchmark998, Comparison::similar);
    EXPECT_EQ(s.benchmark_explanation,
              "250 in 2021 vs England 210: worse at 95% (Byar 219.97–282.99 from 250 events in "
              "100000), similar at 99.8% (Byar 203.96–302.83 from 250 events in 100000); lower is "
              "better");
    // England 300: below it at 95% (better), inside the 99.8% interval.
    s = judge(ind, {with_comparator(o, 300)});
    EXPECT_EQ(s.benchmark95, Comparison::better);
    EXPECT_EQ(s.benchmark998, Comparison::similar);
    // England 310: outside both intervals.
    s = judge(ind, {with_comparator(o, 310)});
    EXPECT_EQ(s.benchmark95, Comparison::better);
    EXPECT_EQ(s.benchmark998, Comparison::better);
}

TEST(BenchmarkComparison, PublishedLimitsGiveOnlyTheNinetyFivePercentComparison) {
    Observation o = obs("2021/22", 82.2);
    o.lower_ci = 80.1;
    o.upper_ci = 84.2;
    o.percent_shown = true;
    const Indicator ind = make_indicator(Polarity::higher_is_better);
    IndicatorStatus s = judge(ind, {with_comparator(o, 85.0)});
    EXPECT_EQ(s.benchmark95, Comparison::worse);
    EXPECT_EQ(s.benchmark998, Comparison::not_compared);
    EXPECT_EQ(s.benchmark_explanation,
              "82.2% in 2021/22 vs England 85: worse at 95% (published interval 80.1–84.2), not "
              "compared at 99.8% (only published 95% limits; 99.8% needs counts); higher is "
              "better");
    // A limit equal to the comparator counts as containing it.
    s = judge(ind, {with_comparator(o, 84.2)});
    EXPECT_EQ(s.benchmark95, Comparison::similar);
    s = judge(ind, {with_comparator(o, 79.0)});
    EXPECT_EQ(s.benchmark95, Comparison::better);
}

TEST(BenchmarkComparison, NoIntervalIsNotCompared) {
    const IndicatorStatus s = judge(make_indicator(Polarity::higher_is_better),
                                    {with_comparator(obs("2021/22", 82.2), 84.0)});
    EXPECT_EQ(s.benchmark95, Comparison::not_compared);
    EXPECT_EQ(s.benchmark998, Comparison::not_compared);
    EXPECT_EQ(s.benchmark_comparator, "England");
    EXPECT_EQ(s.benchmark_explanation,
              "82.2 in 2021/22 vs England 84: no confidence interval, and no counts to compute "
              "one; not compared");
}

TEST(BenchmarkComparison, NoComparatorIsNotCompared) {
    Observation o = obs("2021/22", 81.5);
    o.count = 815;
    o.denominator = 1000;
    const IndicatorStatus s = judge(make_indicator(Polarity::higher_is_better), {o});
    EXPECT_EQ(s.benchmark95, Comparison::not_compared);
    EXPECT_EQ(s.benchmark_comparator, "");
    EXPECT_FALSE(s.benchmark_value);
    EXPECT_EQ(s.benchmark_explanation,
              "81.5 in 2021/22: no comparator value (such as England) for 2021/22; not compared");
}

TEST(BenchmarkComparison, OnlyTheLatestPeriodIsCompared) {
    // The earlier period has a comparator, the latest has none: not compared.
    Observation early = proportion_815();
    early.period = *parse_period("2020/21");
    early.period_text = "2020/21";
    Observation late = obs("2021/22", 82.0);
    const IndicatorStatus s = judge(make_indicator(Polarity::higher_is_better), {early, late});
    EXPECT_EQ(s.benchmark95, Comparison::not_compared);
    EXPECT_EQ(s.benchmark_comparator, "");
}

TEST(BenchmarkComparison, AComparatorOnAnAgreeingValueOfTheSamePeriodIsUsed) {
    // The same value read twice (an outcome sheet without comparator, the data table with one).
    Observation plain = obs("2021/22", 81.5);
    plain.percent_shown = true;
    plain.decimals = 1;
    Observation table = proportion_815();
    table.decimals = 1;
    const IndicatorStatus s = judge(make_indicator(Polarity::higher_is_better), {plain, table});
    EXPECT_EQ(s.benchmark95, Comparison::worse);
    EXPECT_EQ(s.benchmark_comparator, "England");
}

TEST(BenchmarkComparison, UnnamedComparatorAndOutputs) {
    Model m;
    m.indicators.push_back(make_indicator(Polarity::higher_is_better));
    m.observations.push_back(with_comparator(proportion_815(), 84.0, ""));
    const StatusResult r = compute_statuses(m);
    EXPECT_EQ(r.indicators[0].benchmark_comparator, "comparator");
    const std::string json = statuses_to_json(r);
    EXPECT_NE(json.find("\"benchmark_comparator\": \"comparator\", \"benchmark_value\": 84, "
                        "\"benchmark_95\": \"worse\", \"benchmark_998\": \"similar\""),
              std::string::npos)
        << json;
    const std::string csv = statuses_to_csv(r);
    EXPECT_NE(csv.find("benchmark_comparator,benchmark_value,benchmark_95,benchmark_998,"
                       "benchmark_explanation,spc_variation"),
              std::string::npos);
    EXPECT_NE(csv.find(",comparator,84,worse,similar,"), std::string::npos) << csv;
    const std::string text = statuses_to_text(r);
    EXPECT_NE(text.find("    benchmark:    worse (95%), similar (99.8%): 81.5% in 2021/22 vs "
                        "comparator 84"),
              std::string::npos)
        << text;
}

TEST(BenchmarkComparison, ComparatorFieldsRoundTripThroughModelJson) {
    Model m;
    m.indicators.push_back(make_indicator(Polarity::higher_is_better));
    Observation o = proportion_815();
    o.comparator_lower_ci = 83.9;
    o.comparator_upper_ci = 84.1;
    m.observations.push_back(o);
    m.observations.push_back(obs("2020/21", 80));
    const ModelReadResult back = model_from_json(model_to_json(m), "test");
    ASSERT_TRUE(back.model) << back.error.text();
    const Observation& b = back.model->observations.at(0);
    EXPECT_EQ(b.comparator_name, "England");
    EXPECT_EQ(b.comparator_value, 84.0);
    EXPECT_EQ(b.comparator_lower_ci, 83.9);
    EXPECT_EQ(b.comparator_upper_ci, 84.1);
    EXPECT_EQ(b.comparator_cell, "B5");
    const Observation& none = back.model->observations.at(1);
    EXPECT_EQ(none.comparator_name, "");
    EXPECT_FALSE(none.comparator_value);
    // observations.csv: the comparator columns come last.
    const std::string csv = observations_to_csv(m);
    EXPECT_NE(csv.find(",cell,comparator,comparator_value,comparator_lower_ci_95,"
                       "comparator_upper_ci_95,comparator_cell\n"),
              std::string::npos);
    EXPECT_NE(csv.find(",England,84,83.9,84.1,B5\n"), std::string::npos) << csv;
}
