// Which source indicators are one: by code, crosswalk, mapping alias, then normalised title (a
// title or alias match refused when codes of one scheme clash), and the ids they take.
#include <fmt/format.h>

#include <set>

#include "kpimap/text_match.hpp"
#include "reconcile_state.hpp"

namespace kpimap::reconciling {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : std::string(separator)) + s;
    return out;
}

// The member whose merged indicator an id of its source names: among indicators of one
// source sharing an id, the one merged last (the reconciled ids follow the last group).
std::uint32_t State::owner(const SourceData& sd, std::uint32_t member) const {
    if (sd.shared_ids.empty()) return member;
    auto it = sd.shared_ids.find(members[member].indicator->id);
    if (it == sd.shared_ids.end()) return member;
    std::uint32_t best = it->second.front();
    for (std::uint32_t m : it->second)
        if (group_of[m] >= group_of[best]) best = m;
    return best;
}

// Any id of source k as it appears in the reconciled model.
std::string State::remap(std::size_t k, const std::string& id) const {
    const SourceData& sd = *sources[k];
    if (auto it = sd.member_of.find(id); it != sd.member_of.end())
        return member_id(group_of[owner(sd, it->second)]);
    if (auto it = sd.renamed.find(id); it != sd.renamed.end()) return it->second;
    return id;
}

// Codes of the same scheme that differ on the two sides: a title or alias match between
// them is refused.
std::optional<std::string> State::code_clash(Groups& g, std::size_t a, std::size_t b) {
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
        std::set_intersection(values.begin(), values.end(), it->second.begin(), it->second.end(),
                              std::back_inserter(common));
        if (common.empty())
            return fmt::format("{} {} against {} {}", scheme,
                               join({values.begin(), values.end()}, "/"), scheme,
                               join({it->second.begin(), it->second.end()}, "/"));
    }
    return std::nullopt;
}

// Joins by a title-like rule unless codes clash; a refused join becomes a suggestion.
void State::unite_checked(Groups& g, std::size_t a, std::size_t b, MatchRule rule,
                          const std::function<std::string()>& evidence) {
    if (g.find(a) == g.find(b)) return;
    if (!any_codes_) {
        g.unite(a, b, rule, evidence());
        return;
    }
    if (auto clash = code_clash(g, a, b)) {
        refused.push_back(
            {a, b, fmt::format("{}, but their codes differ ({}); not merged", evidence(), *clash)});
        return;
    }
    g.unite(a, b, rule, evidence());
}

void State::match_codes(Groups& g) {
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

void State::match_crosswalk(Groups& g) {
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

void State::match_aliases(Groups& g) {
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

void State::match_titles(Groups& g) {
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

std::size_t State::keys_count() const {
    std::uint32_t n = 0;
    for (const Member& m : members) {
        n = std::max(n, m.key + 1);
        for (std::uint32_t a : m.alias_keys) n = std::max(n, a + 1);
    }
    return n;
}

}  // namespace kpimap::reconciling
