// Value rules (the contract for kpimap/value.hpp; docs copy this block).
//
// parse_value_text, after trimming ASCII and Unicode spaces (NBSP included):
//  ""                         Kind::missing with MissingReason::none (an empty cell, no marker)
//  "-" "--" "–" "—" "−" ".." "..." "…" ":" "n/k" "[w]"  missing, not_available
//  "[x]" "x" "*" "[c]"        missing, suppressed
//  "[z]" "n/a" "N/A" "NA" "na" "n.a."                  missing, not_applicable
//  "[u]" "[low]"              missing, low_quality
//    (markers compare ASCII-case-insensitively; `text` keeps the trimmed marker)
//  "#N/A" "#DIV/0!" "#VALUE!" "#REF!" "#NAME?" "#NUM!" "#NULL!" typed as text (as CSV carries
//                             them): missing, not_available, correction "error value #N/A";
//                             error cells are read the same way by parse_value_cell
//  numbers: optional sign ("-", "+", or U+2212 minus, noted "U+2212 minus read as -"), optional
//    currency symbol £ $ € before the digits (dropped, noted "currency symbol £ dropped"),
//    digits with "," thousands separators only in valid groups ("1,010"; "1,01" and "12,34,567"
//    are text), optional ".fraction" (".5" is allowed), optional exponent, optional "%" (value
//    stays as written: "83.40%" is 83.4 with percent and decimals 2).
//    "(3.2)" is an accounting negative: -3.2, noted "accounting brackets read as negative".
//    Trailing "*" (provisional flag): "5.1*" is 5.1, noted "trailing * read as a flag".
//    decimals = digits written after the point ("1,010" 0, "0.822" 3, "83.40%" 2), less the
//    exponent for "1.5E+03"; at least 0.
//    More than 15 significant digits ("31.900000000000002") is float noise: the value is
//    rounded to 15 significant digits (31.9), decimals are those of the rounded value (1), and
//    "removed float noise" is noted.
//    A number's `text` is empty; what was dropped is in `corrections`.
//  anything else              Kind::text with the trimmed text.
//
// parse_value_cell:
//  number     the stored value; when the first section of the number format has "%" the value
//             is multiplied by 100 (0.834 -> 83.4, percent true). Float noise is removed from the
//             result (a correction is noted only when the stored number itself was noisy).
//             decimals = format_decimals(number format); when that is -1 (General, "@", dates)
//             the decimals of the shortest text of the noise-free value (0.822 -> 3).
//  text       parse_value_text.
//  boolean    Kind::text, "TRUE" / "FALSE".
//  error      Kind::missing, not_available, text "#N/A" (the error), correction "error value #N/A".
//  date_time  Kind::text with the ISO text ("2016-12-31"); callers may read it as a period.
//  empty      Kind::missing, MissingReason::none.
//
// format_decimals / format_is_percent read the first section only, ignoring quoted literals,
// bracketed parts ([Red], [$£-809], [>=100]), backslash escapes and the "_x"/"*x" padding:
// "0.00%" -> 2 and percent, "#,##0.0" -> 1, "0%" -> 0, "0.0#" -> 2 (placeholders counted),
// "0.00E+00" -> 2, "General" -> -1, "@" -> -1, date and time formats -> -1.
#include "kpimap/value.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/compat.hpp"
#include "core/number_format.hpp"

