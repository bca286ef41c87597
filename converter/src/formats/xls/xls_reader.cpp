// Legacy .xls (BIFF5/BIFF8) reader.
//
// Cell values come from libfreexl. freexl 1.0.x does not expose sheet visibility, merged
// ranges, cell formats, and it skips FORMULA records entirely (a =SUM(...) cell would vanish).
// A small BIFF scanner below walks the same Workbook stream for exactly those records, so
// nothing is dropped: formula cells keep their cached result (not the formula text: decoding
// BIFF token streams is out of scope), sheets keep their hidden state, and cells get number
// formats, bold, wrap and solid fills. When the scanner cannot read the container, the freexl
// values are kept and a diagnostic says what is missing.
#include <fmt/format.h>
#include <freexl.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <unordered_map>
#include <vector>

#include "core/number_format.hpp"
#include "core/utf8.hpp"
#include "formats/readers.hpp"

namespace kpimap::detail {

namespace {

constexpr const char* kStream = "Workbook";
constexpr std::uint32_t kBiffMaxRows = 65536;  // BIFF8; BIFF5 has 16384
constexpr std::uint32_t kBiffMaxColumns = 256;
constexpr double kDays1904 = 1462;  // 1904-01-01 minus 1900-01-00 in serial days

// Thrown by the scanner; turned into a diagnostic, never into a failed read.
struct ScanError {
    std::string what;
};

std::uint16_t u16(std::string_view d, std::size_t off) {
    if (off + 2 > d.size()) throw ScanError{"record shorter than its fields"};
    return static_cast<std::uint16_t>(static_cast<unsigned char>(d[off]) |
                                      static_cast<unsigned char>(d[off + 1]) << 8);
}

std::uint32_t u32(std::string_view d, std::size_t off) {
    if (off + 4 > d.size()) throw ScanError{"record shorter than its fields"};
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(d[off + i]);
    return v;
}

double f64(std::string_view d, std::size_t off) {
    if (off + 8 > d.size()) throw ScanError{"record shorter than its fields"};
    double v;
    std::memcpy(&v, d.data() + off, 8);  // BIFF is little-endian, as are the hosts we build on
    return v;
}

// BIFF8 character data: 8-bit "compressed" (Latin-1) or UTF-16LE.
std::string decode_chars(std::string_view d, std::size_t off, std::size_t count, bool wide) {
    std::string out;
    if (wide) {
        for (std::size_t i = 0; i < count && off + 2 * i + 1 < d.size(); ++i) {
            std::uint32_t cp = u16(d, off + 2 * i);
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < count && off + 2 * i + 3 < d.size()) {
                const std::uint32_t lo = u16(d, off + 2 * i + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    ++i;
                }
            }
            append_utf8(out, cp);
        }
    } else {
        for (std::size_t i = 0; i < count && off + i < d.size(); ++i)
            append_utf8(out, static_cast<unsigned char>(d[off + i]));
    }
    return out;
}

// XLUnicodeString (BIFF8) with a 1- or 2-byte length; 8-bit bytes for BIFF5.
std::string read_string(std::string_view d, std::size_t off, bool biff8, int length_bytes) {
    const std::size_t count =
        length_bytes == 1 ? static_cast<unsigned char>(d.at(off)) : u16(d, off);
    off += length_bytes;
    if (!biff8) return decode_chars(d, off, count, false);
    const unsigned char flags = static_cast<unsigned char>(d.at(off++));
    if (flags & 0x08) off += 2;  // rich-text run count
    if (flags & 0x04) off += 4;  // phonetic data size
    return decode_chars(d, off, count, flags & 0x01);
}

// Reads streams out of an OLE compound file (MS-CFB), with every chain bounded.
class CompoundFile {
public:
    explicit CompoundFile(std::string_view data) : data_(data) {
        if (data.size() < 512) throw ScanError{"compound file header is truncated"};
        const unsigned shift = u16(data, 0x1E);
        const unsigned mini_shift = u16(data, 0x20);
        if (shift != 9 && shift != 12) throw ScanError{"unexpected sector size"};
        if (mini_shift != 6) throw ScanError{"unexpected mini sector size"};
        sector_ = 1u << shift;
        cutoff_ = u32(data, 0x38);
        std::vector<std::uint32_t> fat_sectors;
        for (int i = 0; i < 109; ++i) {
            const std::uint32_t s = u32(data, 0x4C + 4 * i);
            if (s < 0xFFFFFFFA) fat_sectors.push_back(s);
        }
        std::uint32_t difat = u32(data, 0x44);
        for (std::size_t guard = 0; difat < 0xFFFFFFFA && guard < sector_count(); ++guard) {
            const std::string_view s = sector(difat);
            for (std::size_t i = 0; i + 4 < sector_; i += 4) {
                const std::uint32_t v = u32(s, i);
                if (v < 0xFFFFFFFA) fat_sectors.push_back(v);
            }
            difat = u32(s, sector_ - 4);
        }
        for (std::uint32_t s : fat_sectors) {
            if (fat_.size() > sector_count()) break;
            const std::string_view bytes = sector(s);
            for (std::size_t i = 0; i < sector_; i += 4) fat_.push_back(u32(bytes, i));
        }
        directory_ = read_chain(u32(data, 0x30), fat_, sector_, false, UINT64_MAX);
        if (directory_.size() < 128) throw ScanError{"compound file directory is empty"};
        minifat_ = {};
        const std::string minifat_bytes =
            read_chain(u32(data, 0x3C), fat_, sector_, false, UINT64_MAX);
        for (std::size_t i = 0; i + 4 <= minifat_bytes.size(); i += 4)
            minifat_.push_back(u32(minifat_bytes, i));
    }

