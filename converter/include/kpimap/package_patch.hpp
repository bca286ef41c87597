// Patching an existing .xlsx/.xlsm package: values are written into named cells of named sheets
// and every part that does not have to change is copied byte for byte (styles, merged ranges,
// data validations, protection, hidden sheets, defined names, formulas, comments, images, charts,
// and parts kpimap does not understand). `kpimap update` and `kpimap return` write through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kpimap/error.hpp"
#include "kpimap/reader.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap {

// One value to write into one cell. The cell keeps its own style; a cell that does not exist yet
// takes the style of `style_from` when set (e.g. the cell above in an appended row; a new row
// also takes that row's height and row style), else the row's or column's default.
struct CellWrite {
    enum class Kind : std::uint8_t { number, text, boolean, blank };
    std::string sheet;  // the sheet's name as shown on its tab
    CellRef cell;       // zero-based
    Kind kind = Kind::blank;
    double number = 0;  // number, or 0/1 for boolean
    std::string text;   // UTF-8, for Kind::text; written as an inline string
    std::optional<CellRef> style_from;
};

struct PatchOptions {
    // Write into locked cells of protected sheets (protection itself is kept, never removed).
    // Cells of a range opened by "Allow Users to Edit Ranges" (<protectedRanges>) without a
    // password are editable and need no permission.
    bool allow_protected = false;
    // With allow_protected: also replace formulas in locked cells (the patch fails otherwise, so
    // a template's formula is never replaced by a value unasked).
    bool replace_locked_formulas = false;
    // Make formulas recalculate when the file is opened: fullCalcOnLoad for Excel, and, for
    // LibreOffice (which keeps cached results), no cached value on the formulas of sheets that
    // may depend on a written cell (see docs/writers.md).
    bool full_calc_on_load = true;
    ReadLimits limits;  // the same zip-bomb limits the reader applies to the input
};

// A write the target cell's data validation refuses (the value is not written; the rest of the
// patch goes on).
struct RejectedWrite {
    std::string sheet;
    CellRef cell;
    std::string value;  // as typed: "12.5", "Green"
    std::string rule;   // what the rule allows: "allows only whole numbers between 0 and 500"
};

// What a patch did, for the CLI's summary and the structural-diff tests.
struct PatchReport {
    std::size_t cells_written = 0;           // writes applied (including unchanged values)
    std::size_t cells_changed = 0;           // ...whose value differs from what was there
    std::vector<std::string> parts_changed;  // package parts rewritten, in package order
    std::size_t parts_copied = 0;            // parts copied byte for byte
    // Things a person should know: a formula overwritten by a value, calcChain entries dropped,
    // how many cached formula values were dropped on each sheet.
    std::vector<std::string> notes;
    // workbook.xml locks the structure (<workbookProtection lockStructure="1">): a caller must
    // not add sheets; the patcher itself never does.
    bool structure_protected = false;
    // Formulas of locked cells replaced by values (only with replace_locked_formulas); a caller
    // should not report such a run as a plain success.
    std::size_t locked_formulas_replaced = 0;
    // Writes not made because they break the cell's data validation (a rule Excel enforces:
    // whole number, decimal, date, time, text length or list, classic or x14 form).
    std::vector<RejectedWrite> rejected;
};

struct PatchResult {
    Error status;  // ok, or the code, part and offset of what stopped the patch
    PatchReport report;
    explicit operator bool() const noexcept { return static_cast<bool>(status); }
};

// Copies the package at `input_path` to `output_path` with `writes` applied. Never throws for bad
// input; on error nothing is left at `output_path`. Writes into a sheet that does not exist, or
// into a locked cell of a protected sheet without `allow_protected`, fail with a status naming
// the sheet and cell.
PatchResult patch_workbook(const std::string& input_path, const std::vector<CellWrite>& writes,
                           const std::string& output_path, const PatchOptions& options = {});

}  // namespace kpimap
