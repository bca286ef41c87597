// Status columns (<status>, <status-columns>): which header cells they name, and the period of a
// per-period column. Shared by the readers (which skip these cells) and the write planner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "kpimap/mapping.hpp"
#include "kpimap/period.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

class ConvertContext;

// True when a header cell's text names the status column: equal to `header` (normalised), or
// matching `header_pattern`.
bool status_header_matches(const StatusTarget& target, std::string_view text);

// The period of a <status-columns> header ("RAG 21/22" with period="$1" gives 2021/22);
// nullopt for a plain <status> or a header whose period text names none.
std::optional<Period> status_column_period(const StatusTarget& target, std::string_view text);

// Reports cell `c` of row `row` as a cell of status column `target` ('kpimap update' fills it,
// so the readers never read it): info status_cell, which counts as declined by the mapping.
void report_status_cell(ConvertContext& ctx, std::size_t sheet, std::uint32_t row, const Cell& c,
                        const StatusTarget& target);

}  // namespace kpimap::detail
