// Reading workbooks: format detection by content, limits against hostile input, and the
// small interface each format reader implements.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kpimap/error.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap {

// Limits that bound memory and time on hostile input (docs/reader.md says why each default).
// The largest real workbooks we know inflate to a few hundred MB at ratios under 100, hold
// under 300,000 cells and need under 25 MiB as a model; every default is at least ten times
// that, and low enough that no file can take a reader past about 400 MB.
struct ReadLimits {
    std::uint64_t max_total_uncompressed = 4ull << 30;  // bytes inflated across all parts
    std::uint64_t max_part_uncompressed = 2ull << 30;   // bytes inflated from one part
    double max_compression_ratio = 1000.0;              // inflated / compressed, per part
    std::uint64_t ratio_grace_bytes = 16ull << 20;      // ratio checked only past this size
    std::uint64_t max_cells = 50'000'000;               // stored non-empty cells, all sheets
    // The model's size: 24 bytes a stored cell plus the bytes of its text and formula, a
    // shared string counted for every cell that uses it (every later stage copies it per
    // cell), plus what a reader holds whole (shared strings, an .ods content.xml, a CSV).
    std::uint64_t max_model_bytes = 256ull << 20;
    // XML held at once while a sheet streams: one row or shared string, the parts of a
    // worksheet outside <sheetData>, or a whole UTF-16 part.
    std::uint64_t max_xml_buffer = 64ull << 20;
};

struct ReadOptions {
    ReadLimits limits;
    // Read only this sheet (by name) when set; other sheets are listed with no cells.
    std::optional<std::string> only_sheet;
    // Skip visible styles (bold, fill, wrap); number formats are still read so dates are
    // recognised.
    bool skip_styles = false;
    // Scan plain .xlsx rows directly instead of through a DOM (same result, faster). Off only
    // in tests that check the two paths agree.
    bool fast_sheet_scan = true;
};

// What the content of a file looks like, decided from its bytes, not its name.
enum class DetectedFormat : std::uint8_t {
    unknown,
    xlsx,             // ZIP with an OOXML workbook (transitional or strict, .xlsx/.xlsm)
    ods,              // ZIP with an OpenDocument spreadsheet
    xls,              // OLE compound file with a BIFF workbook stream
    csv,              // text
    encrypted_ooxml,  // OLE compound file holding an EncryptedPackage
    other_zip,        // ZIP but not a spreadsheet (e.g. .docx, .pptx)
    other_ole,        // OLE compound file but not a workbook (e.g. .doc)
    xlsb,             // binary Excel workbook: recognised, not read
    damaged_zip,      // starts like a ZIP but the archive cannot be opened
};

// Short name of a detected format ("xlsx", "encrypted_ooxml", ...).
const char* detected_format_name(DetectedFormat format) noexcept;

// Decides the format from the first bytes and, for containers, the directory of parts.
// Never throws; `unknown` when the file cannot be opened or matches nothing.
DetectedFormat detect_format(const std::string& path);

// The interface every format reader implements; one instance reads one file.
class FormatReader {
public:
    virtual ~FormatReader() = default;
    // Reads the whole file into `out`. Throws ReadError; never prints or exits.
    virtual void read(const std::string& path, const ReadOptions& options, Workbook& out) = 0;
};

// The reader for a detected format; nullptr for formats that are not read.
std::unique_ptr<FormatReader> make_reader(DetectedFormat format);

// Result of load_workbook: a workbook on success, otherwise a status naming the problem.
struct LoadResult {
    Error status;
    std::optional<Workbook> workbook;
    explicit operator bool() const noexcept { return static_cast<bool>(status); }
};

// Detects the format of `path` and reads it. Never throws for bad input; the status says
// what went wrong, where, and error_code_hint() says what to do.
LoadResult load_workbook(const std::string& path, const ReadOptions& options = {});

}  // namespace kpimap
