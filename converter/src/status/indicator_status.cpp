// Indicator statuses from a model: direction of travel, trajectory, significance, RAG against a
// target, recent trend and outcome summaries. Methods and defaults: docs/statuses.md.
#include "kpimap/indicator_status.hpp"

#include "kpimap/csv_field.hpp"
#include "kpimap/identity.hpp"
#include "kpimap/spc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "status_text.hpp"

namespace kpimap {

const char* trajectory_status_name(TrajectoryStatus status) noexcept {
    switch (status) {
        case TrajectoryStatus::no_expectation:
            return "no_expectation";
        case TrajectoryStatus::baseline_set:
            return "baseline_set";
        case TrajectoryStatus::on_track:
            return "on_track";
        case TrajectoryStatus::off_track:
            return "off_track";
        case TrajectoryStatus::not_assessable:
            return "not_assessable";
    }
    return "not_assessable";
}

const char* source_verdict_name(SourceVerdict verdict) noexcept {
    switch (verdict) {
        case SourceVerdict::not_given:
            return "not_given";
        case SourceVerdict::positive:
            return "positive";
        case SourceVerdict::fairly_stable:
            return "fairly_stable";
        case SourceVerdict::negative:
            return "negative";
        case SourceVerdict::no_comparator:
            return "no_comparator";
    }
    return "no_comparator";
}

const char* significance_name(Significance significance) noexcept {
    switch (significance) {
        case Significance::not_required:
            return "not_required";
        case Significance::significant:
            return "significant";
        case Significance::not_significant:
            return "not_significant";
        case Significance::not_assessable:
            return "not_assessable";
    }
    return "not_assessable";
}

namespace {

using stats::Interval;
using stats::Travel;

using status_text::change_text;
using status_text::num;
using status_text::percent_text;
using status_text::period_label;
using status_text::value_text;

// "5.1 in 2015"
std::string point_text(const Observation& o) {
    return fmt::format("{} in {}", value_text(o), period_label(o));
}

std::string place(const Observation& o) {
    if (o.where.sheet.empty()) return o.where.cell;
    return fmt::format("'{}'!{}", o.where.sheet, o.where.cell);
}

std::string polarity_phrase(Polarity p) {
    switch (p) {
        case Polarity::higher_is_better:
            return "higher is better";
        case Polarity::lower_is_better:
            return "lower is better";
        case Polarity::no_judgement:
            return "no judgement of better or worse";
        case Polarity::unknown:
            break;
    }
    return "polarity unknown";
}

std::string travel_phrase(Travel t) {
    switch (t) {
        case Travel::no_comparator:
            return "no comparator";
        case Travel::improved:
            return "improved";
        case Travel::little_or_no_change:
            return "little or no change";
        case Travel::worsened:
            return "worsened";
        case Travel::increased:
            return "increased";
        case Travel::decreased:
            return "decreased";
    }
    return "no comparator";
}

enum class Mark : std::uint8_t { none, positive, negative };

Mark judgement_mark(std::string_view text) {
    if (text.find("\u2714") != std::string_view::npos ||
        text.find("\u2713") != std::string_view::npos)
        return Mark::positive;
    if (text.find("\u2718") != std::string_view::npos ||
        text.find("\u2717") != std::string_view::npos)
        return Mark::negative;
    return Mark::none;
}

// A point whose values the source shows once as a fraction (0.822) and once as a percentage
// (83.4%): kpimap never rescales, so the two are not compared.
bool mixed_units(const Observation& a, const Observation& b) {
    if (a.percent_shown == b.percent_shown || !a.value || !b.value) return false;
    const Observation& plain = a.percent_shown ? b : a;
    const Observation& pct = a.percent_shown ? a : b;
    return std::fabs(*plain.value) <= 1.0 && std::fabs(*pct.value) > 1.0;
}

// Two values for the same period agree when they are equal at the precision the less precise
// one shows (92 shown with 0 decimals agrees with 92.4), by the rule reconcile uses too.
bool agree(const Observation& a, const Observation& b) {
    if (a.percent_shown != b.percent_shown && mixed_units(a, b)) return false;
    return agree_within_precision(*a.value, a.decimals, *b.value, b.decimals);
}

// ---- Series resolution ----------------------------------------------------------------------

struct Series {
    std::vector<Observation> points;  // one per period with a value, oldest first
    std::vector<Observation> missing_after_latest;
};

// The model's observations and expectations by indicator id, in model order: built once, so
// judging an indicator does not scan the whole model.
class ModelIndex {
public:
    explicit ModelIndex(const Model& model) : first_(model.observations.data()) {
        for (const Observation& o : model.observations) observations_[o.indicator_id].push_back(&o);
        for (const Expectation& e : model.expectations) expectations_[e.indicator_id].push_back(&e);
        // Each observation's breakdown_key, computed once (it normalises every pair's text).
        part_.reserve(model.observations.size());
        for (const Observation& o : model.observations) part_.push_back(breakdown_key(o.breakdown));
    }
    // The breakdown_key of an observation of the indexed model ("" for the whole population).
    const std::string& part(const Observation& o) const {
        return part_[static_cast<std::size_t>(&o - first_)];
    }
    const std::vector<const Observation*>& observations(std::string_view id) const {
        return find(observations_, id);
    }
    const std::vector<const Expectation*>& expectations(std::string_view id) const {
        return find(expectations_, id);
    }

private:
    template <class T>
    static const std::vector<const T*>& find(
        const std::unordered_map<std::string_view, std::vector<const T*>>& map,
        std::string_view id) {
        static const std::vector<const T*> none;
        auto it = map.find(id);
        return it == map.end() ? none : it->second;
    }
    std::unordered_map<std::string_view, std::vector<const Observation*>> observations_;
    std::unordered_map<std::string_view, std::vector<const Expectation*>> expectations_;
    const Observation* first_;
    std::vector<std::string> part_;  // parallel to the model's observations
};

Series resolve_series(const ModelIndex& index, const Indicator& ind, const StatusOptions& options,
                      IndicatorStatus& st) {
    std::vector<const Observation*> all;
    const std::string part = breakdown_key(st.breakdown);  // only this part of the population
    for (const Observation* op : index.observations(ind.id)) {
        const Observation& o = *op;
        if (o.period.start.empty()) continue;
        if (index.part(o) != part) continue;

        if (options.as_of && o.period.end > options.as_of->end) continue;
        all.push_back(&o);
    }
    // The headline series: the first one (model order) with a value.
    std::vector<std::string> names;
    for (const Observation* o : all)
        if (std::find(names.begin(), names.end(), o->series) == names.end())
            names.push_back(o->series);
    std::string chosen;
    for (const Observation* o : all)
        if (o->value) {
            chosen = o->series;
            break;
        }
    if (names.size() > 1) {
        st.series = chosen;
        std::string list;
        for (const std::string& n : names)
            list += (list.empty() ? "" : ", ") + (n.empty() ? "(unnamed)" : n);
        st.notes.push_back(fmt::format(
            "{} series ({}); the first, '{}', is judged and the indicator is counted once",
            names.size(), list, chosen));
    }
    std::map<Period, std::vector<const Observation*>> by_period;
    for (const Observation* o : all)
        if (o->series == chosen) by_period[o->period].push_back(o);
    Series out;
    for (auto& [period, list] : by_period) {
        std::vector<const Observation*> with;
        for (const Observation* o : list)
            if (o->value) with.push_back(o);
        if (with.empty()) {
            out.missing_after_latest.push_back(*list.front());
            continue;
        }
        out.missing_after_latest.clear();
        const Observation* pick = with.front();
        bool all_agree = true;
        for (const Observation* o : with)
            if (!agree(*o, *with.front())) all_agree = false;
        if (all_agree) {
            for (const Observation* o : with)
                if (o->decimals > pick->decimals) pick = o;
        } else {
            std::string list_text;
            for (const Observation* o : with)
                list_text += fmt::format("{}{} ({})", list_text.empty() ? "" : " vs ",
                                         value_text(*o), place(*o));
            st.notes.push_back(fmt::format("{}: sources disagree: {}; the first is used",
                                           period.label(), list_text));
        }
        out.points.push_back(*pick);
    }
    for (const Observation& m : out.missing_after_latest)
        st.notes.push_back(fmt::format(
            "{} has no value ({}{}); the latest period with a value is judged", period_label(m),
            missing_reason_name(m.missing), m.raw.empty() ? "" : ", '" + m.raw + "'"));
    return out;
}

// ---- Intervals and significance -------------------------------------------------------------

struct Ci {
    Interval ci;
    std::string how;
};

bool is_proportion(const Indicator& ind) {
    return ind.unit == Unit::percent || ind.unit == Unit::ratio || ind.unit == Unit::unknown;
}

// What scale a value shows its count / denominator at: 1 (a fraction), 100 (a percentage) or
// per N (1,000 ... 1,000,000, or the indicator's own per-N), when value ≈ scale × count /
// denominator within rounding (0.5% of it, or half the last decimal the source shows). An interval
// is computed only at the scale the value agrees with: a count up to the denominator is not
// taken for a proportion just because the unit is unknown (28.67 with 7643/40299 is neither
// 0.19 nor 18.97%), and nothing is multiplied by 100 just because the value is above 1.
struct CountScale {
    std::optional<double> scale;  // nullopt: the value agrees with no scale (why_not says so)
    std::string why_not;
};

// A number in a "does not agree" reason: 4 significant figures below 1,000, whole numbers with
// thousands separators from 1,000 (0.1897, 18.97, 18,966), never an exponent.
std::string approx_text(double v) {
    if (std::fabs(v) < 1000) return fmt::format("{:.4g}", v);
    const std::string digits = fmt::format("{:.0f}", std::fabs(v));
    std::string out = v < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

CountScale count_scale(const Observation& o, const Indicator& ind) {
    const double k = *o.count, n = *o.denominator, p = k / n, v = *o.value;
    const double shown = o.decimals >= 0 ? 0.5 * std::pow(10.0, -o.decimals) : 0.0;
    const double per = ind.unit_per > 0 ? ind.unit_per : 100000.0;
    if (k == 0 && std::fabs(v) <= shown) {
        // 0 events shown as 0 agrees with every scale: only the unit can say which.
        if (ind.unit == Unit::rate && ind.unit_per > 0) return {ind.unit_per, {}};
        if (ind.unit == Unit::percent || o.percent_shown) return {100.0, {}};
        if (ind.unit == Unit::ratio) return {1.0, {}};
        return {std::nullopt,
                fmt::format("{} from 0/{} agrees with every scale (a fraction, a percentage, any "
                            "rate per N) and the unit does not say which; no interval",
                            num(v), num(n))};
    }
    // A count indicator shows the count itself beside its population: an interval on the count.
    if (ind.unit == Unit::count && std::fabs(v - k) <= std::max(0.005 * k, shown)) return {n, {}};
    std::vector<double> scales;
    if (ind.unit_per > 0) scales.push_back(ind.unit_per);
    for (double s : {1.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0}) scales.push_back(s);
    for (double s : scales)
        if (std::fabs(v - p * s) <= std::max(0.005 * std::fabs(p * s), shown)) return {s, {}};
    return {std::nullopt,
            fmt::format("{} does not agree with {}/{} (= {}, {}%, {} per {}); no interval", num(v),
                        num(k), num(n), approx_text(p), approx_text(p * 100), approx_text(p * per),
                        approx_text(per))};
}

// Whether a point is a proportion (for Newcombe and the trend test): a count of at most its
// denominator whose value shows it as a fraction, a percentage or per 1,000 (count_scale, the one
// scale rule).
bool shown_as_proportion(const Observation& o, const Indicator& ind) {
    if (!o.value || !o.count || !o.denominator || !(*o.denominator > 0) || *o.count < 0 ||
        *o.count > *o.denominator)
        return false;
    const std::optional<double> scale = count_scale(o, ind).scale;
    return scale && (*scale == 1 || *scale == 100 || *scale == 1000);
}

// Why interval_of gives no interval for counts that are there, or "" (none given, or fine).
std::string interval_refusal(const Observation& o, const Indicator& ind) {
    if (o.lower_ci && o.upper_ci) return {};
    if (!o.value || !o.count || *o.count < 0 || !o.denominator || !(*o.denominator > 0)) return {};
    return count_scale(o, ind).why_not;
}

// The 95% interval of one point (or the interval at another z): published limits (95% only),
// else from count and denominator at the scale the value shows them (count_scale): Wilson for a
// fraction or percentage of at most the whole, exact Poisson (< 10 events) or Byar for a rate per
// N; from a count alone, exact Poisson / Byar on the count.
std::optional<Ci> interval_of(const Observation& o, const Indicator& ind, double z = stats::z95) {
    if (z == stats::z95 && o.lower_ci && o.upper_ci && *o.lower_ci <= *o.upper_ci &&
        std::isfinite(*o.lower_ci) && std::isfinite(*o.upper_ci))
        return Ci{{*o.lower_ci, *o.upper_ci},
                  fmt::format("published interval {}–{}", num(*o.lower_ci), num(*o.upper_ci))};
    if (!o.count || *o.count < 0) return std::nullopt;
    const double k = *o.count;
    const char* poisson = k < 10 ? "exact Poisson" : "Byar";
    if (o.denominator && *o.denominator > 0) {
        const double n = *o.denominator;
        double scale = 0;
        if (o.value) {
            const CountScale cs = count_scale(o, ind);
            if (!cs.scale) return std::nullopt;
            scale = *cs.scale;
        } else {  // counts without a value: the unit says what they are
            scale = ind.unit == Unit::rate      ? (ind.unit_per > 0 ? ind.unit_per : 100000.0)
                    : ind.unit == Unit::percent ? 100.0
                                                : 1.0;
        }
        const bool proportion =
            scale <= 100 && k <= n && ind.unit != Unit::rate && ind.unit != Unit::count;
        if (proportion) {
            auto w = stats::wilson_interval(k, n, z);
            if (!w) return std::nullopt;
            const double r = scale == 1 ? 10000 : 100;  // a fraction to 4 decimals, a % to 2
            return Ci{
                {w->lower * scale, w->upper * scale},
                fmt::format("Wilson {}–{} from {}/{}", num(std::round(w->lower * scale * r) / r),
                            num(std::round(w->upper * scale * r) / r), num(k), num(n))};
        }
        auto r = stats::rate_interval(k, n, scale, z);
        if (!r) return std::nullopt;
        return Ci{*r, fmt::format("{} {}–{} from {} events in {}", poisson,
                                  num(std::round(r->lower * 100) / 100),
                                  num(std::round(r->upper * 100) / 100), num(k), num(n))};
    }
    if (o.denominator) return std::nullopt;  // a zero or negative denominator: nothing to compute
    if (ind.unit != Unit::count && ind.unit != Unit::rate && ind.unit != Unit::unknown)
        return std::nullopt;
    auto c = stats::rate_interval(k, 1.0, 1.0, z);
    if (!c) return std::nullopt;
    const double s = (o.value && k > 0) ? *o.value / k : 1.0;
    return Ci{
        {c->lower * s, c->upper * s},
        fmt::format("{} {}–{} from {} events", poisson, num(std::round(c->lower * s * 100) / 100),
                    num(std::round(c->upper * s * 100) / 100), num(k))};
}

struct SigResult {
    Significance significance = Significance::not_assessable;
    std::string explanation;
};

// The significance of the change from `earlier` to `later` for an aim that asks for it:
// proportions by Newcombe's hybrid interval for the difference, otherwise by non-overlap of the
// two 95% intervals (published, or exact Poisson / Byar from counts).
SigResult significance_between(const Observation& earlier, const Observation& later,
                               const Indicator& ind) {
    const bool counts = earlier.count && later.count && earlier.denominator && later.denominator;
    const bool published = earlier.lower_ci && earlier.upper_ci && later.lower_ci && later.upper_ci;
    // Newcombe only for values shown as the proportion of their counts (or no value at all).
    auto proportion = [&](const Observation& o) { return !o.value || shown_as_proportion(o, ind); };
    if (counts && !published && is_proportion(ind) && *earlier.count <= *earlier.denominator &&
        *later.count <= *later.denominator && *earlier.denominator > 0 && *later.denominator > 0 &&
        proportion(earlier) && proportion(later)) {
        auto d = stats::newcombe_difference(*later.count, *later.denominator, *earlier.count,
                                            *earlier.denominator);
        if (d) {
            const bool sig = d->lower > 0 || d->upper < 0;
            return {sig ? Significance::significant : Significance::not_significant,
                    fmt::format(
                        "Newcombe 95% interval for the difference {}/{} − {}/{}: {}–{} "
                        "({} 0) → {}",
                        num(*later.count), num(*later.denominator), num(*earlier.count),
                        num(*earlier.denominator), num(std::round(d->lower * 10000) / 10000),
                        num(std::round(d->upper * 10000) / 10000), sig ? "excludes" : "includes",
                        sig ? "significant" : "not significant")};
        }
    }
    auto a = interval_of(earlier, ind);
    auto b = interval_of(later, ind);
    if (!a || !b) {
        std::string refused = interval_refusal(later, ind);
        if (refused.empty()) refused = interval_refusal(earlier, ind);
        return {Significance::not_assessable,
                refused.empty()
                    ? "no counts or confidence intervals for both periods: significance not "
                      "assessable"
                    : refused + ": significance not assessable"};
    }
    const bool sig = stats::significant_change(a->ci, b->ci);
    return {sig ? Significance::significant : Significance::not_significant,
            fmt::format("95% intervals {} ({}) and {} ({}) {} → {}", period_label(earlier), a->how,
                        period_label(later), b->how, sig ? "do not overlap" : "overlap",
                        sig ? "significant" : "not significant")};
}

// ---- Trajectory -----------------------------------------------------------------------------

const Observation* point_at(const Series& s, const Period& p) {
    for (const Observation& o : s.points)
        if (o.period == p) return &o;
    return nullptr;
}

std::string expectation_period(const Expectation& e) {
    return e.period.start.empty() ? e.period_text : e.period.label();
}

TrajectoryPoint judge_expectation(const Expectation& e, const Indicator& ind, Polarity pol,
                                  const Series& s, const std::vector<const Expectation*>& baselines,
                                  const StatusOptions& options) {
    // The baseline: the latest Baseline year before this period (a trajectory may mark two
    // years as Baseline; the later one is the most recent baseline value).
    const Expectation* baseline_exp = nullptr;
    for (const Expectation* b : baselines)
        if (!e.period.start.empty() && b->period < e.period) baseline_exp = b;
    const Observation* baseline_obs = baseline_exp ? point_at(s, baseline_exp->period) : nullptr;
    TrajectoryPoint t;
    t.period = expectation_period(e);
    t.kind = e.kind;
    const std::string raw = e.raw.empty() ? expectation_kind_name(e.kind) : e.raw;
    const Observation* value = e.period.start.empty() ? nullptr : point_at(s, e.period);
    auto na = [&](std::string why) {
        t.status = TrajectoryStatus::not_assessable;
        t.explanation = fmt::format("{} ({}): {}; not assessable", t.period, raw, why);
        return t;
    };
    switch (e.kind) {
        case ExpectationKind::baseline:
            t.status = TrajectoryStatus::baseline_set;
            t.explanation = fmt::format("{} is the baseline year ({}); {}", t.period, raw,
                                        value ? "baseline value " + value_text(*value)
                                              : std::string("no value for it yet"));
            return t;
        case ExpectationKind::tbc:
            return na("the trajectory is to be confirmed (TBC)");
        case ExpectationKind::target: {
            if (!value) return na(fmt::format("no value for {}", t.period));
            if (!e.target) return na("the target cell holds no number");
            if (pol != Polarity::higher_is_better && pol != Polarity::lower_is_better)
                return na(fmt::format("{}: cannot tell which side of the target {} is good",
                                      polarity_phrase(pol), num(*e.target)));
            const bool good = pol == Polarity::higher_is_better ? *value->value >= *e.target
                                                                : *value->value <= *e.target;
            t.status = good ? TrajectoryStatus::on_track : TrajectoryStatus::off_track;
            t.explanation = fmt::format(
                "{} vs target {}; {}; {}", point_text(*value), num(*e.target), polarity_phrase(pol),
                good ? "target met → on track" : "target missed → off track");
            return t;
        }
        case ExpectationKind::improvement:
        case ExpectationKind::maintain:
        case ExpectationKind::long_term_improvement:
            break;
    }
    const bool long_term = e.kind == ExpectationKind::long_term_improvement;
    const Observation* ref =
        long_term ? (s.points.empty() ? nullptr : &s.points.front()) : baseline_obs;
    const std::string ref_name = long_term ? "first value" : "baseline";
    if (!value) return na(fmt::format("no value for {}", t.period));
    if (!ref) {
        if (long_term) return na("no earlier value to compare with");
        return na(baseline_exp ? fmt::format("no value for the baseline year {}",
                                             expectation_period(*baseline_exp))
                               : std::string("no Baseline year before it in the trajectory"));
    }
    if (ref->period == value->period || !(ref->period < value->period))
        return na(fmt::format("the {} ({}) is not earlier than {}", ref_name, period_label(*ref),
                              t.period));
    if (!comparable(ref->period, value->period))
        return na(fmt::format("the {} is for {} ({}), not comparable with {} ({})", ref_name,
                              period_label(*ref), period_kind_name(ref->period.kind), t.period,
                              period_kind_name(value->period.kind)));
    if (mixed_units(*ref, *value))
        return na(fmt::format("mixed units: {} vs {}", value_text(*ref), value_text(*value)));
    const std::string head = fmt::format("{} vs {} {}; {}", point_text(*value), ref_name,
                                         point_text(*ref), polarity_phrase(pol));
    const bool directional = pol == Polarity::higher_is_better || pol == Polarity::lower_is_better;
    Travel travel;
    std::string why;
    if (ind.aim.significance_required) {
        SigResult sig = significance_between(*ref, *value, ind);
        if (sig.significance == Significance::not_assessable)
            return na(fmt::format("the aim asks for a statistically significant change; {}",
                                  sig.explanation));
        travel = sig.significance == Significance::significant
                     ? stats::direction_of_travel(*value->value, *ref->value, pol, 0.0)
                     : Travel::little_or_no_change;
        why = sig.explanation;
    } else {
        travel =
            stats::direction_of_travel(*value->value, *ref->value, pol, options.travel_tolerance);
        why = fmt::format("{}, tolerance ±{}", change_text(*value->value, *ref->value),
                          percent_text(options.travel_tolerance));
    }
    if (!directional && travel != Travel::little_or_no_change) {
        t.status = TrajectoryStatus::not_assessable;
        t.explanation = fmt::format(
            "{}; {} ({}); not assessable: the aim '{}' does not say whether higher or lower is "
            "better",
            head, travel_phrase(travel), why, ind.aim.text.empty() ? raw : ind.aim.text);
        return t;
    }
    bool on = false;
    if (e.kind == ExpectationKind::maintain)
        on = travel == Travel::improved || travel == Travel::little_or_no_change;
    else
        on = travel == Travel::improved;
    if (!directional && e.kind != ExpectationKind::maintain) {
        t.status = TrajectoryStatus::not_assessable;
        t.explanation = fmt::format("{}; {} ({}); not assessable: improvement expected but {}",
                                    head, travel_phrase(travel), why, polarity_phrase(pol));
        return t;
    }
    t.status = on ? TrajectoryStatus::on_track : TrajectoryStatus::off_track;
    t.explanation = fmt::format("{}; {} ({}); {} expected → {}", head, travel_phrase(travel), why,
                                raw, on ? "on track" : "off track");
    return t;
}

// ---- Recent trend ---------------------------------------------------------------------------

int start_year(const Period& p) {
    return std::atoi(p.start.substr(0, 4).c_str());
}

bool next_year(const Period& a, const Period& b) {
    return a.kind == b.kind && a.years == 1 && b.years == 1 && start_year(b) == start_year(a) + 1 &&
           a.start.substr(4) == b.start.substr(4);
}

// The recent trend of the latest five consecutive yearly points, as Fingertips computes it:
// proportions with counts by the chi-squared test for trend (stats::proportion_trend), other
// values by weighted regression on their intervals (stats::recent_trend). "Cannot be
// calculated" for counts, when the latest period has no value, when a count equals its
// denominator, and when published limits and count-derived intervals would be mixed.
void judge_trend(const Series& s, const Indicator& ind, Polarity pol, IndicatorStatus& st) {
    auto cannot = [&](std::string why) {
        st.trend = stats::Trend::not_enough_data;
        st.trend_label = stats::trend_label(st.trend, pol);
        st.trend_explanation = std::move(why);
    };
    std::vector<const Observation*> used;  // newest first
    for (auto it = s.points.rbegin(); it != s.points.rend(); ++it) {
        const bool yearly = (it->period.kind == PeriodKind::calendar_year ||
                             it->period.kind == PeriodKind::financial_year) &&
                            it->period.years == 1;
        if (!yearly || !interval_of(*it, ind)) break;
        if (!used.empty() && !next_year(it->period, used.back()->period)) break;
        used.push_back(&*it);
        if (used.size() == 5) break;
    }
    if (used.size() < 5)
        return cannot(fmt::format(
            "needs 5 consecutive yearly values with confidence intervals or counts; {} available",
            used.size()));
    std::reverse(used.begin(), used.end());  // oldest first
    const std::string span =
        fmt::format("{} to {}", period_label(*used.front()), period_label(*used.back()));
    if (!s.missing_after_latest.empty())
        return cannot(fmt::format(
            "the latest period {} has no value; a recent trend needs the latest five years, so "
            "none is calculated (the earlier {} is not used instead)",
            period_label(s.missing_after_latest.back()), span));
    if (ind.unit == Unit::count)
        return cannot(fmt::format(
            "{}: recent trends are not calculated for counts, only for proportions, rates and "
            "other values that allow for the population",
            span));
    bool all_counts = true, any_published = false, all_published = true, any_full = false;
    bool all_proportions = is_proportion(ind);
    for (const Observation* o : used) {
        const bool counted = o->count && o->denominator && *o->denominator > 0;
        all_counts = all_counts && counted;
        const bool published = o->lower_ci && o->upper_ci;
        any_published = any_published || published;
        all_published = all_published && published;
        if (counted && *o->count == *o->denominator) any_full = true;
        if (!shown_as_proportion(*o, ind)) all_proportions = false;
    }
    if (any_full)
        return cannot(fmt::format(
            "{}: a count equals its denominator (100%), so the log-odds of the trend test is "
            "infinite; cannot be calculated",
            span));
    if (all_counts && all_proportions) {
        std::vector<stats::ProportionCount> pts;
        for (const Observation* o : used) pts.push_back({*o->count, *o->denominator});
        const stats::TrendResult r = stats::proportion_trend(pts);
        if (r.trend == stats::Trend::not_enough_data)
            return cannot(fmt::format(
                "{}: a count of 0 makes the log-odds infinite; cannot be calculated", span));
        st.trend = r.trend;
        st.trend_label = stats::trend_label(r.trend, pol);
        st.trend_explanation = fmt::format(
            "{}: chi-squared test for trend on counts and denominators {:.3g} ({} 9.55), "
            "log-odds slope {:.4g} per year, leave-one-out slopes {}; {}",
            span, r.full.chi_square, r.significant ? "above" : "not above", r.full.slope,
            r.consistent ? "agree in sign" : "disagree in sign", st.trend_label);
        return;
    }
    // Weighted regression on the intervals, all from one source.
    if (any_published && !all_published && !all_counts)
        return cannot(fmt::format(
            "{}: published limits for some years and intervals from counts for others; they are "
            "not mixed in one trend",
            span));
    const bool use_published = all_published;
    std::vector<stats::TrendPoint> run;
    for (const Observation* o : used) {
        Observation point = *o;
        if (!use_published) point.lower_ci = point.upper_ci = std::nullopt;
        const auto ci = interval_of(point, ind);
        if (!ci) return cannot(fmt::format("{}: no interval for {}", span, period_label(*o)));
        run.push_back({*o->value, ci->ci.lower, ci->ci.upper});
    }
    stats::TrendResult r = stats::recent_trend(run);
    st.trend = r.trend;
    st.trend_label = stats::trend_label(r.trend, pol);
    st.trend_explanation = fmt::format(
        "{}: weighted slope {:.4g} per year, chi-square {:.3g} ({} 9.55), leave-one-out "
        "slopes {}; {}",
        span, r.full.slope, r.full.chi_square, r.significant ? "above" : "not above",
        r.consistent ? "agree in sign" : "disagree in sign", st.trend_label);
}

// ---- Benchmark comparison -------------------------------------------------------------------

std::string comparison_phrase(stats::Comparison c) {
    return c == stats::Comparison::not_compared ? "not compared" : stats::comparison_name(c);
}

// The latest value against its comparator (the Fingertips rule, stats::ci_overlap_compare) at
// 95% and 99.8%. The comparator is the latest observation's or, failing that, that of another
// observation of the same period and series whose value agrees (the same value read twice).
void judge_benchmark(const ModelIndex& index, const Indicator& ind, IndicatorStatus& st) {
    if (!st.latest) {
        st.benchmark_explanation = "no value; not compared";
        return;
    }
    const Observation* src = &*st.latest;  // a copy: not in the index
    const std::string part = breakdown_key(st.breakdown);
    if (!src->comparator_value)
        for (const Observation* o : index.observations(ind.id))
            if (o->series == src->series && o->period == src->period && o->comparator_value &&
                index.part(*o) == part && o->value && agree(*o, *src)) {
                src = o;
                break;
            }
    if (!src->comparator_value) {
        st.benchmark_explanation =
            fmt::format("{}: no comparator value (such as England) for {}; not compared",
                        point_text(*src), period_label(*src));
        return;
    }
    const double cv = *src->comparator_value;
    st.benchmark_comparator = src->comparator_name.empty() ? "comparator" : src->comparator_name;
    st.benchmark_value = cv;
    const std::string head =
        fmt::format("{} vs {} {}", point_text(*src), st.benchmark_comparator, num(cv));
    if (src->percent_shown && std::fabs(*src->value) > 1.0 && std::fabs(cv) <= 1.0) {
        st.benchmark_explanation =
            head + ": mixed units (a percentage and a fraction); not compared";
        return;
    }
    const auto ci95 = interval_of(*src, ind);
    if (!ci95) {
        const std::string refused = interval_refusal(*src, ind);
        st.benchmark_explanation =
            head + (refused.empty()
                        ? ": no confidence interval, and no counts to compute one; not compared"
                        : ": " + refused + "; not compared");
        return;
    }
    st.benchmark95 = stats::ci_overlap_compare(ci95->ci, cv, st.polarity);
    std::string at998;
    if (const auto ci998 = interval_of(*src, ind, stats::z998)) {
        st.benchmark998 = stats::ci_overlap_compare(ci998->ci, cv, st.polarity);
        at998 = fmt::format("{} at 99.8% ({})", comparison_phrase(st.benchmark998), ci998->how);
    } else {
        at998 = "not compared at 99.8% (only published 95% limits; 99.8% needs counts)";
    }
    st.benchmark_explanation =
        fmt::format("{}: {} at 95% ({}), {}; {}", head, comparison_phrase(st.benchmark95),
                    ci95->how, at998, polarity_phrase(st.polarity));
}

// ---- One indicator --------------------------------------------------------------------------

// Stage 1, polarity: the indicator's own, or one implied by the source's judgement mark.
// Returns the phrase the travel explanation uses ("higher is better (implied by ...)").
std::string judge_polarity(const Indicator& ind, const StatusOptions& options,
                           IndicatorStatus& st) {
    st.polarity = ind.polarity;
    if (ind.polarity != Polarity::unknown) {
        st.polarity_source = "model";
    } else if (options.polarity_from_judgement && st.latest && st.previous &&
               judgement_mark(ind.judgement) != Mark::none &&
               *st.latest->value != *st.previous->value) {
        const bool rise = *st.latest->value > *st.previous->value;
        const bool positive = judgement_mark(ind.judgement) == Mark::positive;
        st.polarity = rise == positive ? Polarity::higher_is_better : Polarity::lower_is_better;
        st.polarity_source = "judgement";
    }
    std::string pol_text = polarity_phrase(st.polarity);
    if (st.polarity_source == "judgement")
        pol_text += fmt::format(" (implied by the source's {} mark on a {})", ind.judgement,
                                *st.latest->value > *st.previous->value ? "rise" : "fall");
    else if (st.polarity == Polarity::unknown && ind.aim.direction == Aim::Direction::improve)
        pol_text += fmt::format(" (the aim '{}' says improve, not which way)", ind.aim.text);
    return pol_text;
}

// Stage 2, direction of travel and its significance: latest against previous, by
// non-overlapping 95% intervals where both have one, else by the tolerance.
void judge_travel(const Series& s, const Indicator& ind, const StatusOptions& options,
                  const std::string& pol_text, IndicatorStatus& st) {
    std::optional<Ci> ci_latest, ci_previous;
    if (!st.latest) {
        st.travel = Travel::no_comparator;
        st.travel_explanation = "no value; no comparator";
    } else if (!st.previous) {
        st.travel = Travel::no_comparator;
        std::string other;
        for (const Observation& o : s.points)
            if (o.period < st.latest->period && !comparable(o.period, st.latest->period)) {
                other = fmt::format(" (earlier {} {} is a different period type)",
                                    period_kind_name(o.period.kind), period_label(o));
            }
        st.travel_explanation =
            fmt::format("{}; no earlier {} value{}; no comparator", point_text(*st.latest),
                        period_kind_name(st.latest->period.kind), other);
    } else if (mixed_units(*st.previous, *st.latest)) {
        st.travel = Travel::no_comparator;
        st.travel_explanation = fmt::format(
            "{} vs {}: mixed units (a fraction and a percentage); not compared; no comparator",
            point_text(*st.latest), point_text(*st.previous));
    } else {
        const double a = *st.latest->value, b = *st.previous->value;
        ci_latest = interval_of(*st.latest, ind);
        ci_previous = interval_of(*st.previous, ind);
        std::string why;
        if (ci_latest && ci_previous) {
            const bool sig = stats::significant_change(ci_previous->ci, ci_latest->ci);
            st.travel = sig ? stats::direction_of_travel(a, b, st.polarity, 0.0)
                            : Travel::little_or_no_change;
            st.significance = sig ? Significance::significant : Significance::not_significant;
            st.significance_explanation = fmt::format(
                "95% intervals {} ({}) and {} ({}) {} → {}", period_label(*st.previous),
                ci_previous->how, period_label(*st.latest), ci_latest->how,
                sig ? "do not overlap" : "overlap", sig ? "significant" : "not significant");
            why = sig ? "95% intervals do not overlap" : "95% intervals overlap";
        } else {
            st.travel = stats::direction_of_travel(a, b, st.polarity, options.travel_tolerance);
            const bool within = st.travel == Travel::little_or_no_change;
            why = fmt::format("{}, {} ±{}", change_text(a, b), within ? "within" : "beyond",
                              percent_text(options.travel_tolerance));
        }
        st.travel_explanation =
            fmt::format("{} vs {}; {}; {} ({})", point_text(*st.latest), point_text(*st.previous),
                        pol_text, travel_phrase(st.travel), why);
    }
    if (st.significance_explanation.empty()) {
        // Counts that are there but do not agree with the value: say so, not "no counts".
        std::string refused;
        if (st.latest) refused = interval_refusal(*st.latest, ind);
        if (refused.empty() && st.previous) refused = interval_refusal(*st.previous, ind);
        if (ind.aim.significance_required) {
            st.significance = Significance::not_assessable;
            st.significance_explanation =
                refused.empty()
                    ? "the aim asks for a statistically significant change; no counts or "
                      "confidence intervals: significance not assessable"
                    : "the aim asks for a statistically significant change; " + refused +
                          ": significance not assessable";
        } else {
            st.significance = Significance::not_required;
            st.significance_explanation =
                !st.previous      ? std::string("no comparator")
                : refused.empty() ? fmt::format(
                                        "no counts or confidence intervals for both periods; "
                                        "direction of travel uses the ±{} tolerance",
                                        percent_text(options.travel_tolerance))
                                  : fmt::format("{}; direction of travel uses the ±{} tolerance",
                                                refused, percent_text(options.travel_tolerance));
        }
    }
}

// Stage 3, trajectory: every expectation, then the one for the assessment period (--as-of, or
// the latest period with a value). Returns the expectations and the assessment period, which
// the RAG stage reads.
struct Assessment {
    std::vector<const Expectation*> expectations;
    std::optional<Period> at;
};

Assessment judge_trajectory(const ModelIndex& index, const Series& s, const Indicator& ind,
                            const StatusOptions& options, IndicatorStatus& st) {
    std::vector<const Expectation*> exps, baselines;
    for (const Expectation* e : index.expectations(ind.id)) {
        exps.push_back(e);
        if (e->kind == ExpectationKind::baseline && !e->period.start.empty())
            baselines.push_back(e);
    }
    std::sort(baselines.begin(), baselines.end(),
              [](const Expectation* a, const Expectation* b) { return a->period < b->period; });
    for (const Expectation* e : exps)
        st.trajectory_by_period.push_back(
            judge_expectation(*e, ind, st.polarity, s, baselines, options));
    std::optional<Period> at = options.as_of;
    if (!at && st.latest) at = st.latest->period;
    if (exps.empty()) {
        st.trajectory = TrajectoryStatus::no_expectation;
        st.trajectory_explanation = "no trajectory for this indicator";
    } else if (!at) {
        st.trajectory = TrajectoryStatus::not_assessable;
        st.trajectory_explanation =
            "no values to judge; pass --as-of PERIOD to see the trajectory cell of a period";
    } else {
        st.trajectory = TrajectoryStatus::no_expectation;
        st.trajectory_explanation = fmt::format("no trajectory cell for {}", at->label());
        for (std::size_t i = 0; i < exps.size(); ++i)
            if (exps[i]->period == *at) {
                st.trajectory = st.trajectory_by_period[i].status;
                st.trajectory_explanation = st.trajectory_by_period[i].explanation;
                break;
            }
    }
    return {exps, at};
}

// Stage 4, RAG against a numeric target for the assessment period.
void judge_rag(const Series& s, const Assessment& a, const StatusOptions& options,
               IndicatorStatus& st) {
    const std::vector<const Expectation*>& exps = a.expectations;
    const std::optional<Period>& at = a.at;
    st.rag = Rag::not_assessed;
    st.rag_explanation = "no numeric target for the period";
    for (const Expectation* e : exps) {
        if (e->kind != ExpectationKind::target || !at || !(e->period == *at)) continue;
        const Observation* v = point_at(s, e->period);
        std::optional<PlanDirection> dir;
        if (st.polarity == Polarity::higher_is_better) dir = PlanDirection::higher_is_better;
        if (st.polarity == Polarity::lower_is_better) dir = PlanDirection::lower_is_better;
        if (st.polarity == Polarity::no_judgement) dir = PlanDirection::on_target;
        if (!dir) {
            st.rag_explanation = fmt::format(
                "target {} for {}: polarity unknown, so not assessed (which side is good?)",
                e->target ? num(*e->target) : "(none)", expectation_period(*e));
            break;
        }
        RagResult r =
            rag_against_plan(v ? v->value : std::nullopt, e->target, *dir, options.rag_thresholds);
        st.rag = r.rag;
        st.rag_explanation = fmt::format("{}: {}", expectation_period(*e), r.explanation);
        break;
    }
}

// ---- SPC ------------------------------------------------------------------------------------

// The day after an ISO date ("2021-03-31" → "2021-04-01"); "" when the text is not a date.
std::string day_after(const std::string& iso) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(iso.c_str(), "%d-%u-%u", &y, &m, &d) != 3) return {};
    const std::chrono::year_month_day next{
        std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
        std::chrono::days{1}};
    if (!next.ok()) return {};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(next.year()),
                       static_cast<unsigned>(next.month()), static_cast<unsigned>(next.day()));
}

