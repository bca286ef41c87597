// SPC: one XmR chart per indicator with enough values, in the Making Data Count style boards are
// used to: the values with their special-cause points coloured (blue improvement, orange concern,
// purple neutral), the mean, the process limits and the target, beside the table the chart draws
// and the two verdicts in coloured cells above it (variation: improvement, concern, neutral or
// common cause; assurance: P passes, F fails, ? hit and miss). Bounded by
// ReportOptions::max_charts.
#include <fmt/format.h>

#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

constexpr lxw_col_t c_period = 0, c_value = 1, c_mean = 2, c_lpl = 3, c_upl = 4, c_target = 5;
constexpr lxw_col_t c_chart = 7;     // charts start here, right of the table
constexpr lxw_row_t min_block = 22;  // rows per chart block
constexpr lxw_color_t blue = 0x2E75B6, orange = 0xED7D31, purple = 0x7030A0, grey = 0x7F7F7F;

std::string range(const Context& cx, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2) {
    return sheet_range(cx.sheet_name("SPC"), r1, c1, r2, c2);
}

// The variation verdict's words and fill: blue for an improvement, orange for a concern, grey
// otherwise.
std::pair<const char*, lxw_format*> variation_icon(spc::PointType type, const Formats& f) {
    switch (type) {
        case spc::PointType::special_cause_improvement:
            return {"improvement", f.fill_blue};
        case spc::PointType::special_cause_concern:
            return {"concern", f.fill_orange};
        case spc::PointType::special_cause_neutral_high:
            return {"neutral high", f.fill_grey};
        case spc::PointType::special_cause_neutral_low:
            return {"neutral low", f.fill_grey};
        case spc::PointType::common_cause:
            break;
    }
    return {"common cause", f.fill_grey};
}

std::pair<const char*, lxw_format*> assurance_icon(spc::Assurance a, const Formats& f) {
    switch (a) {
        case spc::Assurance::consistent_pass:
            return {"P: consistently passes the target", f.fill_blue};
        case spc::Assurance::consistent_fail:
            return {"F: consistently fails the target", f.fill_orange};
        case spc::Assurance::inconsistent:
            return {"?: hit and miss", f.fill_grey};
        case spc::Assurance::not_assessed:
            break;
    }
    return {"not assessed (no target or no polarity)", f.fill_grey};
}

void line_style(lxw_chart_series* series, lxw_color_t colour, double width, uint8_t dash) {
    lxw_chart_line line{};
    line.color = colour;
    line.width = static_cast<float>(width);
    line.dash_type = dash;
    chart_series_set_line(series, &line);
    chart_series_set_marker_type(series, LXW_CHART_MARKER_NONE);
}

}  // namespace

