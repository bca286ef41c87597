// Totals against their parts (issue 11; docs/commands/reconcile.md, "Totals and their parts").
//
// For each indicator, period and series, and each dimension D: the total is the observation with
// breakdown B, the parts those with B + {D = c} for two or more categories c (breakdowns compared
// as breakdown_key does: order, case and spacing ignored). Only values that add up are checked
// (additive()); the parts must sum to the total within the rounding the values show
// (rounding_of()); a part without a value makes the check incomplete (incomplete_reason()).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "kpimap/csv_field.hpp"
#include "kpimap/identity.hpp"
#include "kpimap/reconcile.hpp"
#include "kpimap/text_match.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap {

const char* total_status_name(TotalStatus status) noexcept {
    switch (status) {
        case TotalStatus::agrees:
            return "agrees";
        case TotalStatus::differs:
            return "differs";
        case TotalStatus::incomplete:
            return "incomplete";
    }
    return "agrees";
}

std::size_t ReconcileReport::count_totals(TotalStatus status) const noexcept {
    std::size_t n = 0;
    for (const TotalCheck& c : totals) n += c.status == status ? 1 : 0;
    return n;
}

namespace {

bool whole(double v) {
    return std::fabs(v - std::round(v)) <= 1e-9 * std::max(1.0, std::fabs(v));
}

// True when an indicator's title says its values are shares, rates or averages ("%",
// "percentage", "proportion", "rate", "ratio", "score", "average", "mean", "median", or "per"
// not followed by a time: "per 100,000" but not "per year"). Most indicators carry no unit (only
// a mapping's indicator.unit column or a shown "%" sets one), so the title is the best sign left
// that whole numbers such as 50 are not counts.
bool title_says_not_a_count(std::string_view title) {
    static const char* const words[] = {"percent", "percentage", "proportion", "rate",  "ratio",
                                        "score",   "average",    "mean",       "median"};
    static const char* const times[] = {"year", "annum", "month", "week", "day", "quarter"};
    if (title.find('%') != std::string_view::npos) return true;
    const std::string text = normalise_text(title);
    std::vector<std::string> list;
    std::string word;
    for (char c : text + ' ') {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            word += c;
        } else if (!word.empty()) {
            list.push_back(std::move(word));
            word.clear();
        }
    }
    auto among = [](const std::string& w, const auto& set) {
        return std::any_of(std::begin(set), std::end(set), [&](const char* s) { return w == s; });
    };
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (among(list[i], words)) return true;
        if (list[i] == "per" && !(i + 1 < list.size() && among(list[i + 1], times))) return true;
    }
    return false;
}

// The additivity rule, kept in this one place: may a total be compared with the sum of its
// parts? Shares, rates, ratios, scores and averages of a population are not the sums of their
// parts' (a percentage of all adults is not the percentage of men plus that of women), so:
// - a value shown as a percentage is never summed, whatever the unit;
// - an indicator of unit count is summed;
// - any other declared unit (percent, rate, ratio, score, years, currency; or a "per" rate) is
//   not: a currency may be an average cost as well as a spend;
// - an indicator of unknown unit is summed when its title does not name a share, rate or
//   average (title_says_not_a_count) and every value involved is a whole number.
bool additive(const Indicator* indicator, const std::vector<const Observation*>& values) {
    for (const Observation* o : values)
        if (o->percent_shown) return false;
    const Unit unit = indicator != nullptr ? indicator->unit : Unit::unknown;
    if (unit == Unit::count) return true;
    if (unit != Unit::unknown || (indicator != nullptr && indicator->unit_per > 0)) return false;
    if (indicator != nullptr && title_says_not_a_count(indicator->title)) return false;
    return std::all_of(values.begin(), values.end(),
                       [](const Observation* o) { return !o->value || whole(*o->value); });
}

// Half a unit of the last decimal `o` shows: how far its exact value may be from the shown one.
// With decimals unknown, a whole number is taken as exact (a count written as text, say), and
// another number as exact to the decimals it is written with.
double rounding_of(const Observation& o) {
    if (o.decimals >= 0) return 0.5 * std::pow(10.0, -o.decimals);
    if (!o.value || whole(*o.value)) return 0;
    const std::string text = format_number(*o.value);
    const auto dot = text.find('.');
    if (dot == std::string::npos || text.find_first_of("eE") != std::string::npos) return 0;
    return 0.5 * std::pow(10.0, -static_cast<double>(text.size() - dot - 1));
}

// Why `parts` are not the whole of their total, or "" when they are. There is no catalogue of
// a dimension's categories yet, so the parts the sources give (two or more) are taken as the
// whole, and each must have a value. When catalogues come, this is where "every category of the
// dimension is present" is added.
std::string incomplete_reason(const std::vector<const Observation*>& parts,
                              const std::vector<std::string>& categories) {
    std::vector<std::string> without;
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (!parts[i]->value || parts[i]->missing != MissingReason::none)
            without.push_back(fmt::format("{} ({})", categories[i],
                                          parts[i]->missing != MissingReason::none
                                              ? missing_reason_name(parts[i]->missing)
                                              : "no value"));
    if (without.empty()) return {};
    std::string out;
    for (const std::string& w : without) out += (out.empty() ? "" : ", ") + w;
    return fmt::format("{} {} no value", out, without.size() == 1 ? "has" : "have");
}

