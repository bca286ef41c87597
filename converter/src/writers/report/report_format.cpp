// Formats and the page layout shared by every report sheet.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

struct Layout {
    std::map<lxw_worksheet*, std::map<lxw_col_t, double>> widths;
    std::map<std::pair<lxw_worksheet*, lxw_row_t>, double> heights;  // points
    std::set<lxw_format*> wrapping;
    struct Cut {
        std::string sheet, cell;
        std::size_t characters, kept;
    };
    std::vector<Cut> cuts;  // texts cut to fit a cell, for "Left out"
};
thread_local Layout layout;

// The description row of the sheet being begun, written once its column widths are set.
struct PendingWhat {
    lxw_worksheet* ws = nullptr;
    lxw_col_t last = 0;
    std::string text;
    lxw_format* format = nullptr;
};
thread_local PendingWhat pending_what;

void flush_what() {
    if (!pending_what.ws) return;
    merge_text(pending_what.ws, 1, 0, pending_what.last, pending_what.text, pending_what.format);
    pending_what = {};
}

double width_of(lxw_worksheet* ws, lxw_col_t first, lxw_col_t last) {
    double w = 0;
    const auto& cols = layout.widths[ws];
    for (lxw_col_t c = first; c <= last; ++c) {
        auto it = cols.find(c);
        w += it == cols.end() ? 8.43 : it->second;
    }
    return w;
}

// Points a wrapped text needs in `width` characters: Arial 10 fits about 1.2 characters per
// width unit; each explicit line break starts a new line.
double text_height(std::string_view text, double width) {
    const double per_line = std::max(1.0, width * 1.2 - 1);
    double lines = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        double chars = 0;
        for (std::size_t i = start; i < end; ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
        lines += std::max(1.0, std::ceil(chars / per_line));
        start = end + 1;
    }
    return 12.75 * lines + 1.5;
}

std::size_t characters(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// Excel holds at most 32,767 characters in a cell (libxlsxwriter refuses longer strings); the
// cut is on a UTF-8 boundary and is noted, so a reader knows the cell is not the whole text.
std::string_view fit_cell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text) {
    constexpr std::size_t limit = 32767;
    if (text.size() <= limit) return text;
    const std::string_view kept = utf8_prefix(text, limit);
    char cell[16];
    lxw_rowcol_to_cell(cell, row, col);
    layout.cuts.push_back({ws->name ? ws->name : "", cell, characters(text), characters(kept)});
    return kept;
}

void need(lxw_worksheet* ws, lxw_row_t row, double points) {
    double& h = layout.heights[{ws, row}];
    h = std::max(h, points);
}

lxw_format* add(lxw_workbook* wb, auto&& setup) {
    lxw_format* f = workbook_add_format(wb);
    format_set_font_name(f, "Arial");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    setup(f);
    return f;
}

void print_setup(lxw_worksheet* ws, std::string_view title) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(ws, 1, 0);  // one page wide, as many pages tall as needed
    const std::string footer = "&L" + std::string(title) + "&RPage &P of &N";
    worksheet_set_footer(ws, footer.c_str());
}

}  // namespace

void fill_when_text(lxw_worksheet* ws, lxw_row_t first, lxw_row_t last, lxw_col_t col,
                    const char* text, lxw_format* format, bool begins) {
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_TYPE_TEXT;
    cf.criteria = begins ? LXW_CONDITIONAL_CRITERIA_TEXT_BEGINS_WITH
                         : LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING;
    cf.value_string = const_cast<char*>(text);
    cf.format = format;
    worksheet_conditional_format_range(ws, first, col, last, col, &cf);
}

