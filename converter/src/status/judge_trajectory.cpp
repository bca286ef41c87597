// Stage 3 of judging an indicator: progress against its trajectory.
#include <fmt/format.h>

#include <algorithm>

#include "judging.hpp"

namespace kpimap::judging {

namespace {

TrajectoryPoint judge_expectation(const Expectation& e, const Indicator& ind, Polarity pol,
                                  const Series& s, const std::vector<const Expectation*>& baselines,
                                  const StatusOptions& options) {
    // The baseline: the latest Baseline year before this period (a trajectory may mark two
    // years as Baseline; the later one is the most recent baseline value).
    const Expectation* baseline_exp = nullptr;
    for (const Expectation* b : baselines)
        if (!e.period.start.empty() && b->period < e.period) baseline_exp = b;
    const Observation* baseline_obs = baseline_exp ? point_at(s, baseline_exp->period) : nullptr;
    TrajectoryPoint t;
    t.period = expectation_period(e);
    t.kind = e.kind;
    const std::string raw = e.raw.empty() ? expectation_kind_name(e.kind) : e.raw;
    const Observation* value = e.period.start.empty() ? nullptr : point_at(s, e.period);
    auto na = [&](std::string why) {
        t.status = TrajectoryStatus::not_assessable;
        t.explanation = fmt::format("{} ({}): {}; not assessable", t.period, raw, why);
        return t;
    };
    switch (e.kind) {
        case ExpectationKind::baseline:
            t.status = TrajectoryStatus::baseline_set;
            t.explanation = fmt::format("{} is the baseline year ({}); {}", t.period, raw,
                                        value ? "baseline value " + value_text(*value)
                                              : std::string("no value for it yet"));
            return t;
        case ExpectationKind::tbc:
            return na("the trajectory is to be confirmed (TBC)");
        case ExpectationKind::target: {
            if (!value) return na(fmt::format("no value for {}", t.period));
            if (!e.target) return na("the target cell holds no number");
            if (pol != Polarity::higher_is_better && pol != Polarity::lower_is_better)
                return na(fmt::format("{}: cannot tell which side of the target {} is good",
                                      polarity_phrase(pol), num(*e.target)));
            const bool good = pol == Polarity::higher_is_better ? *value->value >= *e.target
                                                                : *value->value <= *e.target;
            t.status = good ? TrajectoryStatus::on_track : TrajectoryStatus::off_track;
            t.explanation = fmt::format(
                "{} vs target {}; {}; {}", point_text(*value), num(*e.target), polarity_phrase(pol),
                good ? "target met → on track" : "target missed → off track");
            return t;
        }
        case ExpectationKind::improvement:
        case ExpectationKind::maintain:
        case ExpectationKind::long_term_improvement:
            break;
    }
    const bool long_term = e.kind == ExpectationKind::long_term_improvement;
    const Observation* ref =
        long_term ? (s.points.empty() ? nullptr : &s.points.front()) : baseline_obs;
    const std::string ref_name = long_term ? "first value" : "baseline";
    if (!value) return na(fmt::format("no value for {}", t.period));
    if (!ref) {
        if (long_term) return na("no earlier value to compare with");
        return na(baseline_exp ? fmt::format("no value for the baseline year {}",
                                             expectation_period(*baseline_exp))
                               : std::string("no Baseline year before it in the trajectory"));
    }
    if (ref->period == value->period || !(ref->period < value->period))
        return na(fmt::format("the {} ({}) is not earlier than {}", ref_name, period_label(*ref),
                              t.period));
    if (!comparable(ref->period, value->period))
        return na(fmt::format("the {} is for {} ({}), not comparable with {} ({})", ref_name,
                              period_label(*ref), period_kind_name(ref->period.kind), t.period,
                              period_kind_name(value->period.kind)));
    if (mixed_units(*ref, *value))
        return na(fmt::format("mixed units: {} vs {}", value_text(*ref), value_text(*value)));
    const std::string head = fmt::format("{} vs {} {}; {}", point_text(*value), ref_name,
                                         point_text(*ref), polarity_phrase(pol));
    const bool directional = pol == Polarity::higher_is_better || pol == Polarity::lower_is_better;
    Travel travel;
    std::string why;
    if (ind.aim.significance_required) {
        SigResult sig = significance_between(*ref, *value, ind);
        if (sig.significance == Significance::not_assessable)
            return na(fmt::format("the aim asks for a statistically significant change; {}",
                                  sig.explanation));
        travel = sig.significance == Significance::significant
                     ? stats::direction_of_travel(*value->value, *ref->value, pol, 0.0)
                     : Travel::little_or_no_change;
        why = sig.explanation;
    } else {
        travel =
            stats::direction_of_travel(*value->value, *ref->value, pol, options.travel_tolerance);
        why = fmt::format("{}, tolerance ±{}", change_text(*value->value, *ref->value),
                          percent_text(options.travel_tolerance));
    }
    if (!directional && travel != Travel::little_or_no_change) {
        t.status = TrajectoryStatus::not_assessable;
        t.explanation = fmt::format(
            "{}; {} ({}); not assessable: the aim '{}' does not say whether higher or lower is "
            "better",
            head, travel_phrase(travel), why, ind.aim.text.empty() ? raw : ind.aim.text);
        return t;
    }
    bool on = false;
    if (e.kind == ExpectationKind::maintain)
        on = travel == Travel::improved || travel == Travel::little_or_no_change;
    else
        on = travel == Travel::improved;
    if (!directional && e.kind != ExpectationKind::maintain) {
        t.status = TrajectoryStatus::not_assessable;
        t.explanation = fmt::format("{}; {} ({}); not assessable: improvement expected but {}",
                                    head, travel_phrase(travel), why, polarity_phrase(pol));
        return t;
    }
    t.status = on ? TrajectoryStatus::on_track : TrajectoryStatus::off_track;
    t.explanation = fmt::format("{}; {} ({}); {} expected → {}", head, travel_phrase(travel), why,
                                raw, on ? "on track" : "off track");
    return t;
}

}  // namespace

// Stage 3, trajectory: every expectation, then the one for the assessment period (--as-of, or
// the latest period with a value). Returns the expectations and the assessment period, which
// the RAG stage reads.
Assessment judge_trajectory(const ModelIndex& index, const Series& s, const Indicator& ind,
                            const StatusOptions& options, IndicatorStatus& st) {
    std::vector<const Expectation*> exps, baselines;
    for (const Expectation* e : index.expectations(ind.id)) {
        exps.push_back(e);
        if (e->kind == ExpectationKind::baseline && !e->period.start.empty())
            baselines.push_back(e);
    }
    std::sort(baselines.begin(), baselines.end(),
              [](const Expectation* a, const Expectation* b) { return a->period < b->period; });
    for (const Expectation* e : exps)
        st.trajectory_by_period.push_back(
            judge_expectation(*e, ind, st.polarity, s, baselines, options));
    std::optional<Period> at = options.as_of;
    if (!at && st.latest) at = st.latest->period;
    if (exps.empty()) {
        st.trajectory = TrajectoryStatus::no_expectation;
        st.trajectory_explanation = "no trajectory for this indicator";
    } else if (!at) {
        st.trajectory = TrajectoryStatus::not_assessable;
        st.trajectory_explanation =
            "no values to judge; pass --as-of PERIOD to see the trajectory cell of a period";
    } else {
        st.trajectory = TrajectoryStatus::no_expectation;
        st.trajectory_explanation = fmt::format("no trajectory cell for {}", at->label());
        for (std::size_t i = 0; i < exps.size(); ++i)
            if (exps[i]->period == *at) {
                st.trajectory = st.trajectory_by_period[i].status;
                st.trajectory_explanation = st.trajectory_by_period[i].explanation;
                break;
            }
    }
    return {exps, at};
}

}  // namespace kpimap::judging
