// The layouts kpimap suggest recognises on one sheet, each found from the cells alone, with the
// evidence for it. suggest.cpp turns them into mapping rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kpimap/mapping.hpp"
#include "suggest/sheet_grid.hpp"

namespace kpimap::suggest {

// A text column of a table and the role the draft gives it.
struct TableColumn {
    std::uint32_t col = 0;
    std::string header;
    ColumnRole role = ColumnRole::ignore;  // as a <column role="..."> (column_role_name)
    std::string level;       // for role outcome
    std::string group_start; // regex: "Domain N" openers
    bool key = false;
    std::string split;       // "numbered-list"
    std::string gap_pattern; // placeholder texts standing where a measure should be
    std::string evidence;
};

// Period columns: one family pattern per style of header met.
struct PeriodFamily {
    std::vector<std::string> patterns;  // family patterns, in the order met
    std::vector<std::string> examples;  // one header text per pattern
    std::size_t columns = 0;            // period header cells seen
    std::size_t inside = 0;             // ...of which the period is inside longer text
};

// Terms met in expectation columns, matched against the trajectory vocabulary.
struct TermEvidence {
    std::string value;                // term value ("improvement")
    std::size_t cells = 0;            // cells that matched it
    std::vector<std::string> corrected;  // "'ТВС' (look-alike letters)", "'mprovement' (1 letter off)"
};

// A table (<table>) or a period table (<period-table>) found on a sheet.
struct TableLayout {
    bool period_table = false;            // rows of indicators under period header rows only
    bool outcome_list = false;            // the key column holds outcomes, not indicators
    std::vector<std::uint32_t> header_rows;  // 0-based
    std::uint32_t title_row = kNoIndex;   // a title above the first header row
    std::string title;
    std::vector<TableColumn> columns;     // text columns (tables only)
    std::uint32_t title_col = 0;          // period tables: the column of the titles
    std::string key_header;               // the key column's header text ("" when none)
    bool stacked = false;                 // several header rows holding the key header
    PeriodFamily periods;
    int min_periods = 2;
    bool expectations = false;            // period cells hold terms, not values
    std::vector<TermEvidence> terms;
    std::vector<std::string> unrecognised_terms;
    bool fuzzy_needed = false;
    std::size_t value_cells = 0, value_cells_parsed = 0;
    bool sections = false;
    std::vector<std::string> section_examples;
    bool continuation = false;            // rows continue the record above
    std::string continuation_evidence;
    int end_after_blank_rows = 4;
};

// A matrix: row items x column items with repeated markers.
struct MatrixLayout {
    std::uint32_t header_row = 0;
    std::uint32_t rows_col = 0;
    std::string rows_header;
    std::string code_pattern;
    std::optional<std::uint32_t> detail_col;
    std::string detail_header;
    bool numbered_list = false;
    std::uint32_t first = 0, last = 0;  // marker columns, 0-based
    struct Marker {
        std::string text;                  // the most frequent spelling
        std::vector<std::string> aliases;  // the other spellings folded onto it
        std::size_t cells = 0;
        bool ocr_folded = false;  // o, O and 0 were read as OCR damage of this circle
    };
    std::vector<Marker> markers;
    std::vector<std::string> not_markers;  // cells that are no marker ("—", "****")
    std::size_t marker_cells = 0;
};

// Series blocks: "Year | 2013 | 2014" then "Value | 3.3 | 4.8" (or down a column).
struct SeriesLayout {
    std::string label;                     // the period label ("Year")
    std::vector<std::string> value_labels; // "Value", "Percentage", ...
    std::size_t blocks = 0, across = 0, down = 0;
    std::string outcome_cell;              // "A1" when the sheet names its outcome there
    std::string outcome_code_pattern;
    std::string summary_cell;
    std::string judgement_markers;         // the marker characters met at titles' ends
};

// A delivery dashboard: priorities, numbered indicators, commitments with refs ("A.1", "B2"),
// a success column and coded actions ("A.1.1 ...", several per cell).
struct DashboardLayout {
    std::uint32_t header_row = 0;
    std::string theme_cell;  // "A1" when a title above the header names the theme
    std::string priority_header, indicator_header, ref_header, commitment_header,
        success_header, action_header;
    std::size_t refs = 0, actions = 0, indicator_cells = 0, priority_cells = 0;
};

// Finds a dashboard on a sheet: a ref column and an indicator or action column are needed.
std::optional<DashboardLayout> find_dashboard(const SheetGrid& grid);
// Finds series blocks on a sheet (nullopt when fewer than two blocks share one label).
std::optional<SeriesLayout> find_series(const SheetGrid& grid);
// Finds a matrix on a sheet.
std::optional<MatrixLayout> find_matrix(const SheetGrid& grid);
// Finds a table of indicators under period header rows, or a plain table of indicators.
std::optional<TableLayout> find_table(const SheetGrid& grid, std::string& why_not);

}  // namespace kpimap::suggest
