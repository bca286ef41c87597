// The merged values: of the values for one indicator, period, series and breakdown, the one shown
// with the most decimals is kept (on a tie the one met first); every other is an agreement or a
// conflict with it.
#include <cmath>

#include "reconcile_state.hpp"

namespace kpimap::reconciling {

void State::merge_observations() {
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
        p.key = (p.member & kOrphan) ? key_of_orphan[p.member & ~kOrphan] : key_of_member[p.member];
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
                         .try_emplace(sb_key, static_cast<std::uint32_t>(series_breakdown.size()))
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
    detail::ComparisonListBuilder agreements(report.agreements);
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
                agreements.add(kept, i);
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
    agreements.set_store(store);
}

}  // namespace kpimap::reconciling
