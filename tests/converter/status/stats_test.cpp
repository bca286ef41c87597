// Worked examples for kpimap::stats. Every expected number below was computed independently of
// this library (plain Python 3, formulas written out by hand, no Boost; the exact Poisson limits
// by bisection on P(a, x) = 1 - e^-x sum_{k<a} x^k/k!) and, where stated, agrees with the
// published source to the 4 decimals it prints.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "kpimap/stats.hpp"

using namespace kpimap::stats;
using kpimap::Polarity;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void expect_interval(const std::optional<Interval>& got, double lower, double upper, double tol) {
    ASSERT_TRUE(got.has_value());
    EXPECT_NEAR(got->lower, lower, tol);
    EXPECT_NEAR(got->upper, upper, tol);
}

// A point whose 95% interval is value +/- half_width (se = half_width / 1.96).
TrendPoint pt(double value, double half_width) {
    return {value, value - half_width, value + half_width};
}

}  // namespace

// ---- z ----------------------------------------------------------------------------------------

TEST(StatsZ, ConfidenceLevels) {
    EXPECT_NEAR(*z_for_confidence(0.95), z95, 1e-12);
    EXPECT_NEAR(*z_for_confidence(0.998), z998, 1e-12);
    EXPECT_NEAR(*z_for_confidence(0.90), 1.6448536269514722, 1e-12);
    EXPECT_FALSE(z_for_confidence(0.0));
    EXPECT_FALSE(z_for_confidence(1.0));
    EXPECT_FALSE(z_for_confidence(95.0));
    EXPECT_FALSE(z_for_confidence(kNaN));
}

// ---- Wilson -----------------------------------------------------------------------------------
// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
// methods. Stat Med 1998;17:857-872 (worked examples, Wilson score method without continuity
// correction). Python: 81/263 -> 0.255289-0.366210, 15/148 -> 0.062386-0.160487,
// 0/20 -> 0-0.161125, 1/29 -> 0.006113-0.171755, 29/29 -> 0.883030-1.

TEST(StatsWilson, NewcombeSingleProportionExamples) {
    expect_interval(wilson_interval(81, 263), 0.2553, 0.3662, 5e-5);
    expect_interval(wilson_interval(15, 148), 0.0624, 0.1605, 5e-5);
    expect_interval(wilson_interval(0, 20), 0.0, 0.1611, 5e-5);
    expect_interval(wilson_interval(1, 29), 0.0061, 0.1718, 5e-5);
    // Six decimals from the independent computation.
    expect_interval(wilson_interval(81, 263), 0.255289, 0.366210, 1e-6);
    expect_interval(wilson_interval(1, 29), 0.006113, 0.171755, 1e-6);
}

TEST(StatsWilson, EndsAreExact) {
    auto none = wilson_interval(0, 20);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->lower, 0.0);
    auto all = wilson_interval(29, 29);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->upper, 1.0);
    EXPECT_NEAR(all->lower, 0.883030, 1e-6);
}

TEST(StatsWilson, RejectsImpossibleInput) {
    EXPECT_FALSE(wilson_interval(0, 0));    // n = 0
    EXPECT_FALSE(wilson_interval(5, 4));    // k > n
    EXPECT_FALSE(wilson_interval(-1, 10));  // negative count
    EXPECT_FALSE(wilson_interval(1, -10));
    EXPECT_FALSE(wilson_interval(kNaN, 10));
    EXPECT_FALSE(wilson_interval(1, kInf));
    EXPECT_FALSE(wilson_interval(1, 10, -1.96));
}

TEST(StatsWilson, WiderAtHigherConfidence) {
    auto i95 = wilson_interval(81, 263);
    auto i998 = wilson_interval(81, 263, z998);
    ASSERT_TRUE(i95 && i998);
    EXPECT_LT(i998->lower, i95->lower);
    EXPECT_GT(i998->upper, i95->upper);
}

