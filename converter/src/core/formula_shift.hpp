// Moves the relative references of a formula, as Excel does when it stores one formula for a
// block of cells (shared formulas) or when a formula is copied.
#pragma once

#include <string>
#include <string_view>

namespace kpimap::detail {

// Returns `formula` (no leading '=') with every relative reference moved by `rows` and `cols`.
// Absolute parts ($A$1) stay; text literals, quoted sheet names, structured references and
// function names are untouched; references pushed off the sheet become #REF!.
std::string shift_formula(std::string_view formula, int rows, int cols);

}  // namespace kpimap::detail
