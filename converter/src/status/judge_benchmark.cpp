// Stage 6 of judging an indicator: the latest value against its benchmark.
#include <fmt/format.h>

#include <cmath>

#include "judging.hpp"

namespace kpimap::judging {

// The latest value against its comparator (the Fingertips rule, stats::ci_overlap_compare) at
// 95% and 99.8%. The comparator is the latest observation's or, failing that, that of another
// observation of the same period and series whose value agrees (the same value read twice).
void judge_benchmark(const ModelIndex& index, const Indicator& ind, IndicatorStatus& st) {
    if (!st.latest) {
        st.benchmark_explanation = "no value; not compared";
        return;
    }
    const Observation* src = &*st.latest;  // a copy: not in the index
    const std::string part = breakdown_key(st.breakdown);
    if (!src->comparator_value)
        for (const Observation* o : index.observations(ind.id))
            if (o->series == src->series && o->period == src->period && o->comparator_value &&
                index.part(*o) == part && o->value && agree(*o, *src)) {
                src = o;
                break;
            }
    if (!src->comparator_value) {
        st.benchmark_explanation =
            fmt::format("{}: no comparator value (such as England) for {}; not compared",
                        point_text(*src), period_label(*src));
        return;
    }
    const double cv = *src->comparator_value;
    st.benchmark_comparator = src->comparator_name.empty() ? "comparator" : src->comparator_name;
    st.benchmark_value = cv;
    const std::string head =
        fmt::format("{} vs {} {}", point_text(*src), st.benchmark_comparator, num(cv));
    if (src->percent_shown && std::fabs(*src->value) > 1.0 && std::fabs(cv) <= 1.0) {
        st.benchmark_explanation =
            head + ": mixed units (a percentage and a fraction); not compared";
        return;
    }
    const auto ci95 = interval_of(*src, ind);
    if (!ci95) {
        const std::string refused = interval_refusal(*src, ind);
        st.benchmark_explanation =
            head + (refused.empty()
                        ? ": no confidence interval, and no counts to compute one; not compared"
                        : ": " + refused + "; not compared");
        return;
    }
    st.benchmark95 = stats::ci_overlap_compare(ci95->ci, cv, st.polarity);
    std::string at998;
    if (const auto ci998 = interval_of(*src, ind, stats::z998)) {
        st.benchmark998 = stats::ci_overlap_compare(ci998->ci, cv, st.polarity);
        at998 = fmt::format("{} at 99.8% ({})", comparison_phrase(st.benchmark998), ci998->how);
    } else {
        at998 = "not compared at 99.8% (only published 95% limits; 99.8% needs counts)";
    }
    st.benchmark_explanation =
        fmt::format("{}: {} at 95% ({}), {}; {}", head, comparison_phrase(st.benchmark95),
                    ci95->how, at998, polarity_phrase(st.polarity));
}

}  // namespace kpimap::judging