// ---- Newcombe ---------------------------------------------------------------------------------
// Newcombe RG. Interval estimation for the difference between independent proportions:
// comparison of eleven methods. Stat Med 1998;17:873-890, Table II, method 10 (hybrid score,
// no continuity correction). Python (same formula, Wilson limits from above):
//   56/70 - 48/80 = 0.200000, -> 0.052431 to 0.333873
//   9/10  - 3/10  = 0.600000, -> 0.170523 to 0.809018
//   6/7   - 2/7   = 0.571429, -> 0.058228 to 0.806250
//   5/56  - 0/29  = 0.089286, -> -0.038137 to 0.192560
//   0/10  - 0/20  = 0,        -> -0.161125 to 0.277533
//   10/10 - 0/20  = 1,        -> 0.679086 to 1

TEST(StatsNewcombe, TableIIExamples) {
    expect_interval(newcombe_difference(56, 70, 48, 80), 0.0524, 0.3339, 5e-4);
    expect_interval(newcombe_difference(9, 10, 3, 10), 0.1705, 0.8090, 5e-4);
    expect_interval(newcombe_difference(6, 7, 2, 7), 0.0582, 0.8062, 5e-4);
    expect_interval(newcombe_difference(5, 56, 0, 29), -0.0381, 0.1926, 5e-4);
    expect_interval(newcombe_difference(0, 10, 0, 20), -0.1611, 0.2775, 5e-4);
    expect_interval(newcombe_difference(10, 10, 0, 20), 0.6791, 1.0, 5e-4);
    // Six decimals from the independent computation.
    expect_interval(newcombe_difference(56, 70, 48, 80), 0.052431, 0.333873, 1e-6);
    expect_interval(newcombe_difference(6, 7, 2, 7), 0.058228, 0.806250, 1e-6);
}

TEST(StatsNewcombe, Significance) {
    EXPECT_EQ(significant_difference_of_proportions(56, 70, 48, 80), true);  // 0.052 to 0.334
    EXPECT_EQ(significant_difference_of_proportions(5, 56, 0, 29), false);   // -0.038 to 0.193
    EXPECT_EQ(significant_difference_of_proportions(48, 80, 56, 70),
              true);  // swapped: -0.334 to -0.052
    EXPECT_EQ(significant_difference_of_proportions(3, 10, 3, 10), false);  // equal proportions
    EXPECT_FALSE(significant_difference_of_proportions(1, 0, 1, 10).has_value());
    EXPECT_FALSE(newcombe_difference(11, 10, 1, 10));
}

// ---- Poisson: exact and Byar ------------------------------------------------------------------
// Exact limits: lower = chi2(0.025; 2O)/2, upper = chi2(0.975; 2O+2)/2 (Armitage & Berry; the
// method of PHEindicatormethods::phe_rate for O < 10). Python bisection:
//   O=0  -> 0 to 3.688879       O=1 -> 0.025318 to 5.571643    O=5 -> 1.623486 to 11.668332
//   O=9  -> 4.115373 to 17.084803   O=10 -> 4.795389 to 18.390356   O=50 -> 37.110964 to 65.918767
//   O=5 at 99.8% -> 0.739372 to 16.454745
// These agree with published tables of exact Poisson limits (e.g. O=10: 4.7954-18.3904).

TEST(StatsPoisson, ExactLimits) {
    expect_interval(exact_poisson_interval(0), 0.0, 3.688879, 1e-6);
    expect_interval(exact_poisson_interval(1), 0.025318, 5.571643, 1e-6);
    expect_interval(exact_poisson_interval(5), 1.623486, 11.668332, 1e-6);
    expect_interval(exact_poisson_interval(9), 4.115373, 17.084803, 1e-6);
    expect_interval(exact_poisson_interval(10), 4.795389, 18.390356, 1e-6);
    expect_interval(exact_poisson_interval(50), 37.110964, 65.918767, 1e-6);
    expect_interval(exact_poisson_interval(5, z998), 0.739372, 16.454745, 1e-6);
}

