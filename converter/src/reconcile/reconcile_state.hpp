// The Reconciler's state and storage, private to src/reconcile: the compact store agreements
// refer to (ComparisonStore; a ComparisonList is filled only through ComparisonListBuilder) and
// the working state of one reconciliation (State). Its seams, one file each: ingest.cpp (add: a
// source packed), identity_match.cpp (which source indicators are one), merge_indicators.cpp,
// merge_values.cpp, merge_rest.cpp (the merged model), suggestions.cpp, duplicates.cpp;
// reconcile.cpp runs them in order (finish).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kpimap/identity.hpp"
#include "kpimap/reconcile.hpp"

namespace kpimap {

// ---------------------------------------------------------------------------------------------
// The compact observation store agreements refer to (comparison_store.cpp).

namespace detail {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;
constexpr std::uint32_t kOrphan = 0x80000000u;  // member field: index into the orphan ids

// Strings stored once each, with stable addresses (a deque never moves its elements).
class StringTable {
public:
    StringTable() = default;
    StringTable(const StringTable&) = delete;
    StringTable& operator=(const StringTable&) = delete;

    // The id of `s`, added when new.
    std::uint32_t intern(std::string_view s) {
        auto it = index_.find(s);
        if (it == index_.end()) {
            items_.emplace_back(s);
            it = index_.emplace(items_.back(), static_cast<std::uint32_t>(items_.size() - 1)).first;
        }
        return it->second;
    }
    // As intern(s), first trying `memo`, the id this call site got last time (a source's
    // values mostly repeat their file, sheet and series).
    std::uint32_t intern(std::string_view s, std::uint32_t& memo) {
        if (memo != kNone && items_[memo] == s) return memo;
        return memo = intern(s);
    }
    // The id of `s`, or kNone when it was never interned (or the table is frozen).
    std::uint32_t find(std::string_view s) const {
        auto it = index_.find(s);
        return it == index_.end() ? kNone : it->second;
    }
    // The string with id `id`.
    const std::string& operator[](std::uint32_t id) const { return items_[id]; }
    // Drops the lookup index once no more strings will be added (the strings stay).
    void freeze() { index_ = {}; }

private:
    std::deque<std::string> items_;
    std::unordered_map<std::string_view, std::uint32_t> index_;
};

// What a PackedObservation holds besides its numbers, one bit each.
enum ObservationFlag : std::uint8_t {
    has_value = 1,
    percent_shown = 2,
    provisional = 4,
    suppressed = 8,
    estimated = 16,
    scaled = 32,               // a fraction read as a percentage beside another source's
    source_unit_percent = 64,  // its own source reads the indicator as a percentage
    has_extra = 128,           // counts, intervals or a benchmark in ComparisonStore::extras
};

// One source observation: numbers inline, strings as indexes into the store's tables.
struct PackedObservation {
    double value = 0;
    std::uint32_t member = kNone;  // the source indicator (or kOrphan | orphan index)
    std::uint32_t key = kNone;     // the merged indicator (or orphan id), set by finish()
    std::uint32_t period = 0, period_text = 0, series = 0;
    std::uint32_t place = 0;      // file and sheet, in ComparisonStore::places
    std::uint32_t breakdown = 0;  // in ComparisonStore::breakdowns; 0 is the whole population
    // In ComparisonStore::text: the raw cell text, then the cell reference up to where the next
    // observation's text starts.
    std::uint32_t raw_at = 0, raw_size = 0;
    std::int16_t decimals = -1;
    MissingReason missing = MissingReason::none;
    std::uint8_t flags = 0;
};

// What few observations carry: counts, intervals and a benchmark.
struct ObservationExtra {
    std::optional<double> count, denominator, lower_ci, upper_ci;
    std::string comparator_name;
    std::optional<double> comparator_value, comparator_lower_ci, comparator_upper_ci;
    std::string comparator_cell;
};

// Every source's observations, packed, with the tables their texts index: what agreements and
// conflicts are written out from, and what the merged observations are unpacked from.
struct ComparisonStore {
    std::vector<PackedObservation> observations;  // every source's, in the order added
    std::vector<ObservationExtra> extras;
    std::unordered_map<std::uint32_t, std::uint32_t> extra_of;    // observation -> its extra
    std::vector<std::pair<std::uint32_t, std::uint32_t>> places;  // (file, sheet) in strings
    std::vector<Period> periods;
    std::vector<std::string> period_labels;   // label() of each period
    std::vector<std::uint32_t> period_slots;  // period_key of each period, interned
    // Each breakdown as written, and the slot of its breakdown_key (equal slots, one breakdown).
    std::vector<Breakdown> breakdowns{Breakdown{}};
    std::vector<std::uint32_t> breakdown_slots{0};
    StringTable strings;  // period texts, series, files and sheets
    std::string text;     // raw cell texts and cell references
    // Per indicator key (merged indicators, then ids of observations without an indicator).
    std::vector<std::string> key_ids, key_titles;
    std::vector<char> key_percent;

