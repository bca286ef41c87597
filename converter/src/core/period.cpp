// Period rules (the contract for kpimap/period.hpp; docs copy this block).
//
// Input is first tidied: surrounding and repeated whitespace (including NBSP and other Unicode
// spaces) is collapsed, and the dashes U+2010, U+2011, U+2012, U+2013 (en dash), U+2014 (em
// dash) and U+2212 (minus) read as "-". Letters are case-insensitive. Spaces may stand around
// "-" and "/" ("2012 - 14", "2015/16 - 19/20").
//
// Years: four digits 1900-2099. Two-digit years: 00-79 are 20xx, 80-99 are 19xx. A two-digit end
// year after a four-digit start takes the start's century, rolling into the next one when it
// would not be later ("1999/00" ends in 2000).
//
//  "2015"                        calendar_year  2015-01-01..2015-12-31, years 1, label "2015"
//  "13/14" "2013/14" "2013/2014" financial_year 2013-04-01..2014-03-31, years 1, label "2013/14"
//  "2013-14" "2013–14" "2013-2014"   (end = start + 1; with "-" the start must have four digits,
//                                 so "15-17" in "aged 15-17" is not a period)
//  "2012-14" "2011-2013" "2012 - 14"  calendar_span: "-" and end 2..20 years after start;
//                                 2012-01-01..2014-12-31, years 3, label "2012-14" (four-digit
//                                 end year in the label only when the century changes)
//  "13/15" "2016/13" "2013/13"    not periods: "/" means a financial year, whose end must be the
//                                 next year
//  "2015/16 - 19/20"             financial_span: two financial years joined by "-", the second
//                                 later, 2..21 years; 2015-04-01..2020-03-31, years 5, label
//                                 "2015/16-2019/20"
//  "2016 Q1" "Q1 2016" "2016Q1" "2016-Q1"   calendar quarter Jan-Mar 2016, label "2016 Q1"
//  "Q1 2016/17" "2016/17 Q1"     financial quarter (Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec,
//                                 Q4 Jan-Mar): 2016-04-01..2016-06-30, label "2016/17 Q1",
//                                 financial_quarter true; quarters have years 0
//  "Apr 2016" "April 2016" "Apr-16" "Sept 2016" "2016-04"   month 2016-04-01..2016-04-30,
//                                 label "2016-04", years 0. A two-digit year only after a dash
//                                 ("Apr-16"), so "March 31" is not March 2031. "YYYY-NN" is a
//                                 financial year when NN is the next year ("2011-12"), a span
//                                 when NN is 2..20 years on ("2010-12"), else a month ("2016-04").
//  "31/12/2016" "31/12/16" "31-12-2016" "31.12.2016"   date, UK day/month/year; also ISO
//  "2016-12-31" (a time part "T13:45:00" is ignored) and "31 Dec 2016" / "31 December 2016":
//                                 start = end = "2016-12-31", years 0, label "2016-12-31".
//                                 Impossible dates (31/02/2016, month 13) are not periods.
//  period_from_serial(42735)     date 2016-12-31 (1900 date system; the time of day is dropped;
//                                 serials below 1 or not finite give 1900-01-01).
//  period_from_number(2015)      calendar_year 2015 (a whole number 1900-2100); other numbers
//                                 1..2958465 are date serials (42735.5 gives 2016-12-31); 0,
//                                 negative, larger or not finite: not a period.
//
// Anything else is not a period: "1", "Year 1", "13/15", "2016/13", "Q5 2016", "Apr 2016/17",
// text around a period ("2013/14 (provisional)") for parse_period.
//
// find_period looks for the longest run of tokens (numbers, words, symbols) inside the text that
// parses as a period: "Year 1 – 20/21" gives 2020/21 (never "Year 1"), "Value 2015" gives 2015,
// "2013/14 (provisional)" gives 2013/14. A candidate must not be glued to a number by "." or ","
// (so "2015.5" and "1,2015" hold no period). Ties between equally long runs go to the first.
//
// Ordering: by end date, then start date with the later start first (so the span 2012-14 sorts
// after 2014 and 2014 Q1 before 2013/14), then kind, years and the quarter flag. comparable():
// same kind and same number of years.
#include "kpimap/period.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/compat.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap {

