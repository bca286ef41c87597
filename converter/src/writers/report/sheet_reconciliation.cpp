// Reconciliation: the conflicts, suggested matches and duplicates found while merging the
// sources, each with the file, sheet and cell of both sides, and how many values agreed.
#include <fmt/format.h>

#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

std::string cell_of(const Provenance& p) {
    if (p.file.empty()) return "";
    return fmt::format("{}, '{}'!{}", p.file, p.sheet, p.cell);
}

std::string shown(const ComparedValue& v) {
    if (!v.raw.empty()) return v.raw;
    return v.value ? fmt::format("{}", *v.value) : std::string("(missing)");
}

}  // namespace

void write_reconciliation_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const ReconcileReport* r = cx.input.reconciliation;
    if (!r) {
        cx.omitted.push_back("Reconciliation: the inputs were not reconciled");
        return;
    }
    const std::vector<Column> columns = {{"Kind", 11},         {"Indicator", 32, true},
                                         {"Period", 9},        {"What kpimap found", 46, true},
                                         {"First", 16, true},  {"First cell", 28, true},
                                         {"Second", 16, true}, {"Second cell", 28, true}};
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Reconciliation"), "Reconciliation: what needs a person's look",
        fmt::format("{} source{} merged: {} conflicting values (the first value is kept), {} "
                    "suggested matches to confirm in a crosswalk, {} duplicates in one source; "
                    "{} values agreed between sources.",
                    r->sources, r->sources == 1 ? "" : "s", r->conflicts.size(),
                    r->suggestions.size(), r->duplicates.size(), r->agreements.size()),
        columns, 2);
    cx.sheets.push_back(cx.sheet_name("Reconciliation"));
    lxw_row_t row = header_row + 1;
    for (const ValueComparison& c : r->conflicts) {
        put(ws, row, 0, "Conflict", f.fill_red);
        put(ws, row, 1, c.title, f.wrap);
        put(ws, row, 2, c.period_label, f.text);
        put(ws, row, 3, c.explanation, f.wrap);
        put(ws, row, 4, shown(c.kept), f.wrap);
        put(ws, row, 5, cell_of(c.kept.where), f.wrap);
        put(ws, row, 6, shown(c.other), f.wrap);
        put(ws, row, 7, cell_of(c.other.where), f.wrap);
        ++row;
    }
    for (const MatchSuggestion& s : r->suggestions) {
        put(ws, row, 0, "Suggestion", f.fill_amber);
        put(ws, row, 1, s.first_title, f.wrap);
        put(ws, row, 3,
            fmt::format("score {:.2f} (titles {:.2f}; {} of {} shared periods agree); {}", s.score,
                        s.title_score, s.agreeing_periods, s.shared_periods, s.evidence),
            f.wrap);
        put(ws, row, 4, s.first_title, f.wrap);
        put(ws, row, 5, cell_of(s.first_where), f.wrap);
        put(ws, row, 6, s.second_title, f.wrap);
        put(ws, row, 7, cell_of(s.second_where), f.wrap);
        ++row;
    }
    for (const SourceDuplicate& d : r->duplicates) {
        put(ws, row, 0, "Duplicate", f.fill_grey);
        put(ws, row, 1, d.title, f.wrap);
        put(ws, row, 3, d.explanation.empty() ? words(d.code) : d.explanation, f.wrap);
        put(ws, row, 5, cell_of(d.first), f.wrap);
        put(ws, row, 7, cell_of(d.second), f.wrap);
        ++row;
    }
    if (row == header_row + 1) {
        put(ws, row, 1, "Nothing needs a look: no conflicts, suggestions or duplicates.", f.note);
        return;
    }
    worksheet_autofilter(ws, header_row, 0, row - 1, 7);
}

}  // namespace kpimap::report
