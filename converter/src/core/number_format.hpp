// Number-format codes: the built-in table of OOXML ids and the test for date/time formats.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kpimap::detail {

// The format code of a built-in numFmtId (0..49, as ECMA-376 and openpyxl list them);
// "" for ids with no fixed code.
std::string_view builtin_number_format(std::uint32_t id) noexcept;

// True when a format code displays a date or time: after dropping quoted literals, escaped
// characters and bracketed colours/conditions/locales, it has d, m, y, h or s.
// "[h]:mm:ss" counts; "0.00", "#,##0;[Red]-#,##0" and "General" do not.
bool is_date_format(std::string_view code) noexcept;

// True when a date/time format shows no day, month or year: "h:mm", "[h]:mm:ss", "mm:ss".
// Such values are durations or times of day and are not shifted by the 1904 date system.
bool is_time_only_format(std::string_view code) noexcept;

// True when a format shows elapsed time: it has an [h], [m] or [s] bracket ("[h]:mm:ss").
// Other time-only formats show the time of day, whatever the date part of the value.
bool is_elapsed_format(std::string_view code) noexcept;

// True when a serial shown with this date/time format is a point in time, which moves with the
// date system (+1462 days from 1904 to 1900); false for durations (elapsed formats) and for
// times of day with no date part (a time-only format on a serial under 1).
bool moves_with_date_system(std::string_view code, double serial) noexcept;

// True for the built-in ids that are dates or times (14-22, 27-36, 45-47, 50-58).
bool is_builtin_date_id(std::uint32_t id) noexcept;

}  // namespace kpimap::detail