const char* period_noun(const Period& p) {
    switch (p.kind) {
        case PeriodKind::month:
            return "monthly";
        case PeriodKind::quarter:
            return "quarterly";
        case PeriodKind::date:
            return "dated";
        default:
            return p.years == 1 ? "yearly" : "multi-year";
    }
}

// Stage 7, SPC: an XmR chart of the latest run of values of the latest value's period type
// (months with months, quarters with quarters), oldest first. Periods with no value between
// charted ones are left out of the chart and named (a gap breaks no rule: the chart is of the
// values in order, as NHSRplotthedots draws them). The target is the trajectory's target for
// the latest charted period; rebase periods come from StatusOptions::spc_rebase.
void judge_spc(const ModelIndex& index, const Series& s, const Indicator& ind,
               const StatusOptions& options, IndicatorStatus& st) {
    SpcStatus& out = st.spc;
    if (s.points.empty()) {
        out.explanation = "no values; no SPC chart";
        return;
    }
    const Period& last = s.points.back().period;
    std::vector<const Observation*> run;  // newest first
    for (auto it = s.points.rbegin(); it != s.points.rend(); ++it) {
        if (it->period.kind != last.kind || it->period.years != last.years ||
            it->period.financial_quarter != last.financial_quarter || !it->value ||
            !std::isfinite(*it->value))
            break;
        run.push_back(&*it);
    }
    std::reverse(run.begin(), run.end());
    if (run.empty()) {
        out.explanation = "the latest value is not a finite number; no SPC chart";
        return;
    }
    const std::size_t need = std::max<std::size_t>(options.spc.min_points, 2);
    if (run.size() < need) {
        out.explanation = fmt::format(
            "{} {} value{} up to {}; an SPC chart needs at least {} values of one period type",
            run.size(), period_noun(last), run.size() == 1 ? "" : "s", period_label(*run.back()),
            need);
        return;
    }
    std::vector<double> values;
    std::vector<std::string> gaps;
    spc::Options opt = options.spc;
    opt.rebase_at.clear();
    for (std::size_t i = 0; i < run.size(); ++i) {
        values.push_back(*run[i]->value);
        out.periods.push_back(period_label(*run[i]));
        if (i > 0 && last.kind != PeriodKind::date &&
            day_after(run[i - 1]->period.end) != run[i]->period.start)
            gaps.push_back(
                fmt::format("between {} and {}", period_label(*run[i - 1]), period_label(*run[i])));
        for (const StatusOptions::Rebase& r : options.spc_rebase)
            if ((r.indicator.empty() || r.indicator == ind.id || r.indicator == ind.title) &&
                r.at == run[i]->period && i > 0)
                opt.rebase_at.push_back(i);
    }
    std::sort(opt.rebase_at.begin(), opt.rebase_at.end());
    opt.rebase_at.erase(std::unique(opt.rebase_at.begin(), opt.rebase_at.end()),
                        opt.rebase_at.end());
    // The target for the latest charted period: its own, else that of the shortest period
    // containing it (a financial year's target holds for each of its months).
    const Period& at = run.back()->period;
    const Expectation* target = nullptr;
    for (const Expectation* e : index.expectations(ind.id)) {
        if (e->kind != ExpectationKind::target || !e->target || e->period.start.empty()) continue;
        if (e->period == at) {
            target = e;
            break;
        }
        const bool contains = e->period.start <= at.start && at.end <= e->period.end;
        if (contains && (!target || target->period.end.compare(e->period.end) > 0 ||
                         target->period.start < e->period.start))
            target = e;
    }
    if (target) out.target = *target->target;
    const spc::Improvement improvement =
        st.polarity == Polarity::higher_is_better  ? spc::Improvement::increase
        : st.polarity == Polarity::lower_is_better ? spc::Improvement::decrease
                                                   : spc::Improvement::neutral;
    out.chart = spc::xmr(values, improvement, out.target, opt);
    if (!out.chart.computed) {
        out.periods.clear();
        out.explanation = "the values could not be charted (a value is not finite)";
        return;
    }
    out.computed = true;
    const spc::Point& p = out.chart.points.back();
    std::size_t special = 0;
    for (const spc::Point& q : out.chart.points) special += q.special_cause ? 1 : 0;
    std::string rebases;
    for (std::size_t i : opt.rebase_at) rebases += fmt::format(", rebased at {}", out.periods[i]);
    std::string target_text = "no target for " + out.periods.back();
    if (out.target)
        target_text = fmt::format("target {}{}: {}", num(*out.target),
                                  target->period == at ? "" : " for " + target->period.label(),
                                  spc::assurance_name(out.chart.assurance));
    else if (improvement == spc::Improvement::neutral)
        target_text += "; assurance needs a target and a polarity";
    out.explanation = fmt::format(
        "{} {} values {} to {}{}: mean {}, process limits {} to {} (2.66 × mean moving range); "
        "{} special-cause point{}; latest {} is {}; {}{}",
        run.size(), period_noun(last), out.periods.front(), out.periods.back(), rebases,
        num(std::round(p.mean * 1000) / 1000), num(std::round(p.lpl * 1000) / 1000),
        num(std::round(p.upl * 1000) / 1000), special, special == 1 ? "" : "s", num(p.value),
        spc::point_type_name(p.type), target_text,
        gaps.empty() ? "" : fmt::format("; no value {} (left out)", fmt::join(gaps, ", ")));
}

