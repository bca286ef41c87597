// The format-neutral in-memory workbook that every reader fills and every later stage reads.
// Storage is sparse (rows hold only their non-empty cells) so a single cell at XFD1048576
// costs one cell, not a grid. Text lives in one string pool; cells refer to it by index.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpimap {

inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint32_t kMaxRows = 1048576;   // Excel's limit; rows are 0..kMaxRows-1
inline constexpr std::uint32_t kMaxColumns = 16384;  // Excel's limit; columns are 0..16383

// Zero-based cell coordinates.
struct CellRef {
    std::uint32_t row = 0;
    std::uint32_t col = 0;
    friend bool operator==(const CellRef&, const CellRef&) = default;
};

// An inclusive rectangle of cells, zero-based.
struct Range {
    CellRef first;
    CellRef last;
    friend bool operator==(const Range&, const Range&) = default;
    // True when the cell lies inside the rectangle.
    bool contains(CellRef ref) const noexcept {
        return ref.row >= first.row && ref.row <= last.row && ref.col >= first.col &&
               ref.col <= last.col;
    }
};

// "A" for 0, "AA" for 26; empty for columns past kMaxColumns.
std::string column_name(std::uint32_t col);
// "B3" for {2, 1}.
std::string to_a1(CellRef ref);
// "A1:C4", or "A1" for a one-cell range (named apart from to_a1 so {row, col} stays unambiguous).
std::string range_to_a1(const Range& range);
// Parses "B3" or "$B$3"; nullopt when malformed or outside Excel's limits.
std::optional<CellRef> parse_a1(std::string_view text) noexcept;
// Parses "A1:C4" or "B3"; nullopt when malformed.
std::optional<Range> parse_a1_range(std::string_view text) noexcept;
// Parses a column name "AB" to 27; nullopt when malformed.
std::optional<std::uint32_t> parse_column_name(std::string_view text) noexcept;

enum class SheetState : std::uint8_t { visible, hidden, very_hidden };
// "visible", "hidden" or "veryHidden" as in OOXML.
const char* sheet_state_name(SheetState state) noexcept;

enum class CellType : std::uint8_t { empty, number, text, boolean, error, date_time };
// "empty", "number", "text", "boolean", "error" or "date_time".
const char* cell_type_name(CellType type) noexcept;

enum class SourceFormat : std::uint8_t { xlsx, xls, ods, csv };
// "xlsx", "xls", "ods" or "csv".
const char* source_format_name(SourceFormat format) noexcept;

// The part of a cell format that carries meaning in these workbooks.
struct CellStyle {
    std::string number_format = "General";  // format code, built-in ids resolved to their code
    std::uint32_t number_format_id = 0;     // OOXML numFmtId; 0 for other formats
    bool is_date = false;                   // the number format displays a date or time
    bool is_time_only = false;              // ...a time of day or elapsed time, with no date
    bool bold = false;
    bool wrap = false;
    std::string fill_rgb;  // solid fill colour as "FFRRGGBB"; "theme:N"/"indexed:N"; "" if none
};

// One stored cell. Values are unioned: number/date_time/boolean use `number`, text/error use
// `text` (an index into Workbook::strings).
struct Cell {
    std::uint32_t col = 0;
    CellType type = CellType::empty;
    std::uint32_t style = 0;           // index into Workbook::styles
    std::uint32_t formula = kNoIndex;  // index into Workbook::strings; formula without leading '='
    union {
        double number;       // numbers, booleans (0/1), date-times as 1900-system serials
        std::uint32_t text;  // text and error cells: index into Workbook::strings
    };
    Cell() : number(0) {}
};

// A row with its non-empty cells, sorted by column.
struct Row {
    std::uint32_t index = 0;
    std::vector<Cell> cells;
};

// A column width declaration covering columns [first, last].
struct ColumnWidth {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    double width = 0;  // in character units, as OOXML stores it
    bool hidden = false;
};

struct Sheet {
    std::string name;
    SheetState state = SheetState::visible;
    std::vector<Row> rows;  // sorted by index; only rows with cells
    std::vector<Range> merged;
    std::vector<ColumnWidth> columns;
    std::optional<Range> declared_dimension;  // <dimension ref>, not trusted for anything

    // The smallest rectangle holding every non-empty cell; nullopt for an empty sheet.
    std::optional<Range> used_range() const;
    // The stored cell at a position, or nullptr when the cell is empty.
    const Cell* find(CellRef ref) const;
    // Number of non-empty cells.
    std::size_t cell_count() const;
    // The merged range covering a cell, or nullptr.
    const Range* merged_range_at(CellRef ref) const;
};

struct DefinedName {
    std::string name;
    std::string refers_to;                     // formula text without leading '='
    std::optional<std::uint32_t> local_sheet;  // sheet index when scoped to one sheet
    bool hidden = false;
};

// A non-fatal problem met while reading: something the reader skipped or repaired.
struct ReadDiagnostic {
    std::string sheet;  // empty when not tied to a sheet
    std::string cell;   // A1 address, empty when not tied to a cell
    std::string part;   // package part, empty when not relevant
    std::string message;
};

class Workbook {
public:
    std::string source;  // the path it was read from
    SourceFormat format = SourceFormat::xlsx;
    bool date1904 = false;  // the source used the 1904 date system (serials are normalised)
    std::vector<Sheet> sheets;
    std::vector<CellStyle> styles{CellStyle{}};  // style 0 is always the default
    std::vector<std::string> strings;            // pool for text, errors and formulas
    std::vector<DefinedName> names;
    std::vector<ReadDiagnostic> diagnostics;

    // Appends a string to the pool and returns its index.
    std::uint32_t add_string(std::string text);
    // Sheet by exact name, or nullptr.
    const Sheet* find_sheet(std::string_view name) const;

    // Text of a text or error cell; "" for other types.
    std::string_view text(const Cell& cell) const;
    // Formula of a cell without the leading '='; "" when it has none.
    std::string_view formula(const Cell& cell) const;
    // The style of a cell; the default style when the index is out of range.
    const CellStyle& style(const Cell& cell) const;
    // The value as display-neutral text: numbers in shortest round-trip form, booleans as
    // TRUE/FALSE, date-times as ISO 8601 (time-only formats as the time of day "hh:mm:ss",
    // elapsed formats such as "[h]:mm" as elapsed "h:mm:ss"), text and
    // errors as stored.
    std::string value_text(const Cell& cell) const;
};

// ISO 8601 text for a 1900-system serial: "2016-12-31", "2016-12-31T13:45:00" or "13:45:00".
std::string serial_to_iso(double serial);
// Elapsed time for a serial shown with an elapsed format ("[h]:mm:ss"): 10.632 -> "255:10:10".
std::string serial_to_elapsed(double serial);
// The time of day of a serial, its date dropped: 40830.367893 -> "08:49:46".
std::string serial_to_time_of_day(double serial);
// Parses an ISO 8601 date or date-time ("2016-12-31", "2016-12-31T13:45:00Z") to a serial.
std::optional<double> iso_to_serial(std::string_view text) noexcept;
// Shortest text that reads back as the same double ("0.1", "31.900000000000002", "1E+20").
std::string format_number(double value);

}  // namespace kpimap
