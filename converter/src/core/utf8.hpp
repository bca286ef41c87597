// Appending one code point to a UTF-8 string, for the decoders that meet code points one at a
// time (XML character references, OOXML _xHHHH_ escapes, BIFF UTF-16 text).
#pragma once

#include <unicode/utf8.h>

#include <cstdint>
#include <string>

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

}  // namespace kpimap
