// Shared by the report's sheet writers: the formats, the page layout every sheet has (title,
// one line saying what the sheet shows, frozen header, landscape fit-to-width printing with the
// header repeated) and the context each sheet writer reads from.
#pragma once

#include <xlsxwriter.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kpimap/report.hpp"

namespace kpimap::report {

// Every format the report uses, made once per workbook.
struct Formats {
    lxw_format *title, *what, *header, *text, *centre, *wrap, *number, *integer, *bold, *note;
    lxw_format *fill_green, *fill_amber, *fill_red, *fill_grey;  // status fills (conditional)
    lxw_format *fill_blue, *fill_orange;             // Making Data Count: improvement, concern
    lxw_format *mark, *uncovered, *total, *matched;  // matrices
};
Formats make_formats(lxw_workbook* workbook);

// A column of a table sheet: its header and width in characters.
struct Column {
    std::string header;
    double width;
    bool wrap = false;  // long text: wrapped, rows grow
};

// The row the first table header is on (title row 0, "what" row 1, blank row 2).
inline constexpr lxw_row_t header_row = 3;

// Adds a sheet with its title, its one-line description, the header row (frozen and repeated
// on every printed page), the column widths and the print set-up. `freeze_columns` keeps the
// leading columns visible when scrolling right.
lxw_worksheet* begin_table_sheet(lxw_workbook* workbook, const Formats& f, const std::string& name,
                                 std::string_view title, std::string_view what,
                                 const std::vector<Column>& columns, lxw_col_t freeze_columns = 0);

// Title and description rows, and the print set-up, for a sheet without a header table.
lxw_worksheet* begin_plain_sheet(lxw_workbook* workbook, const Formats& f, const std::string& name,
                                 std::string_view title, std::string_view what,
                                 lxw_col_t print_columns);

// Cell writers that accept any std::string: a text longer than a cell holds (32,767) is cut on
// a character boundary and the cut noted for take_cut_notes().
void put(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text,
         lxw_format* format = nullptr);
void put(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::optional<double> value,
         lxw_format* format = nullptr);

// Row heights. libxlsxwriter cannot measure text and neither Excel nor LibreOffice grows a row
// for wrapped text it did not lay out itself, so the writer estimates the lines each wrapped
// cell needs from its column width and sets the row heights when the sheets are done. The
// estimates live per thread for one write_report call: start_layout() .. apply_layout().
void start_layout();
void apply_layout();
// Sets the width of columns (in characters) and remembers it for the row heights.
void set_width(lxw_worksheet* ws, lxw_col_t first, lxw_col_t last, double width,
               lxw_format* format = nullptr, const lxw_row_col_options* options = nullptr);
// A row at least this tall (points), whatever its text needs.
void set_min_height(lxw_worksheet* ws, lxw_row_t row, double points);
// Text merged over columns first..last (its width is theirs together).
void merge_text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t first, lxw_col_t last,
                std::string_view text, lxw_format* format);
// The notes of texts cut to fit a cell since start_layout() (or the last call), one sentence
// each naming the sheet and cell, for "Left out".
std::vector<std::string> take_cut_notes();
// The longest start of `text` of at most `max_bytes` bytes that ends between two characters.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);
// Formats whose text wraps (so the row grows with it); Formats registers its own.
void mark_wrapping(lxw_format* format);

// A sheet's name as a formula refers to it: quoted ('kpimap Charts') unless it is one plain word.
std::string sheet_reference(std::string_view sheet);
// The absolute A1 reference of a range on a sheet, for chart series: "=Charts!$A$5:$A$9".
std::string sheet_range(std::string_view sheet, lxw_row_t first_row, lxw_col_t first_col,
                        lxw_row_t last_row, lxw_col_t last_col);
// A chart's title as the report's charts show it: cut to 90 bytes on a character boundary,
// 10 pt, not bold; the legend at the bottom.
void chart_title_and_legend(lxw_chart* chart, std::string_view title);

// A conditional fill on rows first..last of column `col`: cells containing `text` (or beginning
// with it) take `format`, so the colours follow edits.
void fill_when_text(lxw_worksheet* ws, lxw_row_t first, lxw_row_t last, lxw_col_t col,
                    const char* text, lxw_format* format, bool begins = false);

// "little_or_no_change" as "little or no change".
std::string words(std::string name);
// "strategic_outcome" as "Strategic outcome".
std::string label_of_level(const std::string& level);

// "1.1 Title" for an outcome.
std::string outcome_label(const Outcome& outcome);

// What every sheet writer reads, and where it records what it left out.
struct Context {
    const ReportInput& input;
    const ReportOptions& options;
    const Formats& formats;
    // A sheet's name: its own name after ReportOptions::sheet_prefix.
    std::string sheet_name(std::string_view name) const {
        return options.sheet_prefix + std::string(name);
    }
    std::vector<StatusRow> status_rows;
    std::vector<std::string> sheets;
    std::vector<std::string> omitted;
    // Statuses sheet: where the series for sparklines are, for the post-processing step.
    std::string statuses_sheet_xml;  // "xl/worksheets/sheetN.xml"
    struct Sparkline {
        lxw_row_t row;
        lxw_col_t first, last;
    };
    std::vector<Sparkline> sparklines;
    lxw_col_t sparkline_col = 0;
};

// How many of `planned` charts a sheet draws (ReportOptions::max_charts); the rest are listed
// for the About sheet as "SHEET: N more chart(s) (at most M...)", `what_to_do` completing it.
std::size_t charts_within_limit(Context& cx, std::size_t planned, std::string_view sheet,
                                std::string_view what_to_do);

void write_summary_sheet(lxw_workbook* wb, Context& cx);
void write_statuses_sheet(lxw_workbook* wb, Context& cx);
void write_breakdowns_sheet(lxw_workbook* wb, Context& cx);
void write_outcome_matrix_sheet(lxw_workbook* wb, Context& cx);
void write_framework_matrix_sheet(lxw_workbook* wb, Context& cx);
void write_commitments_sheet(lxw_workbook* wb, Context& cx);
void write_gaps_sheet(lxw_workbook* wb, Context& cx);
void write_data_sheet(lxw_workbook* wb, Context& cx);
void write_reconciliation_sheet(lxw_workbook* wb, Context& cx);
void write_about_sheet(lxw_workbook* wb, Context& cx);
void write_charts_sheet(lxw_workbook* wb, Context& cx);
void write_spc_sheet(lxw_workbook* wb, Context& cx);
void write_audit_sheet(lxw_workbook* wb, Context& cx);

// Adds Excel 2010 sparklines to the Statuses sheet of a written workbook (libxlsxwriter 1.1
// has no sparkline API): rewrites that one worksheet part in place. Empty string on success,
// else what went wrong.
std::string add_sparklines(const std::string& path, const Context& cx);

}  // namespace kpimap::report
