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
// Structure: Reconciler::add() keeps a compact copy of each source (observations packed into a
// ComparisonStore, indicators and links with interned texts) so its conversion can be dropped;
// finish() does identity, merging, suggestions and the rest over all of them, since a later
// source can join earlier groups. Agreements are pairs of store positions, written out as
// ValueComparisons only when read.
#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "kpimap/identity.hpp"
#include "kpimap/reconcile.hpp"
#include "kpimap/text_match.hpp"

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

namespace {

// ---------------------------------------------------------------------------------------------
// Title words for suggestions.

const std::set<std::string>& stop_words() {
    static const std::set<std::string> words = {
        "a",     "an",    "the",   "of",   "in",    "on",    "at",  "to",   "for", "from",
        "with",  "and",   "or",    "by",   "who",   "were",  "was", "is",   "are", "that",
        "those", "their", "them",  "they", "into",  "after", "as",  "have", "has", "had",
        "been",  "be",    "which", "this", "these", "its",   "it",  "per",  "say", "s"};
    return words;
}

// Words of a title: letters and digits (ICU), case folded, stop words dropped, a plural "s"
// dropped ("services" -> "service"); "100,000" is one word, "people's" is "peoples".
std::vector<std::string> title_words(std::string_view title) {
    const std::string text = normalise_text(title);
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        if (word.size() > 3 && word.back() == 's' && !word.ends_with("ss") &&
            !word.ends_with("us") && !word.ends_with("is"))
            word.pop_back();
        if (!stop_words().contains(word) &&
            std::find(words.begin(), words.end(), word) == words.end())
            words.push_back(word);
        word.clear();
    };
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const int32_t from = i;
        UChar32 c;
        U8_NEXT(p, i, length, c);
        if (c == '\'' || c == 0x2019) continue;  // apostrophes join
        const bool digit_joint = (c == ',' || c == '.') && !word.empty() &&
                                 std::isdigit(static_cast<unsigned char>(word.back())) &&
                                 i < length && std::isdigit(static_cast<unsigned char>(text[i]));
        if (digit_joint) continue;
        if (c >= 0 && u_isalnum(c))
            word.append(text, static_cast<std::size_t>(from), static_cast<std::size_t>(i - from));
        else
            flush();
    }
    flush();
    return words;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : std::string(separator)) + s;
    return out;
}

// ---------------------------------------------------------------------------------------------

struct Join {
    MatchRule rule;
    std::string evidence;
};

class Groups {
public:
    explicit Groups(std::size_t n) : parent_(n), members_(n), joins_(n) {
        std::iota(parent_.begin(), parent_.end(), 0);
    }
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

std::string shown_text(double value, int decimals, bool percent) {
    std::string v = decimals >= 0 ? fmt::format("{:.{}f}", value, decimals) : format_number(value);
    return percent ? v + "%" : v;
}

std::string dp(int decimals) {
    return decimals >= 0 ? fmt::format("{} dp", decimals) : std::string("unknown dp");
}

constexpr std::uint32_t kNone = 0xFFFFFFFFu;
constexpr std::uint32_t kOrphan = 0x80000000u;  // member field: index into the orphan ids

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

struct PeriodHash {
    std::size_t operator()(const Period& p) const noexcept {
        std::size_t h = std::hash<std::string>()(p.start);
        h = h * 31 + std::hash<std::string>()(p.end);
        return h * 31 + static_cast<std::size_t>(p.kind) * 7 + static_cast<std::size_t>(p.years) +
               (p.financial_quarter ? 1000 : 0);
    }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// The compact observation store agreements refer to.

namespace detail {

// Strings stored once each, with stable addresses (a deque never moves its elements).
class StringTable {
public:
    StringTable() = default;
    StringTable(const StringTable&) = delete;
    StringTable& operator=(const StringTable&) = delete;

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
    std::uint32_t find(std::string_view s) const {
        auto it = index_.find(s);
        return it == index_.end() ? kNone : it->second;
    }
    const std::string& operator[](std::uint32_t id) const { return items_[id]; }
    // Drops the lookup index once no more strings will be added (the strings stay).
    void freeze() { index_ = {}; }

private:
    std::deque<std::string> items_;
    std::unordered_map<std::string_view, std::uint32_t> index_;
};

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

struct ComparisonStore {
    std::vector<PackedObservation> observations;  // every source's, in the order added
    std::vector<ObservationExtra> extras;
    std::unordered_map<std::uint32_t, std::uint32_t> extra_of;    // observation -> its extra
    std::vector<std::pair<std::uint32_t, std::uint32_t>> places;  // (file, sheet) in strings
    std::vector<Period> periods;
    std::vector<std::string> period_labels;   // label() of each period
    std::vector<std::uint32_t> period_slots;  // kind and label of each period, interned
    // Each breakdown as written, and the slot of its breakdown_key (equal slots, one breakdown).
    std::vector<Breakdown> breakdowns{Breakdown{}};
    std::vector<std::uint32_t> breakdown_slots{0};
    StringTable strings;  // period texts, series, files and sheets
    std::string text;     // raw cell texts and cell references
    // Per indicator key (merged indicators, then ids of observations without an indicator).
    std::vector<std::string> key_ids, key_titles;
    std::vector<char> key_percent;