const char* period_kind_name(PeriodKind kind) noexcept {
    switch (kind) {
        case PeriodKind::calendar_year:
            return "calendar_year";
        case PeriodKind::financial_year:
            return "financial_year";
        case PeriodKind::calendar_span:
            return "calendar_span";
        case PeriodKind::financial_span:
            return "financial_span";
        case PeriodKind::quarter:
            return "quarter";
        case PeriodKind::month:
            return "month";
        case PeriodKind::date:
            return "date";
    }
    return "unknown";
}

namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2099;
constexpr int kMaxSpanYears = 21;

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

std::string iso(int y, int m, int d) {
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

int iso_year(const std::string& date) {
    return std::stoi(date.substr(0, 4));
}
int iso_month(const std::string& date) {
    return std::stoi(date.substr(5, 2));
}

// Two digits to a full year by the 00-79 / 80-99 pivot.
int pivot_year(int two) {
    return two < 80 ? 2000 + two : 1900 + two;
}

Period make(PeriodKind kind, std::string start, std::string end, int years) {
    Period p;
    p.kind = kind;
    p.start = std::move(start);
    p.end = std::move(end);
    p.years = years;
    return p;
}

Period calendar_year(int y) {
    return make(PeriodKind::calendar_year, iso(y, 1, 1), iso(y, 12, 31), 1);
}
Period financial_year(int y) {
    return make(PeriodKind::financial_year, iso(y, 4, 1), iso(y + 1, 3, 31), 1);
}
Period month_period(int y, int m) {
    return make(PeriodKind::month, iso(y, m, 1), iso(y, m, days_in_month(y, m)), 0);
}
Period date_period(int y, int m, int d) {
    return make(PeriodKind::date, iso(y, m, d), iso(y, m, d), 0);
}

// ---- Tidying and tokens -------------------------------------------------------------------

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes read as U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const int extra = b0 < 0x80         ? 0
                      : (b0 >> 5) == 6  ? 1
                      : (b0 >> 4) == 14 ? 2
                      : (b0 >> 3) == 30 ? 3
                                        : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t c = extra == 0 ? b0 : b0 & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        c = (c << 6) | (b & 0x3F);
    }
    i += static_cast<std::size_t>(extra) + 1;
    return c;
}

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_dash(char32_t c) {
    return c == '-' || (c >= 0x2010 && c <= 0x2014) || c == 0x2212;
}

// Collapses spaces, maps dashes to '-', lower-cases ASCII; other non-ASCII stays as is.
std::string tidy(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t from = i;
        const char32_t c = next_code_point(text, i);
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        if (is_dash(c)) {
            out += '-';
        } else if (c < 0x80) {
            char a = static_cast<char>(c);
            if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
            out += a;
        } else {
            out.append(text.substr(from, i - from));
        }
    }
    return out;
}

struct Token {
    enum class Type : std::uint8_t { number, word, symbol };
    Type type = Type::symbol;
    std::string_view text;
    std::size_t begin = 0;  // byte offsets in the tidied text
    std::size_t end = 0;
    int value = 0;  // numbers of up to 9 digits; -1 when longer

    bool num(std::size_t digits) const { return type == Type::number && text.size() == digits; }
    bool num_1_2() const { return type == Type::number && (text.size() == 1 || text.size() == 2); }
    bool sym(char c) const { return type == Type::symbol && text.size() == 1 && text[0] == c; }
    bool word() const { return type == Type::word; }
};

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> tokens;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    auto alpha = [](char c) { return c >= 'a' && c <= 'z'; };
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == ' ') {
            ++i;
            continue;
        }
        Token t;
        t.begin = i;
        if (digit(s[i])) {
            t.type = Token::Type::number;
            while (i < s.size() && digit(s[i])) ++i;
        } else if (alpha(s[i])) {
            t.type = Token::Type::word;
            while (i < s.size() && alpha(s[i])) ++i;
        } else {
            t.type = Token::Type::symbol;
            next_code_point(s, i);
        }
        t.end = i;
        t.text = s.substr(t.begin, t.end - t.begin);
        if (t.type == Token::Type::number) {
            if (t.text.size() > 9) {
                t.value = -1;
            } else {
                for (char c : t.text) t.value = t.value * 10 + (c - '0');
            }
        }
        tokens.push_back(t);
    }
    return tokens;
}

