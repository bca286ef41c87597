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
              "28.67 in 2021/22 vs England 30: 28.67 does not agree with 7643/40299 (= 0.1897 as "
              "a fraction, 18.97%, 189.7 per 1,000, 1.897e+04 per 100,000); no interval, as the "
              "unit cannot be told; not compared");
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
    EXPECT_NE(fraction.benchmark_explanation.find("(Wilson 0.19–0.19 from 7643/40299)"),
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
