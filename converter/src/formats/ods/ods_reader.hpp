// Pieces of the OpenDocument spreadsheet reader exposed for tests; make_ods_reader()
// (formats/readers.hpp) is the entry point.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kpimap::detail {

// Rewrites an OpenFormula cell formula ("of:=SUM([.A1:.A3];[$'My Sheet'.B2])") in Excel
// syntax without the leading '=' ("SUM(A1:A3,'My Sheet'!B2)"). Only references and the
// argument separator are rewritten; function names are kept as written.
std::string odf_formula_to_excel(std::string_view formula);

// Fraction of a day for an ISO 8601 duration as ODF writes times ("PT12H30M00S" -> 0.5208..);
// days and negative durations are accepted; nullopt when malformed.
std::optional<double> odf_duration_to_days(std::string_view text) noexcept;

// Excel character units for an ODF length ("0.889in", "2.258cm", "64px"); nullopt when the
// unit is unknown.
std::optional<double> odf_length_to_excel_width(std::string_view length) noexcept;

}  // namespace kpimap::detail