TEST(StatsPoisson, RejectsImpossibleInput) {
    EXPECT_FALSE(exact_poisson_interval(-1));
    EXPECT_FALSE(exact_poisson_interval(kNaN));
    EXPECT_FALSE(exact_poisson_interval(5, -1.0));
    EXPECT_FALSE(byar_interval(-0.5));
    EXPECT_FALSE(byar_interval(kInf));
}

// Byar: lower = O(1 - 1/(9O) - z/(3 sqrt O))^3, upper = (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3
// (Breslow & Day 1987; PHEindicatormethods::byars_lower/byars_upper). Python:
//   O=10 -> 4.787450 to 18.391459   O=50 -> 37.108100 to 65.920157   O=100 -> 81.362105 to
//   121.627938 O=50 at 99.8% -> 30.934708 to 75.969301
// Byar at O=50 is within 0.003 of the exact 37.1110-65.9188.

TEST(StatsByar, Formula) {
    expect_interval(byar_interval(10), 4.787450, 18.391459, 1e-6);
    expect_interval(byar_interval(50), 37.108100, 65.920157, 1e-6);
    expect_interval(byar_interval(100), 81.362105, 121.627938, 1e-6);
    expect_interval(byar_interval(50, z998), 30.934708, 75.969301, 1e-6);
}

TEST(StatsByar, CloseToExactForModerateCounts) {
    auto byar = byar_interval(50);
    auto exact = exact_poisson_interval(50);
    ASSERT_TRUE(byar && exact);
    EXPECT_NEAR(byar->lower, exact->lower, 0.005);
    EXPECT_NEAR(byar->upper, exact->upper, 0.005);
}

TEST(StatsByar, ZeroCount) {
    auto zero = byar_interval(0);
    ASSERT_TRUE(zero);
    EXPECT_EQ(zero->lower, 0.0);
    // (1)(1 - 1/9 + 1.959964/3)^3 = 3.668012: no division by zero for the lower limit.
    EXPECT_NEAR(zero->upper, 3.668012, 1e-6);
}

// Rates: exact below 10 events, Byar from 10 (PHEindicatormethods::phe_rate).
TEST(StatsPoisson, RateUsesExactBelowTenAndByarFromTen) {
    // 5 events in 20,000 people per 100,000: 25 (8.117 to 58.342).
    expect_interval(rate_interval(5, 20000, 100000), 1.623486 * 5, 11.668332 * 5, 1e-5);
    // 9 events: still exact.
    expect_interval(rate_interval(9, 100000, 100000), 4.115373, 17.084803, 1e-6);
    // 10 events: Byar (4.787450), not exact (4.795389).
    expect_interval(rate_interval(10, 100000, 100000), 4.787450, 18.391459, 1e-6);
    // 50 events in 250,000 per 1,000: 0.2 (0.148432 to 0.263681).
    expect_interval(rate_interval(50, 250000, 1000), 37.108100 / 250, 65.920157 / 250, 1e-8);
    EXPECT_FALSE(rate_interval(5, 0, 100000));
    EXPECT_FALSE(rate_interval(5, 1000, 0));
    EXPECT_FALSE(rate_interval(-1, 1000, 100000));
}

// ---- Benchmark comparison and overlap ---------------------------------------------------------

TEST(StatsCompare, FingertipsBenchmarkRule) {
    Interval ci{0.2553, 0.3662};  // 81/263 = 0.308
    EXPECT_EQ(ci_overlap_compare(ci, 0.30, Polarity::higher_is_better), Comparison::similar);
    EXPECT_EQ(ci_overlap_compare(ci, 0.20, Polarity::higher_is_better), Comparison::better);
    EXPECT_EQ(ci_overlap_compare(ci, 0.20, Polarity::lower_is_better), Comparison::worse);
    EXPECT_EQ(ci_overlap_compare(ci, 0.40, Polarity::higher_is_better), Comparison::worse);
    EXPECT_EQ(ci_overlap_compare(ci, 0.40, Polarity::lower_is_better), Comparison::better);
    EXPECT_EQ(ci_overlap_compare(ci, 0.20, Polarity::no_judgement), Comparison::higher);
    EXPECT_EQ(ci_overlap_compare(ci, 0.40, Polarity::unknown), Comparison::lower);
    // A limit equal to the benchmark counts as containing it.
    EXPECT_EQ(ci_overlap_compare(ci, 0.3662, Polarity::higher_is_better), Comparison::similar);
    EXPECT_EQ(ci_overlap_compare(ci, 0.2553, Polarity::higher_is_better), Comparison::similar);
}

