// Reconciliation: merging the models of several workbooks (or the repeated parts of one) into
// one model. The same indicator is recognised by code, then mapping alias, then normalised
// title; fuzzy title matches are only suggested. Two values for the same indicator and period
// either agree within the precision each source shows, or conflict, and both are reported with
// their provenance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kpimap/convert.hpp"
#include "kpimap/identity.hpp"  // agree_within_precision, for callers of reconcile
#include "kpimap/model.hpp"

namespace kpimap {

// A confirmed identity: source indicator titles (or codes) that name the same indicator. Read from
// a crosswalk file (docs/commands/reconcile.md) so a team confirms a suggestion once.
struct CrosswalkEntry {
    std::string canonical_title;       // the title the merged indicator takes (also matched)
    std::vector<std::string> titles;   // other titles (any source) that mean it: the <alias>es
    std::vector<IndicatorCode> codes;  // codes that mean it
    int line = 0;                      // line in the crosswalk file
};

struct Crosswalk {
    std::string path;
    std::vector<CrosswalkEntry> entries;
};

// Loads a crosswalk file; errors (code crosswalk_invalid) carry line numbers like mapping errors.
struct CrosswalkLoadResult {
    std::optional<Crosswalk> crosswalk;
    std::vector<Error> errors;
    explicit operator bool() const noexcept { return crosswalk.has_value(); }
};
CrosswalkLoadResult load_crosswalk(const std::string& path);

// Why two source indicators were merged.
enum class MatchRule : std::uint8_t { code, crosswalk, alias, title };
// "code", "crosswalk", "alias", "title".
const char* match_rule_name(MatchRule rule) noexcept;

struct IndicatorMatch {
    std::string merged_id;                 // the indicator in the reconciled model
    std::vector<std::string> source_ids;   // source indicators merged into it (2 or more)
    std::vector<Provenance> source_where;  // parallel to source_ids: each one's title cell
    std::string title;                     // the merged indicator's title
    MatchRule rule = MatchRule::title;     // the strongest rule that joined them
    std::string evidence;                  // "same code ascof 1A", "same title", ...
};

// A likely but unconfirmed match, never merged automatically.
struct MatchSuggestion {
    std::string first_id, second_id;  // source indicator ids
    std::string first_title, second_title;
    std::string first_merged_id, second_merged_id;  // their indicators in the reconciled model
    Provenance first_where, second_where;
    // 0..1, higher is more alike: title likeness, averaged with the share of agreeing values
    // when both have values for some of the same periods (docs/commands/reconcile.md).
    double score = 0;
    double title_score = 0;    // 0..1: Dice coefficient of the titles' words
    std::string evidence;      // e.g. "shared words: learning disability paid employment"
    int shared_periods = 0;    // periods (and series) both have a value for
    int agreeing_periods = 0;  // ...of which the values agree within precision
};

// Two values for the same indicator and period.
// One side of a comparison: what the report shows of an observation. A slim copy, because a
// reconciliation of many workbooks holds one comparison per repeated value.
struct ComparedValue {
    std::optional<double> value;
    int decimals = -1;
    bool percent_shown = false;
    std::string raw;
    std::string period_text;
    std::string series;
    Breakdown breakdown;  // empty: the whole population
    Provenance where;

