#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "core/compat.hpp"
#include "core/formula_shift.hpp"
#include "core/number_format.hpp"
#include "formats/xlsx/xlsx_parts.hpp"
#include "formats/xml/read_ahead.hpp"
#include "formats/xml/xml_stream.hpp"
#include "formats/xml/xml_util.hpp"

namespace kpimap::detail {

namespace {

constexpr std::uint32_t kMaxStyleIndex = 1u << 24;  // far above Excel's 64000 cell formats
// Bytes of formula text a sheet's shared formulas may expand to. Each dependent cell gets its
// own translated copy, so one 8,000-character formula over 200,000 cells is 1.6 GB; real sheets
// expand to a few MB. Past this, dependent cells keep their values without formulas, which
// keeps the workbook readable (the model limit would otherwise refuse it whole).
constexpr std::uint64_t kMaxSharedFormulaBytes = 16u << 20;

struct SharedFormula {
    std::string text;
    CellRef anchor;
};

// Parses "AB12" quickly; nullopt when malformed. Hot path: avoids the general parser.
std::optional<CellRef> fast_ref(std::string_view s) {
    std::uint32_t col = 0, row = 0;
    std::size_t i = 0;
    while (i < s.size() && s[i] >= 'A' && s[i] <= 'Z' && i < 3)
        col = col * 26 + static_cast<std::uint32_t>(s[i++] - 'A' + 1);
    if (i == 0 || i == s.size() || !(s[i] >= '0' && s[i] <= '9'))
        return parse_a1(s);  // '$', lower case
    const std::size_t digits = s.size() - i;
    if (digits > 7) return std::nullopt;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        row = row * 10 + static_cast<std::uint32_t>(s[i] - '0');
    }
    if (row == 0 || row > kMaxRows || col > kMaxColumns) return std::nullopt;
    return CellRef{row - 1, col - 1};
}

std::optional<double> parse_number(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n'))
        v.remove_suffix(1);
    if (!v.empty() && v.front() == '+') v.remove_prefix(1);
    // xsd:double allows NaN and INF, and from_chars reads them, but Excel never writes them and
    // no later stage can use them; "1e999" overflows. All three stay text, with a diagnostic.
    double out = 0;
    auto [end, ec] = detail::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc{} || end != v.data() + v.size() || v.empty() || !std::isfinite(out))
        return std::nullopt;
    return out;
}

// Thrown by the sheet builder when rows go on past the last row a sheet can hold: reading
// stops there, with one diagnostic, however many rows follow.
struct PastLastRow {
    std::uint32_t rows_read;
};

const char* node_text(pugi::xml_node n) {
    // Values are in the first text child; CDATA counts too.
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) return c.value();
    return "";
}

// The parts of one <c> element, as views into the XML text (already entity-decoded).
struct CellFields {
    std::string_view ref, type, style;
    bool has_v = false;
    std::string_view v;
    bool has_f = false;
    std::string_view f_text, f_type, f_si;
    pugi::xml_node is;  // inline string, general path only
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

class SheetBuilder {
public:
    SheetBuilder(const SheetContext& ctx, Workbook& wb, Sheet& sheet)
        : ctx_(ctx), wb_(wb), sheet_(sheet) {}

