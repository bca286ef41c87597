#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>

#include "core/utf8.hpp"
#include "formats/diagnostic_log.hpp"
#include "formats/read_budget.hpp"
#include "formats/readers.hpp"
#include "formats/zip/zip_package.hpp"
#include "kpimap/reader.hpp"

namespace kpimap {

const char* detected_format_name(DetectedFormat format) noexcept {
    switch (format) {
        case DetectedFormat::unknown:
            return "unknown";
        case DetectedFormat::xlsx:
            return "xlsx";
        case DetectedFormat::ods:
            return "ods";
        case DetectedFormat::xls:
            return "xls";
        case DetectedFormat::csv:
            return "csv";
        case DetectedFormat::encrypted_ooxml:
            return "encrypted_ooxml";
        case DetectedFormat::other_zip:
            return "other_zip";
        case DetectedFormat::other_ole:
            return "other_ole";
        case DetectedFormat::xlsb:
            return "xlsb";
        case DetectedFormat::damaged_zip:
            return "damaged_zip";
    }
    return "unknown";
}

namespace {

constexpr unsigned char kOleMagic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

// True when `haystack` contains `name` encoded as UTF-16LE and followed by its terminating
// zero, as OLE directory entries hold names; ASCII case is ignored ("WORKBOOK", "BOOK").
bool contains_utf16_name(const std::string& haystack, std::string_view name) {
    const std::size_t length = 2 * name.size() + 2;
    for (std::size_t at = 0; at + length <= haystack.size(); at += 2) {
        bool match = true;
        for (std::size_t i = 0; i < name.size() && match; ++i) {
            const char c = haystack[at + 2 * i];
            match = haystack[at + 2 * i + 1] == '\0' &&
                    std::tolower(static_cast<unsigned char>(c)) ==
                        std::tolower(static_cast<unsigned char>(name[i]));
        }
        if (match && haystack[at + length - 2] == '\0' && haystack[at + length - 1] == '\0')
            return true;
    }
    return false;
}

// True for a bare BIFF2-BIFF4 record stream (Excel 2, 3 and 4 saved worksheets without an OLE
// container): a BOF record of 4 to 16 bytes at the start.
bool is_bare_biff(const std::string& head) {
    if (head.size() < 8) return false;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
    return byte(0) == 0x09 && (byte(1) == 0x00 || byte(1) == 0x02 || byte(1) == 0x04) &&
           byte(2) >= 4 && byte(2) <= 16 && byte(3) == 0;
}

DetectedFormat detect_zip(const std::string& path) {
    try {
        detail::ZipPackage package(path, ReadLimits{});
        // A part that two entries share cannot be read, but its presence still tells the
        // format; the reader then refuses the duplicate with its name.
        auto read = [&](std::string_view name) -> std::optional<std::string> {
            if (package.is_ambiguous(name)) return std::string("ambiguous");
            return package.read_if_present(name);
        };
        if (auto mimetype = read("mimetype")) {
            if (mimetype->starts_with("application/vnd.oasis.opendocument.spreadsheet") ||
                package.is_ambiguous("mimetype"))
                return DetectedFormat::ods;
            return DetectedFormat::other_zip;
        }
        if (package.contains("xl/workbook.bin")) return DetectedFormat::xlsb;
        for (const std::string& name : package.names()) {
            const std::string n = detail::ZipPackage::normalise(name);
            if (n.starts_with("xl/") && n.ends_with("workbook.xml")) return DetectedFormat::xlsx;
            if (n == "workbook.xml") return DetectedFormat::xlsx;
        }
        // Packages whose workbook part has an unusual name: trust the relationships.
        if (auto rels = read("_rels/.rels")) {
            if (rels->find("officeDocument") != std::string::npos &&
                (rels->find("spreadsheetml") != std::string::npos ||
                 rels->find("orkbook") != std::string::npos))
                return DetectedFormat::xlsx;
        }
        if (auto types = read("[Content_Types].xml")) {
            if (types->find("spreadsheetml.sheet") != std::string::npos ||
                types->find("ms-excel.sheet") != std::string::npos)
                return DetectedFormat::xlsx;
        }
        return DetectedFormat::other_zip;
    } catch (const ReadError& e) {
        // An encrypted entry stopped detection: the OOXML reader meets it too and reports it.
        if (e.code() == ErrorCode::encrypted) return DetectedFormat::xlsx;
        return DetectedFormat::damaged_zip;
    }
}

bool looks_like_text(const std::string& head) {
    if (head.empty()) return true;
    return std::memchr(head.data(), '\0', head.size()) == nullptr;
}

bool has_binary_spreadsheet_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".ods" || ext == ".xlsb";
}

}  // namespace

