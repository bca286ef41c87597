// The workbook globals substream of a BIFF workbook: version, date system, code page, sheets,
// shared strings, fonts, number formats and cell formats (XF).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/xls/biff_records.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

// A BOUNDSHEET record: one sheet of the workbook.
struct XlsSheetEntry {
    enum class Kind : std::uint8_t { worksheet, macro_sheet, chart, vb_module, other };
    std::string name;
    SheetState state = SheetState::visible;
    Kind kind = Kind::worksheet;
    std::size_t bof_offset = 0;  // stream offset of the sheet's BOF record
};

// The part of an XF record that reaches the model.
struct XlsCellFormat {
    std::uint16_t font = 0;
    std::uint16_t number_format = 0;
    bool wrap = false;
    int fill_index = -1;  // palette index of a solid fill, -1 when none
};

struct XlsGlobals {
    BiffVersion version = BiffVersion::biff8;
    bool date1904 = false;
    std::unique_ptr<CodePage> code_page = std::make_unique<CodePage>(1252);
    // Set by a FILEPASS record: everything after it is encrypted.
    bool encrypted = false;
    std::size_t filepass_offset = 0;
    // BIFF2-BIFF4 files hold one worksheet and no globals substream: `sheets` is empty and the
    // worksheet starts at offset 0.
    bool single_sheet = false;
    std::vector<XlsSheetEntry> sheets;
    std::vector<std::string> shared_strings;
    std::vector<bool> font_bold;
    std::vector<XlsCellFormat> cell_formats;
    std::unordered_map<std::uint16_t, std::string> number_formats;
    std::size_t end = 0;  // stream offset just after the globals' EOF record
    // What could not be read, as sentences for diagnostics: the first kMaxProblems, then
    // only a count, so a stream of damaged records cannot fill memory with messages.
    static constexpr std::size_t kMaxProblems = 20;
    std::vector<std::string> problems;
    std::size_t problems_not_listed = 0;
    void add_problem(std::string problem);
};

// Reads the globals substream at the start of `stream`. `book_stream` says the stream was
// named Book (BIFF5) rather than Workbook (BIFF8), for BOF records that state no version.
// Throws ReadError when the stream does not start with a BOF record, or is a BIFF2 or
// BIFF4 workbook-bundle file, which are not read.
XlsGlobals read_xls_globals(std::string_view stream, bool book_stream);

}  // namespace kpimap::detail