    // The raw cell text of `p`.
    std::string_view raw(const PackedObservation& p) const {
        return std::string_view(text).substr(p.raw_at, p.raw_size);
    }
    // `p` is one of `observations`: its file, sheet and cell.
    Provenance where(const PackedObservation& p) const;
    // Counts, intervals and benchmark of observation i, or null when it has none.
    const ObservationExtra* extra(std::uint32_t i) const {
        if (!(observations[i].flags & has_extra)) return nullptr;
        return &extras[extra_of.at(i)];
    }
    // One side of a comparison: the observation's value, text and place.
    ComparedValue side(const PackedObservation& p) const;
    // The whole observation, under its merged indicator's id.
    Observation observation(std::uint32_t i) const;
    // The comparison of a value with the one kept for the same indicator and period.
    ValueComparison comparison(std::uint32_t kept, std::uint32_t other) const;
};

// Fills a ComparisonList, which offers its readers no way to change it: the pairs of store
// positions it lists, then the store they index.
class ComparisonListBuilder {
public:
    explicit ComparisonListBuilder(ComparisonList& list) : list_(list) {}
    // One comparison: the kept and the other observation's positions in the store.
    void add(std::uint32_t kept, std::uint32_t other) {
        list_.pairs_.push_back((std::uint64_t{kept} << 32) | other);
    }
    // The store the pairs index (set before any is read).
    void set_store(std::shared_ptr<const ComparisonStore> store) {
        list_.store_ = std::move(store);
    }

private:
    ComparisonList& list_;
};

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// The working state of one reconciliation.

namespace reconciling {

using detail::ComparisonStore;
using detail::kNone;
using detail::kOrphan;
using detail::PackedObservation;
using detail::StringTable;

// Items joined with `separator` between them.
std::string join(const std::vector<std::string>& items, std::string_view separator);

// Why two groups were joined.
struct Join {
    MatchRule rule;
    std::string evidence;
};

// The groups of source indicators found to be one (union-find), with why each was joined.
class Groups {
public:
    explicit Groups(std::size_t n) : parent_(n), members_(n), joins_(n) {
        std::iota(parent_.begin(), parent_.end(), 0);
    }
    // The root of i's group (its first member).
    std::size_t find(std::size_t i) {
        while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    // Joins the groups of a and b; false when already one group.
    bool unite(std::size_t a, std::size_t b, MatchRule rule, std::string evidence) {
        a = find(a);
        b = find(b);
        if (a == b) return false;
        if (b < a) std::swap(a, b);  // the root is the group's first member
        parent_[b] = a;
        std::vector<std::size_t>& into = members_of(a);
        const std::vector<std::size_t>& from = members_of(b);
        // Both lists are sorted: append when they do not interleave (the usual case), else merge.
        const auto middle = static_cast<std::ptrdiff_t>(into.size());
        into.insert(into.end(), from.begin(), from.end());
        if (into[static_cast<std::size_t>(middle) - 1] > from.front())
            std::inplace_merge(into.begin(), into.begin() + middle, into.end());
        members_[b] = {};
        joins_[a].insert(joins_[a].end(), std::make_move_iterator(joins_[b].begin()),
                         std::make_move_iterator(joins_[b].end()));
        joins_[b] = {};
        joins_[a].push_back({rule, std::move(evidence)});
        return true;
    }
    // The members of a group, in order (a group of one is only listed when asked for).
    const std::vector<std::size_t>& members(std::size_t root) { return members_of(root); }
    // Why the group of `root` was joined, in the order of the joins.
    const std::vector<Join>& joins(std::size_t root) const { return joins_[root]; }

private:
    std::vector<std::size_t>& members_of(std::size_t root) {
        if (members_[root].empty()) members_[root] = {root};
        return members_[root];
    }
    std::vector<std::size_t> parent_;
    std::vector<std::vector<std::size_t>> members_;
    std::vector<std::vector<Join>> joins_;
};

// Orders breakdowns as written (pair by pair), to index them.
struct BreakdownLess {
    bool operator()(const Breakdown& a, const Breakdown& b) const {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                            [](const BreakdownPair& x, const BreakdownPair& y) {
                                                return std::tie(x.dimension, x.category) <
                                                       std::tie(y.dimension, y.category);
                                            });
    }
};

// Hashes a period, for the store's index of periods.
struct PeriodHash {
    std::size_t operator()(const Period& p) const noexcept {
        std::size_t h = std::hash<std::string>()(p.start);
        h = h * 31 + std::hash<std::string>()(p.end);
        return h * 31 + static_cast<std::size_t>(p.kind) * 7 + static_cast<std::size_t>(p.years) +
               (p.financial_quarter ? 1000 : 0);
    }
};

// A source indicator as reconciliation keeps it: texts that repeat across indicators and
// sources (title, file, framework, ...) as indexes into State::texts.
struct SourceIndicator {
    std::string id;
    std::uint32_t title = 0, framework = 0, file = 0, sheet = 0, cell = 0;
    std::uint32_t measure_type = 0, aim_text = 0, capture = 0, judgement = 0;
    std::vector<std::uint32_t> aliases;
    std::vector<IndicatorCode> codes;
    double unit_per = 0;
    Polarity polarity = Polarity::unknown;
    Unit unit = Unit::unknown;
    Aim::Direction aim_direction = Aim::Direction::unknown;
    bool aim_significance = false;
};

// A source indicator as one member of the reconciliation (all sources' indicators, in order).
struct Member {
    std::size_t source = 0;
    const SourceIndicator* indicator = nullptr;
    std::string renamed_id;  // its id across sources when not its own ("~N" added)
    std::uint32_t key = 0;   // title_key of the title, interned
    std::vector<std::uint32_t> alias_keys;
    int crosswalk_entry = -1;  // the crosswalk entry that claimed it
};

constexpr std::uint32_t kText = 0x80000000u;  // link end: an id in State::texts, not a member

// A link as reconciliation keeps it: each end is a source indicator (member index), whose id
// is only known once merged, or kText | the id it keeps (renamed already); texts interned.
struct PackedLink {
    std::uint32_t kind = 0, from = 0, to = 0, strength = 0, raw = 0;
    std::uint32_t file = 0, sheet = 0, cell = 0;
};

// What finish() needs of one source once its conversion is gone.
struct SourceData {
    std::vector<SourceIndicator> indicators;
    std::vector<Framework> frameworks;
    std::vector<Outcome> outcomes;
    std::vector<Expectation> expectations;
    std::vector<PackedLink> links;
    std::size_t first_member = 0;
    // Ids this source's items took that differ from their own ("~N" added).
    std::unordered_map<std::string, std::string> renamed;
    // Indicator id -> the first member with it; ids several indicators share -> all of them.
    std::unordered_map<std::string_view, std::uint32_t> member_of;
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> shared_ids;
    struct Duplicate {
        std::uint32_t member;
        std::string code;
        Provenance where;
        std::string message;
    };
    std::vector<Duplicate> duplicates;  // duplicate_row / duplicate_indicator diagnostics
    std::vector<Fact> facts;            // named values (council, contact), merged in copy_rest
};

struct Orphan {  // an observation's indicator id that its source has no indicator for
    std::size_t source;
    std::string id;
    bool percent_shown = false;
};

// One reconciliation: add() packs each source in (ingest.cpp); finish() (reconcile.cpp) runs the
// stages, each in its own file.
struct State {
    ReconcileOptions options;
    std::vector<std::unique_ptr<SourceData>> sources;
    // Every id given out (views of ids kept in sources, renamed, or spare_ids); cleared by finish.
    std::unordered_set<std::string_view> taken;
    std::deque<std::string> spare_ids;  // ids given out that nothing else keeps
    StringTable texts;                  // titles, files, frameworks... of source indicators
    std::vector<Member> members;
    std::vector<char> member_percent_shown;  // some observation of it shows a percentage
    std::vector<Orphan> orphans;
    StringTable keys;                                            // title keys
    std::unordered_map<std::string, std::uint32_t> key_of_text;  // title -> its key
    std::unordered_map<Period, std::uint32_t, PeriodHash> period_index;
    std::unordered_map<std::string, std::uint32_t> slot_index;     // period_key -> slot id
    std::unordered_map<std::uint64_t, std::uint32_t> place_index;  // (file, sheet) -> place
    std::vector<std::uint32_t> text_of_period;  // the text last met for each period
    std::map<Breakdown, std::uint32_t, BreakdownLess> breakdown_index;    // as written -> index
    std::unordered_map<std::string, std::uint32_t> breakdown_slot_index;  // breakdown_key -> slot
    std::shared_ptr<ComparisonStore> store = std::make_shared<ComparisonStore>();

