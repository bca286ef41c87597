// Gaps: outcomes with no measure, national outcomes nothing reaches, indicators with no data
// and expectations still TBC, each with the cell it comes from.
#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

const char* gap_label(const std::string& kind) {
    if (kind == "no_measure") return "No measure";
    if (kind == "unreached_outcome") return "Not reached";
    if (kind == "no_data") return "No data";
    if (kind == "expectation_tbc") return "Expectation TBC";
    return "Other";
}

}  // namespace

void write_gaps_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const std::vector<Gap> gaps = report_gaps(*cx.input.model, cx.input.diagnostics);
    const std::vector<Column> columns = {{"Gap", 13},
                                         {"Outcome or indicator", 50, true},
                                         {"What is missing", 56, true},
                                         {"File", 22, true},
                                         {"Sheet", 16, true},
                                         {"Cell", 9}};
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Gaps"), "Gaps: what is not measured yet",
        "Outcomes and outputs without a measure, outcomes no other outcome contributes to, "
        "indicators without data, and trajectory cells still TBC; each with the cell it comes "
        "from.",
        columns, 0);
    cx.sheets.push_back(cx.sheet_name("Gaps"));
    lxw_row_t row = header_row + 1;
    for (const Gap& g : gaps) {
        put(ws, row, 0, gap_label(g.kind), f.text);
        put(ws, row, 1, g.item, f.wrap);
        put(ws, row, 2, g.detail, f.wrap);
        put(ws, row, 3, g.where.file, f.wrap);
        put(ws, row, 4, g.where.sheet, f.wrap);
        put(ws, row, 5, g.where.cell, f.text);
        ++row;
    }
    if (gaps.empty()) {
        put(ws, row, 1, "No gaps found.", f.note);
        return;
    }
    worksheet_autofilter(ws, header_row, 0, row - 1, 5);
}

}  // namespace kpimap::report
