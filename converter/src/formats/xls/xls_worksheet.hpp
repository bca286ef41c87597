// The worksheet substream of a BIFF workbook: cells with their values and formats, merged
// ranges, the declared dimension and column widths.
#pragma once

#include <cstddef>
#include <string_view>

#include "formats/xls/xls_book.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

// Reads the worksheet whose BOF record starts at `offset` of `stream` into `sheet` (its name
// and state already set). Formula cells keep their cached result. Damaged records become
// diagnostics; only the cell limit throws (ReadError too_large).
void read_xls_worksheet(std::string_view stream, std::size_t offset, XlsBook& book, Sheet& sheet);

// Error text of a BIFF error code (MS-XLS 2.5.10 BErr): 0x07 is "#DIV/0!".
const char* biff_error_text(unsigned code) noexcept;

// The number an RK value stands for (MS-XLS 2.5.217): a 30-bit integer or the top 30 bits of
// a double, divided by 100 when bit 0 is set.
double decode_rk(std::uint32_t rk) noexcept;

}  // namespace kpimap::detail
