// Values as written in indicator tables: "83.40%", "1,010", "0.822", "-", "..", "[x]",
// "31.900000000000002". Parsing keeps what the source showed (percent sign, decimals) so that
// reconciliation can tell agreement within rounding from a real conflict.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kpimap/workbook.hpp"

namespace kpimap {

// Why a value is missing, from the marker used (GSS and ONS conventions).
enum class MissingReason : std::uint8_t {
    none,
    not_available,   // "-", "..", "n/k", "[w]": no data for this period
    suppressed,      // "[x]", "*", "[c]", "x": withheld (small numbers, disclosure control)
    not_applicable,  // "[z]", "n/a", "N/A", "NA": the measure does not apply
    low_quality,     // "[u]", "[low]": too unreliable to publish
};

// "not_available", "suppressed", ...
const char* missing_reason_name(MissingReason reason) noexcept;

struct ParsedValue {
    enum class Kind : std::uint8_t { number, missing, text };
    Kind kind = Kind::text;
    double value = 0;      // the number, float noise removed; percent units when `percent`
    bool percent = false;  // written with % or formatted as a percentage (83.4, not 0.834)
    int decimals = -1;     // decimal places the source shows; -1 when unknown
    MissingReason missing = MissingReason::none;
    std::string text;                      // the raw text (markers and unparsed text keep it here)
    std::vector<std::string> corrections;  // what was cleaned, e.g. "removed float noise"

    // True when a usable number came out.
    bool is_number() const noexcept { return kind == Kind::number; }
};

// Parses text typed into a cell: "83.40%", "1,010", "-", "[x]", "  12.5 ", "(3.2)".
ParsedValue parse_value_text(std::string_view text);

// Parses a stored cell: numbers use the number format for percent and decimals shown
// ("0.0%" on 0.834 gives 83.4, percent, 1 decimal); text cells go through parse_value_text.
ParsedValue parse_value_cell(const Workbook& workbook, const Cell& cell);

// Removes binary float noise by rounding to 15 significant digits: 31.900000000000002 -> 31.9.
double remove_float_noise(double value) noexcept;

// Decimal places a number format shows in its first section: "0.0%" -> 1, "#,##0" -> 0,
// "General" -> -1 (as many as needed).
int format_decimals(std::string_view number_format) noexcept;

// True when the first section of a number format ends in a percent sign (outside quotes).
bool format_is_percent(std::string_view number_format) noexcept;

}  // namespace kpimap