    std::string_view raw(const PackedObservation& p) const {
        return std::string_view(text).substr(p.raw_at, p.raw_size);
    }
    // `p` is one of `observations` (its cell reference ends where the next one's text starts).
    Provenance where(const PackedObservation& p) const {
        const auto& [file, sheet] = places[p.place];
        const auto i = static_cast<std::size_t>(&p - observations.data());
        const std::size_t from = std::size_t{p.raw_at} + p.raw_size;
        const std::size_t to =
            i + 1 < observations.size() ? observations[i + 1].raw_at : text.size();
        return {strings[file], strings[sheet], text.substr(from, to - from)};
    }
    const ObservationExtra* extra(std::uint32_t i) const {
        if (!(observations[i].flags & has_extra)) return nullptr;
        return &extras[extra_of.at(i)];
    }
    ComparedValue side(const PackedObservation& p) const {
        ComparedValue v;
        if (p.flags & has_value) v.value = p.value;
        v.decimals = p.decimals;
        v.percent_shown = (p.flags & percent_shown) != 0;
        v.raw = raw(p);
        v.period_text = strings[p.period_text];
        v.series = strings[p.series];
        v.breakdown = breakdowns[p.breakdown];
        v.where = where(p);
        return v;
    }
    // The whole observation, under its merged indicator's id.
    Observation observation(std::uint32_t i) const {
        const PackedObservation& p = observations[i];
        Observation o;
        o.indicator_id = key_ids[p.key];
        o.period = periods[p.period];
        o.period_text = strings[p.period_text];
        if (p.flags & has_value) o.value = p.value;
        if (const ObservationExtra* e = extra(i)) {
            const ObservationExtra& x = *e;
            o.count = x.count;
            o.denominator = x.denominator;
            o.lower_ci = x.lower_ci;
            o.upper_ci = x.upper_ci;
            o.comparator_name = x.comparator_name;
            o.comparator_value = x.comparator_value;
            o.comparator_lower_ci = x.comparator_lower_ci;
            o.comparator_upper_ci = x.comparator_upper_ci;
            o.comparator_cell = x.comparator_cell;
        }
        o.series = strings[p.series];
        o.breakdown = breakdowns[p.breakdown];
        o.missing = p.missing;
        o.decimals = p.decimals;
        o.percent_shown = (p.flags & percent_shown) != 0;
        o.provisional = (p.flags & provisional) != 0;
        o.suppressed = (p.flags & suppressed) != 0;
        o.estimated = (p.flags & estimated) != 0;
        o.raw = raw(p);
        o.where = where(p);
        return o;
    }
    // The comparison of a value with the one kept for the same indicator and period.
    ValueComparison comparison(std::uint32_t kept, std::uint32_t other) const {
        const PackedObservation& k = observations[kept];
        const PackedObservation& o = observations[other];
        ValueComparison c;
        c.merged_id = key_ids[k.key];
        c.title = key_titles[k.key];
        c.period_label = period_labels[k.period];
        if (k.breakdown != 0) c.period_label += ", " + breakdown_text(breakdowns[k.breakdown]);
        c.kept = side(k);
        c.other = side(o);
        c.agree = agree_within_precision(k.value, k.decimals, o.value, o.decimals);
        c.rule = k.decimals > o.decimals
                     ? fmt::format("kept the value shown with more decimals ({} against {})",
                                   dp(k.decimals), dp(o.decimals))
                     : fmt::format(
                           "both show {}; kept the one met first (sources in the order given, "
                           "then sheet order)",
                           dp(k.decimals));
        const int d = k.decimals < 0   ? o.decimals
                      : o.decimals < 0 ? k.decimals
                                       : std::min(k.decimals, o.decimals);
        const bool pct = key_percent[k.key] != 0;
        std::string a = shown_text(k.value, k.decimals, pct);
        std::string b = shown_text(o.value, o.decimals, pct);
        if (k.flags & scaled) a += fmt::format(" (written {})", raw(k));
        if (o.flags & scaled) b += fmt::format(" (written {})", raw(o));
        if (c.agree)
            c.explanation = d < 0 ? fmt::format("{} and {} are equal", a, b)
                                  : fmt::format("{} ({}) and {} ({}) agree at {}", a,
                                                dp(k.decimals), b, dp(o.decimals), dp(d));
        else if (d < 0)
            c.explanation = fmt::format("{} and {} differ", a, b);
        else
            c.explanation =
                fmt::format("{} ({}) and {} ({}) differ at {}: {} against {}", a, dp(k.decimals), b,
                            dp(o.decimals), dp(d), fmt::format("{:.{}f}", k.value, d),
                            fmt::format("{:.{}f}", o.value, d));
        return c;
    }
};

}  // namespace detail

void ComparisonList::set_store(std::shared_ptr<const detail::ComparisonStore> store) {
    store_ = std::move(store);
}

ValueComparison ComparisonList::operator[](std::size_t i) const {
    const std::uint64_t pair = pairs_[i];
    return store_->comparison(static_cast<std::uint32_t>(pair >> 32),
                              static_cast<std::uint32_t>(pair & 0xFFFFFFFFu));
}

// ---------------------------------------------------------------------------------------------
// The reconciler.

namespace {

using detail::ComparisonStore;
using detail::PackedObservation;

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

}  // namespace

struct Reconciler::State {
    ReconcileOptions options;
    std::vector<std::unique_ptr<SourceData>> sources;
    // Every id given out (views of ids kept in sources, renamed, or spare_ids); cleared by finish.
    std::unordered_set<std::string_view> taken;
    std::deque<std::string> spare_ids;  // ids given out that nothing else keeps
    detail::StringTable texts;          // titles, files, frameworks... of source indicators
    std::vector<Member> members;
    std::vector<char> member_percent_shown;  // some observation of it shows a percentage
    std::vector<Orphan> orphans;
    detail::StringTable keys;                                    // title keys
    std::unordered_map<std::string, std::uint32_t> key_of_text;  // title -> its key
    std::unordered_map<Period, std::uint32_t, PeriodHash> period_index;
    std::unordered_map<std::string, std::uint32_t> slot_index;     // kind + label -> slot id
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

    explicit State(ReconcileOptions o) : options(o) {}

    const std::string& member_id(std::size_t i) const {
        const Member& m = members[i];
        return m.renamed_id.empty() ? m.indicator->id : m.renamed_id;
    }
    const std::string& title_of(std::size_t i) const { return texts[members[i].indicator->title]; }
    Provenance where_of(const SourceIndicator& si) const {
        return {texts[si.file], texts[si.sheet], texts[si.cell]};
    }
    // The indicator as its source gave it.
    Indicator indicator_of(const SourceIndicator& si) const {
        Indicator ind;
        ind.id = si.id;
        ind.framework_id = texts[si.framework];
        ind.title = texts[si.title];
        for (std::uint32_t a : si.aliases) ind.aliases.push_back(texts[a]);
        ind.codes = si.codes;
        ind.polarity = si.polarity;
        ind.unit = si.unit;
        ind.unit_per = si.unit_per;
        ind.measure_type = texts[si.measure_type];
        ind.aim = aim_of(si);
        ind.capture = texts[si.capture];
        ind.judgement = texts[si.judgement];
        ind.where = where_of(si);
        return ind;
    }
    Aim aim_of(const SourceIndicator& si) const {
        Aim aim;
        aim.text = texts[si.aim_text];
        aim.direction = si.aim_direction;
        aim.significance_required = si.aim_significance;
        return aim;
    }

    std::uint32_t key_of(const std::string& title) {
        auto it = key_of_text.find(title);
        if (it == key_of_text.end())
            it = key_of_text.emplace(title, keys.intern(title_key(title))).first;
        return it->second;
    }

    std::uint32_t period_of(const Period& p) {
        const std::vector<Period>& known = store->periods;
        if (known.size() <= 16) {  // the usual few: comparing beats hashing two dates
            for (std::size_t i = 0; i < known.size(); ++i)
                if (known[i] == p) return static_cast<std::uint32_t>(i);
        }
        auto it = period_index.find(p);
        if (it != period_index.end()) return it->second;
        ComparisonStore& st = *store;
        const auto id = static_cast<std::uint32_t>(st.periods.size());
        st.periods.push_back(p);
        st.period_labels.push_back(p.label());
        const std::string slot = std::string(period_kind_name(p.kind)) + '\n' + p.label();
        st.period_slots.push_back(
            slot_index.emplace(slot, static_cast<std::uint32_t>(slot_index.size())).first->second);
        period_index.emplace(p, id);
        return id;
    }

    // The index of a breakdown as written in the store (0, the whole population, when empty),
    // trying `last` first (a block's values share one).
    std::uint32_t breakdown_of(const Breakdown& b, std::uint32_t& last) {
        if (b.empty()) return 0;
        ComparisonStore& st = *store;
        if (last != kNone && st.breakdowns[last] == b) return last;
        auto [it, fresh] =
            breakdown_index.try_emplace(b, static_cast<std::uint32_t>(st.breakdowns.size()));
        if (fresh) {
            st.breakdowns.push_back(b);
            // Slot 0 is the empty key; another key gets the next slot.
            const std::string key = breakdown_key(b);
            const auto slot =
                key.empty()
                    ? 0
                    : breakdown_slot_index
                          .try_emplace(key,
                                       static_cast<std::uint32_t>(breakdown_slot_index.size() + 1))
                          .first->second;
            st.breakdown_slots.push_back(slot);
        }
        return last = it->second;
    }

