#include "formats/xls/xls_globals.hpp"

#include <fmt/format.h>

#include "kpimap/error.hpp"

namespace kpimap::detail {

namespace {

constexpr std::uint16_t kBofGlobals = 0x0005, kBofWorksheet = 0x0010, kBofBundle = 0x0100;

BiffVersion version_of(const BiffRecord& bof, bool book_stream) {
    if (bof.type == biff::kBof3) return BiffVersion::biff3;
    if (bof.type == biff::kBof4) return BiffVersion::biff4;
    switch (bof.u16(0)) {
        case 0x0600:
            return BiffVersion::biff8;
        case 0x0500:
            return BiffVersion::biff5;
        default:
            // Some writers leave the version 0; the stream name says which Excel wrote it.
            return book_stream ? BiffVersion::biff5 : BiffVersion::biff8;
    }
}

XlsSheetEntry::Kind sheet_kind(std::uint8_t dt) {
    switch (dt) {
        case 0:
            return XlsSheetEntry::Kind::worksheet;
        case 1:
            return XlsSheetEntry::Kind::macro_sheet;
        case 2:
            return XlsSheetEntry::Kind::chart;
        case 6:
            return XlsSheetEntry::Kind::vb_module;
        default:
            return XlsSheetEntry::Kind::other;
    }
}

XlsCellFormat read_xf(const BiffRecord& r, BiffVersion version) {
    XlsCellFormat xf;
    switch (version) {
        case BiffVersion::biff8:
            xf.font = r.u16(0);
            xf.number_format = r.u16(2);
            xf.wrap = r.u8(6) & 0x08;
            // fls (fill pattern) is bits 26-31 of the dword at 14; 1 is a solid fill.
            if (r.body.size() >= 20 && (r.u32(14) >> 26) == 1) xf.fill_index = r.u16(18) & 0x7F;
            break;
        case BiffVersion::biff5:
            xf.font = r.u16(0);
            xf.number_format = r.u16(2);
            xf.wrap = r.u8(6) & 0x08;
            if (r.body.size() >= 12 && ((r.u32(8) >> 16) & 0x3F) == 1)
                xf.fill_index = static_cast<int>(r.u32(8) & 0x7F);
            break;
        case BiffVersion::biff4:
        case BiffVersion::biff3:
            xf.font = r.u8(0);
            xf.number_format = r.u8(1);
            xf.wrap = (version == BiffVersion::biff4 ? r.u8(4) : r.u16(4)) & 0x08;
            if (r.body.size() >= 8 && (r.u16(6) & 0x3F) == 1)
                xf.fill_index = (r.u16(6) >> 6) & 0x1F;
            break;
    }
    return xf;
}

void read_shared_strings(const BiffRecord& sst, BiffCursor& cursor, XlsGlobals& g) {
    ContinuedReader in(sst, cursor);
    std::uint32_t unique = 0;
    try {
        in.u32();  // total references
        unique = in.u32();
        // Every string takes at least three bytes, so the stream bounds what is reserved.
        g.shared_strings.reserve(std::min<std::size_t>(unique, sst.body.size() / 3 + 1));
        while (g.shared_strings.size() < unique && !in.at_end())
            g.shared_strings.push_back(in.rich_string());
    } catch (const BiffError& e) {
        g.add_problem(
            fmt::format("the shared string table is cut short at byte {} ({}): "
                        "{} of {} strings read",
                        e.offset, e.what, g.shared_strings.size(), unique));
        return;
    }
    if (g.shared_strings.size() < unique) {
        g.add_problem(
            fmt::format("the shared string table declares {} strings but holds "
                        "{}",
                        unique, g.shared_strings.size()));
    }
}

}  // namespace

void XlsGlobals::add_problem(std::string problem) {
    if (problems.size() < kMaxProblems)
        problems.push_back(std::move(problem));
    else
        ++problems_not_listed;
}

XlsGlobals read_xls_globals(std::string_view stream, bool book_stream) {
    const std::string part = book_stream ? "Book" : "Workbook";
    XlsGlobals g;
    BiffCursor cursor(stream, 0);
    const std::optional<BiffRecord> bof = cursor.next();
    if (!bof || !is_bof(bof->type)) {
        throw ReadError(ErrorCode::not_a_workbook, part,
                        "the workbook stream does not start with a BIFF BOF record", 0);
    }
    if (bof->type == biff::kBof2) {
        throw ReadError(ErrorCode::unsupported_format, part,
                        "an Excel 2.x worksheet (BIFF2), which kpimap does not read", 0);
    }
    try {
        g.version = version_of(*bof, book_stream);
        const std::uint16_t kind = bof->body.size() >= 4 ? bof->u16(2) : kBofGlobals;
        if (kind == kBofBundle) {
            throw ReadError(ErrorCode::unsupported_format, part,
                            "an Excel 4.0 workbook (BIFF4W bundle), which kpimap does not read", 0);
        }
        g.single_sheet = g.version <= BiffVersion::biff4 || kind == kBofWorksheet;
    } catch (const BiffError& e) {
        throw ReadError(ErrorCode::not_a_workbook, part,
                        fmt::format("the BOF record is damaged: {}", e.what), 0);
    }

    std::uint16_t format_count = 0;  // BIFF3/BIFF4 number formats are numbered by position
    int depth = 1;
    while (std::optional<BiffRecord> r = cursor.next()) {
        try {
            if (is_bof(r->type)) {
                ++depth;  // an embedded substream (a chart inside a BIFF4 worksheet)
                continue;
            }
            if (r->type == biff::kEof) {
                if (--depth == 0) break;
                continue;
            }
            if (depth != 1) continue;
            switch (r->type) {
                case biff::kFilePass:
                    g.encrypted = true;
                    g.filepass_offset = r->offset;
                    g.end = cursor.position();
                    return g;
                case biff::kCodePage: {
                    g.code_page = std::make_unique<CodePage>(r->u16(0));
                    if (g.code_page->fallback()) {
                        g.add_problem(
                            fmt::format("the workbook's code page {} is not "
                                        "known; its 8-bit text is read as "
                                        "Windows-1252",
                                        r->u16(0)));
                    }
                    break;
                }
                case biff::kDateMode:
                    g.date1904 = r->u16(0) == 1;
                    break;
                case biff::kBoundSheet: {
                    if (g.single_sheet) break;
                    XlsSheetEntry s;
                    s.bof_offset = r->u32(0);
                    const unsigned state = r->u8(4) & 0x03;
                    s.state = state == 1   ? SheetState::hidden
                              : state == 0 ? SheetState::visible
                                           : SheetState::very_hidden;
                    s.kind = sheet_kind(r->u8(5));
                    std::size_t at = 6;
                    s.name = record_string(*r, at, g.version, 1, *g.code_page);
                    g.sheets.push_back(std::move(s));
                    break;
                }
                case biff::kSst:
                    if (g.version == BiffVersion::biff8) read_shared_strings(*r, cursor, g);
                    break;
                case biff::kFont:
                    g.font_bold.push_back(g.version >= BiffVersion::biff5 ? r->u16(6) >= 700
                                                                          : r->u16(2) & 0x01);
                    break;
                case biff::kFont34:
                    g.font_bold.push_back(r->u16(2) & 0x01);
                    break;
                case biff::kFormat: {
                    std::size_t at = 2;
                    if (g.version == BiffVersion::biff8) {
                        const std::uint16_t id = r->u16(0);
                        g.number_formats[id] = record_string(*r, at, g.version, 2, *g.code_page);
                    } else if (g.version == BiffVersion::biff5) {
                        const std::uint16_t id = r->u16(0);
                        g.number_formats[id] = record_string(*r, at, g.version, 1, *g.code_page);
                    } else {
                        g.number_formats[format_count++] =
                            record_string(*r, at, g.version, 1, *g.code_page);
                    }
                    break;
                }
                case biff::kFormat23: {
                    std::size_t at = 0;
                    g.number_formats[format_count++] =
                        record_string(*r, at, g.version, 1, *g.code_page);
                    break;
                }
                case biff::kXf:
                    if (g.version >= BiffVersion::biff5)
                        g.cell_formats.push_back(read_xf(*r, g.version));
                    break;
                case biff::kXf3:
                case biff::kXf4:
                    if (g.version <= BiffVersion::biff4)
                        g.cell_formats.push_back(read_xf(*r, g.version));
                    break;
                default:
                    break;
            }
        } catch (const BiffError& e) {
            g.add_problem(fmt::format("record {:#06x} at byte {} is damaged ({}); skipped", r->type,
                                      e.offset, e.what));
        }
    }
    if (cursor.truncated())
        g.add_problem(
            fmt::format("the workbook stream is cut short at byte {}", cursor.position()));
    g.end = cursor.position();
    return g;
}

}  // namespace kpimap::detail
