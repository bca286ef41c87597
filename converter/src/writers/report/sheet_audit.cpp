// Audit: every indicator where the source's own verdict (its ✔/✘ mark, or none) and kpimap's
// direction of travel disagree, such as a ✓ on a change within the tolerance: where a published
// narrative outruns its data. Written only when there is something to list.
#include <string_view>
#include <unordered_map>

#include "report_sheets.hpp"

namespace kpimap::report {

void write_audit_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const StatusResult& st = *cx.input.statuses;
    std::vector<const IndicatorStatus*> listed;
    for (const IndicatorStatus& s : st.indicators)
        if (!s.audit.empty()) listed.push_back(&s);
    if (listed.empty()) return;
    std::unordered_map<std::string_view, const StatusRow*> row_of;
    for (const StatusRow& r : cx.status_rows) row_of.emplace(r.indicator_id, &r);
    const std::vector<Column> columns = {{"Outcome", 26, true},
                                         {"Indicator", 36, true},
                                         {"Source's verdict", 12, true},
                                         {"Direction of travel", 14, true},
                                         {"Why they differ", 80, true}};
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Audit"), "Where the source's verdict and the data disagree",
        "Indicators whose published mark (✔ positive, ✘ negative, none: fairly stable or no "
        "comparator) is not what kpimap's direction of travel finds. Method: docs/statuses.md "
        "(The source's verdict).",
        columns, 2);
    cx.sheets.push_back(cx.sheet_name("Audit"));
    lxw_row_t row = header_row + 1;
    for (const IndicatorStatus* s : listed) {
        auto it = row_of.find(s->indicator_id);
        put(ws, row, 0, it == row_of.end() ? std::string() : it->second->outcome, f.wrap);
        put(ws, row, 1, s->title, f.wrap);
        put(ws, row, 2, words(source_verdict_name(s->source_verdict)), f.wrap);
        put(ws, row, 3, words(stats::travel_name(s->travel)), f.wrap);
        put(ws, row, 4, s->audit, f.wrap);
        ++row;
    }
    worksheet_print_area(ws, 0, 0, row - 1, 4);
}

}  // namespace kpimap::report
