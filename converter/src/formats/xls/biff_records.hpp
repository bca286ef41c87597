// BIFF records (MS-XLS 2.1.4 and the BIFF2-BIFF5 record layouts): walking a workbook stream
// record by record, reading record fields with their bounds checked, strings that carry on
// across CONTINUE records, and 8-bit text in the workbook's code page.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpimap::detail {

// Record types, named as in MS-XLS; the BIFF3/BIFF4 variants carry their version.
namespace biff {
inline constexpr std::uint16_t kBof2 = 0x0009, kBof3 = 0x0209, kBof4 = 0x0409, kBof = 0x0809;
inline constexpr std::uint16_t kEof = 0x000A;
inline constexpr std::uint16_t kContinue = 0x003C;
inline constexpr std::uint16_t kFilePass = 0x002F;
inline constexpr std::uint16_t kCodePage = 0x0042;
inline constexpr std::uint16_t kDateMode = 0x0022;
inline constexpr std::uint16_t kBoundSheet = 0x0085;
inline constexpr std::uint16_t kSst = 0x00FC;
inline constexpr std::uint16_t kFont = 0x0031, kFont34 = 0x0231;
inline constexpr std::uint16_t kFormat = 0x041E, kFormat23 = 0x001E;
inline constexpr std::uint16_t kXf = 0x00E0, kXf3 = 0x0243, kXf4 = 0x0443;
inline constexpr std::uint16_t kDimensions = 0x0200;
inline constexpr std::uint16_t kColInfo = 0x007D;
inline constexpr std::uint16_t kBlank = 0x0201, kMulBlank = 0x00BE;
inline constexpr std::uint16_t kNumber = 0x0203, kRk = 0x027E, kMulRk = 0x00BD;
inline constexpr std::uint16_t kLabel = 0x0204, kRString = 0x00D6, kLabelSst = 0x00FD;
inline constexpr std::uint16_t kBoolErr = 0x0205;
inline constexpr std::uint16_t kFormula = 0x0006, kFormula3 = 0x0206, kFormula4 = 0x0406;
inline constexpr std::uint16_t kString = 0x0207;
inline constexpr std::uint16_t kShrFmla = 0x04BC, kShrFmla5 = 0x00BC, kArray = 0x0221,
                               kTable = 0x0236;
inline constexpr std::uint16_t kMergedCells = 0x00E5;
}  // namespace biff

enum class BiffVersion : std::uint8_t { biff3 = 3, biff4 = 4, biff5 = 5, biff8 = 8 };

// A record field that lies past the end of its record, or text that cannot be decoded; the
// readers turn it into a diagnostic (or a ReadError) naming the stream offset.
struct BiffError {
    std::string what;
    std::size_t offset = 0;  // in the workbook stream
};

// One record: its type and body, and where its header starts in the stream.
struct BiffRecord {
    std::uint16_t type = 0;
    std::string_view body;
    std::size_t offset = 0;

    // Little-endian fields at `at` bytes into the body; throw BiffError past its end.
    std::uint8_t u8(std::size_t at) const;
    std::uint16_t u16(std::size_t at) const;
    std::uint32_t u32(std::size_t at) const;
    double f64(std::size_t at) const;
    // Stream offset of body byte `at`.
    std::size_t offset_of(std::size_t at) const { return offset + 4 + at; }
};

// True for the BOF record types of BIFF2 to BIFF8.
bool is_bof(std::uint16_t type) noexcept;

// Walks the records of a stream from a position. Never reads past the stream.
class BiffCursor {
public:
    BiffCursor(std::string_view stream, std::size_t pos) : stream_(stream), pos_(pos) {}
    // The next record, or nullopt at the end of the stream; a last record whose length runs
    // past the end also ends the walk and sets truncated().
    std::optional<BiffRecord> next();
    // The record next() would return, without moving.
    std::optional<BiffRecord> peek() const;
    // True when the walk ended on a record cut short by the end of the stream.
    bool truncated() const { return truncated_; }
    std::size_t position() const { return pos_; }

private:
    std::string_view stream_;
    std::size_t pos_;
    bool truncated_ = false;
};

// Decodes 8-bit text of BIFF2-BIFF5 records (and BIFF8's "compressed" Latin-1 strings are
// simply code page 1252's superset ISO-8859-1, which decode_latin1 handles). Unknown code pages
// fall back to Windows-1252 and say so through fallback().
class CodePage {
public:
    explicit CodePage(std::uint16_t code_page = 1252);
    ~CodePage();
    CodePage(const CodePage&) = delete;
    CodePage& operator=(const CodePage&) = delete;
    // UTF-8 text of `bytes`; bytes with no mapping become U+FFFD.
    std::string decode(std::string_view bytes) const;
    // True when the workbook's code page is not known to ICU and Windows-1252 is used.
    bool fallback() const { return fallback_; }
    std::uint16_t number() const { return number_; }

private:
    struct Converter;
    std::unique_ptr<Converter> converter_;
    std::uint16_t number_;
    bool fallback_ = false;
};

// ISO-8859-1 bytes (BIFF8 strings stored without their zero high bytes) as UTF-8.
std::string decode_latin1(std::string_view bytes);
// UTF-16LE code units as UTF-8, surrogate pairs joined; a lone surrogate becomes U+FFFD.
std::string decode_utf16le(std::string_view bytes);

// A record body followed by its CONTINUE records, read front to back as one sequence. BIFF8
// strings split across a record boundary restart with a new option byte saying whether the
// rest of the characters are 8-bit or 16-bit (MS-XLS 2.5.293 and 2.1.4).
class ContinuedReader {
public:
    // Starts at `first` and takes the CONTINUE records that `cursor` returns next.
    ContinuedReader(const BiffRecord& first, BiffCursor& cursor);
    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    void skip(std::uint64_t bytes);
    // `count` characters, 16-bit when `wide`; at a record boundary a new option byte decides.
    std::string characters(std::uint32_t count, bool wide);
    // An XLUnicodeRichExtendedString (SST entries): length, options, runs and phonetic data;
    // also reads the plain XLUnicodeString of BIFF8 STRING records, whose options say no runs.
    std::string rich_string();
    bool at_end() const;
    // Stream offset of the next byte.
    std::size_t offset() const;

private:
    bool advance();  // moves to the next segment; false when there is none
    std::vector<BiffRecord> segments_;
    std::size_t segment_ = 0;
    std::size_t pos_ = 0;
};

// Strings inside one record (no CONTINUE): BIFF8 XLUnicodeString with a 1- or 2-byte length,
// or BIFF2-BIFF5 bytes in the code page with a 1- or 2-byte length. `at` moves past the string.
std::string record_string(const BiffRecord& r, std::size_t& at, BiffVersion version,
                          int length_bytes, const CodePage& code_page);

}  // namespace kpimap::detail