DetectedFormat detect_format(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return DetectedFormat::unknown;
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (head.size() >= 4 && head[0] == 'P' && head[1] == 'K' &&
        (head[2] == 3 || head[2] == 5 || head[2] == 7) &&
        (head[3] == 4 || head[3] == 6 || head[3] == 8))
        return detect_zip(path);
    if (head.size() >= 8 && std::memcmp(head.data(), kOleMagic, 8) == 0) {
        // Directory entries (UTF-16LE names) usually sit after the header; read the whole
        // file, which for an OLE container is bounded by what the file system holds.
        std::string all = head;
        std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        all += rest;
        if (contains_utf16_name(all, "EncryptedPackage") ||
            contains_utf16_name(all, "EncryptionInfo"))
            return DetectedFormat::encrypted_ooxml;
        if (contains_utf16_name(all, "Workbook") || contains_utf16_name(all, "Book"))
            return DetectedFormat::xls;
        return DetectedFormat::other_ole;
    }
    if (is_bare_biff(head)) return DetectedFormat::xls;
    if (looks_like_text(head)) return DetectedFormat::csv;
    return DetectedFormat::unknown;
}

std::unique_ptr<FormatReader> make_reader(DetectedFormat format) {
    switch (format) {
        case DetectedFormat::xlsx:
            return detail::make_xlsx_reader();
        case DetectedFormat::xls:
#ifdef KPIMAP_WITH_XLS
            return detail::make_xls_reader();
#else
            return nullptr;
#endif
        case DetectedFormat::ods:
            return detail::make_ods_reader();
        case DetectedFormat::csv:
            return detail::make_csv_reader();
        default:
            return nullptr;
    }
}