// ---- The source's own verdict ---------------------------------------------------------------

// Stage 8: the verdict the source publishes (its ✔/✘ mark; unmarked, fairly stable with two or
// more values, no comparator with one), and the audit against kpimap's direction of travel.
// `source_marks`: the indicator's source sheet marks some of its indicators (otherwise an
// unmarked indicator is not a verdict of "fairly stable", and nothing is audited).
void judge_source_verdict(const Series& s, const Indicator& ind, bool source_marks,
                          IndicatorStatus& st) {
    if (!source_marks) {
        st.source_verdict = SourceVerdict::not_given;
        return;
    }
    switch (judgement_mark(ind.judgement)) {
        case Mark::positive:
            st.source_verdict = SourceVerdict::positive;
            break;
        case Mark::negative:
            st.source_verdict = SourceVerdict::negative;
            break;
        case Mark::none:
            st.source_verdict =
                s.points.size() >= 2 ? SourceVerdict::fairly_stable : SourceVerdict::no_comparator;
            break;
    }
    // What kpimap's direction of travel says in the source's terms (nullopt: no counterpart).
    std::optional<SourceVerdict> computed;
    switch (st.travel) {
        case Travel::improved:
            computed = SourceVerdict::positive;
            break;
        case Travel::worsened:
            computed = SourceVerdict::negative;
            break;
        case Travel::little_or_no_change:
            computed = SourceVerdict::fairly_stable;
            break;
        case Travel::no_comparator:
            computed = SourceVerdict::no_comparator;
            break;
        case Travel::increased:
        case Travel::decreased:
            // Unknown polarity: a change, which the source calls neither stable nor judged.
            if (st.source_verdict == SourceVerdict::fairly_stable)
                st.audit = fmt::format(
                    "the source shows no mark (fairly stable) where kpimap finds a change: {}",
                    st.travel_explanation);
            return;
    }
    if (*computed == st.source_verdict) return;
    const std::string mark = ind.judgement.empty() ? "no mark" : "'" + ind.judgement + "'";
    st.audit = fmt::format("the source says {} ({}); kpimap's direction of travel says {}: {}",
                           source_verdict_name(st.source_verdict), mark,
                           stats::travel_name(st.travel), st.travel_explanation);
}

