// Building .xls files in tests and fuzz targets: BIFF records and an OLE2 compound file
// (MS-CFB version 3, 512-byte sectors) around them. Header-only; the layout is deliberately
// plain (FAT, then directory, then mini FAT, mini stream and streams), so a test can damage a
// known place.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kpimap::test_support {

// Little-endian field writers for record bodies.
inline std::string le16(std::uint32_t v) {
    return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8 & 0xFF)};
}
inline std::string le32(std::uint32_t v) {
    return le16(v & 0xFFFF) + le16(v >> 16);
}
inline std::string f64(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    return le32(static_cast<std::uint32_t>(bits)) + le32(static_cast<std::uint32_t>(bits >> 32));
}

// One BIFF record: type, length, body.
inline std::string record(std::uint16_t type, std::string_view body) {
    return le16(type) + le16(static_cast<std::uint32_t>(body.size())) + std::string(body);
}

// BIFF8 strings: 8-bit ("compressed") when every character is Latin-1, with a 1- or 2-byte
// character count. `utf16` is UTF-16LE text; `latin1` is one byte per character.
inline std::string xl_string_latin1(std::string_view latin1, int length_bytes = 2) {
    const auto n = static_cast<std::uint32_t>(latin1.size());
    std::string out = length_bytes == 1 ? std::string(1, static_cast<char>(n)) : le16(n);
    return out + '\0' + std::string(latin1);
}
inline std::string xl_string_utf16(std::u16string_view utf16, int length_bytes = 2) {
    const auto n = static_cast<std::uint32_t>(utf16.size());
    std::string out = length_bytes == 1 ? std::string(1, static_cast<char>(n)) : le16(n);
    out += '\x01';
    for (char16_t c : utf16) out += le16(c);
    return out;
}

// Record bodies of a BIFF8 workbook.
namespace biff8 {
inline std::string bof(std::uint16_t kind) {  // 0x0005 globals, 0x0010 worksheet, 0x0020 chart
    return record(0x0809,
                  le16(0x0600) + le16(kind) + le16(0x0DBB) + le16(0x07CC) + le32(0) + le32(0x06));
}
inline std::string eof() {
    return record(0x000A, "");
}
inline std::string boundsheet(std::uint32_t offset, std::string_view name, int state = 0,
                              int kind = 0) {
    return record(0x0085, le32(offset) + std::string(1, static_cast<char>(state)) +
                              std::string(1, static_cast<char>(kind)) + xl_string_latin1(name, 1));
}
// Cell records: row, column, XF index, then the value.
inline std::string cell_head(std::uint16_t row, std::uint16_t col, std::uint16_t xf) {
    return le16(row) + le16(col) + le16(xf);
}
inline std::string number(std::uint16_t row, std::uint16_t col, double v, std::uint16_t xf = 0) {
    return record(0x0203, cell_head(row, col, xf) + f64(v));
}
inline std::string label(std::uint16_t row, std::uint16_t col, std::string_view latin1,
                         std::uint16_t xf = 0) {
    return record(0x0204, cell_head(row, col, xf) + xl_string_latin1(latin1));
}
inline std::string labelsst(std::uint16_t row, std::uint16_t col, std::uint32_t index,
                            std::uint16_t xf = 0) {
    return record(0x00FD, cell_head(row, col, xf) + le32(index));
}
// A FORMULA record with a numeric result, or with a special result when `special` is set:
// 0 text (a STRING record follows), 1 boolean, 2 error, 3 empty text; `value` is the
// boolean or error code.
inline std::string formula(std::uint16_t row, std::uint16_t col, double number,
                           std::uint16_t xf = 0) {
    // A one-token formula (ptgInt 1) after the result, option flags and chain field.
    return record(0x0006, cell_head(row, col, xf) + f64(number) + le16(0) + le32(0) + le16(3) +
                              std::string("\x1E\x01\x00", 3));
}
inline std::string formula_special(std::uint16_t row, std::uint16_t col, int special, int value,
                                   std::uint16_t xf = 0) {
    std::string result(8, '\0');
    result[0] = static_cast<char>(special);
    result[2] = static_cast<char>(value);
    result[6] = result[7] = '\xFF';
    return record(0x0006, cell_head(row, col, xf) + result + le16(0) + le32(0) + le16(3) +
                              std::string("\x1E\x01\x00", 3));
}
inline std::string string_result(std::string_view latin1) {
    return record(0x0207, xl_string_latin1(latin1));
}
}  // namespace biff8

