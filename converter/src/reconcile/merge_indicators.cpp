// The merged indicators: one per group, taking the id, framework and cell of its first member,
// the crosswalk's title or the first member's, and every other title and alias as aliases.
#include <set>

#include "kpimap/text_match.hpp"
#include "reconcile_state.hpp"

namespace kpimap::reconciling {

Indicator State::indicator_of(const SourceIndicator& si) const {
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

Aim State::aim_of(const SourceIndicator& si) const {
    Aim aim;
    aim.text = texts[si.aim_text];
    aim.direction = si.aim_direction;
    aim.significance_required = si.aim_significance;
    return aim;
}

void State::build_indicators(Groups& g) {
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
                    if (seen_codes.insert(indicator_code_key(c)).second) merged.codes.push_back(c);
        merged_of_root[root] = result.model.indicators.size();
        merged_index[merged.id] = result.model.indicators.size();
        if (ms.size() >= 2) {
            IndicatorMatch match;
            match.merged_id = merged.id;
            match.title = merged.title;
            match.rule = MatchRule::title;
            std::vector<std::string> evidence;
            for (const Join& j : g.joins(root)) {
                if (static_cast<int>(j.rule) < static_cast<int>(match.rule)) match.rule = j.rule;
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

std::string State::remap_framework(std::size_t k, const std::string& id) const {
    const SourceData& sd = *sources[k];
    if (auto it = sd.renamed.find(id); it != sd.renamed.end()) return it->second;
    return id;
}

}  // namespace kpimap::reconciling
