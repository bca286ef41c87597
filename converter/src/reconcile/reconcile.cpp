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
#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

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

// Rounds to `decimals` places, half away from zero, after removing float noise
// (16.65 * 10 is 166.49999999999997 in binary).
double scaled_round(double value, int decimals) {
    return std::round(remove_float_noise(value * std::pow(10.0, decimals)));
}

bool is_half(double value, int decimals) {
    const double scaled = remove_float_noise(value * std::pow(10.0, decimals));
    return std::fabs(std::fabs(scaled - std::trunc(scaled)) - 0.5) < 1e-9;
}

}  // namespace

bool agree_within_precision(double a, int decimals_a, double b, int decimals_b) noexcept {
    if (decimals_a < 0 && decimals_b < 0)
        return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
    if (decimals_a < 0) decimals_a = decimals_b;
    if (decimals_b < 0) decimals_b = decimals_a;
    const int d = std::min(decimals_a, decimals_b);
    const double ra = scaled_round(a, d), rb = scaled_round(b, d);
    if (ra == rb) return true;
    // A value exactly halfway may have been rounded either way by the other source.
    auto either_way = [d](double half, int decimals, double other_rounded) {
        if (decimals <= d || !is_half(half, d)) return false;
        const double s = remove_float_noise(half * std::pow(10.0, d));
        return other_rounded == std::floor(s) || other_rounded == std::ceil(s);
    };
    if (either_way(a, decimals_a, rb) || either_way(b, decimals_b, ra)) return true;
    return false;
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

struct Member {
    std::size_t source = 0;
    const Indicator* indicator = nullptr;
    std::string id;   // unique across sources
    std::string key;  // title_key of the title
    std::vector<std::string> alias_keys;
    int crosswalk_entry = -1;  // the crosswalk entry that claimed it
};

struct Join {
    MatchRule rule;
    std::string evidence;
};

class Groups {
public:
    explicit Groups(std::size_t n) : parent_(n), members_(n), joins_(n) {
        std::iota(parent_.begin(), parent_.end(), 0);
        for (std::size_t i = 0; i < n; ++i) members_[i] = {i};
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
        members_[a].insert(members_[a].end(), members_[b].begin(), members_[b].end());
        std::sort(members_[a].begin(), members_[a].end());
        members_[b].clear();
        joins_[a].insert(joins_[a].end(), joins_[b].begin(), joins_[b].end());
        joins_[b].clear();
        joins_[a].push_back({rule, std::move(evidence)});
        return true;
    }
    const std::vector<std::size_t>& members(std::size_t root) const { return members_[root]; }
    const std::vector<Join>& joins(std::size_t root) const { return joins_[root]; }

private:
    std::vector<std::size_t> parent_;
    std::vector<std::vector<std::size_t>> members_;
    std::vector<std::vector<Join>> joins_;
};

std::string code_key(const IndicatorCode& c) {
    return normalise_text(c.scheme) + '\n' + normalise_text(c.value);
}

bool is_local(const IndicatorCode& c) {
    const std::string s = normalise_text(c.scheme);
    return s.empty() || s == "local";
}

std::string percent_text(const Observation& o, bool percent) {
    std::string v =
        o.decimals >= 0 ? fmt::format("{:.{}f}", *o.value, o.decimals) : format_number(*o.value);
    return percent ? v + "%" : v;
}

std::string dp(int decimals) {
    return decimals >= 0 ? fmt::format("{} dp", decimals) : std::string("unknown dp");
}

std::string period_key(const Observation& o) {
    return std::string(period_kind_name(o.period.kind)) + '\n' + o.period.label() + '\n' + o.series;
}

class Reconciler {
public:
    Reconciler(const std::vector<ConversionResult>& sources, const ReconcileOptions& options)
        : sources_(sources), options_(options) {}

    ReconcileResult run() {
        assign_ids();
        collect_members();
        Groups groups(members_.size());
        match_codes(groups);
        match_crosswalk(groups);
        match_aliases(groups);
        match_titles(groups);
        build_indicators(groups);
        merge_observations();
        suggest();
        find_duplicates();
        copy_rest();
        result_.report.sources = sources_.size();
        result_.report.source_indicators = members_.size();
        result_.report.merged_indicators = result_.model.indicators.size();
        return std::move(result_);
    }

private:
    // ---- ids ------------------------------------------------------------------------------
    void assign_ids() {
        ids_.resize(sources_.size());
        std::set<std::string> taken;
        auto take = [&](std::size_t k, const std::string& id) {
            std::string out = id;
            for (int n = 0; taken.contains(out); ++n)
                out = n == 0 ? fmt::format("{}~{}", id, k + 1)
                             : fmt::format("{}~{}-{}", id, k + 1, n + 1);
            taken.insert(out);
            ids_[k].emplace(id, out);
        };
        for (std::size_t k = 0; k < sources_.size(); ++k) {
            const Model& m = sources_[k].model;
            for (const Framework& f : m.frameworks) take(k, f.id);
            for (const Outcome& o : m.outcomes) take(k, o.id);
            for (const Indicator& i : m.indicators) take(k, i.id);
        }
        merged_of_.resize(sources_.size());
    }

    // Any id of source k as it appears in the reconciled model.
    std::string remap(std::size_t k, const std::string& id) const {
        if (auto it = merged_of_[k].find(id); it != merged_of_[k].end()) return it->second;
        if (auto it = ids_[k].find(id); it != ids_[k].end()) return it->second;
        return id;
    }

    void collect_members() {
        for (std::size_t k = 0; k < sources_.size(); ++k)
            for (const Indicator& ind : sources_[k].model.indicators) {
                Member m;
                m.source = k;
                m.indicator = &ind;
                m.id = ids_[k].at(ind.id);
                m.key = title_key(ind.title);
                for (const std::string& a : ind.aliases) m.alias_keys.push_back(title_key(a));
                members_.push_back(std::move(m));
            }
    }

    // ---- identity ---------------------------------------------------------------------------
    // Codes of the same scheme that differ on the two sides: a title or alias match between
    // them is refused.
    std::optional<std::string> code_clash(Groups& g, std::size_t a, std::size_t b) {
        std::map<std::string, std::set<std::string>> ca, cb;
        auto gather = [&](std::size_t root, auto& out) {
            for (std::size_t i : g.members(root))
                for (const IndicatorCode& c : members_[i].indicator->codes)
                    if (!is_local(c)) out[normalise_text(c.scheme)].insert(normalise_text(c.value));
        };
        gather(g.find(a), ca);
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
                       std::string evidence) {
        if (g.find(a) == g.find(b)) return;
        if (auto clash = code_clash(g, a, b)) {
            refused_.push_back(
                {a, b,
                 fmt::format("{}, but their codes differ ({}); not merged", evidence, *clash)});
            return;
        }
        g.unite(a, b, rule, std::move(evidence));
    }

    void match_codes(Groups& g) {
        std::map<std::string, std::size_t> first;
        for (std::size_t i = 0; i < members_.size(); ++i)
            for (const IndicatorCode& c : members_[i].indicator->codes) {
                std::string key = code_key(c);
                if (is_local(c)) key += fmt::format("\n#{}", members_[i].source);
                auto [it, fresh] = first.emplace(key, i);
                if (!fresh)
                    g.unite(it->second, i, MatchRule::code,
                            fmt::format("same code {} {}", c.scheme, c.value));
            }
    }

    void match_crosswalk(Groups& g) {
        if (options_.crosswalk == nullptr) return;
        const Crosswalk& cw = *options_.crosswalk;
        for (std::size_t e = 0; e < cw.entries.size(); ++e) {
            const CrosswalkEntry& entry = cw.entries[e];
            std::set<std::string> keys = {title_key(entry.canonical_title)};
            for (const std::string& t : entry.titles) keys.insert(title_key(t));
            std::set<std::string> codes;
            for (const IndicatorCode& c : entry.codes) codes.insert(code_key(c));
            std::optional<std::size_t> first;
            for (std::size_t i = 0; i < members_.size(); ++i) {
                Member& m = members_[i];
                bool hit = keys.contains(m.key);
                for (const std::string& a : m.alias_keys) hit = hit || keys.contains(a);
                for (const IndicatorCode& c : m.indicator->codes)
                    hit = hit || codes.contains(code_key(c));
                if (!hit) continue;
                if (m.crosswalk_entry < 0) m.crosswalk_entry = static_cast<int>(e);
                if (!first)
                    first = i;
                else
                    g.unite(*first, i, MatchRule::crosswalk,
                            fmt::format("confirmed by the crosswalk {}:{}", cw.path, entry.line));
            }
        }
    }

    void match_aliases(Groups& g) {
        std::map<std::string, std::vector<std::size_t>> by_key;  // title and alias keys
        for (std::size_t i = 0; i < members_.size(); ++i) {
            by_key[members_[i].key].push_back(i);
            for (const std::string& a : members_[i].alias_keys)
                if (a != members_[i].key) by_key[a].push_back(i);
        }
        for (std::size_t i = 0; i < members_.size(); ++i)
            for (std::size_t a = 0; a < members_[i].alias_keys.size(); ++a) {
                const std::string& key = members_[i].alias_keys[a];
                for (std::size_t j : by_key[key]) {
                    if (j == i) continue;
                    unite_checked(g, i, j, MatchRule::alias,
                                  fmt::format("'{}' is an alias of '{}' in its mapping",
                                              members_[i].indicator->aliases[a],
                                              members_[i].indicator->title));
                }
            }
    }

    void match_titles(Groups& g) {
        std::map<std::string, std::size_t> first;
        for (std::size_t i = 0; i < members_.size(); ++i) {
            auto [it, fresh] = first.emplace(members_[i].key, i);
            if (fresh) continue;
            const std::string& a = members_[it->second].indicator->title;
            const std::string& b = members_[i].indicator->title;
            unite_checked(g, it->second, i, MatchRule::title,
                          a == b ? std::string("same title")
                                 : fmt::format("same title after folding case, punctuation and "
                                               "look-alike letters ('{}' and '{}')",
                                               a, b));
        }
    }

    // ---- merged indicators ----------------------------------------------------------------
    void build_indicators(Groups& g) {
        group_of_.resize(members_.size());
        for (std::size_t i = 0; i < members_.size(); ++i) {
            const std::size_t root = g.find(i);
            group_of_[i] = root;
            if (root != i) continue;
            const std::vector<std::size_t>& ms = g.members(root);
            const Member& head = members_[root];
            Indicator merged = *head.indicator;
            merged.id = head.id;
            merged.framework_id = remap(head.source, head.indicator->framework_id);
            merged.aliases.clear();
            merged.codes.clear();
            int entry = -1;
            for (std::size_t m : ms)
                if (members_[m].crosswalk_entry >= 0) {
                    entry = members_[m].crosswalk_entry;
                    break;
                }
            if (entry >= 0)
                merged.title =
                    options_.crosswalk->entries[static_cast<std::size_t>(entry)].canonical_title;
            std::set<std::string> seen_titles = {normalise_text(merged.title)};
            std::set<std::string> seen_codes;
            auto add_alias = [&](const std::string& t) {
                if (seen_titles.insert(normalise_text(t)).second) merged.aliases.push_back(t);
            };
            for (std::size_t m : ms) {
                const Indicator& src = *members_[m].indicator;
                add_alias(src.title);
                for (const std::string& a : src.aliases) add_alias(a);
                for (const IndicatorCode& c : src.codes)
                    if (seen_codes.insert(code_key(c)).second) merged.codes.push_back(c);
                if (merged.polarity == Polarity::unknown) merged.polarity = src.polarity;
                if (merged.unit == Unit::unknown) {
                    merged.unit = src.unit;
                    merged.unit_per = src.unit_per;
                }
                if (merged.measure_type.empty()) merged.measure_type = src.measure_type;
                if (merged.aim.text.empty()) merged.aim = src.aim;
                if (merged.capture.empty()) merged.capture = src.capture;
                if (merged.judgement.empty()) merged.judgement = src.judgement;
            }
            for (std::size_t m : ms)
                merged_of_[members_[m].source][members_[m].indicator->id] = merged.id;
            merged_index_[merged.id] = result_.model.indicators.size();
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
                for (std::size_t m : ms) {
                    match.source_ids.push_back(members_[m].id);
                    match.source_where.push_back(members_[m].indicator->where);
                }
                result_.report.matches.push_back(std::move(match));
            }
            result_.model.indicators.push_back(std::move(merged));
        }
    }

    // ---- observations ---------------------------------------------------------------------
    void merge_observations() {
        Model& out = result_.model;
        // Which merged indicators are percentages (in any source).
        std::set<std::string> percent;
        for (const Indicator& ind : out.indicators)
            if (ind.unit == Unit::percent) percent.insert(ind.id);
        struct Item {
            Observation obs;
            std::size_t order;
            bool scaled = false;
        };
        std::vector<Item> items;
        for (std::size_t k = 0; k < sources_.size(); ++k)
            for (const Observation& o : sources_[k].model.observations) {
                Item item{o, items.size()};
                item.obs.indicator_id = remap(k, o.indicator_id);
                if (o.percent_shown) percent.insert(item.obs.indicator_id);
                items.push_back(std::move(item));
            }
        // A plain fraction beside percentages of another source is the same unit, scaled (the
        // converter does this within one source).
        for (Item& item : items) {
            Observation& o = item.obs;
            if (!o.value || o.percent_shown || !percent.contains(o.indicator_id)) continue;
            if (std::fabs(*o.value) > 1.0 || source_unit_percent(item.order)) continue;
            o.value = std::round(*o.value * 100 * 1e9) / 1e9;
            o.decimals = o.decimals >= 2 ? o.decimals - 2 : 0;
            item.scaled = true;
        }
        // Groups by indicator, period and series, in order of first appearance.
        std::map<std::string, std::size_t> slot_of;
        std::vector<std::vector<std::size_t>> slots;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string key = items[i].obs.indicator_id + '\n' + period_key(items[i].obs);
            auto [it, fresh] = slot_of.emplace(key, slots.size());
            if (fresh) slots.emplace_back();
            slots[it->second].push_back(i);
        }
        for (const std::vector<std::size_t>& slot : slots) {
            std::vector<std::size_t> valued;
            for (std::size_t i : slot)
                if (items[i].obs.value) valued.push_back(i);
            if (valued.empty()) {
                out.observations.push_back(items[slot.front()].obs);
                continue;
            }
            // Most decimals shown, then first met (valued is in order).
            std::size_t kept = valued.front();
            for (std::size_t i : valued)
                if (items[i].obs.decimals > items[kept].obs.decimals) kept = i;
            const Observation& k = items[kept].obs;
            const bool pct = percent.contains(k.indicator_id);
            const std::string& title = out.indicators[merged_index_.at(k.indicator_id)].title;
            for (std::size_t i : valued) {
                if (i == kept) continue;
                const Observation& o = items[i].obs;
                ValueComparison c;
                c.merged_id = k.indicator_id;
                c.title = title;
                c.period_label = k.period.label();
                c.kept = ComparedValue(k);
                c.other = ComparedValue(o);
                c.agree = agree_within_precision(*k.value, k.decimals, *o.value, o.decimals);
                c.rule = k.decimals > o.decimals
                             ? fmt::format(
                                   "kept the value shown with more decimals ({} against "
                                   "{})",
                                   dp(k.decimals), dp(o.decimals))
                             : fmt::format(
                                   "both show {}; kept the one met first (sources in the "
                                   "order given, then sheet order)",
                                   dp(k.decimals));
                const int d = k.decimals < 0   ? o.decimals
                              : o.decimals < 0 ? k.decimals
                                               : std::min(k.decimals, o.decimals);
                std::string a = percent_text(k, pct), b = percent_text(o, pct);
                if (items[kept].scaled) a += fmt::format(" (written {})", k.raw);
                if (items[i].scaled) b += fmt::format(" (written {})", o.raw);
                if (c.agree)
                    c.explanation = d < 0 ? fmt::format("{} and {} are equal", a, b)
                                          : fmt::format("{} ({}) and {} ({}) agree at {}", a,
                                                        dp(k.decimals), b, dp(o.decimals), dp(d));
                else if (d < 0)
                    c.explanation = fmt::format("{} and {} differ", a, b);
                else
                    c.explanation = fmt::format("{} ({}) and {} ({}) differ at {}: {} against {}",
                                                a, dp(k.decimals), b, dp(o.decimals), dp(d),
                                                fmt::format("{:.{}f}", *k.value, d),
                                                fmt::format("{:.{}f}", *o.value, d));
                (c.agree ? result_.report.agreements : result_.report.conflicts)
                    .push_back(std::move(c));
            }
            // The kept value may come from a source without a benchmark: take the comparator
            // of an agreeing observation rather than lose it.
            Observation merged = k;
            for (std::size_t i : valued) {
                const Observation& o = items[i].obs;
                if (merged.comparator_value || !o.comparator_value || i == kept) continue;
                if (!agree_within_precision(*k.value, k.decimals, *o.value, o.decimals)) continue;
                merged.comparator_name = o.comparator_name;
                merged.comparator_value = o.comparator_value;
                merged.comparator_lower_ci = o.comparator_lower_ci;
                merged.comparator_upper_ci = o.comparator_upper_ci;
                merged.comparator_cell = o.comparator_cell;
            }
            out.observations.push_back(std::move(merged));
        }
    }

    // True when the observation at `order` (over all sources) belongs to an indicator its own
    // source already reads as a percentage.
    bool source_unit_percent(std::size_t order) const {
        for (std::size_t k = 0; k < sources_.size(); ++k) {
            const auto& obs = sources_[k].model.observations;
            if (order >= obs.size()) {
                order -= obs.size();
                continue;
            }
            const Indicator* ind = sources_[k].model.find_indicator(obs[order].indicator_id);
            return ind != nullptr && ind->unit == Unit::percent;
        }
        return false;
    }

    // ---- suggestions ----------------------------------------------------------------------
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
        for (const Observation& o : result_.model.observations)
            if (o.value) values[o.indicator_id].emplace(period_key(o), &o);
        std::vector<std::vector<std::string>> words(members_.size());
        for (std::size_t i = 0; i < members_.size(); ++i)
            words[i] = title_words(members_[i].indicator->title);
        const double floor = std::min(kTitleFloor, options_.suggestion_threshold);
        // The sheets (source, sheet name) each group's titles are on.
        std::map<std::size_t, std::set<std::pair<std::size_t, std::string>>> sheets;
        for (std::size_t i = 0; i < members_.size(); ++i)
            sheets[group_of_[i]].emplace(members_[i].source, members_[i].indicator->where.sheet);
        auto share_a_sheet = [](const auto& x, const auto& y) {
            return std::any_of(x.begin(), x.end(), [&](const auto& s) { return y.contains(s); });
        };
        std::map<std::pair<std::size_t, std::size_t>, MatchSuggestion> best;  // by group pair
        auto make = [&](std::size_t i, std::size_t j) {
            MatchSuggestion s;
            const Member& a = members_[i];
            const Member& b = members_[j];
            s.first_id = a.id;
            s.second_id = b.id;
            s.first_title = a.indicator->title;
            s.second_title = b.indicator->title;
            s.first_where = a.indicator->where;
            s.second_where = b.indicator->where;
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
        for (const Refused& r : refused_) {
            MatchSuggestion s = make(r.a, r.b);
            s.title_score = 1.0;
            s.score = 1.0;
            s.evidence = fmt::format("{}; {}", r.evidence, values_text(s));
            best[std::minmax(group_of_[r.a], group_of_[r.b])] = std::move(s);
        }
        // Pairs are taken between distinct titles of different groups, not between every two
        // source indicators: 200 workbooks of the same 500 titles give 100,000 members but
        // only a few hundred distinct (group, title) entries.
        std::vector<std::size_t> reps;
        {
            std::set<std::pair<std::size_t, std::vector<std::string>>> seen;
            for (std::size_t i = 0; i < members_.size(); ++i)
                if (seen.emplace(group_of_[i], words[i]).second) reps.push_back(i);
        }
        for (std::size_t ri = 0; ri < reps.size(); ++ri)
            for (std::size_t rj = ri + 1; rj < reps.size(); ++rj) {
                const std::size_t i = reps[ri], j = reps[rj];
                if (group_of_[i] == group_of_[j]) continue;
                if (share_a_sheet(sheets[group_of_[i]], sheets[group_of_[j]])) continue;
                const auto& wa = words[i];
                const auto& wb = words[j];
                if (wa.empty() || wb.empty()) continue;
                std::vector<std::string> shared, only_a, only_b;
                for (const std::string& w : wa)
                    (std::find(wb.begin(), wb.end(), w) != wb.end() ? shared : only_a).push_back(w);
                for (const std::string& w : wb)
                    if (std::find(wa.begin(), wa.end(), w) == wa.end()) only_b.push_back(w);
                const double t = 2.0 * static_cast<double>(shared.size()) /
                                 static_cast<double>(wa.size() + wb.size());
                if (t < floor) continue;
                MatchSuggestion s = make(i, j);
                s.title_score = std::round(t * 1000) / 1000;
                const double score =
                    s.shared_periods > 0
                        ? (t + static_cast<double>(s.agreeing_periods) / s.shared_periods) / 2
                        : t;
                s.score = std::round(score * 1000) / 1000;
                if (score < options_.suggestion_threshold) continue;
                const auto key = std::minmax(group_of_[i], group_of_[j]);
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
        for (auto& [key, s] : best) result_.report.suggestions.push_back(std::move(s));
        std::stable_sort(
            result_.report.suggestions.begin(), result_.report.suggestions.end(),
            [](const MatchSuggestion& x, const MatchSuggestion& y) { return x.score > y.score; });
    }

    // ---- duplicates -----------------------------------------------------------------------
    void find_duplicates() {
        for (std::size_t k = 0; k < sources_.size(); ++k) {
            const Model& m = sources_[k].model;
            std::map<std::string, const Indicator*> by_key;
            for (const Indicator& ind : m.indicators) {
                by_key.emplace(title_key(ind.title), &ind);
                for (const std::string& a : ind.aliases) by_key.emplace(title_key(a), &ind);
            }
            const SourceDuplicate* last = nullptr;
            for (const ConvertDiagnostic& d : sources_[k].diagnostics) {
                if (d.code != "duplicate_row" && d.code != "duplicate_indicator") continue;
                const Indicator* ind = nullptr;
                if (auto it = by_key.find(title_key(d.raw)); it != by_key.end()) ind = it->second;
                // A title continued over several cells is reported part by part; the message
                // names the whole title ("'...' is already listed at B7").
                if (ind == nullptr && d.message.starts_with('\'')) {
                    const auto end = d.message.find("' ", 1);
                    if (end != std::string::npos)
                        if (auto it = by_key.find(title_key(d.message.substr(1, end - 1)));
                            it != by_key.end())
                            ind = it->second;
                }
                if (ind == nullptr) continue;  // "part of a repeated record": not a title
                const std::string id = remap(k, ind->id);
                if (last != nullptr && last->indicator_id == id && last->explanation == d.message &&
                    last->second.sheet == d.where.sheet)
                    continue;
                SourceDuplicate dup;
                dup.indicator_id = id;
                dup.code = d.code;
                dup.title = ind->title;
                dup.first = ind->where;
                dup.second = d.where;
                dup.explanation = d.message;
                result_.report.duplicates.push_back(std::move(dup));
                last = &result_.report.duplicates.back();
            }
        }
    }

    // ---- the rest of the model ------------------------------------------------------------
    void copy_rest() {
        Model& out = result_.model;
        std::set<std::string> expectation_keys, link_keys;
        for (std::size_t k = 0; k < sources_.size(); ++k) {
            const Model& m = sources_[k].model;
            for (Framework f : m.frameworks) {
                f.id = remap(k, f.id);
                out.frameworks.push_back(std::move(f));
            }
            for (Outcome o : m.outcomes) {
                o.id = remap(k, o.id);
                o.framework_id = remap(k, o.framework_id);
                if (!o.parent_id.empty()) o.parent_id = remap(k, o.parent_id);
                out.outcomes.push_back(std::move(o));
            }
        }
        // Expectations and links in source order; exact repeats (same indicator, period and
        // expectation; same kind, ends and strength) once.
        for (std::size_t k = 0; k < sources_.size(); ++k) {
            const Model& m = sources_[k].model;
            for (Expectation e : m.expectations) {
                e.indicator_id = remap(k, e.indicator_id);
                const std::string key = fmt::format(
                    "{}\n{}\n{}\n{}\n{}", e.indicator_id, period_kind_name(e.period.kind),
                    e.period.start.empty() ? e.period_text : e.period.label(),
                    expectation_kind_name(e.kind),
                    e.target ? format_number(*e.target) : std::string());
                if (expectation_keys.insert(key).second) out.expectations.push_back(std::move(e));
            }
            for (Link l : m.links) {
                l.from_id = remap(k, l.from_id);
                l.to_id = remap(k, l.to_id);
                const std::string key =
                    l.kind + '\n' + l.from_id + '\n' + l.to_id + '\n' + l.strength;
                if (link_keys.insert(key).second) out.links.push_back(std::move(l));
            }
        }
    }

    const std::vector<ConversionResult>& sources_;
    const ReconcileOptions& options_;
    ReconcileResult result_;
    std::vector<std::map<std::string, std::string>> ids_;        // per source: id -> unique id
    std::vector<std::map<std::string, std::string>> merged_of_;  // per source: indicator -> merged
    std::vector<Member> members_;
    std::vector<std::size_t> group_of_;
    std::map<std::string, std::size_t> merged_index_;  // merged id -> index in the model
    struct Refused {
        std::size_t a, b;
        std::string evidence;
    };
    std::vector<Refused> refused_;
};

}  // namespace

ReconcileResult reconcile(const std::vector<ConversionResult>& sources,
                          const ReconcileOptions& options) {
    return Reconciler(sources, options).run();
}

}  // namespace kpimap
