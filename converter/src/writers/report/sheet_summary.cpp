// Summary: per outcome, how many indicators improved, stayed the same, worsened or have no
// comparator (the seed-001 report's counts), with RAG totals and the source's own summary.
#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

void fill_when_positive(lxw_worksheet* ws, lxw_row_t first, lxw_row_t last, lxw_col_t col,
                        lxw_format* format) {
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN;
    cf.value = 0;
    cf.format = format;
    worksheet_conditional_format_range(ws, first, col, last, col, &cf);
}

}  // namespace

void write_summary_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const std::vector<SummaryRow> rows = report_summary_rows(*cx.input.statuses);
    bool any_published = false;
    for (const SummaryRow& r : rows) any_published |= !r.published.empty();
    std::vector<Column> columns = {{"Code", 9, true},
                                   {"Outcome", 40, true},
                                   {"Indicators", 9, true},
                                   {"Improved", 9, true},
                                   {"Little or no change", 9, true},
                                   {"Worsened", 9, true},
                                   {"No comparator", 10, true},
                                   {"Changed, polarity unknown", 10, true},
                                   {"Red", 6, true},
                                   {"Amber", 6, true},
                                   {"Green", 6, true},
                                   {"RAG not assessed", 9, true}};
    bool any_note = false;
    for (const SummaryRow& r : rows) any_note |= !r.note.empty();
    if (any_published) columns.push_back({"Summary the source publishes", 50, true});
    if (any_note) columns.push_back({"Note", 36, true});
    const lxw_col_t note_col = static_cast<lxw_col_t>(columns.size() - 1);
    // Several frameworks can each have a "1" or an "ADULT SOCIAL CARE": say whose it is.
    const Model& model = *cx.input.model;
    const bool several = model.frameworks.size() > 1;
    if (several) columns.push_back({"Framework", 24, true});
    const lxw_col_t framework_col = static_cast<lxw_col_t>(columns.size() - 1);
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Summary"), "Summary of outcomes",
        "For each outcome: how many of its indicators improved, showed little or no change, "
        "worsened or have no earlier value to compare with (latest vs previous period), and the "
        "RAG ratings against targets. Methods: docs/statuses.md.",
        columns, 2);
    cx.sheets.push_back(cx.sheet_name("Summary"));
    lxw_row_t row = header_row + 1;
    SummaryRow total;
    for (const SummaryRow& r : rows) {
        put(ws, row, 0, r.code, f.wrap);
        put(ws, row, 1, r.title, f.wrap);
        const int counts[] = {r.indicators,  r.improved,      r.little_or_no_change,
                              r.worsened,    r.no_comparator, r.changed_no_polarity,
                              r.red,         r.amber,         r.green,
                              r.not_assessed};
        for (lxw_col_t c = 0; c < 10; ++c)
            worksheet_write_number(ws, row, 2 + c, counts[c], f.integer);
        if (any_published) put(ws, row, 12, r.published, f.wrap);
        if (any_note) put(ws, row, note_col, r.note, f.note);
        if (several)
            if (const Outcome* o = model.find_outcome(r.outcome_id))
                for (const Framework& fw : model.frameworks)
                    if (fw.id == o->framework_id) put(ws, row, framework_col, fw.title, f.wrap);
        total.indicators += r.indicators;
        total.improved += r.improved;
        total.little_or_no_change += r.little_or_no_change;
        total.worsened += r.worsened;
        total.no_comparator += r.no_comparator;
        total.changed_no_polarity += r.changed_no_polarity;
        total.red += r.red;
        total.amber += r.amber;
        total.green += r.green;
        total.not_assessed += r.not_assessed;
        ++row;
    }
    if (rows.empty()) {
        put(ws, row, 1, "No outcome has indicators in this model.", f.note);
        return;
    }
    const lxw_row_t last = row - 1;
    fill_when_positive(ws, header_row + 1, last, 3, f.fill_green);
    fill_when_positive(ws, header_row + 1, last, 5, f.fill_red);
    fill_when_positive(ws, header_row + 1, last, 8, f.fill_red);
    fill_when_positive(ws, header_row + 1, last, 9, f.fill_amber);
    fill_when_positive(ws, header_row + 1, last, 10, f.fill_green);
    // Totals: a sum over the rows above, so a reader can check them in Excel too.
    put(ws, row, 1, "All outcomes (an indicator of two outcomes counts twice)", f.bold);
    const int totals[] = {total.indicators,  total.improved,      total.little_or_no_change,
                          total.worsened,    total.no_comparator, total.changed_no_polarity,
                          total.red,         total.amber,         total.green,
                          total.not_assessed};
    for (lxw_col_t c = 0; c < 10; ++c) {
        char ref[32];
        lxw_rowcol_to_range(ref, header_row + 1, 2 + c, last, 2 + c);
        const std::string formula = std::string("=SUM(") + ref + ")";
        worksheet_write_formula_num(ws, row, 2 + c, formula.c_str(), f.total, totals[c]);
    }
}

}  // namespace kpimap::report