// `v` as the values involved show it: with the most decimals any of them shows.
std::string shown(double v, int decimals) {
    v = remove_float_noise(v);
    return decimals >= 0 ? fmt::format("{:.{}f}", v, decimals) : format_number(v);
}

// `v`, the result of adding or subtracting numbers as large as `scale`, rounded to 12
// significant digits of `scale`: 99.6 - 100 is -0.4, not -0.4000000000000057 (the digits past
// those are the binary sums' noise, not the sources').
double tidy(double v, double scale) {
    scale = std::fabs(scale);
    if (scale == 0 || !std::isfinite(v)) return v;
    const double step = std::pow(10.0, std::floor(std::log10(scale)) - 11);
    return remove_float_noise(std::round(v / step) * step);
}

TotalValue total_value(const Observation& o, std::string category) {
    TotalValue v;
    v.category = std::move(category);
    if (o.missing == MissingReason::none) v.value = o.value;
    v.decimals = o.decimals;
    v.missing = o.missing;
    v.raw = o.raw;
    v.where = o.where;
    return v;
}

// The check of `total` against `parts` (their categories of `dimension` in `categories`);
// nullopt when the values do not add up.
std::optional<TotalCheck> check(const Indicator* indicator, const Observation& total,
                                const std::vector<const Observation*>& parts,
                                const std::vector<std::string>& categories,
                                const std::string& dimension) {
    std::vector<const Observation*> involved = parts;
    involved.push_back(&total);
    if (!additive(indicator, involved)) return std::nullopt;
    TotalCheck c;
    c.indicator_id = total.indicator_id;
    if (indicator != nullptr) c.title = indicator->title;
    c.period_label = total.period.start.empty() ? total.period_text : total.period.label();
    c.series = total.series;
    c.dimension = dimension;
    c.others = total.breakdown;
    c.total = total_value(total, "");
    int decimals = -1;
    for (const Observation* o : involved) {
        decimals = std::max(decimals, o->decimals);
        if (o->value && o->missing == MissingReason::none) c.tolerance += rounding_of(*o);
    }
    c.tolerance = remove_float_noise(c.tolerance);
    std::string terms;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        c.parts.push_back(total_value(*parts[i], categories[i]));
        const TotalValue& p = c.parts.back();
        if (p.value) c.sum += *p.value;
        if (parts.size() <= 8)
            terms += (terms.empty() ? "" : " + ") + (p.value ? shown(*p.value, p.decimals) : "?");
    }
    double scale = 0;  // the largest value added or subtracted
    for (const Observation* o : involved)
        if (o->value) scale = std::max(scale, std::fabs(*o->value));
    c.sum = tidy(c.sum, std::max(scale, std::fabs(c.sum)));
    if (parts.size() > 8) terms = fmt::format("{} parts", parts.size());
    const std::string total_text =
        c.total.value ? shown(*c.total.value, c.total.decimals) : std::string("no value");
    const std::string missing_parts = incomplete_reason(parts, categories);
    if (!c.total.value) {
        c.status = TotalStatus::incomplete;
        c.explanation = fmt::format("the total has no value ({}); the parts sum to {}",
                                    missing_reason_name(total.missing), shown(c.sum, decimals));
        return c;
    }
    c.difference = tidy(c.sum - *c.total.value, std::max(scale, std::fabs(c.sum)));
    if (!missing_parts.empty()) {
        c.status = TotalStatus::incomplete;
        c.explanation = fmt::format("{}; the parts given sum to {} against the total {}",
                                    missing_parts, shown(c.sum, decimals), total_text);
        return c;
    }
    // A margin for binary fractions (0.1 + 0.2), far below any shown decimal.
    const double margin = 1e-9 * std::max({1.0, std::fabs(c.sum), std::fabs(*c.total.value)});
    const double apart = std::fabs(c.difference);
    const std::string head =
        fmt::format("{} = {} against the total {}", terms, shown(c.sum, decimals), total_text);
    if (apart <= margin) {
        c.explanation = head + ": equal";
    } else if (apart <= c.tolerance + margin) {
        c.explanation = fmt::format("{}: {} apart, within the rounding shown ({})", head,
                                    shown(apart, decimals), format_number(c.tolerance));
    } else {
        c.status = TotalStatus::differs;
        c.explanation = fmt::format("{}: {} apart, more than the rounding shown ({})", head,
                                    shown(apart, decimals), format_number(c.tolerance));
    }
    return c;
}

}  // namespace

