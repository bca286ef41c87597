// Reconciler::add(): a source packed into the reconciliation, so its conversion can be dropped
// (texts interned, observations into the ComparisonStore, ids renamed where taken).
#include <fmt/format.h>

#include <algorithm>

#include "reconcile_state.hpp"

namespace kpimap::reconciling {

std::uint32_t State::key_of(const std::string& title) {
    auto it = key_of_text.find(title);
    if (it == key_of_text.end())
        it = key_of_text.emplace(title, keys.intern(title_key(title))).first;
    return it->second;
}

std::uint32_t State::period_of(const Period& p) {
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
    const std::string slot = period_key(p);  // the period's identity (kpimap/identity.hpp)
    st.period_slots.push_back(
        slot_index.emplace(slot, static_cast<std::uint32_t>(slot_index.size())).first->second);
    period_index.emplace(p, id);
    return id;
}

// The index of a breakdown as written in the store (0, the whole population, when empty),
// trying `last` first (a block's values share one).
std::uint32_t State::breakdown_of(const Breakdown& b, std::uint32_t& last) {
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
                      .try_emplace(key, static_cast<std::uint32_t>(breakdown_slot_index.size() + 1))
                      .first->second;
        st.breakdown_slots.push_back(slot);
    }
    return last = it->second;
}

// As period_of(p), first trying the period after `last` and `last` itself (a row of values
// walks the periods in order).
std::uint32_t State::period_of(const Period& p, std::uint32_t& last) {
    const std::vector<Period>& known = store->periods;
    if (last != kNone) {
        if (last + 1 < known.size() && known[last + 1] == p) return ++last;
        if (known[last] == p) return last;
    }
    return last = period_of(p);
}

// Folds in `src`; its frameworks, outcomes and expectations are moved out of `movable`
// (the same conversion) when given, else copied.
void State::add(const ConversionResult& src, ConversionResult* movable) {
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

void State::pack_links(SourceData& sd, const std::vector<Link>& links) {
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

void State::pack_observations(std::size_t k, const SourceData& sd,
                              const std::vector<Observation>& observations) {
    ComparisonStore& st = *store;
    std::uint32_t last_period = kNone, last_series = kNone, last_file = kNone, last_sheet = kNone,
                  last_place_file = kNone, last_place_sheet = kNone, last_place = 0,
                  last_breakdown = kNone;
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
        if (o.count || o.denominator || o.lower_ci || o.upper_ci || !o.comparator_name.empty() ||
            o.comparator_value || o.comparator_lower_ci || o.comparator_upper_ci ||
            !o.comparator_cell.empty()) {
            p.flags |= detail::has_extra;
            st.extra_of.emplace(static_cast<std::uint32_t>(st.observations.size()),
                                static_cast<std::uint32_t>(st.extras.size()));
            st.extras.push_back({o.count, o.denominator, o.lower_ci, o.upper_ci, o.comparator_name,
                                 o.comparator_value, o.comparator_lower_ci, o.comparator_upper_ci,
                                 o.comparator_cell});
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

}  // namespace kpimap::reconciling
