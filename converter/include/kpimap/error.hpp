// The one error type of kpimap (issue 10): every result that can fail (reading a workbook,
// loading a mapping or a crosswalk, reading a model.json, planning and patching a write, writing
// the report) carries an Error or a list of them. Modelled on pugixml's xml_parse_result: a
// code, the place (file, part, line, byte offset) and a detail; no exceptions cross the public
// API. Each code has one stage, one name and one hint, in the one table below; the command line
// derives its exit code from the code alone (cli/exit_codes.cpp, docs/commands/README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace kpimap {

// The step of a run an error belongs to; the exit code follows from it (with a few exceptions
// by code, cli/exit_codes.cpp).
enum class ErrorStage : std::uint8_t {
    none = 0,     // ok: no error
    read,         // reading a workbook (the reader, or the package patcher reading its input)
    model_input,  // reading a model.json
    mapping,      // loading the mapping files
    detect,       // choosing the mapping that reads a workbook
    crosswalk,    // loading a crosswalk file
    write,        // planning the cells a write fills (kpimap update, kpimap return)
    patch,        // writing cells into the team's workbook (the package patcher)
    report,       // drawing the report workbook
    output,       // writing an output file or folder
    command,      // the command line itself, or a bug in kpimap
};

// Every error there is. Values are stable (tests rely on them) and in the order of the table
// below; a new code needs a row there and one in docs/commands/README.md.
enum class ErrorCode : std::uint8_t {
    ok = 0,
    // read: why a workbook could not be read.
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
    // patch: a write the package patcher refuses.
    protected_cell,  // a write into a locked cell of a protected sheet, not allowed
    // output
    output_failed,  // the output file could not be written
    // patch
    invalid_write,  // a value that cannot be written (non-finite number, cell off the sheet,
                    // one cell of an array formula)
    // model_input
    model_unreadable,  // a model.json that cannot be opened, is not JSON or not a model
    // mapping
    mapping_invalid,      // a mapping file (or a file it includes) cannot be read or is wrong
    mapping_id_repeated,  // two mapping files have the same id
    no_mappings,          // the mappings folder holds no mapping file
    // detect
    no_mapping_fits,      // no mapping fits a workbook, or two fit equally well
    mapping_fits_poorly,  // the mapping fits but reads less than half of a sheet, or no sheet
    no_layout_found,      // kpimap suggest found no layout it can draft a mapping for
    // mapping
    mapping_without_detect,  // a write target's mapping has no <detect> rules to check it by
    // crosswalk
    crosswalk_invalid,  // a crosswalk file cannot be read or is wrong
    // write
    write_refused,  // the write plan cannot be carried out (a <records> constant with no value)
    // report
    report_failed,  // the report library refused something, or the report was given no model
    // output
    output_is_input,  // an output names one of the files read
    // command
    usage,     // the command line is wrong
    internal,  // a bug in kpimap
};

// One row of the table: a code's stable name (used in JSON output and tests), its stage, and
// what the user can do next about it (one sentence).
struct ErrorCodeInfo {
    ErrorCode code;
    const char* name;
    ErrorStage stage;
    const char* hint;
};

