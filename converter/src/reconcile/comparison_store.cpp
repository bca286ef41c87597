// The compact observation store agreements refer to, and the agreements written out from it.
#include <fmt/format.h>

#include <algorithm>

#include "reconcile_state.hpp"

namespace kpimap {

namespace detail {

namespace {

std::string shown_text(double value, int decimals, bool percent) {
    std::string v = decimals >= 0 ? fmt::format("{:.{}f}", value, decimals) : format_number(value);
    return percent ? v + "%" : v;
}

std::string dp(int decimals) {
    return decimals >= 0 ? fmt::format("{} dp", decimals) : std::string("unknown dp");
}

}  // namespace

// Its cell reference ends where the next observation's text starts.
Provenance ComparisonStore::where(const PackedObservation& p) const {
    const auto& [file, sheet] = places[p.place];
    const auto i = static_cast<std::size_t>(&p - observations.data());
    const std::size_t from = std::size_t{p.raw_at} + p.raw_size;
    const std::size_t to = i + 1 < observations.size() ? observations[i + 1].raw_at : text.size();
    return {strings[file], strings[sheet], text.substr(from, to - from)};
}

ComparedValue ComparisonStore::side(const PackedObservation& p) const {
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
Observation ComparisonStore::observation(std::uint32_t i) const {
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
ValueComparison ComparisonStore::comparison(std::uint32_t kept, std::uint32_t other) const {
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
                              : fmt::format("{} ({}) and {} ({}) agree at {}", a, dp(k.decimals), b,
                                            dp(o.decimals), dp(d));
    else if (d < 0)
        c.explanation = fmt::format("{} and {} differ", a, b);
    else
        c.explanation = fmt::format(
            "{} ({}) and {} ({}) differ at {}: {} against {}", a, dp(k.decimals), b, dp(o.decimals),
            dp(d), fmt::format("{:.{}f}", k.value, d), fmt::format("{:.{}f}", o.value, d));
    return c;
}

}  // namespace detail

ValueComparison ComparisonList::operator[](std::size_t i) const {
    const std::uint64_t pair = pairs_[i];
    return store_->comparison(static_cast<std::uint32_t>(pair >> 32),
                              static_cast<std::uint32_t>(pair & 0xFFFFFFFFu));
}

}  // namespace kpimap