Formats make_formats(lxw_workbook* wb) {
    Formats f{};
    f.title = add(wb, [](lxw_format* x) {
        format_set_bold(x);
        format_set_font_size(x, 14);
        format_set_font_color(x, 0x1F3864);
    });
    f.what = add(wb, [](lxw_format* x) {
        format_set_italic(x);
        format_set_font_color(x, 0x404040);
        format_set_text_wrap(x);
    });
    f.header = add(wb, [](lxw_format* x) {
        format_set_bold(x);
        format_set_text_wrap(x);
        format_set_bg_color(x, 0xD9E1F2);
        format_set_border(x, LXW_BORDER_THIN);
        format_set_border_color(x, 0x8EA9DB);
    });
    f.text = add(wb, [](lxw_format*) {});
    f.centre = add(wb, [](lxw_format* x) { format_set_align(x, LXW_ALIGN_CENTER); });
    f.wrap = add(wb, [](lxw_format* x) { format_set_text_wrap(x); });
    f.number = add(wb, [](lxw_format* x) { format_set_num_format(x, "#,##0.0##"); });
    f.integer = add(wb, [](lxw_format* x) {
        format_set_num_format(x, "0");
        format_set_align(x, LXW_ALIGN_CENTER);
    });
    f.bold = add(wb, [](lxw_format* x) {
        format_set_bold(x);
        format_set_text_wrap(x);
    });
    f.note = add(wb, [](lxw_format* x) {
        format_set_font_color(x, 0x595959);
        format_set_text_wrap(x);
    });
    // Conditional-format fills: only colours, so the cell keeps its own alignment and font.
    auto fill = [&](lxw_color_t bg, lxw_color_t fg) {
        lxw_format* x = workbook_add_format(wb);
        format_set_bg_color(x, bg);
        format_set_font_color(x, fg);
        return x;
    };
    f.fill_green = fill(0xC6EFCE, 0x006100);
    f.fill_amber = fill(0xFFEB9C, 0x9C5700);
    f.fill_red = fill(0xFFC7CE, 0x9C0006);
    f.fill_grey = fill(0xEDEDED, 0x595959);
    // The Making Data Count palette: blue for improvement, orange for concern.
    f.fill_blue = fill(0xDDEBF7, 0x1F4E79);
    f.fill_orange = fill(0xFCE4D6, 0x843C0C);
    f.mark = add(wb, [](lxw_format* x) {
        format_set_align(x, LXW_ALIGN_CENTER);
        format_set_bold(x);
        format_set_bg_color(x, 0xDDEBF7);
        format_set_border(x, LXW_BORDER_THIN);
        format_set_border_color(x, 0xBFBFBF);
    });
    f.uncovered = add(wb, [](lxw_format* x) {
        format_set_bg_color(x, 0xFFF2CC);
        format_set_border(x, LXW_BORDER_THIN);
        format_set_border_color(x, 0xBFBFBF);
    });
    f.total = add(wb, [](lxw_format* x) {
        format_set_bold(x);
        format_set_align(x, LXW_ALIGN_CENTER);
        format_set_top(x, LXW_BORDER_THIN);
    });
    f.matched = add(wb, [](lxw_format* x) {
        format_set_text_wrap(x);
        format_set_bg_color(x, 0xE2EFDA);
    });
    for (lxw_format* x : {f.what, f.header, f.wrap, f.bold, f.note, f.matched}) mark_wrapping(x);
    return f;
}

lxw_worksheet* begin_plain_sheet(lxw_workbook* wb, const Formats& f, const std::string& name,
                                 std::string_view title, std::string_view what,
                                 lxw_col_t print_columns) {
    flush_what();  // the previous sheet's description: its widths are set by now
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    put(ws, 0, 0, title, f.title);
    set_min_height(ws, 0, 22);
    // The description is merged over the table; its height is measured when the widths are
    // known (begin_table_sheet sets them first).
    const lxw_col_t last = std::max<lxw_col_t>(print_columns, 1) - 1;
    pending_what = {ws, last, std::string(what), f.what};
    print_setup(ws, title);
    return ws;
}

lxw_worksheet* begin_table_sheet(lxw_workbook* wb, const Formats& f, const std::string& name,
                                 std::string_view title, std::string_view what,
                                 const std::vector<Column>& columns, lxw_col_t freeze_columns) {
    lxw_worksheet* ws =
        begin_plain_sheet(wb, f, name, title, what, static_cast<lxw_col_t>(columns.size()));
    for (lxw_col_t c = 0; c < columns.size(); ++c) {
        set_width(ws, c, c, columns[c].width, columns[c].wrap ? f.wrap : nullptr);
        put(ws, header_row, c, columns[c].header, f.header);
    }
    flush_what();
    worksheet_freeze_panes(ws, header_row + 1, freeze_columns);
    worksheet_repeat_rows(ws, header_row, header_row);
    return ws;
}

void start_layout() {
    layout = Layout{};
}

