// Observations shared by the readers that hold values: periods from cells, value parsing with
// its corrections reported, and the per-indicator unit reconciliation.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "convert/convert_context.hpp"

namespace kpimap::detail {

std::optional<Period> cell_period(const ConvertContext& ctx, const Cell& cell) {
    if (cell.type == CellType::date_time) return period_from_serial(cell.number);
    if (cell.type == CellType::number) {
        const double v = cell.number;
        if (v == std::floor(v) && v >= 1900 && v <= 2099) return parse_period(format_number(v));
        return std::nullopt;
    }
    if (cell.type != CellType::text) return std::nullopt;
    return parse_period(ctx.text(cell));
}

bool add_observation(ConvertContext& ctx, std::size_t sheet, CellRef at, const Cell& cell,
                     const std::string& indicator_id, const Period& period, std::string period_text,
                     std::string series) {
    const ParsedValue v = parse_value_cell(ctx.wb, cell);
    Observation o;
    o.indicator_id = indicator_id;
    o.period = period;
    o.period_text = std::move(period_text);
    o.series = std::move(series);
    o.raw = ctx.text(cell);
    o.where = ctx.where(sheet, at);
    if (v.is_number()) {
        o.value = v.value;
        o.decimals = v.decimals;
        o.percent_shown = v.percent;
        for (const std::string& c : v.corrections)
            ctx.note(Severity::info, DiagnosticCode::value_cleaned, o.where, o.raw,
                     fmt::format("read as {} ({})", format_number(v.value), c));
    } else if (v.kind == ParsedValue::Kind::missing) {
        o.missing = v.missing;
        o.suppressed = v.missing == MissingReason::suppressed;
    } else {
        ctx.report(Severity::warning, DiagnosticCode::value_not_parsed, sheet, at, o.raw,
                   "this is neither a number nor a missing-value marker (-, .., [x], n/a); fix the "
                   "cell or mark it missing");
        return false;
    }
    ctx.use(sheet, at);
    ctx.result.model.observations.push_back(std::move(o));
    return true;
}

void reconcile_units(ConvertContext& ctx) {
    Model& m = ctx.result.model;
    std::map<std::string, std::vector<Observation*>> by_indicator;
    for (Observation& o : m.observations)
        if (o.value) by_indicator[o.indicator_id].push_back(&o);
    for (Indicator& ind : m.indicators) {
        auto it = by_indicator.find(ind.id);
        if (it == by_indicator.end()) continue;
        const auto& obs = it->second;
        const bool any_percent = std::any_of(obs.begin(), obs.end(),
                                             [](const Observation* o) { return o->percent_shown; });
        if (!any_percent) continue;
        ind.unit = Unit::percent;
        // A plain number at or below 1 among percentages of the same indicator is a fraction
        // written without its format (0.822 beside 83.40%): the same unit, scaled by 100.
        for (Observation* o : obs) {
            if (o->percent_shown || std::fabs(*o->value) > 1.0) continue;
            const double before = *o->value;
            o->value = std::round(before * 100 * 1e9) / 1e9;
            if (o->decimals >= 2)
                o->decimals -= 2;
            else
                o->decimals = 0;
            ctx.note(Severity::info, DiagnosticCode::unit_reconciled, o->where, o->raw,
                     fmt::format("{} read as {}%: the other values of '{}' are percentages",
                                 format_number(before), format_number(*o->value), ind.title));
        }
    }
}

}  // namespace kpimap::detail
