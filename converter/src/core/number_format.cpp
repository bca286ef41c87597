#include "core/number_format.hpp"

#include <array>

namespace kpimap::detail {

namespace {

// ECMA-376 Part 1, 18.8.30, with the codes openpyxl uses so both readers agree.
constexpr std::array<std::string_view, 50> kBuiltin = {
    "General",
    "0",
    "0.00",
    "#,##0",
    "#,##0.00",
    "\"$\"#,##0_);(\"$\"#,##0)",
    "\"$\"#,##0_);[Red](\"$\"#,##0)",
    "\"$\"#,##0.00_);(\"$\"#,##0.00)",
    "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)",
    "0%",
    "0.00%",
    "0.00E+00",
    "# ?/?",
    "# ?"
    "?/??",  // split: "??/" would read as a trigraph
    "mm-dd-yy",
    "d-mmm-yy",
    "d-mmm",
    "mmm-yy",
    "h:mm AM/PM",
    "h:mm:ss AM/PM",
    "h:mm",
    "h:mm:ss",
    "m/d/yy h:mm",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "#,##0 ;(#,##0)",
    "#,##0 ;[Red](#,##0)",
    "#,##0.00;(#,##0.00)",
    "#,##0.00;[Red](#,##0.00)",
    "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
    "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",
    "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
    "_(\"$\"* #,##0.00_)_(\"$\"* \\(#,##0.00\\)_(\"$\"* \"-\"??_)_(@_)",
    "mm:ss",
    "[h]:mm:ss",
    "mmss.0",
    "##0.0E+0",
    "@"};

}  // namespace

std::string_view builtin_number_format(std::uint32_t id) noexcept {
    return id < kBuiltin.size() ? kBuiltin[id] : std::string_view();
}

bool is_builtin_date_id(std::uint32_t id) noexcept {
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

namespace {

// Calls fn(lower-case letter) for each letter of the first section outside quotes, escapes and
// brackets; an elapsed-time bracket ([h], [mm], [ss]) reports '['. "General" and "E+" hold no
// date letters, so they need no special case.
template <typename Fn>
void for_each_format_letter(std::string_view code, Fn&& fn) {
    bool in_quote = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (in_quote) {
            if (c == '"') in_quote = false;
            continue;
        }
        switch (c) {
            case '"':
                in_quote = true;
                break;
            case '\\':
            case '_':
            case '*':
                ++i;
                break;
            case ';':
                return;
            case '[': {
                const std::size_t close = code.find(']', i);
                if (close == std::string_view::npos) return;
                const std::string_view inside = code.substr(i + 1, close - i - 1);
                if (!inside.empty()) {
                    const char first = static_cast<char>(inside[0] | 0x20);
                    if ((first == 'h' || first == 'm' || first == 's') &&
                        inside.find_first_not_of(inside[0]) == std::string_view::npos)
                        fn('[');
                }
                i = close;
                break;
            }
            default:
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
                    fn(static_cast<char>(c | 0x20));
                break;
        }
    }
}

}  // namespace

bool is_time_only_format(std::string_view code) noexcept {
    bool has_date = false, has_time = false;
    for_each_format_letter(code, [&](char c) {
        if (c == 'd' || c == 'y')
            has_date = true;
        else if (c == 'h' || c == 's' || c == '[')
            has_time = true;
    });
    // "mm" alone is ambiguous; with h or s around it is minutes, otherwise a month.
    return has_time && !has_date;
}

bool is_elapsed_format(std::string_view code) noexcept {
    bool elapsed = false;
    for_each_format_letter(code, [&](char c) { elapsed = elapsed || c == '['; });
    return elapsed;
}

bool moves_with_date_system(std::string_view code, double serial) noexcept {
    if (is_elapsed_format(code)) return false;
    return !(is_time_only_format(code) && serial >= 0 && serial < 1);
}

bool is_date_format(std::string_view code) noexcept {
    bool date = false;
    for_each_format_letter(code, [&](char c) {
        if (c == 'd' || c == 'm' || c == 'y' || c == 'h' || c == 's' || c == '[') date = true;
    });
    return date;
}

}  // namespace kpimap::detail