// One indicator (or one part of its population: `breakdown`), stage by stage: series, polarity,
// travel and significance, trajectory, RAG, recent trend, benchmark, SPC, the source's verdict.
IndicatorStatus judge(const ModelIndex& index, const Indicator& ind, const StatusOptions& options,
                      bool source_marks, const Breakdown& breakdown = {}) {
    IndicatorStatus st;
    st.indicator_id = ind.id;
    st.title = ind.title;
    st.breakdown = breakdown;
    const Series s = resolve_series(index, ind, options, st);
    if (!s.points.empty()) st.latest = s.points.back();
    if (st.latest)
        for (auto it = s.points.rbegin() + 1; it != s.points.rend(); ++it)
            if (comparable(it->period, st.latest->period) && it->period < st.latest->period) {
                st.previous = *it;
                break;
            }
    const std::string pol_text = judge_polarity(ind, options, st);
    judge_travel(s, ind, options, pol_text, st);
    const Assessment assessment = judge_trajectory(index, s, ind, options, st);
    judge_rag(s, assessment, options, st);
    judge_trend(s, ind, st.polarity, st);
    judge_benchmark(index, ind, st);
    judge_spc(index, s, ind, options, st);
    judge_source_verdict(s, ind, source_marks, st);
    return st;
}

// ---- Published summaries --------------------------------------------------------------------

