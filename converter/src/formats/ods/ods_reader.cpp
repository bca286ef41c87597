// OpenDocument spreadsheet reader: content.xml for tables, cells, merges and column widths;
// styles.xml and content.xml's automatic styles for number formats, bold, wrap, fill and
// hidden tables.
//
// ODF compresses runs: LibreOffice ends every sheet with a row repeated ~1M times and rows
// with a cell repeated ~16K times. Repeated EMPTY cells and rows only advance the position;
// non-empty ones are materialised, and the cost is checked against max_cells before any copy
// is made.
#include "formats/ods/ods_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <vector>

#include "core/compat.hpp"
#include "core/number_format.hpp"
#include "formats/diagnostic_log.hpp"
#include "formats/read_budget.hpp"
#include "formats/readers.hpp"
#include "formats/xml/xml_util.hpp"
#include "formats/zip/zip_package.hpp"

namespace kpimap::detail {

namespace {

std::optional<double> parse_double(std::string_view text) noexcept {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double value = 0;
    auto [end, ec] = detail::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

bool needs_sheet_quotes(std::string_view name) {
    if (name.empty()) return true;
    if (name.front() >= '0' && name.front() <= '9') return true;
    for (unsigned char c : name)
        if (!(std::isalnum(c) || c == '_' || c == '.' || c >= 0x80)) return true;
    return false;
}

std::string excel_sheet_prefix(std::string_view sheet) {
    if (!needs_sheet_quotes(sheet)) return fmt::format("{}!", sheet);
    std::string out = "'";
    for (char c : sheet) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'!";
}

// Splits one side of an ODF reference ("$'My Sheet'.$A$1", ".B2", "Sheet1.A1") into sheet
// and cell; false when it does not look like one.
bool split_reference(std::string_view part, std::string& sheet, std::string_view& cell) {
    sheet.clear();
    if (!part.empty() && part.front() == '$') part.remove_prefix(1);
    if (!part.empty() && part.front() == '\'') {
        std::size_t i = 1;
        while (i < part.size()) {
            if (part[i] == '\'') {
                if (i + 1 < part.size() && part[i + 1] == '\'') {
                    sheet += '\'';
                    i += 2;
                    continue;
                }
                break;
            }
            sheet += part[i++];
        }
        if (i + 1 >= part.size() || part[i + 1] != '.') return false;
        cell = part.substr(i + 2);
        return true;
    }
    const auto dot = part.find('.');
    if (dot == std::string_view::npos) {
        cell = part;
        return true;
    }
    sheet.assign(part.substr(0, dot));
    cell = part.substr(dot + 1);
    return true;
}

// "[.A1:.A3]" contents -> "A1:A3"; nullopt when the reference is not understood.
std::optional<std::string> convert_reference(std::string_view ref) {
    std::vector<std::string_view> parts;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < ref.size(); ++i) {
        if (ref[i] == '\'')
            quoted = !quoted;
        else if (ref[i] == ':' && !quoted) {
            parts.push_back(ref.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.push_back(ref.substr(start));
    if (parts.size() > 2) return std::nullopt;
    std::string out;
    std::string first_sheet;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string sheet;
        std::string_view cell;
        if (!split_reference(parts[i], sheet, cell) || cell.empty()) return std::nullopt;
        if (i == 0) {
            first_sheet = sheet;
            if (!sheet.empty()) out += excel_sheet_prefix(sheet);
        } else {
            out += ':';
            if (!sheet.empty() && sheet != first_sheet) out += excel_sheet_prefix(sheet);
        }
        out += cell;
    }
    return out;
}

}  // namespace

std::string odf_formula_to_excel(std::string_view formula) {
    // Strip the namespace prefix ("of:", "oooc:", "msoxl:") and the '='.
    std::string_view prefix;
    const auto colon = formula.find(':');
    const auto equals = formula.find('=');
    if (colon != std::string_view::npos && (equals == std::string_view::npos || colon < equals)) {
        prefix = formula.substr(0, colon);
        formula.remove_prefix(colon + 1);
    }
    if (!formula.empty() && formula.front() == '=') formula.remove_prefix(1);
    if (prefix == "msoxl") return std::string(formula);  // already Excel syntax

    std::string out;
    out.reserve(formula.size());
    for (std::size_t i = 0; i < formula.size(); ++i) {
        const char c = formula[i];
        if (c == '"') {
            // String literal, with "" as an escaped quote: copied untouched.
            std::size_t j = i + 1;
            while (j < formula.size()) {
                if (formula[j] == '"') {
                    if (j + 1 < formula.size() && formula[j + 1] == '"') {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            const std::size_t end = std::min(j + 1, formula.size());
            out.append(formula.substr(i, end - i));
            i = end - 1;
        } else if (c == '[') {
            std::size_t j = i + 1;
            bool quoted = false;
            while (j < formula.size() && (quoted || formula[j] != ']')) {
                if (formula[j] == '\'') quoted = !quoted;
                ++j;
            }
            const std::string_view inner = formula.substr(i + 1, j - i - 1);
            std::optional<std::string> converted;
            if (j < formula.size()) converted = convert_reference(inner);
            if (converted)
                out += *converted;
            else
                out.append(formula.substr(i, std::min(j + 1, formula.size()) - i));
            i = j;
        } else if (c == ';') {
            out += ',';
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<double> odf_duration_to_days(std::string_view text) noexcept {
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    if (text.empty() || text.front() != 'P') return std::nullopt;
    text.remove_prefix(1);
    double days = 0;
    bool in_time = false, any = false;
    while (!text.empty()) {
        if (text.front() == 'T') {
            in_time = true;
            text.remove_prefix(1);
            continue;
        }
        std::size_t n = 0;
        while (n < text.size() && ((text[n] >= '0' && text[n] <= '9') || text[n] == '.')) ++n;
        if (n == 0 || n == text.size()) return std::nullopt;
        double value = 0;
        auto [end, ec] = detail::from_chars(text.data(), text.data() + n, value);
        if (ec != std::errc{} || end != text.data() + n) return std::nullopt;
        const char unit = text[n];
        if (!in_time && unit == 'D')
            days += value;
        else if (in_time && unit == 'H')
            days += value / 24;
        else if (in_time && unit == 'M')
            days += value / 1440;
        else if (in_time && unit == 'S')
            days += value / 86400;
        else
            return std::nullopt;  // years and months have no fixed length
        any = true;
        text.remove_prefix(n + 1);
    }
    if (!any) return std::nullopt;
    return negative ? -days : days;
}

std::optional<double> odf_length_to_excel_width(std::string_view length) noexcept {
    std::size_t n = 0;
    while (n < length.size() &&
           ((length[n] >= '0' && length[n] <= '9') || length[n] == '.' || length[n] == '-'))
        ++n;
    double value = 0;
    auto [end, ec] = detail::from_chars(length.data(), length.data() + n, value);
    if (n == 0 || ec != std::errc{} || end != length.data() + n) return std::nullopt;
    const std::string_view unit = length.substr(n);
    double inches;
    if (unit == "in")
        inches = value;
    else if (unit == "cm")
        inches = value / 2.54;
    else if (unit == "mm")
        inches = value / 25.4;
    else if (unit == "pt")
        inches = value / 72;
    else if (unit == "pc")
        inches = value / 6;
    else if (unit == "px")
        inches = value / 96;
    else
        return std::nullopt;
    // Excel's column width is in digit widths of the default font plus 5 px of padding;
    // assuming Calibri 11 (7 px digits) at 96 dpi, width = (pixels - 5) / 7. LibreOffice
    // measures with its own fonts, so widths that went through it drift by up to ~30%.
    const double chars = (inches * 96 - 5) / 7;
    return std::max(0.0, std::round(chars * 100) / 100);
}

namespace {

constexpr const char* kContent = "content.xml";
constexpr std::size_t kMaxSpaces = 32767;      // Excel's cell text limit
constexpr std::size_t kMaxMerges = 1'000'000;  // per workbook; real files have hundreds
constexpr int kMaxStyleDepth = 16;             // parent-style chains; guards cycles

struct DataStyle {
    std::string code = "General";
    bool is_date = false;
};

struct RawCellStyle {
    std::string parent;
    std::string data_style;
    std::optional<bool> bold;
    std::optional<bool> wrap;
    std::optional<std::string> fill;
};

std::string attr(pugi::xml_node node, std::string_view qualified, std::string_view local) {
    return attribute_any(node, qualified, local).as_string();
}

std::uint64_t repeat_count(pugi::xml_node node, std::string_view qualified,
                           std::string_view local) {
    const pugi::xml_attribute a = attribute_any(node, qualified, local);
    if (!a) return 1;
    // Clamped so that summing positions can never wrap ("-1" parses as 2^64-1).
    const unsigned long long n = a.as_ullong(1);
    return n == 0 ? 1 : std::min<std::uint64_t>(n, std::uint64_t{1} << 31);
}

std::string number_code(pugi::xml_node number) {
    const int decimals = attribute_any(number, "number:decimal-places", "decimal-places").as_int(0);
    const int min_int =
        attribute_any(number, "number:min-integer-digits", "min-integer-digits").as_int(1);
    const bool grouping = attribute_any(number, "number:grouping", "grouping").as_bool();
    std::string code = grouping ? (min_int > 0 ? "#,##0" : "#,###") : (min_int > 0 ? "0" : "#");
    if (decimals > 0)
        code += "." + std::string(static_cast<std::size_t>(std::min(decimals, 30)), '0');
    return code;
}

std::string literal(std::string_view text) {
    if (text.empty()) return {};
    bool safe = true;
    for (char c : text)
        if (!(c == '%' || c == '-' || c == '/' || c == ':' || c == ' ' || c == '.' || c == ',' ||
              c == '(' || c == ')'))
            safe = false;
    if (safe) return std::string(text);
    std::string out = "\"";
    for (char c : text)
        if (c != '"') out += c;
    return out + "\"";
}

DataStyle build_data_style(pugi::xml_node style) {
    DataStyle out;
    const std::string_view kind = local_name(style);
    out.is_date = kind == "date-style" || kind == "time-style";
    const bool elapsed =
        kind == "time-style" &&
        std::string_view(attribute_any(style, "number:truncate-on-overflow", "truncate-on-overflow")
                             .as_string("true")) == "false";
    std::string code;
    for (pugi::xml_node n = style.first_child(); n; n = n.next_sibling()) {
        if (n.type() != pugi::node_element) continue;
        const std::string_view name = local_name(n);
        const bool is_long =
            std::string_view(attribute_any(n, "number:style", "style").as_string()) == "long";
        if (name == "number")
            code += number_code(n);
        else if (name == "scientific-number")
            code += "0.00E+00";
        else if (name == "fraction")
            code += "# ?/?";
        else if (name == "text")
            code += literal(text_content(n));
        else if (name == "currency-symbol")
            code += literal(text_content(n));
        else if (name == "year")
            code += is_long ? "yyyy" : "yy";
        else if (name == "month") {
            const bool textual = attribute_any(n, "number:textual", "textual").as_bool();
            code += textual ? (is_long ? "mmmm" : "mmm") : (is_long ? "mm" : "m");
        } else if (name == "day")
            code += is_long ? "dd" : "d";
        else if (name == "day-of-week")
            code += is_long ? "dddd" : "ddd";
        else if (name == "hours") {
            const std::string h = is_long ? "hh" : "h";
            code += elapsed ? "[" + h + "]" : h;
        } else if (name == "minutes")
            code += is_long ? "mm" : "m";
        else if (name == "seconds") {
            code += is_long ? "ss" : "s";
            const int decimals =
                attribute_any(n, "number:decimal-places", "decimal-places").as_int(0);
            if (decimals > 0)
                code += "." + std::string(static_cast<std::size_t>(std::min(decimals, 9)), '0');
        } else if (name == "am-pm")
            code += "AM/PM";
        else if (name == "text-content")
            code += "@";
    }
    if (!code.empty()) out.code = code;
    if (!out.is_date && out.code != "General") out.is_date = is_date_format(out.code);
    return out;
}

// Styles gathered from styles.xml and content.xml, resolved into Workbook::styles on use.
class OdsStyles {
public:
    void collect(pugi::xml_node root) {
        for (const char* section : {"styles", "automatic-styles"}) {
            pugi::xml_node container = child(root, section);
            for (pugi::xml_node n = container.first_child(); n; n = n.next_sibling()) {
                if (n.type() != pugi::node_element) continue;
                const std::string_view kind = local_name(n);
                const std::string name = attr(n, "style:name", "name");
                if (kind == "style")
                    collect_style(n, name);
                else if (kind.ends_with("-style"))
                    data_styles_[name] = build_data_style(n);
            }
        }
    }

    bool table_hidden(const std::string& style) const {
        auto it = table_hidden_.find(style);
        return it != table_hidden_.end() && it->second;
    }

    std::optional<double> column_width(const std::string& style) const {
        auto it = column_width_.find(style);
        if (it == column_width_.end()) return std::nullopt;
        return it->second;
    }

    // Index into wb.styles for a cell style; `fallback` supplies a number format for typed
    // values whose style gives none (percentages and dates written without data styles).
    std::uint32_t resolve(const std::string& name, CellType type, bool percentage, bool skip_styles,
                          Workbook& wb) {
        const char kind = percentage ? 'p' : type == CellType::date_time ? 'd' : '-';
        std::string key = name;
        key += '\x1F';
        key += kind;
        if (auto it = resolved_.find(key); it != resolved_.end()) return it->second;

        CellStyle style;
        std::optional<bool> bold, wrap;
        std::optional<std::string> fill, data_style;
        std::string current = name;
        for (int depth = 0; depth < kMaxStyleDepth && !current.empty(); ++depth) {
            auto it = cell_styles_.find(current);
            if (it == cell_styles_.end()) break;
            const RawCellStyle& raw = it->second;
            if (!bold) bold = raw.bold;
            if (!wrap) wrap = raw.wrap;
            if (!fill) fill = raw.fill;
            if (!data_style && !raw.data_style.empty()) data_style = raw.data_style;
            current = raw.parent;
        }
        if (data_style) {
            if (auto it = data_styles_.find(*data_style); it != data_styles_.end()) {
                style.number_format = it->second.code;
                style.is_date = it->second.is_date;
            }
        }
        if (style.number_format == "General") {
            if (percentage) style.number_format = "0.00%";
            if (type == CellType::date_time) {
                style.number_format = "yyyy-mm-dd";
                style.is_date = true;
            }
        }
        if (!skip_styles) {
            style.bold = bold.value_or(false);
            style.wrap = wrap.value_or(false);
            style.fill_rgb = fill.value_or("");
        }
        std::uint32_t index = 0;
        if (style.number_format != "General" || style.is_date || style.bold || style.wrap ||
            !style.fill_rgb.empty()) {
            index = static_cast<std::uint32_t>(wb.styles.size());
            wb.styles.push_back(std::move(style));
        }
        resolved_.emplace(std::move(key), index);
        return index;
    }

private:
    void collect_style(pugi::xml_node n, const std::string& name) {
        const std::string family = attr(n, "style:family", "family");
        if (family == "table") {
            pugi::xml_node props = child(n, "table-properties");
            table_hidden_[name] =
                std::string_view(
                    attribute_any(props, "table:display", "display").as_string("true")) == "false";
        } else if (family == "table-column") {
            pugi::xml_node props = child(n, "table-column-properties");
            if (auto width =
                    odf_length_to_excel_width(attr(props, "style:column-width", "column-width")))
                column_width_[name] = *width;
        } else if (family == "table-cell") {
            RawCellStyle raw;
            raw.parent = attr(n, "style:parent-style-name", "parent-style-name");
            raw.data_style = attr(n, "style:data-style-name", "data-style-name");
            if (pugi::xml_node text = child(n, "text-properties")) {
                if (pugi::xml_attribute w = attribute_any(text, "fo:font-weight", "font-weight")) {
                    const std::string_view v = w.as_string();
                    raw.bold = v == "bold" || v == "600" || v == "700" || v == "800" || v == "900";
                }
            }
            if (pugi::xml_node cell = child(n, "table-cell-properties")) {
                if (pugi::xml_attribute w = attribute_any(cell, "fo:wrap-option", "wrap-option"))
                    raw.wrap = std::string_view(w.as_string()) == "wrap";
                if (pugi::xml_attribute bg =
                        attribute_any(cell, "fo:background-color", "background-color")) {
                    const std::string_view v = bg.as_string();
                    if (v.size() == 7 && v.front() == '#') {
                        std::string rgb = "FF";
                        for (char c : v.substr(1))
                            rgb += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                        raw.fill = rgb;
                    } else {
                        raw.fill = std::string();  // "transparent" overrides a parent's fill
                    }
                }
            }
            cell_styles_[name] = std::move(raw);
        }
    }

    std::unordered_map<std::string, bool> table_hidden_;
    std::unordered_map<std::string, double> column_width_;
    std::unordered_map<std::string, DataStyle> data_styles_;
    std::unordered_map<std::string, RawCellStyle> cell_styles_;
    std::unordered_map<std::string, std::uint32_t> resolved_;
};

// Column ranges with a default cell style, for cells that name no style of their own.
struct ColumnDefault {
    std::uint64_t first;
    std::uint64_t last;
    std::string style;
};

class OdsReader final : public FormatReader {
public:
    void read(const std::string& path, const ReadOptions& options, Workbook& wb) override {
        wb.format = SourceFormat::ods;
        options_ = &options;
        wb_ = &wb;
        budget_.emplace(options.limits);
        log_.emplace(wb.diagnostics);
        ZipPackage package(path, options.limits);
        if (auto manifest = package.read_if_present("META-INF/manifest.xml")) {
            if (manifest->find("encryption-data") != std::string::npos) {
                throw ReadError(ErrorCode::encrypted, "META-INF/manifest.xml",
                                "the manifest declares encrypted parts (the spreadsheet is "
                                "password-protected)");
            }
        }
        std::optional<std::string> styles_text = package.read_if_present("styles.xml");
        if (styles_text) {
            pugi::xml_document styles_doc;
            parse_part(styles_doc, *styles_text, "styles.xml");
            styles_.collect(styles_doc.document_element());
        }
        // content.xml is parsed whole (its DOM costs about as much again as its text), so its
        // size counts against the model budget.
        std::string content = package.read(kContent, options.limits.max_model_bytes / 2);
        budget_->add_bytes(2 * content.size(), "content.xml, which is parsed whole");
        pugi::xml_document doc;
        parse_part(doc, content, kContent);
        const pugi::xml_node root = doc.document_element();
        if (local_name(root) != "document-content") {
            throw ReadError(ErrorCode::not_a_workbook, kContent,
                            fmt::format("the root element is <{}>, not <office:document-content>",
                                        root.name()));
        }
        styles_.collect(root);
        const pugi::xml_node spreadsheet = child(child(root, "body"), "spreadsheet");
        if (!spreadsheet) {
            throw ReadError(ErrorCode::missing_part, kContent,
                            "content.xml has no <office:spreadsheet> body");
        }
        for_each_child(spreadsheet, "table", [&](pugi::xml_node table) {
            Sheet sheet;
            sheet.name = attr(table, "table:name", "name");
            if (styles_.table_hidden(attr(table, "table:style-name", "style-name")))
                sheet.state = SheetState::hidden;
            if (!options.only_sheet || *options.only_sheet == sheet.name) read_table(table, sheet);
            wb.sheets.push_back(std::move(sheet));
        });
        for (const std::string& name : package.duplicate_names())
            log_->add("duplicate package entry",
                      {"", "", name,
                       "the package holds two entries with this name; kpimap does not read this "
                       "part, but another program may see either one"});
        log_->flush();
    }

private:
    // Lists the diagnostic, or only counts it past the first few of its kind in this sheet.
    void diagnose(std::string_view kind, const Sheet& sheet, std::string cell,
                  std::string message) {
        log_->add(kind, {sheet.name, std::move(cell), kContent, std::move(message)});
    }

    void read_table(pugi::xml_node table, Sheet& sheet) {
        std::uint64_t col = 0, row = 0;
        std::vector<ColumnDefault> defaults;
        bool dropped_columns = false, dropped_rows = false;
        read_table_children(table, sheet, col, row, defaults, dropped_columns, dropped_rows);
        if (dropped_columns)
            diagnose("cells past the last column", sheet, "",
                     "non-empty cells past the last column a sheet can hold were "
                     "dropped");
        if (dropped_rows)
            diagnose("rows past the last row", sheet, "",
                     "non-empty rows past the last row a sheet can hold were dropped");
    }

    // Rows and columns may sit inside groups and header sections, nested to any depth; walk
    // them in document order without recursion (a hostile file nests groups 300,000 deep).
    void read_table_children(pugi::xml_node parent, Sheet& sheet, std::uint64_t& col,
                             std::uint64_t& row, std::vector<ColumnDefault>& defaults,
                             bool& dropped_columns, bool& dropped_rows) {
        pugi::xml_node n = parent.first_child();
        while (n) {
            if (n.type() == pugi::node_element) {
                const std::string_view name = local_name(n);
                if (name == "table-column") {
                    read_column(n, sheet, col, defaults);
                } else if (name == "table-row") {
                    read_row(n, sheet, row, defaults, dropped_columns, dropped_rows);
                } else if ((name == "table-column-group" || name == "table-header-columns" ||
                            name == "table-columns" || name == "table-row-group" ||
                            name == "table-header-rows" || name == "table-rows") &&
                           n.first_child()) {
                    n = n.first_child();
                    continue;
                }
            }
            // The next node in document order that is not inside `n`, up to `parent`.
            while (n != parent && !n.next_sibling()) n = n.parent();
            n = n == parent ? pugi::xml_node() : n.next_sibling();
        }
    }

    void read_column(pugi::xml_node n, Sheet& sheet, std::uint64_t& col,
                     std::vector<ColumnDefault>& defaults) {
        const std::uint64_t repeat =
            repeat_count(n, "table:number-columns-repeated", "number-columns-repeated");
        const std::uint64_t first = col;
        col += repeat;
        if (first >= kMaxColumns) return;
        const std::uint64_t last = std::min<std::uint64_t>(col - 1, kMaxColumns - 1);
        const std::string default_style =
            attr(n, "table:default-cell-style-name", "default-cell-style-name");
        if (!default_style.empty()) defaults.push_back({first, last, default_style});
        const auto width = styles_.column_width(attr(n, "table:style-name", "style-name"));
        const bool hidden =
            std::string_view(attr(n, "table:visibility", "visibility")) == "collapsed";
        if (width || hidden) {
            sheet.columns.push_back({static_cast<std::uint32_t>(first),
                                     static_cast<std::uint32_t>(last), width.value_or(0), hidden});
        }
    }

    static const std::string* column_default(const std::vector<ColumnDefault>& defaults,
                                             std::uint64_t col) {
        auto it =
            std::upper_bound(defaults.begin(), defaults.end(), col,
                             [](std::uint64_t c, const ColumnDefault& d) { return c < d.first; });
        if (it == defaults.begin()) return nullptr;
        --it;
        return col <= it->last ? &it->style : nullptr;
    }

    void read_row(pugi::xml_node n, Sheet& sheet, std::uint64_t& row,
                  const std::vector<ColumnDefault>& defaults, bool& dropped_columns,
                  bool& dropped_rows) {
        const std::uint64_t repeat =
            repeat_count(n, "table:number-rows-repeated", "number-rows-repeated");
        const std::uint64_t first = row;
        row += repeat;
        if (first >= kMaxRows) {
            // Only content past the limit is worth a word; empty filler rows are normal.
            if (!dropped_rows) dropped_rows = row_has_content(n);
            return;
        }
        const std::string row_style =
            attr(n, "table:default-cell-style-name", "default-cell-style-name");
        std::vector<Cell> cells;
        std::vector<std::pair<std::uint32_t, CellRef>> spans;  // col -> extent (rows, cols)
        std::uint64_t col = 0, row_text = 0;
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view name = local_name(c);
            if (name != "table-cell" && name != "covered-table-cell") continue;
            const std::uint64_t cols =
                repeat_count(c, "table:number-columns-repeated", "number-columns-repeated");
            const std::uint64_t start = col;
            col += cols;
            if (start >= kMaxColumns) {
                if (!dropped_columns) dropped_columns = cell_has_content(c);
                continue;
            }
            const std::uint64_t end = std::min<std::uint64_t>(col, kMaxColumns);
            if (end < col && cell_has_content(c)) dropped_columns = true;
            if (name == "table-cell") {
                const std::uint64_t span_cols =
                    repeat_count(c, "table:number-columns-spanned", "number-columns-spanned");
                const std::uint64_t span_rows =
                    repeat_count(c, "table:number-rows-spanned", "number-rows-spanned");
                if (span_cols > 1 || span_rows > 1) {
                    for (std::uint64_t k = start; k < end; ++k)
                        spans.push_back({static_cast<std::uint32_t>(k),
                                         {static_cast<std::uint32_t>(
                                              std::min<std::uint64_t>(span_rows, kMaxRows)),
                                          static_cast<std::uint32_t>(
                                              std::min<std::uint64_t>(span_cols, kMaxColumns))}});
                }
            }
            std::optional<Cell> cell =
                read_cell(c, sheet, static_cast<std::uint32_t>(first),
                          static_cast<std::uint32_t>(start), row_style, defaults);
            if (!cell) continue;
            // Counted before any copy is made: a cell repeated 16,384 times is 16,384 cells.
            const std::uint64_t text = ReadBudget::text_bytes(*wb_, *cell);
            row_text += text * (end - start);
            budget_->add_cells(end - start, text * (end - start), sheet.name);
            for (std::uint64_t k = start; k < end; ++k) {
                cell->col = static_cast<std::uint32_t>(k);
                cells.push_back(*cell);
            }
        }
        const std::uint64_t rows_end = std::min<std::uint64_t>(row, kMaxRows);
        if (rows_end < row && (!cells.empty() || !spans.empty())) dropped_rows = true;
        const std::uint64_t copies = rows_end - first;
        if (!cells.empty()) {
            // The first copy is already counted.
            budget_->add_cells(cells.size() * (copies - 1), row_text * (copies - 1), sheet.name);
            for (std::uint64_t r = first; r < rows_end; ++r) {
                Row out;
                out.index = static_cast<std::uint32_t>(r);
                out.cells = cells;
                sheet.rows.push_back(std::move(out));
            }
        }
        for (const auto& [c, extent] : spans) {
            for (std::uint64_t r = first; r < rows_end; ++r) {
                if (merges_ >= kMaxMerges) {
                    if (merges_++ == kMaxMerges)
                        diagnose("too many merged ranges", sheet,
                                 to_a1({static_cast<std::uint32_t>(r), c}),
                                 fmt::format("more than {} merged ranges; the rest were dropped",
                                             kMaxMerges));
                    break;
                }
                ++merges_;
                const CellRef last{static_cast<std::uint32_t>(
                                       std::min<std::uint64_t>(r + extent.row - 1, kMaxRows - 1)),
                                   static_cast<std::uint32_t>(std::min<std::uint64_t>(
                                       std::uint64_t{c} + extent.col - 1, kMaxColumns - 1))};
                sheet.merged.push_back({{static_cast<std::uint32_t>(r), c}, last});
            }
        }
    }

    static bool cell_has_content(pugi::xml_node c) {
        return attribute_any(c, "office:value-type", "value-type") ||
               attribute_any(c, "table:formula", "formula") || child(c, "p") || child(c, "h");
    }

    static bool row_has_content(pugi::xml_node row) {
        for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element && cell_has_content(c)) return true;
        return false;
    }

    std::optional<Cell> read_cell(pugi::xml_node c, const Sheet& sheet, std::uint32_t row,
                                  std::uint32_t col, const std::string& row_style,
                                  const std::vector<ColumnDefault>& defaults) {
        std::string_view type = attribute_any(c, "office:value-type", "value-type").as_string();
        for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute())
            if (local_name(a) == "value-type" && std::string_view(a.value()) == "error")
                type = "error";  // LibreOffice's calcext:value-type marks error results
        const pugi::xml_attribute formula = attribute_any(c, "table:formula", "formula");
        Cell cell;
        const auto where = [&] { return to_a1({row, col}); };
        const auto as_text = [&](std::string text, CellType t = CellType::text) {
            cell.type = t;
            cell.text = wb_->add_string(std::move(text));
        };
        const auto fallback = [&](std::string_view attribute, std::string_view value) {
            diagnose("value not valid", sheet, where(),
                     fmt::format("office:value-type=\"{}\" with {}=\"{}\" is not a valid value; "
                                 "kept the displayed text",
                                 type, attribute, value));
            as_text(cell_text(c, sheet, row, col));
        };
        if (type == "float" || type == "percentage" || type == "currency") {
            const std::string_view v = attribute_any(c, "office:value", "value").as_string();
            if (auto number = parse_double(v)) {
                cell.type = CellType::number;
                cell.number = *number;
            } else {
                fallback("office:value", v);
            }
        } else if (type == "date") {
            const std::string_view v =
                attribute_any(c, "office:date-value", "date-value").as_string();
            if (auto serial = iso_to_serial(v); serial && *serial >= 0) {
                cell.type = CellType::date_time;
                cell.number = *serial;
            } else {
                fallback("office:date-value", v);
            }
        } else if (type == "time") {
            const std::string_view v =
                attribute_any(c, "office:time-value", "time-value").as_string();
            if (auto days = odf_duration_to_days(v)) {
                cell.type = CellType::date_time;
                cell.number = *days;
            } else {
                fallback("office:time-value", v);
            }
        } else if (type == "boolean") {
            const std::string_view v =
                attribute_any(c, "office:boolean-value", "boolean-value").as_string();
            if (v == "true" || v == "false" || v == "1" || v == "0") {
                cell.type = CellType::boolean;
                cell.number = (v == "true" || v == "1") ? 1 : 0;
            } else {
                fallback("office:boolean-value", v);
            }
        } else if (type == "error") {
            as_text(cell_text(c, sheet, row, col), CellType::error);
        } else if (type == "string") {
            if (pugi::xml_attribute sv = attribute_any(c, "office:string-value", "string-value"))
                as_text(sv.as_string());
            else
                as_text(cell_text(c, sheet, row, col));
        } else {
            // No value type: ODF calls the cell empty, but LibreOffice shows paragraph text as
            // a string, and so do we.
            if (!type.empty())
                diagnose("unknown value type", sheet, where(),
                         fmt::format("unknown office:value-type \"{}\"; read as text", type));
            if (child(c, "p") || child(c, "h")) {
                std::string text = cell_text(c, sheet, row, col);
                if (!text.empty()) as_text(std::move(text));
            }
        }
        if (formula) cell.formula = wb_->add_string(odf_formula_to_excel(formula.as_string()));
        if (cell.type == CellType::empty && !formula) return std::nullopt;
        if (cell.type == CellType::empty) {
            diagnose("formula without result", sheet, where(),
                     "formula without a cached result; kept the formula only");
        }
        std::string style = attr(c, "table:style-name", "style-name");
        if (style.empty()) style = row_style;
        if (style.empty())
            if (const std::string* d = column_default(defaults, col)) style = *d;
        cell.style =
            styles_.resolve(style, cell.type, type == "percentage", options_->skip_styles, *wb_);
        return cell;
    }

    // Paragraphs joined with "\n"; text:s, text:tab and text:line-break expanded; comments
    // (office:annotation) and notes left out, as they are not cell values.
    std::string cell_text(pugi::xml_node c, const Sheet& sheet, std::uint32_t row,
                          std::uint32_t col) {
        std::string out;
        std::size_t spaces = 0;
        bool first = true, clipped = false;
        for (pugi::xml_node p = c.first_child(); p; p = p.next_sibling()) {
            if (p.type() != pugi::node_element) continue;
            const std::string_view name = local_name(p);
            if (name != "p" && name != "h") continue;
            if (!first) out += '\n';
            first = false;
            append_text(p, out, spaces, clipped, 0);
        }
        if (clipped)
            diagnose("too many spaces", sheet, to_a1({row, col}),
                     fmt::format("text:s asks for more than {} spaces in one cell; clipped",
                                 kMaxSpaces));
        return out;
    }

    static void append_text(pugi::xml_node node, std::string& out, std::size_t& spaces,
                            bool& clipped, int depth) {
        for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
            if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
                out += n.value();
                continue;
            }
            if (n.type() != pugi::node_element) continue;
            const std::string_view name = local_name(n);
            if (name == "s") {
                std::uint64_t count = attribute_any(n, "text:c", "c").as_ullong(1);
                // Compared without adding, so that text:c="18446744073709551615" cannot wrap.
                if (count > kMaxSpaces - spaces) {
                    clipped = true;
                    count = kMaxSpaces - spaces;
                }
                spaces += count;
                out.append(static_cast<std::size_t>(count), ' ');
            } else if (name == "tab") {
                out += '\t';
            } else if (name == "line-break") {
                out += '\n';
            } else if (name == "annotation" || name == "note" || name == "ruby-text") {
                continue;
            } else if (depth < 64) {
                append_text(n, out, spaces, clipped, depth + 1);
            }
        }
    }

    const ReadOptions* options_ = nullptr;
    Workbook* wb_ = nullptr;
    OdsStyles styles_;
    std::optional<ReadBudget> budget_;
    std::optional<DiagnosticLog> log_;
    std::uint64_t merges_ = 0;
};

}  // namespace

std::unique_ptr<FormatReader> make_ods_reader() {
    return std::make_unique<OdsReader>();
}

}  // namespace kpimap::detail
