#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <unordered_map>

#include "core/formula_shift.hpp"
#include "formats/xlsx/xlsx_parts.hpp"
#include "formats/xml/read_ahead.hpp"
#include "formats/xml/xml_stream.hpp"
#include "formats/xml/xml_util.hpp"

namespace kpimap::detail {

namespace {

constexpr std::uint32_t kMaxStyleIndex = 1u << 24;  // far above Excel's 64000 cell formats

struct SharedFormula {
    std::string text;
    CellRef anchor;
};

// Parses "AB12" quickly; nullopt when malformed. Hot path: avoids the general parser.
std::optional<CellRef> fast_ref(const char* s) {
    std::uint32_t col = 0;
    int letters = 0;
    while (*s >= 'A' && *s <= 'Z') {
        col = col * 26 + static_cast<std::uint32_t>(*s - 'A' + 1);
        ++s;
        if (++letters > 3) return std::nullopt;
    }
    if (letters == 0) return parse_a1(s);  // lower case or '$': the slow, general path
    std::uint32_t row = 0;
    int digits = 0;
    while (*s >= '0' && *s <= '9') {
        row = row * 10 + static_cast<std::uint32_t>(*s - '0');
        ++s;
        if (++digits > 7) return std::nullopt;
    }
    if (*s != '\0' || digits == 0 || row == 0 || row > kMaxRows || col > kMaxColumns)
        return std::nullopt;
    return CellRef{row - 1, col - 1};
}

std::optional<double> parse_number(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n')) v.remove_suffix(1);
    if (!v.empty() && v.front() == '+') v.remove_prefix(1);
    double out = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc{} || end != v.data() + v.size() || v.empty()) return std::nullopt;
    return out;
}

const char* node_text(pugi::xml_node n) {
    // Values are in the first text child; CDATA counts too.
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) return c.value();
    return "";
}

class SheetBuilder {
public:
    SheetBuilder(const SheetContext& ctx, Workbook& wb, Sheet& sheet)
        : ctx_(ctx), wb_(wb), sheet_(sheet) {}

    void rows(pugi::xml_node batch) {
        for (pugi::xml_node row = batch.first_child(); row; row = row.next_sibling()) {
            if (row.type() != pugi::node_element || !is_local_name(row.name(), "row")) continue;
            std::uint32_t index = next_row_;
            if (pugi::xml_attribute r = row.attribute("r")) {
                std::uint32_t v = 0;
                const std::string_view t = r.value();
                if (std::from_chars(t.data(), t.data() + t.size(), v).ec == std::errc{} && v >= 1 &&
                    v <= kMaxRows)
                    index = v - 1;
                else
                    diag("", fmt::format("row number '{}' is not valid; treated as row {}", t, index + 1));
            }
            next_row_ = index + 1;
            next_col_ = 0;
            for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
                if (c.type() == pugi::node_element && is_local_name(c.name(), "c")) cell(c, index);
            }
        }
    }

    void finish() {
        // Producers normally write rows and cells in order; repair when they do not.
        if (!rows_sorted_) {
            std::stable_sort(sheet_.rows.begin(), sheet_.rows.end(),
                             [](const Row& a, const Row& b) { return a.index < b.index; });
            std::vector<Row> merged;
            for (Row& row : sheet_.rows) {
                if (!merged.empty() && merged.back().index == row.index) {
                    auto& cells = merged.back().cells;
                    cells.insert(cells.end(), row.cells.begin(), row.cells.end());
                } else {
                    merged.push_back(std::move(row));
                }
            }
            sheet_.rows = std::move(merged);
        }
        for (Row& row : sheet_.rows) {
            if (std::is_sorted(row.cells.begin(), row.cells.end(),
                               [](const Cell& a, const Cell& b) { return a.col < b.col; }) &&
                std::adjacent_find(row.cells.begin(), row.cells.end(), [](const Cell& a, const Cell& b) {
                    return a.col == b.col;
                }) == row.cells.end())
                continue;
            std::stable_sort(row.cells.begin(), row.cells.end(),
                             [](const Cell& a, const Cell& b) { return a.col < b.col; });
            std::vector<Cell> unique;
            for (const Cell& c : row.cells) {
                if (!unique.empty() && unique.back().col == c.col) {
                    diag(to_a1({row.index, c.col}), "the cell is written twice; the last value is kept");
                    unique.back() = c;
                } else {
                    unique.push_back(c);
                }
            }
            row.cells = std::move(unique);
        }
    }