    // Filled by finish().
    ReconcileResult result;
    std::vector<std::size_t> group_of;
    std::vector<std::size_t> merged_of_root;  // root member -> index in the model
    std::vector<std::size_t> entry_first;     // crosswalk entry -> first member it names, or kNone
    std::map<std::string, std::size_t> merged_index;  // merged id -> index in the model
    struct Refused {
        std::size_t a, b;
        std::string evidence;
    };
    std::vector<Refused> refused;
    bool any_codes_ = false;  // some member has a code (else no code can clash)

    explicit State(ReconcileOptions o) : options(o) {}

    // Member i's id in the reconciled model's terms (its own, or renamed "~N").
    const std::string& member_id(std::size_t i) const {
        const Member& m = members[i];
        return m.renamed_id.empty() ? m.indicator->id : m.renamed_id;
    }
    // Member i's title as its source wrote it.
    const std::string& title_of(std::size_t i) const { return texts[members[i].indicator->title]; }
    // The cell a source indicator's title is in.
    Provenance where_of(const SourceIndicator& si) const {
        return {texts[si.file], texts[si.sheet], texts[si.cell]};
    }
    // The indicator as its source gave it.
    Indicator indicator_of(const SourceIndicator& si) const;
    // The aim of a source indicator.
    Aim aim_of(const SourceIndicator& si) const;

