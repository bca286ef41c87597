#include "core/compat.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

namespace kpimap::detail {

std::to_chars_result to_chars(char* first, char* last, double value) noexcept {
#if defined(__cpp_lib_to_chars)
    return std::to_chars(first, last, value);
#else
    return fallback::to_chars_shortest(first, last, value);
#endif
}

std::to_chars_result to_chars(char* first, char* last, double value, std::chars_format format,
                              int precision) noexcept {
#if defined(__cpp_lib_to_chars)
    return std::to_chars(first, last, value, format, precision);
#else
    if (format != std::chars_format::general) return {last, std::errc::invalid_argument};
    return fallback::to_chars_general(first, last, value, precision);
#endif
}

std::from_chars_result from_chars(const char* first, const char* last, double& value) noexcept {
#if defined(__cpp_lib_to_chars)
    return std::from_chars(first, last, value);
#else
    return fallback::from_chars_strtod(first, last, value);
#endif
}

namespace fallback {

namespace {

std::to_chars_result put(char* first, char* last, std::string_view text) noexcept {
    if (static_cast<std::size_t>(last - first) < text.size())
        return {last, std::errc::value_too_large};
    std::memcpy(first, text.data(), text.size());
    return {first + text.size(), std::errc{}};
}

// "inf", "-inf", "nan", "-nan" as std::to_chars writes them; false for a finite value.
bool put_special(char* first, char* last, double value, std::to_chars_result& out) noexcept {
    if (std::isfinite(value)) return false;
    const bool negative = std::signbit(value);
    out = put(first, last,
              std::isnan(value) ? (negative ? "-nan" : "nan") : (negative ? "-inf" : "inf"));
    return true;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool iequals_prefix(const char* p, const char* last, const char* word) {
    for (; *word; ++p, ++word) {
        if (p == last || (*p | 0x20) != *word) return false;
    }
    return true;
}

}  // namespace

std::to_chars_result to_chars_shortest(char* first, char* last, double value) noexcept {
    std::to_chars_result special;
    if (put_special(first, last, value, special)) return special;
    try {
        // fmt's "{}" gives the shortest round-trip digits (Dragonbox) but its own choice of
        // layout (fixed below 1e16); take the digits and the exponent and lay them out as std.
        char buf[64];
        const auto made = fmt::format_to_n(buf, sizeof buf, "{}", value);
        std::string_view text(buf, std::min(made.size, sizeof buf));
        std::string out;
        if (!text.empty() && text.front() == '-') {
            out += '-';
            text.remove_prefix(1);
        }
        const std::size_t e = text.find('e');
        const int exponent10 =
            e == std::string_view::npos ? 0 : std::atoi(std::string(text.substr(e + 1)).c_str());
        const std::string_view mantissa = text.substr(0, e);
        const std::size_t point = mantissa.find('.');
        const int integer_digits =
            static_cast<int>(point == std::string_view::npos ? mantissa.size() : point);
        std::string digits;
        for (char c : mantissa)
            if (c != '.') digits += c;
        const std::size_t lead = digits.find_first_not_of('0');
        if (lead == std::string::npos) return put(first, last, out + "0");
        const int x = integer_digits - static_cast<int>(lead) - 1 + exponent10;  // d.ddd × 10^x
        digits = digits.substr(lead, digits.find_last_not_of('0') + 1 - lead);
        const int n = static_cast<int>(digits.size());

        std::string scientific = digits.substr(0, 1);
        if (n > 1) scientific += '.' + digits.substr(1);
        scientific += fmt::format("e{}{:02}", x < 0 ? '-' : '+', x < 0 ? -x : x);
        std::string fixed;
        if (x < 0) {
            fixed = "0." + std::string(static_cast<std::size_t>(-x - 1), '0') + digits;
        } else if (n <= x + 1) {
            // A whole number: std writes it as printf's "%.0f" would, every digit exact
            // (2^70 is 1180591620717411303424, not 1180591620717411300000).
            fixed = fmt::format("{:.0f}", std::fabs(value));
        } else {
            fixed = digits.substr(0, static_cast<std::size_t>(x + 1)) + '.' +
                    digits.substr(static_cast<std::size_t>(x + 1));
        }
        return put(first, last, out + (fixed.size() <= scientific.size() ? fixed : scientific));
    } catch (...) {
        return {last, std::errc::value_too_large};  // fmt failed to allocate
    }
}

std::to_chars_result to_chars_general(char* first, char* last, double value,
                                      int precision) noexcept {
    std::to_chars_result special;
    if (put_special(first, last, value, special)) return special;
    try {
        char buf[512];
        const auto made = fmt::format_to_n(buf, sizeof buf, "{:.{}g}", value, precision);
        if (made.size > sizeof buf) return {last, std::errc::value_too_large};
        return put(first, last, std::string_view(buf, made.size));
    } catch (...) {
        return {last, std::errc::value_too_large};
    }
}

std::from_chars_result from_chars_strtod(const char* first, const char* last,
                                         double& value) noexcept {
    const char* p = first;
    const bool negative = p != last && *p == '-';
    if (negative) ++p;
    // inf, infinity, nan and nan(letters, digits, '_'), any case: strtod's words, built here.
    if (iequals_prefix(p, last, "inf")) {
        p += iequals_prefix(p, last, "infinity") ? 8 : 3;
        value = negative ? -std::numeric_limits<double>::infinity()
                         : std::numeric_limits<double>::infinity();
        return {p, std::errc{}};
    }
    if (iequals_prefix(p, last, "nan")) {
        p += 3;
        if (p != last && *p == '(') {
            const char* q = p + 1;
            while (q != last &&
                   (is_digit(*q) || *q == '_' || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z')))
                ++q;
            if (q != last && *q == ')') p = q + 1;
        }
        value = std::copysign(std::numeric_limits<double>::quiet_NaN(), negative ? -1.0 : 1.0);
        return {p, std::errc{}};
    }
    // digits [. digits] [e [sign] digits], at least one digit before the exponent.
    bool nonzero = false;
    std::size_t mantissa_digits = 0;
    for (; p != last && is_digit(*p); ++p, ++mantissa_digits) nonzero = nonzero || *p != '0';
    if (p != last && *p == '.') {
        ++p;
        for (; p != last && is_digit(*p); ++p, ++mantissa_digits) nonzero = nonzero || *p != '0';
    }
    if (mantissa_digits == 0) return {first, std::errc::invalid_argument};
    if (p != last && (*p == 'e' || *p == 'E')) {
        const char* q = p + 1;
        if (q != last && (*q == '+' || *q == '-')) ++q;
        if (q != last && is_digit(*q)) {
            while (q != last && is_digit(*q)) ++q;
            p = q;
        }
    }
    try {
        const std::string text(first, p);  // strtod needs the terminator; only what was accepted
        char* end = nullptr;
        errno = 0;
        const double read = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size()) return {first, std::errc::invalid_argument};
        // Like std: out of range when the text overflows, or rounds to zero though not zero;
        // a subnormal result is a result.
        if (std::isinf(read) || (read == 0 && nonzero)) return {p, std::errc::result_out_of_range};
        value = read;
        return {p, std::errc{}};
    } catch (...) {
        return {first, std::errc::not_enough_memory};
    }
}

}  // namespace fallback

}  // namespace kpimap::detail
