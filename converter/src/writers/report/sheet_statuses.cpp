// Statuses: one row per indicator with its latest and previous values, direction of travel,
// trajectory, RAG, significance and explanation; fills on the status columns, an arrow icon set
// on the travel score, and a sparkline of the series (added after closing: add_sparklines).
#include <algorithm>

#include "report_sheets.hpp"

namespace kpimap::report {

// Column positions, shared with the tests' expectations in docs/commands/report.md.
enum : lxw_col_t {
    c_outcome,
    c_indicator,
    c_polarity,
    c_latest,
    c_latest_period,
    c_previous,
    c_previous_period,
    c_score,
    c_travel,
    c_trajectory,
    c_rag,
    c_significance,
    c_trend,
    c_spc_variation,
    c_spc_assurance,
    c_source_verdict,
    c_explanation,
    c_count,
    c_series = c_count + 1,  // after one empty column: the values the sparklines draw
};

void write_statuses_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const std::vector<Column> columns = {{"Outcome", 26, true},
                                         {"Indicator", 36, true},
                                         {"Polarity", 11, true},
                                         {"Latest value", 9},
                                         {"Latest period", 9},
                                         {"Previous value", 9},
                                         {"Previous period", 9},
                                         {"Travel score", 7},
                                         {"Direction of travel", 12, true},
                                         {"Trajectory", 12, true},
                                         {"RAG", 9},
                                         {"Significance", 12, true},
                                         {"Trend", 14},
                                         {"SPC variation", 14, true},
                                         {"SPC assurance", 12, true},
                                         {"Source's verdict", 10, true},
                                         {"Explanation", 58, true}};
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Statuses"), "Indicator statuses",
        "One row per indicator: its latest value against the previous comparable period "
        "(direction of travel; travel score 1 improved, 0 little or no change, -1 worsened), "
        "against the trajectory and any target (RAG), whether the change is significant, and "
        "why. Trend draws every value of the series; SPC gives the Making Data Count verdicts "
        "where "
        "there are enough values (sheet SPC), and the source's verdict is its own mark (sheet "
        "Audit lists where it and the direction of travel disagree). Methods: docs/statuses.md.",
        columns, 2);
    cx.sheets.push_back(cx.sheet_name("Statuses"));
    lxw_row_t row = header_row + 1;
    std::size_t longest = 0;
    for (const StatusRow& r : cx.status_rows) longest = std::max(longest, r.series.size());
    for (const StatusRow& r : cx.status_rows) {
        put(ws, row, c_outcome, r.outcome, f.wrap);
        put(ws, row, c_indicator, r.title, f.wrap);
        put(ws, row, c_polarity, words(r.polarity), f.wrap);
        put(ws, row, c_latest, r.latest_value, f.number);
        put(ws, row, c_latest_period, r.latest_period, f.centre);
        put(ws, row, c_previous, r.previous_value, f.number);
        put(ws, row, c_previous_period, r.previous_period, f.centre);
        if (r.travel_score)
            put(ws, row, c_score, std::optional<double>(*r.travel_score), f.integer);
        put(ws, row, c_travel, words(r.travel), f.wrap);
        put(ws, row, c_trajectory, words(r.trajectory), f.wrap);
        put(ws, row, c_rag, words(r.rag), f.wrap);
        put(ws, row, c_significance, words(r.significance), f.wrap);
        put(ws, row, c_spc_variation, words(r.spc_variation), f.wrap);
        put(ws, row, c_spc_assurance, words(r.spc_assurance), f.wrap);
        put(ws, row, c_source_verdict, words(r.source_verdict), f.wrap);
        put(ws, row, c_explanation, r.explanation, f.wrap);
        if (r.series.size() >= 2) {
            for (std::size_t i = 0; i < r.series.size(); ++i)
                worksheet_write_number(ws, row, static_cast<lxw_col_t>(c_series + i), r.series[i],
                                       nullptr);
            cx.sparklines.push_back(
                {row, c_series, static_cast<lxw_col_t>(c_series + r.series.size() - 1)});
        }
        ++row;
    }
    cx.sparkline_col = c_trend;
    if (longest > 0) {
        // The sparklines' data: kept beside the table, hidden, and out of the print area.
        lxw_row_col_options hidden{};
        hidden.hidden = 1;
        set_width(ws, c_count, static_cast<lxw_col_t>(c_series + longest - 1), 8, nullptr, &hidden);
    }
    worksheet_print_area(ws, 0, 0, std::max(row - 1, header_row), c_count - 1);
    if (cx.status_rows.empty()) return;
    const lxw_row_t first = header_row + 1, last = row - 1;
    fill_when_text(ws, first, last, c_travel, "improved", f.fill_green);
    fill_when_text(ws, first, last, c_travel, "worsened", f.fill_red);
    fill_when_text(ws, first, last, c_travel, "little or no change", f.fill_amber);
    fill_when_text(ws, first, last, c_travel, "no comparator", f.fill_grey);
    fill_when_text(ws, first, last, c_trajectory, "on track", f.fill_green);
    fill_when_text(ws, first, last, c_trajectory, "off track", f.fill_red);
    fill_when_text(ws, first, last, c_rag, "green", f.fill_green, true);
    fill_when_text(ws, first, last, c_rag, "amber", f.fill_amber, true);
    fill_when_text(ws, first, last, c_rag, "red", f.fill_red, true);
    fill_when_text(ws, first, last, c_significance, "not significant", f.fill_grey, true);
    fill_when_text(ws, first, last, c_significance, "significant", f.fill_green, true);
    fill_when_text(ws, first, last, c_spc_variation, "improvement", f.fill_blue);
    fill_when_text(ws, first, last, c_spc_variation, "concern", f.fill_orange);
    fill_when_text(ws, first, last, c_spc_assurance, "consistent pass", f.fill_blue, true);
    fill_when_text(ws, first, last, c_spc_assurance, "consistent fail", f.fill_orange, true);
    // Arrows: up for 1, sideways for 0, down for -1. libxlsxwriter writes Excel's default
    // percent thresholds; add_sparklines() makes them the numbers 0 and 1, so the arrows do not
    // depend on which scores happen to be present.
    lxw_conditional_format icons{};
    icons.type = LXW_CONDITIONAL_TYPE_ICON_SETS;
    icons.icon_style = LXW_CONDITIONAL_ICONS_3_ARROWS_COLORED;
    worksheet_conditional_format_range(ws, first, c_score, last, c_score, &icons);
}

}  // namespace kpimap::report