    // As period_of(p), first trying the period after `last` and `last` itself (a row of values
    // walks the periods in order).
    std::uint32_t period_of(const Period& p, std::uint32_t& last) {
        const std::vector<Period>& known = store->periods;
        if (last != kNone) {
            if (last + 1 < known.size() && known[last + 1] == p) return ++last;
            if (known[last] == p) return last;
        }
        return last = period_of(p);
    }

    // ---- add ----------------------------------------------------------------------------------
    // Folds in `src`; its frameworks, outcomes and expectations are moved out of `movable`
    // (the same conversion) when given, else copied.
    void add(const ConversionResult& src, ConversionResult* movable) {
        const std::size_t k = sources.size();
        sources.push_back(std::make_unique<SourceData>());
        SourceData& sd = *sources.back();
        const Model& m = src.model;
        if (movable != nullptr) {
            sd.frameworks = std::move(movable->model.frameworks);
            sd.outcomes = std::move(movable->model.outcomes);
            sd.expectations = std::move(movable->model.expectations);
        } else {
            sd.frameworks = m.frameworks;
            sd.outcomes = m.outcomes;
            sd.expectations = m.expectations;
        }
        // Declared dimensions: the first source declaring one gives it (mappings share the
        // catalogue file, so they agree).
        for (const Dimension& d : m.dimensions)
            if (result.model.find_dimension(d.id) == nullptr) result.model.dimensions.push_back(d);
        sd.facts = m.facts;
        sd.indicators.reserve(m.indicators.size());
        std::uint32_t last_framework = kNone, last_file = kNone, last_sheet = kNone,
                      last_measure = kNone, last_aim = kNone, last_capture = kNone,
                      last_judgement = kNone;
        for (const Indicator& ind : m.indicators) {
            SourceIndicator si;
            si.id = ind.id;
            si.title = texts.intern(ind.title);
            si.framework = texts.intern(ind.framework_id, last_framework);
            si.file = texts.intern(ind.where.file, last_file);
            si.sheet = texts.intern(ind.where.sheet, last_sheet);
            si.cell = texts.intern(ind.where.cell);
            si.measure_type = texts.intern(ind.measure_type, last_measure);
            si.aim_text = texts.intern(ind.aim.text, last_aim);
            si.capture = texts.intern(ind.capture, last_capture);
            si.judgement = texts.intern(ind.judgement, last_judgement);
            for (const std::string& a : ind.aliases) si.aliases.push_back(texts.intern(a));
            si.codes = ind.codes;
            si.unit_per = ind.unit_per;
            si.polarity = ind.polarity;
            si.unit = ind.unit;
            si.aim_direction = ind.aim.direction;
            si.aim_significance = ind.aim.significance_required;
            sd.indicators.push_back(std::move(si));
        }
        {
            std::unordered_set<std::string_view> seen_here;
            auto take = [&](const std::string& id) {
                std::string out = id;
                for (int n = 0; taken.contains(out); ++n)
                    out = n == 0 ? fmt::format("{}~{}", id, k + 1)
                                 : fmt::format("{}~{}-{}", id, k + 1, n + 1);
                if (out == id) {
                    taken.insert(id);
                } else if (seen_here.contains(id)) {
                    taken.insert(spare_ids.emplace_back(std::move(out)));
                } else {
                    taken.insert(sd.renamed.emplace(id, std::move(out)).first->second);
                }
                seen_here.insert(id);
            };
            for (const Framework& f : sd.frameworks) take(f.id);
            for (const Outcome& o : sd.outcomes) take(o.id);
            for (const SourceIndicator& i : sd.indicators) take(i.id);
        }
        sd.first_member = members.size();
        for (const SourceIndicator& ind : sd.indicators) {
            Member mb;
            mb.source = k;
            mb.indicator = &ind;
            if (auto renamed = sd.renamed.find(ind.id); renamed != sd.renamed.end())
                mb.renamed_id = renamed->second;
            mb.key = key_of(texts[ind.title]);
            for (std::uint32_t a : ind.aliases) mb.alias_keys.push_back(key_of(texts[a]));
            const auto index = static_cast<std::uint32_t>(members.size());
            auto [it, fresh] = sd.member_of.emplace(ind.id, index);
            if (!fresh) {
                auto& all = sd.shared_ids[ind.id];
                if (all.empty()) all.push_back(it->second);
                all.push_back(index);
            }
            members.push_back(std::move(mb));
        }
        member_percent_shown.resize(members.size());
        pack_links(sd, m.links);
        pack_observations(k, sd, m.observations);
        collect_duplicates(sd, src.diagnostics);
    }

    void pack_links(SourceData& sd, const std::vector<Link>& links) {
        std::uint32_t last_kind = kNone, last_strength = kNone, last_raw = kNone, last_file = kNone,
                      last_sheet = kNone, last_to_text = kNone;
        const std::string* last_to = nullptr;
        std::uint32_t last_to_end = 0;
        // A link end as remap() would give it, except that an indicator's merged id is left
        // for finish(): its member index.
        auto end_of = [&](const std::string& id, std::uint32_t& memo) -> std::uint32_t {
            if (auto it = sd.member_of.find(id); it != sd.member_of.end()) return it->second;
            if (auto it = sd.renamed.find(id); it != sd.renamed.end())
                return kText | texts.intern(it->second, memo);
            return kText | texts.intern(id, memo);
        };
        sd.links.reserve(links.size());
        for (const Link& l : links) {
            PackedLink p;
            p.kind = texts.intern(l.kind, last_kind);
            std::uint32_t no_memo = kNone;
            p.from = end_of(l.from_id, no_memo);
            if (last_to != nullptr && *last_to == l.to_id) {  // links of a section share it
                p.to = last_to_end;
            } else {
                p.to = last_to_end = end_of(l.to_id, last_to_text);
                last_to = &l.to_id;
            }
            p.strength = texts.intern(l.strength, last_strength);
            p.raw = texts.intern(l.raw, last_raw);
            p.file = texts.intern(l.where.file, last_file);
            p.sheet = texts.intern(l.where.sheet, last_sheet);
            p.cell = texts.intern(l.where.cell);
            sd.links.push_back(p);
        }
    }

