// Indicators × frameworks: for reconciled sources, which framework tracks each indicator and
// under which name, so partners can see where they measure the same thing.
#include <fmt/format.h>

#include "report_sheets.hpp"

namespace kpimap::report {

void write_framework_matrix_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    if (!cx.input.reconciliation || cx.input.source_models.size() < 2) {
        cx.omitted.push_back(
            "Indicator matrix: only one source, so there is nothing to cross-reference (give "
            "the workbooks or their own model.json files, not one already reconciled "
            "model.json)");
        return;
    }
    const FrameworkMatrix m =
        framework_matrix(*cx.input.model, *cx.input.reconciliation, cx.input.source_models);
    if (m.empty()) {
        cx.omitted.push_back(
            m.columns.size() < 2
                ? "Indicator matrix: every source is the same framework (the same workbook "
                  "given twice?), so there is nothing to cross-reference"
                : "Indicator matrix: the sources have no indicators");
        return;
    }
    std::vector<Column> columns = {{"Indicator", 34, true}, {"Sources", 8}, {"Matched by", 10}};
    for (const Framework* fw : m.columns)
        columns.push_back({fmt::format("{} ({})", fw->title, fw->mapping_id), 24, true});
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Indicator matrix"), "Cross-reference: indicators × frameworks",
        "Each indicator of the reconciled model and, per source framework, whether it is "
        "tracked there: ✓ under the same name, else the name used there (blank: not tracked). "
        "Green rows were matched across sources; "
        "'Matched by' says how (code, crosswalk, alias or title). Reconciliation sheet: "
        "suggested matches to confirm.",
        columns, 1);
    cx.sheets.push_back(cx.sheet_name("Indicator matrix"));
    set_min_height(ws, header_row, 45);
    lxw_row_t row = header_row + 1;
    for (const FrameworkMatrix::Row& r : m.rows) {
        lxw_format* name_format = r.tracked >= 2 ? f.matched : f.wrap;
        put(ws, row, 0, r.title, f.wrap);
        worksheet_write_number(ws, row, 1, r.tracked, f.integer);
        put(ws, row, 2, r.rule, f.text);
        // The same name as the indicator's is a tick; only other names are spelled out.
        for (std::size_t c = 0; c < m.columns.size(); ++c)
            put(ws, row, static_cast<lxw_col_t>(3 + c),
                r.names[c] == r.title ? std::string("✓") : r.names[c],
                r.names[c].empty() ? nullptr : name_format);
        ++row;
    }
    worksheet_autofilter(ws, header_row, 0, row - 1, static_cast<lxw_col_t>(columns.size() - 1));
}

}  // namespace kpimap::report
