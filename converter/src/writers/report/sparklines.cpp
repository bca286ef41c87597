// The Statuses worksheet part, finished after libxlsxwriter has closed the package: Excel 2010
// sparklines (an x14 extension libxlsxwriter 1.1 has no API for) and fixed thresholds for the
// travel-score arrows. Only this one part is rewritten; every other part is kept as written.
#include <fmt/format.h>
#include <zip.h>
#include <zlib.h>

#include <cstring>
#include <memory>

#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

// The rewritten part, deflated here at zlib's fastest level and handed to libzip as already
// compressed data (its stat names the method, sizes and CRC), so libzip copies it as it does the
// untouched parts. libzip 1.7 would otherwise deflate it at level 9, which took longer than
// writing the whole sheet.
struct Deflated {
    std::string data;
    zip_uint64_t size = 0;
    std::uint32_t crc = 0;
    std::size_t offset = 0;
    time_t mtime = 0;
};

bool deflate_fast(const std::string& in, Deflated& out) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    out.data.resize(deflateBound(&z, in.size()));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data.data());
    z.avail_out = static_cast<uInt>(out.data.size());
    const int status = deflate(&z, Z_FINISH);
    out.data.resize(z.total_out);
    deflateEnd(&z);
    out.size = in.size();
    out.crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(in.data()), static_cast<uInt>(in.size())));
    return status == Z_STREAM_END;
}

zip_int64_t deflated_source(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* d = static_cast<Deflated*>(state);
    switch (cmd) {
        case ZIP_SOURCE_OPEN:
            d->offset = 0;
            return 0;
        case ZIP_SOURCE_READ: {
            const std::size_t n = std::min<std::size_t>(len, d->data.size() - d->offset);
            std::memcpy(data, d->data.data() + d->offset, n);
            d->offset += n;
            return static_cast<zip_int64_t>(n);
        }
        case ZIP_SOURCE_CLOSE:
            return 0;
        case ZIP_SOURCE_STAT: {
            auto* st = static_cast<zip_stat_t*>(data);
            zip_stat_init(st);
            st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
                        ZIP_STAT_MTIME;
            st->size = d->size;
            st->comp_size = d->data.size();
            st->comp_method = ZIP_CM_DEFLATE;
            st->crc = d->crc;
            st->mtime = d->mtime;
            return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_ERROR:
            return 2 * sizeof(int);
        case ZIP_SOURCE_FREE:
            return 0;
        case ZIP_SOURCE_SUPPORTS:
            return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
                                                  ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                  ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
        default:
            return -1;
    }
}

// The extLst holding one sparkline group: a line per row, markers on, gaps for blanks, and
// hidden cells plotted (the data columns are hidden).
std::string sparkline_ext(const Context& cx) {
    std::string out =
        "<extLst><ext uri=\"{05C60535-1F16-4fd2-B633-F4F36F0B64E0}\" "
        "xmlns:x14=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\">"
        "<x14:sparklineGroups "
        "xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\">"
        "<x14:sparklineGroup displayEmptyCellsAs=\"gap\" markers=\"1\" displayHidden=\"1\">"
        "<x14:colorSeries rgb=\"FF1F3864\"/><x14:colorNegative rgb=\"FFC00000\"/>"
        "<x14:colorAxis rgb=\"FF000000\"/><x14:colorMarkers rgb=\"FF1F3864\"/>"
        "<x14:colorFirst rgb=\"FF1F3864\"/><x14:colorLast rgb=\"FFC00000\"/>"
        "<x14:colorHigh rgb=\"FF1F3864\"/><x14:colorLow rgb=\"FF1F3864\"/>"
        "<x14:sparklines>";
    char data[64], cell[16];
    for (const Context::Sparkline& s : cx.sparklines) {
        lxw_rowcol_to_range(data, s.row, s.first, s.row, s.last);
        lxw_rowcol_to_cell(cell, s.row, cx.sparkline_col);
        out += fmt::format(
            "<x14:sparkline><xm:f>Statuses!{}</xm:f><xm:sqref>{}</xm:sqref>"
            "</x14:sparkline>",
            data, cell);
    }
    out += "</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>";
    return out;
}

}  // namespace

std::string add_sparklines(const std::string& path, const Context& cx) {
    int error = 0;
    std::unique_ptr<zip_t, ZipCloser> zip(zip_open(path.c_str(), 0, &error));
    if (!zip) return fmt::format("cannot reopen the written workbook (libzip error {})", error);
    const zip_int64_t index = zip_name_locate(zip.get(), cx.statuses_sheet_xml.c_str(), 0);
    zip_stat_t stat;
    if (index < 0 || zip_stat_index(zip.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0)
        return fmt::format("the written workbook has no part {}", cx.statuses_sheet_xml);
    std::string xml(static_cast<std::size_t>(stat.size), '\0');
    zip_file_t* file = zip_fopen_index(zip.get(), static_cast<zip_uint64_t>(index), 0);
    if (!file) return "cannot read back the Statuses sheet";
    const zip_int64_t got = zip_fread(file, xml.data(), xml.size());
    zip_fclose(file);
    if (got != static_cast<zip_int64_t>(xml.size())) return "cannot read back the Statuses sheet";

    bool changed = false;
    // Arrow thresholds as numbers: score >= 1 up, >= 0 sideways, else down.
    const std::string percent =
        "<cfvo type=\"percent\" val=\"0\"/><cfvo type=\"percent\" val=\"33\"/>"
        "<cfvo type=\"percent\" val=\"67\"/>";
    if (auto at = xml.find(percent); at != std::string::npos) {
        xml.replace(at, percent.size(),
                    "<cfvo type=\"num\" val=\"-1\"/><cfvo type=\"num\" val=\"0\"/>"
                    "<cfvo type=\"num\" val=\"1\"/>");
        changed = true;
    }
    if (!cx.sparklines.empty()) {
        const auto end = xml.rfind("</worksheet>");
        if (end == std::string::npos || xml.find("<extLst>") != std::string::npos)
            return "the Statuses sheet is not laid out as expected for sparklines";
        xml.insert(end, sparkline_ext(cx));
        changed = true;
    }
    if (!changed) return "";
    Deflated deflated;
    deflated.mtime = static_cast<time_t>(cx.options.created);
    if (!deflate_fast(xml, deflated)) return "cannot compress the Statuses sheet";
    zip_source_t* source = zip_source_function(zip.get(), deflated_source, &deflated);
    if (!source || zip_file_replace(zip.get(), static_cast<zip_uint64_t>(index), source, 0) != 0) {
        if (source) zip_source_free(source);
        return fmt::format("cannot rewrite the Statuses sheet ({})", zip_strerror(zip.get()));
    }
    zip_set_file_compression(zip.get(), static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
    // The same time as the document properties, so the same inputs give the same bytes.
    zip_file_set_mtime(zip.get(), static_cast<zip_uint64_t>(index),
                       static_cast<time_t>(cx.options.created), 0);
    if (zip_close(zip.get()) != 0)
        return fmt::format("cannot save the workbook after adding sparklines ({})",
                           zip_strerror(zip.get()));
    zip.release();
    return "";
}

}  // namespace kpimap::report
