// What the core needs of C++20's library that Debian 12's emscripten (libc++ 13) lacks: text to
// and from double with std::to_chars/std::from_chars semantics, and three-way comparison of
// strings. Only these, in kpimap::detail, never overloads in std. Where the standard library has
// them (__cpp_lib_to_chars: libstdc++ natively), the functions below are std's, so the native
// build's numbers and CLI goldens cannot move; elsewhere (the WebAssembly build) they are the
// fallbacks declared at the end, which the native tests hold to std on millions of values.
#pragma once

#include <charconv>
#include <compare>
#include <string_view>

namespace kpimap::detail {

// std::to_chars(first, last, value): the shortest text that reads back as `value`, fixed or
// scientific ("1e+20"), whichever is shorter (fixed on a tie).
std::to_chars_result to_chars(char* first, char* last, double value) noexcept;

// std::to_chars(first, last, value, std::chars_format::general, precision): printf's "%.*g".
std::to_chars_result to_chars(char* first, char* last, double value, std::chars_format format,
                              int precision) noexcept;

// std::from_chars(first, last, value) with chars_format::general: an optional '-', digits with an
// optional point and exponent, or inf/infinity/nan/nan(...); no leading space, '+' or hex.
// Correctly rounded; result_out_of_range (value untouched) when the text overflows or underflows
// to zero.
std::from_chars_result from_chars(const char* first, const char* last, double& value) noexcept;

// a <=> b for strings (libc++ 13 has no operator<=> on std::string): compare()'s order.
inline std::strong_ordering compare_three_way(std::string_view a, std::string_view b) noexcept {
    const int c = a.compare(b);
    return c < 0 ? std::strong_ordering::less
                 : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// The fallbacks, built everywhere so the native tests can compare them with std.
namespace fallback {

// to_chars(first, last, value) from fmt's shortest digits (Dragonbox), laid out as std does.
std::to_chars_result to_chars_shortest(char* first, char* last, double value) noexcept;

// to_chars(first, last, value, general, precision) through fmt's "{:.{}g}" (locale-free).
std::to_chars_result to_chars_general(char* first, char* last, double value,
                                      int precision) noexcept;

// from_chars(first, last, value): the syntax checked here, the number read by strtod (correctly
// rounded in glibc and musl) from a copy that holds only the accepted text. Expects the "C"
// locale's decimal point, which a WebAssembly module always has.
std::from_chars_result from_chars_strtod(const char* first, const char* last,
                                         double& value) noexcept;

}  // namespace fallback

}  // namespace kpimap::detail
