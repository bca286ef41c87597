#include "core/formula_shift.hpp"

#include <cctype>
#include <optional>

#include "kpimap/workbook.hpp"

namespace kpimap::detail {

namespace {

bool is_word_char(unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '$' || c == '\\' || c == '?' ||
           c >= 0x80;
}

struct Part {
    bool absolute = false;
    long value = 0;  // zero-based row or column
};

// "$AB" / "AB" -> column; nullopt when not a column name.
std::optional<Part> parse_col(std::string_view s) {
    Part p;
    if (!s.empty() && s[0] == '$') {
        p.absolute = true;
        s.remove_prefix(1);
    }
    auto col = parse_column_name(s);
    if (!col || s.empty()) return std::nullopt;
    for (char c : s)
        if (!std::isupper(static_cast<unsigned char>(c))) return std::nullopt;
    p.value = *col;
    return p;
}

// "$12" / "12" -> zero-based row; nullopt when not a row number.
std::optional<Part> parse_row(std::string_view s) {
    Part p;
    if (!s.empty() && s[0] == '$') {
        p.absolute = true;
        s.remove_prefix(1);
    }
    if (s.empty() || s.size() > 7) return std::nullopt;
    long v = 0;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v < 1 || v > static_cast<long>(kMaxRows)) return std::nullopt;
    p.value = v - 1;
    return p;
}

// Splits "$A$1" into column and row parts; nullopt when the word is not a cell reference.
std::optional<std::pair<Part, Part>> parse_cell(std::string_view word) {
    std::size_t i = 0;
    if (i < word.size() && word[i] == '$') ++i;
    while (i < word.size() && std::isupper(static_cast<unsigned char>(word[i]))) ++i;
    auto col = parse_col(word.substr(0, i));
    auto row = parse_row(word.substr(i));
    if (!col || !row) return std::nullopt;
    return std::make_pair(*col, *row);
}

bool move(Part& p, int by, long limit) {
    if (p.absolute) return true;
    p.value += by;
    return p.value >= 0 && p.value < limit;
}

std::string col_text(const Part& p) {
    return (p.absolute ? "$" : "") + column_name(static_cast<std::uint32_t>(p.value));
}
std::string row_text(const Part& p) {
    return (p.absolute ? "$" : "") + std::to_string(p.value + 1);
}

}  // namespace

std::string shift_formula(std::string_view f, int rows, int cols) {
    std::string out;
    out.reserve(f.size() + 8);
    std::size_t i = 0;
    while (i < f.size()) {
        const char c = f[i];
        if (c == '"' || c == '\'') {  // text literal or quoted sheet name, doubled quotes escape
            std::size_t j = i + 1;
            while (j < f.size()) {
                if (f[j] == c) {
                    if (j + 1 < f.size() && f[j + 1] == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            j = std::min(j + 1, f.size());
            out.append(f.substr(i, j - i));
            i = j;
            continue;
        }
        if (c == '[') {  // structured or external reference: copied as is
            int depth = 0;
            std::size_t j = i;
            for (; j < f.size(); ++j) {
                if (f[j] == '[')
                    ++depth;
                else if (f[j] == ']' && --depth == 0)
                    break;
            }
            j = std::min(j + 1, f.size());
            out.append(f.substr(i, j - i));
            i = j;
            continue;
        }
        if (!is_word_char(static_cast<unsigned char>(c))) {
            out.push_back(c);
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < f.size() && is_word_char(static_cast<unsigned char>(f[j]))) ++j;
        std::string_view word = f.substr(i, j - i);
        const char next = j < f.size() ? f[j] : '\0';
        // Whole-row (1:3) and whole-column (A:C) ranges.
        if (next == ':') {
            std::size_t k = j + 1;
            while (k < f.size() && is_word_char(static_cast<unsigned char>(f[k]))) ++k;
            std::string_view second = f.substr(j + 1, k - j - 1);
            auto r1 = parse_row(word), r2 = parse_row(second);
            auto c1 = parse_col(word), c2 = parse_col(second);
            if (r1 && r2) {
                const bool ok = move(*r1, rows, kMaxRows) && move(*r2, rows, kMaxRows);
                out += ok ? row_text(*r1) + ":" + row_text(*r2) : "#REF!";
                i = k;
                continue;
            }
            if (c1 && c2) {
                const bool ok = move(*c1, cols, kMaxColumns) && move(*c2, cols, kMaxColumns);
                out += ok ? col_text(*c1) + ":" + col_text(*c2) : "#REF!";
                i = k;
                continue;
            }
        }
        auto cell = (next == '(' || next == '!') ? std::nullopt : parse_cell(word);
        if (cell) {
            auto [col, row] = *cell;
            const bool ok = move(col, cols, kMaxColumns) && move(row, rows, kMaxRows);
            out += ok ? col_text(col) + row_text(row) : "#REF!";
        } else {
            out.append(word);
        }
        i = j;
    }
    return out;
}

}  // namespace kpimap::detail
