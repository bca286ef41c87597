// Legacy .xls reader: BIFF8 (Excel 97-2003), BIFF5/7 (Excel 5/95) in an OLE2 compound file,
// and the single-sheet BIFF3/BIFF4 files of Excel 3 and 4.
//
// The compound file is opened through the CompoundFile interface (formats/ole/); the BIFF
// records are parsed here, every field length-checked (BiffRecord), so a damaged record costs
// that record and a diagnostic, never a crash. Formula cells keep their cached result; the
// formula text (a BIFF token stream) is not decoded, and a diagnostic says so per sheet.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "formats/ole/compound_file.hpp"
#include "formats/readers.hpp"
#include "formats/xls/xls_globals.hpp"
#include "formats/xls/xls_worksheet.hpp"

namespace kpimap::detail {

namespace {

// Reads the whole file: an .xls is parsed in memory, and its size is bounded by the limit on
// one part's bytes.
std::string read_file(const std::string& path, std::uint64_t limit) {
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec)
        throw ReadError(ErrorCode::io_error, "",
                        fmt::format("cannot read the file ({})", ec.message()));
    if (size > limit) {
        throw ReadError(ErrorCode::too_large, "",
                        fmt::format("the file has {} bytes, more than the limit of {} bytes for "
                                    "one part",
                                    size, limit));
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (!in && !in.eof()) throw ReadError(ErrorCode::io_error, "", "the file could not be read");
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

struct WorkbookStream {
    std::string bytes;
    std::string part;  // the stream's name, "" for a bare BIFF file
};

WorkbookStream workbook_stream(const std::string& file, const ReadOptions& options, Workbook& wb) {
    // Detection sent a file without the compound file signature here because it starts with
    // a BIFF3/BIFF4 BOF record: Excel 3 and 4 saved a worksheet as a bare record stream.
    if (!has_compound_file_signature(file)) return {file, ""};
    std::unique_ptr<CompoundFile> cfb = open_compound_file(file);
    for (const char* name : {"Workbook", "Book"}) {
        std::optional<OleStream> stream =
            cfb->read_root_stream(name, options.limits.max_part_uncompressed);
        if (!stream) continue;
        if (stream->truncated) wb.diagnostics.push_back({"", "", name, stream->problem});
        return {std::move(stream->bytes), name};
    }
    std::string names;
    for (const std::string& n : cfb->root_streams()) names += (names.empty() ? "" : ", ") + n;
    throw ReadError(ErrorCode::not_a_workbook, "",
                    fmt::format("the OLE compound file holds no Workbook or Book stream (its "
                                "streams: {})",
                                names.empty() ? "none" : names));
}

// Stream offsets of the substreams after the globals, in order: where each BOUNDSHEET's sheet
// is when its own offset does not point at a BOF record.
std::vector<std::size_t> substream_offsets(std::string_view stream, std::size_t from) {
    std::vector<std::size_t> offsets;
    BiffCursor cursor(stream, from);
    int depth = 0;
    while (std::optional<BiffRecord> r = cursor.next()) {
        if (is_bof(r->type)) {
            if (depth++ == 0) offsets.push_back(r->offset);
        } else if (r->type == biff::kEof && depth > 0) {
            --depth;
        }
    }
    return offsets;
}

bool bof_at(std::string_view stream, std::size_t offset) {
    std::optional<BiffRecord> r = BiffCursor(stream, offset).peek();
    return r && is_bof(r->type);
}

// False for the substreams of chart sheets and Visual Basic modules, which hold no cells. The
// substream's own BOF decides, not the BOUNDSHEET record: LibreOffice reads the cells of a
// worksheet substream that its BOUNDSHEET calls a chart.
bool holds_cells(std::string_view stream, std::size_t offset) {
    constexpr std::uint16_t kChart = 0x0020, kVbModule = 0x0006;
    std::optional<BiffRecord> bof = BiffCursor(stream, offset).peek();
    if (!bof || bof->body.size() < 4) return true;
    const std::uint16_t kind = bof->u16(2);
    return kind != kChart && kind != kVbModule;
}

// "Sheet<n>" for a sheet with no name, n its position unless another sheet has that name.
std::string unused_name(const Workbook& wb, std::size_t index) {
    for (std::size_t n = index + 1;; ++n) {
        std::string name = fmt::format("Sheet{}", n);
        if (!wb.find_sheet(name)) return name;
    }
}

class XlsReader final : public FormatReader {
public:
    void read(const std::string& path, const ReadOptions& options, Workbook& wb) override {
        wb.format = SourceFormat::xls;
        const std::string file = read_file(path, options.limits.max_part_uncompressed);
        const WorkbookStream stream = workbook_stream(file, options, wb);
        const std::string part = stream.part.empty() ? "BIFF stream" : stream.part;
        XlsGlobals globals = read_xls_globals(stream.bytes, stream.part == "Book");
        if (globals.encrypted) {
            throw ReadError(ErrorCode::encrypted, part,
                            "the workbook is password-protected (a FILEPASS record); kpimap "
                            "does not decrypt .xls files",
                            static_cast<std::int64_t>(globals.filepass_offset));
        }
        wb.date1904 = globals.date1904;
        for (const std::string& problem : globals.problems)
            wb.diagnostics.push_back({"", "", part, problem});
        if (globals.problems_not_listed > 0) {
            wb.diagnostics.push_back({"", "", part,
                                      fmt::format("{} more problems like the ones above were "
                                                  "not listed",
                                                  globals.problems_not_listed)});
        }
        XlsBook book(globals, wb, options, part);

        if (globals.single_sheet) {
            Sheet sheet;
            // Excel names the one sheet of an Excel 3/4 file after the file.
            sheet.name = std::filesystem::path(path).stem().string();
            if (!options.only_sheet || *options.only_sheet == sheet.name)
                read_xls_worksheet(stream.bytes, 0, book, sheet);
            wb.sheets.push_back(std::move(sheet));
            return;
        }

        if (globals.sheets.empty()) {
            throw ReadError(ErrorCode::not_a_workbook, part,
                            fmt::format("the workbook lists no sheets (no BOUNDSHEET record before "
                                        "byte {}); the file is damaged",
                                        globals.end),
                            static_cast<std::int64_t>(globals.end));
        }
        std::optional<std::vector<std::size_t>> in_order;  // computed when first needed
        std::set<std::size_t> read_offsets;
        for (std::size_t index = 0; index < globals.sheets.size(); ++index) {
            const XlsSheetEntry& entry = globals.sheets[index];
            if (entry.kind == XlsSheetEntry::Kind::vb_module) continue;  // code, not cells
            Sheet sheet;
            sheet.name = entry.name;
            sheet.state = entry.state;
            if (sheet.name.empty()) {
                sheet.name = unused_name(wb, index);
                wb.diagnostics.push_back({sheet.name, "", part,
                                          fmt::format("the sheet has no name; it is called '{}' "
                                                      "here",
                                                      sheet.name)});
            }
            if (!options.only_sheet || *options.only_sheet == sheet.name) {
                std::optional<std::size_t> offset;
                if (bof_at(stream.bytes, entry.bof_offset)) {
                    offset = entry.bof_offset;
                } else {
                    if (!in_order) in_order = substream_offsets(stream.bytes, globals.end);
                    if (index < in_order->size()) offset = (*in_order)[index];
                }
                if (!offset) {
                    wb.diagnostics.push_back(
                        {sheet.name, "", part,
                         fmt::format("the sheet's records are not where the workbook says (byte "
                                     "{}) nor anywhere after it; the sheet is listed with no "
                                     "cells",
                                     entry.bof_offset)});
                } else if (!holds_cells(stream.bytes, *offset)) {
                    // A chart sheet: listed, like the .xlsx reader lists chartsheets.
                } else if (!read_offsets.insert(*offset).second) {
                    wb.diagnostics.push_back(
                        {sheet.name, "", part,
                         fmt::format("the sheet points at the records of an earlier sheet (byte "
                                     "{}); it is listed with no cells",
                                     *offset)});
                } else {
                    read_xls_worksheet(stream.bytes, *offset, book, sheet);
                }
            }
            wb.sheets.push_back(std::move(sheet));
        }
    }
};

}  // namespace

std::unique_ptr<FormatReader> make_xls_reader() {
    return std::make_unique<XlsReader>();
}

}  // namespace kpimap::detail