TEST(StatsCompare, AgainstComparatorInterval) {
    Interval ci{0.2553, 0.3662};
    // 0.40 lies outside ci but the comparator's interval overlaps it: similar.
    EXPECT_EQ(ci_overlap_compare(ci, 0.40, Polarity::higher_is_better, Interval{0.35, 0.45}),
              Comparison::similar);
    EXPECT_EQ(ci_overlap_compare(ci, 0.15, Polarity::higher_is_better, Interval{0.10, 0.20}),
              Comparison::better);
    EXPECT_EQ(ci_overlap_compare(ci, 0.45, Polarity::lower_is_better, Interval{0.40, 0.50}),
              Comparison::better);
}

TEST(StatsCompare, NotComparedOnBadInput) {
    EXPECT_EQ(ci_overlap_compare({0.4, 0.3}, 0.35, Polarity::higher_is_better),
              Comparison::not_compared);
    EXPECT_EQ(ci_overlap_compare({kNaN, 0.3}, 0.35, Polarity::higher_is_better),
              Comparison::not_compared);
    EXPECT_EQ(ci_overlap_compare({0.2, 0.3}, kNaN, Polarity::higher_is_better),
              Comparison::not_compared);
    EXPECT_EQ(ci_overlap_compare({0.2, 0.3}, 0.1, Polarity::higher_is_better, Interval{0.2, 0.1}),
              Comparison::not_compared);
    // A zero-width interval is a point: compared as such.
    EXPECT_EQ(ci_overlap_compare({0.3, 0.3}, 0.3, Polarity::higher_is_better), Comparison::similar);
    EXPECT_EQ(ci_overlap_compare({0.3, 0.3}, 0.2, Polarity::higher_is_better), Comparison::better);
}

TEST(StatsCompare, OverlapAndChange) {
    EXPECT_TRUE(intervals_overlap({1, 3}, {2, 4}));
    EXPECT_TRUE(intervals_overlap({1, 3}, {3, 4}));  // touching
    EXPECT_TRUE(intervals_overlap({1, 5}, {2, 3}));  // nested
    EXPECT_FALSE(intervals_overlap({1, 2}, {3, 4}));
    EXPECT_FALSE(intervals_overlap({3, 4}, {1, 2}));
    EXPECT_TRUE(significant_change({1, 2}, {3, 4}));
    EXPECT_FALSE(significant_change({1, 3}, {3, 4}));
    EXPECT_FALSE(significant_change({kNaN, 2}, {3, 4}));
    EXPECT_FALSE(significant_change({2, 1}, {3, 4}));
    // Exact Poisson O=1 (0.03-5.57) vs O=10 (4.80-18.39) overlap; O=1 vs O=20 does not.
    auto one = exact_poisson_interval(1), ten = exact_poisson_interval(10),
         twenty = exact_poisson_interval(20);
    EXPECT_FALSE(significant_change(*one, *ten));
    EXPECT_TRUE(significant_change(*one, *twenty));
}

TEST(StatsCompare, Names) {
    EXPECT_STREQ(comparison_name(Comparison::similar), "similar");
    EXPECT_STREQ(comparison_name(Comparison::not_compared), "not_compared");
    EXPECT_STREQ(travel_name(Travel::little_or_no_change), "little_or_no_change");
    EXPECT_STREQ(trend_name(Trend::no_significant_change), "no_significant_change");
}

// ---- Direction of travel ----------------------------------------------------------------------

