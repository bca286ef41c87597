// Status column headers: plain header text or a pattern with a period capture.
#include "constructs/status_columns/status_columns_read.hpp"

#include <fmt/format.h>

#include "convert/convert_context.hpp"
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

void report_status_cell(ConvertContext& ctx, std::size_t sheet, std::uint32_t row, const Cell& c,
                        const StatusTarget& target) {
    ctx.report(
        Severity::info, DiagnosticCode::status_cell, sheet, {row, c.col}, ctx.text(c),
        fmt::format("a cell of the status column '{}' (line {}), which 'kpimap update' "
                    "fills; not read",
                    target.header.empty() ? target.header_pattern : target.header, target.line));
}

}  // namespace kpimap::detail
