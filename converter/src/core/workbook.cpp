#include "kpimap/workbook.hpp"

#include "core/compat.hpp"
#include "core/number_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace kpimap {

std::string column_name(std::uint32_t col) {
    if (col >= kMaxColumns) return {};
    std::string name;
    std::uint32_t n = col + 1;
    while (n > 0) {
        n -= 1;
        name.insert(name.begin(), static_cast<char>('A' + n % 26));
        n /= 26;
    }
    return name;
}

std::string to_a1(CellRef ref) {
    return column_name(ref.col) + std::to_string(ref.row + 1);
}

std::string range_to_a1(const Range& range) {
    if (range.first == range.last) return to_a1(range.first);
    return to_a1(range.first) + ":" + to_a1(range.last);
}

std::optional<std::uint32_t> parse_column_name(std::string_view text) noexcept {
    if (text.empty() || text.size() > 3) return std::nullopt;
    std::uint32_t col = 0;
    for (char c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') return std::nullopt;
        col = col * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
    }
    if (col == 0 || col > kMaxColumns) return std::nullopt;
    return col - 1;
}

std::optional<CellRef> parse_a1(std::string_view text) noexcept {
    std::size_t i = 0;
    if (i < text.size() && text[i] == '$') ++i;
    std::size_t letters = i;
    while (i < text.size() &&
           ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z')))
        ++i;
    auto col = parse_column_name(text.substr(letters, i - letters));
    if (!col) return std::nullopt;
    if (i < text.size() && text[i] == '$') ++i;
    if (i >= text.size()) return std::nullopt;
    std::uint32_t row = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), row);
    if (ec != std::errc{} || end != text.data() + text.size() || row == 0 || row > kMaxRows)
        return std::nullopt;
    return CellRef{row - 1, *col};
}

std::optional<Range> parse_a1_range(std::string_view text) noexcept {
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        auto one = parse_a1(text);
        if (!one) return std::nullopt;
        return Range{*one, *one};
    }
    auto a = parse_a1(text.substr(0, colon));
    auto b = parse_a1(text.substr(colon + 1));
    if (!a || !b) return std::nullopt;
    return Range{{std::min(a->row, b->row), std::min(a->col, b->col)},
                 {std::max(a->row, b->row), std::max(a->col, b->col)}};
}

const char* sheet_state_name(SheetState state) noexcept {
    switch (state) {
        case SheetState::visible:
            return "visible";
        case SheetState::hidden:
            return "hidden";
        case SheetState::very_hidden:
            return "veryHidden";
    }
    return "visible";
}

const char* cell_type_name(CellType type) noexcept {
    switch (type) {
        case CellType::empty:
            return "empty";
        case CellType::number:
            return "number";
        case CellType::text:
            return "text";
        case CellType::boolean:
            return "boolean";
        case CellType::error:
            return "error";
        case CellType::date_time:
            return "date_time";
    }
    return "empty";
}

const char* source_format_name(SourceFormat format) noexcept {
    switch (format) {
        case SourceFormat::xlsx:
            return "xlsx";
        case SourceFormat::xls:
            return "xls";
        case SourceFormat::ods:
            return "ods";
        case SourceFormat::csv:
            return "csv";
    }
    return "xlsx";
}

std::optional<Range> Sheet::used_range() const {
    std::optional<Range> used;
    for (const Row& row : rows) {
        if (row.cells.empty()) continue;
        const std::uint32_t lo = row.cells.front().col;
        const std::uint32_t hi = row.cells.back().col;
        if (!used) {
            used = Range{{row.index, lo}, {row.index, hi}};
            continue;
        }
        used->first.row = std::min(used->first.row, row.index);
        used->last.row = std::max(used->last.row, row.index);
        used->first.col = std::min(used->first.col, lo);
        used->last.col = std::max(used->last.col, hi);
    }
    return used;
}