std::optional<int> count_word(const std::string& w) {
    static const char* words[] = {"no",    "one",   "two",  "three", "four",   "five",  "six",
                                  "seven", "eight", "nine", "ten",   "eleven", "twelve"};
    for (int i = 0; i < 13; ++i)
        if (w == words[i]) return i;
    if (!w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::atoi(w.c_str());
    return std::nullopt;
}

std::optional<int> find_count(const std::string& text, const std::regex& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, pattern)) return std::nullopt;
    return count_word(m[1].str());
}

std::string plural(int n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::optional<PublishedCounts> parse_published_summary(std::string_view text) {
    std::string t(text);
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Compiled once: building a std::regex costs far more than a search.
    static const std::regex of_n(R"(\bof (\w+) indicators?\b)"),
        positive(R"(\b(\w+) (?:have|has) seen a positive change)"),
        stable(R"(\b(\w+) remains? fairly stable)"),
        negative(R"(\b(\w+) (?:have|has) changed negatively)"),
        no_comparator(R"(\bfor (\w+) indicators? there is not a comparator)"),
        worse_no_data(R"(\b(\w+) (?:is|are) worse than comparators \(no data)");
    PublishedCounts c;
    c.indicators = find_count(t, of_n);
    if (t.find("the one indicator identified") != std::string::npos) c.indicators = 1;
    c.improved = find_count(t, positive);
    if (!c.improved && t.find("has changed positively") != std::string::npos) c.improved = 1;
    c.little_or_no_change = find_count(t, stable);
    c.worsened = find_count(t, negative);
    c.no_comparator = find_count(t, no_comparator);
    // "1 is worse than comparators (no data from previous year to compare)" (seed 001, 12).
    if (!c.no_comparator) c.no_comparator = find_count(t, worse_no_data);
    // "NEET figures do not have a comparison for the previous year" (seed 001, 18): one indicator.
    if (!c.no_comparator && t.find("do not have a comparison") != std::string::npos)
        c.no_comparator = 1;
    if (!c.indicators && !c.improved && !c.little_or_no_change && !c.worsened && !c.no_comparator)
        return std::nullopt;
    return c;
}

StatusResult compute_statuses(const Model& model, const StatusOptions& options) {
    StatusResult result;
    std::unordered_map<std::string_view, std::size_t> index;
    const ModelIndex by_indicator(model);
    // The sheets that give verdicts: those marking at least one of the indicators they hold (a
    // workbook's data annex without marks gives none, though its report sheets do).
    std::set<std::pair<std::string_view, std::string_view>> marking_sheets;
    for (const Indicator& ind : model.indicators)
        if (judgement_mark(ind.judgement) != Mark::none)
            marking_sheets.emplace(ind.where.file, ind.where.sheet);
    for (const Indicator& ind : model.indicators) {
        // The whole population first (outcome summaries count it), then each breakdown the
        // indicator's values have, in order of first appearance (values agree or conflict only
        // within one breakdown: breakdown_key).
        const bool marks = marking_sheets.count({ind.where.file, ind.where.sheet}) > 0;
        index[ind.id] = result.indicators.size();
        result.indicators.push_back(judge(by_indicator, ind, options, marks));
        std::unordered_set<std::string> seen;
        for (const Observation* o : by_indicator.observations(ind.id))
            if (!o->breakdown.empty() && seen.insert(by_indicator.part(*o)).second)
                result.indicators.push_back(judge(by_indicator, ind, options, marks, o->breakdown));
    }
    // indicator_of links grouped by outcome once, so summaries cost one pass over the links.
    std::unordered_map<std::string_view, std::vector<const Link*>> links_to;
    for (const Link& l : model.links)
        if (l.kind == "indicator_of") links_to[l.to_id].push_back(&l);
    for (const Outcome& o : model.outcomes) {
        OutcomeSummary sum;
        sum.outcome_id = o.id;
        sum.code = o.code;
        sum.title = o.title;
        sum.published = o.summary;
        sum.published_counts = parse_published_summary(o.summary);
        std::unordered_set<std::string_view> seen;
        static const std::vector<const Link*> kNone;
        auto found = links_to.find(o.id);
        for (const Link* link : found == links_to.end() ? kNone : found->second) {
            const Link& l = *link;
            const auto found_indicator = index.find(l.from_id);
            if (found_indicator == index.end()) continue;
            if (!seen.insert(l.from_id).second) continue;
            sum.indicator_ids.push_back(l.from_id);
            const IndicatorStatus& judged = result.indicators[found_indicator->second];
            switch (judged.source_verdict) {
                case SourceVerdict::not_given:
                    break;
                case SourceVerdict::positive:
                    ++sum.source_positive;
                    break;
                case SourceVerdict::fairly_stable:
                    ++sum.source_fairly_stable;
                    break;
                case SourceVerdict::negative:
                    ++sum.source_negative;
                    break;
                case SourceVerdict::no_comparator:
                    ++sum.source_no_comparator;
                    break;
            }
            sum.audited += judged.audit.empty() ? 0 : 1;
            switch (judged.travel) {
                case Travel::improved:
                    ++sum.improved;
                    break;
                case Travel::little_or_no_change:
                    ++sum.little_or_no_change;
                    break;
                case Travel::worsened:
                    ++sum.worsened;
                    break;
                case Travel::no_comparator:
                    ++sum.no_comparator;
                    break;
                case Travel::increased:
                case Travel::decreased:
                    ++sum.changed_no_polarity;
                    break;
            }
        }
        sum.indicators = static_cast<int>(sum.indicator_ids.size());
        if (sum.indicators == 0 && !sum.published_counts) continue;
        if (sum.indicators == 0) {
            sum.sentence = "Of 0 indicators: none is linked to this outcome in the model";
        } else {
            sum.sentence = fmt::format(
                "Of {}, {} improved, {} little or no change, {} worsened, "
                "{} no comparator",
                plural(sum.indicators, "indicator", "indicators"), sum.improved,
                sum.little_or_no_change, sum.worsened, sum.no_comparator);
            if (sum.changed_no_polarity > 0)
                sum.sentence +=
                    fmt::format(", {} changed where polarity is unknown (increased or decreased)",
                                sum.changed_no_polarity);
            if (sum.source_positive + sum.source_fairly_stable + sum.source_negative +
                    sum.source_no_comparator >
                0)
                sum.source_sentence = fmt::format(
                    "By the source's marks: {} positive, {} fairly stable, {} negative, {} no "
                    "comparator{}",
                    sum.source_positive, sum.source_fairly_stable, sum.source_negative,
                    sum.source_no_comparator,
                    sum.audited == 0
                        ? std::string()
                        : fmt::format("; {} {} with kpimap's direction of travel (audit)",
                                      sum.audited, sum.audited == 1 ? "disagrees" : "disagree"));
        }
        result.outcomes.push_back(std::move(sum));
    }
    result.gaps = breakdown_gaps(model, result.indicators, options);
    return result;
}

// ---- Output ---------------------------------------------------------------------------------

namespace {

// Hand-written JSON (the library's JSON dependency is private to model_io): fixed key order.
std::string jstr(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20)
                    out += fmt::format("\\u{:04x}", c);
                else
                    out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string jnum(const std::optional<double>& v) {
    return v ? num(*v) : "null";
}
std::string jint(const std::optional<int>& v) {
    return v ? std::to_string(*v) : "null";
}

std::string point_json(const std::optional<Observation>& o) {
    if (!o) return "null";
    return fmt::format(
        "{{\"period\": {}, \"value\": {}, \"count\": {}, \"denominator\": {}, \"lower_ci\": {}, "
        "\"upper_ci\": {}, \"where\": {{\"file\": {}, \"sheet\": {}, \"cell\": {}}}}}",
        jstr(period_label(*o)), jnum(o->value), jnum(o->count), jnum(o->denominator),
        jnum(o->lower_ci), jnum(o->upper_ci), jstr(o->where.file), jstr(o->where.sheet),
        jstr(o->where.cell));
}

// `, "breakdown": [{"dimension", "category"}, ...]` for a part of the population; "" for the
// whole (the key is absent, as in model.json).
// `{"dimension", "category"}, ...`: the pairs of a breakdown, for a JSON array.
std::string pairs_json(const Breakdown& breakdown) {
    std::string pairs;
    for (const BreakdownPair& p : breakdown)
        pairs += fmt::format("{}{{\"dimension\": {}, \"category\": {}}}", pairs.empty() ? "" : ", ",
                             jstr(p.dimension), jstr(p.category));
    return pairs;
}

std::string breakdown_json(const Breakdown& breakdown) {
    if (breakdown.empty()) return {};
    return fmt::format(", \"breakdown\": [{}]", pairs_json(breakdown));
}

std::string spc_json(const SpcStatus& spc) {
    if (!spc.computed)
        return fmt::format("{{\"computed\": false, \"explanation\": {}}}", jstr(spc.explanation));
    const spc::Point& last = spc.chart.points.back();
    std::string points;
    for (std::size_t i = 0; i < spc.chart.points.size(); ++i) {
        const spc::Point& p = spc.chart.points[i];
        points += fmt::format(
            "{}{{\"period\": {}, \"value\": {}, \"mean\": {}, \"lpl\": {}, \"upl\": {}, "
            "\"special_cause\": {}, \"type\": {}}}",
            i == 0 ? "" : ", ", jstr(spc.periods[i]), num(p.value), num(p.mean), num(p.lpl),
            num(p.upl), p.special_cause ? "true" : "false", jstr(spc::point_type_name(p.type)));
    }
    return fmt::format(
        "{{\"computed\": true, \"variation\": {}, \"assurance\": {}, \"mean\": {}, "
        "\"lpl\": {}, \"upl\": {}, \"target\": {}, \"explanation\": {}, \"points\": [{}]}}",
        jstr(spc::point_type_name(spc.chart.variation)),
        jstr(spc::assurance_name(spc.chart.assurance)), num(last.mean), num(last.lpl),
        num(last.upl), jnum(spc.target), jstr(spc.explanation), points);
}

std::string gap_value_json(const GapValue& v) {
    return fmt::format(
        "{{\"category\": {}, \"value\": {}, \"where\": {{\"file\": {}, \"sheet\": {}, "
        "\"cell\": {}}}}}",
        jstr(v.category), num(v.value), jstr(v.where.file), jstr(v.where.sheet),
        jstr(v.where.cell));
}

std::string gap_at_json(const std::optional<GapAt>& at) {
    if (!at) return "null";
    std::string values;
    for (const GapValue& v : at->values) values += (values.empty() ? "" : ", ") + gap_value_json(v);
    return fmt::format(
        "{{\"period\": {}, \"best\": {}, \"worst\": {}, \"gap\": {}, \"first\": {}, "
        "\"last\": {}, \"values\": [{}]}}",
        jstr(at->period), gap_value_json(at->best), gap_value_json(at->worst), num(at->gap),
        at->first ? gap_value_json(*at->first) : "null",
        at->last ? gap_value_json(*at->last) : "null", values);
}

std::string gap_json(const BreakdownGap& g) {
    return fmt::format(
        "{{\"id\": {}, \"title\": {}, \"dimension\": {}, \"other\": [{}], \"series\": {}, "
        "\"polarity\": {}, \"judged\": {}, \"change\": {}, \"explanation\": {}, \"latest\": "
        "{}, \"previous\": {}}}",
        jstr(g.indicator_id), jstr(g.title), jstr(g.dimension), pairs_json(g.other), jstr(g.series),
        jstr(polarity_name(g.polarity)), g.judged ? "true" : "false",
        jstr(gap_change_name(g.change)), jstr(g.explanation), gap_at_json(g.latest),
        gap_at_json(g.previous));
}

}  // namespace

std::string statuses_to_json(const StatusResult& result) {
    std::string out = "{\n \"indicators\": [";
    bool first = true;
    for (const IndicatorStatus& s : result.indicators) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        std::string notes, traj;
        for (const std::string& n : s.notes) notes += (notes.empty() ? "" : ", ") + jstr(n);
        for (const TrajectoryPoint& t : s.trajectory_by_period)
            traj += fmt::format(
                "{}{{\"period\": {}, \"kind\": {}, \"status\": {}, "
                "\"explanation\": {}}}",
                traj.empty() ? "" : ", ", jstr(t.period), jstr(expectation_kind_name(t.kind)),
                jstr(trajectory_status_name(t.status)), jstr(t.explanation));
        out += fmt::format(
            "{{\"id\": {}, \"title\": {}, \"polarity\": {}, \"polarity_source\": {}, \"series\": "
            "{}, \"latest\": {}, \"previous\": {}, \"travel\": {}, \"travel_explanation\": {}, "
            "\"significance\": {}, \"significance_explanation\": {}, \"trajectory\": {}, "
            "\"trajectory_explanation\": {}, \"trajectory_by_period\": [{}], \"rag\": {}, "
            "\"rag_explanation\": {}, \"trend\": {}, \"trend_label\": {}, \"trend_explanation\": "
            "{}, \"notes\": [{}], \"benchmark_comparator\": {}, \"benchmark_value\": {}, "
            "\"benchmark_95\": {}, \"benchmark_998\": {}, \"benchmark_explanation\": {}, "
            "\"spc\": {}, \"source_verdict\": {}, \"audit\": {}{}}}",
            jstr(s.indicator_id), jstr(s.title), jstr(polarity_name(s.polarity)),
            jstr(s.polarity_source), jstr(s.series), point_json(s.latest), point_json(s.previous),
            jstr(stats::travel_name(s.travel)), jstr(s.travel_explanation),
            jstr(significance_name(s.significance)), jstr(s.significance_explanation),
            jstr(trajectory_status_name(s.trajectory)), jstr(s.trajectory_explanation), traj,
            jstr(rag_name(s.rag)), jstr(s.rag_explanation), jstr(stats::trend_name(s.trend)),
            jstr(s.trend_label), jstr(s.trend_explanation), notes, jstr(s.benchmark_comparator),
            jnum(s.benchmark_value), jstr(stats::comparison_name(s.benchmark95)),
            jstr(stats::comparison_name(s.benchmark998)), jstr(s.benchmark_explanation),
            spc_json(s.spc), jstr(source_verdict_name(s.source_verdict)), jstr(s.audit),
            breakdown_json(s.breakdown));
    }
    out += "\n ],\n \"outcomes\": [";
    first = true;
    for (const OutcomeSummary& o : result.outcomes) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        std::string ids;
        for (const std::string& i : o.indicator_ids) ids += (ids.empty() ? "" : ", ") + jstr(i);
        std::string pub = "null";
        if (o.published_counts) {
            const PublishedCounts& p = *o.published_counts;
            pub = fmt::format(
                "{{\"indicators\": {}, \"improved\": {}, \"little_or_no_change\": {}, "
                "\"worsened\": {}, \"no_comparator\": {}}}",
                jint(p.indicators), jint(p.improved), jint(p.little_or_no_change), jint(p.worsened),
                jint(p.no_comparator));
        }
        out += fmt::format(
            "{{\"id\": {}, \"code\": {}, \"title\": {}, \"indicators\": {}, \"improved\": {}, "
            "\"little_or_no_change\": {}, \"worsened\": {}, \"no_comparator\": {}, "
            "\"changed_no_polarity\": {}, \"sentence\": {}, \"published\": {}, "
            "\"published_counts\": {}, \"source_positive\": {}, \"source_fairly_stable\": {}, "
            "\"source_negative\": {}, \"source_no_comparator\": {}, \"audited\": {}, "
            "\"source_sentence\": {}, \"indicator_ids\": [{}]}}",
            jstr(o.outcome_id), jstr(o.code), jstr(o.title), o.indicators, o.improved,
            o.little_or_no_change, o.worsened, o.no_comparator, o.changed_no_polarity,
            jstr(o.sentence), jstr(o.published), pub, o.source_positive, o.source_fairly_stable,
            o.source_negative, o.source_no_comparator, o.audited, jstr(o.source_sentence), ids);
    }
    out += "\n ]";
    // Only when there are gaps, so the output of a model without ordered breakdowns is as before.
    if (!result.gaps.empty()) {
        out += ",\n \"gaps\": [";
        for (std::size_t i = 0; i < result.gaps.size(); ++i)
            out += (i == 0 ? "\n  " : ",\n  ") + gap_json(result.gaps[i]);
        out += "\n ]";
    }
    out += "\n}\n";
    return out;
}

