// The pieces behind patch_workbook(), one file per concern: the package copy (libzip), the
// worksheet cell splice, calcChain, workbook.xml calcPr and cell protection.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kpimap/package_patch.hpp"
#include "kpimap/reader.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

// --- cell_xml.cpp ---

// The <v> text of a number: the shortest form that reads back as the same double.
std::string number_text(double value);
// Text for an inline string <t>: XML-escaped, characters XML 1.0 cannot carry and literal
// "_xHHHH_" sequences written as ST_Xstring escapes (so they read back as themselves).
std::string inline_text(std::string_view text);
// The value of a write as a person would type it ("12.5", "Green", "TRUE", "" for blank).
std::string write_value_text(const CellWrite& write);
// The whole <c> element for a write. `prefix` is the sheet's namespace prefix ("" or "x:"),
// `style` the s attribute to carry (empty for none), `extra_attrs` other attributes kept
// verbatim from the cell it replaces (e.g. ` ph="1"`).
std::string cell_xml(const CellWrite& write, std::string_view prefix, std::string_view style,
                     std::string_view extra_attrs = {});

// --- protection.cpp ---

// For each cellXfs index of styles.xml, whether the cell format locks the cell (the default).
// Empty when the workbook has no styles part; unknown indexes count as locked.
std::vector<bool> locked_formats(std::string& styles_xml, std::string_view part);
// True when the cell format `style` locks its cell.
bool format_locks(const std::vector<bool>& locked, std::uint32_t style);

// --- data_validation.cpp ---

// One data validation rule of a worksheet (<dataValidation>, or <x14:dataValidation> of the
// extension list).
struct DataValidationRule {
    enum class Type : std::uint8_t { whole, decimal, list, date, time, text_length, custom };
    Type type = Type::custom;
    std::string op;                // operator attribute; "" means between
    std::string formula1, formula2;  // as written, without a leading '='
    std::vector<Range> cells;      // sqref
    bool enforced = false;         // showErrorMessage="1": Excel rejects a value that breaks it
};
// The rules of one <dataValidations> element (either form), given as its text.
std::vector<DataValidationRule> parse_data_validations(std::string_view element);
// The values a list rule's formula names (a range, another sheet's range, a defined name), or
// nullopt when it cannot be resolved (INDIRECT, OFFSET, a name that is not a range).
using ListResolver = std::function<std::optional<std::vector<std::string>>(std::string_view)>;
// Why writing `write` breaks `rule` ("allows only whole numbers between 0 and 500"), or nullopt
// when it does not, when the rule is not enforced, or when kpimap cannot evaluate it (a custom
// formula, bounds that are cell references, a list it cannot resolve). Blank writes never
// break a rule.
std::optional<std::string> validation_breach(const DataValidationRule& rule, const CellWrite& w,
                                             const ListResolver& resolve_list);

// --- sheet_patch.cpp ---

// What the worksheet splice needs besides the writes.
struct SheetPatchContext {
    std::string part;                           // for statuses
    const std::vector<bool>* locked = nullptr;  // from locked_formats()
    bool allow_protected = false;               // write locked cells of protected sheets
    bool replace_locked_formulas = false;       // ...even those holding a formula
    // The shared strings, loaded on first use (only when a written cell holds one), so a write
    // of the same text can be told apart from a change.
    std::function<const std::vector<std::string>&()> shared_strings;
    // The values a data validation list names (formula, the sheet being written); unset or
    // nullopt when they cannot be found.
    std::function<std::optional<std::vector<std::string>>(std::string_view, std::string_view)>
        list_values;
    // Header rows of the sheet's tables, with the table names: their cells are not written.
    std::vector<std::pair<Range, std::string>> table_headers;
};