    ComparedValue() = default;
    // Takes the shown value, precision, text and place of an observation.
    explicit ComparedValue(const Observation& o)
        : value(o.value),
          decimals(o.decimals),
          percent_shown(o.percent_shown),
          raw(o.raw),
          period_text(o.period_text),
          series(o.series),
          breakdown(o.breakdown),
          where(o.where) {}
};

struct ValueComparison {
    std::string merged_id;
    std::string period_label;
    std::string title;  // the merged indicator's title
    ComparedValue kept;
    ComparedValue other;
    bool agree = false;       // equal within the precision both sources show
    std::string rule;         // how `kept` was chosen (more decimals, else first met)
    std::string explanation;  // "92.4% (1 dp) and 92% (0 dp) agree at 0 dp"
};

// The same indicator listed twice in one source (e.g. a repeated row).
struct SourceDuplicate {
    std::string indicator_id;  // in the reconciled model
    std::string code;          // the diagnostic code: duplicate_row or duplicate_indicator
    std::string title;
    Provenance first, second;
    std::string explanation;
};

namespace detail {
struct ComparisonStore;       // the compact observations agreements refer to
class ComparisonListBuilder;  // the Reconciler's only way to fill a ComparisonList
}  // namespace detail

// The agreements of a reconciliation (a million for 200 workbooks), held compactly: each is a
// pair of observations in a store the list shares, written out as a ValueComparison, with both
// provenances, only when read. Copies share the store; nothing is lost.
class ComparisonList {
public:
    // Reads the comparisons in order, each written out on demand (so `*it` is a value).
    class const_iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = ValueComparison;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = ValueComparison;

        const_iterator() = default;
        // Holds a written-out comparison so that `it->field` works.
        struct Arrow {
            ValueComparison value;
            const ValueComparison* operator->() const { return &value; }
        };

        // The comparison at this position, written out.
        ValueComparison operator*() const { return (*list_)[index_]; }
        // The same, for `it->field`.
        Arrow operator->() const { return {(*list_)[index_]}; }
        // Moves to the next comparison.
        const_iterator& operator++() {
            ++index_;
            return *this;
        }
        // Moves to the next comparison, returning the position before.
        const_iterator operator++(int) {
            const_iterator before = *this;
            ++index_;
            return before;
        }
        // Same position (iterators of one list).
        bool operator==(const const_iterator& other) const noexcept {
            return index_ == other.index_;
        }

    private:
        friend class ComparisonList;
        const_iterator(const ComparisonList* list, std::size_t index)
            : list_(list), index_(index) {}
        const ComparisonList* list_ = nullptr;
        std::size_t index_ = 0;
    };

    // How many comparisons there are.
    std::size_t size() const noexcept { return pairs_.size(); }
    // True when there is none.
    bool empty() const noexcept { return pairs_.empty(); }
    // The i-th comparison (i < size()), written out with both sides' value, text and place.
    ValueComparison operator[](std::size_t i) const;
    // The first comparison; iteration writes each out in turn.
    const_iterator begin() const noexcept { return {this, 0}; }
    // Past the last comparison.
    const_iterator end() const noexcept { return {this, pairs_.size()}; }

private:
    friend class detail::ComparisonListBuilder;  // fills the list (src/reconcile)
    std::shared_ptr<const detail::ComparisonStore> store_;
    std::vector<std::uint64_t> pairs_;  // kept << 32 | other, observation indexes in store_
};

// ---- Totals against their parts (issue 11) ---------------------------------------------------

// What the check of a total against its parts found.
enum class TotalStatus : std::uint8_t { agrees, differs, incomplete };
// "agrees", "differs", "incomplete".
const char* total_status_name(TotalStatus status) noexcept;

// The total or one part of a total check: an observation of the (merged) model, slimmed.
struct TotalValue {
    std::string category;         // a part's category of the summed dimension; empty for a total
    std::optional<double> value;  // absent when missing or suppressed
    int decimals = -1;            // decimal places shown; -1 unknown
    MissingReason missing = MissingReason::none;
    std::string raw;  // the cell as written
    Provenance where;
};

// A total and the parts one dimension splits it into: the observation with breakdown B and those
// with B plus {dimension = c} for two or more categories c, of one indicator, period and series.
struct TotalCheck {
    std::string indicator_id;  // the merged indicator
    std::string title;         // its title (empty for a value without an indicator)
    std::string period_label;  // the period's canonical label, or its text when not parsed
    std::string series;
    std::string dimension;          // summed over, as the first part writes it
    Breakdown others;               // the pairs total and parts share (empty: whole population)
    TotalValue total;               // the observation with breakdown `others`
    std::vector<TotalValue> parts;  // one per category, in model order
    double sum = 0;                 // of the parts that have a value
    double difference = 0;          // sum - total; 0 when the total has no value
    double tolerance = 0;  // the rounding allowed: half a unit of each value's last shown decimal
    TotalStatus status = TotalStatus::agrees;
    std::string explanation;  // e.g. "40 + 55 = 95 against 100: 5 apart, more than 1.5"
};