TEST(StatsTravel, ToleranceAndPolarity) {
    // 2% of 50 is 1: 50 -> 51 is little or no change, 50 -> 51.5 is a change.
    EXPECT_EQ(direction_of_travel(51.0, 50.0, Polarity::higher_is_better),
              Travel::little_or_no_change);
    EXPECT_EQ(direction_of_travel(49.0, 50.0, Polarity::higher_is_better),
              Travel::little_or_no_change);
    EXPECT_EQ(direction_of_travel(51.5, 50.0, Polarity::higher_is_better), Travel::improved);
    EXPECT_EQ(direction_of_travel(51.5, 50.0, Polarity::lower_is_better), Travel::worsened);
    EXPECT_EQ(direction_of_travel(48.5, 50.0, Polarity::lower_is_better), Travel::improved);
    EXPECT_EQ(direction_of_travel(48.5, 50.0, Polarity::higher_is_better), Travel::worsened);
    EXPECT_EQ(direction_of_travel(51.5, 50.0, Polarity::no_judgement), Travel::increased);
    EXPECT_EQ(direction_of_travel(48.5, 50.0, Polarity::unknown), Travel::decreased);
    EXPECT_EQ(direction_of_travel(50.0, 50.0, Polarity::higher_is_better),
              Travel::little_or_no_change);
    // Tolerance 0: any change counts.
    EXPECT_EQ(direction_of_travel(50.01, 50.0, Polarity::higher_is_better, 0.0), Travel::improved);
    // Negative values use |previous|: 2% of 10 is 0.2.
    EXPECT_EQ(direction_of_travel(-10.1, -10.0, Polarity::higher_is_better),
              Travel::little_or_no_change);
    EXPECT_EQ(direction_of_travel(-10.5, -10.0, Polarity::higher_is_better), Travel::worsened);
    // Previous 0: the tolerance band is empty.
    EXPECT_EQ(direction_of_travel(0.001, 0.0, Polarity::higher_is_better), Travel::improved);
    EXPECT_EQ(direction_of_travel(0.0, 0.0, Polarity::higher_is_better),
              Travel::little_or_no_change);
}

TEST(StatsTravel, NoComparator) {
    EXPECT_EQ(direction_of_travel(5.0, std::nullopt, Polarity::higher_is_better),
              Travel::no_comparator);
    EXPECT_EQ(direction_of_travel(kNaN, 5.0, Polarity::higher_is_better), Travel::no_comparator);
    EXPECT_EQ(direction_of_travel(5.0, kInf, Polarity::higher_is_better), Travel::no_comparator);
    EXPECT_EQ(direction_of_travel(5.0, 4.0, Polarity::higher_is_better, -0.1),
              Travel::no_comparator);
}

// ---- Recent trend -----------------------------------------------------------------------------
// Weighted least squares of value on x = 0..4 with w = 1/se^2, se = half-width / 1.96;
// Var(b) = 1 / sum w (x - xw)^2; chi2 = b^2 / Var(b); critical 9.5495 (= 3.0902^2, two-sided
// 99.8%). Python (independent, the formulas above written out by hand):
//   A values 20, 21.5, 22.4, 24.1, 25 half-widths 1.0, 1.2, 0.8, 1.1, 0.9
//     b = 1.257794, Var = 0.025052, chi2 = 63.1511; leave-one-out b = 1.235884, 1.276802,
//     1.254010, 1.232046, 1.304842 -> increasing
//   B values 20, 20.6, 19.8, 20.9, 20.4 half-widths 2 -> b = 0.11, Var = 0.104127, chi2 = 0.1162
//   C values 10.5, 10, 10, 9.5, 20 se 1 -> b = 1.85, Var = 0.1, chi2 = 34.225 (significant) but
//     leaving out the last point gives b = -0.30 -> no significant change
//   D values 50, 47, 45.5, 42, 40 half-widths 1.5 -> b = -2.5, Var = 0.058571, chi2 = 106.7072
//   E values 10, 10, 10, 10, 20 se 1 -> b = 2, chi2 = 40; leaving out the last gives b = 0
//   G values 20, 20.5, 21, 21.5, 22 se 0.7 -> b = 0.5, Var = 0.049, chi2 = 5.1020: significant
//     at 95% (3.8415) but not at 99.8%