    // General path: a pugixml fragment of complete <row> elements.
    void rows(pugi::xml_node batch) {
        for (pugi::xml_node row = batch.first_child(); row; row = row.next_sibling()) {
            if (row.type() != pugi::node_element || !is_local_name(row.name(), "row")) continue;
            const pugi::xml_attribute r = row.attribute("r");
            start_row(r ? std::optional<std::string_view>(r.value()) : std::nullopt);
            for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
                if (c.type() != pugi::node_element || !is_local_name(c.name(), "c")) continue;
                CellFields fields;
                for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
                    const std::string_view n = a.name();
                    if (n == "r")
                        fields.ref = a.value();
                    else if (n == "t")
                        fields.type = a.value();
                    else if (n == "s")
                        fields.style = a.value();
                }
                for (pugi::xml_node k = c.first_child(); k; k = k.next_sibling()) {
                    if (k.type() != pugi::node_element) continue;
                    const char* n = k.name();
                    if (is_local_name(n, "v")) {
                        fields.has_v = true;
                        fields.v = node_text(k);
                    } else if (is_local_name(n, "f")) {
                        fields.has_f = true;
                        fields.f_text = node_text(k);
                        fields.f_type = k.attribute("t").value();
                        fields.f_si = k.attribute("si").value();
                    } else if (is_local_name(n, "is")) {
                        fields.is = k;
                    }
                }
                add_cell(fields);
            }
        }
    }

    // Fast path for the shape nearly every producer writes: unprefixed <row>/<c>/<v>/<f>
    // with plain attributes. Handles whole rows only and returns the bytes it consumed; the
    // rest of the batch (from the first row it cannot handle) goes to the general path, so
    // both paths must agree (tests/converter/formats/xlsx checks it on the whole corpus).
    std::size_t fast_rows(std::string_view xml) {
        std::size_t pos = 0, committed = 0;
        for (;;) {
            while (pos < xml.size() && is_space(xml[pos])) ++pos;
            committed = pos;
            if (pos == xml.size()) return committed;
            if (!xml.substr(pos).starts_with("<row") || pos + 4 >= xml.size() ||
                !(is_space(xml[pos + 4]) || xml[pos + 4] == '>' || xml[pos + 4] == '/'))
                return committed;
            pos += 4;
            std::optional<std::string_view> row_ref;
            bool self_closing = false;
            if (!scan_attributes(xml, pos, self_closing,
                                 [&](std::string_view n, std::string_view v) {
                                     if (n == "r") row_ref = v;
                                 }))
                return committed;
            pending_.clear();
            if (!self_closing) {
                for (;;) {
                    while (pos < xml.size() && is_space(xml[pos])) ++pos;
                    if (xml.substr(pos).starts_with("</row>")) {
                        pos += 6;
                        break;
                    }
                    if (!xml.substr(pos).starts_with("<c") || pos + 2 >= xml.size() ||
                        !(is_space(xml[pos + 2]) || xml[pos + 2] == '>' || xml[pos + 2] == '/'))
                        return committed;
                    pos += 2;
                    if (!scan_cell(xml, pos, pending_.emplace_back())) return committed;
                }
            }
            start_row(row_ref);
            for (const CellFields& fields : pending_) add_cell(fields);
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
                std::adjacent_find(row.cells.begin(), row.cells.end(),
                                   [](const Cell& a, const Cell& b) { return a.col == b.col; }) ==
                    row.cells.end())
                continue;
            std::stable_sort(row.cells.begin(), row.cells.end(),
                             [](const Cell& a, const Cell& b) { return a.col < b.col; });
            std::vector<Cell> unique;
            for (const Cell& c : row.cells) {
                if (!unique.empty() && unique.back().col == c.col) {
                    diag("cell written twice", to_a1({row.index, c.col}),
                         "the cell is written twice; the last value is kept");
                    unique.back() = c;
                } else {
                    unique.push_back(c);
                }
            }
            row.cells = std::move(unique);
        }
    }

