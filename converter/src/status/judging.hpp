// What the stages of judging one indicator share (indicator_status.cpp judge() runs them in
// order, each stage in its own judge_<stage>.cpp): the model indexed by indicator, the resolved
// series, intervals and significance, and the phrases explanations use. Private to src/status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kpimap/identity.hpp"
#include "kpimap/indicator_status.hpp"
#include "status_text.hpp"

namespace kpimap::judging {

using stats::Interval;
using stats::Travel;

using status_text::change_text;
using status_text::num;
using status_text::percent_text;
using status_text::period_label;
using status_text::value_text;

// ---- Phrases and comparisons (judging.cpp) ----------------------------------------------------

// "5.1 in 2015"
std::string point_text(const Observation& o);
// "higher is better", "lower is better", ...: the polarity as explanations say it.
std::string polarity_phrase(Polarity p);
// "improved", "little or no change", ...: the direction of travel as explanations say it.
std::string travel_phrase(Travel t);
// "not compared", or the comparison's name.
std::string comparison_phrase(stats::Comparison c);

// The source's own judgement mark: a tick, a cross or neither.
enum class Mark : std::uint8_t { none, positive, negative };
// The mark a judgement text carries (✔/✓ positive, ✘/✗ negative).
Mark judgement_mark(std::string_view text);

// A point whose values the source shows once as a fraction (0.822) and once as a percentage
// (83.4%): kpimap never rescales, so the two are not compared.
bool mixed_units(const Observation& a, const Observation& b);
// Two values for the same period agree when they are equal at the precision the less precise
// one shows (92 shown with 0 decimals agrees with 92.4), by the rule reconcile uses too.
bool agree(const Observation& a, const Observation& b);

// ---- The series judged (judge_series.cpp) ------------------------------------------------------

// The values judged for one indicator and part of its population: one series, one a period.
struct Series {
    std::vector<Observation> points;                // one per period with a value, oldest first
    std::vector<Observation> missing_after_latest;  // periods after the last value, no value
};

// The model's observations and expectations by indicator id, in model order: built once, so
// judging an indicator does not scan the whole model.
class ModelIndex {
public:
    // Indexes `model`, which must outlive the index and not change.
    explicit ModelIndex(const Model& model) : first_(model.observations.data()) {
        for (const Observation& o : model.observations) observations_[o.indicator_id].push_back(&o);
        for (const Expectation& e : model.expectations) expectations_[e.indicator_id].push_back(&e);
        // Each observation's breakdown_key, computed once (it normalises every pair's text).
        part_.reserve(model.observations.size());
        for (const Observation& o : model.observations) part_.push_back(breakdown_key(o.breakdown));
    }
    // The breakdown_key of an observation of the indexed model ("" for the whole population).
    const std::string& part(const Observation& o) const {
        return part_[static_cast<std::size_t>(&o - first_)];
    }
    // The observations of indicator `id`, in model order.
    const std::vector<const Observation*>& observations(std::string_view id) const {
        return find(observations_, id);
    }
    // The expectations of indicator `id`, in model order.
    const std::vector<const Expectation*>& expectations(std::string_view id) const {
        return find(expectations_, id);
    }

private:
    template <class T>
    static const std::vector<const T*>& find(
        const std::unordered_map<std::string_view, std::vector<const T*>>& map,
        std::string_view id) {
        static const std::vector<const T*> none;
        auto it = map.find(id);
        return it == map.end() ? none : it->second;
    }
    std::unordered_map<std::string_view, std::vector<const Observation*>> observations_;
    std::unordered_map<std::string_view, std::vector<const Expectation*>> expectations_;
    const Observation* first_;
    std::vector<std::string> part_;  // parallel to the model's observations
};

// The series of one indicator and part of its population (st.breakdown) that is judged: the
// first series with a value, one value per period (disagreeing sources noted in st.notes).
Series resolve_series(const ModelIndex& index, const Indicator& ind, const StatusOptions& options,
                      IndicatorStatus& st);
// The point of the series for period `p`, or null.
const Observation* point_at(const Series& s, const Period& p);
// The expectation's period label, or its period as written when none was parsed.
std::string expectation_period(const Expectation& e);

// ---- Intervals and significance (intervals.cpp) -----------------------------------------------

// An interval and how it was had ("Wilson 80.1–84.6 from 822/1000").
struct Ci {
    Interval ci;
    std::string how;
};

// Whether the indicator's unit allows a proportion (percent, ratio or unknown).
bool is_proportion(const Indicator& ind);
// Whether a point is a proportion (for Newcombe and the trend test): a count of at most its
// denominator whose value shows it as a fraction, a percentage or per 1,000.
bool shown_as_proportion(const Observation& o, const Indicator& ind);
// Why interval_of gives no interval for counts that are there, or "" (none given, or fine).
std::string interval_refusal(const Observation& o, const Indicator& ind);
// The 95% interval of one point (or the interval at another z); nullopt when none can be had.
std::optional<Ci> interval_of(const Observation& o, const Indicator& ind, double z = stats::z95);

// A significance and its explanation.
struct SigResult {
    Significance significance = Significance::not_assessable;
    std::string explanation;
};

// The significance of the change from `earlier` to `later` for an aim that asks for it.
SigResult significance_between(const Observation& earlier, const Observation& later,
                               const Indicator& ind);

// ---- The stages, in the order judge() runs them -----------------------------------------------

// Stage 1 (judge_polarity.cpp): the polarity; returns the phrase the travel explanation uses.
std::string judge_polarity(const Indicator& ind, const StatusOptions& options, IndicatorStatus& st);
// Stage 2 (judge_travel.cpp): direction of travel and its significance.
void judge_travel(const Series& s, const Indicator& ind, const StatusOptions& options,
                  const std::string& pol_text, IndicatorStatus& st);

// What the trajectory stage found that the RAG stage reads: the indicator's expectations and
// the assessment period.
struct Assessment {
    std::vector<const Expectation*> expectations;
    std::optional<Period> at;
};
// Stage 3 (judge_trajectory.cpp): every expectation, then the one for the assessment period.
Assessment judge_trajectory(const ModelIndex& index, const Series& s, const Indicator& ind,
                            const StatusOptions& options, IndicatorStatus& st);
// Stage 4 (judge_rag.cpp): RAG against a numeric target for the assessment period.
void judge_rag(const Series& s, const Assessment& a, const StatusOptions& options,
               IndicatorStatus& st);
// Stage 5 (judge_trend.cpp): the recent trend of the latest five consecutive yearly points.
void judge_trend(const Series& s, const Indicator& ind, Polarity pol, IndicatorStatus& st);
// Stage 6 (judge_benchmark.cpp): the latest value against its comparator at 95% and 99.8%.
void judge_benchmark(const ModelIndex& index, const Indicator& ind, IndicatorStatus& st);
// Stage 7 (judge_spc.cpp): an XmR chart of the latest run of values of one period type.
void judge_spc(const ModelIndex& index, const Series& s, const Indicator& ind,
               const StatusOptions& options, IndicatorStatus& st);
// Stage 8 (judge_source_verdict.cpp): the source's own verdict and its audit.
void judge_source_verdict(const Series& s, const Indicator& ind, bool source_marks,
                          IndicatorStatus& st);

// ---- After judging (outcome_summary.cpp) --------------------------------------------------------

// The outcome summaries of `model` from its judged `indicators` (the whole-population status of
// indicator id at index_of[id]), in model order of the outcomes.
std::vector<OutcomeSummary> summarise_outcomes(
    const Model& model, const std::vector<IndicatorStatus>& indicators,
    const std::unordered_map<std::string_view, std::size_t>& index_of);

}  // namespace kpimap::judging