using Tokens = std::vector<Token>;

// ---- Pieces ---------------------------------------------------------------------------------

std::optional<int> year4(const Token& t) {
    if (!t.num(4) || t.value < kMinYear || t.value > kMaxYear) return std::nullopt;
    return t.value;
}

// A year written with two or four digits.
std::optional<int> year2or4(const Token& t) {
    if (t.num(2)) return pivot_year(t.value);
    return year4(t);
}

// The full end year of "start<sep>end" where end has two or four digits.
std::optional<int> end_year(int start, const Token& t) {
    if (t.num(4)) return year4(t);
    if (!t.num(2)) return std::nullopt;
    int y = start - start % 100 + t.value;
    if (y <= start) y += 100;
    return y;
}

int month_from_word(std::string_view w) {
    static constexpr std::array<std::string_view, 12> kFull{
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (std::size_t m = 0; m < 12; ++m) {
        if (w == kFull[m] || w == kFull[m].substr(0, 3)) return static_cast<int>(m) + 1;
    }
    if (w == "sept") return 9;
    return 0;
}

// "2013/14", "13/14", "2013-14", "2013-2014" at tokens[i..i+3): the financial year's start.
std::optional<int> financial_year_at(const Tokens& t, std::size_t i) {
    if (i + 3 > t.size()) return std::nullopt;
    const bool slash = t[i + 1].sym('/');
    if (!slash && !t[i + 1].sym('-')) return std::nullopt;
    const auto start = slash ? year2or4(t[i]) : year4(t[i]);
    if (!start) return std::nullopt;
    const auto end = end_year(*start, t[i + 2]);
    if (!end || *end != *start + 1) return std::nullopt;
    return start;
}

// A calendar or financial quarter written "Q1" as tokens "q" "1".
std::optional<int> quarter_at(const Tokens& t, std::size_t i) {
    if (i + 2 > t.size() || t[i].text != "q" || !t[i + 1].num(1)) return std::nullopt;
    if (t[i + 1].value < 1 || t[i + 1].value > 4) return std::nullopt;
    return t[i + 1].value;
}

Period calendar_quarter(int y, int q) {
    const int m = (q - 1) * 3 + 1;
    return make(PeriodKind::quarter, iso(y, m, 1), iso(y, m + 2, days_in_month(y, m + 2)), 0);
}

Period financial_quarter(int fy, int q) {
    const int y = q == 4 ? fy + 1 : fy;
    const int m = q == 4 ? 1 : q * 3 + 1;
    Period p = make(PeriodKind::quarter, iso(y, m, 1), iso(y, m + 2, days_in_month(y, m + 2)), 0);
    p.financial_quarter = true;
    return p;
}

std::optional<Period> checked_date(int y, int m, int d) {
    if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return std::nullopt;
    return date_period(y, m, d);
}

// ---- Whole-run matching -------------------------------------------------------------------

// The period written by exactly the tokens t[b, b + n).
std::optional<Period> match(const Tokens& t, std::size_t b, std::size_t n) {
    auto at = [&](std::size_t k) -> const Token& { return t[b + k]; };
    switch (n) {
        case 1: {
            if (auto y = year4(at(0))) return calendar_year(*y);
            return std::nullopt;
        }
        case 2: {
            // "Apr 2016", "April 2016" (two-digit years only with a dash: "Apr-16")
            if (at(0).word()) {
                if (int m = month_from_word(at(0).text); m != 0) {
                    if (auto y = year4(at(1))) return month_period(*y, m);
                }
            }
            return std::nullopt;
        }
        case 3: {
            // "2013/14", "2013-14", "2012-14", "2011-2013"
            if (at(0).type == Token::Type::number && (at(1).sym('/') || at(1).sym('-')) &&
                at(2).type == Token::Type::number) {
                if (auto fy = financial_year_at(t, b)) return financial_year(*fy);
                if (at(1).sym('-')) {
                    if (auto start = year4(at(0))) {
                        if (auto end = end_year(*start, at(2))) {
                            const int years = *end - *start + 1;
                            if (years >= 3 && years <= kMaxSpanYears && *end <= kMaxYear) {
                                return make(PeriodKind::calendar_span, iso(*start, 1, 1),
                                            iso(*end, 12, 31), years);
                            }
                        }
                        // "2016-04"
                        if (at(2).num(2) && at(2).value >= 1 && at(2).value <= 12)
                            return month_period(*start, at(2).value);
                    }
                }
                return std::nullopt;
            }
            // "2016 Q1", "Q1 2016"
            if (auto y = year4(at(0))) {
                if (auto q = quarter_at(t, b + 1)) return calendar_quarter(*y, *q);
            }
            if (auto q = quarter_at(t, b)) {
                if (auto y = year4(at(2))) return calendar_quarter(*y, *q);
            }
            // "Apr-16", "Apr-2016"
            if (at(0).word() && at(1).sym('-')) {
                if (int m = month_from_word(at(0).text); m != 0) {
                    if (auto y = year2or4(at(2))) return month_period(*y, m);
                }
            }
            // "31 Dec 2016"
            if (at(0).num_1_2() && at(1).word()) {
                if (int m = month_from_word(at(1).text); m != 0) {
                    if (auto y = year4(at(2))) return checked_date(*y, m, at(0).value);
                }
            }
            return std::nullopt;
        }
        case 4: {
            // "2016-Q1"
            if (at(1).sym('-')) {
                if (auto y = year4(at(0))) {
                    if (auto q = quarter_at(t, b + 2)) return calendar_quarter(*y, *q);
                }
            }
            return std::nullopt;
        }
        case 5: {
            // "2016/17 Q1", "Q1 2016/17"
            if (auto fy = financial_year_at(t, b)) {
                if (auto q = quarter_at(t, b + 3)) return financial_quarter(*fy, *q);
            }
            if (auto q = quarter_at(t, b)) {
                if (auto fy = financial_year_at(t, b + 2)) return financial_quarter(*fy, *q);
            }
            // "31/12/2016", "31-12-16", "31.12.2016"
            if (at(0).num_1_2() && at(2).num_1_2() && at(1).type == Token::Type::symbol &&
                at(1).text == at(3).text && (at(1).sym('/') || at(1).sym('-') || at(1).sym('.'))) {
                if (auto y = year2or4(at(4))) return checked_date(*y, at(2).value, at(0).value);
                return std::nullopt;
            }
            // "2016-12-31"
            if (at(1).sym('-') && at(3).sym('-') && at(2).num(2) && at(4).num(2)) {
                if (auto y = year4(at(0))) return checked_date(*y, at(2).value, at(4).value);
            }
            return std::nullopt;
        }
        case 6: {
            // "2016/17 - Q1"
            if (auto fy = financial_year_at(t, b); fy && at(3).sym('-')) {
                if (auto q = quarter_at(t, b + 4)) return financial_quarter(*fy, *q);
            }
            return std::nullopt;
        }
        case 7: {
            // "2015/16 - 19/20"
            if (!at(3).sym('-')) return std::nullopt;
            const auto first = financial_year_at(t, b);
            const auto last = financial_year_at(t, b + 4);
            if (!first || !last || *last <= *first) return std::nullopt;
            const int years = *last - *first + 1;
            if (years > kMaxSpanYears) return std::nullopt;
            return make(PeriodKind::financial_span, iso(*first, 4, 1), iso(*last + 1, 3, 31),
                        years);
        }
        default:
            return std::nullopt;
    }
}

constexpr std::size_t kMaxRun = 7;

// Drops a time part from ISO date-times ("2016-12-31T13:45:00" -> "2016-12-31").
std::string_view drop_iso_time(std::string_view s) {
    if (s.size() > 10 && s[4] == '-' && s[7] == '-' && (s[10] == 't' || s[10] == 'T')) {
        for (std::size_t i = 11; i < s.size(); ++i) {
            const char c = s[i];
            if (!((c >= '0' && c <= '9') || c == ':' || c == '.' || c == 'z' || c == 'Z')) return s;
        }
        return s.substr(0, 10);
    }
    return s;
}

}  // namespace

