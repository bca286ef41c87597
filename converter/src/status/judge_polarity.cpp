// Stage 1 of judging an indicator: its polarity.
#include <fmt/format.h>

#include "judging.hpp"

namespace kpimap::judging {

// Stage 1, polarity: the indicator's own, or one implied by the source's judgement mark.
// Returns the phrase the travel explanation uses ("higher is better (implied by ...)").
std::string judge_polarity(const Indicator& ind, const StatusOptions& options,
                           IndicatorStatus& st) {
    st.polarity = ind.polarity;
    if (ind.polarity != Polarity::unknown) {
        st.polarity_source = "model";
    } else if (options.polarity_from_judgement && st.latest && st.previous &&
               judgement_mark(ind.judgement) != Mark::none &&
               *st.latest->value != *st.previous->value) {
        const bool rise = *st.latest->value > *st.previous->value;
        const bool positive = judgement_mark(ind.judgement) == Mark::positive;
        st.polarity = rise == positive ? Polarity::higher_is_better : Polarity::lower_is_better;
        st.polarity_source = "judgement";
    }
    std::string pol_text = polarity_phrase(st.polarity);
    if (st.polarity_source == "judgement")
        pol_text += fmt::format(" (implied by the source's {} mark on a {})", ind.judgement,
                                *st.latest->value > *st.previous->value ? "rise" : "fall");
    else if (st.polarity == Polarity::unknown && ind.aim.direction == Aim::Direction::improve)
        pol_text += fmt::format(" (the aim '{}' says improve, not which way)", ind.aim.text);
    return pol_text;
}

}  // namespace kpimap::judging
