// Charts: a line chart per outcome (its indicators with two or more values) or per indicator
// chosen with --chart-indicators, each beside the small table it draws, so the printout shows
// the numbers too. The number of charts is bounded (ReportOptions::max_charts).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

struct Plan {
    std::string title;
    std::vector<const IndicatorStatus*> indicators;
};

constexpr std::size_t max_series = 6;  // more lines than this cannot be told apart
constexpr lxw_row_t block_rows = 20;   // rows per chart block

std::string range(const Context& cx, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2) {
    return sheet_range(cx.sheet_name("Charts"), r1, c1, r2, c2);
}

}  // namespace

std::size_t charts_within_limit(Context& cx, std::size_t planned, std::string_view sheet,
                                std::string_view what_to_do) {
    const std::size_t limit = cx.options.max_charts;
    if (planned <= limit) return planned;
    cx.omitted.push_back(fmt::format("{}: {} more chart{} (at most {}{}", sheet, planned - limit,
                                     planned - limit == 1 ? "" : "s", limit, what_to_do));
    return limit;
}

void write_charts_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const Model& model = *cx.input.model;
    const StatusResult& st = *cx.input.statuses;
    // How many values each indicator's judged series has.
    std::unordered_map<std::string_view, const IndicatorStatus*> status_of;
    for (const IndicatorStatus& s : st.indicators) status_of.emplace(s.indicator_id, &s);
    std::unordered_map<std::string_view, std::size_t> points;
    for (const StatusRow& r : cx.status_rows) points.emplace(r.indicator_id, r.series.size());
    auto chartable = [&](std::string_view id) {
        auto it = points.find(id);
        return it != points.end() && it->second >= 2;
    };
    std::vector<Plan> plans;
    std::size_t wanted = 0;
    if (!cx.options.chart_indicators.empty()) {
        for (const std::string& want : cx.options.chart_indicators)
            for (const IndicatorStatus& s : st.indicators)
                if ((s.indicator_id == want || s.title == want) && chartable(s.indicator_id)) {
                    plans.push_back({s.title, {&s}});
                    break;
                }
        wanted = plans.size();
        if (wanted < cx.options.chart_indicators.size())
            cx.omitted.push_back(fmt::format(
                "Charts: {} of the {} indicators asked for with --chart-indicators have no "
                "series of two or more values (or no such indicator)",
                cx.options.chart_indicators.size() - wanted, cx.options.chart_indicators.size()));
    } else {
        std::size_t left_out = 0, crowded = 0;
        for (const OutcomeSummary& o : st.outcomes) {
            const Outcome* outcome = model.find_outcome(o.outcome_id);
            Plan p{outcome ? outcome_label(*outcome) : o.title, {}};
            std::size_t here = 0;
            for (const std::string& id : o.indicator_ids)
                if (chartable(id)) {
                    if (p.indicators.size() < max_series)
                        p.indicators.push_back(status_of.at(id));
                    else
                        ++here;
                }
            if (p.indicators.empty()) continue;
            left_out += here;
            crowded += here > 0 ? 1 : 0;
            plans.push_back(std::move(p));
        }
        if (plans.empty()) {
            // No outcome has a chartable indicator (a model of indicators only, such as a
            // monthly performance report): chart the indicators themselves, max_series a chart.
            for (const IndicatorStatus& s : st.indicators) {
                if (!s.breakdown.empty() || !chartable(s.indicator_id)) continue;
                if (plans.empty() || plans.back().indicators.size() == max_series)
                    plans.push_back({"Indicators (no outcome in the model)", {}});
                plans.back().indicators.push_back(&s);
            }
        }
        if (left_out > 0)
            cx.omitted.push_back(fmt::format(
                "Charts: {} indicators of {} outcomes are not drawn (a chart shows at most {} "
                "lines); each has a sparkline on the Statuses sheet",
                left_out, crowded, max_series));
        wanted = plans.size();
    }
    if (plans.empty()) {
        if (!cx.options.chart_indicators.empty()) return;  // said above, indicator by indicator
        cx.omitted.push_back(
            "Charts: no indicator has two or more values to draw (the sources hold no time "
            "series)");
        return;
    }
    plans.resize(charts_within_limit(cx, plans.size(), "Charts",
                                     "; pick indicators with --chart-indicators)"));
    if (plans.empty()) return;  // --max-charts 0: the line above says what was left out
    lxw_worksheet* ws = begin_plain_sheet(
        wb, f, cx.sheet_name("Charts"), "Trends",
        cx.options.chart_indicators.empty()
            ? "One chart per outcome (or, in a model without outcomes, per six indicators): the "
              "values of its indicators over time (each line in its "
              "own unit), beside the table it draws."
            : "One chart per chosen indicator: its values over time, beside the table it draws.",
        16);
    cx.sheets.push_back(cx.sheet_name("Charts"));
    set_width(ws, 0, 0, 10, nullptr);
    set_width(ws, 1, max_series, 11, nullptr);
    // The observations of the charted indicators, found once.
    std::unordered_map<std::string_view, std::vector<const Observation*>> observations_of;
    for (const Plan& p : plans)
        for (const IndicatorStatus* s : p.indicators) observations_of[s->indicator_id];
    for (const Observation& o : model.observations)
        if (auto it = observations_of.find(o.indicator_id); it != observations_of.end())
            it->second.push_back(&o);
    lxw_row_t top = 3;
    for (const Plan& p : plans) {
        // The table: one row per period (in order), one column per indicator.
        std::map<Period, std::map<std::size_t, double>> table;
        std::map<Period, std::string> label;
        for (std::size_t k = 0; k < p.indicators.size(); ++k) {
            const IndicatorStatus& s = *p.indicators[k];
            auto found = observations_of.find(s.indicator_id);
            if (found == observations_of.end()) continue;
            for (const Observation* op : found->second)
                if (const Observation& o = *op; o.series == s.series && o.value &&
                                                !o.period.start.empty() &&
                                                (!s.latest || !(s.latest->period < o.period))) {
                    table[o.period][k] = *o.value;
                    label.emplace(o.period, o.period.label());
                }
        }
        merge_text(ws, top, 0, 15, p.title, f.bold);
        const lxw_row_t head = top + 1;
        put(ws, head, 0, "Period", f.header);
        for (std::size_t k = 0; k < p.indicators.size(); ++k)
            put(ws, head, static_cast<lxw_col_t>(1 + k), p.indicators[k]->title, f.header);
        lxw_row_t row = head + 1;
        for (const auto& [period, values] : table) {
            put(ws, row, 0, label[period], f.text);
            for (const auto& [k, v] : values)
                worksheet_write_number(ws, row, static_cast<lxw_col_t>(1 + k), v, f.number);
            ++row;
        }
        const lxw_row_t last = row - 1;
        lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_LINE);
        for (std::size_t k = 0; k < p.indicators.size(); ++k) {
            const lxw_col_t col = static_cast<lxw_col_t>(1 + k);
            const std::string cats = range(cx, head + 1, 0, last, 0);
            const std::string vals = range(cx, head + 1, col, last, col);
            lxw_chart_series* series = chart_add_series(chart, cats.c_str(), vals.c_str());
            std::string name = p.indicators[k]->title;
            if (name.size() > 60) name = std::string(utf8_prefix(name, 57)) + "...";
            chart_series_set_name(series, name.c_str());
            chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
        }
        chart_title_and_legend(chart, p.title);
        // One axis can mix calendar and financial years (2012, 2013, 2013/14): each line has
        // blanks at the other kind's periods, and gaps there would leave scattered dots.
        chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_CONNECTED);
        lxw_chart_options where{};
        where.x_scale = 1.15;
        where.y_scale = 1.2;
        worksheet_insert_chart_opt(ws, head, static_cast<lxw_col_t>(max_series + 2), chart, &where);
        top += std::max<lxw_row_t>(block_rows, static_cast<lxw_row_t>(table.size() + 4));
    }
}

}  // namespace kpimap::report