std::string gaps_to_csv(const StatusResult& result) {
    std::string out =
        "indicator_id,indicator,dimension,other,series,polarity,latest_period,best_category,"
        "best_value,worst_category,worst_value,gap,first_category,first_value,last_category,"
        "last_value,previous_period,previous_best_category,previous_best_value,"
        "previous_worst_category,previous_worst_value,previous_gap,change,values,explanation\n";
    auto category = [](const std::optional<GapValue>& v) {
        return v ? csv_field(v->category) : std::string();
    };
    auto value = [](const std::optional<GapValue>& v) { return v ? num(v->value) : std::string(); };
    for (const BreakdownGap& g : result.gaps) {
        const GapAt& at = g.latest;
        const std::optional<GapAt>& p = g.previous;
        std::string values;
        for (const GapValue& v : at.values)
            values += fmt::format("{}{}={}", values.empty() ? "" : "; ", v.category, num(v.value));
        // One field per header column, in order (texts through csv_field).
        const std::string fields[] = {
            csv_field(g.indicator_id),
            csv_field(g.title),
            csv_field(g.dimension),
            csv_field(breakdown_text(g.other)),
            csv_field(g.series),
            polarity_name(g.polarity),
            csv_field(at.period),
            csv_field(at.best.category),
            num(at.best.value),
            csv_field(at.worst.category),
            num(at.worst.value),
            num(at.gap),
            category(at.first),
            value(at.first),
            category(at.last),
            value(at.last),
            p ? csv_field(p->period) : "",
            category(p ? std::optional<GapValue>(p->best) : std::nullopt),
            value(p ? std::optional<GapValue>(p->best) : std::nullopt),
            category(p ? std::optional<GapValue>(p->worst) : std::nullopt),
            value(p ? std::optional<GapValue>(p->worst) : std::nullopt),
            p ? num(p->gap) : "",
            gap_change_name(g.change),
            csv_field(values),
            csv_field(g.explanation),
        };
        out += fmt::format("{}\n", fmt::join(fields, ","));
    }
    return out;
}

