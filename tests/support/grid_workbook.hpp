// A one-sheet workbook of text cells built in memory, for conversion tests that need a layout
// without a file: grid({{"Indicator", "Aim"}, {"Smoking", "Reduce"}}). Empty strings are empty
// cells.
#pragma once

#include <string>
#include <vector>

#include "kpimap/workbook.hpp"

namespace kpimap::test_support {

// How a row with no cells is stored: as a row element with no cells, or not at all, as Excel
// and openpyxl write it.
enum class EmptyRows : std::uint8_t { kept, absent };

// Rows from the top, cells from column A; `source` and `sheet_name` name the file and sheet.
inline Workbook grid_workbook(const std::vector<std::vector<std::string>>& rows,
                              const std::string& source, const std::string& sheet_name,
                              EmptyRows empty_rows = EmptyRows::kept) {
    Workbook wb;
    wb.source = source;
    Sheet& sheet = wb.sheets.emplace_back();
    sheet.name = sheet_name;
    for (std::uint32_t r = 0; r < rows.size(); ++r) {
        Row row;
        row.index = r;
        for (std::uint32_t c = 0; c < rows[r].size(); ++c) {
            if (rows[r][c].empty()) continue;
            Cell cell;
            cell.col = c;
            cell.type = CellType::text;
            cell.text = wb.add_string(rows[r][c]);
            row.cells.push_back(cell);
        }
        if (row.cells.empty() && empty_rows == EmptyRows::absent) continue;
        sheet.rows.push_back(std::move(row));
    }
    return wb;
}

}  // namespace kpimap::test_support
