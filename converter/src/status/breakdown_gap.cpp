// Gaps across an ordered breakdown (issue 11 §3): for each indicator and each ordered dimension
// (age bands, deprivation deciles), the spread between the best and the worst category at the
// latest period and at the previous comparable one, and whether it narrowed or widened. Method:
// docs/statuses.md ("Gaps across an ordered breakdown").
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>

#include "kpimap/identity.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/text_match.hpp"
#include "status_text.hpp"

namespace kpimap {

const char* gap_change_name(GapChange change) noexcept {
    switch (change) {
        case GapChange::no_previous:
            return "no_previous";
        case GapChange::narrowed:
            return "narrowed";
        case GapChange::unchanged:
            return "unchanged";
        case GapChange::widened:
            return "widened";
    }
    return "no_previous";
}

namespace {

using status_text::change_text;
using status_text::num;
using status_text::percent_text;

// The values of one group (one indicator, dimension, set of other pairs and series): per
// period, per category (breakdown_key of its pair), the value chosen for it.
struct Group {
    const Dimension* dimension = nullptr;
    Breakdown other;
    std::string series;
    bool series_chosen = false;
    std::map<Period, std::vector<const Observation*>> by_period;  // one per category
    std::vector<std::string> met;  // categories in the order first met (for undeclared ones)
};

// The category of `o` in `dimension`, or nullptr.
const BreakdownPair* pair_of(const Observation& o, const Dimension& dimension) {
    for (const BreakdownPair& p : o.breakdown)
        if (normalise_text(p.dimension) == normalise_text(dimension.id)) return &p;
    return nullptr;
}

GapValue gap_value(const Observation& o, const std::string& category) {
    return {category, *o.value, o.decimals, o.percent_shown, o.where};
}

std::string shown(const GapValue& v) {
    return num(v.value) + (v.percent_shown ? "%" : "");
}

// One period's spread, or nullopt with fewer than two categories. Categories in the declared
// order (Dimension::rank), undeclared ones after them as first met.
std::optional<GapAt> spread(const Group& g, const Period& period,
                            const std::vector<const Observation*>& values, Polarity polarity) {
    if (values.size() < 2) return std::nullopt;
    GapAt at;
    at.period = period.label();
    for (const Observation* o : values)
        at.values.push_back(gap_value(*o, pair_of(*o, *g.dimension)->category));
    auto position = [&](const GapValue& v) {
        const int rank = g.dimension->rank(v.category);
        if (rank >= 0) return static_cast<long>(rank);
        const auto it = std::find(g.met.begin(), g.met.end(), v.category);
        return static_cast<long>(g.dimension->categories.size() + (it - g.met.begin()));
    };
    std::stable_sort(at.values.begin(), at.values.end(), [&](const GapValue& a, const GapValue& b) {
        return position(a) < position(b);
    });
    // Ties go to the earlier category in the order (strict comparisons).
    const GapValue* high = &at.values.front();
    const GapValue* low = &at.values.front();
    for (const GapValue& v : at.values) {
        if (v.value > high->value) high = &v;
        if (v.value < low->value) low = &v;
    }
    const bool lower_better = polarity == Polarity::lower_is_better;
    at.best = lower_better ? *low : *high;
    at.worst = lower_better ? *high : *low;
    at.gap = remove_float_noise(std::fabs(at.best.value - at.worst.value));
    for (const GapValue& v : at.values) {
        if (g.dimension->rank(v.category) < 0) continue;
        if (!at.first) at.first = v;
        at.last = v;
    }
    return at;
}

// The decimals a gap is shown to: the coarser of its two ends' (a difference is no more precise
// than its less precise term); -1 when either is unknown.
int gap_decimals(const GapAt& at) {
    if (at.best.decimals < 0 || at.worst.decimals < 0) return -1;
    return std::min(at.best.decimals, at.worst.decimals);
}

// "8.1 points" for percentages, "8.1" otherwise.
std::string gap_text(const GapAt& at) {
    const bool percent = at.best.percent_shown || at.worst.percent_shown;
    return num(at.gap) + (percent ? " points" : "");
}

// Narrowed, widened or unchanged: unchanged when the two gaps agree at the precision the source
// shows, or differ by no more than `tolerance` of the earlier gap (the direction-of-travel
// convention); `why` says which.
GapChange change_of(const GapAt& latest, const GapAt& previous, double tolerance,
                    std::string& why) {
    const double now = latest.gap, before = previous.gap;
    const int d_now = gap_decimals(latest), d_before = gap_decimals(previous);
    if (d_now >= 0 && d_before >= 0 && agree_within_precision(now, d_now, before, d_before)) {
        why = fmt::format("equal at the {} decimal{} shown", std::min(d_now, d_before),
                          std::min(d_now, d_before) == 1 ? "" : "s");
        return GapChange::unchanged;
    }
    const bool within = before == 0 ? now == 0 : std::fabs(now - before) <= tolerance * before;
    why = fmt::format("{}, {} ±{}", change_text(now, before), within ? "within" : "beyond",
                      percent_text(tolerance));
    if (within) return GapChange::unchanged;
    return now > before ? GapChange::widened : GapChange::narrowed;
}

// The one-line explanation; `why` is what change_of said about the change.
std::string explain(const BreakdownGap& gap, const std::string& why) {
    const GapAt& at = gap.latest;
    const char* best = gap.judged ? "best" : "highest";
    const char* worst = gap.judged ? "worst" : "lowest";
    std::string text;
    if (!gap.other.empty()) text = breakdown_text(gap.other) + ": ";
    text += fmt::format("{} {} {} {} vs {} {} {}: gap {} in {}", gap.dimension, at.best.category,
                        shown(at.best), best, at.worst.category, shown(at.worst), worst,
                        gap_text(at), at.period);
    if (!gap.previous) {
        text += "; no earlier comparable period with two or more categories";
    } else {
        const GapAt& p = *gap.previous;
        const char* verb = gap.change == GapChange::widened    ? "widened from"
                           : gap.change == GapChange::narrowed ? "narrowed from"
                                                               : "unchanged from";
        text += fmt::format(", {} {} in {} ({} {} vs {} {}; {})", verb, num(p.gap), p.period,
                            p.best.category, best, p.worst.category, worst, why);
    }
    // The ends of the order, unless they are the only two categories (already named above).
    if (at.first && at.last && at.first->category != at.last->category && at.values.size() > 2)
        text += fmt::format("; first category {} {}, last {} {}", at.first->category,
                            shown(*at.first), at.last->category, shown(*at.last));
    if (!gap.judged)
        text += gap.polarity == Polarity::no_judgement
                    ? "; no judgement of better or worse, so highest and lowest"
                    : "; polarity unknown, so highest and lowest, not best and worst";
    return text;
}

// The value kept for one category and period when several are read: the first with a value,
// replaced by a later one that agrees with it and shows more decimals (the rule the statuses'
// series use; a disagreement is noted on that category's own status).
void keep(std::vector<const Observation*>& kept, const Observation& o, const Dimension& dimension) {
    const std::string key = normalise_text(pair_of(o, dimension)->category);
    for (const Observation*& k : kept)
        if (normalise_text(pair_of(*k, dimension)->category) == key) {
            if (o.decimals > k->decimals &&
                agree_within_precision(*k->value, k->decimals, *o.value, o.decimals))
                k = &o;
            return;
        }
    kept.push_back(&o);
}

}  // namespace

std::vector<BreakdownGap> breakdown_gaps(const Model& model,
                                         const std::vector<IndicatorStatus>& statuses,
                                         const StatusOptions& options) {
    std::vector<BreakdownGap> out;
    bool any_ordered = false;
    for (const Dimension& d : model.dimensions) any_ordered = any_ordered || d.ordered;
    if (!any_ordered) return out;
    std::unordered_map<std::string_view, Polarity> polarity;
    for (const IndicatorStatus& s : statuses)
        if (s.breakdown.empty()) polarity.emplace(s.indicator_id, s.polarity);
    std::unordered_map<std::string_view, std::vector<const Observation*>> by_indicator;
    for (const Observation& o : model.observations)
        if (!o.breakdown.empty()) by_indicator[o.indicator_id].push_back(&o);
    for (const Indicator& ind : model.indicators) {
        auto found = by_indicator.find(ind.id);
        if (found == by_indicator.end()) continue;
        // Groups keyed by dimension and the other pairs' breakdown_key, in the order met.
        std::vector<Group> groups;
        std::map<std::string, std::size_t> group_of;
        for (const Observation* o : found->second) {
            if (o->period.start.empty() || !o->value || !std::isfinite(*o->value)) continue;
            if (options.as_of && o->period.end > options.as_of->end) continue;
            for (const BreakdownPair& pair : o->breakdown) {
                const Dimension* d = model.find_dimension(pair.dimension);
                if (!d || !d->ordered) continue;
                Breakdown other;
                for (const BreakdownPair& p : o->breakdown)
                    if (&p != &pair) other.push_back(p);
                const std::string key = d->id + '\n' + breakdown_key(other);
                auto [it, added] = group_of.emplace(key, groups.size());
                if (added) groups.push_back({d, other, {}, false, {}, {}});
                Group& g = groups[it->second];
                // The first series met with a value is compared (as the statuses judge it).
                if (!g.series_chosen) {
                    g.series = o->series;
                    g.series_chosen = true;
                }
                if (o->series != g.series) continue;
                if (std::find(g.met.begin(), g.met.end(), pair.category) == g.met.end())
                    g.met.push_back(pair.category);
                keep(g.by_period[o->period], *o, *d);
            }
        }
        const auto pol = polarity.find(ind.id);
        const Polarity p = pol == polarity.end() ? ind.polarity : pol->second;
        for (const Group& g : groups) {
            if (g.by_period.empty()) continue;
            const auto& [period, values] = *g.by_period.rbegin();
            std::optional<GapAt> latest = spread(g, period, values, p);
            if (!latest) continue;  // the latest period has one category: nothing to compare
            BreakdownGap gap;
            gap.indicator_id = ind.id;
            gap.title = ind.title;
            gap.dimension = g.dimension->id;
            gap.other = g.other;
            gap.series = g.series;
            gap.polarity = p;
            gap.judged = p == Polarity::higher_is_better || p == Polarity::lower_is_better;
            gap.latest = std::move(*latest);
            for (auto it = std::next(g.by_period.rbegin()); it != g.by_period.rend(); ++it) {
                if (!comparable(it->first, period)) continue;
                if (auto earlier = spread(g, it->first, it->second, p)) {
                    gap.previous = std::move(earlier);
                    break;
                }
            }
            std::string why;
            if (gap.previous)
                gap.change = change_of(gap.latest, *gap.previous, options.travel_tolerance, why);
            gap.explanation = explain(gap, why);
            out.push_back(std::move(gap));
        }
    }
    return out;
}

}  // namespace kpimap