private:
    void diag(std::string cell, std::string message) {
        wb_.diagnostics.push_back({sheet_.name, std::move(cell), "", std::move(message)});
    }

    Row& row_for(std::uint32_t index) {
        if (sheet_.rows.empty() || sheet_.rows.back().index != index) {
            if (!sheet_.rows.empty() && sheet_.rows.back().index > index) rows_sorted_ = false;
            sheet_.rows.push_back(Row{index, {}});
        }
        return sheet_.rows.back();
    }

    void cell(pugi::xml_node c, std::uint32_t row_index) {
        const char* ref = nullptr;
        const char* type = "";
        const char* style = nullptr;
        for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
            const char* n = a.name();
            if (n[0] == 'r' && n[1] == '\0') ref = a.value();
            else if (n[0] == 't' && n[1] == '\0') type = a.value();
            else if (n[0] == 's' && n[1] == '\0') style = a.value();
        }
        CellRef at{row_index, next_col_};
        if (ref != nullptr && *ref != '\0') {
            if (auto parsed = fast_ref(ref)) {
                at = *parsed;
                if (at.row != row_index) {
                    // The cell's own reference wins over its row, as in Excel and openpyxl.
                }
            } else {
                diag(to_a1(at), fmt::format("cell reference '{}' is not valid; placed at {}", ref, to_a1(at)));
            }
        }
        next_col_ = at.col + 1;

        Cell out;
        out.col = at.col;
        // A cell without s="" uses cellXfs[0], which need not be the built-in default.
        if (ctx_.xf_to_style != nullptr && !ctx_.xf_to_style->empty()) out.style = ctx_.xf_to_style->front();
        if (style != nullptr && ctx_.xf_to_style != nullptr) {
            std::uint32_t xf = 0;
            const char* p = style;
            while (*p >= '0' && *p <= '9' && xf < kMaxStyleIndex) xf = xf * 10 + static_cast<std::uint32_t>(*p++ - '0');
            if (*p == '\0' && p != style && xf < ctx_.xf_to_style->size()) out.style = (*ctx_.xf_to_style)[xf];
        }

        pugi::xml_node v, f, is;
        for (pugi::xml_node k = c.first_child(); k; k = k.next_sibling()) {
            if (k.type() != pugi::node_element) continue;
            const char* n = k.name();
            if (is_local_name(n, "v")) v = k;
            else if (is_local_name(n, "f")) f = k;
            else if (is_local_name(n, "is")) is = k;
        }
        if (f) formula(f, at, out);

        const std::string_view t = type;
        const char* vtext = v ? node_text(v) : nullptr;
        if (t == "inlineStr" || (is && !v)) {
            if (is) set_text(out, rich_text(is));
            else if (vtext != nullptr) set_text(out, unescape_xstring(vtext));
        } else if (vtext == nullptr) {
            // No value: an empty cell, kept only when it carries a formula.
        } else if (t == "s") {
            std::uint32_t index = 0;
            const std::string_view s = vtext;
            if (std::from_chars(s.data(), s.data() + s.size(), index).ec == std::errc{} &&
                index < ctx_.shared_strings_count) {
                out.type = CellType::text;
                out.text = ctx_.shared_strings_base + index;
            } else if (!s.empty()) {
                diag(to_a1(at), fmt::format("shared string index '{}' is out of range ({} strings); "
                                            "the cell is read as empty", s, ctx_.shared_strings_count));
            }
        } else if (t == "str" || t == "e") {
            set_text(out, unescape_xstring(vtext));
            if (t == "e") out.type = CellType::error;
        } else if (t == "b") {
            const std::string_view b = vtext;
            out.type = CellType::boolean;
            out.number = (b == "1" || b == "true" || b == "TRUE") ? 1 : 0;
        } else if (t == "d") {
            if (auto serial = iso_to_serial(vtext)) {
                out.type = CellType::date_time;
                out.number = *serial;
            } else {
                set_text(out, vtext);
                diag(to_a1(at), fmt::format("date value '{}' is not ISO 8601; kept as text", vtext));
            }
        } else {
            if (*vtext == '\0') {
                // <v></v>: no value.
            } else if (auto number = parse_number(vtext)) {
                out.number = *number;
                const CellStyle& st = wb_.style(out);
                if (st.is_date) {
                    out.type = CellType::date_time;
                    // Durations and times of day carry no date, so the epoch does not move them.
                    if (wb_.date1904 && !st.is_time_only) out.number += 1462;
                } else {
                    out.type = CellType::number;
                }
                if (t != "" && t != "n")
                    diag(to_a1(at), fmt::format("unknown cell type '{}'; read as a number", t));
            } else {
                set_text(out, vtext);
                diag(to_a1(at), fmt::format("numeric cell holds '{}', which is not a number; kept as text", vtext));
            }
        }
        if (out.type == CellType::empty && out.formula == kNoIndex) return;
        if (*ctx_.cells_budget == 0)
            throw ReadError(ErrorCode::too_large, "", fmt::format("more than the limit of cells in sheet '{}'", sheet_.name));
        --*ctx_.cells_budget;
        Row& row = row_for(at.row);
        row.cells.push_back(out);
    }

    void set_text(Cell& out, std::string text) {
        out.type = CellType::text;
        out.text = wb_.add_string(std::move(text));
    }

    void formula(pugi::xml_node f, CellRef at, Cell& out) {
        const std::string_view kind = f.attribute("t").value();
        std::string text = node_text(f);
        if (kind == "shared") {
            const std::string si = f.attribute("si").value();
            if (!text.empty()) {
                shared_[si] = SharedFormula{text, at};
            } else if (auto it = shared_.find(si); it != shared_.end()) {
                text = shift_formula(it->second.text, static_cast<int>(at.row) - static_cast<int>(it->second.anchor.row),
                                     static_cast<int>(at.col) - static_cast<int>(it->second.anchor.col));
            } else {
                diag(to_a1(at), fmt::format("shared formula {} is used before it is defined; formula dropped, value kept", si));
                return;
            }
        }
        if (text.empty()) return;
        if (text.starts_with("=")) text.erase(0, 1);
        out.formula = wb_.add_string(std::move(text));
    }

    const SheetContext& ctx_;
    Workbook& wb_;
    Sheet& sheet_;
    std::uint32_t next_row_ = 0;
    std::uint32_t next_col_ = 0;
    bool rows_sorted_ = true;
    std::unordered_map<std::string, SharedFormula> shared_;
};

}  // namespace