    void pack_observations(std::size_t k, const SourceData& sd,
                           const std::vector<Observation>& observations) {
        ComparisonStore& st = *store;
        std::uint32_t last_period = kNone, last_series = kNone, last_file = kNone,
                      last_sheet = kNone, last_place_file = kNone, last_place_sheet = kNone,
                      last_place = 0, last_breakdown = kNone;
        const std::string* last_id = nullptr;  // the previous value's indicator, usually again
        std::uint32_t last_member = kNone;
        for (const Observation& o : observations) {
            PackedObservation p;
            std::uint32_t member = kNone;
            if (last_id != nullptr && *last_id == o.indicator_id) {
                member = last_member;
            } else if (auto it = sd.member_of.find(o.indicator_id); it != sd.member_of.end()) {
                member = it->second;
                last_id = &o.indicator_id;
                last_member = member;
            }
            if (member != kNone) {
                p.member = member;
                if (o.percent_shown) member_percent_shown[member] = 1;
                // As Model::find_indicator: the first indicator with the id.
                if (members[member].indicator->unit == Unit::percent)
                    p.flags |= detail::source_unit_percent;
            } else {
                p.member = kOrphan | static_cast<std::uint32_t>(orphans.size());
                orphans.push_back({k, o.indicator_id, o.percent_shown});
            }
            if (o.value) {
                p.value = *o.value;
                p.flags |= detail::has_value;
            }
            p.period = period_of(o.period, last_period);
            // The text a period was written as is usually the same every time.
            if (p.period >= text_of_period.size()) text_of_period.resize(p.period + 1, kNone);
            p.period_text = st.strings.intern(o.period_text, text_of_period[p.period]);
            p.series = st.strings.intern(o.series, last_series);
            p.breakdown = breakdown_of(o.breakdown, last_breakdown);
            const std::uint32_t file = st.strings.intern(o.where.file, last_file);
            const std::uint32_t sheet = st.strings.intern(o.where.sheet, last_sheet);
            if (file != last_place_file || sheet != last_place_sheet) {
                last_place_file = file;
                last_place_sheet = sheet;
                const std::uint64_t key = (std::uint64_t{file} << 32) | sheet;
                auto [it, fresh] =
                    place_index.emplace(key, static_cast<std::uint32_t>(st.places.size()));
                if (fresh) st.places.emplace_back(file, sheet);
                last_place = it->second;
            }
            p.place = last_place;
            p.raw_at = static_cast<std::uint32_t>(st.text.size());
            p.raw_size = static_cast<std::uint32_t>(o.raw.size());
            st.text += o.raw;
            st.text += o.where.cell;
            if (o.count || o.denominator || o.lower_ci || o.upper_ci ||
                !o.comparator_name.empty() || o.comparator_value || o.comparator_lower_ci ||
                o.comparator_upper_ci || !o.comparator_cell.empty()) {
                p.flags |= detail::has_extra;
                st.extra_of.emplace(static_cast<std::uint32_t>(st.observations.size()),
                                    static_cast<std::uint32_t>(st.extras.size()));
                st.extras.push_back({o.count, o.denominator, o.lower_ci, o.upper_ci,
                                     o.comparator_name, o.comparator_value, o.comparator_lower_ci,
                                     o.comparator_upper_ci, o.comparator_cell});
            }
            p.decimals = static_cast<std::int16_t>(std::clamp(o.decimals, -32768, 32767));
            p.missing = o.missing;
            if (o.percent_shown) p.flags |= detail::percent_shown;
            if (o.provisional) p.flags |= detail::provisional;
            if (o.suppressed) p.flags |= detail::suppressed;
            if (o.estimated) p.flags |= detail::estimated;
            st.observations.push_back(p);
        }
    }

    // The duplicate diagnostics of a source, tied to the indicator they repeat.
    void collect_duplicates(SourceData& sd, const std::vector<ConvertDiagnostic>& diagnostics) {
        std::map<std::string, std::uint32_t> by_key;
        bool indexed = false;
        for (const ConvertDiagnostic& d : diagnostics) {
            if (d.code != DiagnosticCode::duplicate_row && d.code != DiagnosticCode::duplicate_indicator)
                continue;
            if (!indexed) {
                indexed = true;
                for (std::size_t i = 0; i < sd.indicators.size(); ++i) {
                    const SourceIndicator& ind = sd.indicators[i];
                    const auto member = static_cast<std::uint32_t>(sd.first_member + i);
                    by_key.emplace(title_key(texts[ind.title]), member);
                    for (std::uint32_t a : ind.aliases) by_key.emplace(title_key(texts[a]), member);
                }
            }
            std::uint32_t member = kNone;
            if (auto it = by_key.find(title_key(d.raw)); it != by_key.end()) member = it->second;
            // A title continued over several cells is reported part by part; the message
            // names the whole title ("'...' is already listed at B7").
            if (member == kNone && d.message.starts_with('\'')) {
                const auto end = d.message.find("' ", 1);
                if (end != std::string::npos)
                    if (auto it = by_key.find(title_key(d.message.substr(1, end - 1)));
                        it != by_key.end())
                        member = it->second;
            }
            if (member == kNone) continue;  // "part of a repeated record": not a title
            sd.duplicates.push_back(
                {member, std::string(diagnostic_code_name(d.code)), d.where, d.message});
        }
    }

