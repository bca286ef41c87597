// Stage 2 of judging an indicator: direction of travel and its significance.
#include <fmt/format.h>

#include "judging.hpp"

namespace kpimap::judging {

// Stage 2, direction of travel and its significance: latest against previous, by
// non-overlapping 95% intervals where both have one, else by the tolerance.
void judge_travel(const Series& s, const Indicator& ind, const StatusOptions& options,
                  const std::string& pol_text, IndicatorStatus& st) {
    std::optional<Ci> ci_latest, ci_previous;
    if (!st.latest) {
        st.travel = Travel::no_comparator;
        st.travel_explanation = "no value; no comparator";
    } else if (!st.previous) {
        st.travel = Travel::no_comparator;
        std::string other;
        for (const Observation& o : s.points)
            if (o.period < st.latest->period && !comparable(o.period, st.latest->period)) {
                other = fmt::format(" (earlier {} {} is a different period type)",
                                    period_kind_name(o.period.kind), period_label(o));
            }
        st.travel_explanation =
            fmt::format("{}; no earlier {} value{}; no comparator", point_text(*st.latest),
                        period_kind_name(st.latest->period.kind), other);
    } else if (mixed_units(*st.previous, *st.latest)) {
        st.travel = Travel::no_comparator;
        st.travel_explanation = fmt::format(
            "{} vs {}: mixed units (a fraction and a percentage); not compared; no comparator",
            point_text(*st.latest), point_text(*st.previous));
    } else {
        const double a = *st.latest->value, b = *st.previous->value;
        ci_latest = interval_of(*st.latest, ind);
        ci_previous = interval_of(*st.previous, ind);
        std::string why;
        if (ci_latest && ci_previous) {
            const bool sig = stats::significant_change(ci_previous->ci, ci_latest->ci);
            st.travel = sig ? stats::direction_of_travel(a, b, st.polarity, 0.0)
                            : Travel::little_or_no_change;
            st.significance = sig ? Significance::significant : Significance::not_significant;
            st.significance_explanation = fmt::format(
                "95% intervals {} ({}) and {} ({}) {} → {}", period_label(*st.previous),
                ci_previous->how, period_label(*st.latest), ci_latest->how,
                sig ? "do not overlap" : "overlap", sig ? "significant" : "not significant");
            why = sig ? "95% intervals do not overlap" : "95% intervals overlap";
        } else {
            st.travel = stats::direction_of_travel(a, b, st.polarity, options.travel_tolerance);
            const bool within = st.travel == Travel::little_or_no_change;
            why = fmt::format("{}, {} ±{}", change_text(a, b), within ? "within" : "beyond",
                              percent_text(options.travel_tolerance));
        }
        st.travel_explanation =
            fmt::format("{} vs {}; {}; {} ({})", point_text(*st.latest), point_text(*st.previous),
                        pol_text, travel_phrase(st.travel), why);
    }
    if (st.significance_explanation.empty()) {
        // Counts that are there but do not agree with the value: say so, not "no counts".
        std::string refused;
        if (st.latest) refused = interval_refusal(*st.latest, ind);
        if (refused.empty() && st.previous) refused = interval_refusal(*st.previous, ind);
        if (ind.aim.significance_required) {
            st.significance = Significance::not_assessable;
            st.significance_explanation =
                refused.empty()
                    ? "the aim asks for a statistically significant change; no counts or "
                      "confidence intervals: significance not assessable"
                    : "the aim asks for a statistically significant change; " + refused +
                          ": significance not assessable";
        } else {
            st.significance = Significance::not_required;
            st.significance_explanation =
                !st.previous      ? std::string("no comparator")
                : refused.empty() ? fmt::format(
                                        "no counts or confidence intervals for both periods; "
                                        "direction of travel uses the ±{} tolerance",
                                        percent_text(options.travel_tolerance))
                                  : fmt::format("{}; direction of travel uses the ±{} tolerance",
                                                refused, percent_text(options.travel_tolerance));
        }
    }
}

}  // namespace kpimap::judging
