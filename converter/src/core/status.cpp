#include "kpimap/status.hpp"

#include <fmt/format.h>

namespace kpimap {

const char* error_code_name(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::ok:
            return "ok";
        case ErrorCode::file_not_found:
            return "file_not_found";
        case ErrorCode::io_error:
            return "io_error";
        case ErrorCode::not_a_workbook:
            return "not_a_workbook";
        case ErrorCode::unsupported_format:
            return "unsupported_format";
        case ErrorCode::encrypted:
            return "encrypted";
        case ErrorCode::corrupt_zip:
            return "corrupt_zip";
        case ErrorCode::zip_bomb:
            return "zip_bomb";
        case ErrorCode::xml_forbidden_dtd:
            return "xml_forbidden_dtd";
        case ErrorCode::xml_malformed:
            return "xml_malformed";
        case ErrorCode::missing_part:
            return "missing_part";
        case ErrorCode::too_large:
            return "too_large";
        case ErrorCode::sheet_not_found:
            return "sheet_not_found";
        case ErrorCode::protected_cell:
            return "protected_cell";
        case ErrorCode::output_failed:
            return "output_failed";
        case ErrorCode::invalid_write:
            return "invalid_write";
    }
    return "unknown";
}

const char* error_code_hint(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::ok:
            return "";
        case ErrorCode::file_not_found:
            return "Check the path and the file name; kpimap reads .xlsx, .xlsm, .xls, .ods and "
                   ".csv.";
        case ErrorCode::io_error:
            return "Check that the file is not locked or still being copied, and that you may read "
                   "it.";
        case ErrorCode::not_a_workbook:
            return "Open the file in Excel or LibreOffice and save it as .xlsx (or export it as "
                   ".csv).";
        case ErrorCode::unsupported_format:
            return "Save the workbook as .xlsx from Excel (File > Save As > Excel Workbook).";
        case ErrorCode::encrypted:
            return "Remove the password in Excel (File > Info > Protect Workbook > Encrypt with "
                   "Password, clear it) and save a copy.";
        case ErrorCode::corrupt_zip:
            return "The file is damaged or was not copied completely; copy it again or re-save it "
                   "from Excel.";
        case ErrorCode::zip_bomb:
            return "The file inflates far beyond any real workbook; if you trust it, raise the "
                   "limits (--max-uncompressed-mb, --max-ratio), otherwise discard it.";
        case ErrorCode::xml_forbidden_dtd:
            return "Workbooks never need DTDs or entity declarations; re-save the file from Excel "
                   "or LibreOffice, and treat its origin with suspicion.";
        case ErrorCode::xml_malformed:
            return "The workbook's XML is damaged; open and re-save it in Excel or LibreOffice.";
        case ErrorCode::missing_part:
            return "The package lacks a required part; re-save the workbook from Excel or "
                   "LibreOffice.";
        case ErrorCode::too_large:
            return "If you trust the file, raise the limit the message names (--max-cells, "
                   "--max-model-mb); otherwise ask its sender for a smaller or repaired copy.";
        case ErrorCode::sheet_not_found:
            return "Use one of the sheet names listed (names are case-sensitive; quote names with "
                   "spaces).";
        case ErrorCode::protected_cell:
            return "Unlock the cell in Excel (Format Cells > Protection), write to an unlocked "
                   "cell, or pass --allow-protected if you may write there (protection is kept).";
        case ErrorCode::output_failed:
            return "Check that the output folder exists, is writable and has free space, and that "
                   "the output file is not open in Excel.";
        case ErrorCode::invalid_write:
            return "Fix the value or the cell address in the mapping (numbers must be finite, "
                   "cells within A1:XFD1048576, outside array formulas and table headers, text "
                   "at most 32,767 characters).";
    }
    return "";
}

std::string Status::message() const {
    std::string where = file;
    if (!part.empty()) where += fmt::format(" [{}", part);
    if (offset >= 0)
        where += part.empty() ? fmt::format(" [byte {}", offset) : fmt::format(", byte {}", offset);
    if (!part.empty() || offset >= 0) where += "]";
    if (detail.empty()) return fmt::format("{}: {}", where, error_code_name(code));
    return fmt::format("{}: {}", where, detail);
}

ReadError::ReadError(ErrorCode code, std::string part, std::string detail, std::int64_t offset)
    : std::runtime_error(detail),
      code_(code),
      part_(std::move(part)),
      detail_(std::move(detail)),
      offset_(offset) {}

}  // namespace kpimap
