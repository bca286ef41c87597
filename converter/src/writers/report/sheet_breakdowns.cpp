// Breakdowns: for each indicator with values by category (sex, age band, area, deprivation
// decile), its latest value per breakdown against the previous comparable period, one row each in
// the catalogue's order; and for an ordered dimension a gap row: the best and the worst category,
// the gap between them and whether it narrowed or widened (StatusResult::gaps). Written only when
// some value has a breakdown. Not the Gaps sheet, which lists what is not measured.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "kpimap/text_match.hpp"
#include "kpimap/workbook.hpp"  // format_number
#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

// Column positions (docs/commands/report.md names them in this order).
enum : lxw_col_t {
    c_indicator,
    c_breakdown,
    c_period,
    c_value,
    c_previous_period,
    c_previous,
    c_travel,
    c_best,
    c_worst,
    c_gap,
    c_previous_gap,
    c_change,
    c_explanation,
    c_count,
};

// Where a breakdown sorts: per pair, the dimension's place among the declared ones and the
// category's place in its order (Dimension::rank); undeclared ones after, as first met.
class BreakdownOrder {
public:
    explicit BreakdownOrder(const Model& model) : model_(model) {}

    std::vector<std::pair<long, long>> key(const Breakdown& breakdown) {
        std::vector<std::pair<long, long>> k;
        for (const BreakdownPair& p : breakdown) {
            const Dimension* d = model_.find_dimension(p.dimension);
            const long dim =
                d ? static_cast<long>(d - model_.dimensions.data())
                  : static_cast<long>(model_.dimensions.size()) + met(dimensions_, p.dimension);
            const int rank = d ? d->rank(p.category) : -1;
            const long cat = rank >= 0
                                 ? rank
                                 : (d ? static_cast<long>(d->categories.size()) : 0) +
                                       met(categories_[normalise_text(p.dimension)], p.category);
            k.emplace_back(dim, cat);
        }
        std::sort(k.begin(), k.end());  // by dimension: the source's pair order does not matter
        return k;
    }

private:
    static long met(std::vector<std::string>& seen, const std::string& text) {
        const std::string n = normalise_text(text);
        auto it = std::find(seen.begin(), seen.end(), n);
        if (it != seen.end()) return it - seen.begin();
        seen.push_back(n);
        return static_cast<long>(seen.size()) - 1;
    }
    const Model& model_;
    std::vector<std::string> dimensions_;
    std::map<std::string, std::vector<std::string>> categories_;
};

std::string end_text(const GapValue& v) {
    return fmt::format("{}: {}{}", v.category, format_number(v.value), v.percent_shown ? "%" : "");
}

}  // namespace