namespace kpimap {

const char* missing_reason_name(MissingReason reason) noexcept {
    switch (reason) {
        case MissingReason::none:
            return "none";
        case MissingReason::not_available:
            return "not_available";
        case MissingReason::suppressed:
            return "suppressed";
        case MissingReason::not_applicable:
            return "not_applicable";
        case MissingReason::low_quality:
            return "low_quality";
    }
    return "unknown";
}

namespace {

// Length of a Unicode space at the start of `s` (0 when none): ASCII whitespace, NBSP,
// U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, and BOM U+FEFF.
std::size_t space_at(std::string_view s) {
    if (s.empty()) return 0;
    const auto b0 = static_cast<unsigned char>(s[0]);
    if (b0 == ' ' || (b0 >= '\t' && b0 <= '\r')) return 1;
    if (b0 == 0xC2 && s.size() >= 2 && static_cast<unsigned char>(s[1]) == 0xA0) return 2;
    if (s.size() < 3) return 0;
    const auto b1 = static_cast<unsigned char>(s[1]);
    const auto b2 = static_cast<unsigned char>(s[2]);
    if (b0 == 0xE1 && b1 == 0x9A && b2 == 0x80) return 3;  // U+1680
    if (b0 == 0xE2 && b1 == 0x80 && (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF))
        return 3;
    if (b0 == 0xE2 && b1 == 0x81 && b2 == 0x9F) return 3;  // U+205F
    if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80) return 3;  // U+3000
    if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) return 3;  // U+FEFF
    return 0;
}

// Length of a Unicode space ending `s`.
std::size_t space_before_end(std::string_view s) {
    for (std::size_t len : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
        if (s.size() >= len && space_at(s.substr(s.size() - len)) == len) return len;
    }
    return 0;
}

