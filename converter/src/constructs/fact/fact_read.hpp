// Facts (<fact>): finding the cell of a named value, by address or beside its label. Shared by
// the reader and by the write planner, so both agree on which cell a fact is in.
#pragma once

#include <optional>
#include <string>

#include "convert/convert_context.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

// Where one <fact> rule's value is.
struct FactPlace {
    std::size_t sheet = 0;
    CellRef value;                 // the value's cell (it may be empty)
    std::optional<CellRef> label;  // label form: the label cell
};

// The place of a rule, or why there is none.
struct FactLocation {
    std::optional<FactPlace> place;
    std::string why;  // when no place: what was looked for, naming the sheet ("no cell of ...")
    bool no_sheet = false;  // no sheet's name matches the rule: a layout without that part
};

// Finds the rule's cell on the first sheet its pattern takes: the cell named, or in the row of
// the label (the first cell within search_rows whose normalised text is the label) the cell of
// `column`. Without a column, reading takes the first non-empty cell right of the label (a value
// typed a column or two off is still found) and writing the first cell right of the label's
// merged range, which is also where reading looks when the row is empty there.
FactLocation locate_fact(const Workbook& wb, const FactRule& rule, bool reading);

// Reads every <fact> of the mapping into the model's facts: a fact found becomes a Fact with its
// cell; a label not on its sheet is a warning (fact_not_found: a mapping that misses its layout),
// no such sheet at all (a variant of the layout without it) and an empty cell information lines
// (fact_not_found, fact_empty), a value its type refuses a warning on the cell. The value and
// label cells count as used; the sheet itself does not count as read (a sign-off sheet's other
// cells are not the mapping's business, and are reported as before).
void read_facts(ConvertContext& ctx);

}  // namespace kpimap::detail