    // ---- finish -------------------------------------------------------------------------------
    ReconcileResult finish() {
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

    // The member whose merged indicator an id of its source names: among indicators of one
    // source sharing an id, the one merged last (the reconciled ids follow the last group).
    std::uint32_t owner(const SourceData& sd, std::uint32_t member) const {
        if (sd.shared_ids.empty()) return member;
        auto it = sd.shared_ids.find(members[member].indicator->id);
        if (it == sd.shared_ids.end()) return member;
        std::uint32_t best = it->second.front();
        for (std::uint32_t m : it->second)
            if (group_of[m] >= group_of[best]) best = m;
        return best;
    }

    // Any id of source k as it appears in the reconciled model.
    std::string remap(std::size_t k, const std::string& id) const {
        const SourceData& sd = *sources[k];
        if (auto it = sd.member_of.find(id); it != sd.member_of.end())
            return member_id(group_of[owner(sd, it->second)]);
        if (auto it = sd.renamed.find(id); it != sd.renamed.end()) return it->second;
        return id;
    }

    // ---- identity -----------------------------------------------------------------------------
    // Codes of the same scheme that differ on the two sides: a title or alias match between
    // them is refused.
    std::optional<std::string> code_clash(Groups& g, std::size_t a, std::size_t b) {
        std::map<std::string, std::set<std::string>> ca, cb;
        auto gather = [&](std::size_t root, auto& out) {
            for (std::size_t i : g.members(root))
                for (const IndicatorCode& c : members[i].indicator->codes)
                    if (!is_local_code(c))
                        out[normalise_text(c.scheme)].insert(normalise_text(c.value));
        };
        gather(g.find(a), ca);
        if (ca.empty()) return std::nullopt;
        gather(g.find(b), cb);
        for (const auto& [scheme, values] : ca) {
            auto it = cb.find(scheme);
            if (it == cb.end()) continue;
            std::vector<std::string> common;
            std::set_intersection(values.begin(), values.end(), it->second.begin(),
                                  it->second.end(), std::back_inserter(common));
            if (common.empty())
                return fmt::format("{} {} against {} {}", scheme,
                                   join({values.begin(), values.end()}, "/"), scheme,
                                   join({it->second.begin(), it->second.end()}, "/"));
        }
        return std::nullopt;
    }

    // Joins by a title-like rule unless codes clash; a refused join becomes a suggestion.
    void unite_checked(Groups& g, std::size_t a, std::size_t b, MatchRule rule,
                       const std::function<std::string()>& evidence) {
        if (g.find(a) == g.find(b)) return;
        if (!any_codes_) {
            g.unite(a, b, rule, evidence());
            return;
        }
        if (auto clash = code_clash(g, a, b)) {
            refused.push_back(
                {a, b,
                 fmt::format("{}, but their codes differ ({}); not merged", evidence(), *clash)});
            return;
        }
        g.unite(a, b, rule, evidence());
    }

    bool any_codes_ = false;

    void match_codes(Groups& g) {
        std::map<std::string, std::size_t> first;
        for (std::size_t i = 0; i < members.size(); ++i)
            for (const IndicatorCode& c : members[i].indicator->codes) {
                any_codes_ = true;
                std::string key = indicator_code_key(c);
                if (is_local_code(c)) key += fmt::format("\n#{}", members[i].source);
                auto [it, fresh] = first.emplace(key, i);
                if (!fresh)
                    g.unite(it->second, i, MatchRule::code,
                            fmt::format("same code {} {}", c.scheme, c.value));
            }
    }

    void match_crosswalk(Groups& g) {
        if (options.crosswalk == nullptr) return;
        const Crosswalk& cw = *options.crosswalk;
        entry_first.assign(cw.entries.size(), kNone);
        for (std::size_t e = 0; e < cw.entries.size(); ++e) {
            const CrosswalkEntry& entry = cw.entries[e];
            std::set<std::uint32_t> entry_keys;  // keys no member has are left out
            auto add_key = [&](const std::string& t) {
                if (const std::uint32_t id = keys.find(title_key(t)); id != kNone)
                    entry_keys.insert(id);
            };
            add_key(entry.canonical_title);
            for (const std::string& t : entry.titles) add_key(t);
            std::set<std::string> codes;
            for (const IndicatorCode& c : entry.codes) codes.insert(indicator_code_key(c));
            std::optional<std::size_t> first;
            for (std::size_t i = 0; i < members.size(); ++i) {
                Member& m = members[i];
                bool hit = entry_keys.contains(m.key);
                for (std::uint32_t a : m.alias_keys) hit = hit || entry_keys.contains(a);
                for (const IndicatorCode& c : m.indicator->codes)
                    hit = hit || codes.contains(indicator_code_key(c));
                if (!hit) continue;
                if (m.crosswalk_entry < 0) m.crosswalk_entry = static_cast<int>(e);
                if (!first) {
                    first = i;
                    entry_first[e] = i;
                } else {
                    g.unite(*first, i, MatchRule::crosswalk,
                            fmt::format("confirmed by the crosswalk {}:{}", cw.path, entry.line));
                }
            }
        }
    }

    void match_aliases(Groups& g) {
        std::unordered_map<std::uint32_t, std::vector<std::size_t>> by_key;  // title and alias
        bool any = false;
        for (const Member& m : members) any = any || !m.alias_keys.empty();
        if (!any) return;
        for (std::size_t i = 0; i < members.size(); ++i) {
            by_key[members[i].key].push_back(i);
            for (std::uint32_t a : members[i].alias_keys)
                if (a != members[i].key) by_key[a].push_back(i);
        }
        for (std::size_t i = 0; i < members.size(); ++i)
            for (std::size_t a = 0; a < members[i].alias_keys.size(); ++a) {
                auto found = by_key.find(members[i].alias_keys[a]);
                if (found == by_key.end()) continue;
                for (std::size_t j : found->second) {
                    if (j == i) continue;
                    unite_checked(g, i, j, MatchRule::alias, [&] {
                        return fmt::format("'{}' is an alias of '{}' in its mapping",
                                           texts[members[i].indicator->aliases[a]], title_of(i));
                    });
                }
            }
    }

    void match_titles(Groups& g) {
        std::vector<std::uint32_t> first(keys_count(), kNone);
        for (std::size_t i = 0; i < members.size(); ++i) {
            std::uint32_t& f = first[members[i].key];
            if (f == kNone) {
                f = static_cast<std::uint32_t>(i);
                continue;
            }
            const std::string& a = title_of(f);
            const std::string& b = title_of(i);
            unite_checked(g, f, i, MatchRule::title, [&] {
                return a == b ? std::string("same title")
                              : fmt::format(
                                    "same title after folding case, punctuation and "
                                    "look-alike letters ('{}' and '{}')",
                                    a, b);
            });
        }
    }

    std::size_t keys_count() const {
        std::uint32_t n = 0;
        for (const Member& m : members) {
            n = std::max(n, m.key + 1);
            for (std::uint32_t a : m.alias_keys) n = std::max(n, a + 1);
        }
        return n;
    }

    // ---- merged indicators --------------------------------------------------------------------
    void build_indicators(Groups& g) {
        group_of.resize(members.size());
        merged_of_root.assign(members.size(), kNone);
        for (std::size_t i = 0; i < members.size(); ++i) group_of[i] = g.find(i);
        // The crosswalk entries naming some member of each group, in file order: their codes
        // (the partner's IDs, say) become the merged indicator's too.
        std::unordered_map<std::size_t, std::vector<std::size_t>> entries_of_root;
        for (std::size_t e = 0; e < entry_first.size(); ++e)
            if (entry_first[e] != kNone) entries_of_root[group_of[entry_first[e]]].push_back(e);
        for (std::size_t i = 0; i < members.size(); ++i) {
            const std::size_t root = group_of[i];
            if (root != i) continue;
            const std::vector<std::size_t>& ms = g.members(root);
            const Member& head = members[root];
            Indicator merged = indicator_of(*head.indicator);
            merged.id = member_id(root);
            merged.framework_id = remap_framework(head.source, texts[head.indicator->framework]);
            merged.aliases.clear();
            merged.codes.clear();
            int entry = -1;
            for (std::size_t m : ms)
                if (members[m].crosswalk_entry >= 0) {
                    entry = members[m].crosswalk_entry;
                    break;
                }
            if (entry >= 0)
                merged.title =
                    options.crosswalk->entries[static_cast<std::size_t>(entry)].canonical_title;
            std::set<std::string> seen_titles = {normalise_text(merged.title)};
            std::set<std::string> seen_codes;
            std::unordered_set<std::string_view> seen_raw;  // titles met already, as written
            auto add_alias = [&](const std::string& t) {
                if (!seen_raw.insert(t).second) return;
                if (seen_titles.insert(normalise_text(t)).second) merged.aliases.push_back(t);
            };
            for (std::size_t m : ms) {
                const SourceIndicator& src = *members[m].indicator;
                add_alias(texts[src.title]);
                for (std::uint32_t a : src.aliases) add_alias(texts[a]);
                for (const IndicatorCode& c : src.codes)
                    if (seen_codes.insert(indicator_code_key(c)).second) merged.codes.push_back(c);
                if (merged.polarity == Polarity::unknown) merged.polarity = src.polarity;
                if (merged.unit == Unit::unknown) {
                    merged.unit = src.unit;
                    merged.unit_per = src.unit_per;
                }
                if (merged.measure_type.empty()) merged.measure_type = texts[src.measure_type];
                if (merged.aim.text.empty()) merged.aim = aim_of(src);
                if (merged.capture.empty()) merged.capture = texts[src.capture];
                if (merged.judgement.empty()) merged.judgement = texts[src.judgement];
            }
            if (auto it = entries_of_root.find(root); it != entries_of_root.end())
                for (std::size_t e : it->second)
                    for (const IndicatorCode& c : options.crosswalk->entries[e].codes)
                        if (seen_codes.insert(indicator_code_key(c)).second)
                            merged.codes.push_back(c);
            merged_of_root[root] = result.model.indicators.size();
            merged_index[merged.id] = result.model.indicators.size();
            if (ms.size() >= 2) {
                IndicatorMatch match;
                match.merged_id = merged.id;
                match.title = merged.title;
                match.rule = MatchRule::title;
                std::vector<std::string> evidence;
                for (const Join& j : g.joins(root)) {
                    if (static_cast<int>(j.rule) < static_cast<int>(match.rule))
                        match.rule = j.rule;
                    if (std::find(evidence.begin(), evidence.end(), j.evidence) == evidence.end())
                        evidence.push_back(j.evidence);
                }
                match.evidence = join(evidence, "; ");
                match.source_ids.reserve(ms.size());
                match.source_where.reserve(ms.size());
                for (std::size_t m : ms) {
                    match.source_ids.push_back(member_id(m));
                    match.source_where.push_back(where_of(*members[m].indicator));
                }
                result.report.matches.push_back(std::move(match));
            }
            result.model.indicators.push_back(std::move(merged));
        }
    }

    // A framework id of source k in the reconciled model (frameworks are never merged).
    std::string remap_framework(std::size_t k, const std::string& id) const {
        const SourceData& sd = *sources[k];
        if (auto it = sd.renamed.find(id); it != sd.renamed.end()) return it->second;
        return id;
    }

    // ---- observations -------------------------------------------------------------------------
    void merge_observations() {
        ComparisonStore& st = *store;
        Model& out = result.model;
        // Indicator keys: the merged indicators, then ids of observations without one.
        const std::size_t merged_count = out.indicators.size();
        st.key_ids.reserve(merged_count);
        for (const Indicator& ind : out.indicators) {
            st.key_ids.push_back(ind.id);
            st.key_titles.push_back(ind.title);
            st.key_percent.push_back(ind.unit == Unit::percent ? 1 : 0);
        }
        std::vector<std::uint32_t> key_of_member(members.size());
        for (std::size_t s = 0; s < sources.size(); ++s) {
            const SourceData& sd = *sources[s];
            const std::size_t end =
                s + 1 < sources.size() ? sources[s + 1]->first_member : members.size();
            for (std::size_t m = sd.first_member; m < end; ++m) {
                const std::size_t o = owner(sd, static_cast<std::uint32_t>(m));
                key_of_member[m] = static_cast<std::uint32_t>(merged_of_root[group_of[o]]);
            }
        }
        for (std::size_t m = 0; m < members.size(); ++m)
            if (member_percent_shown[m]) st.key_percent[key_of_member[m]] = 1;
        std::vector<std::uint32_t> key_of_orphan(orphans.size());
        {
            std::map<std::string, std::uint32_t> orphan_keys;
            for (std::size_t i = 0; i < orphans.size(); ++i) {
                const std::string id = remap(orphans[i].source, orphans[i].id);
                std::uint32_t key;
                if (auto it = merged_index.find(id); it != merged_index.end())
                    key = static_cast<std::uint32_t>(it->second);
                else if (auto jt = orphan_keys.find(id); jt != orphan_keys.end())
                    key = jt->second;
                else {
                    key = static_cast<std::uint32_t>(st.key_ids.size());
                    orphan_keys.emplace(id, key);
                    st.key_ids.push_back(id);
                    st.key_titles.emplace_back();
                    st.key_percent.push_back(0);
                }
                key_of_orphan[i] = key;
                if (orphans[i].percent_shown) st.key_percent[key] = 1;
            }
        }
        for (PackedObservation& p : st.observations)
            p.key =
                (p.member & kOrphan) ? key_of_orphan[p.member & ~kOrphan] : key_of_member[p.member];
        // A plain fraction beside percentages of another source is the same unit, scaled (the
        // converter does this within one source).
        for (PackedObservation& p : st.observations) {
            if (!(p.flags & detail::has_value) || (p.flags & detail::percent_shown) ||
                !st.key_percent[p.key])
                continue;
            if (std::fabs(p.value) > 1.0 || (p.flags & detail::source_unit_percent)) continue;
            p.value = std::round(p.value * 100 * 1e9) / 1e9;
            p.decimals = static_cast<std::int16_t>(p.decimals >= 2 ? p.decimals - 2 : 0);
            p.flags |= detail::scaled;
        }
        // Groups by indicator, period and series, in order of first appearance.
        const std::size_t n = st.observations.size();
        std::vector<std::uint32_t> slot_of(n);
        std::uint32_t slots = 0;
        {
            // (period kind and label, series and breakdown) numbered densely, then a table per
            // indicator key. Series and breakdown first share one number (observation_key in
            // kpimap/identity.hpp: values of different breakdowns are different values).
            std::unordered_map<std::uint64_t, std::uint32_t> period_series, series_breakdown;
            std::uint64_t last_sb_key = ~std::uint64_t{0};
            std::uint32_t sb = 0;
            std::vector<std::vector<std::uint32_t>> slot_table(st.key_ids.size());
            std::uint64_t last_ps_key = ~std::uint64_t{0};
            std::uint32_t ps = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const PackedObservation& p = st.observations[i];
                const std::uint64_t sb_key =
                    (std::uint64_t{st.breakdown_slots[p.breakdown]} << 32) | p.series;
                if (sb_key != last_sb_key) {
                    last_sb_key = sb_key;
                    sb = series_breakdown
                             .try_emplace(sb_key,
                                          static_cast<std::uint32_t>(series_breakdown.size()))
                             .first->second;
                }
                const std::uint64_t ps_key = (std::uint64_t{st.period_slots[p.period]} << 32) | sb;
                if (ps_key != last_ps_key) {
                    last_ps_key = ps_key;
                    ps = period_series
                             .try_emplace(ps_key, static_cast<std::uint32_t>(period_series.size()))
                             .first->second;
                }
                std::vector<std::uint32_t>& row = slot_table[p.key];
                if (ps >= row.size()) row.resize(ps + 1, kNone);
                if (row[ps] == kNone) row[ps] = slots++;
                slot_of[i] = row[ps];
            }
        }
        // The observations of each slot, in order (a counting sort keeps it stable).
        std::vector<std::uint32_t> start(slots + 1, 0), order(n);
        for (std::uint32_t s : slot_of) ++start[s + 1];
        for (std::uint32_t s = 0; s < slots; ++s) start[s + 1] += start[s];
        {
            std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
            for (std::size_t i = 0; i < n; ++i)
                order[next[slot_of[i]]++] = static_cast<std::uint32_t>(i);
        }
        slot_of = {};
        ReconcileReport& report = result.report;
        std::vector<std::uint32_t> valued;
        for (std::uint32_t s = 0; s < slots; ++s) {
            valued.clear();
            for (std::uint32_t j = start[s]; j < start[s + 1]; ++j)
                if (st.observations[order[j]].flags & detail::has_value) valued.push_back(order[j]);
            if (valued.empty()) {
                out.observations.push_back(st.observation(order[start[s]]));
                continue;
            }
            // Most decimals shown, then first met (valued is in order).
            std::uint32_t kept = valued.front();
            for (std::uint32_t i : valued)
                if (st.observations[i].decimals > st.observations[kept].decimals) kept = i;
            const PackedObservation& k = st.observations[kept];
            Observation merged = st.observation(kept);
            for (std::uint32_t i : valued) {
                if (i == kept) continue;
                const PackedObservation& o = st.observations[i];
                const bool agree = agree_within_precision(k.value, k.decimals, o.value, o.decimals);
                if (agree)
                    report.agreements.push_back(kept, i);
                else
                    report.conflicts.push_back(st.comparison(kept, i));
                // The kept value may come from a source without a benchmark: take the
                // comparator of an agreeing observation rather than lose it.
                const detail::ObservationExtra* e = st.extra(i);
                if (!agree || merged.comparator_value || e == nullptr) continue;
                const detail::ObservationExtra& x = *e;
                if (!x.comparator_value) continue;
                merged.comparator_name = x.comparator_name;
                merged.comparator_value = x.comparator_value;
                merged.comparator_lower_ci = x.comparator_lower_ci;
                merged.comparator_upper_ci = x.comparator_upper_ci;
                merged.comparator_cell = x.comparator_cell;
            }
            out.observations.push_back(std::move(merged));
        }
        st.strings.freeze();
        report.agreements.set_store(store);
    }

