// About: where the report comes from (sources, mappings, kpimap version, as-of period), the
// methods behind the statuses, what each sheet shows and what was left out.
#include <fmt/format.h>

#include "report_sheets.hpp"

namespace kpimap::report {

void write_about_sheet(lxw_workbook* wb, Context& cx) {
    const Formats& f = cx.formats;
    lxw_worksheet* ws =
        begin_plain_sheet(wb, f, cx.sheet_name("About"), "About this report",
                          "Where the figures come from, how the statuses were worked out, and "
                          "what this workbook leaves out.",
                          4);
    set_width(ws, 0, 0, 22, nullptr);
    set_width(ws, 1, 1, 40, f.wrap);
    set_width(ws, 2, 2, 30, f.wrap);
    set_width(ws, 3, 3, 50, f.wrap);
    lxw_row_t row = 3;
    auto pair = [&](std::string_view key, std::string_view value) {
        put(ws, row, 0, key, f.bold);
        merge_text(ws, row, 1, 3, value, f.wrap);
        ++row;
    };
    pair("Made by", fmt::format("kpimap {} (kpimap report)", KPIMAP_VERSION));
    pair("As of", cx.input.as_of.empty()
                      ? "the latest period of each indicator"
                      : "period " + cx.input.as_of + " (later values are not judged)");
    pair("Methods",
         "Direction of travel compares the latest value with the previous comparable period; "
         "a change within the tolerance is 'little or no change'. Trajectory compares with the "
         "expectation for the period (Baseline, Improvement, TBC, a target); RAG with a numeric "
         "target; significance uses counts or published 95% intervals and is never guessed. "
         "Full methods: docs/statuses.md in the kpimap sources.");
    pair("Tolerance", cx.input.travel_tolerance
                          ? fmt::format("{:g}% relative change or less counts as 'little or no "
                                        "change'",
                                        *cx.input.travel_tolerance * 100)
                          : std::string("not stated by the program that wrote this report"));
    pair("Crosswalk", cx.input.crosswalk_path.empty()
                          ? std::string("none")
                          : cx.input.crosswalk_path + " (confirmed identities used in matching)");
    const Model& m = *cx.input.model;
    pair("Model", fmt::format("{} frameworks, {} outcomes, {} indicators, {} values, {} "
                              "expectations, {} links",
                              m.frameworks.size(), m.outcomes.size(), m.indicators.size(),
                              m.observations.size(), m.expectations.size(), m.links.size()));
    ++row;
    put(ws, row, 0, "Sources", f.header);
    put(ws, row, 1, "File", f.header);
    put(ws, row, 2, "Mapping", f.header);
    put(ws, row, 3, "Mapping file", f.header);
    ++row;
    for (std::size_t i = 0; i < cx.input.sources.size(); ++i, ++row) {
        const ReportSource& s = cx.input.sources[i];
        worksheet_write_number(ws, row, 0, static_cast<double>(i + 1), f.integer);
        put(ws, row, 1, s.file, f.wrap);
        put(ws, row, 2, s.mapping_id.empty() ? "(a model.json)" : s.mapping_id, f.wrap);
        put(ws, row, 3, s.mapping_path, f.wrap);
    }
    ++row;
    put(ws, row++, 0, "Sheets", f.header);
    for (const std::string& s : cx.sheets) put(ws, row++, 1, s, f.text);
    put(ws, row++, 1, "About", f.text);
    ++row;
    put(ws, row++, 0, "Left out", f.header);
    if (cx.omitted.empty()) put(ws, row++, 1, "nothing", f.text);
    for (const std::string& o : cx.omitted) {
        merge_text(ws, row, 1, 3, o, f.wrap);
        ++row;
    }
    cx.sheets.push_back(cx.sheet_name("About"));
}

}  // namespace kpimap::report
