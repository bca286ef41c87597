// Reconciliation: one indicator per identity across the converted sources (code, crosswalk,
// mapping alias, normalised title, in that order), fuzzy title matches only suggested, and the
// values of one indicator and period compared within the precision each source shows.
//
// Rules (docs/commands/reconcile.md):
// - Ids stay those of the sources; an id met again in a later source (the same workbook given
//   as .xlsx and .ods) gets "~N" appended, N the 1-based position of that source.
// - A merged indicator takes the id, framework and cell of its first member (sources in the
//   order given, then model order), the crosswalk's title or else the first member's title, and
//   every other title and alias of its members as aliases.
// - Codes of scheme "local" identify an indicator only within its own source. Title and alias
//   matches are refused (and suggested instead) when both sides carry different codes of the
//   same scheme.
// - Of the values for one indicator, period and series, the one shown with the most decimals
//   is kept; on a tie, the one met first. Every other value is compared with it: an agreement
//   or a conflict. A value missing in one source and present in another is not a comparison.
//
// Structure (reconcile_state.hpp): Reconciler::add() keeps a compact copy of each source
// (ingest.cpp: observations packed into a ComparisonStore, indicators and links with interned
// texts) so its conversion can be dropped; finish() runs identity, merging, suggestions and the
// rest over all of them, since a later source can join earlier groups, one file a stage.
// Agreements are pairs of store positions, written out as ValueComparisons only when read.
#include "kpimap/reconcile.hpp"

#include "reconcile_state.hpp"

namespace kpimap {

const char* match_rule_name(MatchRule rule) noexcept {
    switch (rule) {
        case MatchRule::code:
            return "code";
        case MatchRule::crosswalk:
            return "crosswalk";
        case MatchRule::alias:
            return "alias";
        case MatchRule::title:
            return "title";
    }
    return "title";
}

// The stages in order, each in its own file (reconcile_state.hpp names them).
ReconcileResult reconciling::State::finish() {
    taken = {};  // only add() needs these
    spare_ids = {};
    key_of_text = {};
    period_index = {};
    place_index = {};
    Groups groups(members.size());
    match_codes(groups);
    match_crosswalk(groups);
    match_aliases(groups);
    match_titles(groups);
    build_indicators(groups);
    merge_observations();
    result.report.totals = check_totals(result.model);
    suggest();
    find_duplicates();
    copy_rest();
    result.report.sources = sources.size();
    result.report.source_indicators = members.size();
    result.report.merged_indicators = result.model.indicators.size();
    return std::move(result);
}

// The Reconciler's state: all of it is reconciling::State, private to src/reconcile.
struct Reconciler::State : reconciling::State {
    using reconciling::State::State;
};

Reconciler::Reconciler(ReconcileOptions options) : state_(std::make_unique<State>(options)) {}
Reconciler::~Reconciler() = default;
Reconciler::Reconciler(Reconciler&&) noexcept = default;
Reconciler& Reconciler::operator=(Reconciler&&) noexcept = default;

void Reconciler::add(ConversionResult&& source) {
    state_->add(source, &source);
}

void Reconciler::add(const ConversionResult& source) {
    state_->add(source, nullptr);
}

std::size_t Reconciler::sources() const noexcept {
    return state_->sources.size();
}

ReconcileResult Reconciler::finish() {
    ReconcileResult result = state_->finish();
    const ReconcileOptions options = state_->options;
    state_ = std::make_unique<State>(options);
    return result;
}

ReconcileResult reconcile(const std::vector<ConversionResult>& sources,
                          const ReconcileOptions& options) {
    Reconciler reconciler(options);
    for (const ConversionResult& s : sources) reconciler.add(s);
    return reconciler.finish();
}

}  // namespace kpimap
