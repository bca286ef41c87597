// Stage 4 of judging an indicator: RAG against a numeric target.
#include <fmt/format.h>

#include "judging.hpp"

namespace kpimap::judging {

// Stage 4, RAG against a numeric target for the assessment period.
void judge_rag(const Series& s, const Assessment& a, const StatusOptions& options,
               IndicatorStatus& st) {
    const std::vector<const Expectation*>& exps = a.expectations;
    const std::optional<Period>& at = a.at;
    st.rag = Rag::not_assessed;
    st.rag_explanation = "no numeric target for the period";
    for (const Expectation* e : exps) {
        if (e->kind != ExpectationKind::target || !at || !(e->period == *at)) continue;
        const Observation* v = point_at(s, e->period);
        std::optional<PlanDirection> dir;
        if (st.polarity == Polarity::higher_is_better) dir = PlanDirection::higher_is_better;
        if (st.polarity == Polarity::lower_is_better) dir = PlanDirection::lower_is_better;
        if (st.polarity == Polarity::no_judgement) dir = PlanDirection::on_target;
        if (!dir) {
            st.rag_explanation = fmt::format(
                "target {} for {}: polarity unknown, so not assessed (which side is good?)",
                e->target ? num(*e->target) : "(none)", expectation_period(*e));
            break;
        }
        RagResult r =
            rag_against_plan(v ? v->value : std::nullopt, e->target, *dir, options.rag_thresholds);
        st.rag = r.rag;
        st.rag_explanation = fmt::format("{}: {}", expectation_period(*e), r.explanation);
        break;
    }
}

}  // namespace kpimap::judging
