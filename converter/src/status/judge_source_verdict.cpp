// Stage 8 of judging an indicator: the source's own verdict, audited.
#include <fmt/format.h>

#include "judging.hpp"

namespace kpimap::judging {

// Stage 8: the verdict the source publishes (its ✔/✘ mark; unmarked, fairly stable with two or
// more values, no comparator with one), and the audit against kpimap's direction of travel.
// `source_marks`: the indicator's source sheet marks some of its indicators (otherwise an
// unmarked indicator is not a verdict of "fairly stable", and nothing is audited).
void judge_source_verdict(const Series& s, const Indicator& ind, bool source_marks,
                          IndicatorStatus& st) {
    if (!source_marks) {
        st.source_verdict = SourceVerdict::not_given;
        return;
    }
    switch (judgement_mark(ind.judgement)) {
        case Mark::positive:
            st.source_verdict = SourceVerdict::positive;
            break;
        case Mark::negative:
            st.source_verdict = SourceVerdict::negative;
            break;
        case Mark::none:
            st.source_verdict =
                s.points.size() >= 2 ? SourceVerdict::fairly_stable : SourceVerdict::no_comparator;
            break;
    }
    // What kpimap's direction of travel says in the source's terms (nullopt: no counterpart).
    std::optional<SourceVerdict> computed;
    switch (st.travel) {
        case Travel::improved:
            computed = SourceVerdict::positive;
            break;
        case Travel::worsened:
            computed = SourceVerdict::negative;
            break;
        case Travel::little_or_no_change:
            computed = SourceVerdict::fairly_stable;
            break;
        case Travel::no_comparator:
            computed = SourceVerdict::no_comparator;
            break;
        case Travel::increased:
        case Travel::decreased:
            // Unknown polarity: a change, which the source calls neither stable nor judged.
            if (st.source_verdict == SourceVerdict::fairly_stable)
                st.audit = fmt::format(
                    "the source shows no mark (fairly stable) where kpimap finds a change: {}",
                    st.travel_explanation);
            return;
    }
    if (*computed == st.source_verdict) return;
    const std::string mark = ind.judgement.empty() ? "no mark" : "'" + ind.judgement + "'";
    st.audit = fmt::format("the source says {} ({}); kpimap's direction of travel says {}: {}",
                           source_verdict_name(st.source_verdict), mark,
                           stats::travel_name(st.travel), st.travel_explanation);
}

}  // namespace kpimap::judging
