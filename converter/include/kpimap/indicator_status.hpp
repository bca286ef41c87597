// Indicator statuses (not read errors: those are in status.hpp) computed from a (reconciled) model:
// direction of travel, progress against the trajectory, significance where counts or intervals
// allow, RAG against a plan, recent trend, and outcome summaries in the "Of N indicators, a
// improved ..." style. Every status carries a one-line explanation a person can check. Methods:
// docs/statuses.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kpimap/model.hpp"
#include "kpimap/rag.hpp"
#include "kpimap/spc.hpp"
#include "kpimap/stats.hpp"

namespace kpimap {

// Against the trajectory (the Expectation for the latest period).
enum class TrajectoryStatus : std::uint8_t {
    no_expectation,  // no trajectory cell for the period
    baseline_set,    // the period is the baseline year
    on_track,        // improvement expected and achieved against the baseline value
    off_track,       // improvement expected and not achieved
    not_assessable,  // TBC, or no baseline value to compare with
};
// "no_expectation", "baseline_set", "on_track", "off_track", "not_assessable".
const char* trajectory_status_name(TrajectoryStatus status) noexcept;

// Whether a change is statistically significant.
enum class Significance : std::uint8_t {
    not_required,  // the aim does not ask for significance and no intervals are available
    significant,
    not_significant,
    not_assessable,  // significance asked for but no counts or intervals: never guessed
};
// "not_required", "significant", "not_significant", "not_assessable".
const char* significance_name(Significance significance) noexcept;

// The trajectory judged for one expectation (one trajectory cell) of an indicator.
struct TrajectoryPoint {
    std::string period;  // the expectation's period label ("2021/22"), or its text
    ExpectationKind kind = ExpectationKind::tbc;
    TrajectoryStatus status = TrajectoryStatus::not_assessable;
    std::string explanation;  // "72.5 in 2021/22 vs baseline 70.1 in 2020/21; ...; on track"
};

// The SPC view of an indicator (kpimap/spc.hpp): an XmR chart of its latest run of values of one
// period type, with the Making Data Count variation and assurance verdicts.
struct SpcStatus {
    bool computed = false;             // false when too few values (explanation says why)
    std::vector<std::string> periods;  // the charted periods, oldest first (chart.points order)
    spc::Chart chart;
    std::optional<double> target;  // the target (plan) for the latest charted period, if any
    std::string explanation;       // "24 monthly values 2019-04 to 2021-03: mean 71.2, ..."
};

// The source's own verdict: the judgement mark it publishes beside the indicator (✔/✓ a positive
// change, ✘/✗ a negative one), or, unmarked, "fairly stable" for a series of two or more values
// and "no comparator" for a single value (the rule that reproduces seed 001's published counts).
// not_given when the indicator's source sheet marks none of its indicators (it gives no verdicts).
enum class SourceVerdict : std::uint8_t {
    not_given,
    positive,
    fairly_stable,
    negative,
    no_comparator
};
// "not_given", "positive", "fairly_stable", "negative", "no_comparator".
const char* source_verdict_name(SourceVerdict verdict) noexcept;

struct IndicatorStatus {
    std::string indicator_id;
    std::string title;
    // The polarity the statuses use: the indicator's own, or one implied by the source's ✔/✘
    // judgement mark (StatusOptions::polarity_from_judgement); unknown otherwise.
    Polarity polarity = Polarity::unknown;
    // Where the polarity came from: "model" (mapping column or aim), "judgement" (the mark and
    // the direction of the latest change), or "none".
    std::string polarity_source = "none";
    // The part of the population judged (sex = Female, ...): empty for the whole population.
    // compute_statuses judges the whole population first, then each breakdown the indicator's
    // values have; outcome summaries count the whole population only.
    Breakdown breakdown;
    std::string series;              // the series judged when the indicator has several
    std::vector<std::string> notes;  // conflicts between sources, mixed units, suppressed
                                     // latest values: what a person should check
    std::optional<Observation> latest;
    std::optional<Observation> previous;  // the latest earlier comparable period
    stats::Travel travel = stats::Travel::no_comparator;
    std::string travel_explanation;  // "5.1 in 2015 vs 4.8 in 2014; lower is better; worsened"
    TrajectoryStatus trajectory = TrajectoryStatus::no_expectation;
    std::string trajectory_explanation;
    Significance significance = Significance::not_required;
    std::string significance_explanation;
    Rag rag = Rag::not_assessed;
    std::string rag_explanation;
    stats::Trend trend = stats::Trend::not_enough_data;
    std::string trend_label;  // "Increasing and getting better", ...
    std::string trend_explanation;
    std::vector<TrajectoryPoint> trajectory_by_period;  // every expectation, in model order
    // The latest value against its comparator (Observation::comparator_value, e.g. England) by
    // the Fingertips rule: the value's 95% and 99.8% intervals against the comparator value,
    // better/worse by polarity (higher/lower without one). not_compared when there is no
    // comparator, no interval (no published limits or counts), or, at 99.8%, only published
    // 95% limits.
    std::string benchmark_comparator;       // the comparator's name ("England"); "" when none
    std::optional<double> benchmark_value;  // the comparator's value for the latest period
    stats::Comparison benchmark95 = stats::Comparison::not_compared;
    stats::Comparison benchmark998 = stats::Comparison::not_compared;
    std::string benchmark_explanation;  // "82.2% in 2021/22 vs England 84: worse at 95% ..."
    SpcStatus spc;
    SourceVerdict source_verdict = SourceVerdict::not_given;
    // Where the source's verdict and kpimap's direction of travel disagree (a ✓ on a change within
    // the tolerance): why, for the audit; "" when they agree or cannot be compared.
    std::string audit;
};

// The counts an outcome's published summary states ("Of 13 indicators identified for this
// outcome, 5 have seen a positive change, 3 remain fairly stable and 3 have changed negatively.
// For 2 indicators there is not a comparator year."); a count the text does not state is absent.
struct PublishedCounts {
    std::optional<int> indicators, improved, little_or_no_change, worsened, no_comparator;
};

// Reads the counts from a published summary sentence; nullopt when it states none ("All outputs
// do not yet have assigned measures.").
std::optional<PublishedCounts> parse_published_summary(std::string_view text);

// Per outcome: how many of its indicators improved, stayed the same, worsened, or have no
// comparator; with the sentence in the style of the seed-001 report.
struct OutcomeSummary {
    std::string outcome_id;
    std::string code;
    std::string title;
    int indicators = 0;
    int improved = 0, little_or_no_change = 0, worsened = 0, no_comparator = 0;
    int changed_no_polarity = 0;  // increased or decreased, but which way is good is unknown
    std::string sentence;         // "Of 13 indicators, 5 improved, 3 little or no change, ..."
    // The same indicators counted by the source's own verdicts (IndicatorStatus::source_verdict),
    // the counts the source's published summary should state, and how many the audit lists.
    int source_positive = 0, source_fairly_stable = 0, source_negative = 0,
        source_no_comparator = 0;
    int audited = 0;
    std::string source_sentence;  // "By the source's marks: 5 positive, 3 fairly stable, ..."
    std::string published;        // the summary the source publishes (Outcome::summary), if any
    std::optional<PublishedCounts> published_counts;  // parse_published_summary(published)
    std::vector<std::string> indicator_ids;           // the indicators counted, each once
};

struct StatusOptions {
    std::optional<Period> as_of;     // ignore observations after this period
    double travel_tolerance = 0.02;  // relative change counted as "little or no change"
    RagThresholds rag_thresholds{0.01, 0.05};
    // When the model gives no polarity, infer it from a ✔/✘ (✓/✗) judgement mark and the
    // direction of the latest change (✔ on a rise: higher is better). Reproduces the source's own
    // judgement; docs/statuses.md explains why and when it is not independent evidence.
    bool polarity_from_judgement = true;
    // SPC: the chart's options (minimum points, run lengths) and the periods at which its limits
    // are recalculated (a declared baseline or rebase), for one indicator (by id or title) or,
    // with an empty indicator, for all.
    spc::Options spc;
    struct Rebase {
        std::string indicator;
        Period at;
    };
    std::vector<Rebase> spc_rebase;
};

// ---- Gaps across an ordered breakdown (issue 11 §3) -----------------------------------------

// One category's value in a gap: the category as the model writes it, the value read for it (in
// the indicator's unit), the decimals the source shows (-1 unknown) and its cell.
struct GapValue {
    std::string category;
    double value = 0;
    int decimals = -1;
    bool percent_shown = false;
    Provenance where;
};

// One period's values across the categories of an ordered dimension, and the spread between the
// best and the worst of them.
struct GapAt {
    std::string period;            // the period's label ("2021/22")
    std::vector<GapValue> values;  // every category with a value: declared order, then as met
    GapValue best, worst;          // by polarity; the highest and the lowest without one
    double gap = 0;                // best − worst as an absolute difference, in the unit
    // The first and the last category of the declared order that have a value (most and least
    // deprived; youngest and oldest band); absent when no category is a declared one.
    std::optional<GapValue> first, last;
};

// How the gap moved since the previous comparable period.
enum class GapChange : std::uint8_t { no_previous, narrowed, unchanged, widened };
// "no_previous", "narrowed", "unchanged", "widened".
const char* gap_change_name(GapChange change) noexcept;

// The gap between the best and the worst category of one ordered dimension (age band,
// deprivation decile) for one indicator, at its latest period and at the previous comparable one.
// Values compared share everything but that dimension's category: series and the other pairs of
// their breakdown (`other`, usually empty). Method: docs/statuses.md ("Gaps across an ordered
// breakdown").
struct BreakdownGap {
    std::string indicator_id;
    std::string title;
    std::string dimension;  // the declared dimension's id ("age", "deprivation")
    Breakdown other;        // the pairs every compared value also has (sex = Female); usually none
    std::string series;     // the series compared ("" when the indicator has one)
    // The whole population's polarity (IndicatorStatus::polarity); `judged` is true when it says
    // which end is better (best/worst), false for unknown or no judgement (highest/lowest).
    Polarity polarity = Polarity::unknown;
    bool judged = false;
    GapAt latest;                   // the latest period, when two or more categories have a value
    std::optional<GapAt> previous;  // the latest earlier comparable period with two or more
    GapChange change = GapChange::no_previous;
    std::string explanation;  // "deprivation 10 8 best vs 1 25 worst: gap 17 in 2021, ..."
};

struct StatusResult {
    std::vector<IndicatorStatus> indicators;
    std::vector<OutcomeSummary> outcomes;
    // One per indicator, ordered dimension and set of other pairs whose latest period has values
    // for two or more categories; in indicator order, then as the values are met.
    std::vector<BreakdownGap> gaps;
};

// Computes every status for every indicator of the model, the outcome summaries and the gaps
// across ordered breakdowns.
StatusResult compute_statuses(const Model& model, const StatusOptions& options = {});

// The gaps across every ordered dimension the model declares (Model::dimensions with ordered
// set), judged with the polarity `statuses` gives each indicator's whole population; values
// after options.as_of are ignored, options.travel_tolerance decides "unchanged".
std::vector<BreakdownGap> breakdown_gaps(const Model& model,
                                         const std::vector<IndicatorStatus>& statuses,
                                         const StatusOptions& options = {});

// Statuses as JSON, as a CSV (one row per indicator) and as readable text. The JSON's "gaps" and
// the text's gap section appear only when there are gaps.
std::string statuses_to_json(const StatusResult& result);
std::string statuses_to_csv(const StatusResult& result);
std::string statuses_to_text(const StatusResult& result);
// The gaps as a CSV, one row per gap (docs/commands/status.md lists the columns); the header
// alone when there are none.
std::string gaps_to_csv(const StatusResult& result);

}  // namespace kpimap