std::vector<std::string> take_cut_notes() {
    // One note per sheet: a long title repeats on every row of Data.
    std::vector<std::string> notes;
    const std::vector<Layout::Cut> cuts = std::exchange(layout.cuts, {});
    std::vector<bool> done(cuts.size(), false);
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        if (done[i]) continue;
        std::vector<const Layout::Cut*> same;
        for (std::size_t j = i; j < cuts.size(); ++j)
            if (!done[j] && cuts[j].sheet == cuts[i].sheet) {
                same.push_back(&cuts[j]);
                done[j] = true;
            }
        const Layout::Cut& c = *same[0];
        if (same.size() == 1) {
            notes.push_back(fmt::format(
                "{}!{}: a text of {} characters was cut to its first {} to fit in one cell "
                "(Excel's limit is 32,767); the full text is in the source",
                c.sheet, c.cell, c.characters, c.kept));
            continue;
        }
        std::size_t longest = 0;
        for (const Layout::Cut* s : same) longest = std::max(longest, s->characters);
        notes.push_back(fmt::format(
            "{}!{} and {} other cell{}: texts of up to {} characters were cut to fit in one cell "
            "(Excel's limit is 32,767); the full texts are in the source",
            c.sheet, c.cell, same.size() - 1, same.size() == 2 ? "" : "s", longest));
    }
    return notes;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    // text[end] is the first byte left out: a continuation byte means a character is split.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

void apply_layout() {
    flush_what();
    for (const auto& [at, points] : layout.heights)
        if (points > 15.5) worksheet_set_row(at.first, at.second, points, nullptr);
    std::vector<Layout::Cut> cuts = std::move(layout.cuts);
    layout = Layout{};
    layout.cuts = std::move(cuts);  // read by take_cut_notes() after the last sheet
}

void set_width(lxw_worksheet* ws, lxw_col_t first, lxw_col_t last, double width, lxw_format* format,
               const lxw_row_col_options* options) {
    for (lxw_col_t c = first; c <= last; ++c) layout.widths[ws][c] = width;
    if (options)
        worksheet_set_column_opt(ws, first, last, width, format,
                                 const_cast<lxw_row_col_options*>(options));
    else
        worksheet_set_column(ws, first, last, width, format);
}

void set_min_height(lxw_worksheet* ws, lxw_row_t row, double points) {
    need(ws, row, points);
}

void mark_wrapping(lxw_format* format) {
    layout.wrapping.insert(format);
}

void merge_text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t first, lxw_col_t last,
                std::string_view text, lxw_format* format) {
    const std::string copy(fit_cell(ws, row, first, text));
    if (last > first)
        worksheet_merge_range(ws, row, first, row, last, copy.c_str(), format);
    else
        worksheet_write_string(ws, row, first, copy.c_str(), format);
    if (layout.wrapping.count(format)) need(ws, row, text_height(text, width_of(ws, first, last)));
}

void put(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text,
         lxw_format* format) {
    if (format && layout.wrapping.count(format) && !text.empty())
        need(ws, row, text_height(text, width_of(ws, col, col)));
    if (text.empty()) {
        if (format) worksheet_write_blank(ws, row, col, format);
        return;
    }
    // One buffer for every cell: libxlsxwriter wants a terminated string and copies it.
    thread_local std::string s;
    s.assign(fit_cell(ws, row, col, text));
    worksheet_write_string(ws, row, col, s.c_str(), format);
}

void put(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::optional<double> value,
         lxw_format* format) {
    if (value)
        worksheet_write_number(ws, row, col, *value, format);
    else if (format)
        worksheet_write_blank(ws, row, col, format);
}

std::string sheet_reference(std::string_view sheet) {
    const bool plain = !sheet.empty() && std::all_of(sheet.begin(), sheet.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (plain) return std::string(sheet);
    std::string quoted = "'";
    for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

std::string sheet_range(std::string_view sheet, lxw_row_t first_row, lxw_col_t first_col,
                        lxw_row_t last_row, lxw_col_t last_col) {
    char ref[64];
    lxw_rowcol_to_range_abs(ref, first_row, first_col, last_row, last_col);
    return fmt::format("={}!{}", sheet_reference(sheet), ref);
}

void chart_title_and_legend(lxw_chart* chart, std::string_view title) {
    std::string text(title);
    if (text.size() > 90) text = std::string(utf8_prefix(text, 87)) + "...";
    chart_title_set_name(chart, text.c_str());
    lxw_chart_font font{};
    font.size = 10;
    font.bold = LXW_EXPLICIT_FALSE;
    chart_title_set_name_font(chart, &font);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
}

std::string words(std::string name) {
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
}

std::string label_of_level(const std::string& level) {
    std::string s = words(level);
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string outcome_label(const Outcome& o) {
    // "Domain 1 Individual Outcomes" already starts with its code "Domain 1".
    if (o.code.empty() || o.title.rfind(o.code, 0) == 0) return o.title;
    return o.code + " " + o.title;
}

}  // namespace kpimap::report