const Cell* Sheet::find(CellRef ref) const {
    auto row = std::lower_bound(rows.begin(), rows.end(), ref.row,
                                [](const Row& r, std::uint32_t index) { return r.index < index; });
    if (row == rows.end() || row->index != ref.row) return nullptr;
    auto cell = std::lower_bound(row->cells.begin(), row->cells.end(), ref.col,
                                 [](const Cell& c, std::uint32_t col) { return c.col < col; });
    if (cell == row->cells.end() || cell->col != ref.col) return nullptr;
    return &*cell;
}

std::size_t Sheet::cell_count() const {
    std::size_t n = 0;
    for (const Row& row : rows) n += row.cells.size();
    return n;
}

const Range* Sheet::merged_range_at(CellRef ref) const {
    for (const Range& range : merged)
        if (range.contains(ref)) return &range;
    return nullptr;
}

std::uint32_t Workbook::add_string(std::string text) {
    // Strings built by appending (shifted formulas, decoded text) may hold twice their size;
    // the pool keeps them for the life of the workbook, so the slack is given back.
    if (text.capacity() > 64 && text.capacity() > text.size() + text.size() / 4)
        text.shrink_to_fit();
    strings.push_back(std::move(text));
    return static_cast<std::uint32_t>(strings.size() - 1);
}

const Sheet* Workbook::find_sheet(std::string_view name) const {
    for (const Sheet& sheet : sheets)
        if (sheet.name == name) return &sheet;
    return nullptr;
}

std::string_view Workbook::text(const Cell& cell) const {
    if ((cell.type != CellType::text && cell.type != CellType::error) ||
        cell.text >= strings.size())
        return {};
    return strings[cell.text];
}

std::string_view Workbook::formula(const Cell& cell) const {
    if (cell.formula >= strings.size()) return {};
    return strings[cell.formula];
}

const CellStyle& Workbook::style(const Cell& cell) const {
    if (cell.style >= styles.size()) return styles.front();
    return styles[cell.style];
}

std::string Workbook::value_text(const Cell& cell) const {
    switch (cell.type) {
        case CellType::empty:
            return {};
        case CellType::number:
            return format_number(cell.number);
        case CellType::boolean:
            return cell.number != 0 ? "TRUE" : "FALSE";
        case CellType::date_time: {
            const CellStyle& st = style(cell);
            if (!st.is_time_only) return serial_to_iso(cell.number);
            // "[h]:mm" shows a duration; "h:mm" the time of day, even on a full date-time.
            return detail::is_elapsed_format(st.number_format) ? serial_to_elapsed(cell.number)
                                                               : serial_to_time_of_day(cell.number);
        }
        case CellType::text:
        case CellType::error:
            return std::string(text(cell));
    }
    return {};
}

namespace {

// Days since 1970-01-01 to civil date (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yy + (m <= 2));
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Serial 0 is 1899-12-30 for serials >= 61; Excel's fictitious 1900-02-29 (serial 60) shifts
// the earlier ones by a day, as openpyxl and Excel itself do.
constexpr std::int64_t kSerialEpochDays = -25569;  // 1899-12-30 relative to 1970-01-01

}  // namespace

std::string serial_to_iso(double serial) {
    if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return format_number(serial);
    std::int64_t total_ms = static_cast<std::int64_t>(std::llround(serial * 86400000.0));
    std::int64_t days = total_ms / 86400000;
    std::int64_t ms = total_ms % 86400000;
    const bool time_only = days == 0;
    if (!time_only && days < 61) days += 1;
    int y;
    unsigned m, d;
    civil_from_days(days + kSerialEpochDays, y, m, d);
    const auto hh = ms / 3600000, mm = ms / 60000 % 60, ss = ms / 1000 % 60, frac = ms % 1000;
    std::string time = fmt::format("{:02}:{:02}:{:02}", hh, mm, ss);
    if (frac != 0) time += fmt::format(".{:03}", frac);
    if (time_only) return time;
    std::string date = fmt::format("{:04}-{:02}-{:02}", y, m, d);
    if (ms == 0) return date;
    return date + "T" + time;
}