    // ---- add (ingest.cpp) ---------------------------------------------------------------------
    // The title key of `title`, interned.
    std::uint32_t key_of(const std::string& title);
    // The index of a period in the store, adding it when new.
    std::uint32_t period_of(const Period& p);
    // The index of a breakdown as written in the store (0, the whole population, when empty),
    // trying `last` first (a block's values share one).
    std::uint32_t breakdown_of(const Breakdown& b, std::uint32_t& last);
    // As period_of(p), first trying the period after `last` and `last` itself (a row of values
    // walks the periods in order).
    std::uint32_t period_of(const Period& p, std::uint32_t& last);
    // Folds in `src`; its frameworks, outcomes and expectations are moved out of `movable`
    // (the same conversion) when given, else copied.
    void add(const ConversionResult& src, ConversionResult* movable);
    // The links of a source, their texts interned.
    void pack_links(SourceData& sd, const std::vector<Link>& links);
    // The observations of source k, packed into the store.
    void pack_observations(std::size_t k, const SourceData& sd,
                           const std::vector<Observation>& observations);

    // ---- finish (reconcile.cpp), stage by stage -----------------------------------------------
    // The reconciled model and its report.
    ReconcileResult finish();

    // Identity (identity_match.cpp): members joined by code, crosswalk, alias, then title.
    // Joins members with the same code (a local code only within its source).
    void match_codes(Groups& g);
    // Joins the members each crosswalk entry names by title, alias or code.
    void match_crosswalk(Groups& g);
    // Joins a member with those whose title or alias is one of its aliases (unless codes clash).
    void match_aliases(Groups& g);
    // Joins members with the same title key (unless codes clash).
    void match_titles(Groups& g);
    // Codes of the same scheme that differ on the two sides: a title or alias match between
    // them is refused.
    std::optional<std::string> code_clash(Groups& g, std::size_t a, std::size_t b);
    // Joins by a title-like rule unless codes clash; a refused join becomes a suggestion.
    void unite_checked(Groups& g, std::size_t a, std::size_t b, MatchRule rule,
                       const std::function<std::string()>& evidence);
    // How many title keys members use.
    std::size_t keys_count() const;
    // The member whose merged indicator an id of its source names: among indicators of one
    // source sharing an id, the one merged last (the reconciled ids follow the last group).
    std::uint32_t owner(const SourceData& sd, std::uint32_t member) const;
    // Any id of source k as it appears in the reconciled model.
    std::string remap(std::size_t k, const std::string& id) const;

    // One merged indicator per group, and the matches report (merge_indicators.cpp).
    void build_indicators(Groups& g);
    // A framework id of source k in the reconciled model (frameworks are never merged).
    std::string remap_framework(std::size_t k, const std::string& id) const;
    // One observation per indicator, period, series and breakdown; agreements and conflicts
    // (merge_values.cpp).
    void merge_observations();
    // Likely matches not merged (suggestions.cpp).
    void suggest();
    // The duplicate diagnostics of a source, tied to the indicator they repeat (duplicates.cpp,
    // called by add()).
    void collect_duplicates(SourceData& sd, const std::vector<ConvertDiagnostic>& diagnostics);
    // The duplicates report: each source's duplicates under their merged ids, a repeat once.
    void find_duplicates();
    // Frameworks, outcomes, facts, expectations and links of every source (merge_rest.cpp).
    void copy_rest();
};

}  // namespace reconciling

}  // namespace kpimap