std::string statuses_to_csv(const StatusResult& result) {
    std::string out =
        "indicator_id,indicator,series,polarity,polarity_source,latest_period,latest_value,"
        "previous_period,previous_value,travel,travel_explanation,significance,"
        "significance_explanation,trajectory,trajectory_explanation,rag,rag_explanation,trend,"
        "trend_label,notes,benchmark_comparator,benchmark_value,benchmark_95,benchmark_998,"
        "benchmark_explanation,spc_variation,spc_assurance,spc_explanation,source_verdict,audit,"
        "breakdown\n";
    for (const IndicatorStatus& s : result.indicators) {
        std::string notes;
        for (const std::string& n : s.notes) notes += (notes.empty() ? "" : "; ") + n;
        // One field per header column, in order (texts through csv_field).
        const std::string fields[] = {
            csv_field(s.indicator_id),
            csv_field(s.title),
            csv_field(s.series),
            polarity_name(s.polarity),
            s.polarity_source,
            s.latest ? csv_field(period_label(*s.latest)) : "",
            s.latest && s.latest->value ? num(*s.latest->value) : "",
            s.previous ? csv_field(period_label(*s.previous)) : "",
            s.previous && s.previous->value ? num(*s.previous->value) : "",
            stats::travel_name(s.travel),
            csv_field(s.travel_explanation),
            significance_name(s.significance),
            csv_field(s.significance_explanation),
            trajectory_status_name(s.trajectory),
            csv_field(s.trajectory_explanation),
            rag_name(s.rag),
            csv_field(s.rag_explanation),
            stats::trend_name(s.trend),
            csv_field(s.trend_label),
            csv_field(notes),
            csv_field(s.benchmark_comparator),
            s.benchmark_value ? num(*s.benchmark_value) : "",
            stats::comparison_name(s.benchmark95),
            stats::comparison_name(s.benchmark998),
            csv_field(s.benchmark_explanation),
            s.spc.computed ? spc::point_type_name(s.spc.chart.variation) : "",
            s.spc.computed ? spc::assurance_name(s.spc.chart.assurance) : "",
            csv_field(s.spc.explanation),
            source_verdict_name(s.source_verdict),
            csv_field(s.audit),
            csv_field(breakdown_text(s.breakdown)),
        };
        out += fmt::format("{}\n", fmt::join(fields, ","));
    }
    return out;
}

