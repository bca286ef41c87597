// Commitments × indicators: each commitment of a dashboard with the indicators that evidence
// it (those of its own priority or theme), and commitments with none highlighted.
#include <fmt/format.h>

#include "report_sheets.hpp"

namespace kpimap::report {

void write_commitments_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const std::vector<CommitmentRow> rows = commitment_rows(*cx.input.model);
    if (rows.empty()) {
        cx.omitted.push_back(
            "Commitments: the model has no commitments (a dashboard mapping such as "
            "jhws-dashboard reads them)");
        return;
    }
    const std::vector<Column> columns = {{"Theme > priority", 30, true},
                                         {"Code", 7},
                                         {"Commitment", 48, true},
                                         {"Indicators", 9},
                                         {"Indicators that evidence it", 60, true}};
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Commitments"), "Cross-reference: commitments × indicators",
        "Each commitment with the indicators listed for it: those linked to the commitment "
        "itself, else to its priority or theme (the dashboard puts them side by side). A red "
        "count is a commitment without an indicator.",
        columns, 0);
    cx.sheets.push_back(cx.sheet_name("Commitments"));
    lxw_row_t row = header_row + 1;
    for (const CommitmentRow& r : rows) {
        put(ws, row, 0, r.context, f.wrap);
        put(ws, row, 1, r.commitment->code, f.text);
        put(ws, row, 2, r.commitment->title, f.wrap);
        worksheet_write_number(ws, row, 3, static_cast<double>(r.indicators.size()), f.integer);
        std::string list;
        for (const Indicator* i : r.indicators) {
            if (!list.empty()) list += "\n";
            list += "• " + i->title;
        }
        put(ws, row, 4, list, f.wrap);
        ++row;
    }
    lxw_conditional_format zero{};
    zero.type = LXW_CONDITIONAL_TYPE_CELL;
    zero.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    zero.value = 0;
    zero.format = f.fill_red;
    worksheet_conditional_format_range(ws, header_row + 1, 3, row - 1, 3, &zero);
    worksheet_autofilter(ws, header_row, 0, row - 1, 4);
}

}  // namespace kpimap::report