// What one worksheet splice did.
struct SheetPatchOutcome {
    std::string xml;  // the patched part; equal to the input when nothing changed
    bool changed = false;
    std::size_t cells_written = 0;
    std::size_t cells_changed = 0;
    std::vector<CellRef> formulas_removed;  // cells whose formula a value replaced
    std::size_t locked_formulas_replaced = 0;  // ...of them, locked on a protected sheet
    std::vector<RejectedWrite> rejected;        // writes the cell's data validation refused
    std::vector<std::string> notes;
};

// Applies `writes` (all for this sheet) to the worksheet XML. Throws ReadError: xml_malformed,
// protected_cell, invalid_write (one cell of an array formula, a table header that would change).
SheetPatchOutcome patch_sheet_xml(const std::string& xml, const std::vector<CellWrite>& writes,
                                  const SheetPatchContext& context);

// --- calc_chain.cpp ---

// calcChain.xml without the entries of `removed` cells (sheet id -> cells). `emptied` is set
// when no entry is left (the part must then go: an empty calcChain is invalid).
std::string drop_calc_chain_entries(
    const std::string& xml, std::string_view part,
    const std::map<std::uint32_t, std::set<std::pair<std::uint32_t, std::uint32_t>>>& removed,
    std::size_t& dropped, bool& emptied);
// A .rels part without the relationship whose resolved target is `target`.
std::string drop_relationship(const std::string& xml, std::string_view rels_part,
                              std::string_view owner_part, std::string_view target);
// [Content_Types].xml without the Override for `part_name` ("/xl/calcChain.xml").
std::string drop_content_type_override(const std::string& xml, std::string_view part_name);

// --- workbook_calc.cpp ---

// workbook.xml with <calcPr fullCalcOnLoad="1"/> set (added in schema order when absent).
// Returns the input unchanged when it is already set.
std::string request_full_calc(const std::string& xml, std::string_view part);
// True when workbook.xml has <workbookProtection lockStructure="1">.
bool workbook_structure_locked(const std::string& xml);

// --- formula_values.cpp ---

// The formulas of a worksheet, for deciding whether they may depend on written cells.
struct FormulaScan {
    std::string text;          // every <f> text, unescaped and lower-cased, one per line
    std::size_t formulas = 0;  // <f> elements, shared-formula members included
};
// One pass over a worksheet's tags; `xml` must be well-formed.
FormulaScan scan_formulas(std::string_view xml);
// True when the lower-cased formula text refers to the sheet `sheet_name` (Name!, 'Na''me'!,
// or an end of a 3-D range Name:Other!), case-insensitively.
bool mentions_sheet(std::string_view formulas, std::string_view sheet_name);
// True when the lower-cased formula text uses `name` (a defined name or a table) as a whole
// token.
bool mentions_name(std::string_view formulas, std::string_view name);
// The worksheet without the cached value (<v>) of every cell that has a formula (<f>), so
// LibreOffice, which keeps cached values on load, computes them. Cells of an array formula's
// range other than its first keep theirs: they have no <f>, and array formulas are always
// recomputed. `dropped` counts the values removed.
std::string drop_formula_values(const std::string& xml, std::size_t& dropped);

// --- package_output.cpp ---

// Refuses a package whose central directory declares sizes past `limits` (zip_bomb), so parts
// that are only copied, never inflated, meet the reader's limits too.
void check_declared_sizes(const std::string& input_path, const ReadLimits& limits);

// One part to write differently from the input: replaced content, or removed.
struct PartChange {
    std::string name;                    // as stored in the archive
    std::optional<std::string> content;  // nullopt removes the part
};

// Copies the archive at `input_path` to `output_path` with `changes` applied; untouched
// entries keep their compressed bytes and their order. Writes a temporary file next to
// `output_path` and renames it, so on error nothing is left there. Throws ReadError
// (output_failed, corrupt_zip).
void write_patched_package(const std::string& input_path, const std::string& output_path,
                           const std::vector<PartChange>& changes, std::size_t& parts_copied);

}  // namespace kpimap::detail