    // ---- suggestions --------------------------------------------------------------------------
    // Title likeness t is the Dice coefficient of the two titles' words. When both indicators
    // have values for some of the same periods, the score is (t + share of those periods whose
    // values agree) / 2, otherwise t. A pair is suggested when its score reaches the threshold
    // and t reaches kTitleFloor (values alone never suggest a match). Two groups with titles on
    // the same sheet of the same source are not compared: a sheet does not list one indicator
    // twice under two titles (this also keeps a workbook given twice from suggesting its own
    // neighbouring rows).
    static constexpr double kTitleFloor = 0.4;

    void suggest() {
        // Values of each merged indicator by period key, for the evidence.
        std::map<std::string, std::map<std::string, const Observation*>> values;
        for (const Observation& o : result.model.observations)
            if (o.value) values[o.indicator_id].emplace(observation_key(o), &o);
        // Words of each distinct title, computed once.
        std::unordered_map<std::string_view, std::uint32_t> words_of_title;
        std::map<std::vector<std::string>, std::uint32_t> word_lists;
        std::vector<const std::vector<std::string>*> word_list_of;
        std::vector<std::vector<std::uint32_t>> word_ids_of;  // each list's words, interned, sorted
        detail::StringTable word_table;
        std::vector<std::uint32_t> words(members.size());
        for (std::size_t i = 0; i < members.size(); ++i) {
            const std::string& title = title_of(i);
            auto it = words_of_title.find(title);
            if (it == words_of_title.end()) {
                auto [w, fresh] = word_lists.emplace(title_words(title),
                                                     static_cast<std::uint32_t>(word_lists.size()));
                if (fresh) {
                    word_list_of.push_back(&w->first);
                    word_ids_of.emplace_back();
                    for (const std::string& word : w->first)
                        word_ids_of.back().push_back(word_table.intern(word));
                    // Sorted, to count shared words by one merge (a title lists a word once).
                    std::sort(word_ids_of.back().begin(), word_ids_of.back().end());
                }
                it = words_of_title.emplace(title, w->second).first;
            }
            words[i] = it->second;
        }
        const double floor = std::min(kTitleFloor, options.suggestion_threshold);
        // The sheets (source, sheet) each group's titles are on, sorted, by group root.
        std::vector<std::vector<std::pair<std::size_t, std::uint32_t>>> sheets(members.size());
        for (std::size_t i = 0; i < members.size(); ++i)
            sheets[group_of[i]].emplace_back(members[i].source, members[i].indicator->sheet);
        for (auto& list : sheets) {
            std::sort(list.begin(), list.end());
            list.erase(std::unique(list.begin(), list.end()), list.end());
        }
        auto share_a_sheet = [](const auto& x, const auto& y) {
            for (auto a = x.begin(), b = y.begin(); a != x.end() && b != y.end();) {
                if (*a == *b) return true;
                if (*a < *b)
                    ++a;
                else
                    ++b;
            }
            return false;
        };
        std::map<std::pair<std::size_t, std::size_t>, MatchSuggestion> best;  // by group pair
        auto make = [&](std::size_t i, std::size_t j) {
            MatchSuggestion s;
            const Member& a = members[i];
            const Member& b = members[j];
            s.first_id = member_id(i);
            s.second_id = member_id(j);
            s.first_title = title_of(i);
            s.second_title = title_of(j);
            s.first_where = where_of(*a.indicator);
            s.second_where = where_of(*b.indicator);
            s.first_merged_id = remap(a.source, a.indicator->id);
            s.second_merged_id = remap(b.source, b.indicator->id);
            const auto& va = values[s.first_merged_id];
            const auto& vb = values[s.second_merged_id];
            for (const auto& [period, o] : va) {
                auto it = vb.find(period);
                if (it == vb.end()) continue;
                ++s.shared_periods;
                if (agree_within_precision(*o->value, o->decimals, *it->second->value,
                                           it->second->decimals))
                    ++s.agreeing_periods;
            }
            return s;
        };
        auto values_text = [](const MatchSuggestion& s) {
            return s.shared_periods > 0 ? fmt::format("values agree in {} of {} shared periods",
                                                      s.agreeing_periods, s.shared_periods)
                                        : std::string("no period with values in both");
        };
        for (const Refused& r : refused) {
            MatchSuggestion s = make(r.a, r.b);
            s.title_score = 1.0;
            s.score = 1.0;
            s.evidence = fmt::format("{}; {}", r.evidence, values_text(s));
            best[std::minmax(group_of[r.a], group_of[r.b])] = std::move(s);
        }
        // Pairs are taken between distinct titles of different groups, not between every two
        // source indicators: 200 workbooks of the same 500 titles give 100,000 members but
        // only a few hundred distinct (group, title) entries.
        std::vector<std::size_t> reps;
        {
            std::set<std::pair<std::size_t, std::uint32_t>> seen;
            for (std::size_t i = 0; i < members.size(); ++i)
                if (seen.emplace(group_of[i], words[i]).second) reps.push_back(i);
        }
        for (std::size_t ri = 0; ri < reps.size(); ++ri)
            for (std::size_t rj = ri + 1; rj < reps.size(); ++rj) {
                const std::size_t i = reps[ri], j = reps[rj];
                if (group_of[i] == group_of[j]) continue;
                const auto& ia = word_ids_of[words[i]];
                const auto& ib = word_ids_of[words[j]];
                if (ia.empty() || ib.empty()) continue;
                std::size_t shared_count = 0;
                for (auto x = ia.begin(), y = ib.begin(); x != ia.end() && y != ib.end();) {
                    if (*x == *y) {
                        ++shared_count;
                        ++x;
                        ++y;
                    } else if (*x < *y) {
                        ++x;
                    } else {
                        ++y;
                    }
                }
                const double t = 2.0 * static_cast<double>(shared_count) /
                                 static_cast<double>(ia.size() + ib.size());
                if (t < floor) continue;
                if (share_a_sheet(sheets[group_of[i]], sheets[group_of[j]])) continue;
                const auto& wa = *word_list_of[words[i]];
                const auto& wb = *word_list_of[words[j]];
                std::vector<std::string> shared, only_a, only_b;
                for (const std::string& w : wa)
                    (std::find(wb.begin(), wb.end(), w) != wb.end() ? shared : only_a).push_back(w);
                for (const std::string& w : wb)
                    if (std::find(wa.begin(), wa.end(), w) == wa.end()) only_b.push_back(w);
                MatchSuggestion s = make(i, j);
                s.title_score = std::round(t * 1000) / 1000;
                const double score =
                    s.shared_periods > 0
                        ? (t + static_cast<double>(s.agreeing_periods) / s.shared_periods) / 2
                        : t;
                s.score = std::round(score * 1000) / 1000;
                if (score < options.suggestion_threshold) continue;
                const auto key = std::minmax(group_of[i], group_of[j]);
                auto it = best.find(key);
                if (it != best.end() && it->second.score >= s.score) continue;
                s.evidence =
                    fmt::format("title likeness {:.2f}, shared words: {}", t, join(shared, " "));
                if (!only_a.empty())
                    s.evidence += fmt::format("; only in the first: {}", join(only_a, " "));
                if (!only_b.empty())
                    s.evidence += fmt::format("; only in the second: {}", join(only_b, " "));
                s.evidence += "; " + values_text(s);
                best[key] = std::move(s);
            }
        for (auto& [key, s] : best) result.report.suggestions.push_back(std::move(s));
        std::stable_sort(
            result.report.suggestions.begin(), result.report.suggestions.end(),
            [](const MatchSuggestion& x, const MatchSuggestion& y) { return x.score > y.score; });
    }

