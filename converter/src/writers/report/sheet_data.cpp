// Data: the tidy long table of observations (the columns of observations.csv from
// 'kpimap convert'), with an autofilter and a frozen header.
#include <unordered_map>

#include "report_sheets.hpp"

namespace kpimap::report {

void write_data_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    const Model& model = *cx.input.model;
    // One line per row: 50,000 values print as a list, not as wrapped paragraphs.
    const std::vector<Column> columns = {{"Indicator", 50},
                                         {"Period", 10},
                                         {"Period type", 13},
                                         {"Series", 10},
                                         {"Value", 10},
                                         {"Count", 9},
                                         {"Denominator", 10},
                                         {"Lower CI 95", 9},
                                         {"Upper CI 95", 9},
                                         {"Missing", 12},
                                         {"As written", 12},
                                         {"Comparator", 12},
                                         {"Comparator value", 10},
                                         {"File", 26},
                                         {"Sheet", 16},
                                         {"Cell", 7},
                                         {"Indicator id", 30}};
    lxw_worksheet* ws = begin_table_sheet(
        wb, f, cx.sheet_name("Data"), "Data: every value",
        "Every value of every indicator, one row per indicator, period and series, with the "
        "cell it was read from. Use the filter buttons to pick an indicator.",
        columns, 1);
    cx.sheets.push_back(cx.sheet_name("Data"));
    std::unordered_map<std::string_view, const Indicator*> indicator;
    for (const Indicator& i : model.indicators) indicator.emplace(i.id, &i);
    // Observations come grouped by indicator and cycle through a few periods: remembering the
    // last indicator and the labels met keeps the lookups and label formatting out of the loop.
    std::vector<std::pair<const Period*, std::string>> labels;
    auto label_of = [&labels](const Period& p) -> const std::string& {
        for (const auto& [period, label] : labels)
            if (*period == p) return label;
        if (labels.size() > 64) labels.clear();
        labels.emplace_back(&p, p.label());
        return labels.back().second;
    };
    const Indicator* last = nullptr;
    lxw_row_t row = header_row + 1;
    for (const Observation& o : model.observations) {
        if (!last || last->id != o.indicator_id) {
            auto it = indicator.find(o.indicator_id);
            last = it == indicator.end() ? nullptr : it->second;
        }
        put(ws, row, 0, last ? std::string_view(last->title) : o.indicator_id, nullptr);
        const bool is_period = !o.period.start.empty();
        put(ws, row, 1, is_period ? std::string_view(label_of(o.period)) : o.period_text, nullptr);
        if (is_period) put(ws, row, 2, words(period_kind_name(o.period.kind)), nullptr);
        put(ws, row, 3, o.series, nullptr);
        put(ws, row, 4, o.value, nullptr);
        put(ws, row, 5, o.count, nullptr);
        put(ws, row, 6, o.denominator, nullptr);
        put(ws, row, 7, o.lower_ci, nullptr);
        put(ws, row, 8, o.upper_ci, nullptr);
        if (o.missing != MissingReason::none)
            put(ws, row, 9, words(missing_reason_name(o.missing)));
        put(ws, row, 10, o.raw, nullptr);
        put(ws, row, 11, o.comparator_name, nullptr);
        put(ws, row, 12, o.comparator_value, nullptr);
        put(ws, row, 13, o.where.file, nullptr);
        put(ws, row, 14, o.where.sheet, nullptr);
        put(ws, row, 15, o.where.cell, nullptr);
        put(ws, row, 16, o.indicator_id, nullptr);
        ++row;
    }
    worksheet_autofilter(ws, header_row, 0, std::max(row - 1, header_row), 16);
    // The id is for machines (and for finding the indicator elsewhere); the page leaves it out.
    worksheet_print_area(ws, 0, 0, std::max(row - 1, header_row), 15);
}

}  // namespace kpimap::report
