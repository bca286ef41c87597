// XmR charts and the Making Data Count rules; see kpimap/spc.hpp and docs/status-methods.md.
#include "kpimap/spc.hpp"

#include <algorithm>
#include <cmath>

namespace kpimap::spc {

const char* point_type_name(PointType type) noexcept {
    switch (type) {
        case PointType::common_cause:
            return "common_cause";
        case PointType::special_cause_improvement:
            return "special_cause_improvement";
        case PointType::special_cause_concern:
            return "special_cause_concern";
        case PointType::special_cause_neutral_high:
            return "special_cause_neutral_high";
        case PointType::special_cause_neutral_low:
            return "special_cause_neutral_low";
    }
    return "common_cause";
}

const char* assurance_name(Assurance assurance) noexcept {
    switch (assurance) {
        case Assurance::not_assessed:
            return "not_assessed";
        case Assurance::consistent_pass:
            return "consistent_pass";
        case Assurance::consistent_fail:
            return "consistent_fail";
        case Assurance::inconsistent:
            return "inconsistent";
    }
    return "not_assessed";
}

Assurance assurance_of(double lpl, double upl, double target, Improvement improvement) noexcept {
    if (!std::isfinite(lpl) || !std::isfinite(upl) || !std::isfinite(target) ||
        improvement == Improvement::neutral)
        return Assurance::not_assessed;
    const bool above = lpl > target, below = upl < target;
    if (!above && !below) return Assurance::inconsistent;
    const bool pass = improvement == Improvement::increase ? above : below;
    return pass ? Assurance::consistent_pass : Assurance::consistent_fail;
}

std::vector<bool> shift_flags(const std::vector<int>& side, std::size_t run_length) {
    std::vector<bool> out(side.size(), false);
    if (run_length == 0 || side.empty()) return out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= side.size(); ++i) {
        if (i < side.size() && side[i] != 0 && side[i] == side[start]) continue;
        // side[start..i) is one run on one side (or a single point on the mean).
        if (side[start] != 0 && i - start >= run_length)
            std::fill(out.begin() + static_cast<std::ptrdiff_t>(start),
                      out.begin() + static_cast<std::ptrdiff_t>(i), true);
        start = i;
    }
    return out;
}

std::vector<bool> trend_flags(const std::vector<double>& v, std::size_t trend_length) {
    std::vector<bool> out(v.size(), false);
    if (trend_length < 2 || v.size() < trend_length) return out;
    // A run of k points with k - 1 strictly monotone steps, in either direction.
    for (int dir : {1, -1}) {
        std::size_t start = 0;
        for (std::size_t i = 1; i <= v.size(); ++i) {
            const bool continues =
                i < v.size() && (dir > 0 ? v[i] > v[i - 1] : v[i] < v[i - 1]);
            if (continues) continue;
            if (i - start >= trend_length)
                std::fill(out.begin() + static_cast<std::ptrdiff_t>(start),
                          out.begin() + static_cast<std::ptrdiff_t>(i), true);
            start = i;
        }
    }
    return out;
}

std::vector<bool> two_in_three_flags(const std::vector<bool>& close,
                                     const std::vector<int>& side) {
    const std::size_t n = close.size();
    std::vector<bool> out(n, false);
    for (std::size_t s = 0; s + 3 <= n; ++s) {
        int closes = 0, sides = 0;
        for (std::size_t k = s; k < s + 3; ++k) {
            closes += close[k] ? 1 : 0;
            sides += side[k];
        }
        if (closes >= 2 && std::abs(sides) == 3)
            for (std::size_t k = s; k < s + 3; ++k)
                if (close[k]) out[k] = true;
    }
    return out;
}

Chart xmr(const std::vector<double>& values, Improvement improvement,
          std::optional<double> target, const Options& options) {
    Chart chart;
    if (values.size() < std::max<std::size_t>(options.min_points, 2)) return chart;
    for (double v : values)
        if (!std::isfinite(v)) return chart;
    chart.points.resize(values.size());
    // Group boundaries: 0, each rebase index in range, size.
    std::vector<std::size_t> bounds{0};
    std::vector<std::size_t> rebases = options.rebase_at;
    std::sort(rebases.begin(), rebases.end());
    for (std::size_t r : rebases)
        if (r > bounds.back() && r < values.size()) bounds.push_back(r);
    bounds.push_back(values.size());
    const double close_limit = 2.0 * options.limit / 3.0;
    for (std::size_t g = 0; g + 1 < bounds.size(); ++g) {
        const std::size_t b = bounds[g], e = bounds[g + 1];
        std::size_t fixed_end = e;
        if (options.fix_after_n_points) fixed_end = std::min(e, b + *options.fix_after_n_points);
        double sum = 0;
        for (std::size_t i = b; i < fixed_end; ++i) sum += values[i];
        const double mean = sum / static_cast<double>(fixed_end - b);
        std::vector<double> ranges;
        for (std::size_t i = b + 1; i < fixed_end; ++i)
            ranges.push_back(std::fabs(values[i] - values[i - 1]));
        auto average = [](const std::vector<double>& r) {
            double s = 0;
            for (double x : r) s += x;
            return r.empty() ? 0.0 : s / static_cast<double>(r.size());
        };
        double amr = average(ranges);
        if (options.screen_outliers) {
            std::vector<double> kept;
            for (double r : ranges)
                if (r < 3.267 * amr) kept.push_back(r);
            amr = average(kept);
        }
        for (std::size_t i = b; i < e; ++i) {
            Point& p = chart.points[i];
            p.value = values[i];
            p.group = g;
            p.mean = mean;
            p.lpl = mean - options.limit * amr;
            p.upl = mean + options.limit * amr;
            p.outside_limits = p.value > p.upl || p.value < p.lpl;
            p.relative_to_mean = p.value > mean ? 1 : (p.value < mean ? -1 : 0);
            p.close_to_limits = !p.outside_limits && (p.value < mean - close_limit * amr ||
                                                      p.value > mean + close_limit * amr);
        }
        // The rules within the group.
        std::vector<int> side;
        std::vector<double> vals;
        std::vector<bool> close;
        for (std::size_t i = b; i < e; ++i) {
            side.push_back(chart.points[i].relative_to_mean);
            vals.push_back(values[i]);
            close.push_back(chart.points[i].close_to_limits);
        }
        const auto shift = shift_flags(side, options.run_length);
        const auto trend = trend_flags(vals, options.trend_length);
        const auto two = two_in_three_flags(close, side);
        for (std::size_t i = b; i < e; ++i) {
            Point& p = chart.points[i];
            const std::size_t k = i - b;
            p.special_cause = p.outside_limits || shift[k] || trend[k] || two[k];
            if (!p.special_cause)
                p.type = PointType::common_cause;
            else if (improvement == Improvement::neutral)
                p.type = p.relative_to_mean >= 0 ? PointType::special_cause_neutral_high
                                                 : PointType::special_cause_neutral_low;
            else if (p.relative_to_mean == (improvement == Improvement::increase ? 1 : -1))
                p.type = PointType::special_cause_improvement;
            else
                p.type = PointType::special_cause_concern;
        }
    }
    chart.computed = true;
    chart.variation = chart.points.back().type;
    if (target) {
        const Point& last = chart.points.back();
        chart.assurance = assurance_of(last.lpl, last.upl, *target, improvement);
    }
    return chart;
}

}  // namespace kpimap::spc