// The figures above were worked with the exact quantile z95 (se = half-width / 1.959964), not
// the default 1.96 that reproduces Fingertips' published figures (trend_reference_test.cpp).
TrendOptions exact_quantile() {
    TrendOptions options;
    options.ci_z = z95;
    return options;
}

TEST(StatsTrend, SignificantIncreaseWithUnequalWeights) {
    std::vector<TrendPoint> a{pt(20.0, 1.0), pt(21.5, 1.2), pt(22.4, 0.8), pt(24.1, 1.1),
                              pt(25.0, 0.9)};
    auto r = recent_trend(a, exact_quantile());
    EXPECT_EQ(r.trend, Trend::increasing);
    EXPECT_NEAR(r.full.slope, 1.257794, 1e-6);
    EXPECT_NEAR(r.full.variance, 0.025052, 1e-6);
    EXPECT_NEAR(r.full.chi_square, 63.1511, 1e-4);
    ASSERT_EQ(r.leave_one_out.size(), 5u);
    const double loo[] = {1.235884, 1.276802, 1.254010, 1.232046, 1.304842};
    for (int i = 0; i < 5; ++i) EXPECT_NEAR(r.leave_one_out[i], loo[i], 1e-6) << i;
    EXPECT_TRUE(r.significant);
    EXPECT_TRUE(r.consistent);
    EXPECT_STREQ(trend_label(r.trend, Polarity::higher_is_better), "Increasing and getting better");
    EXPECT_STREQ(trend_label(r.trend, Polarity::lower_is_better), "Increasing and getting worse");
    EXPECT_STREQ(trend_label(r.trend, Polarity::no_judgement), "Increasing");
}

TEST(StatsTrend, NotSignificant) {
    std::vector<TrendPoint> b{pt(20.0, 2), pt(20.6, 2), pt(19.8, 2), pt(20.9, 2), pt(20.4, 2)};
    auto r = recent_trend(b, exact_quantile());
    EXPECT_EQ(r.trend, Trend::no_significant_change);
    EXPECT_NEAR(r.full.slope, 0.11, 1e-9);
    EXPECT_NEAR(r.full.variance, 0.104127, 1e-6);
    EXPECT_NEAR(r.full.chi_square, 0.1162, 1e-4);
    EXPECT_FALSE(r.significant);
    EXPECT_TRUE(r.consistent);  // every slope is positive, but the test fails
    EXPECT_STREQ(trend_label(r.trend, Polarity::higher_is_better), "No significant change");
}

TEST(StatsTrend, LeaveOneOutSlopeFlipsSign) {
    std::vector<TrendPoint> c{pt(10.5, z95), pt(10.0, z95), pt(10.0, z95), pt(9.5, z95),
                              pt(20.0, z95)};
    auto r = recent_trend(c, exact_quantile());
    EXPECT_NEAR(r.full.slope, 1.85, 1e-9);
    EXPECT_NEAR(r.full.chi_square, 34.225, 1e-6);
    EXPECT_TRUE(r.significant);
    ASSERT_EQ(r.leave_one_out.size(), 5u);
    EXPECT_NEAR(r.leave_one_out[4], -0.30, 1e-9);
    EXPECT_FALSE(r.consistent);
    EXPECT_EQ(r.trend, Trend::no_significant_change);
}

TEST(StatsTrend, LeaveOneOutSlopeZeroIsNotConsistent) {
    std::vector<TrendPoint> e{pt(10, z95), pt(10, z95), pt(10, z95), pt(10, z95), pt(20, z95)};
    auto r = recent_trend(e, exact_quantile());
    EXPECT_NEAR(r.full.slope, 2.0, 1e-9);
    EXPECT_NEAR(r.full.chi_square, 40.0, 1e-9);
    EXPECT_NEAR(r.leave_one_out[4], 0.0, 1e-12);
    EXPECT_EQ(r.trend, Trend::no_significant_change);
}