std::string_view trim(std::string_view s) {
    while (std::size_t n = space_at(s)) s.remove_prefix(n);
    while (std::size_t n = space_before_end(s)) s.remove_suffix(n);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

struct Marker {
    std::string_view text;
    MissingReason reason;
};

// clang-format off
constexpr std::array kMarkers{
    Marker{"-", MissingReason::not_available},
    Marker{"--", MissingReason::not_available},
    Marker{"\u2013", MissingReason::not_available},  // en dash
    Marker{"\u2014", MissingReason::not_available},  // em dash
    Marker{"\u2212", MissingReason::not_available},  // minus sign
    Marker{"..", MissingReason::not_available},
    Marker{"...", MissingReason::not_available},
    Marker{"\u2026", MissingReason::not_available},  // ellipsis
    Marker{":", MissingReason::not_available},
    Marker{"n/k", MissingReason::not_available},
    // GSS symbol "no data recorded in this category" (NHS Digital's ASCS annex tables).
    Marker{"[w]", MissingReason::not_available},
    Marker{"[x]", MissingReason::suppressed},
    Marker{"x", MissingReason::suppressed},
    Marker{"*", MissingReason::suppressed},
    Marker{"[c]", MissingReason::suppressed},
    Marker{"[z]", MissingReason::not_applicable},
    Marker{"n/a", MissingReason::not_applicable},
    Marker{"na", MissingReason::not_applicable},
    Marker{"n.a.", MissingReason::not_applicable},
    Marker{"[u]", MissingReason::low_quality},
    Marker{"[low]", MissingReason::low_quality},
};
// clang-format on

constexpr std::array<std::string_view, 7> kErrorValues{"#N/A",   "#DIV/0!", "#VALUE!", "#REF!",
                                                       "#NAME?", "#NUM!",   "#NULL!"};

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

ParsedValue missing(MissingReason reason, std::string_view text) {
    ParsedValue v;
    v.kind = ParsedValue::Kind::missing;
    v.missing = reason;
    v.text = std::string(text);
    return v;
}

ParsedValue error_value(std::string_view text) {
    ParsedValue v = missing(MissingReason::not_available, text);
    v.corrections.push_back("error value " + std::string(text));
    return v;
}

// Decimal places in the shortest text of a value ("0.822" 3, "1e-20" 20, "1500" 0).
int shortest_decimals(double value) {
    if (!std::isfinite(value)) return -1;
    char buf[64];
    auto [end, ec] = detail::to_chars(buf, buf + sizeof buf, value);
    if (ec != std::errc{}) return -1;
    std::string_view s(buf, static_cast<std::size_t>(end - buf));
    int exponent = 0;
    if (auto e = s.find_first_of("eE"); e != std::string_view::npos) {
        exponent = std::atoi(std::string(s.substr(e + 1)).c_str());
        s = s.substr(0, e);
    }
    int fraction = 0;
    if (auto dot = s.find('.'); dot != std::string_view::npos)
        fraction = static_cast<int>(s.size() - dot - 1);
    return std::max(0, fraction - exponent);
}

// Parses the number grammar described above; nullopt when the text is not a number.
std::optional<ParsedValue> parse_number(std::string_view s) {
    ParsedValue v;
    v.kind = ParsedValue::Kind::number;
    // A trailing "*" flag (one or more).
    if (s.size() > 1 && s.back() == '*') {
        while (!s.empty() && s.back() == '*') s.remove_suffix(1);
        s = trim(s);
        v.corrections.push_back("trailing * read as a flag");
    }
    bool negative = false;
    if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
        s = trim(s.substr(1, s.size() - 2));
        negative = true;
        v.corrections.push_back("accounting brackets read as negative");
    }
    bool sign = false, currency = false;
    for (;;) {
        if (!sign && !s.empty() && (s[0] == '-' || s[0] == '+')) {
            if (negative) return std::nullopt;  // "(-3)"
            negative = s[0] == '-';
            sign = true;
            s.remove_prefix(1);
        } else if (!sign && starts_with(s, "\u2212")) {
            if (negative) return std::nullopt;
            negative = sign = true;
            s.remove_prefix(3);
            v.corrections.push_back("U+2212 minus read as -");
        } else if (!currency &&
                   (starts_with(s, "\u00a3") || starts_with(s, "$") || starts_with(s, "\u20ac"))) {
            const std::size_t len = s[0] == '$' ? 1 : starts_with(s, "\u00a3") ? 2 : 3;
            v.corrections.push_back("currency symbol " + std::string(s.substr(0, len)) +
                                    " dropped");
            s = trim(s.substr(len));
            currency = true;
        } else {
            break;
        }
    }
    // Digits, thousands groups, fraction, exponent.
    std::string clean;
    std::size_t i = 0;
    auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    std::size_t group = 0, groups = 0;
    bool first_group_ok = true;
    while (i < s.size() && (digit(i) || s[i] == ',')) {
        if (s[i] == ',') {
            if (groups == 0)
                first_group_ok = group >= 1 && group <= 3;
            else if (group != 3)
                return std::nullopt;
            if (!first_group_ok) return std::nullopt;
            ++groups;
            group = 0;
        } else {
            clean += s[i];
            ++group;
        }
        ++i;
    }
    if (groups > 0 && group != 3) return std::nullopt;
    const bool has_integer = !clean.empty();
    int fraction = 0;
    if (i < s.size() && s[i] == '.') {
        clean += '.';
        ++i;
        while (digit(i)) {
            clean += s[i];
            ++i;
            ++fraction;
        }
    }
    if (!has_integer && fraction == 0) return std::nullopt;
    int exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t k = i + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (!digit(k)) return std::nullopt;
        const std::size_t from = i + 1;
        while (digit(k)) ++k;
        exponent = std::atoi(std::string(s.substr(from, k - from)).c_str());
        clean += 'e';
        clean += s.substr(from, k - from);
        i = k;
    }
    std::string_view rest = trim(s.substr(i));
    if (rest == "%") {
        if (currency) return std::nullopt;
        v.percent = true;
    } else if (!rest.empty()) {
        return std::nullopt;
    }
    double value = 0;
    auto [end, ec] = detail::from_chars(clean.data(), clean.data() + clean.size(), value);
    if (ec != std::errc{} || end != clean.data() + clean.size() || !std::isfinite(value))
        return std::nullopt;
    v.decimals = std::max(0, fraction - exponent);
    const double tidy = remove_float_noise(value);
    if (tidy != value) {
        v.corrections.push_back("removed float noise");
        v.decimals = shortest_decimals(tidy);
    }
    v.value = negative ? -tidy : tidy;
    if (v.value == 0) v.value = 0;  // no -0
    return v;
}