void write_spc_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const StatusResult& st = *cx.input.statuses;
    std::vector<const IndicatorStatus*> charted;
    for (const IndicatorStatus& s : st.indicators)
        if (s.spc.computed) charted.push_back(&s);
    if (charted.empty()) return;  // the Statuses sheet says why per indicator (spc_explanation)
    charted.resize(charts_within_limit(cx, charted.size(), "SPC",
                                       "); statuses.csv has every indicator's verdicts"));
    if (charted.empty()) return;
    lxw_worksheet* ws = begin_plain_sheet(
        wb, f, cx.sheet_name("SPC"), "Statistical process control (Making Data Count)",
        "One XmR chart per indicator with enough values: the mean, the process limits (mean ± "
        "2.66 × mean moving range) and any target; special-cause points coloured blue "
        "(improvement), orange (concern) or purple (neither). Method: docs/status-methods.md.",
        16);
    cx.sheets.push_back(cx.sheet_name("SPC"));
    set_width(ws, c_period, c_period, 11, nullptr);
    set_width(ws, c_value, c_target, 10, nullptr);
    lxw_row_t top = 3;
    for (const IndicatorStatus* s : charted) {
        const SpcStatus& spc = s->spc;
        const std::string title =
            s->breakdown.empty() ? s->title
                                 : fmt::format("{} ({})", s->title, breakdown_text(s->breakdown));
        merge_text(ws, top, c_period, 15, title, f.bold);
        const auto [variation_text, variation_fill] = variation_icon(spc.chart.variation, f);
        const auto [assurance_text, assurance_fill] = assurance_icon(spc.chart.assurance, f);
        put(ws, top + 1, c_period, "Variation", f.text);
        merge_text(ws, top + 1, c_value, c_mean, variation_text, variation_fill);
        put(ws, top + 1, c_lpl, "Assurance", f.text);
        merge_text(ws, top + 1, c_upl, c_target + 1, assurance_text, assurance_fill);
        merge_text(ws, top + 2, c_period, c_target + 1, spc.explanation, f.note);
        set_min_height(ws, top + 2, 45);
        const lxw_row_t head = top + 3;
        const char* headers[] = {"Period", "Value", "Mean", "Lower limit", "Upper limit", "Target"};
        for (lxw_col_t c = c_period; c <= c_target; ++c) put(ws, head, c, headers[c], f.header);
        lxw_row_t row = head + 1;
        for (std::size_t i = 0; i < spc.chart.points.size(); ++i, ++row) {
            const spc::Point& p = spc.chart.points[i];
            put(ws, row, c_period, spc.periods[i], f.text);
            worksheet_write_number(ws, row, c_value, p.value, f.number);
            worksheet_write_number(ws, row, c_mean, p.mean, f.number);
            worksheet_write_number(ws, row, c_lpl, p.lpl, f.number);
            worksheet_write_number(ws, row, c_upl, p.upl, f.number);
            if (spc.target) worksheet_write_number(ws, row, c_target, *spc.target, f.number);
        }
        const lxw_row_t first = head + 1, last = row - 1;
        const std::string cats = range(cx, first, c_period, last, c_period);
        lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_LINE);
        auto add = [&](lxw_col_t col, const char* name) {
            const std::string vals = range(cx, first, col, last, col);
            lxw_chart_series* series = chart_add_series(chart, cats.c_str(), vals.c_str());
            chart_series_set_name(series, name);
            return series;
        };
        lxw_chart_series* values = add(c_value, "Value");
        lxw_chart_line value_line{};
        value_line.color = grey;
        value_line.width = 1.5f;
        chart_series_set_line(values, &value_line);
        chart_series_set_marker_type(values, LXW_CHART_MARKER_CIRCLE);
        chart_series_set_marker_size(values, 5);
        lxw_chart_fill marker_fill{};
        marker_fill.color = grey;
        chart_series_set_marker_fill(values, &marker_fill);
        // Special-cause points in their colours: one entry per point, NULL for the default.
        std::vector<lxw_chart_point> styles(spc.chart.points.size());
        std::vector<lxw_chart_fill> fills(spc.chart.points.size());
        std::vector<lxw_chart_point*> point_list(spc.chart.points.size() + 1, nullptr);
        bool any_special = false;
        for (std::size_t i = 0; i < spc.chart.points.size(); ++i) {
            const spc::PointType type = spc.chart.points[i].type;
            if (type == spc::PointType::common_cause) continue;
            fills[i].color = type == spc::PointType::special_cause_improvement ? blue
                             : type == spc::PointType::special_cause_concern   ? orange
                                                                               : purple;
            styles[i].fill = &fills[i];
            point_list[i] = &styles[i];
            any_special = true;
        }
        // chart_series_set_points reads a NULL-terminated list, so a common-cause point needs
        // a default (empty) style rather than NULL before the last special one.
        lxw_chart_point plain{};
        if (any_special) {
            std::size_t n = spc.chart.points.size();
            while (n > 0 && point_list[n - 1] == nullptr) --n;
            for (std::size_t i = 0; i < n; ++i)
                if (point_list[i] == nullptr) point_list[i] = &plain;
            point_list[n] = nullptr;
            chart_series_set_points(values, point_list.data());
        }
        line_style(add(c_mean, "Mean"), 0x000000, 1.25, LXW_CHART_LINE_DASH_SOLID);
        line_style(add(c_lpl, "Lower limit"), grey, 1.0, LXW_CHART_LINE_DASH_DASH);
        line_style(add(c_upl, "Upper limit"), grey, 1.0, LXW_CHART_LINE_DASH_DASH);
        if (spc.target)
            line_style(add(c_target, "Target"), 0xC00000, 1.25, LXW_CHART_LINE_DASH_DASH);
        chart_title_and_legend(chart, title);
        lxw_chart_options where{};
        where.x_scale = 1.3;
        where.y_scale = 1.3;
        worksheet_insert_chart_opt(ws, top + 1, c_chart, chart, &where);
        top += std::max<lxw_row_t>(min_block, static_cast<lxw_row_t>(spc.chart.points.size() + 6));
    }
}

}  // namespace kpimap::report
