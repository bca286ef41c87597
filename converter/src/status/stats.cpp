#include "kpimap/stats.hpp"

#include <algorithm>
#include <cmath>

// Boost.Math (header-only, Debian package libboost1.74-dev) supplies the inverse regularised
// incomplete gamma function for the exact Poisson limits and erf_inv for z_for_confidence.
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace kpimap::stats {
namespace {

bool finite(double x) noexcept {
    return std::isfinite(x);
}

bool valid_z(double z) noexcept {
    return finite(z) && z >= 0.0;
}

bool valid_interval(Interval i) noexcept {
    return finite(i.lower) && finite(i.upper) && i.lower <= i.upper;
}

// Polarity with no judgement of better or worse.
bool judged(Polarity p) noexcept {
    return p == Polarity::higher_is_better || p == Polarity::lower_is_better;
}

// Maps "the indicator is higher (lower) than the comparator" through the polarity.
Comparison judge(bool higher, Polarity polarity) noexcept {
    if (!judged(polarity)) return higher ? Comparison::higher : Comparison::lower;
    bool better = (polarity == Polarity::higher_is_better) == higher;
    return better ? Comparison::better : Comparison::worse;
}

// Weighted least squares slope over the points whose index is not `skip`.
std::optional<Slope> wls(const std::vector<double>& y, const std::vector<double>& w,
                         std::size_t skip) noexcept {
    double sw = 0.0, swx = 0.0, swy = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (i == skip) continue;
        double x = static_cast<double>(i);
        sw += w[i];
        swx += w[i] * x;
        swy += w[i] * y[i];
    }
    if (!(sw > 0.0)) return std::nullopt;
    double xbar = swx / sw, ybar = swy / sw;
    double sxx = 0.0, sxy = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (i == skip) continue;
        double dx = static_cast<double>(i) - xbar;
        sxx += w[i] * dx * dx;
        sxy += w[i] * dx * (y[i] - ybar);
    }
    if (!(sxx > 0.0) || !finite(sxx)) return std::nullopt;
    Slope s;
    s.slope = sxy / sxx;
    s.variance = 1.0 / sxx;
    s.chi_square = s.slope * s.slope / s.variance;
    if (!finite(s.slope) || !finite(s.chi_square)) return std::nullopt;
    return s;
}

int sign(double x) noexcept {
    return x > 0.0 ? 1 : (x < 0.0 ? -1 : 0);
}

}  // namespace

std::optional<double> z_for_confidence(double level) noexcept {
    if (!(level > 0.0 && level < 1.0)) return std::nullopt;
    try {
        // Phi(z) = 1 - (1 - level)/2  <=>  erf(z / sqrt 2) = level.
        return std::sqrt(2.0) * boost::math::erf_inv(level);
    } catch (...) {
        return std::nullopt;
    }
}

// ---- Proportions ----------------------------------------------------------------------------

std::optional<Interval> wilson_interval(double k, double n, double z) noexcept {
    if (!finite(k) || !finite(n) || !valid_z(z)) return std::nullopt;
    if (n <= 0.0 || k < 0.0 || k > n) return std::nullopt;
    // (2np + z^2 -/+ z sqrt(z^2 + 4np(1-p))) / (2(n + z^2)), written with k = np.
    double z2 = z * z;
    double centre = 2.0 * k + z2;
    double half = z * std::sqrt(z2 + 4.0 * k * (n - k) / n);
    double denominator = 2.0 * (n + z2);
    Interval i{(centre - half) / denominator, (centre + half) / denominator};
    i.lower = k == 0.0 ? 0.0 : std::clamp(i.lower, 0.0, 1.0);
    i.upper = k == n ? 1.0 : std::clamp(i.upper, 0.0, 1.0);
    return i;
}

std::optional<Interval> newcombe_difference(double k1, double n1, double k2, double n2,
                                            double z) noexcept {
    auto w1 = wilson_interval(k1, n1, z);
    auto w2 = wilson_interval(k2, n2, z);
    if (!w1 || !w2) return std::nullopt;
    double p1 = k1 / n1, p2 = k2 / n2, d = p1 - p2;
    // Newcombe (1998) method 10: delta = sqrt((p1-l1)^2 + (u2-p2)^2), eps = sqrt((u1-p1)^2 +
    // (p2-l2)^2).
    double delta = std::hypot(p1 - w1->lower, w2->upper - p2);
    double epsilon = std::hypot(w1->upper - p1, p2 - w2->lower);
    return Interval{d - delta, d + epsilon};
}

std::optional<bool> significant_difference_of_proportions(double k1, double n1, double k2,
                                                          double n2, double z) noexcept {
    auto i = newcombe_difference(k1, n1, k2, n2, z);
    if (!i) return std::nullopt;
    return i->lower > 0.0 || i->upper < 0.0;
}

// ---- Counts and rates -----------------------------------------------------------------------