TEST(StatsTrend, SignificantDecrease) {
    std::vector<TrendPoint> d{pt(50, 1.5), pt(47, 1.5), pt(45.5, 1.5), pt(42, 1.5), pt(40, 1.5)};
    auto r = recent_trend(d, exact_quantile());
    EXPECT_EQ(r.trend, Trend::decreasing);
    EXPECT_NEAR(r.full.slope, -2.5, 1e-9);
    EXPECT_NEAR(r.full.variance, 0.058571, 1e-6);
    EXPECT_NEAR(r.full.chi_square, 106.7072, 1e-4);
    EXPECT_STREQ(trend_label(r.trend, Polarity::lower_is_better), "Decreasing and getting better");
    EXPECT_STREQ(trend_label(r.trend, Polarity::higher_is_better), "Decreasing and getting worse");
    EXPECT_STREQ(trend_label(r.trend, Polarity::unknown), "Decreasing");
}

TEST(StatsTrend, CriticalValueIsAnOption) {
    std::vector<TrendPoint> g;
    for (double v : {20.0, 20.5, 21.0, 21.5, 22.0}) g.push_back(pt(v, 0.7 * z95));
    auto strict = recent_trend(g, exact_quantile());
    EXPECT_NEAR(strict.full.chi_square, 5.1020, 1e-4);
    EXPECT_EQ(strict.trend, Trend::no_significant_change);
    TrendOptions at95 = exact_quantile();
    at95.critical_chi_square = z95 * z95;  // 3.8415
    EXPECT_EQ(recent_trend(g, at95).trend, Trend::increasing);
}

TEST(StatsTrend, EdgeCases) {
    // Fewer than five points.
    EXPECT_EQ(recent_trend({}).trend, Trend::not_enough_data);
    EXPECT_EQ(recent_trend({pt(1, 1)}).trend, Trend::not_enough_data);
    EXPECT_EQ(recent_trend({pt(1, 1), pt(2, 1), pt(3, 1), pt(4, 1)}).trend, Trend::not_enough_data);
    EXPECT_STREQ(trend_label(Trend::not_enough_data, Polarity::higher_is_better),
                 "Cannot be calculated");
    // Equal values: slope 0, never significant.
    auto flat = recent_trend({pt(10, 1), pt(10, 1), pt(10, 1), pt(10, 1), pt(10, 1)});
    EXPECT_EQ(flat.trend, Trend::no_significant_change);
    EXPECT_EQ(flat.full.slope, 0.0);
    // A zero-width interval (se = 0) cannot be weighted: not computed, no division by zero.
    auto zero = recent_trend({pt(10, 1), pt(11, 1), {12, 12, 12}, pt(13, 1), pt(14, 1)});
    EXPECT_EQ(zero.trend, Trend::not_enough_data);
    // Inverted or non-finite limits likewise.
    EXPECT_EQ(recent_trend({pt(10, 1), pt(11, 1), {12, 13, 11}, pt(13, 1), pt(14, 1)}).trend,
              Trend::not_enough_data);
    EXPECT_EQ(recent_trend({pt(10, 1), pt(11, 1), {kNaN, 11, 13}, pt(13, 1), pt(14, 1)}).trend,
              Trend::not_enough_data);
    // With min_points lowered, three points are enough.
    TrendOptions three;
    three.min_points = 3;
    EXPECT_EQ(recent_trend({pt(10, 0.1), pt(11, 0.1), pt(12, 0.1)}, three).trend,
              Trend::increasing);
    // weighted_slope on its own.
    EXPECT_FALSE(weighted_slope({pt(1, 1)}));
    auto two = weighted_slope({pt(1, z95), pt(3, z95)});
    ASSERT_TRUE(two);
    EXPECT_NEAR(two->slope, 2.0, 1e-12);
    EXPECT_NEAR(two->variance, 2.0, 1e-12);  // 1 / (0.5^2 + 0.5^2)
}
