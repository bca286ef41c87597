// Status column headers: plain header text or a pattern with a period capture.
#include "constructs/status_columns/status_columns_read.hpp"

#include "core/icu_regex.hpp"

namespace kpimap::detail {

bool status_header_matches(const StatusTarget& target, std::string_view text) {
    if (!target.header_pattern.empty()) return IcuRegex(target.header_pattern).found_in(text);
    return normalise_text(target.header) == normalise_text(text);
}

std::optional<Period> status_column_period(const StatusTarget& target, std::string_view text) {
    if (target.header_pattern.empty()) return std::nullopt;
    auto groups = IcuRegex(target.header_pattern).search(text);
    if (!groups) return std::nullopt;
    const std::string period_text = expand_captures(target.period, *groups);
    if (auto p = parse_period(period_text)) return p;
    return find_period(period_text);
}

}  // namespace kpimap::detail