private:
    // Reads attributes up to '>' or '/>' (pos is just after the element name). False when the
    // text needs the general path (entities or odd characters in a value, a prefix, ...).
    template <typename Fn>
    bool scan_attributes(std::string_view xml, std::size_t& pos, bool& self_closing,
                         Fn&& on_attribute) {
        for (;;) {
            while (pos < xml.size() && is_space(xml[pos])) ++pos;
            if (pos >= xml.size()) return false;
            if (xml[pos] == '>') {
                ++pos;
                self_closing = false;
                return true;
            }
            if (xml[pos] == '/') {
                if (pos + 1 >= xml.size() || xml[pos + 1] != '>') return false;
                pos += 2;
                self_closing = true;
                return true;
            }
            const std::size_t name_start = pos;
            while (pos < xml.size() && !is_space(xml[pos]) && xml[pos] != '=' && xml[pos] != '>' &&
                   xml[pos] != '/')
                ++pos;
            const std::string_view name = xml.substr(name_start, pos - name_start);
            while (pos < xml.size() && is_space(xml[pos])) ++pos;
            if (pos >= xml.size() || xml[pos] != '=') return false;
            ++pos;
            while (pos < xml.size() && is_space(xml[pos])) ++pos;
            if (pos >= xml.size() || (xml[pos] != '"' && xml[pos] != '\'')) return false;
            const char quote = xml[pos++];
            const std::size_t end = xml.find(quote, pos);
            if (end == std::string_view::npos) return false;
            const std::string_view value = xml.substr(pos, end - pos);
            if (value.find_first_of("&<") != std::string_view::npos) return false;
            on_attribute(name, value);
            pos = end + 1;
        }
    }

    // Text content up to the next '<'; false when it needs decoding the general path does.
    static bool scan_text(std::string_view xml, std::size_t& pos, std::string_view& text) {
        const std::size_t end = xml.find('<', pos);
        if (end == std::string_view::npos) return false;
        text = xml.substr(pos, end - pos);
        if (text.find_first_of("&\r") != std::string_view::npos) return false;
        pos = end;
        return true;
    }

    bool scan_cell(std::string_view xml, std::size_t& pos, CellFields& fields) {
        bool self_closing = false;
        if (!scan_attributes(xml, pos, self_closing, [&](std::string_view n, std::string_view v) {
                if (n == "r")
                    fields.ref = v;
                else if (n == "t")
                    fields.type = v;
                else if (n == "s")
                    fields.style = v;
            }))
            return false;
        if (self_closing) return true;
        for (;;) {
            while (pos < xml.size() && is_space(xml[pos])) ++pos;
            const std::string_view rest = xml.substr(pos);
            if (rest.starts_with("</c>")) {
                pos += 4;
                return true;
            }
            if (rest.starts_with("<v>")) {
                pos += 3;
                if (!scan_text(xml, pos, fields.v) || !xml.substr(pos).starts_with("</v>"))
                    return false;
                pos += 4;
                fields.has_v = true;
            } else if (rest.starts_with("<v/>")) {
                pos += 4;
                fields.has_v = true;
            } else if (rest.starts_with("<f") && rest.size() > 2 &&
                       (is_space(rest[2]) || rest[2] == '>' || rest[2] == '/')) {
                pos += 2;
                bool empty = false;
                if (!scan_attributes(xml, pos, empty, [&](std::string_view n, std::string_view v) {
                        if (n == "t")
                            fields.f_type = v;
                        else if (n == "si")
                            fields.f_si = v;
                    }))
                    return false;
                if (!empty) {
                    if (!scan_text(xml, pos, fields.f_text) || !xml.substr(pos).starts_with("</f>"))
                        return false;
                    pos += 4;
                }
                fields.has_f = true;
            } else {
                return false;
            }
        }
    }

    // Lists the diagnostic, or only counts it past the first few of its kind in this sheet.
    void diag(std::string_view kind, std::string cell, std::string message) {
        ctx_.log->add(kind, {sheet_.name, std::move(cell), "", std::move(message)});
    }
    bool wants(std::string_view kind) const { return ctx_.log->wants(sheet_.name, kind); }
    void count(std::string_view kind) const { ctx_.log->count(sheet_.name, "", kind); }

    void start_row(std::optional<std::string_view> r) {
        std::uint32_t index = next_row_;
        if (r) {
            std::uint64_t v = 0;
            const auto [end, ec] = std::from_chars(r->data(), r->data() + r->size(), v);
            if (ec == std::errc{} && end == r->data() + r->size() && v > kMaxRows)
                throw PastLastRow{next_row_};
            if (ec == std::errc{} && end == r->data() + r->size() && v >= 1)
                index = static_cast<std::uint32_t>(v - 1);
            else if (index < kMaxRows)
                diag("row number not valid", "",
                     fmt::format("row number '{}' is not valid; treated as row {}", *r, index + 1));
        }
        if (index >= kMaxRows) throw PastLastRow{next_row_};
        current_row_ = index;
        next_row_ = index + 1;
        next_col_ = 0;
    }

    Row& row_for(std::uint32_t index) {
        if (sheet_.rows.empty() || sheet_.rows.back().index != index) {
            if (!sheet_.rows.empty() && sheet_.rows.back().index > index) rows_sorted_ = false;
            const std::size_t expected = sheet_.rows.empty() ? 0 : sheet_.rows.back().cells.size();
            sheet_.rows.push_back(Row{index, {}});
            // Rows of a table are alike; reserving the previous row's width saves regrowth.
            sheet_.rows.back().cells.reserve(expected);
        }
        return sheet_.rows.back();
    }

    void add_cell(const CellFields& f) {
        CellRef at{current_row_, next_col_};
        if (!f.ref.empty()) {
            if (auto parsed = fast_ref(f.ref))
                at = *parsed;  // the cell's own reference wins
            else if (at.col < kMaxColumns)
                diag("cell reference not valid", to_a1(at),
                     fmt::format("cell reference '{}' is not valid; placed at {}", f.ref,
                                 to_a1(at)));
        }
        next_col_ = at.col + 1;
        if (at.col >= kMaxColumns) {
            // A cell without r= after one in the last column has no place on a sheet.
            constexpr std::string_view kind = "cell past column XFD";
            if (wants(kind))
                diag(kind, "",
                     fmt::format("a cell after {} falls outside the sheet (past column XFD); it "
                                 "is not read. Re-save the workbook from Excel to repair its "
                                 "cell references",
                                 to_a1({at.row, kMaxColumns - 1})));
            else
                count(kind);
            return;
        }

        Cell out;
        out.col = at.col;
        // A cell without s="" uses cellXfs[0], which need not be the built-in default.
        if (ctx_.xf_to_style != nullptr && !ctx_.xf_to_style->empty())
            out.style = ctx_.xf_to_style->front();
        if (!f.style.empty() && ctx_.xf_to_style != nullptr) {
            std::uint32_t xf = 0;
            auto [end, ec] = std::from_chars(f.style.data(), f.style.data() + f.style.size(), xf);
            if (ec == std::errc{} && end == f.style.data() + f.style.size() &&
                xf < ctx_.xf_to_style->size())
                out.style = (*ctx_.xf_to_style)[xf];
        }
        if (f.has_f) formula(f, at, out);

        const std::string_view t = f.type;
        if (t == "inlineStr" || (f.is && !f.has_v)) {
            if (f.is)
                set_text(out, rich_text(f.is));
            else if (f.has_v)
                set_text(out, unescape_xstring(f.v));
        } else if (!f.has_v) {
            // No value: an empty cell, kept only when it carries a formula.
        } else if (t == "s") {
            std::uint32_t index = 0;
            const std::string_view s = f.v;
            if (std::from_chars(s.data(), s.data() + s.size(), index).ec == std::errc{} &&
                index < ctx_.shared_strings_count) {
                out.type = CellType::text;
                out.text = ctx_.shared_strings_base + index;
            } else if (!s.empty()) {
                diag("shared string index out of range", to_a1(at),
                     fmt::format("shared string index '{}' is out of range ({} strings); "
                                 "the cell is read as empty",
                                 s, ctx_.shared_strings_count));
            }
        } else if (t == "str" || t == "e") {
            set_text(out, unescape_xstring(f.v));
            if (t == "e") out.type = CellType::error;
        } else if (t == "b") {
            out.type = CellType::boolean;
            out.number = (f.v == "1" || f.v == "true" || f.v == "TRUE") ? 1 : 0;
        } else if (t == "d") {
            if (auto serial = iso_to_serial(f.v)) {
                out.type = CellType::date_time;
                out.number = *serial;
            } else {
                set_text(out, std::string(f.v));
                diag("date value not valid", to_a1(at),
                     fmt::format("date value '{}' is not a valid ISO 8601 date or time; kept as "
                                 "text",
                                 f.v));
            }
        } else if (!f.v.empty()) {
            if (auto number = parse_number(f.v)) {
                out.number = *number;
                const CellStyle& st = wb_.style(out);
                if (st.is_date) {
                    out.type = CellType::date_time;
                    // Durations and times of day carry no date, so the epoch does not move them.
                    if (wb_.date1904 && moves_with_date_system(st.number_format, out.number))
                        out.number += 1462;
                } else {
                    out.type = CellType::number;
                }
                if (t != "" && t != "n")
                    diag("unknown cell type", to_a1(at),
                         fmt::format("unknown cell type '{}'; read as a number", t));
            } else {
                set_text(out, std::string(f.v));
                diag("numeric cell not a number", to_a1(at),
                     fmt::format("numeric cell holds '{}', which is not a number a cell can hold "
                                 "(NaN, infinity and values past 1.8E+308 are not); kept as text",
                                 f.v));
            }
        }
        if (out.type == CellType::empty && out.formula == kNoIndex) return;
        ctx_.budget->add_cells(1, ReadBudget::text_bytes(wb_, out), sheet_.name);
        row_for(at.row).cells.push_back(out);
    }

    void set_text(Cell& out, std::string text) {
        out.type = CellType::text;
        out.text = wb_.add_string(std::move(text));
    }

    void formula(const CellFields& f, CellRef at, Cell& out) {
        std::string text(f.f_text);
        if (f.f_type == "shared") {
            const std::string si(f.f_si);
            if (!text.empty()) {
                shared_[si] = SharedFormula{text, at};
            } else if (auto it = shared_.find(si); it != shared_.end()) {
                if (shared_bytes_ + it->second.text.size() > kMaxSharedFormulaBytes) {
                    constexpr std::string_view kind = "shared formula not expanded";
                    if (wants(kind))
                        diag(kind, to_a1(at),
                             fmt::format("the sheet's shared formulas expand to more than {} MiB "
                                         "of formula text; this cell keeps its value without "
                                         "its formula",
                                         kMaxSharedFormulaBytes >> 20));
                    else
                        count(kind);
                    return;
                }
                shared_bytes_ += it->second.text.size();
                text = shift_formula(
                    it->second.text,
                    static_cast<int>(at.row) - static_cast<int>(it->second.anchor.row),
                    static_cast<int>(at.col) - static_cast<int>(it->second.anchor.col));
            } else {
                diag("shared formula used before defined", to_a1(at),
                     fmt::format("shared formula {} is used before it is defined; "
                                 "formula dropped, value kept",
                                 si));
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
    std::uint32_t current_row_ = 0;
    std::uint32_t next_row_ = 0;
    std::uint32_t next_col_ = 0;
    std::vector<CellFields> pending_;  // cells of the row the fast path is scanning
    bool rows_sorted_ = true;
    std::unordered_map<std::string, SharedFormula> shared_;
    std::uint64_t shared_bytes_ = 0;  // formula text made by translating shared formulas
};

}  // namespace

void read_worksheet_part(ZipPartStream& stream, const SheetContext& context, Workbook& wb,
                         Sheet& sheet) {
    SheetBuilder builder(context, wb, sheet);
    pugi::xml_document outer;
    // Buffers no larger than the part (a sheet of a few rows needs a few kB, not megabytes).
    const std::uint64_t declared = stream.declared_size();
    const std::size_t read_ahead_chunk =
        declared > 0 ? static_cast<std::size_t>(std::min<std::uint64_t>(declared + 1, 1u << 20))
                     : std::size_t{1} << 20;
    StreamOptions options;
    options.chunk_bytes =
        std::max<std::size_t>(4096, declared > 0 ? static_cast<std::size_t>(std::min<std::uint64_t>(
                                                       declared + 1, options.chunk_bytes))
                                                 : options.chunk_bytes);
    options.max_buffer =
        static_cast<std::size_t>(std::min<std::uint64_t>(context.max_xml_buffer, SIZE_MAX));
    try {
        ReadAhead inflated(
            [&](char* buffer, std::size_t size) { return stream.read(buffer, size); },
            read_ahead_chunk);
        stream_items([&](char* buffer, std::size_t size) { return inflated.read(buffer, size); },
                     stream.name(), "sheetData", "row",
                     [&](pugi::xml_node batch) { builder.rows(batch); }, outer, options,
                     context.fast_path ? RawBatchHandler([&](std::string_view raw) {
                         return builder.fast_rows(raw);
                     })
                                       : RawBatchHandler());
    } catch (const PastLastRow& stop) {
        builder.finish();
        context.log->add("rows past the last row",
                         {sheet.name, "", stream.name(),
                          fmt::format("rows go on past row {}, the last row a sheet can hold: the "
                                      "sheet was read up to there ({} rows) and the rest of its "
                                      "part was not read, including any merged ranges and column "
                                      "widths after the cells. Re-save the workbook from Excel to "
                                      "repair its row numbers",
                                      kMaxRows, stop.rows_read)});
        return;
    }
    builder.finish();

    pugi::xml_node root = outer.document_element();
    if (auto dim = parse_a1_range(attribute(child(root, "dimension"), "ref").value()))
        sheet.declared_dimension = *dim;
    for_each_child(child(root, "mergeCells"), "mergeCell", [&](pugi::xml_node m) {
        const std::string_view ref = attribute(m, "ref").value();
        if (auto range = parse_a1_range(ref))
            sheet.merged.push_back(*range);
        else
            wb.diagnostics.push_back({sheet.name, "", stream.name(),
                                      fmt::format("merged range '{}' is not valid; ignored", ref)});
    });
    for_each_child(child(root, "cols"), "col", [&](pugi::xml_node col) {
        ColumnWidth w;
        w.first = static_cast<std::uint32_t>(std::max(1u, attribute(col, "min").as_uint(1)) - 1);
        w.last = static_cast<std::uint32_t>(
            std::max(1u, attribute(col, "max").as_uint(w.first + 1)) - 1);
        w.width = attribute(col, "width").as_double(0);
        const std::string_view hidden = attribute(col, "hidden").value();
        w.hidden = hidden == "1" || hidden == "true";
        sheet.columns.push_back(w);
    });
}

}  // namespace kpimap::detail