// The one table of codes, in ErrorCode order (checked below).
inline constexpr ErrorCodeInfo kErrorCodes[] = {
    {ErrorCode::ok, "ok", ErrorStage::none, ""},
    {ErrorCode::file_not_found, "file_not_found", ErrorStage::read,
     "Check the path and the file name; kpimap reads .xlsx, .xlsm, .xls, .ods and .csv."},
    {ErrorCode::io_error, "io_error", ErrorStage::read,
     "Check that the file is not locked or still being copied, and that you may read it."},
    {ErrorCode::not_a_workbook, "not_a_workbook", ErrorStage::read,
     "Open the file in Excel or LibreOffice and save it as .xlsx (or export it as .csv)."},
    {ErrorCode::unsupported_format, "unsupported_format", ErrorStage::read,
     "Save the workbook as .xlsx from Excel (File > Save As > Excel Workbook)."},
    {ErrorCode::encrypted, "encrypted", ErrorStage::read,
     "Remove the password in Excel (File > Info > Protect Workbook > Encrypt with Password, "
     "clear it) and save a copy."},
    {ErrorCode::corrupt_zip, "corrupt_zip", ErrorStage::read,
     "The file is damaged or was not copied completely; copy it again or re-save it from "
     "Excel."},
    {ErrorCode::zip_bomb, "zip_bomb", ErrorStage::read,
     "The file inflates far beyond any real workbook; if you trust it, raise the limits "
     "(--max-uncompressed-mb, --max-ratio), otherwise discard it."},
    {ErrorCode::xml_forbidden_dtd, "xml_forbidden_dtd", ErrorStage::read,
     "Workbooks never need DTDs or entity declarations; re-save the file from Excel or "
     "LibreOffice, and treat its origin with suspicion."},
    {ErrorCode::xml_malformed, "xml_malformed", ErrorStage::read,
     "The workbook's XML is damaged; open and re-save it in Excel or LibreOffice."},
    {ErrorCode::missing_part, "missing_part", ErrorStage::read,
     "The package lacks a required part; re-save the workbook from Excel or LibreOffice."},
    {ErrorCode::too_large, "too_large", ErrorStage::read,
     "If you trust the file, raise the limit the message names (--max-cells, --max-model-mb); "
     "otherwise ask its sender for a smaller or repaired copy."},
    {ErrorCode::sheet_not_found, "sheet_not_found", ErrorStage::read,
     "Use one of the sheet names listed (names are case-sensitive; quote names with spaces)."},
    {ErrorCode::protected_cell, "protected_cell", ErrorStage::patch,
     "Unlock the cell in Excel (Format Cells > Protection), write to an unlocked cell, or pass "
     "--allow-protected if you may write there (protection is kept)."},
    {ErrorCode::output_failed, "output_failed", ErrorStage::output,
     "Check that the output folder exists, is writable and has free space, and that the output "
     "file is not open in Excel."},
    {ErrorCode::invalid_write, "invalid_write", ErrorStage::patch,
     "Fix the value or the cell address in the mapping (numbers must be finite, cells within "
     "A1:XFD1048576, outside array formulas and table headers, text at most 32,767 "
     "characters)."},
    {ErrorCode::model_unreadable, "model_unreadable", ErrorStage::model_input,
     "pass a model.json written by 'kpimap convert' or 'kpimap reconcile', or the workbook "
     "itself"},
    {ErrorCode::mapping_invalid, "mapping_invalid", ErrorStage::mapping,
     "fix the mapping file at that line (docs/mapping-reference.md describes every element)"},
    {ErrorCode::mapping_id_repeated, "mapping_id_repeated", ErrorStage::mapping,
     "give each mapping file its own id=\"...\" (or remove the copy)"},
    {ErrorCode::no_mappings, "no_mappings", ErrorStage::mapping,
     "pass --mapping FILE or --mappings DIR"},
    {ErrorCode::no_mapping_fits, "no_mapping_fits", ErrorStage::detect,
     "pass --mapping FILE if one of the candidates is meant for the workbook, or let 'kpimap "
     "suggest' draft a mapping for its layout (docs/commands/suggest.md)"},
    {ErrorCode::mapping_fits_poorly, "mapping_fits_poorly", ErrorStage::detect,
     "pass --mapping FILE to use another mapping, or extend this one for the layout "
     "(docs/mapping-reference.md); diagnostics.txt says, for each sheet not read, which rule "
     "came closest"},
    {ErrorCode::no_layout_found, "no_layout_found", ErrorStage::detect,
     "write a mapping by hand (docs/mapping-reference.md, 'Writing a mapping for your workbook "
     "in under an hour')"},
    {ErrorCode::mapping_without_detect, "mapping_without_detect", ErrorStage::mapping,
     "add <detect> rules that this layout satisfies (a sheet name, a header text: "
     "docs/mapping-reference.md#detect), then run the command again"},
    {ErrorCode::crosswalk_invalid, "crosswalk_invalid", ErrorStage::crosswalk,
     "fix the crosswalk file at that line (docs/commands/reconcile.md describes the format)"},
    {ErrorCode::write_refused, "write_refused", ErrorStage::write,
     "fix the mapping or the command line as the message says; nothing was written"},
    {ErrorCode::report_failed, "report_failed", ErrorStage::report,
     "this is a bug in kpimap; please report it with the inputs"},
    {ErrorCode::output_is_input, "output_is_input", ErrorStage::output,
     "choose another -o (a new file or folder): kpimap never writes over a file it reads, "
     "whatever the path, symlink or hard link that leads to it"},
    {ErrorCode::usage, "usage", ErrorStage::command, "run 'kpimap COMMAND --help' for the options"},
    {ErrorCode::internal, "internal", ErrorStage::command,
     "this is a bug in kpimap; please report it with the input file"},
};

