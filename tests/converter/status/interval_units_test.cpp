// Intervals that respect units (issue 12 §2): an interval is computed from count and
// denominator only at the scale the value shows them (a fraction, a percentage, or a rate per
// N); a value that agrees with no scale gets no interval and says why. The worked figures are
// the issue's: a rate of 50 per 100,000 from 50 events in 100,000 has the Byar 95% interval
// 37.11–65.92 (Byar's approximation, as PHEindicatormethods computes it; hand-checked:
// 50·(1 − 1/450 − 1.96/(3√50))³ / 100,000 × 100,000 = 37.108, 51·(1 − 1/459 + 1.96/(3√51))³ =
// 65.918), so against England's 40 it is similar, where the old guesswork made it 0.04–0.07
// (Wilson × 100) and "worse".
#include <gtest/gtest.h>

#include "kpimap/indicator_status.hpp"

using namespace kpimap;
using stats::Comparison;

namespace {

IndicatorStatus judge(Unit unit, Polarity polarity, double value, double count, double denominator,
                      double england, double per = 0) {
    Model m;
    Indicator i;
    i.id = "a";
    i.title = "A";
    i.unit = unit;
    i.unit_per = per;
    i.polarity = polarity;
    m.indicators.push_back(i);
    Observation o;
    o.indicator_id = "a";
    o.period_text = "2021/22";
    o.period = *parse_period("2021/22");
    o.value = value;
    o.count = count;
    o.denominator = denominator;
    o.comparator_name = "England";
    o.comparator_value = england;
    m.observations.push_back(o);
    return compute_statuses(m).indicators.at(0);
}

}  // namespace

TEST(IntervalUnits, RatePer100000FromCountsIsByarAndSimilar) {
    const IndicatorStatus s = judge(Unit::unknown, Polarity::lower_is_better, 50, 50, 100000, 40);
    EXPECT_EQ(s.benchmark95, Comparison::similar);
    EXPECT_NE(s.benchmark_explanation.find("similar at 95% (Byar 37.11–65.92 from 50 events in "
                                           "100000)"),
              std::string::npos)
        << s.benchmark_explanation;
}

TEST(IntervalUnits, ValueThatAgreesWithNoScaleGetsNoInterval) {
    const IndicatorStatus s =
        judge(Unit::unknown, Polarity::higher_is_better, 28.67, 7643, 40299, 30);
    EXPECT_EQ(s.benchmark95, Comparison::not_compared);
    EXPECT_EQ(s.benchmark998, Comparison::not_compared);
    EXPECT_EQ(s.benchmark_explanation,
              "28.67 in 2021/22 vs England 30: 28.67 does not agree with 7643/40299 (= 0.1897, "
              "18.97%, 18,966 per 100,000); no interval; not compared");
}

TEST(IntervalUnits, PercentageAndFractionOfTheSameCounts) {
    // 7643/40299 = 18.966%; Wilson 95% 18.587–19.351 (hand: p ± z√(p(1−p)/n + z²/4n²), /(1 +
    // z²/n)).
    const IndicatorStatus pct =
        judge(Unit::unknown, Polarity::higher_is_better, 18.97, 7643, 40299, 20);
    EXPECT_EQ(pct.benchmark95, Comparison::worse);
    EXPECT_NE(pct.benchmark_explanation.find("(Wilson 18.59–19.35 from 7643/40299)"),
              std::string::npos)
        << pct.benchmark_explanation;
    const IndicatorStatus fraction =
        judge(Unit::unknown, Polarity::higher_is_better, 0.1897, 7643, 40299, 0.2);
    EXPECT_EQ(fraction.benchmark95, Comparison::worse);
    // A fraction's interval to 4 decimals (0.185859–0.193514), not 0.19–0.19.
    EXPECT_NE(fraction.benchmark_explanation.find("(Wilson 0.1859–0.1935 from 7643/40299)"),
              std::string::npos)
        << fraction.benchmark_explanation;
}

TEST(IntervalUnits, PerThousandIsARate) {
    // 189.7 per 1,000 from 7643 events in 40299: Byar, not Wilson.
    const IndicatorStatus s =
        judge(Unit::unknown, Polarity::higher_is_better, 189.7, 7643, 40299, 150);
    EXPECT_EQ(s.benchmark95, Comparison::better);
    EXPECT_NE(s.benchmark_explanation.find("Byar 185.4"), std::string::npos)
        << s.benchmark_explanation;
}

TEST(IntervalUnits, TheIndicatorsOwnPerNComesFirst) {
    // Per 10,000 declared by the indicator: 5 events in 10,000 shown as 5.
    const IndicatorStatus s = judge(Unit::rate, Polarity::lower_is_better, 5, 5, 10000, 4, 10000);
    EXPECT_EQ(s.benchmark95, Comparison::similar);
    EXPECT_NE(s.benchmark_explanation.find("exact Poisson"), std::string::npos)
        << s.benchmark_explanation;
}

TEST(IntervalUnits, SignificanceSaysWhyWhenCountsDisagree) {
    Model m;
    Indicator i;
    i.id = "a";
    i.title = "A";
    i.polarity = Polarity::higher_is_better;
    i.aim.significance_required = true;
    m.indicators.push_back(i);
    for (auto [period, value, k, n] : {std::tuple{"2020/21", 27.0, 7000.0, 40000.0},
                                       std::tuple{"2021/22", 28.67, 7643.0, 40299.0}}) {
        Observation o;
        o.indicator_id = "a";
        o.period_text = period;
        o.period = *parse_period(period);
        o.value = value;
        o.count = k;
        o.denominator = n;
        m.observations.push_back(o);
    }
    const IndicatorStatus s = compute_statuses(m).indicators.at(0);
    EXPECT_EQ(s.significance, Significance::not_assessable);
    EXPECT_NE(s.significance_explanation.find("28.67 does not agree with 7643/40299"),
              std::string::npos)
        << s.significance_explanation;
}

