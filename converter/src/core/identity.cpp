// The identity rules shared by reconcile, status and the write planner (kpimap/identity.hpp).
#include "kpimap/identity.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kpimap/text_match.hpp"
#include "kpimap/value.hpp"

namespace kpimap {

ComparedCode compared_code(const IndicatorCode& code) {
    return {normalise_text(code.scheme), normalise_text(code.value)};
}

std::string indicator_code_key(const IndicatorCode& code) {
    ComparedCode c = compared_code(code);
    return std::move(c.scheme) + '\n' + c.value;
}

bool is_local_code(const IndicatorCode& code) {
    const std::string scheme = normalise_text(code.scheme);
    return scheme.empty() || scheme == "local";
}

std::string period_key(const Period& period) {
    return std::string(period_kind_name(period.kind)) + '\n' + period.label();
}

std::string breakdown_key(const Breakdown& breakdown) {
    if (breakdown.empty()) return {};
    // Unit separator between dimension and category, record separator between pairs: control
    // characters no label holds, so ("a b", "c") is never ("a", "b c").
    std::vector<std::string> pairs;
    pairs.reserve(breakdown.size());
    for (const BreakdownPair& p : breakdown)
        pairs.push_back(normalise_text(p.dimension) + '\x1f' + normalise_text(p.category));
    std::sort(pairs.begin(), pairs.end());
    std::string key;
    for (const std::string& p : pairs) {
        if (!key.empty()) key += '\x1e';
        key += p;
    }
    return key;
}

std::string observation_key(const Period& period, const std::string& series,
                            const Breakdown& breakdown) {
    std::string key = period_key(period) + '\n' + series;
    if (!breakdown.empty()) key += '\n' + breakdown_key(breakdown);
    return key;
}

std::string observation_key(const Observation& observation) {
    return observation_key(observation.period, observation.series, observation.breakdown);
}

namespace {

// 10^d, exact for 0 <= d <= 22 (as std::pow gives it), without calling pow for those.
double power_of_ten(int d) {
    static constexpr double table[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    return d >= 0 && d <= 22 ? table[d] : std::pow(10.0, d);
}

// remove_float_noise (a round trip through 15 significant digits) moves a value by at most
// 5e-15 of it; a value farther than this margin from a half cannot change sides, so the costly
// round trip is only needed near one. Same results, a fraction of the time (a reconciliation of
// 200 workbooks compares a million values).
bool near_half(double scaled, double extra) {
    const double fraction = std::fabs(scaled - std::trunc(scaled));
    return !(std::fabs(fraction - 0.5) > extra + 1e-12 * std::max(1.0, std::fabs(scaled)));
}

// Rounds to `decimals` places, half away from zero, after removing float noise
// (16.65 * 10 is 166.49999999999997 in binary).
double scaled_round(double value, int decimals) {
    const double scaled = value * power_of_ten(decimals);
    if (std::isfinite(scaled) && !near_half(scaled, 0)) return std::round(scaled);
    return std::round(remove_float_noise(scaled));
}

bool is_half(double value, int decimals) {
    const double raw = value * power_of_ten(decimals);
    if (std::isfinite(raw) && !near_half(raw, 1e-9)) return false;
    const double scaled = remove_float_noise(raw);
    return std::fabs(std::fabs(scaled - std::trunc(scaled)) - 0.5) < 1e-9;
}

}  // namespace

bool agree_within_precision(double a, int decimals_a, double b, int decimals_b) noexcept {
    if (decimals_a < 0 && decimals_b < 0)
        return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
    if (decimals_a < 0) decimals_a = decimals_b;
    if (decimals_b < 0) decimals_b = decimals_a;
    const int d = std::min(decimals_a, decimals_b);
    const double ra = scaled_round(a, d), rb = scaled_round(b, d);
    if (ra == rb) return true;
    // A value exactly halfway may have been rounded either way by the other source.
    auto either_way = [d](double half, int decimals, double other_rounded) {
        if (decimals <= d || !is_half(half, d)) return false;
        const double s = remove_float_noise(half * power_of_ten(d));
        return other_rounded == std::floor(s) || other_rounded == std::ceil(s);
    };
    if (either_way(a, decimals_a, rb) || either_way(b, decimals_b, ra)) return true;
    return false;
}

}  // namespace kpimap