// Checks every total in `model` against its parts (docs/commands/reconcile.md, "Totals and their
// parts"): only additive values (counts), within the rounding the values show; agreeing checks
// are listed too. In model order of the totals. reconcile() calls it on the merged model.
std::vector<TotalCheck> check_totals(const Model& model);

// totals.csv: a header, then one row per check (columns in docs/commands/reconcile.md).
std::string totals_to_csv(const std::vector<TotalCheck>& checks);

struct ReconcileReport {
    std::size_t sources = 0;            // models reconciled
    std::size_t source_indicators = 0;  // indicators in them, before merging
    std::size_t merged_indicators = 0;  // indicators in the reconciled model
    std::vector<IndicatorMatch> matches;
    std::vector<MatchSuggestion> suggestions;
    ComparisonList agreements;  // compact: read each with agreements[i] or a range-for
    std::vector<ValueComparison> conflicts;
    std::vector<SourceDuplicate> duplicates;  // from conversion diagnostics (duplicate_row, ...)
    std::vector<TotalCheck> totals;           // totals against their parts, agreeing ones included
    // Checks of `totals` with status `status`.
    std::size_t count_totals(TotalStatus status) const noexcept;
    // True when a person should look: conflicts, suggestions or a total that differs.
    bool needs_attention() const noexcept {
        return !conflicts.empty() || !suggestions.empty() || count_totals(TotalStatus::differs) > 0;
    }
};

struct ReconcileResult {
    Model model;  // merged: one indicator per identity, one observation per indicator and period
    ReconcileReport report;
};

struct ReconcileOptions {
    double suggestion_threshold = 0.6;  // minimum score for a fuzzy suggestion (title likeness
                                        // must also reach 0.4, or the threshold when lower)
    const Crosswalk* crosswalk = nullptr;
};

// Merges converted workbooks one at a time, so that each conversion can be dropped once added:
// add() keeps only a compact copy of what reconciliation needs; finish() matches, merges and
// reports, giving exactly what reconcile() gives for the same sources in the order added.
class Reconciler {
public:
    // `options.crosswalk`, when set, must outlive finish().
    explicit Reconciler(ReconcileOptions options = {});
    ~Reconciler();
    Reconciler(Reconciler&&) noexcept;
    Reconciler& operator=(Reconciler&&) noexcept;

    // Folds in one converted workbook (model and duplicate diagnostics), moving out what it
    // keeps whole; `source` is left valid but unspecified, for the caller to drop.
    void add(ConversionResult&& source);
    // Folds in one converted workbook, copying what it needs; `source` is not changed.
    void add(const ConversionResult& source);
    // Sources added since construction or the last finish().
    std::size_t sources() const noexcept;
    // The reconciled model and its report; the Reconciler is empty again afterwards.
    ReconcileResult finish();

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Merges converted workbooks into one model (a Reconciler fed every source in order). The
// inputs are not changed.
ReconcileResult reconcile(const std::vector<ConversionResult>& sources,
                          const ReconcileOptions& options = {});

// The reconciliation report as JSON and as readable text (matches, suggestions, conflicts,
// agreements and duplicates, each with file, sheet and cell).
std::string reconcile_report_to_json(const ReconcileReport& report);
std::string reconcile_report_to_text(const ReconcileReport& report);
// The same two, written piece by piece to `out` (byte for byte the same text), so a report of
// a million agreements is never held as one string.
void write_reconcile_report_json(const ReconcileReport& report, std::ostream& out);
void write_reconcile_report_text(const ReconcileReport& report, std::ostream& out);

}  // namespace kpimap