    // The stream with one of these names (case-insensitive), or nullopt.
    std::optional<std::string> stream(std::initializer_list<std::string_view> names) {
        for (std::size_t off = 0; off + 128 <= directory_.size(); off += 128) {
            const std::string_view entry(directory_.data() + off, 128);
            if (entry[0x42] != 2) continue;  // not a stream
            const std::size_t name_bytes = std::min<std::size_t>(u16(entry, 0x40), 64);
            std::string name;
            for (std::size_t i = 0; i + 2 < name_bytes + 1 && i + 1 < 64; i += 2) {
                const char c = entry[i];
                if (c == 0) break;
                name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            for (std::string_view wanted : names) {
                std::string lower(wanted);
                for (char& c : lower) c = static_cast<char>(std::tolower(c));
                if (name != lower) continue;
                const std::uint32_t start = u32(entry, 0x74);
                const std::uint64_t size = u32(entry, 0x78);  // v3 files keep garbage above
                if (size < cutoff_) {
                    const std::string_view root(directory_.data(), 128);
                    if (ministream_.empty())
                        ministream_ = read_chain(u32(root, 0x74), fat_, sector_, false, UINT64_MAX);
                    return read_chain(start, minifat_, 64, true, size);
                }
                return read_chain(start, fat_, sector_, false, size);
            }
        }
        return std::nullopt;
    }

private:
    std::size_t sector_count() const { return data_.size() / sector_; }

    std::string_view sector(std::uint32_t id) const {
        const std::uint64_t off = (std::uint64_t{id} + 1) * sector_;
        if (off + sector_ > data_.size()) throw ScanError{"sector lies past the end of the file"};
        return data_.substr(off, sector_);
    }

    std::string read_chain(std::uint32_t start, const std::vector<std::uint32_t>& table,
                           std::size_t unit, bool mini, std::uint64_t size) const {
        std::string out;
        std::uint32_t id = start;
        // No honest chain is longer than the container has sectors; a looping one would
        // otherwise copy the same sector until memory runs out.
        const std::size_t max_steps = mini ? ministream_.size() / unit : sector_count();
        for (std::size_t steps = 0; id < 0xFFFFFFFA; ++steps) {
            if (steps >= max_steps) throw ScanError{"sector chain loops or runs past the file"};
            if (mini) {
                const std::uint64_t off = std::uint64_t{id} * unit;
                if (off + unit > ministream_.size()) throw ScanError{"mini sector out of range"};
                out.append(ministream_, off, unit);
            } else {
                out.append(sector(id));
            }
            if (out.size() >= size) break;
            if (id >= table.size()) throw ScanError{"sector chain leaves the allocation table"};
            id = table[id];
        }
        if (size != UINT64_MAX) {
            if (out.size() < size) throw ScanError{"stream is shorter than its directory entry"};
            out.resize(size);
        }
        return out;
    }

    std::string_view data_;
    std::uint32_t sector_ = 512;
    std::uint32_t cutoff_ = 4096;
    std::vector<std::uint32_t> fat_, minifat_;
    std::string directory_, ministream_;
};

struct XfInfo {
    std::uint16_t font = 0;
    std::uint16_t format = 0;
    bool wrap = false;
    int fill_index = -1;  // palette index of a solid fill
};

// What a sheet substream holds beyond what freexl reports.
struct ScannedCell {
    std::uint16_t xf = 0;
    bool has_raw = false;  // NUMBER/RK value, used for exact date serials
    double raw = 0;
    bool formula = false;  // FORMULA record: `type` and the value are the cached result
    CellType type = CellType::empty;
    double number = 0;
    std::string text;
};

struct ScannedSheet {
    std::string name;
    SheetState state = SheetState::visible;
    std::uint8_t kind = 0;  // 0 worksheet, 2 chart, 6 VB module, 1 macro sheet
    std::uint32_t offset = 0;
    std::vector<Range> merged;
    std::unordered_map<std::uint64_t, ScannedCell> cells;
};

struct BiffScan {
    bool biff8 = true;
    bool encrypted = false;
    std::vector<ScannedSheet> sheets;
    std::vector<XfInfo> xfs;
    std::vector<bool> font_bold;
    std::unordered_map<std::uint16_t, std::string> formats;
};

std::uint64_t key(std::uint32_t row, std::uint32_t col) {
    return std::uint64_t{row} << 32 | col;  // 32 bits each: MULRK runs cannot spill into a row
}
std::uint32_t key_row(std::uint64_t k) {
    return static_cast<std::uint32_t>(k >> 32);
}
std::uint32_t key_col(std::uint64_t k) {
    return static_cast<std::uint32_t>(k & 0xFFFFFFFFu);
}

double decode_rk(std::uint32_t rk) {
    double v;
    if (rk & 0x02) {
        v = static_cast<double>(static_cast<std::int32_t>(rk) >> 2);
    } else {
        const std::uint64_t bits = std::uint64_t{rk & 0xFFFFFFFCu} << 32;
        std::memcpy(&v, &bits, 8);
    }
    return (rk & 0x01) ? v / 100 : v;
}

const char* biff_error_text(unsigned code) {
    switch (code) {
        case 0x00:
            return "#NULL!";
        case 0x07:
            return "#DIV/0!";
        case 0x0F:
            return "#VALUE!";
        case 0x17:
            return "#REF!";
        case 0x1D:
            return "#NAME?";
        case 0x24:
            return "#NUM!";
        case 0x2A:
            return "#N/A";
        default:
            return "#N/A";
    }
}

// Calls fn(type, body, offset) for each record from `pos` until fn returns false.
template <typename Fn>
void for_each_record(std::string_view stream, std::size_t pos, Fn&& fn) {
    while (pos + 4 <= stream.size()) {
        const std::uint16_t type = u16(stream, pos);
        const std::uint16_t len = u16(stream, pos + 2);
        if (pos + 4 + len > stream.size()) throw ScanError{"a BIFF record runs past the stream"};
        if (!fn(type, stream.substr(pos + 4, len), pos)) return;
        pos += 4 + len;
    }
}

void scan_sheet(std::string_view stream, ScannedSheet& sheet, bool biff8) {
    int depth = 0;
    ScannedCell* pending_string = nullptr;
    auto at = [&](std::uint32_t row, std::uint32_t col, std::uint16_t xf) -> ScannedCell& {
        ScannedCell& c = sheet.cells[key(row, col)];
        c.xf = xf;
        return c;
    };
    for_each_record(stream, sheet.offset, [&](std::uint16_t type, std::string_view d, std::size_t) {
        if (type == 0x0809 || type == 0x0409 || type == 0x0209 || type == 0x0009) {
            ++depth;
            return true;
        }
        if (type == 0x000A) return --depth > 0;
        if (depth != 1) return true;  // embedded chart substreams
        if (type != 0x0207 && type != 0x003C) pending_string = nullptr;
        switch (type) {
            case 0x00FD:  // LABELSST
            case 0x0204:  // LABEL
            case 0x0201:  // BLANK
                at(u16(d, 0), u16(d, 2), u16(d, 4));
                break;
            case 0x0203: {  // NUMBER
                ScannedCell& c = at(u16(d, 0), u16(d, 2), u16(d, 4));
                c.has_raw = true;
                c.raw = f64(d, 6);
                break;
            }
            case 0x027E: {  // RK
                ScannedCell& c = at(u16(d, 0), u16(d, 2), u16(d, 4));
                c.has_raw = true;
                c.raw = decode_rk(u32(d, 6));
                break;
            }
            case 0x00BD: {  // MULRK
                const std::uint16_t row = u16(d, 0);
                const std::uint16_t first = u16(d, 2);
                for (std::size_t i = 0; 4 + 6 * i + 6 <= d.size() - 2; ++i) {
                    ScannedCell& c =
                        at(row, first + static_cast<std::uint32_t>(i), u16(d, 4 + 6 * i));
                    c.has_raw = true;
                    c.raw = decode_rk(u32(d, 6 + 6 * i));
                }
                break;
            }
            case 0x0205: {  // BOOLERR
                ScannedCell& c = at(u16(d, 0), u16(d, 2), u16(d, 4));
                const unsigned value = static_cast<unsigned char>(d.at(6));
                if (d.at(7)) {
                    c.type = CellType::error;
                    c.text = biff_error_text(value);
                } else {
                    c.type = CellType::boolean;
                    c.number = value ? 1 : 0;
                }
                break;
            }
            case 0x0006: {  // FORMULA: the cached result sits in the 8 bytes at offset 6
                ScannedCell& c = at(u16(d, 0), u16(d, 2), u16(d, 4));
                c.formula = true;
                if (u16(d, 12) == 0xFFFF) {
                    const unsigned kind = static_cast<unsigned char>(d.at(6));
                    const unsigned value = static_cast<unsigned char>(d.at(8));
                    if (kind == 0) {
                        c.type = CellType::text;  // the text follows in a STRING record
                        pending_string = &c;
                    } else if (kind == 1) {
                        c.type = CellType::boolean;
                        c.number = value ? 1 : 0;
                    } else if (kind == 2) {
                        c.type = CellType::error;
                        c.text = biff_error_text(value);
                    } else {
                        c.type = CellType::empty;  // empty-string result
                    }
                } else {
                    c.type = CellType::number;
                    c.number = f64(d, 6);
                }
                break;
            }
            case 0x0207:  // STRING: result of the preceding FORMULA
                if (pending_string) {
                    pending_string->text =
                        biff8 ? read_string(d, 0, true, 2) : read_string(d, 0, false, 2);
                    pending_string = nullptr;
                }
                break;
            case 0x00E5: {  // MERGEDCELLS
                const std::uint16_t count = u16(d, 0);
                for (std::size_t i = 0; i < count && 2 + 8 * i + 8 <= d.size(); ++i) {
                    const std::size_t o = 2 + 8 * i;
                    const std::uint32_t r1 = u16(d, o), r2 = u16(d, o + 2);
                    const std::uint32_t c1 = u16(d, o + 4), c2 = u16(d, o + 6);
                    if (r1 <= r2 && c1 <= c2) sheet.merged.push_back({{r1, c1}, {r2, c2}});
                }
                break;
            }
            default:
                break;
        }
        return true;
    });
}

BiffScan scan_workbook(std::string_view stream) {
    BiffScan scan;
    bool first = true;
    for_each_record(stream, 0, [&](std::uint16_t type, std::string_view d, std::size_t) {
        if (first) {
            if (type != 0x0809) throw ScanError{"the Workbook stream does not start with BOF"};
            scan.biff8 = u16(d, 0) == 0x0600;
            first = false;
            return true;
        }
        switch (type) {
            case 0x000A:
                return false;  // EOF of the globals substream
            case 0x002F:
                scan.encrypted = true;
                return false;  // FILEPASS
            case 0x0085: {     // BOUNDSHEET
                ScannedSheet s;
                s.offset = u32(d, 0);
                const unsigned state = static_cast<unsigned char>(d.at(4)) & 0x03;
                s.state = state == 1   ? SheetState::hidden
                          : state == 2 ? SheetState::very_hidden
                                       : SheetState::visible;
                s.kind = static_cast<std::uint8_t>(d.at(5));
                s.name = read_string(d, 6, scan.biff8, 1);
                scan.sheets.push_back(std::move(s));
                break;
            }
            case 0x0031:  // FONT: weight at offset 6
                scan.font_bold.push_back(u16(d, 6) >= 700);
                break;
            case 0x041E: {  // FORMAT
                const std::uint16_t id = u16(d, 0);
                scan.formats[id] =
                    scan.biff8 ? read_string(d, 2, true, 2) : read_string(d, 2, false, 1);
                break;
            }
            case 0x00E0: {  // XF
                XfInfo xf;
                xf.font = u16(d, 0);
                xf.format = u16(d, 2);
                xf.wrap = static_cast<unsigned char>(d.at(6)) & 0x08;
                if (scan.biff8 && d.size() >= 20) {
                    const std::uint32_t fls = u32(d, 14) >> 26;
                    if (fls == 1) xf.fill_index = u16(d, 18) & 0x7F;
                }
                scan.xfs.push_back(xf);
                break;
            }
            default:
                break;
        }
        return true;
    });
    for (ScannedSheet& s : scan.sheets)
        if (s.kind == 0 && s.offset < stream.size()) scan_sheet(stream, s, scan.biff8);
    return scan;
}

std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// What a freexl error code means for the user.
ReadError freexl_error(int code, std::string_view doing) {
    switch (code) {
        case FREEXL_FILE_NOT_FOUND:
            return ReadError(ErrorCode::io_error, "",
                             fmt::format("{}: the file could not be "
                                         "opened",
                                         doing));
        case FREEXL_INSUFFICIENT_MEMORY:
            return ReadError(ErrorCode::too_large, "",
                             fmt::format("{}: libfreexl ran out of memory", doing));
        case FREEXL_INVALID_CFBF_HEADER:
        case FREEXL_CFBF_INVALID_SIGNATURE:
            return ReadError(ErrorCode::not_a_workbook, "",
                             fmt::format("{}: not an OLE compound file (bad header or "
                                         "signature, freexl code {})",
                                         doing, code));
        case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
            return ReadError(ErrorCode::not_a_workbook, "",
                             fmt::format("{}: the OLE compound file holds no Workbook/Book "
                                         "stream",
                                         doing));
        case FREEXL_BIFF_INVALID_BOF:
            return ReadError(ErrorCode::unsupported_format, kStream,
                             fmt::format("{}: the Workbook stream does not start with a "
                                         "BIFF5/BIFF8 BOF record (an Excel 2-4 file?)",
                                         doing));
        case FREEXL_UNSUPPORTED_CHARSET:
        case FREEXL_INVALID_CHARACTER:
            return ReadError(ErrorCode::not_a_workbook, kStream,
                             fmt::format("{}: text in the workbook cannot be decoded from its "
                                         "code page (freexl code {})",
                                         doing, code));
        case FREEXL_CRAFTED_FILE:
            return ReadError(ErrorCode::not_a_workbook, kStream,
                             fmt::format("{}: libfreexl rejected the file as severely corrupted "
                                         "or crafted",
                                         doing));
        default:
            return ReadError(ErrorCode::not_a_workbook, kStream,
                             fmt::format("{}: the compound file or BIFF stream is damaged "
                                         "(freexl code {})",
                                         doing, code));
    }
}

class FreexlHandle {
public:
    ~FreexlHandle() {
        if (handle_) freexl_close(handle_);
    }
    const void* handle_ = nullptr;
};

class XlsReader final : public FormatReader {
public:
    void read(const std::string& path, const ReadOptions& options, Workbook& wb) override {
        wb.format = SourceFormat::xls;
        wb_ = &wb;
        options_ = &options;

        // Scan first: it is what recognises FILEPASS before freexl trips over encrypted data.
        std::optional<BiffScan> scan;
        try {
            const std::string file = read_whole_file(path);
            CompoundFile cfb(file);
            std::optional<std::string> stream = cfb.stream({"Workbook", "Book"});
            if (!stream) throw ScanError{"no Workbook stream"};
            scan = scan_workbook(*stream);
        } catch (const ScanError& e) {
            scan_problem_ = e.what;
        } catch (const std::out_of_range&) {
            scan_problem_ = "a record is shorter than its fields";
        }
        if (scan && scan->encrypted) {
            throw ReadError(ErrorCode::encrypted, kStream,
                            "the workbook has a FILEPASS record (it is password-protected)");
        }

        FreexlHandle h;
        if (int rc = freexl_open(path.c_str(), &h.handle_); rc != FREEXL_OK)
            throw freexl_error(rc, "opening the workbook");
        unsigned int info = 0;
        if (freexl_get_info(h.handle_, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
            info == FREEXL_BIFF_OBFUSCATED) {
            throw ReadError(ErrorCode::encrypted, kStream,
                            "the workbook is password-protected (obfuscated BIFF stream)");
        }
        if (freexl_get_info(h.handle_, FREEXL_BIFF_DATEMODE, &info) == FREEXL_OK)
            wb.date1904 = info == FREEXL_BIFF_DATEMODE_1904;
        unsigned int sheet_count = 0;
        if (int rc = freexl_get_info(h.handle_, FREEXL_BIFF_SHEET_COUNT, &sheet_count);
            rc != FREEXL_OK)
            throw freexl_error(rc, "counting sheets");
        if (!scan_problem_.empty()) {
            wb.diagnostics.push_back(
                {"", "", kStream,
                 fmt::format("could not scan the BIFF records ({}); sheet visibility, merged "
                             "ranges, formats and formula results are missing",
                             scan_problem_)});
        }
        if (scan) scan_ = &*scan;

        std::vector<const ScannedSheet*> worksheets;
        if (scan_)
            for (const ScannedSheet& s : scan_->sheets)
                if (s.kind == 0) worksheets.push_back(&s);
        for (unsigned int i = 0; i < sheet_count && i < 0xFFFF; ++i) {
            const char* name = nullptr;
            if (int rc =
                    freexl_get_worksheet_name(h.handle_, static_cast<unsigned short>(i), &name);
                rc != FREEXL_OK)
                throw freexl_error(rc, fmt::format("reading the name of sheet {}", i + 1));
            Sheet sheet;
            sheet.name = name ? name : "";
            const ScannedSheet* scanned = match_sheet(worksheets, sheet.name, i);
            if (scanned) sheet.state = scanned->state;
            if (!options.only_sheet || *options.only_sheet == sheet.name) {
                if (int rc =
                        freexl_select_active_worksheet(h.handle_, static_cast<unsigned short>(i));
                    rc != FREEXL_OK)
                    throw freexl_error(rc, fmt::format("selecting sheet '{}'", sheet.name));
                read_sheet(h.handle_, sheet, scanned);
            }
            wb.sheets.push_back(std::move(sheet));
        }
    }

private:
    static const ScannedSheet* match_sheet(const std::vector<const ScannedSheet*>& sheets,
                                           const std::string& name, unsigned index) {
        for (const ScannedSheet* s : sheets)
            if (s->name == name) return s;
        // BIFF5 names are in the workbook's code page; fall back to position.
        return index < sheets.size() ? sheets[index] : nullptr;
    }

    void read_sheet(const void* h, Sheet& sheet, const ScannedSheet* scanned) {
        unsigned int rows = 0;
        unsigned short cols = 0;
        if (int rc = freexl_worksheet_dimensions(h, &rows, &cols); rc != FREEXL_OK)
            throw freexl_error(rc, fmt::format("reading the size of sheet '{}'", sheet.name));
        // freexl sizes its grid from the DIMENSIONS record; BIFF cannot address more than
        // this, so anything larger is a lie and looping over it would only burn time.
        if (rows > kBiffMaxRows || cols > kBiffMaxColumns) {
            wb_->diagnostics.push_back(
                {sheet.name, "", kStream,
                 fmt::format("the sheet declares {} rows x {} columns, more than BIFF can hold; "
                             "read only the first {} x {}",
                             rows, cols, kBiffMaxRows, kBiffMaxColumns)});
            rows = std::min(rows, kBiffMaxRows);
            cols = static_cast<unsigned short>(std::min<unsigned>(cols, kBiffMaxColumns));
        }
        if (rows > 0 && cols > 0) {
            sheet.declared_dimension =
                Range{{0, 0}, {rows - 1, static_cast<std::uint32_t>(cols - 1)}};
        }
        std::vector<std::pair<std::uint64_t, Cell>> cells;
        std::vector<std::uint64_t> seen;  // scanner cells freexl already reported
        for (unsigned int r = 0; r < rows; ++r) {
            for (unsigned short c = 0; c < cols; ++c) {
                FreeXL_CellValue value;
                if (int rc = freexl_get_cell_value(h, r, c, &value); rc != FREEXL_OK) {
                    wb_->diagnostics.push_back(
                        {sheet.name, to_a1({r, c}), kStream,
                         fmt::format(
                             "libfreexl could not read the cell (code {}); skipped. Open the "
                             "workbook in Excel or LibreOffice and save it as .xlsx to "
                             "read every cell",
                             rc)});
                    continue;
                }
                if (value.type == FREEXL_CELL_NULL) continue;
                const ScannedCell* info = find(scanned, r, c);
                if (info) seen.push_back(key(r, c));
                std::optional<Cell> cell = convert(value, info, sheet, r, c);
                if (!cell) continue;
                cell->col = c;
                add(cells, key(r, c), *cell, sheet);
            }
        }
        // Cells freexl does not report: formula results, booleans and errors.
        if (scanned) {
            std::sort(seen.begin(), seen.end());
            for (const auto& [k, info] : scanned->cells) {
                // A formula giving "" is empty, as in Excel; BLANK and LABELSST records carry
                // nothing freexl did not already report.
                const bool numeric = !info.formula && info.has_raw;
                if (info.type == CellType::empty && !numeric) continue;
                if (std::binary_search(seen.begin(), seen.end(), k)) continue;
                const auto c = key_col(k);
                if (c >= kMaxColumns || key_row(k) >= kMaxRows) {
                    // Only a damaged record run can point past the sheet; say so, once per cell.
                    wb_->diagnostics.push_back(
                        {sheet.name, "", kStream,
                         fmt::format("a record points at row {} column {}, outside the sheet; "
                                     "not read (re-save the workbook to repair it)",
                                     key_row(k) + 1, c + 1)});
                    continue;
                }
                Cell cell;
                cell.col = c;
                cell.type = numeric ? CellType::number : info.type;
                cell.style = style_for(info.xf);
                if (cell.type == CellType::text || cell.type == CellType::error) {
                    cell.text = wb_->add_string(info.text);
                } else {
                    cell.number = numeric ? info.raw : info.number;
                    if (info.type == CellType::number && wb_->styles[cell.style].is_date) {
                        cell.type = CellType::date_time;
                        if (wb_->date1904) cell.number += kDays1904;
                    }
                }
                add(cells, k, cell, sheet);
            }
            sheet.merged = scanned->merged;
            if (has_formulas(*scanned)) {
                wb_->diagnostics.push_back(
                    {sheet.name, "", kStream,
                     "formula cells are read as their cached results; the formula text is not "
                     "read from .xls files"});
            }
        }
        std::sort(cells.begin(), cells.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [k, cell] : cells) {
            const auto r = key_row(k);
            if (sheet.rows.empty() || sheet.rows.back().index != r) sheet.rows.push_back({r, {}});
            sheet.rows.back().cells.push_back(cell);
        }
    }

    static bool has_formulas(const ScannedSheet& s) {
        for (const auto& [k, c] : s.cells)
            if (c.formula) return true;
        return false;
    }

    void add(std::vector<std::pair<std::uint64_t, Cell>>& cells, std::uint64_t k, const Cell& cell,
             const Sheet& sheet) {
        if (++cell_total_ > options_->limits.max_cells) {
            throw ReadError(ErrorCode::too_large, kStream,
                            fmt::format("more than {} non-empty cells (limit reached in sheet "
                                        "'{}')",
                                        options_->limits.max_cells, sheet.name));
        }
        cells.emplace_back(k, cell);
    }

    static const ScannedCell* find(const ScannedSheet* s, std::uint32_t r, std::uint32_t c) {
        if (!s) return nullptr;
        auto it = s->cells.find(key(r, c));
        return it == s->cells.end() ? nullptr : &it->second;
    }

    std::optional<Cell> convert(const FreeXL_CellValue& value, const ScannedCell* info,
                                const Sheet& sheet, std::uint32_t r, std::uint32_t c) {
        Cell cell;
        cell.style = info ? style_for(info->xf) : 0;
        switch (value.type) {
            case FREEXL_CELL_INT:
                cell.type = CellType::number;
                cell.number = value.value.int_value;
                break;
            case FREEXL_CELL_DOUBLE:
                cell.type = CellType::number;
                cell.number = value.value.double_value;
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
                cell.type = CellType::text;
                cell.text = wb_->add_string(value.value.text_value ? value.value.text_value : "");
                break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
            case FREEXL_CELL_TIME: {
                cell.type = CellType::date_time;
                if (info && info->has_raw) {
                    // The record's own serial keeps sub-second precision that freexl's text
                    // (whole seconds) drops.
                    cell.number = info->raw + (wb_->date1904 ? kDays1904 : 0);
                    break;
                }
                // freexl already applied the date system, so its text is the calendar date.
                const char* text = value.value.text_value ? value.value.text_value : "";
                if (auto serial = iso_to_serial(text)) {
                    cell.number = *serial;
                } else {
                    wb_->diagnostics.push_back(
                        {sheet.name, to_a1({r, c}), kStream,
                         fmt::format("libfreexl gave the date \"{}\", which is not a date; kept "
                                     "it as text",
                                     text)});
                    cell.type = CellType::text;
                    cell.text = wb_->add_string(text);
                }
                break;
            }
            default:
                wb_->diagnostics.push_back(
                    {sheet.name, to_a1({r, c}), kStream,
                     fmt::format("libfreexl reported an unknown cell type {}; skipped",
                                 value.type)});
                return std::nullopt;
        }
        if (cell.type == CellType::number && wb_->styles[cell.style].is_date &&
            !(info && info->formula)) {
            // freexl recognises fewer date formats than is_date_format(); trust the format.
            cell.type = CellType::date_time;
            if (wb_->date1904) cell.number += kDays1904;
        }
        return cell;
    }

    // Index into wb.styles for an XF, created on first use.
    std::uint32_t style_for(std::uint16_t xf_index) {
        if (!scan_ || xf_index >= scan_->xfs.size()) return 0;
        if (auto it = xf_styles_.find(xf_index); it != xf_styles_.end()) return it->second;
        const XfInfo& xf = scan_->xfs[xf_index];
        CellStyle style;
        if (auto it = scan_->formats.find(xf.format); it != scan_->formats.end()) {
            style.number_format = it->second;
        } else if (std::string_view code = builtin_number_format(xf.format); !code.empty()) {
            style.number_format = std::string(code);
        }
        style.number_format_id = 0;
        style.is_date = is_builtin_date_id(xf.format) || is_date_format(style.number_format);
        if (!options_->skip_styles) {
            // Font index 4 does not exist in BIFF: indexes above it are shifted by one.
            const std::size_t font = xf.font >= 4 ? xf.font - 1u : xf.font;
            style.bold = font < scan_->font_bold.size() && scan_->font_bold[font];
            style.wrap = xf.wrap;
            if (xf.fill_index >= 0) style.fill_rgb = fmt::format("indexed:{}", xf.fill_index);
        }
        std::uint32_t index = 0;
        if (style.number_format != "General" || style.is_date || style.bold || style.wrap ||
            !style.fill_rgb.empty()) {
            index = static_cast<std::uint32_t>(wb_->styles.size());
            wb_->styles.push_back(std::move(style));
        }
        xf_styles_.emplace(xf_index, index);
        return index;
    }

    Workbook* wb_ = nullptr;
    const ReadOptions* options_ = nullptr;
    const BiffScan* scan_ = nullptr;
    std::string scan_problem_;
    std::unordered_map<std::uint16_t, std::uint32_t> xf_styles_;
    std::uint64_t cell_total_ = 0;
};

}  // namespace

std::unique_ptr<FormatReader> make_xls_reader() {
    return std::make_unique<XlsReader>();
}

}  // namespace kpimap::detail
