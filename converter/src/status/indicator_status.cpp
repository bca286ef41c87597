// Indicator statuses from a model: direction of travel, trajectory, significance, RAG against a
// target, recent trend and outcome summaries. Methods and defaults: docs/statuses.md.
// Each stage of judging one indicator is in its own file (judging.hpp lists them); the outcome
// summaries are in outcome_summary.cpp, the written forms in status_output.cpp.
#include "kpimap/indicator_status.hpp"

#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "judging.hpp"

namespace kpimap {

const char* trajectory_status_name(TrajectoryStatus status) noexcept {
    switch (status) {
        case TrajectoryStatus::no_expectation:
            return "no_expectation";
        case TrajectoryStatus::baseline_set:
            return "baseline_set";
        case TrajectoryStatus::on_track:
            return "on_track";
        case TrajectoryStatus::off_track:
            return "off_track";
        case TrajectoryStatus::not_assessable:
            return "not_assessable";
    }
    return "not_assessable";
}

const char* source_verdict_name(SourceVerdict verdict) noexcept {
    switch (verdict) {
        case SourceVerdict::not_given:
            return "not_given";
        case SourceVerdict::positive:
            return "positive";
        case SourceVerdict::fairly_stable:
            return "fairly_stable";
        case SourceVerdict::negative:
            return "negative";
        case SourceVerdict::no_comparator:
            return "no_comparator";
    }
    return "no_comparator";
}

const char* significance_name(Significance significance) noexcept {
    switch (significance) {
        case Significance::not_required:
            return "not_required";
        case Significance::significant:
            return "significant";
        case Significance::not_significant:
            return "not_significant";
        case Significance::not_assessable:
            return "not_assessable";
    }
    return "not_assessable";
}

namespace {

using judging::ModelIndex;

// One indicator (or one part of its population: `breakdown`), stage by stage: series, polarity,
// travel and significance, trajectory, RAG, recent trend, benchmark, SPC, the source's verdict.
IndicatorStatus judge(const ModelIndex& index, const Indicator& ind, const StatusOptions& options,
                      bool source_marks, const Breakdown& breakdown = {}) {
    IndicatorStatus st;
    st.indicator_id = ind.id;
    st.title = ind.title;
    st.breakdown = breakdown;
    const judging::Series s = judging::resolve_series(index, ind, options, st);
    if (!s.points.empty()) st.latest = s.points.back();
    if (st.latest)
        for (auto it = s.points.rbegin() + 1; it != s.points.rend(); ++it)
            if (comparable(it->period, st.latest->period) && it->period < st.latest->period) {
                st.previous = *it;
                break;
            }
    const std::string pol_text = judging::judge_polarity(ind, options, st);
    judging::judge_travel(s, ind, options, pol_text, st);
    const judging::Assessment assessment = judging::judge_trajectory(index, s, ind, options, st);
    judging::judge_rag(s, assessment, options, st);
    judging::judge_trend(s, ind, st.polarity, st);
    judging::judge_benchmark(index, ind, st);
    judging::judge_spc(index, s, ind, options, st);
    judging::judge_source_verdict(s, ind, source_marks, st);
    return st;
}

}  // namespace

StatusResult compute_statuses(const Model& model, const StatusOptions& options) {
    StatusResult result;
    std::unordered_map<std::string_view, std::size_t> index;
    const ModelIndex by_indicator(model);
    // The sheets that give verdicts: those marking at least one of the indicators they hold (a
    // workbook's data annex without marks gives none, though its report sheets do).
    std::set<std::pair<std::string_view, std::string_view>> marking_sheets;
    for (const Indicator& ind : model.indicators)
        if (judging::judgement_mark(ind.judgement) != judging::Mark::none)
            marking_sheets.emplace(ind.where.file, ind.where.sheet);
    for (const Indicator& ind : model.indicators) {
        // The whole population first (outcome summaries count it), then each breakdown the
        // indicator's values have, in order of first appearance (values agree or conflict only
        // within one breakdown: breakdown_key).
        const bool marks = marking_sheets.count({ind.where.file, ind.where.sheet}) > 0;
        index[ind.id] = result.indicators.size();
        result.indicators.push_back(judge(by_indicator, ind, options, marks));
        std::unordered_set<std::string> seen;
        for (const Observation* o : by_indicator.observations(ind.id))
            if (!o->breakdown.empty() && seen.insert(by_indicator.part(*o)).second)
                result.indicators.push_back(judge(by_indicator, ind, options, marks, o->breakdown));
    }
    result.outcomes = judging::summarise_outcomes(model, result.indicators, index);
    result.gaps = breakdown_gaps(model, result.indicators, options);
    return result;
}

}  // namespace kpimap