std::string statuses_to_text(const StatusResult& result) {
    std::string out;
    if (!result.outcomes.empty()) out += "Outcome summaries\n";
    for (const OutcomeSummary& o : result.outcomes) {
        const std::string name = o.code.empty() ? o.title : o.code + ": " + o.title;
        out += fmt::format("  {}\n    kpimap:    {}\n", name, o.sentence);
        if (!o.published.empty()) {
            std::string pub = o.published;
            std::replace(pub.begin(), pub.end(), '\n', ' ');
            out += fmt::format("    published: {}\n", pub);
        }
        if (!o.source_sentence.empty())
            out += fmt::format("    source:    {}\n", o.source_sentence);
    }
    if (!result.indicators.empty()) out += (out.empty() ? "" : "\n") + std::string("Indicators\n");
    for (const IndicatorStatus& s : result.indicators) {
        out += fmt::format(
            "  {}{}{}\n", s.title, s.series.empty() ? "" : fmt::format(" [{}]", s.series),
            s.breakdown.empty() ? "" : fmt::format(" ({})", breakdown_text(s.breakdown)));
        out += fmt::format("    travel:       {}: {}\n", stats::travel_name(s.travel),
                           s.travel_explanation);
        if (s.significance != Significance::not_required)
            out += fmt::format("    significance: {}: {}\n", significance_name(s.significance),
                               s.significance_explanation);
        if (s.trajectory != TrajectoryStatus::no_expectation || !s.trajectory_by_period.empty())
            out += fmt::format("    trajectory:   {}: {}\n", trajectory_status_name(s.trajectory),
                               s.trajectory_explanation);
        if (s.rag != Rag::not_assessed)
            out += fmt::format("    rag:          {}: {}\n", rag_name(s.rag), s.rag_explanation);
        if (s.trend != stats::Trend::not_enough_data)
            out += fmt::format("    trend:        {}: {}\n", s.trend_label, s.trend_explanation);
        if (!s.benchmark_comparator.empty())
            out += fmt::format("    benchmark:    {} (95%), {} (99.8%): {}\n",
                               comparison_phrase(s.benchmark95), comparison_phrase(s.benchmark998),
                               s.benchmark_explanation);
        if (s.spc.computed)
            out += fmt::format("    spc:          {}, {}: {}\n",
                               spc::point_type_name(s.spc.chart.variation),
                               spc::assurance_name(s.spc.chart.assurance), s.spc.explanation);
        if (!s.audit.empty()) out += fmt::format("    audit:        {}\n", s.audit);
        for (const std::string& n : s.notes) out += fmt::format("    note:         {}\n", n);
    }
    if (!result.gaps.empty()) out += "\nGaps across ordered breakdowns\n";
    for (const BreakdownGap& g : result.gaps)
        out += fmt::format("  {}\n    gap:          {}: {}\n", g.title, gap_change_name(g.change),
                           g.explanation);
    return out;
}

}  // namespace kpimap
