#include "core/utf8.hpp"

namespace kpimap {

namespace {

// Calls on_valid(code point, length) or on_invalid(length) for each sequence of `text`, with
// ICU's U8_NEXT deciding (maximal subparts of ill-formed sequences).
template <typename Valid, typename Invalid>
void walk_utf8(std::string_view text, Valid&& on_valid, Invalid&& on_invalid) {
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int64_t>(text.size());
    std::int64_t i = 0;
    while (i < length) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        const std::int64_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0)
            on_invalid(start, i - start);
        else
            on_valid(start, i - start);
    }
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
    bool valid = true;
    walk_utf8(
        text, [](std::int64_t, std::int64_t) {}, [&](std::int64_t, std::int64_t) { valid = false; });
    return valid;
}

std::size_t repair_utf8(std::string& text) {
    if (is_valid_utf8(text)) return 0;
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t replaced = 0;
    std::int64_t copied = 0;
    walk_utf8(
        text, [](std::int64_t, std::int64_t) {},
        [&](std::int64_t start, std::int64_t length) {
            out.append(text, static_cast<std::size_t>(copied),
                       static_cast<std::size_t>(start - copied));
            out += "\xEF\xBF\xBD";
            copied = start + length;
            ++replaced;
        });
    out.append(text, static_cast<std::size_t>(copied));
    text = std::move(out);
    return replaced;
}

Utf8Census utf8_census(std::string_view text) noexcept {
    Utf8Census census;
    walk_utf8(
        text, [&](std::int64_t, std::int64_t) { ++census.multibyte; },
        [&](std::int64_t, std::int64_t) { ++census.invalid; });
    return census;
}

}  // namespace kpimap