std::string serial_to_elapsed(double serial) {
    if (!std::isfinite(serial) || serial < 0) return format_number(serial);
    const auto total_ms = static_cast<std::int64_t>(std::llround(serial * 86400000.0));
    const auto hh = total_ms / 3600000, mm = total_ms / 60000 % 60, ss = total_ms / 1000 % 60;
    std::string out = fmt::format("{:02}:{:02}:{:02}", hh, mm, ss);
    if (total_ms % 1000 != 0) out += fmt::format(".{:03}", total_ms % 1000);
    return out;
}

std::string serial_to_time_of_day(double serial) {
    if (!std::isfinite(serial) || serial < 0) return format_number(serial);
    const double whole = std::floor(serial);
    auto ms = static_cast<std::int64_t>(std::llround((serial - whole) * 86400000.0)) % 86400000;
    std::string out =
        fmt::format("{:02}:{:02}:{:02}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60);
    if (ms % 1000 != 0) out += fmt::format(".{:03}", ms % 1000);
    return out;
}

std::optional<double> iso_to_serial(std::string_view text) noexcept {
    auto number = [&](std::size_t pos, std::size_t len, int& out) {
        if (pos + len > text.size()) return false;
        for (std::size_t i = pos; i < pos + len; ++i)
            if (text[i] < '0' || text[i] > '9') return false;
        auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
        return ec == std::errc{} && end == text.data() + pos + len;
    };
    double serial = 0;
    std::size_t pos = 0;
    int y = 0, mo = 0, d = 0;
    if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
        if (!number(0, 4, y) || !number(5, 2, mo) || !number(8, 2, d)) return std::nullopt;
        static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] + (mo == 2 && leap ? 1 : 0))
            return std::nullopt;  // 2020-02-30, 2021-04-31
        std::int64_t days =
            days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) -
            kSerialEpochDays;
        if (days < 61) days -= 1;
        serial = static_cast<double>(days);
        pos = 10;
        if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' '))
            ++pos;
        else if (pos == text.size())
            return serial;
        else
            return std::nullopt;
    }
    int hh = 0, mi = 0, ss = 0;
    if (!number(pos, 2, hh) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
        !number(pos + 3, 2, mi))
        return std::nullopt;
    pos += 5;
    double fraction = 0;
    if (pos < text.size() && text[pos] == ':') {
        if (!number(pos + 1, 2, ss)) return std::nullopt;
        pos += 3;
        if (pos < text.size() && text[pos] == '.') {
            double scale = 0.1;
            ++pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                fraction += (text[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
        }
    }
    // 24:00:00 is the end of the day (ISO 8601); hour 25 or minute 60 is no time at all.
    const bool end_of_day = hh == 24 && mi == 0 && ss == 0 && fraction == 0;
    if ((hh > 23 && !end_of_day) || mi > 59 || ss > 59) return std::nullopt;
    // A trailing "Z" or "+hh:mm" offset is accepted and ignored: workbook times are local.
    // Anything else after the time is not ISO 8601.
    const std::string_view zone = text.substr(pos);
    if (!zone.empty() && zone != "Z") {
        int zh = 0, zm = 0;
        const bool sign = zone[0] == '+' || zone[0] == '-';
        const bool ok =
            sign && ((zone.size() == 3 && number(pos + 1, 2, zh)) ||
                     (zone.size() == 6 && zone[3] == ':' && number(pos + 1, 2, zh) &&
                      number(pos + 4, 2, zm)) ||
                     (zone.size() == 5 && number(pos + 1, 2, zh) && number(pos + 3, 2, zm)));
        if (!ok || zh > 23 || zm > 59) return std::nullopt;
    }
    return serial + (hh * 3600 + mi * 60 + ss + fraction) / 86400.0;
}

std::string format_number(double value) {
    if (value == 0) return "0";  // also folds -0
    char buf[64];
    auto [end, ec] = detail::to_chars(buf, buf + sizeof buf, value);
    if (ec != std::errc{}) return fmt::format("{}", value);
    return std::string(buf, end);
}

}  // namespace kpimap
