// Delimited-text reading: encoding detection, delimiter sniffing and cell typing, exposed so
// the rules can be tested one by one. make_csv_reader() (formats/readers.hpp) uses them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kpimap::detail {

// How the bytes of a CSV file were decoded.
enum class CsvEncoding : std::uint8_t {
    utf8,              // valid UTF-8
    utf8_bom,          // valid UTF-8 after a byte-order mark
    utf8_damaged,      // UTF-8 with a few ill-formed sequences, left for load_workbook to
                       // repair (U+FFFD) and report cell by cell
    windows1252,       // not UTF-8: decoded as Windows-1252
    windows1252_bom,   // a UTF-8 byte-order mark, then bytes that are not UTF-8: the mark lied
};

// Turns raw file bytes into UTF-8 in place and says how. A UTF-8 byte-order mark is removed,
// but not trusted over the bytes: text that is mostly well-formed UTF-8 (more valid multi-byte
// sequences than ill-formed ones) is UTF-8, damaged or not; anything else is decoded as
// Windows-1252, the encoding of UK Excel's "CSV (Comma delimited)".
CsvEncoding csv_decode(std::string& bytes);

// The delimiter among ',', ';' and '\t' that splits the first records of `text` into the
// most consistent number of fields (quotes respected); ',' when none splits anything.
char csv_sniff_delimiter(std::string_view text);

// The value of a field that is exactly a plain decimal number ("-12", "0.822", "1.5E-3");
// nullopt for anything else, including "007", "+1", "1,000", "5%", " 1", ".5" and numbers
// with more than 15 significant digits (which a double would not keep exactly).
std::optional<double> csv_plain_number(std::string_view field) noexcept;

}  // namespace kpimap::detail
