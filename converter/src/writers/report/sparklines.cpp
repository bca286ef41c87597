// The Statuses worksheet part, finished after libxlsxwriter has closed the package: Excel 2010
// sparklines (an x14 extension libxlsxwriter 1.1 has no API for) and fixed thresholds for the
// travel-score arrows. Only this one part is rewritten; every other part is kept as written.
#include <fmt/format.h>
#include <zip.h>
#include <zlib.h>

#include <memory>

#include "formats/zip/zip_deflated_source.hpp"
#include "report_sheets.hpp"

namespace kpimap::report {

namespace {

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

// Text for an XML element's content.
std::string xml_escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
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
            "<x14:sparkline><xm:f>{}!{}</xm:f><xm:sqref>{}</xm:sqref>"
            "</x14:sparkline>",
            xml_escaped(sheet_reference(cx.sheet_name("Statuses"))), data, cell);
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
    // Deflated here at zlib's fastest level: libzip would take longer at level 9 than writing
    // the whole sheet took.
    zip_source_t* source = detail::make_deflated_source(zip.get(), xml, Z_BEST_SPEED,
                                                        static_cast<time_t>(cx.options.created));
    if (!source) return "cannot compress the Statuses sheet";
    if (zip_file_replace(zip.get(), static_cast<zip_uint64_t>(index), source, 0) != 0) {
        zip_source_free(source);
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
