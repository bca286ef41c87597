// One reader per OOXML package part, each in its own file (as libxlsxwriter keeps one writer per
// part). xlsx_reader.cpp ties them together.
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/diagnostic_log.hpp"
#include "formats/read_budget.hpp"
#include "formats/zip/zip_package.hpp"
#include "kpimap/reader.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

// One <Relationship> of a .rels part, with its target resolved to a package path.
struct Relationship {
    std::string id;
    std::string type;    // full type URI (transitional or strict)
    std::string target;  // package path without leading '/', e.g. "xl/worksheets/sheet1.xml"
    bool external = false;
};

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string rels_path_for(std::string_view part);
// Resolves a relationship target against the part that owns it ("../x" and "/x" included).
std::string resolve_target(std::string_view owner_part, std::string_view target);
// True when a relationship type URI ends with "/<kind>" (works for transitional and strict).
bool rel_type_is(std::string_view type, std::string_view kind);
// Reads the .rels part of `owner_part`; empty when the package has none.
std::vector<Relationship> read_relationships(ZipPackage& package, std::string_view owner_part);

// A sheet entry of workbook.xml before its part is read.
struct SheetEntry {
    std::string name;
    SheetState state = SheetState::visible;
    std::string rel_id;
};

// workbook.xml: sheets in order, the date system and defined names.
struct WorkbookPart {
    std::vector<SheetEntry> sheets;
    bool date1904 = false;
    std::vector<DefinedName> names;
};
WorkbookPart read_workbook_part(std::string& xml, std::string_view part);

// styles.xml: appends one CellStyle per cellXfs entry to wb.styles and returns, for each xf
// index, the index in wb.styles.
std::vector<std::uint32_t> read_styles_part(std::string& xml, std::string_view part, Workbook& wb);

// sharedStrings.xml, streamed: appends each <si> to wb.strings and returns the pool index of
// the first one (items are consecutive). The text counts against `budget` when one is given;
// one <si> may hold at most `max_xml_buffer` bytes of XML.
std::uint32_t read_shared_strings_part(ZipPartStream& stream, Workbook& wb, std::size_t& count,
                                       ReadBudget* budget = nullptr,
                                       std::uint64_t max_xml_buffer = ReadLimits{}.max_xml_buffer);

// What a worksheet reader needs besides the stream.
struct SheetContext {
    std::uint32_t shared_strings_base = 0;
    std::size_t shared_strings_count = 0;
    const std::vector<std::uint32_t>* xf_to_style = nullptr;
    ReadBudget* budget = nullptr;           // cells and model bytes, across the workbook
    DiagnosticLog* log = nullptr;           // the workbook's diagnostics, folded
    std::uint64_t max_xml_buffer = 64u << 20;  // ReadLimits::max_xml_buffer
    bool fast_path = true;                  // scan plain rows without building a DOM
};

// A worksheet part, streamed row by row into `sheet`. Rows past the last row a sheet can hold
// end the sheet with one diagnostic.
void read_worksheet_part(ZipPartStream& stream, const SheetContext& context, Workbook& wb,
                         Sheet& sheet);

// Text of an <si> or <is>: plain <t>, or the <t> of each rich-text run; phonetic runs (rPh)
// are skipped. Applies the _xHHHH_ escapes of ST_Xstring.
std::string rich_text(pugi::xml_node node);
// Decodes ST_Xstring escapes: "_x000D_" -> "\r", "_x005F_" -> "_".
std::string unescape_xstring(std::string_view text);

}  // namespace kpimap::detail
