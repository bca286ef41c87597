// Statistical process control in the NHS England "Making Data Count" style: an XmR chart of a
// series (mean, natural process limits at mean +/- 2.66 x mean moving range), the special-cause
// rules, the variation verdict and the assurance verdict against a target. The reference
// implementation is the R package NHSRplotthedots (nhs-r-community); docs/status-methods.md gives
// the formulas, the run lengths and what was checked. Pure functions: no I/O, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace kpimap::spc {

// Which way is an improvement.
enum class Improvement : std::uint8_t { increase, decrease, neutral };

// The classification of one point (and, for the latest point, of the series).
enum class PointType : std::uint8_t {
    common_cause,
    special_cause_improvement,
    special_cause_concern,
    special_cause_neutral_high,  // special cause above the mean, no improvement direction
    special_cause_neutral_low,
};
// "common_cause", "special_cause_improvement", "special_cause_concern",
// "special_cause_neutral_high", "special_cause_neutral_low".
const char* point_type_name(PointType type) noexcept;

// The assurance icon: does the process reliably meet the target?
enum class Assurance : std::uint8_t {
    not_assessed,     // no target, a neutral direction, or no limits
    consistent_pass,  // the whole process range (lpl..upl) is on the good side of the target
    consistent_fail,  // the whole process range is on the bad side
    inconsistent,     // the target lies within the limits: hit and miss
};
// "not_assessed", "consistent_pass", "consistent_fail", "inconsistent".
const char* assurance_name(Assurance assurance) noexcept;

struct Options {
    double limit = 2.66;            // process limits at mean +/- limit x mean moving range
    std::size_t run_length = 7;     // points on one side of the mean that make a shift
    std::size_t trend_length = 7;   // points all increasing or all decreasing that make a trend
    bool screen_outliers = true;    // drop moving ranges >= 3.267 x their mean, then re-average
    std::size_t min_points = 12;    // fewer give no chart (Making Data Count recommends 15-20)
    std::optional<std::size_t> fix_after_n_points;  // limits from the first n points of a group
    std::vector<std::size_t> rebase_at;  // indices where a new baseline (limits) starts
};

// One point of the chart.
struct Point {
    double value = 0.0;
    std::size_t group = 0;  // the rebase group (0 before the first rebase)
    double mean = 0.0, lpl = 0.0, upl = 0.0;
    bool outside_limits = false;
    int relative_to_mean = 0;  // +1 above, -1 below, 0 on the mean
    bool close_to_limits = false;  // beyond 2/3 of the way to a limit, but inside it
    bool special_cause = false;
    PointType type = PointType::common_cause;
};

struct Chart {
    bool computed = false;  // false when fewer than min_points or a value is not finite
    std::vector<Point> points;
    PointType variation = PointType::common_cause;  // the latest point's type
    Assurance assurance = Assurance::not_assessed;  // the latest group's limits vs the target
};

// The XmR chart of the values (oldest first, no gaps). The rules, each flagging every point of
// the pattern: a point outside the limits; run_length points on the same side of the mean (a
// point on the mean breaks the run); trend_length points each strictly higher (or lower) than
// the one before; two of three consecutive points on the same side of the mean close to a limit
// (beyond two thirds of the way to it, but inside it), flagging the ones close to the limit. A flagged point is an improvement or a concern
// by its side of the mean and the improvement direction.
Chart xmr(const std::vector<double>& values, Improvement improvement,
          std::optional<double> target = std::nullopt, const Options& options = {});

// The assurance of limits against a target (the NHSRplotthedots rule): for an increase, pass
// when lpl > target, fail when upl < target; mirrored for a decrease; otherwise inconsistent.
Assurance assurance_of(double lpl, double upl, double target, Improvement improvement) noexcept;

// The special-cause rules on their own, one flag per point (exposed for tests and the chart).
std::vector<bool> shift_flags(const std::vector<int>& relative_to_mean, std::size_t run_length);
std::vector<bool> trend_flags(const std::vector<double>& values, std::size_t trend_length);
std::vector<bool> two_in_three_flags(const std::vector<bool>& close_to_limits,
                                     const std::vector<int>& relative_to_mean);

}  // namespace kpimap::spc