std::string Period::label() const {
    if (start.size() < 10 || end.size() < 10) return start;
    const int y = iso_year(start);
    const int ey = iso_year(end);
    auto fy_label = [](int fy) { return fmt::format("{}/{:02}", fy, (fy + 1) % 100); };
    switch (kind) {
        case PeriodKind::calendar_year:
            return fmt::format("{}", y);
        case PeriodKind::financial_year:
            return fy_label(y);
        case PeriodKind::calendar_span:
            if (y / 100 == ey / 100) return fmt::format("{}-{:02}", y, ey % 100);
            return fmt::format("{}-{}", y, ey);
        case PeriodKind::financial_span:
            return fy_label(y) + "-" + fy_label(ey - 1);
        case PeriodKind::quarter: {
            const int m = iso_month(start);
            if (!financial_quarter) return fmt::format("{} Q{}", y, (m - 1) / 3 + 1);
            const int fy = m >= 4 ? y : y - 1;
            return fmt::format("{} Q{}", fy_label(fy), (m + 8) % 12 / 3 + 1);
        }
        case PeriodKind::month:
            return start.substr(0, 7);
        case PeriodKind::date:
            return start;
    }
    return start;
}

std::strong_ordering Period::operator<=>(const Period& other) const {
    // detail::compare_three_way: libc++ 13 (the WebAssembly build) has no <=> on std::string.
    if (auto c = detail::compare_three_way(end, other.end); c != 0) return c;
    if (auto c = detail::compare_three_way(other.start, start); c != 0)
        return c;  // later start (shorter) first
    if (auto c = kind <=> other.kind; c != 0) return c;
    if (auto c = years <=> other.years; c != 0) return c;
    return financial_quarter <=> other.financial_quarter;
}

