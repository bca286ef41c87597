// Typed results for everything that can go wrong while reading input.
// Modelled on pugixml's xml_parse_result: a code, the place (file, part, byte offset) and a
// detail; no exceptions cross the public API of the readers.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kpimap {

// Why a workbook could not be read. Values are stable: tests and exit codes rely on them.
enum class ErrorCode : std::uint8_t {
    ok = 0,
    file_not_found,      // the path does not exist or is not a regular file
    io_error,            // the file exists but could not be read
    not_a_workbook,      // the content matches no supported format (e.g. a PowerPoint file)
    unsupported_format,  // a spreadsheet format kpimap recognises but does not read (e.g. .xlsb)
    encrypted,           // password-protected or encrypted workbook
    corrupt_zip,         // a ZIP container that is truncated or damaged
    zip_bomb,            // decompression limits exceeded (total size or compression ratio)
    xml_forbidden_dtd,   // a package part declares a DTD or entities; refused, never expanded
    xml_malformed,       // a package part is not well-formed XML
    missing_part,        // a required package part (workbook, sheet) is absent
    too_large,           // the workbook exceeds a configured size limit (cells, text)
    sheet_not_found,     // a sheet asked for by name is not in the workbook
    protected_cell,      // a write into a locked cell of a protected sheet, not allowed
    output_failed,       // the output file could not be written
    invalid_write,       // a value that cannot be written (non-finite number, cell off the sheet,
                         // one cell of an array formula)
};

// Short stable identifier of a code, e.g. "zip_bomb"; used in JSON output and tests.
const char* error_code_name(ErrorCode code) noexcept;

// What the user can do next about an error of this kind; one sentence.
const char* error_code_hint(ErrorCode code) noexcept;

// Result of reading one input: ok, or a code with the place it happened.
struct Status {
    ErrorCode code = ErrorCode::ok;
    std::string file;          // the input path as given
    std::string part;          // package part or sheet, when there is one
    std::int64_t offset = -1;  // byte offset inside the part, -1 when unknown
    std::string detail;        // what exactly was found

    // True when no error occurred.
    explicit operator bool() const noexcept { return code == ErrorCode::ok; }
    // "FILE [part PART, byte N]: detail" without the hint.
    std::string message() const;
};

// Exception used inside the readers; converted to a Status at the public boundary.
class ReadError : public std::runtime_error {
public:
    // Records the code, the part and the offset; the file is filled in by the caller.
    ReadError(ErrorCode code, std::string part, std::string detail, std::int64_t offset = -1);
    ErrorCode code() const noexcept { return code_; }
    const std::string& part() const noexcept { return part_; }
    const std::string& detail() const noexcept { return detail_; }
    std::int64_t offset() const noexcept { return offset_; }

private:
    ErrorCode code_;
    std::string part_;
    std::string detail_;
    std::int64_t offset_;
};

}  // namespace kpimap
