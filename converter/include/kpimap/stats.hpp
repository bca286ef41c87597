// Statistical methods behind indicator statuses: confidence intervals for proportions, counts and
// rates, comparison with a benchmark, change between periods and recent trends. The methods are
// the ones used by the Public Health Profiles (Fingertips); docs/statuses.md gives the formulas,
// the sources and worked examples. Pure functions: no I/O, no exceptions, no global state.
//
// Conventions:
// - `z` is the two-sided standard normal quantile of the confidence level (z95 for 95%,
//   z998 for 99.8%); z_for_confidence() converts a level such as 0.95.
// - Inputs that make no sense (negative counts, k > n, n = 0, NaN, z < 0) give std::nullopt or
//   a "not computed" value; nothing divides by zero.
// - Counts are doubles so that aggregated or weighted counts can be used; they need not be whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "kpimap/model.hpp"  // Polarity

namespace kpimap::stats {

// Standard normal quantile for a two-sided 95% interval (0.975 quantile).
inline constexpr double z95 = 1.959963984540054;
// Standard normal quantile for a two-sided 99.8% interval (0.999 quantile).
inline constexpr double z998 = 3.090232306167813;

// A confidence interval, lower <= upper.
struct Interval {
    double lower = 0.0;
    double upper = 0.0;
};

// The z for a two-sided confidence level in (0, 1), e.g. 0.95 -> 1.95996; nullopt outside (0, 1).
std::optional<double> z_for_confidence(double level) noexcept;

// ---- Proportions ----------------------------------------------------------------------------

// Wilson score interval for the proportion k/n; nullopt when n <= 0, k < 0, k > n or z < 0.
// Limits are clamped to [0, 1]; lower is exactly 0 when k = 0 and upper exactly 1 when k = n.
std::optional<Interval> wilson_interval(double k, double n, double z = z95) noexcept;

// Newcombe's hybrid score interval for p1 - p2 = k1/n1 - k2/n2 (method 10, Newcombe 1998);
// nullopt when either proportion has no Wilson interval.
std::optional<Interval> newcombe_difference(double k1, double n1, double k2, double n2,
                                            double z = z95) noexcept;

// True when the Newcombe interval for p1 - p2 excludes 0 (a touching limit is not significant);
// nullopt when the interval cannot be computed.
std::optional<bool> significant_difference_of_proportions(double k1, double n1, double k2,
                                                          double n2, double z = z95) noexcept;

// ---- Counts and rates -----------------------------------------------------------------------

// Byar's approximation to the Poisson interval for an observed count O >= 0; lower is 0 for O = 0.
std::optional<Interval> byar_interval(double observed, double z = z95) noexcept;

// Exact Poisson interval for a count O >= 0 from chi-square quantiles:
// lower = chi2(alpha/2; 2O)/2 (0 when O = 0), upper = chi2(1 - alpha/2; 2O + 2)/2, alpha = 2(1 -
// Phi(z)).
std::optional<Interval> exact_poisson_interval(double observed, double z = z95) noexcept;

// Interval for the rate O / population * per: exact Poisson when O < 10, Byar otherwise (the
// PHE convention); nullopt when O < 0, population <= 0 or per <= 0.
std::optional<Interval> rate_interval(double observed, double population, double per = 100000.0,
                                      double z = z95) noexcept;

// ---- Comparison with a benchmark ------------------------------------------------------------

// The outcome of a comparison. better/worse need a polarity; with no polarity (no_judgement or
// unknown) a difference is reported as higher/lower instead.
enum class Comparison : std::uint8_t { not_compared, better, similar, worse, higher, lower };
// "not_compared", "better", "similar", "worse", "higher", "lower".
const char* comparison_name(Comparison comparison) noexcept;

// True when the two intervals share at least one point (touching counts as overlapping).
bool intervals_overlap(Interval a, Interval b) noexcept;

// True when the intervals of two periods do not overlap (a conservative test of change).
bool significant_change(Interval earlier, Interval later) noexcept;

// Compares an indicator's interval with a comparator. Without comparator_ci this is the
// Fingertips rule: similar when the interval contains the comparator value (limits included),
// otherwise higher/lower by which side of the value the interval lies, mapped through polarity.
// With comparator_ci, similar when the two intervals overlap instead. not_compared when any
// input is NaN/infinite or an interval has lower > upper.
Comparison ci_overlap_compare(Interval ci, double comparator_value, Polarity polarity,
                              std::optional<Interval> comparator_ci = std::nullopt) noexcept;

// ---- Change without confidence intervals ----------------------------------------------------

enum class Travel : std::uint8_t {
    no_comparator,
    improved,
    little_or_no_change,
    worsened,
    increased,
    decreased
};
// "no_comparator", "improved", "little_or_no_change", "worsened", "increased", "decreased".
const char* travel_name(Travel travel) noexcept;

// Default tolerance of direction_of_travel: a change within 2% of the previous value is "little
// or no change". A presentation convention, not a statistical test.
inline constexpr double default_travel_tolerance = 0.02;

// Direction of travel from previous to latest: little_or_no_change when
// |latest - previous| <= tolerance * |previous|, otherwise improved/worsened by polarity
// (increased/decreased when the polarity is no_judgement or unknown); no_comparator when
// previous is absent or either value or the tolerance is NaN/infinite or the tolerance < 0.
Travel direction_of_travel(double latest, std::optional<double> previous, Polarity polarity,
                           double tolerance = default_travel_tolerance) noexcept;

// ---- Recent trend ---------------------------------------------------------------------------

// One period of a series: the value and its confidence interval (95% unless TrendOptions says).
struct TrendPoint {
    double value = 0.0;
    double lower = 0.0;
    double upper = 0.0;
};

enum class Trend : std::uint8_t { not_enough_data, increasing, decreasing, no_significant_change };
// "not_enough_data", "increasing", "decreasing", "no_significant_change".
const char* trend_name(Trend trend) noexcept;

struct TrendOptions {
    std::size_t min_points = 5;  // fewer points give not_enough_data
    // z of the points' intervals: se = (upper - lower) / (2 ci_z). 1.96 (width / 3.92) as
    // Fingertips: it reproduces Fingertips' published chi-square 46.77, which the exact quantile
    // z95 (46.7636) does not (docs/status-methods.md).
    double ci_z = 1.96;
    // Chi-square (1 df) the slope must exceed: z998^2 = 9.5495, a two-sided 99.8% test.
    double critical_chi_square = z998 * z998;
};

// A weighted least squares slope of value on time index 0, 1, 2, ... with weights 1/se^2.
struct Slope {
    double slope = 0.0;
    double variance = 0.0;    // 1 / sum w (x - xw)^2, treating the variances as known
    double chi_square = 0.0;  // slope^2 / variance, 1 degree of freedom
};

// The slope of the points (oldest first, equally spaced); nullopt when fewer than 2 points, a
// value or limit is NaN/infinite, or an interval has zero or negative width (se <= 0).
std::optional<Slope> weighted_slope(const std::vector<TrendPoint>& points,
                                    double ci_z = z95) noexcept;

struct TrendResult {
    Trend trend = Trend::not_enough_data;
    Slope full;                         // the slope of all points (zero when not computed)
    std::vector<double> leave_one_out;  // the slope without point i, for each i
    bool significant = false;           // full.chi_square > critical_chi_square
    bool consistent = false;            // the full and every leave-one-out slope have the same sign
};

// Recent trend of consecutive points, oldest first (pass the most recent five for Fingertips):
// increasing/decreasing when the full slope is significant and it and every leave-one-out slope
// are strictly of the same sign; no_significant_change otherwise; not_enough_data when fewer
// than min_points or weighted_slope() fails for the series.
TrendResult recent_trend(const std::vector<TrendPoint>& points, const TrendOptions& options = {});

// One period of a proportion: events (count) out of a denominator.
struct ProportionCount {
    double count = 0.0;
    double denominator = 0.0;
};

// Recent trend of a proportion as Fingertips computes it (docs/status-methods.md): the
// chi-squared test for trend on the counts and denominators of consecutive points (time index
// 1, 2, ...), with the direction and the leave-one-out check taken from the unweighted slope of
// the log-odds log(count / (denominator - count)). increasing/decreasing when chi-square exceeds
// options.critical_chi_square and the full and every leave-one-out slope share a sign;
// not_enough_data when fewer than options.min_points, or any point has count <= 0, count >=
// denominator (the log-odds is infinite: Fingertips' "cannot be calculated") or a non-finite
// input. TrendResult::full.chi_square is the chi-squared statistic and full.slope the log-odds
// slope (full.variance is 0: the test does not use it).
TrendResult proportion_trend(const std::vector<ProportionCount>& points,
                             const TrendOptions& options = {});

// The trend in words: "Increasing and getting better", "Decreasing and getting worse", ...;
// "Increasing"/"Decreasing" without a polarity; "No significant change"; "Cannot be calculated".
const char* trend_label(Trend trend, Polarity polarity) noexcept;

}  // namespace kpimap::stats
