// Drafting a mapping for a workbook no mapping fits (kpimap suggest): the layout is read from
// the cells, their styles and the merges (header rows, period columns, the indicator column,
// group columns and sections, trajectory terms, stacked blocks, series blocks, matrices) and
// written as mapping XML that load_mapping() accepts, with a comment on every rule giving its
// evidence and confidence. check_suggestion() converts the workbook with the draft to measure
// what it covers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kpimap/convert.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap {

struct SuggestOptions {
    std::string sheet;       // draft rules for this sheet only when non-empty
    std::string mapping_id;  // the draft's id; "" gives "draft-<file stem>"
};

// One rule of the draft and why it was written.
struct SuggestedRule {
    std::string construct;    // "table", "period-table", "matrix", "series-blocks"
    std::vector<std::string> sheets;  // the sheets it reads
    std::string evidence;     // what in the cells made the rule, in one sentence
    int confidence = 0;       // 0..100: how sure the draft is of it
};

// A sheet no rule was drafted for, and why.
struct SheetSkipped {
    std::string sheet;
    std::string reason;
};

struct Suggestion {
    std::string mapping_id;
    std::string xml;  // the draft mapping file
    std::vector<SuggestedRule> rules;
    std::vector<SheetSkipped> skipped;
    // True when at least one reader rule was drafted (otherwise `xml` is empty: a mapping with
    // no reader is refused by the loader).
    bool drafted() const noexcept { return !rules.empty(); }
};

// Drafts a mapping for `workbook`. Never throws for content; sheets it cannot read are listed
// in `skipped`. `options.sheet` naming no sheet of the workbook gives a suggestion with that
// sheet skipped.
Suggestion suggest_mapping(const Workbook& workbook, const SuggestOptions& options = {});

// The draft loaded and the workbook converted with it.
struct SuggestionCheck {
    std::vector<MappingError> errors;  // the draft did not load (a bug in suggest)
    std::optional<Mapping> mapping;
    std::optional<ConversionResult> result;
};

// Loads the draft (`name` stands for its file in messages) and converts `workbook` with it.
SuggestionCheck check_suggestion(const Workbook& workbook, const Suggestion& suggestion,
                                 const std::string& name = "draft.xml");

}  // namespace kpimap