    // ---- duplicates ---------------------------------------------------------------------------
    void find_duplicates() {
        for (std::size_t k = 0; k < sources.size(); ++k) {
            const SourceDuplicate* last = nullptr;
            for (const SourceData::Duplicate& d : sources[k]->duplicates) {
                const SourceIndicator* ind = members[d.member].indicator;
                const std::string id = remap(k, ind->id);
                if (last != nullptr && last->indicator_id == id && last->explanation == d.message &&
                    last->second.sheet == d.where.sheet)
                    continue;
                SourceDuplicate dup;
                dup.indicator_id = id;
                dup.code = d.code;
                dup.title = texts[ind->title];
                dup.first = where_of(*ind);
                dup.second = d.where;
                dup.explanation = d.message;
                result.report.duplicates.push_back(std::move(dup));
                last = &result.report.duplicates.back();
            }
        }
    }

    // ---- the rest of the model ----------------------------------------------------------------
    void copy_rest() {
        Model& out = result.model;
        for (std::size_t k = 0; k < sources.size(); ++k) {
            SourceData& sd = *sources[k];
            for (Framework& f : sd.frameworks) {
                f.id = remap(k, f.id);
                out.frameworks.push_back(std::move(f));
            }
            for (Outcome& o : sd.outcomes) {
                o.id = remap(k, o.id);
                o.framework_id = remap(k, o.framework_id);
                if (!o.parent_id.empty()) o.parent_id = remap(k, o.parent_id);
                out.outcomes.push_back(std::move(o));
            }
            // One fact per name and value: the first source's cell is kept.
            for (Fact& f : sd.facts) f.framework_id = remap(k, f.framework_id);
            merge_facts(out.facts, sd.facts);
        }
        // Expectations and links in source order; exact repeats (same indicator, period and
        // expectation; same kind, ends and strength) once.
        std::unordered_set<std::string> expectation_keys;
        // Links are many (one per source indicator): compared by interned ends. An end is the
        // model index of a merged indicator (also for a kept id that happens to name one), or
        // kText | the text id.
        std::vector<std::uint32_t> end_of_text;  // text id -> model index, kNone, or unknown
        auto resolve = [&](std::size_t k, std::uint32_t end) -> std::uint32_t {
            if (!(end & kText)) {
                const SourceData& sd = *sources[k];
                return static_cast<std::uint32_t>(merged_of_root[group_of[owner(sd, end)]]);
            }
            const std::uint32_t text = end & ~kText;
            if (text >= end_of_text.size()) end_of_text.resize(text + 1, kNone - 1);
            if (end_of_text[text] == kNone - 1) {
                auto it = merged_index.find(texts[text]);
                end_of_text[text] =
                    it == merged_index.end() ? kNone : static_cast<std::uint32_t>(it->second);
            }
            return end_of_text[text] == kNone ? end : end_of_text[text];
        };
        struct PairHash {
            std::size_t operator()(
                const std::pair<std::uint64_t, std::uint64_t>& p) const noexcept {
                return std::hash<std::uint64_t>()(p.first * 0x9E3779B97F4A7C15ull ^ p.second);
            }
        };
        std::unordered_set<std::pair<std::uint64_t, std::uint64_t>, PairHash> link_keys;
        std::size_t link_count = 0;
        for (const auto& sd : sources) link_count += sd->links.size();
        link_keys.reserve(link_count);
        std::vector<std::pair<std::size_t, const PackedLink*>> kept_links;
        for (std::size_t k = 0; k < sources.size(); ++k)
            for (const PackedLink& l : sources[k]->links) {
                const std::uint32_t from = resolve(k, l.from), to = resolve(k, l.to);
                if (link_keys
                        .emplace((std::uint64_t{l.kind} << 32) | from,
                                 (std::uint64_t{to} << 32) | l.strength)
                        .second)
                    kept_links.emplace_back(k, &l);
            }
        link_keys = {};
        out.links.reserve(out.links.size() + kept_links.size());
        for (std::size_t k = 0; k < sources.size(); ++k) {
            SourceData& sd = *sources[k];
            for (Expectation& e : sd.expectations) {
                e.indicator_id = remap(k, e.indicator_id);
                const std::string key = fmt::format(
                    "{}\n{}\n{}\n{}\n{}", e.indicator_id, period_kind_name(e.period.kind),
                    e.period.start.empty() ? e.period_text : e.period.label(),
                    expectation_kind_name(e.kind),
                    e.target ? format_number(*e.target) : std::string());
                if (expectation_keys.insert(key).second) out.expectations.push_back(std::move(e));
            }
        }
        // A link's end as remap() gives it.
        auto end_text = [&](std::size_t k, std::uint32_t end) -> const std::string& {
            if (end & kText) return texts[end & ~kText];
            return member_id(group_of[owner(*sources[k], end)]);
        };
        for (const auto& [k, l] : kept_links) {
            Link link;
            link.kind = texts[l->kind];
            link.from_id = end_text(k, l->from);
            link.to_id = end_text(k, l->to);
            link.strength = texts[l->strength];
            link.raw = texts[l->raw];
            link.where = {texts[l->file], texts[l->sheet], texts[l->cell]};
            out.links.push_back(std::move(link));
        }
    }
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