std::optional<Period> parse_period(std::string_view text) {
    const std::string tidied = tidy(text);
    const Tokens tokens = tokenize(drop_iso_time(tidied));
    if (tokens.empty() || tokens.size() > kMaxRun) return std::nullopt;
    return match(tokens, 0, tokens.size());
}

std::optional<Period> find_period(std::string_view text) {
    const std::string tidied = tidy(text);
    const Tokens tokens = tokenize(tidied);
    // A run must not continue a number through "." or "," ("2015.5", "1,2015").
    auto glued = [&](std::size_t a, std::size_t b) {
        const Token& x = tokens[a];
        const Token& y = tokens[b];
        return x.end == y.begin;
    };
    auto number_joint = [&](std::size_t sym, std::size_t other) {
        const Token& s = tokens[sym];
        return (s.sym('.') || s.sym(',')) && tokens[other].type == Token::Type::number &&
               (sym < other ? glued(sym, other) : glued(other, sym));
    };
    std::optional<Period> best;
    std::size_t best_len = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i >= 2 && glued(i - 1, i) && tokens[i].type == Token::Type::number &&
            number_joint(i - 1, i - 2))
            continue;
        for (std::size_t n = std::min(kMaxRun, tokens.size() - i); n > best_len; --n) {
            const std::size_t last = i + n - 1;
            if (last + 2 < tokens.size() && glued(last, last + 1) &&
                tokens[last].type == Token::Type::number && number_joint(last + 1, last + 2))
                continue;
            if (auto p = match(tokens, i, n)) {
                best = std::move(p);
                best_len = n;
                break;
            }
        }
    }
    return best;
}

Period period_from_serial(double serial) {
    double day = std::isfinite(serial) ? std::floor(serial) : 1;
    if (day < 1) day = 1;
    if (day > 2958465) day = 2958465;  // 9999-12-31
    const std::string text = serial_to_iso(day);
    Period p = make(PeriodKind::date, text.substr(0, 10), text.substr(0, 10), 0);
    return p;
}

std::optional<Period> period_from_number(double number) {
    if (!std::isfinite(number) || number < 1 || number >= 2958466) return std::nullopt;
    if (number == std::floor(number) && number >= 1900 && number <= 2100)
        return calendar_year(static_cast<int>(number));
    return period_from_serial(number);
}

bool comparable(const Period& a, const Period& b) noexcept {
    return a.kind == b.kind && a.years == b.years;
}

}  // namespace kpimap