// The 99.8% comparison uses the same scale: Byar 99.8% for 50 events in 100,000 is 30.93–75.97
// (50·(1 − 1/450 − 3.0902/(3√50))³, 51·(1 − 1/459 + 3.0902/(3√51))³), which contains 40 too.
// 20 events in 40,000 is the same 50 per 100,000 with a wider interval: Byar 95% 12.21–30.89
// events, 30.53–77.22 per 100,000.
TEST(IntervalUnits, RatePer100000AtBothLevelsAndAnotherPopulation) {
    const IndicatorStatus s = judge(Unit::unknown, Polarity::lower_is_better, 50, 50, 100000, 40);
    EXPECT_EQ(s.benchmark998, Comparison::similar);
    EXPECT_EQ(s.benchmark_explanation,
              "50 in 2021/22 vs England 40: similar at 95% (Byar 37.11–65.92 from 50 events in "
              "100000), similar at 99.8% (Byar 30.93–75.97 from 50 events in 100000); lower is "
              "better");
    const IndicatorStatus t = judge(Unit::unknown, Polarity::lower_is_better, 50, 20, 40000, 40);
    EXPECT_EQ(t.benchmark95, Comparison::similar);
    EXPECT_NE(t.benchmark_explanation.find("Byar 30.53–77.22 from 20 events in 40000"),
              std::string::npos)
        << t.benchmark_explanation;
}

// A value above 1 is not made a percentage: 2.5 from 25/10,000 is 2.5 per 1,000 (Byar 95%
// 16.17–36.91 events → 1.62–3.69 per 1,000), not 0.25% (the old rule gave Wilson 0.17–0.37).
TEST(IntervalUnits, AValueAboveOneIsNotMadeAPercentage) {
    const IndicatorStatus s = judge(Unit::unknown, Polarity::lower_is_better, 2.5, 25, 10000, 2);
    EXPECT_EQ(s.benchmark95, Comparison::similar);
    EXPECT_NE(s.benchmark_explanation.find("Byar 1.62–3.69 from 25 events in 10000"),
              std::string::npos)
        << s.benchmark_explanation;
}

// The reason names the indicator's own per-N when it has one.
TEST(IntervalUnits, TheReasonUsesTheIndicatorsPerN) {
    const IndicatorStatus s =
        judge(Unit::rate, Polarity::lower_is_better, 28.67, 7643, 40299, 30, 10000);
    EXPECT_EQ(s.benchmark95, Comparison::not_compared);
    EXPECT_NE(s.benchmark_explanation.find("(= 0.1897, 18.97%, 1,897 per 10,000); no interval"),
              std::string::npos)
        << s.benchmark_explanation;
}

// 0 events shown as 0 agree with every scale: the unit decides (percent: Wilson 0–0.76% for
// 0/500), and without one there is no interval. A nonzero value with 0 events, or 0 with
// events, agrees with no scale (before, either zero was taken as agreeing with any).
TEST(IntervalUnits, ZeroNeedsTheUnitAndMustAgree) {
    const IndicatorStatus pct = judge(Unit::percent, Polarity::lower_is_better, 0, 0, 500, 0.5);
    EXPECT_EQ(pct.benchmark95, Comparison::similar);
    EXPECT_NE(pct.benchmark_explanation.find("Wilson 0–0.76 from 0/500"), std::string::npos)
        << pct.benchmark_explanation;
    const IndicatorStatus unknown = judge(Unit::unknown, Polarity::lower_is_better, 0, 0, 500, 0.5);
    EXPECT_EQ(unknown.benchmark95, Comparison::not_compared);
    EXPECT_EQ(unknown.benchmark_explanation,
              "0 in 2021/22 vs England 0.5: 0 from 0/500 agrees with every scale (a fraction, a "
              "percentage, any rate per N) and the unit does not say which; no interval; not "
              "compared");
    const IndicatorStatus rate_no_per =
        judge(Unit::rate, Polarity::lower_is_better, 0, 0, 500, 0.5);
    EXPECT_EQ(rate_no_per.benchmark95, Comparison::not_compared);
    const IndicatorStatus nonzero =
        judge(Unit::percent, Polarity::lower_is_better, 3.2, 0, 500, 0.5);
    EXPECT_EQ(nonzero.benchmark95, Comparison::not_compared);
    EXPECT_NE(nonzero.benchmark_explanation.find("3.2 does not agree with 0/500"),
              std::string::npos)
        << nonzero.benchmark_explanation;
    const IndicatorStatus zero_value =
        judge(Unit::percent, Polarity::lower_is_better, 0, 5, 500, 0.5);
    EXPECT_EQ(zero_value.benchmark95, Comparison::not_compared);
    EXPECT_NE(zero_value.benchmark_explanation.find("0 does not agree with 5/500"),
              std::string::npos)
        << zero_value.benchmark_explanation;
}

// A count indicator whose value is the count itself, with its population beside it: the
// interval is on the count (Byar 95% for 250 events: 219.97–282.99), as before issue 12 §2.
TEST(IntervalUnits, ACountBesideItsPopulationGetsAnIntervalOnTheCount) {
    const IndicatorStatus s = judge(Unit::count, Polarity::lower_is_better, 250, 250, 40000, 300);
    EXPECT_EQ(s.benchmark95, Comparison::better);
    EXPECT_NE(s.benchmark_explanation.find("Byar 219.97–282.99 from 250 events in 40000"),
              std::string::npos)
        << s.benchmark_explanation;
}
