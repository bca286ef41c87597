// Delimited-text reading: encoding detection, delimiter sniffing and cell typing, exposed so
// the rules can be tested one by one. make_csv_reader() (formats/readers.hpp) uses them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kpimap::detail {

// How the bytes of a CSV file were decoded.
enum class CsvEncoding : std::uint8_t { utf8, utf8_bom, windows1252 };

// Turns raw file bytes into UTF-8 in place: strips a UTF-8 BOM, keeps valid UTF-8, and
// otherwise decodes Windows-1252. Returns the encoding that was used.
CsvEncoding csv_decode(std::string& bytes);

// True when the whole text is well-formed UTF-8 (no overlongs, surrogates or values past
// U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

// The delimiter among ',', ';' and '\t' that splits the first records of `text` into the
// most consistent number of fields (quotes respected); ',' when none splits anything.
char csv_sniff_delimiter(std::string_view text);

// The value of a field that is exactly a plain decimal number ("-12", "0.822", "1.5E-3");
// nullopt for anything else, including "007", "+1", "1,000", "5%", " 1", ".5" and numbers
// with more than 15 significant digits (which a double would not keep exactly).
std::optional<double> csv_plain_number(std::string_view field) noexcept;

}  // namespace kpimap::detail