// The number of codes, ok included.
inline constexpr std::size_t kErrorCodeCount = sizeof(kErrorCodes) / sizeof(kErrorCodes[0]);

namespace detail {
constexpr bool error_table_in_order() {
    for (std::size_t i = 0; i < kErrorCodeCount; ++i)
        if (static_cast<std::size_t>(kErrorCodes[i].code) != i) return false;
    return true;
}
}  // namespace detail
static_assert(detail::error_table_in_order(), "kErrorCodes must list every code in enum order");
static_assert(static_cast<std::size_t>(ErrorCode::internal) + 1 == kErrorCodeCount,
              "every ErrorCode needs a row in kErrorCodes");

// The table row of a code; ok's row for a value outside the enum.
constexpr const ErrorCodeInfo& error_code_info(ErrorCode code) noexcept {
    const auto i = static_cast<std::size_t>(code);
    return kErrorCodes[i < kErrorCodeCount ? i : 0];
}

// Short stable identifier of a code, e.g. "zip_bomb"; "unknown" outside the enum.
constexpr const char* error_code_name(ErrorCode code) noexcept {
    return static_cast<std::size_t>(code) < kErrorCodeCount ? error_code_info(code).name
                                                            : "unknown";
}

// The stage a code belongs to.
constexpr ErrorStage error_code_stage(ErrorCode code) noexcept {
    return error_code_info(code).stage;
}

// What the user can do next about an error of this kind; one sentence.
constexpr const char* error_code_hint(ErrorCode code) noexcept {
    return error_code_info(code).hint;
}

// Short stable identifier of a stage, e.g. "read"; "unknown" outside the enum.
const char* error_stage_name(ErrorStage stage) noexcept;

// Something that went wrong, and where: the result of every step that can fail. Like pugixml's
// xml_parse_result, it converts to true when there is NO error, so `if (!result.status)` and
// `if (result)` read as "failed" and "succeeded"; ok() says the same in words.
struct Error {
    // No error.
    Error() = default;
    // An error of `code` in `file` (empty when there is none) with `detail` and, when the code's
    // hint is not particular enough, `advice`.
    Error(ErrorCode code, std::string file, std::string detail, std::string advice = {})
        : code(code), file(std::move(file)), detail(std::move(detail)), advice(std::move(advice)) {}
    // An error of `code` at `line` of the text file `file` (a mapping, a crosswalk).
    Error(ErrorCode code, std::string file, int line, std::string detail)
        : code(code), file(std::move(file)), line(line), detail(std::move(detail)) {}

    ErrorCode code = ErrorCode::ok;
    std::string file;          // the input or output path as given; empty when none
    std::string part;          // package part or sheet, when there is one
    int line = 0;              // 1-based line in a text file (mapping, crosswalk); 0 when none
    std::int64_t offset = -1;  // byte offset inside the part or file, -1 when unknown
    std::string detail;        // what exactly was found
    // What to do next when it is more particular than the code's hint (it names the mapping
    // candidates, or the option that unlocks a cell); empty for the code's own hint.
    std::string advice;

    // True when no error occurred.
    bool ok() const noexcept { return code == ErrorCode::ok; }
    // True when no error occurred (pugixml's convention).
    explicit operator bool() const noexcept { return ok(); }
    // The stage of the code.
    ErrorStage stage() const noexcept { return error_code_stage(code); }
    // What to do next: the advice when given, otherwise the code's hint.
    std::string hint() const { return advice.empty() ? error_code_hint(code) : advice; }
    // Where and what, without the hint: "FILE:LINE: detail" for a line of a text file,
    // "FILE [part PART, byte N]: detail" otherwise; the detail alone when no place is known;
    // the code's name when there is no detail.
    std::string text() const;
    // One line: where, what, and the hint ("...: detail; what to do: hint").
    std::string message() const;
};

// Exception used inside the readers and the package patcher; converted to an Error at the
// public boundary.
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
