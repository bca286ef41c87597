// UTF-8 in one place: appending one code point (for the decoders that meet code points one at
// a time: XML character references, OOXML _xHHHH_ escapes, BIFF UTF-16 text), checking text,
// and repairing it. Every string that leaves a reader is valid UTF-8 (load_workbook repairs
// what is not), because every output (JSON, XML, CSV) needs it.
#pragma once

#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kpimap {

// Appends `cp` as UTF-8; surrogate halves and values past U+10FFFF, which have no UTF-8 form,
// become U+FFFD so the result is always valid UTF-8.
inline void append_utf8(std::string& out, std::uint32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    char buf[U8_MAX_LENGTH];
    std::int32_t length = 0;
    U8_APPEND_UNSAFE(buf, length, static_cast<UChar32>(cp));
    out.append(buf, static_cast<std::size_t>(length));
}

// True when the whole text is well-formed UTF-8 (no overlongs, surrogates, truncated sequences
// or values past U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

// Replaces each ill-formed sequence (its maximal subpart, as Unicode recommends) with U+FFFD;
// returns how many were replaced, 0 when the text was already valid (and is left untouched).
std::size_t repair_utf8(std::string& text);

// Counts the code points of valid UTF-8 sequences of two or more bytes, and the ill-formed
// sequences: what tells UTF-8 with a few damaged bytes from text in a legacy encoding.
struct Utf8Census {
    std::size_t multibyte = 0;
    std::size_t invalid = 0;
};
Utf8Census utf8_census(std::string_view text) noexcept;

}  // namespace kpimap
