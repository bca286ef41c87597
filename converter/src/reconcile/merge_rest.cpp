// The rest of the merged model: frameworks and outcomes of every source (ids renamed where
// taken), facts once per name and value, expectations and links once each.
#include <fmt/format.h>

#include "reconcile_state.hpp"

namespace kpimap::reconciling {

void State::copy_rest() {
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
        std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& p) const noexcept {
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
            // The period by its identity (period_key), or as written when it was not parsed.
            const std::string period =
                e.period.start.empty()
                    ? std::string(period_kind_name(e.period.kind)) + '\n' + e.period_text
                    : period_key(e.period);
            const std::string key =
                fmt::format("{}\n{}\n{}\n{}", e.indicator_id, period, expectation_kind_name(e.kind),
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

}  // namespace kpimap::reconciling