namespace {

// Turns a format that has no reader into the error the user should see.
Error refusal(DetectedFormat format, const std::string& path) {
    Error s;
    s.file = path;
    switch (format) {
        case DetectedFormat::encrypted_ooxml:
            s.code = ErrorCode::encrypted;
            s.detail = "the workbook is password-protected (an encrypted OLE package)";
            break;
        case DetectedFormat::xlsb:
            s.code = ErrorCode::unsupported_format;
            s.detail = "binary Excel workbooks (.xlsb) are not read";
            break;
        case DetectedFormat::damaged_zip:
            s.code = ErrorCode::corrupt_zip;
            s.detail = "starts like a ZIP package but the archive is truncated or damaged";
            break;
        case DetectedFormat::other_zip:
            s.code = ErrorCode::not_a_workbook;
            s.detail = "a ZIP package without a spreadsheet (a Word or PowerPoint file?)";
            break;
        case DetectedFormat::xls:
            s.code = ErrorCode::unsupported_format;
            s.detail = "this build of kpimap has no .xls reader (built with KPIMAP_WITH_XLS=OFF)";
            break;
        case DetectedFormat::other_ole:
            s.code = ErrorCode::not_a_workbook;
            s.detail = "an OLE compound file without a workbook stream (a legacy Word file?)";
            break;
        default:
            s.code = ErrorCode::not_a_workbook;
            s.detail = "the content is not a spreadsheet kpimap reads";
            break;
    }
    return s;
}

// Every string a reader produced becomes valid UTF-8: each ill-formed sequence becomes U+FFFD,
// and every cell that held one is reported (folded), so nothing later (JSON, XML, CSV output)
// meets bytes it cannot write. Whatever the format, this is the one place that repairs text.
void repair_text(Workbook& wb) {
    std::vector<bool> repaired(wb.strings.size(), false);
    bool any = false;
    for (std::size_t i = 0; i < wb.strings.size(); ++i)
        if (repair_utf8(wb.strings[i]) > 0) repaired[i] = any = true;
    detail::DiagnosticLog log(wb.diagnostics);
    for (Sheet& sheet : wb.sheets) {
        if (repair_utf8(sheet.name) > 0)
            log.add("sheet name not valid UTF-8",
                    {sheet.name, "", "",
                     "the sheet's name is not valid UTF-8; the bad bytes were replaced with "
                     "U+FFFD"});
        if (!any) continue;
        for (const Row& row : sheet.rows) {
            for (const Cell& cell : row.cells) {
                const bool text = (cell.type == CellType::text || cell.type == CellType::error) &&
                                  cell.text < repaired.size() && repaired[cell.text];
                const bool formula = cell.formula < repaired.size() && repaired[cell.formula];
                if (!text && !formula) continue;
                constexpr std::string_view kind = "text not valid UTF-8";
                if (log.wants(sheet.name, kind))
                    log.add(kind, {sheet.name, to_a1({row.index, cell.col}), "",
                                   fmt::format("the cell's {} is not valid UTF-8 (a damaged file, "
                                               "or text in another encoding); the bad bytes were "
                                               "replaced with U+FFFD",
                                               text ? "text" : "formula")});
                else
                    log.count(sheet.name, "", kind);
            }
        }
    }
    for (CellStyle& style : wb.styles) {
        repair_utf8(style.number_format);
        repair_utf8(style.fill_rgb);
    }
    for (DefinedName& name : wb.names) {
        if (repair_utf8(name.name) + repair_utf8(name.refers_to) > 0)
            log.add("defined name not valid UTF-8",
                    {"", "", "",
                     fmt::format("the defined name '{}' is not valid UTF-8; the bad bytes were "
                                 "replaced with U+FFFD",
                                 name.name)});
    }
    // Diagnostics quote what they found, which may be the bad bytes themselves.
    for (ReadDiagnostic& d : wb.diagnostics) {
        repair_utf8(d.sheet);
        repair_utf8(d.cell);
        repair_utf8(d.part);
        repair_utf8(d.message);
    }
    log.flush();
}

}  // namespace

LoadResult load_workbook(const std::string& path, const ReadOptions& options) {
    LoadResult result;
    result.status.file = path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        result.status.code = ErrorCode::file_not_found;
        result.status.detail = "no such file";
        return result;
    }
    const DetectedFormat format = detect_format(path);
    if (format == DetectedFormat::csv && has_binary_spreadsheet_extension(path)) {
        result.status.code = ErrorCode::not_a_workbook;
        result.status.detail = fmt::format(
            "the file is named {} but holds plain text (CSV?); rename it to .csv if it is one",
            std::filesystem::path(path).extension().string());
        return result;
    }
    std::unique_ptr<FormatReader> reader = make_reader(format);
    if (!reader) {
        result.status = refusal(format, path);
        return result;
    }
    Workbook workbook;
    workbook.source = path;
    try {
        reader->read(path, options, workbook);
        // Readers count as they go; this counts again for any that does not.
        detail::check_read_budget(workbook, options.limits);
        repair_text(workbook);
    } catch (const ReadError& e) {
        result.status.code = e.code();
        result.status.part = e.part();
        result.status.offset = e.offset();
        result.status.detail = e.detail();
        repair_utf8(result.status.part);
        repair_utf8(result.status.detail);
        return result;
    } catch (const std::bad_alloc&) {
        result.status.code = ErrorCode::too_large;
        result.status.detail = "ran out of memory while reading";
        return result;
    } catch (const std::exception& e) {
        result.status.code = ErrorCode::io_error;
        result.status.detail = fmt::format("unexpected failure while reading: {}", e.what());
        return result;
    }
    result.workbook = std::move(workbook);
    return result;
}

}  // namespace kpimap