std::optional<Interval> byar_interval(double observed, double z) noexcept {
    if (!finite(observed) || observed < 0.0 || !valid_z(z)) return std::nullopt;
    double o = observed, o1 = observed + 1.0;
    double lower = 0.0;
    if (o > 0.0) {
        double c = 1.0 - 1.0 / (9.0 * o) - z / (3.0 * std::sqrt(o));
        // For very small O at high confidence the cube goes negative; a count cannot.
        lower = std::max(0.0, o * c * c * c);
    }
    double c1 = 1.0 - 1.0 / (9.0 * o1) + z / (3.0 * std::sqrt(o1));
    return Interval{lower, o1 * c1 * c1 * c1};
}

std::optional<Interval> exact_poisson_interval(double observed, double z) noexcept {
    if (!finite(observed) || observed < 0.0 || !valid_z(z)) return std::nullopt;
    double alpha = std::erfc(z / std::sqrt(2.0));  // two-sided tail probability
    if (!(alpha > 0.0 && alpha <= 1.0)) return std::nullopt;
    try {
        // chi2 quantile(p; 2a) / 2 is the inverse regularised lower incomplete gamma P(a, .)^-1(p).
        double lower = observed > 0.0 ? boost::math::gamma_p_inv(observed, alpha / 2.0) : 0.0;
        double upper = boost::math::gamma_p_inv(observed + 1.0, 1.0 - alpha / 2.0);
        if (!finite(lower) || !finite(upper)) return std::nullopt;
        return Interval{lower, upper};
    } catch (...) {
        return std::nullopt;
    }
}

std::optional<Interval> rate_interval(double observed, double population, double per,
                                      double z) noexcept {
    if (!finite(population) || !finite(per) || population <= 0.0 || per <= 0.0) return std::nullopt;
    auto counts =
        observed < 10.0 ? exact_poisson_interval(observed, z) : byar_interval(observed, z);
    if (!counts) return std::nullopt;
    double scale = per / population;
    return Interval{counts->lower * scale, counts->upper * scale};
}

// ---- Comparison with a benchmark ------------------------------------------------------------

const char* comparison_name(Comparison comparison) noexcept {
    switch (comparison) {
        case Comparison::not_compared:
            return "not_compared";
        case Comparison::better:
            return "better";
        case Comparison::similar:
            return "similar";
        case Comparison::worse:
            return "worse";
        case Comparison::higher:
            return "higher";
        case Comparison::lower:
            return "lower";
    }
    return "not_compared";
}

bool intervals_overlap(Interval a, Interval b) noexcept {
    return a.lower <= b.upper && b.lower <= a.upper;
}

bool significant_change(Interval earlier, Interval later) noexcept {
    if (!valid_interval(earlier) || !valid_interval(later)) return false;
    return !intervals_overlap(earlier, later);
}

Comparison ci_overlap_compare(Interval ci, double comparator_value, Polarity polarity,
                              std::optional<Interval> comparator_ci) noexcept {
    if (!valid_interval(ci) || !finite(comparator_value)) return Comparison::not_compared;
    if (comparator_ci) {
        if (!valid_interval(*comparator_ci)) return Comparison::not_compared;
        if (intervals_overlap(ci, *comparator_ci)) return Comparison::similar;
        return judge(ci.lower > comparator_ci->upper, polarity);
    }
    if (ci.lower <= comparator_value && comparator_value <= ci.upper) return Comparison::similar;
    return judge(ci.lower > comparator_value, polarity);
}

// ---- Change without confidence intervals ----------------------------------------------------

const char* travel_name(Travel travel) noexcept {
    switch (travel) {
        case Travel::no_comparator:
            return "no_comparator";
        case Travel::improved:
            return "improved";
        case Travel::little_or_no_change:
            return "little_or_no_change";
        case Travel::worsened:
            return "worsened";
        case Travel::increased:
            return "increased";
        case Travel::decreased:
            return "decreased";
    }
    return "no_comparator";
}

Travel direction_of_travel(double latest, std::optional<double> previous, Polarity polarity,
                           double tolerance) noexcept {
    if (!previous || !finite(*previous) || !finite(latest) || !finite(tolerance) ||
        tolerance < 0.0) {
        return Travel::no_comparator;
    }
    double change = latest - *previous;
    if (std::fabs(change) <= tolerance * std::fabs(*previous)) return Travel::little_or_no_change;
    bool up = change > 0.0;
    if (!judged(polarity)) return up ? Travel::increased : Travel::decreased;
    return (polarity == Polarity::higher_is_better) == up ? Travel::improved : Travel::worsened;
}

// ---- Recent trend ---------------------------------------------------------------------------

const char* trend_name(Trend trend) noexcept {
    switch (trend) {
        case Trend::not_enough_data:
            return "not_enough_data";
        case Trend::increasing:
            return "increasing";
        case Trend::decreasing:
            return "decreasing";
        case Trend::no_significant_change:
            return "no_significant_change";
    }
    return "not_enough_data";
}