// A compound file holding `streams` at the root, in order. Streams shorter than 4096 bytes go
// to the mini stream, as MS-CFB requires. Every other structure is as small as it can be.
inline std::string compound_file(const std::vector<std::pair<std::string, std::string>>& streams) {
    constexpr std::uint32_t kSector = 512, kEnd = 0xFFFFFFFE, kFree = 0xFFFFFFFF,
                            kFatSector = 0xFFFFFFFD, kNone = 0xFFFFFFFF;
    auto sectors = [&](std::size_t bytes) {
        return static_cast<std::uint32_t>((bytes + kSector - 1) / kSector);
    };
    // The mini stream: small streams, each padded to 64 bytes.
    std::string mini;
    std::vector<std::uint32_t> mini_start(streams.size(), kEnd);
    std::vector<std::uint32_t> minifat;
    for (std::size_t i = 0; i < streams.size(); ++i) {
        const std::string& data = streams[i].second;
        if (data.size() >= 4096 || data.empty()) continue;
        const auto first = static_cast<std::uint32_t>(mini.size() / 64);
        const auto count = static_cast<std::uint32_t>((data.size() + 63) / 64);
        for (std::uint32_t k = 0; k < count; ++k)
            minifat.push_back(k + 1 < count ? first + k + 1 : kEnd);
        mini_start[i] = first;
        mini += data;
        mini.resize((first + count) * 64, '\0');
    }
    const std::uint32_t directory_sectors = sectors((streams.size() + 1) * 128);
    const std::uint32_t minifat_sectors = sectors(minifat.size() * 4);
    const std::uint32_t mini_sectors = sectors(mini.size());
    std::uint32_t big_sectors = 0;
    for (const auto& s : streams)
        if (s.second.size() >= 4096) big_sectors += sectors(s.second.size());
    const std::uint32_t data_sectors =
        directory_sectors + minifat_sectors + mini_sectors + big_sectors;
    // FAT sectors past the header's 109 slots are listed in DIFAT sectors of 127 entries each.
    auto difat_for = [](std::uint32_t fat) { return fat > 109 ? (fat - 109 + 126) / 127 : 0u; };
    std::uint32_t fat_sectors = 1;
    while (fat_sectors * (kSector / 4) < fat_sectors + difat_for(fat_sectors) + data_sectors)
        ++fat_sectors;
    const std::uint32_t difat_sectors = difat_for(fat_sectors);

    std::vector<std::uint32_t> fat(fat_sectors * (kSector / 4), kFree);
    std::uint32_t next = 0;
    for (; next < fat_sectors; ++next) fat[next] = kFatSector;
    for (std::uint32_t k = 0; k < difat_sectors; ++k, ++next) fat[next] = 0xFFFFFFFC;
    auto chain = [&](std::uint32_t count) {
        const std::uint32_t first = count ? next : kEnd;
        for (std::uint32_t k = 0; k < count; ++k, ++next)
            fat[next] = k + 1 < count ? next + 1 : kEnd;
        return first;
    };
    const std::uint32_t directory_start = chain(directory_sectors);
    const std::uint32_t minifat_start = chain(minifat_sectors);
    const std::uint32_t mini_stream_start = chain(mini_sectors);
    std::vector<std::uint32_t> big_start(streams.size(), kEnd);
    for (std::size_t i = 0; i < streams.size(); ++i)
        if (streams[i].second.size() >= 4096)
            big_start[i] = chain(sectors(streams[i].second.size()));

    auto entry = [&](std::string_view name, std::uint8_t type, std::uint32_t right,
                     std::uint32_t child, std::uint32_t start, std::uint32_t size) {
        std::string e;
        for (char c : name) e += le16(static_cast<unsigned char>(c));
        e += le16(0);
        e.resize(64, '\0');
        e += le16(static_cast<std::uint32_t>(2 * name.size() + 2));
        e += static_cast<char>(type);
        e += '\x01';  // black
        e += le32(kNone) + le32(right) + le32(child);
        e += std::string(16 + 4 + 16, '\0');  // class id, state bits, times
        e += le32(start) + le32(size) + le32(0);
        return e;
    };
    std::string directory =
        entry("Root Entry", 5, kNone, streams.empty() ? kNone : 1,
              mini.empty() ? kEnd : mini_stream_start, static_cast<std::uint32_t>(mini.size()));
    for (std::size_t i = 0; i < streams.size(); ++i) {
        const std::string& data = streams[i].second;
        const bool small = data.size() < 4096;
        directory += entry(
            streams[i].first, 2, i + 1 < streams.size() ? static_cast<std::uint32_t>(i + 2) : kNone,
            kNone, small ? mini_start[i] : big_start[i], static_cast<std::uint32_t>(data.size()));
    }

    std::string header("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    header += std::string(16, '\0');
    header += le16(0x3E) + le16(3) + le16(0xFFFE) + le16(9) + le16(6);
    header += std::string(6, '\0');
    header += le32(0) + le32(fat_sectors) + le32(directory_start) + le32(0) + le32(4096) +
              le32(minifat.empty() ? kEnd : minifat_start) + le32(minifat_sectors) +
              le32(difat_sectors ? fat_sectors : kEnd) + le32(difat_sectors);
    for (std::uint32_t i = 0; i < 109; ++i) header += le32(i < fat_sectors ? i : kFree);

    auto padded = [&](std::string bytes) {
        bytes.resize(sectors(bytes.size()) * kSector, '\0');
        return bytes;
    };
    std::string file = header;
    std::string fat_bytes;
    for (std::uint32_t v : fat) fat_bytes += le32(v);
    file += fat_bytes;
    for (std::uint32_t k = 0; k < difat_sectors; ++k) {
        for (std::uint32_t i = 0; i < 127; ++i) {
            const std::uint32_t fat_index = 109 + 127 * k + i;
            file += le32(fat_index < fat_sectors ? fat_index : kFree);
        }
        file += le32(k + 1 < difat_sectors ? fat_sectors + k + 1 : kEnd);
    }
    file += padded(directory);
    std::string minifat_bytes;
    for (std::uint32_t v : minifat) minifat_bytes += le32(v);
    file += padded(minifat_bytes);
    file += padded(mini);
    for (const auto& s : streams)
        if (s.second.size() >= 4096) file += padded(s.second);
    return file;
}

// A BIFF8 workbook stream: globals (BOF, the given global records, one BOUNDSHEET per sheet,
// EOF), then one worksheet substream per sheet holding its cell records. Sheet names are
// Latin-1.
struct XlsSheetSpec {
    std::string name;
    std::string records;  // cell records, between the sheet's BOF and EOF
    int state = 0;        // 0 visible, 1 hidden, 2 very hidden
    int kind = 0;         // BOUNDSHEET dt: 0 worksheet, 2 chart
};
inline std::string biff8_workbook(const std::string& globals,
                                  const std::vector<XlsSheetSpec>& sheets) {
    std::string head = biff8::bof(0x0005) + globals;
    std::size_t boundsheets = 0;
    for (const auto& s : sheets) boundsheets += biff8::boundsheet(0, s.name).size();
    std::size_t offset = head.size() + boundsheets + biff8::eof().size();
    std::string out = head;
    std::string bodies;
    for (const auto& s : sheets) {
        out += biff8::boundsheet(static_cast<std::uint32_t>(offset), s.name, s.state, s.kind);
        const std::string sub =
            biff8::bof(s.kind == 2 ? 0x0020 : 0x0010) + s.records + biff8::eof();
        bodies += sub;
        offset += sub.size();
    }
    return out + biff8::eof() + bodies;
}

}  // namespace kpimap::test_support
