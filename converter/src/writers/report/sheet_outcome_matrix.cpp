// Outcome matrix: strategic outcomes × national outcomes (contributes_to links) with the
// markers as written, coverage totals per row and column, and uncovered cells highlighted.
#include <fmt/format.h>

#include <map>

#include "report_sheets.hpp"

namespace kpimap::report {

void write_outcome_matrix_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const OutcomeMatrix m = contribution_matrix(*cx.input.model);
    if (m.empty()) {
        cx.omitted.push_back(
            "Outcome matrix: the model has no contributes_to links (only a matrix mapping such "
            "as mh-pmf-matrix makes them)");
        return;
    }
    const std::string& row_level = m.rows.front()->level;
    const std::string& col_level = m.columns.front()->level;
    std::vector<Column> columns = {{"Code", 6}, {label_of_level(row_level), 40, true}};
    for (const Outcome* o : m.columns) columns.push_back({outcome_label(*o), 13, true});
    columns.push_back({"Total", 7});
    const lxw_col_t total_col = static_cast<lxw_col_t>(columns.size() - 1);
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Outcome matrix"),
        fmt::format("Cross-reference: {} × {}", label_of_level(row_level),
                    label_of_level(col_level)),
        fmt::format("Which {0} contributes to which {1}, with the markers the source uses. "
                    "Totals count marked cells; a yellow cell is in a row or column with no mark, "
                    "a red total is a {1} (or {0}) nothing reaches.",
                    label_of_level(row_level), label_of_level(col_level)),
        columns, 2);
    cx.sheets.push_back(cx.sheet_name("Outcome matrix"));
    lxw_row_t row = header_row + 1;
    for (std::size_t r = 0; r < m.rows.size(); ++r, ++row) {
        put(ws, row, 0, m.rows[r]->code, f.text);
        put(ws, row, 1, m.rows[r]->title, f.wrap);
        for (std::size_t c = 0; c < m.columns.size(); ++c) {
            const lxw_col_t col = static_cast<lxw_col_t>(2 + c);
            if (!m.cells[r][c].empty())
                put(ws, row, col, m.cells[r][c], f.mark);
            else
                worksheet_write_blank(
                    ws, row, col,
                    m.row_totals[r] == 0 || m.column_totals[c] == 0 ? f.uncovered : nullptr);
        }
        worksheet_write_number(ws, row, total_col, m.row_totals[r], f.total);
    }
    put(ws, row, 1, "Total", f.bold);
    for (std::size_t c = 0; c < m.columns.size(); ++c)
        worksheet_write_number(ws, row, static_cast<lxw_col_t>(2 + c), m.column_totals[c], f.total);
    int marked = 0;
    for (int t : m.row_totals) marked += t;
    worksheet_write_number(ws, row, total_col, marked, f.total);
    // Zero totals in red: an outcome nothing reaches, or one that reaches nothing.
    lxw_conditional_format zero{};
    zero.type = LXW_CONDITIONAL_TYPE_CELL;
    zero.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    zero.value = 0;
    zero.format = f.fill_red;
    worksheet_conditional_format_range(ws, header_row + 1, total_col, row, total_col, &zero);
    worksheet_conditional_format_range(ws, row, 2, row, total_col, &zero);
    // Legend: each marker as written and what it means.
    std::map<std::string, std::string> legend;
    for (std::size_t r = 0; r < m.rows.size(); ++r)
        for (std::size_t c = 0; c < m.columns.size(); ++c)
            if (!m.cells[r][c].empty()) {
                // A cell marked twice holds "O ②": one legend line per marker.
                std::size_t a = 0, b = 0;
                const std::string& cell = m.cells[r][c];
                const std::string& strength = m.strengths[r][c];
                while (a <= cell.size()) {
                    std::size_t ea = cell.find(' ', a), eb = strength.find(' ', b);
                    if (ea == std::string::npos) ea = cell.size();
                    if (eb == std::string::npos) eb = strength.size();
                    legend.emplace(cell.substr(a, ea - a),
                                   b <= strength.size() ? strength.substr(b, eb - b) : "");
                    a = ea + 1;
                    b = eb + 1;
                }
            }
    row += 2;
    put(ws, row++, 1, "Markers", f.bold);
    for (const auto& [marker, strength] : legend) {
        put(ws, row, 0, marker, f.mark);
        put(ws, row++, 1, strength.empty() ? "marked (no strength given)" : strength, f.text);
    }
}

}  // namespace kpimap::report