std::optional<Slope> weighted_slope(const std::vector<TrendPoint>& points, double ci_z) noexcept {
    if (points.size() < 2 || !finite(ci_z) || !(ci_z > 0.0)) return std::nullopt;
    std::vector<double> y, w;
    y.reserve(points.size());
    w.reserve(points.size());
    for (const auto& p : points) {
        if (!finite(p.value) || !finite(p.lower) || !finite(p.upper)) return std::nullopt;
        double se = (p.upper - p.lower) / (2.0 * ci_z);
        if (!(se > 0.0)) return std::nullopt;  // zero-width or inverted interval: no weight
        double weight = 1.0 / (se * se);
        if (!finite(weight)) return std::nullopt;
        y.push_back(p.value);
        w.push_back(weight);
    }
    return wls(y, w, points.size());
}

TrendResult recent_trend(const std::vector<TrendPoint>& points, const TrendOptions& options) {
    TrendResult result;
    if (points.size() < std::max<std::size_t>(options.min_points, 2)) return result;
    auto full = weighted_slope(points, options.ci_z);
    if (!full) return result;
    result.full = *full;
    result.trend = Trend::no_significant_change;
    result.significant = full->chi_square > options.critical_chi_square;

    // The weights are valid: weighted_slope() checked every point.
    std::vector<double> y, w;
    for (const auto& p : points) {
        double se = (p.upper - p.lower) / (2.0 * options.ci_z);
        y.push_back(p.value);
        w.push_back(1.0 / (se * se));
    }
    int direction = sign(full->slope);
    result.consistent = direction != 0;
    for (std::size_t skip = 0; skip < points.size(); ++skip) {
        auto s = wls(y, w, skip);
        double slope = s ? s->slope : 0.0;
        result.leave_one_out.push_back(slope);
        if (!s || sign(slope) != direction) result.consistent = false;
    }
    if (result.significant && result.consistent) {
        result.trend = direction > 0 ? Trend::increasing : Trend::decreasing;
    }
    return result;
}

namespace {

// Ordinary least squares slope of y on x.
double ols_slope(const std::vector<double>& x, const std::vector<double>& y) {
    const double m = static_cast<double>(x.size());
    double sx = 0, sy = 0, sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sx += x[i];
        sy += y[i];
        sxy += x[i] * y[i];
        sxx += x[i] * x[i];
    }
    return (m * sxy - sx * sy) / (m * sxx - sx * sx);
}

}  // namespace

TrendResult proportion_trend(const std::vector<ProportionCount>& points,
                             const TrendOptions& options) {
    TrendResult result;
    if (points.size() < std::max<std::size_t>(options.min_points, 3)) return result;
    // Chi-squared test for trend in proportions (Armitage): with N = sum n, R = sum r,
    // chi2 = N (N sum(t r) - R sum(t n))^2 / (R (N - R) (N sum(t^2 n) - (sum(t n))^2)).
    double big_n = 0, big_r = 0, tr = 0, tn = 0, t2n = 0;
    std::vector<double> t, log_odds;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double r = points[i].count, n = points[i].denominator;
        if (!finite(r) || !finite(n) || !(r > 0.0) || !(r < n)) return result;
        const double ti = static_cast<double>(i + 1);
        big_n += n;
        big_r += r;
        tr += ti * r;
        tn += ti * n;
        t2n += ti * ti * n;
        t.push_back(ti);
        log_odds.push_back(std::log(r / (n - r)));
    }
    const double spread = big_n * t2n - tn * tn;
    if (!(spread > 0.0)) return result;
    const double chi = big_n * std::pow(big_n * tr - big_r * tn, 2) /
                       (big_r * (big_n - big_r) * spread);
    if (!finite(chi)) return result;
    result.full.chi_square = chi;
    result.full.slope = ols_slope(t, log_odds);
    result.trend = Trend::no_significant_change;
    result.significant = chi > options.critical_chi_square;
    const int direction = sign(result.full.slope);
    result.consistent = direction != 0;
    for (std::size_t skip = 0; skip < points.size(); ++skip) {
        std::vector<double> ts, ys;
        for (std::size_t i = 0; i < points.size(); ++i)
            if (i != skip) {
                ts.push_back(t[i]);
                ys.push_back(log_odds[i]);
            }
        const double slope = ols_slope(ts, ys);
        result.leave_one_out.push_back(slope);
        if (sign(slope) != direction) result.consistent = false;
    }
    if (result.significant && result.consistent)
        result.trend = direction > 0 ? Trend::increasing : Trend::decreasing;
    return result;
}

const char* trend_label(Trend trend, Polarity polarity) noexcept {
    switch (trend) {
        case Trend::not_enough_data:
            return "Cannot be calculated";
        case Trend::no_significant_change:
            return "No significant change";
        case Trend::increasing:
            if (polarity == Polarity::higher_is_better) return "Increasing and getting better";
            if (polarity == Polarity::lower_is_better) return "Increasing and getting worse";
            return "Increasing";
        case Trend::decreasing:
            if (polarity == Polarity::higher_is_better) return "Decreasing and getting worse";
            if (polarity == Polarity::lower_is_better) return "Decreasing and getting better";
            return "Decreasing";
    }
    return "Cannot be calculated";
}

}  // namespace kpimap::stats