void write_breakdowns_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const Model& model = *cx.input.model;
    const StatusResult& st = *cx.input.statuses;
    // Per indicator, in model order: its whole population's status and its breakdowns'.
    std::unordered_map<std::string_view, std::vector<const IndicatorStatus*>> parts;
    std::unordered_map<std::string_view, const IndicatorStatus*> whole;
    for (const IndicatorStatus& s : st.indicators) {
        if (s.breakdown.empty())
            whole.emplace(s.indicator_id, &s);
        else if (s.latest)
            parts[s.indicator_id].push_back(&s);
    }
    if (parts.empty()) return;  // no value has a breakdown: nothing to show
    std::unordered_map<std::string_view, std::vector<const BreakdownGap*>> gaps;
    for (const BreakdownGap& g : st.gaps) gaps[g.indicator_id].push_back(&g);

    const std::vector<Column> columns = {{"Indicator", 32, true},
                                         {"Breakdown", 24, true},
                                         {"Latest period", 9},
                                         {"Latest value", 9},
                                         {"Previous period", 9},
                                         {"Previous value", 9},
                                         {"Direction of travel", 12, true},
                                         {"Best (highest)", 13, true},
                                         {"Worst (lowest)", 13, true},
                                         {"Gap", 8},
                                         {"Previous gap", 8},
                                         {"Gap change", 10, true},
                                         {"Explanation", 56, true}};
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Breakdowns"), "Breakdowns: latest values by category",
        "For each indicator with values by category, one row per breakdown (categories in the "
        "catalogue's order) with its latest value against the previous comparable period, the "
        "whole population first. For an ordered dimension (age bands, deprivation deciles) a Gap "
        "row gives the best and the worst category (highest and lowest when the polarity is "
        "unknown), the gap between them and whether it narrowed or widened since the previous "
        "period. Method: docs/statuses.md.",
        columns, 2);
    cx.sheets.push_back(cx.sheet_name("Breakdowns"));
    BreakdownOrder order(model);
    lxw_row_t row = header_row + 1;
    auto status_row = [&](const IndicatorStatus& s, std::string_view label) {
        put(ws, row, c_indicator, s.title, f.wrap);
        put(ws, row, c_breakdown, label, f.wrap);
        if (s.latest) {
            put(ws, row, c_period, s.latest->period.label(), f.centre);
            put(ws, row, c_value, s.latest->value, f.number);
        }
        if (s.previous) {
            put(ws, row, c_previous_period, s.previous->period.label(), f.centre);
            put(ws, row, c_previous, s.previous->value, f.number);
        }
        put(ws, row, c_travel, words(stats::travel_name(s.travel)), f.wrap);
        put(ws, row, c_explanation, s.travel_explanation, f.wrap);
        ++row;
    };
    for (const Indicator& ind : model.indicators) {
        auto found = parts.find(ind.id);
        if (found == parts.end()) continue;
        std::vector<const IndicatorStatus*> rows = found->second;
        std::vector<std::vector<std::pair<long, long>>> keys;
        for (const IndicatorStatus* s : rows) keys.push_back(order.key(s->breakdown));
        std::vector<std::size_t> index(rows.size());
        for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
        std::stable_sort(index.begin(), index.end(),
                         [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
        if (auto w = whole.find(ind.id); w != whole.end() && w->second->latest)
            status_row(*w->second, "Whole population");
        for (std::size_t i : index) status_row(*rows[i], breakdown_text(rows[i]->breakdown));
        for (const BreakdownGap* g : gaps[ind.id]) {
            const Dimension* d = model.find_dimension(g->dimension);
            std::string label =
                fmt::format("Gap across {}", d && !d->title.empty() ? d->title : g->dimension);
            if (!g->other.empty()) label += " (" + breakdown_text(g->other) + ")";
            put(ws, row, c_indicator, g->title, f.wrap);
            put(ws, row, c_breakdown, label, f.bold);
            put(ws, row, c_period, g->latest.period, f.centre);
            if (g->previous) {
                put(ws, row, c_previous_period, g->previous->period, f.centre);
                put(ws, row, c_previous_gap, std::optional<double>(g->previous->gap), f.number);
            }
            put(ws, row, c_best, end_text(g->latest.best), f.wrap);
            put(ws, row, c_worst, end_text(g->latest.worst), f.wrap);
            put(ws, row, c_gap, std::optional<double>(g->latest.gap), f.number);
            put(ws, row, c_change, words(gap_change_name(g->change)), f.wrap);
            put(ws, row, c_explanation, g->explanation, f.wrap);
            ++row;
        }
    }
    const lxw_row_t first = header_row + 1, last = row - 1;
    worksheet_autofilter(ws, header_row, 0, last, c_count - 1);
    worksheet_print_area(ws, 0, 0, last, c_count - 1);
    fill_when_text(ws, first, last, c_travel, "improved", f.fill_green);
    fill_when_text(ws, first, last, c_travel, "worsened", f.fill_red);
    fill_when_text(ws, first, last, c_travel, "little or no change", f.fill_amber);
    fill_when_text(ws, first, last, c_travel, "no comparator", f.fill_grey);
    // A gap that narrowed is inequality reduced, whichever end is better.
    fill_when_text(ws, first, last, c_change, "narrowed", f.fill_green);
    fill_when_text(ws, first, last, c_change, "widened", f.fill_red);
    fill_when_text(ws, first, last, c_change, "unchanged", f.fill_amber);
    fill_when_text(ws, first, last, c_change, "no previous", f.fill_grey);
}

}  // namespace kpimap::report
