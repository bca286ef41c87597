// Long tables (<records>): finding the header row and the field columns, and the Fingertips-style
// period encoding (start year, years covered, quarter, month). Shared by the reader and by the
// write planner, so both agree on which row and column a fact belongs to.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kpimap/mapping.hpp"
#include "kpimap/period.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

// One long table found on a sheet.
struct RecordsTable {
    std::size_t sheet = 0;
    std::uint32_t header_row = 0;
    // Parallel to RecordsRule::fields: the column of each field; nullopt when its header is absent.
    std::vector<std::optional<std::uint32_t>> columns;
    // Header cells of the header row that no field names.
    std::vector<CellRef> unnamed_headers;
    // Rows below the header with a non-empty cell in a field column, in order.
    std::vector<std::uint32_t> data_rows;
};

// Every table of the rule in the workbook: on each selected sheet, the first row (within
// search_rows of the sheet's first row) holding a cell whose text is the rule's header.
std::vector<RecordsTable> locate_records(const Workbook& wb, const RecordsRule& rule);

// True for the roles of the columns that encode a period in parts (period.year,
// period.year-range, period.quarter, period.month), rather than as text (period).
inline bool is_period_part(FieldRole role) noexcept {
    return role == FieldRole::period_year || role == FieldRole::period_year_range ||
           role == FieldRole::period_quarter || role == FieldRole::period_month;
}

// The period columns of one row: Fingertips "Year" is the year the period starts in, "YearRange"
// the whole years it covers, Quarter and Month -1 unless the period is one.
struct RecordPeriod {
    int year = 0;
    int range = 1;
    int quarter = -1;
    int month = -1;
};

// A period as record columns; nullopt for kinds the columns cannot say (a single date).
// `financial` counts months from April (month 1 = April), as Fingertips does for financial-year
// indicators.
std::optional<RecordPeriod> encode_record_period(const Period& period, bool financial);

// The period record columns name; nullopt when they name none (range below 1, quarter past 4).
std::optional<Period> decode_record_period(const RecordPeriod& fields, bool financial);

// A cell's value as the text a constant or code is compared with: text trimmed, numbers in
// shortest form ("125", not "125.0").
std::string record_cell_text(const Workbook& wb, const Cell& cell);

}  // namespace kpimap::detail