void read_worksheet_part(ZipPartStream& stream, const SheetContext& context, Workbook& wb, Sheet& sheet) {
    SheetBuilder builder(context, wb, sheet);
    pugi::xml_document outer;
    ReadAhead inflated([&](char* buffer, std::size_t size) { return stream.read(buffer, size); });
    stream_items([&](char* buffer, std::size_t size) { return inflated.read(buffer, size); },
                 stream.name(), "sheetData", "row", [&](pugi::xml_node batch) { builder.rows(batch); },
                 outer);
    builder.finish();

    pugi::xml_node root = outer.document_element();
    if (auto dim = parse_a1_range(attribute(child(root, "dimension"), "ref").value()))
        sheet.declared_dimension = *dim;
    for_each_child(child(root, "mergeCells"), "mergeCell", [&](pugi::xml_node m) {
        const std::string_view ref = attribute(m, "ref").value();
        if (auto range = parse_a1_range(ref)) sheet.merged.push_back(*range);
        else wb.diagnostics.push_back({sheet.name, "", stream.name(), fmt::format("merged range '{}' is not valid; ignored", ref)});
    });
    for_each_child(child(root, "cols"), "col", [&](pugi::xml_node col) {
        ColumnWidth w;
        w.first = static_cast<std::uint32_t>(std::max(1u, attribute(col, "min").as_uint(1)) - 1);
        w.last = static_cast<std::uint32_t>(std::max(1u, attribute(col, "max").as_uint(w.first + 1)) - 1);
        w.width = attribute(col, "width").as_double(0);
        const std::string_view hidden = attribute(col, "hidden").value();
        w.hidden = hidden == "1" || hidden == "true";
        sheet.columns.push_back(w);
    });
}

}  // namespace kpimap::detail
