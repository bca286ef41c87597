// What the construct tests share: a workbook of typed cells built in memory, a mapping loaded
// from text, the lines its errors are reported at, and lookups into a conversion's diagnostics
// and model. Tests go through the public API only (load_mapping_text, convert_workbook, Model),
// so they hold while the loader and readers move between files.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kpimap/convert.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::construct_test {

// One sheet's rows from the top, cells from column A. "" is no cell; a text that is a whole
// number or decimal ("2013", "10.5", "-3") is a number cell, as a workbook holds it; a leading
// apostrophe keeps the rest as text ("'2013"), as Excel does; anything else is a text cell.
struct SheetSpec {
    std::string name;
    std::vector<std::vector<std::string>> rows;
};

// A workbook of the given sheets; `source` is the file name provenance carries.
inline Workbook workbook_of(const std::vector<SheetSpec>& sheets,
                            const std::string& source = "book.xlsx") {
    Workbook wb;
    wb.source = source;
    for (const SheetSpec& spec : sheets) {
        Sheet& sheet = wb.sheets.emplace_back();
        sheet.name = spec.name;
        for (std::uint32_t r = 0; r < spec.rows.size(); ++r) {
            Row row;
            row.index = r;
            for (std::uint32_t c = 0; c < spec.rows[r].size(); ++c) {
                const std::string& text = spec.rows[r][c];
                if (text.empty()) continue;
                Cell cell;
                cell.col = c;
                char* end = nullptr;
                const double number = std::strtod(text.c_str(), &end);
                if (text[0] != '\'' && end == text.c_str() + text.size() &&
                    text.find_first_of("xXnN") == std::string::npos) {  // not hex, inf or nan
                    cell.type = CellType::number;
                    cell.number = number;
                } else {
                    cell.type = CellType::text;
                    cell.text = wb.add_string(text[0] == '\'' ? text.substr(1) : text);
                }
                row.cells.push_back(cell);
            }
            if (!row.cells.empty()) sheet.rows.push_back(std::move(row));
        }
    }
    return wb;
}

// Marks the cell at `a1` of the first sheet bold (section rows are bold or capitals).
inline void make_bold(Workbook& wb, const std::string& a1) {
    const std::optional<CellRef> ref = parse_a1(a1);
    ASSERT_TRUE(ref) << a1;
    CellStyle bold;
    bold.bold = true;
    wb.styles.push_back(bold);
    for (Row& row : wb.sheets[0].rows)
        if (row.index == ref->row)
            for (Cell& cell : row.cells)
                if (cell.col == ref->col) {
                    cell.style = static_cast<std::uint32_t>(wb.styles.size() - 1);
                    return;
                }
    ADD_FAILURE() << "no cell at " << a1;
}

// One problem of a mapping that does not load: its file, its line and its whole text
// ("FILE:LINE: what"). The one place that knows the loader's error type.
struct LoadError {
    std::string file;
    int line = 0;
    std::string text;
};

// The problems a load reported, in order.
inline std::vector<LoadError> errors_of(const MappingLoadResult& r) {
    std::vector<LoadError> out;
    for (const auto& e : r.errors) out.push_back({e.file, e.line, e.text()});
    return out;
}

// Every error text, one per line, for failure messages.
inline std::string all_text(const std::vector<LoadError>& errors) {
    std::string out;
    for (const LoadError& e : errors) out += e.text + "\n";
    return out;
}

// The mapping in `xml`; every load error is a test failure (and an empty mapping is returned).
inline Mapping mapping_of(const std::string& xml, const std::string& path = "test.xml") {
    MappingLoadResult r = load_mapping_text(path, xml);
    EXPECT_TRUE(r.errors.empty()) << all_text(errors_of(r));
    return r.mapping ? *r.mapping : Mapping{};
}

// The problems of loading `xml`; a mapping that loads anyway is a test failure.
inline std::vector<LoadError> load_errors(const std::string& xml,
                                          const std::string& path = "bad.xml") {
    MappingLoadResult r = load_mapping_text(path, xml);
    EXPECT_FALSE(r.mapping.has_value()) << "the mapping loaded, but errors were expected";
    return errors_of(r);
}

// True when one of `errors` is at `line` and says `words`.
inline bool has_error(const std::vector<LoadError>& errors, int line, std::string_view words) {
    for (const LoadError& e : errors)
        if (e.line == line && e.text.find(words) != std::string::npos) return true;
    return false;
}

// The first diagnostic with `code` at `cell` (any cell when empty), or nullptr.
inline const ConvertDiagnostic* diagnostic(const ConversionResult& r, std::string_view code,
                                           std::string_view cell = {}) {
    for (const ConvertDiagnostic& d : r.diagnostics)
        if (d.code == code && (cell.empty() || d.where.cell == cell)) return &d;
    return nullptr;
}

// How many diagnostics have `code`.
inline std::size_t count_of(const ConversionResult& r, std::string_view code) {
    std::size_t n = 0;
    for (const ConvertDiagnostic& d : r.diagnostics) n += d.code == code;
    return n;
}

// Every diagnostic as "code cell", for failure messages.
inline std::string codes(const ConversionResult& r) {
    std::string out;
    for (const ConvertDiagnostic& d : r.diagnostics)
        out += std::string(diagnostic_code_name(d.code)) + " " + d.where.sheet + "!" + d.where.cell + " " + d.message + "\n";
    return out;
}

// The indicator titled `title`, or nullptr.
inline const Indicator* indicator_titled(const Model& m, std::string_view title) {
    for (const Indicator& i : m.indicators)
        if (i.title == title) return &i;
    return nullptr;
}

// The observations of one indicator, in model order.
inline std::vector<const Observation*> observations_of(const Model& m, const Indicator* indicator) {
    std::vector<const Observation*> out;
    if (!indicator) return out;
    for (const Observation& o : m.observations)
        if (o.indicator_id == indicator->id) out.push_back(&o);
    return out;
}

// The outcome titled `title`, or nullptr.
inline const Outcome* outcome_titled(const Model& m, std::string_view title) {
    for (const Outcome& o : m.outcomes)
        if (o.title == title) return &o;
    return nullptr;
}

// The links of `kind` from `from_id` (any source when empty).
inline std::vector<const Link*> links_of(const Model& m, std::string_view kind,
                                         std::string_view from_id = {}) {
    std::vector<const Link*> out;
    for (const Link& l : m.links)
        if (l.kind == kind && (from_id.empty() || l.from_id == from_id)) out.push_back(&l);
    return out;
}

}  // namespace kpimap::construct_test
