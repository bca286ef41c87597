// One sheet as kpimap suggest reads it: each non-empty cell classified once (a period, a value,
// a missing marker or text), with its style, so the layout finders ask "what is at B7" cheaply.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kpimap/period.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::suggest {

enum class CellClass : std::uint8_t { period, number, missing, text };

struct GridCell {
    const Cell* cell = nullptr;
    CellClass cls = CellClass::text;
    std::string text;               // trimmed display-neutral text (Workbook::value_text)
    std::optional<Period> period;   // set for periods, and for whole-number years (numbers)
    bool period_inside = false;     // the period was found inside longer text ("Year 1 – 20/21")
    bool bold = false;
    bool filled = false;
};

class SheetGrid {
public:
    SheetGrid(const Workbook& workbook, std::size_t sheet_index);

    const Workbook& workbook;
    const Sheet& sheet;
    std::size_t index;

    // The classified cell at a position, or nullptr when it is empty.
    const GridCell* at(std::uint32_t row, std::uint32_t col) const;
    // Text at a position ("" when empty).
    std::string text(std::uint32_t row, std::uint32_t col) const;
    // Columns holding a cell on `row`, ascending.
    const std::vector<std::uint32_t>& columns(std::uint32_t row) const;
    // Rows holding at least one cell, ascending.
    const std::vector<std::uint32_t>& rows() const noexcept { return row_list_; }
    // True when the cell is the top of a merge spanning several rows.
    bool merged_down(std::uint32_t row, std::uint32_t col) const;
    // True when the row has text only inside one merged range (a title or banner).
    std::size_t cell_count() const noexcept { return cells_.size(); }

private:
    std::unordered_map<std::uint64_t, GridCell> cells_;
    std::map<std::uint32_t, std::vector<std::uint32_t>> row_columns_;
    std::vector<std::uint32_t> row_list_;
};

// The period a header cell names, as the converter reads header cells: the whole text
// ("13/14", "2012-14"), a whole-number year (2015), a date cell, or a period inside a short
// header ("Year 1 – 20/21").
void classify(const Workbook& workbook, GridCell& cell);

// A regular expression for the family of a header text: digit runs become \d{n}, spaces \s*,
// dashes [–—-], everything else is escaped ("Year 1 – 20/21" -> "Year\s*\d{1}\s*[–—-]\s*...").
std::string family_pattern(const std::string& text);

// Escapes a text for an ICU regular expression.
std::string regex_escape(const std::string& text);

// True when the text has a letter and no lower-case letter ("ADULT SOCIAL CARE").
bool is_capitals(const std::string& text);

}  // namespace kpimap::suggest
