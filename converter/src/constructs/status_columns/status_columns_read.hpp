// Status columns (<status>, <status-columns>): which header cells they name, and the period of a
// per-period column. Shared by the readers (which skip these cells) and the write planner.
#pragma once

#include <optional>
#include <string_view>

#include "kpimap/mapping.hpp"
#include "kpimap/period.hpp"

namespace kpimap::detail {

// True when a header cell's text names the status column: equal to `header` (normalised), or
// matching `header_pattern`.
bool status_header_matches(const StatusTarget& target, std::string_view text);

// The period of a <status-columns> header ("RAG 21/22" with period="$1" gives 2021/22);
// nullopt for a plain <status> or a header whose period text names none.
std::optional<Period> status_column_period(const StatusTarget& target, std::string_view text);

}  // namespace kpimap::detail