// The first section of a format code, walked with quoted text, brackets, escapes and padding
// skipped; `visit` sees every remaining character.
template <typename Visit>
void walk_first_section(std::string_view code, Visit visit) {
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == ';') return;
        if (c == '"') {
            const auto close = code.find('"', i + 1);
            if (close == std::string_view::npos) return;
            i = close;
        } else if (c == '[') {
            const auto close = code.find(']', i + 1);
            if (close == std::string_view::npos) return;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else {
            visit(c, i);
        }
    }
}

}  // namespace

ParsedValue parse_value_text(std::string_view raw) {
    const std::string_view text = trim(raw);
    if (text.empty()) return missing(MissingReason::none, "");
    for (const auto& marker : kMarkers) {
        if (iequals(text, marker.text)) return missing(marker.reason, text);
    }
    for (auto error : kErrorValues) {
        if (iequals(text, error)) return error_value(text);
    }
    if (auto number = parse_number(text)) return *std::move(number);
    ParsedValue v;
    v.kind = ParsedValue::Kind::text;
    v.text = std::string(text);
    return v;
}

ParsedValue parse_value_cell(const Workbook& workbook, const Cell& cell) {
    switch (cell.type) {
        case CellType::empty:
            return missing(MissingReason::none, "");
        case CellType::text:
            return parse_value_text(workbook.text(cell));
        case CellType::error:
            return error_value(workbook.text(cell));
        case CellType::boolean: {
            ParsedValue v;
            v.kind = ParsedValue::Kind::text;
            v.text = cell.number != 0 ? "TRUE" : "FALSE";
            return v;
        }
        case CellType::date_time: {
            ParsedValue v;
            v.kind = ParsedValue::Kind::text;
            v.text = serial_to_iso(cell.number);
            return v;
        }
        case CellType::number:
            break;
    }
    const std::string& format = workbook.style(cell).number_format;
    ParsedValue v;
    v.kind = ParsedValue::Kind::number;
    if (remove_float_noise(cell.number) != cell.number)
        v.corrections.push_back("removed float noise");
    v.percent = format_is_percent(format);
    v.value = remove_float_noise(v.percent ? cell.number * 100 : cell.number);
    if (v.value == 0) v.value = 0;
    v.decimals = format_decimals(format);
    if (v.decimals < 0) v.decimals = shortest_decimals(v.value);
    return v;
}

double remove_float_noise(double value) noexcept {
    if (!std::isfinite(value) || value == 0) return value;
    char buf[64];
    auto [end, ec] = detail::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 15);
    if (ec != std::errc{}) return value;
    double out = value;
    auto [stop, ec2] = detail::from_chars(buf, end, out);
    if (ec2 != std::errc{} || stop != end) return value;
    return out;
}

int format_decimals(std::string_view number_format) noexcept {
    bool placeholder = false, after_point = false, exponent = false, general = false;
    int decimals = 0;
    walk_first_section(number_format, [&](char c, std::size_t i) {
        if ((c == 'g' || c == 'G') && number_format.size() - i >= 7) {
            general = general || iequals(number_format.substr(i, 7), "general");
        }
        if ((c == 'e' || c == 'E') && i + 1 < number_format.size() &&
            (number_format[i + 1] == '+' || number_format[i + 1] == '-'))
            exponent = true;
        if (exponent) return;
        if (c == '0' || c == '#' || c == '?') {
            placeholder = true;
            if (after_point) ++decimals;
        } else if (c == '.') {
            after_point = true;
        }
    });
    if (general || !placeholder) return -1;
    if (detail::is_date_format(number_format)) return -1;
    return decimals;
}

bool format_is_percent(std::string_view number_format) noexcept {
    bool percent = false;
    walk_first_section(number_format, [&](char c, std::size_t) { percent = percent || c == '%'; });
    return percent;
}

}  // namespace kpimap