std::vector<TotalCheck> check_totals(const Model& model) {
    std::vector<TotalCheck> checks;
    const std::vector<Observation>& obs = model.observations;
    // Without a breakdown there are no parts: the usual model costs one pass.
    if (std::none_of(obs.begin(), obs.end(),
                     [](const Observation& o) { return !o.breakdown.empty(); }))
        return checks;
    std::unordered_map<std::string_view, const Indicator*> indicators;
    for (const Indicator& i : model.indicators) indicators.emplace(i.id, &i);
    // Observations by indicator, period and series, in order of first appearance.
    std::unordered_map<std::string, std::size_t> group_of;
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < obs.size(); ++i) {
        const std::string key =
            obs[i].indicator_id + '\n' + observation_key(obs[i].period, obs[i].series, {});
        auto [it, fresh] = group_of.try_emplace(key, groups.size());
        if (fresh) groups.emplace_back();
        groups[it->second].push_back(i);
    }
    struct Found {
        std::size_t total, first_part;
        TotalCheck check;
    };
    std::vector<Found> found;
    // The parts one dimension splits a total into: the total's breakdown_key, the dimension
    // (normalised, and as first written), and each part with its category.
    struct Family {
        std::string total_key;
        std::string dimension;
        std::vector<const Observation*> parts;
        std::vector<std::string> categories;
        std::size_t first_part = 0;
    };
    for (const std::vector<std::size_t>& group : groups) {
        if (group.size() < 3) continue;                       // a total and two parts at least
        std::unordered_map<std::string, std::size_t> by_key;  // breakdown_key -> observation
        std::unordered_map<std::string, std::size_t> family_of;
        std::vector<Family> families;
        for (std::size_t i : group) {
            const Breakdown& b = obs[i].breakdown;
            // A merged model has one observation per breakdown; in another, the first counts.
            if (!by_key.try_emplace(breakdown_key(b), i).second) continue;
            std::vector<std::string> dims;
            for (const BreakdownPair& p : b) dims.push_back(normalise_text(p.dimension));
            for (std::size_t j = 0; j < b.size(); ++j) {
                // A breakdown naming one dimension twice is no single category of it.
                if (std::count(dims.begin(), dims.end(), dims[j]) > 1) continue;
                Breakdown rest;
                for (std::size_t k = 0; k < b.size(); ++k)
                    if (k != j) rest.push_back(b[k]);
                std::string total_key = breakdown_key(rest);
                auto [it, fresh] =
                    family_of.try_emplace(total_key + '\x1d' + dims[j], families.size());
                if (fresh) families.push_back({std::move(total_key), b[j].dimension, {}, {}, i});
                families[it->second].parts.push_back(&obs[i]);
                families[it->second].categories.push_back(b[j].category);
            }
        }
        for (const Family& f : families) {
            if (f.parts.size() < 2) continue;
            auto t = by_key.find(f.total_key);
            if (t == by_key.end()) continue;
            const Observation& total = obs[t->second];
            auto ind = indicators.find(total.indicator_id);
            std::optional<TotalCheck> c = check(ind == indicators.end() ? nullptr : ind->second,
                                                total, f.parts, f.categories, f.dimension);
            if (c) found.push_back({t->second, f.first_part, std::move(*c)});
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
        return std::tie(a.total, a.first_part) < std::tie(b.total, b.first_part);
    });
    checks.reserve(found.size());
    for (Found& f : found) checks.push_back(std::move(f.check));
    return checks;
}

namespace {

// A part's cell for totals.csv: "Male=40 'Data'!D8", the file named only when not the total's.
std::string part_cell(const TotalValue& p, const std::string& total_file) {
    const std::string value =
        p.value ? shown(*p.value, p.decimals)
                : (p.missing != MissingReason::none ? missing_reason_name(p.missing) : "");
    Provenance where = p.where;
    if (where.file == total_file) where.file.clear();
    std::string place = provenance_text(where);
    if (place.starts_with(", ")) place.erase(0, 2);
    return fmt::format("{}={} {}", p.category, value.empty() ? p.raw : value, place);
}

std::string number(std::optional<double> v) {
    return v ? format_number(remove_float_noise(*v)) : std::string();
}

}  // namespace

std::string totals_to_csv(const std::vector<TotalCheck>& checks) {
    std::string out =
        "status,indicator_id,indicator_title,period,series,breakdown,dimension,total,total_raw,"
        "total_file,total_sheet,total_cell,parts,sum,difference,tolerance,part_cells,"
        "explanation\n";
    for (const TotalCheck& c : checks) {
        std::string cells;
        for (const TotalValue& p : c.parts)
            cells += (cells.empty() ? "" : "; ") + part_cell(p, c.total.where.file);
        const bool compared = c.status != TotalStatus::incomplete;
        out += fmt::format(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", total_status_name(c.status),
            csv_field(c.indicator_id), csv_field(c.title), csv_field(c.period_label),
            csv_field(c.series), csv_field(breakdown_text(c.others)), csv_field(c.dimension),
            number(c.total.value), csv_field(c.total.raw), csv_field(c.total.where.file),
            csv_field(c.total.where.sheet), csv_field(c.total.where.cell), c.parts.size(),
            number(c.sum), compared ? number(c.difference) : std::string(), number(c.tolerance),
            csv_field(cells), csv_field(c.explanation));
    }
    return out;
}

}  // namespace kpimap
