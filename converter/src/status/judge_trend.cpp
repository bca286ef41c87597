// Stage 5 of judging an indicator: the recent trend.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "judging.hpp"

namespace kpimap::judging {

namespace {

int start_year(const Period& p) {
    return std::atoi(p.start.substr(0, 4).c_str());
}

bool next_year(const Period& a, const Period& b) {
    return a.kind == b.kind && a.years == 1 && b.years == 1 && start_year(b) == start_year(a) + 1 &&
           a.start.substr(4) == b.start.substr(4);
}

}  // namespace

// The recent trend of the latest five consecutive yearly points, as Fingertips computes it:
// proportions with counts by the chi-squared test for trend (stats::proportion_trend), other
// values by weighted regression on their intervals (stats::recent_trend). "Cannot be
// calculated" for counts, when the latest period has no value, when a count equals its
// denominator, and when published limits and count-derived intervals would be mixed.
void judge_trend(const Series& s, const Indicator& ind, Polarity pol, IndicatorStatus& st) {
    auto cannot = [&](std::string why) {
        st.trend = stats::Trend::not_enough_data;
        st.trend_label = stats::trend_label(st.trend, pol);
        st.trend_explanation = std::move(why);
    };
    std::vector<const Observation*> used;  // newest first
    for (auto it = s.points.rbegin(); it != s.points.rend(); ++it) {
        const bool yearly = (it->period.kind == PeriodKind::calendar_year ||
                             it->period.kind == PeriodKind::financial_year) &&
                            it->period.years == 1;
        if (!yearly || !interval_of(*it, ind)) break;
        if (!used.empty() && !next_year(it->period, used.back()->period)) break;
        used.push_back(&*it);
        if (used.size() == 5) break;
    }
    if (used.size() < 5)
        return cannot(fmt::format(
            "needs 5 consecutive yearly values with confidence intervals or counts; {} available",
            used.size()));
    std::reverse(used.begin(), used.end());  // oldest first
    const std::string span =
        fmt::format("{} to {}", period_label(*used.front()), period_label(*used.back()));
    if (!s.missing_after_latest.empty())
        return cannot(fmt::format(
            "the latest period {} has no value; a recent trend needs the latest five years, so "
            "none is calculated (the earlier {} is not used instead)",
            period_label(s.missing_after_latest.back()), span));
    if (ind.unit == Unit::count)
        return cannot(fmt::format(
            "{}: recent trends are not calculated for counts, only for proportions, rates and "
            "other values that allow for the population",
            span));
    bool all_counts = true, any_published = false, all_published = true, any_full = false;
    bool all_proportions = is_proportion(ind);
    for (const Observation* o : used) {
        const bool counted = o->count && o->denominator && *o->denominator > 0;
        all_counts = all_counts && counted;
        const bool published = o->lower_ci && o->upper_ci;
        any_published = any_published || published;
        all_published = all_published && published;
        if (counted && *o->count == *o->denominator) any_full = true;
        if (!shown_as_proportion(*o, ind)) all_proportions = false;
    }
    if (any_full)
        return cannot(fmt::format(
            "{}: a count equals its denominator (100%), so the log-odds of the trend test is "
            "infinite; cannot be calculated",
            span));
    if (all_counts && all_proportions) {
        std::vector<stats::ProportionCount> pts;
        for (const Observation* o : used) pts.push_back({*o->count, *o->denominator});
        const stats::TrendResult r = stats::proportion_trend(pts);
        if (r.trend == stats::Trend::not_enough_data)
            return cannot(fmt::format(
                "{}: a count of 0 makes the log-odds infinite; cannot be calculated", span));
        st.trend = r.trend;
        st.trend_label = stats::trend_label(r.trend, pol);
        st.trend_explanation = fmt::format(
            "{}: chi-squared test for trend on counts and denominators {:.3g} ({} 9.55), "
            "log-odds slope {:.4g} per year, leave-one-out slopes {}; {}",
            span, r.full.chi_square, r.significant ? "above" : "not above", r.full.slope,
            r.consistent ? "agree in sign" : "disagree in sign", st.trend_label);
        return;
    }
    // Weighted regression on the intervals, all from one source.
    if (any_published && !all_published && !all_counts)
        return cannot(fmt::format(
            "{}: published limits for some years and intervals from counts for others; they are "
            "not mixed in one trend",
            span));
    const bool use_published = all_published;
    std::vector<stats::TrendPoint> run;
    for (const Observation* o : used) {
        Observation point = *o;
        if (!use_published) point.lower_ci = point.upper_ci = std::nullopt;
        const auto ci = interval_of(point, ind);
        if (!ci) return cannot(fmt::format("{}: no interval for {}", span, period_label(*o)));
        run.push_back({*o->value, ci->ci.lower, ci->ci.upper});
    }
    stats::TrendResult r = stats::recent_trend(run);
    st.trend = r.trend;
    st.trend_label = stats::trend_label(r.trend, pol);
    st.trend_explanation = fmt::format(
        "{}: weighted slope {:.4g} per year, chi-square {:.3g} ({} 9.55), leave-one-out "
        "slopes {}; {}",
        span, r.full.slope, r.full.chi_square, r.significant ? "above" : "not above",
        r.consistent ? "agree in sign" : "disagree in sign", st.trend_label);
}

}  // namespace kpimap::judging
