// Intervals of one point (published, Wilson, exact Poisson, Byar) and the significance of a
// change between two points (Newcombe, or non-overlap of intervals): docs/statuses.md.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "judging.hpp"

namespace kpimap::judging {

namespace {

// What scale a value shows its count / denominator at: 1 (a fraction), 100 (a percentage) or
// per N (1,000 ... 1,000,000, or the indicator's own per-N), when value ≈ scale × count /
// denominator within rounding (0.5% of it, or half the last decimal the source shows). An interval
// is computed only at the scale the value agrees with: a count up to the denominator is not
// taken for a proportion just because the unit is unknown (28.67 with 7643/40299 is neither
// 0.19 nor 18.97%), and nothing is multiplied by 100 just because the value is above 1.
struct CountScale {
    std::optional<double> scale;  // nullopt: the value agrees with no scale (why_not says so)
    std::string why_not;
};

// A number in a "does not agree" reason: 4 significant figures below 1,000, whole numbers with
// thousands separators from 1,000 (0.1897, 18.97, 18,966), never an exponent.
std::string approx_text(double v) {
    if (std::fabs(v) < 1000) return fmt::format("{:.4g}", v);
    const std::string digits = fmt::format("{:.0f}", std::fabs(v));
    std::string out = v < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

CountScale count_scale(const Observation& o, const Indicator& ind) {
    const double k = *o.count, n = *o.denominator, p = k / n, v = *o.value;
    const double shown = o.decimals >= 0 ? 0.5 * std::pow(10.0, -o.decimals) : 0.0;
    const double per = ind.unit_per > 0 ? ind.unit_per : 100000.0;
    if (k == 0 && std::fabs(v) <= shown) {
        // 0 events shown as 0 agrees with every scale: only the unit can say which.
        if (ind.unit == Unit::rate && ind.unit_per > 0) return {ind.unit_per, {}};
        if (ind.unit == Unit::percent || o.percent_shown) return {100.0, {}};
        if (ind.unit == Unit::ratio) return {1.0, {}};
        return {std::nullopt,
                fmt::format("{} from 0/{} agrees with every scale (a fraction, a percentage, any "
                            "rate per N) and the unit does not say which; no interval",
                            num(v), num(n))};
    }
    // A count indicator shows the count itself beside its population: an interval on the count.
    if (ind.unit == Unit::count && std::fabs(v - k) <= std::max(0.005 * k, shown)) return {n, {}};
    std::vector<double> scales;
    if (ind.unit_per > 0) scales.push_back(ind.unit_per);
    for (double s : {1.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0}) scales.push_back(s);
    for (double s : scales)
        if (std::fabs(v - p * s) <= std::max(0.005 * std::fabs(p * s), shown)) return {s, {}};
    return {std::nullopt,
            fmt::format("{} does not agree with {}/{} (= {}, {}%, {} per {}); no interval", num(v),
                        num(k), num(n), approx_text(p), approx_text(p * 100), approx_text(p * per),
                        approx_text(per))};
}

}  // namespace

bool is_proportion(const Indicator& ind) {
    return ind.unit == Unit::percent || ind.unit == Unit::ratio || ind.unit == Unit::unknown;
}

// Whether a point is a proportion (for Newcombe and the trend test): a count of at most its
// denominator whose value shows it as a fraction, a percentage or per 1,000 (count_scale, the one
// scale rule).
bool shown_as_proportion(const Observation& o, const Indicator& ind) {
    if (!o.value || !o.count || !o.denominator || !(*o.denominator > 0) || *o.count < 0 ||
        *o.count > *o.denominator)
        return false;
    const std::optional<double> scale = count_scale(o, ind).scale;
    return scale && (*scale == 1 || *scale == 100 || *scale == 1000);
}

// Why interval_of gives no interval for counts that are there, or "" (none given, or fine).
std::string interval_refusal(const Observation& o, const Indicator& ind) {
    if (o.lower_ci && o.upper_ci) return {};
    if (!o.value || !o.count || *o.count < 0 || !o.denominator || !(*o.denominator > 0)) return {};
    return count_scale(o, ind).why_not;
}

// The 95% interval of one point (or the interval at another z): published limits (95% only),
// else from count and denominator at the scale the value shows them (count_scale): Wilson for a
// fraction or percentage of at most the whole, exact Poisson (< 10 events) or Byar for a rate per
// N; from a count alone, exact Poisson / Byar on the count.
std::optional<Ci> interval_of(const Observation& o, const Indicator& ind, double z) {
    if (z == stats::z95 && o.lower_ci && o.upper_ci && *o.lower_ci <= *o.upper_ci &&
        std::isfinite(*o.lower_ci) && std::isfinite(*o.upper_ci))
        return Ci{{*o.lower_ci, *o.upper_ci},
                  fmt::format("published interval {}–{}", num(*o.lower_ci), num(*o.upper_ci))};
    if (!o.count || *o.count < 0) return std::nullopt;
    const double k = *o.count;
    const char* poisson = k < 10 ? "exact Poisson" : "Byar";
    if (o.denominator && *o.denominator > 0) {
        const double n = *o.denominator;
        double scale = 0;
        if (o.value) {
            const CountScale cs = count_scale(o, ind);
            if (!cs.scale) return std::nullopt;
            scale = *cs.scale;
        } else {  // counts without a value: the unit says what they are
            scale = ind.unit == Unit::rate      ? (ind.unit_per > 0 ? ind.unit_per : 100000.0)
                    : ind.unit == Unit::percent ? 100.0
                                                : 1.0;
        }
        const bool proportion =
            scale <= 100 && k <= n && ind.unit != Unit::rate && ind.unit != Unit::count;
        if (proportion) {
            auto w = stats::wilson_interval(k, n, z);
            if (!w) return std::nullopt;
            const double r = scale == 1 ? 10000 : 100;  // a fraction to 4 decimals, a % to 2
            return Ci{
                {w->lower * scale, w->upper * scale},
                fmt::format("Wilson {}–{} from {}/{}", num(std::round(w->lower * scale * r) / r),
                            num(std::round(w->upper * scale * r) / r), num(k), num(n))};
        }
        auto r = stats::rate_interval(k, n, scale, z);
        if (!r) return std::nullopt;
        return Ci{*r, fmt::format("{} {}–{} from {} events in {}", poisson,
                                  num(std::round(r->lower * 100) / 100),
                                  num(std::round(r->upper * 100) / 100), num(k), num(n))};
    }
    if (o.denominator) return std::nullopt;  // a zero or negative denominator: nothing to compute
    if (ind.unit != Unit::count && ind.unit != Unit::rate && ind.unit != Unit::unknown)
        return std::nullopt;
    auto c = stats::rate_interval(k, 1.0, 1.0, z);
    if (!c) return std::nullopt;
    const double s = (o.value && k > 0) ? *o.value / k : 1.0;
    return Ci{
        {c->lower * s, c->upper * s},
        fmt::format("{} {}–{} from {} events", poisson, num(std::round(c->lower * s * 100) / 100),
                    num(std::round(c->upper * s * 100) / 100), num(k))};
}

// The significance of the change from `earlier` to `later` for an aim that asks for it:
// proportions by Newcombe's hybrid interval for the difference, otherwise by non-overlap of the
// two 95% intervals (published, or exact Poisson / Byar from counts).
SigResult significance_between(const Observation& earlier, const Observation& later,
                               const Indicator& ind) {
    const bool counts = earlier.count && later.count && earlier.denominator && later.denominator;
    const bool published = earlier.lower_ci && earlier.upper_ci && later.lower_ci && later.upper_ci;
    // Newcombe only for values shown as the proportion of their counts (or no value at all).
    auto proportion = [&](const Observation& o) { return !o.value || shown_as_proportion(o, ind); };
    if (counts && !published && is_proportion(ind) && *earlier.count <= *earlier.denominator &&
        *later.count <= *later.denominator && *earlier.denominator > 0 && *later.denominator > 0 &&
        proportion(earlier) && proportion(later)) {
        auto d = stats::newcombe_difference(*later.count, *later.denominator, *earlier.count,
                                            *earlier.denominator);
        if (d) {
            const bool sig = d->lower > 0 || d->upper < 0;
            return {sig ? Significance::significant : Significance::not_significant,
                    fmt::format(
                        "Newcombe 95% interval for the difference {}/{} − {}/{}: {}–{} "
                        "({} 0) → {}",
                        num(*later.count), num(*later.denominator), num(*earlier.count),
                        num(*earlier.denominator), num(std::round(d->lower * 10000) / 10000),
                        num(std::round(d->upper * 10000) / 10000), sig ? "excludes" : "includes",
                        sig ? "significant" : "not significant")};
        }
    }
    auto a = interval_of(earlier, ind);
    auto b = interval_of(later, ind);
    if (!a || !b) {
        std::string refused = interval_refusal(later, ind);
        if (refused.empty()) refused = interval_refusal(earlier, ind);
        return {Significance::not_assessable,
                refused.empty()
                    ? "no counts or confidence intervals for both periods: significance not "
                      "assessable"
                    : refused + ": significance not assessable"};
    }
    const bool sig = stats::significant_change(a->ci, b->ci);
    return {sig ? Significance::significant : Significance::not_significant,
            fmt::format("95% intervals {} ({}) and {} ({}) {} → {}", period_label(earlier), a->how,
                        period_label(later), b->how, sig ? "do not overlap" : "overlap",
                        sig ? "significant" : "not significant")};
}

}  // namespace kpimap::judging
