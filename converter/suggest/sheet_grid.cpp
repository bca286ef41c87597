#include "suggest/sheet_grid.hpp"

#include <cmath>

#include "kpimap/value.hpp"

namespace kpimap::suggest {

namespace {

std::uint64_t key(std::uint32_t row, std::uint32_t col) {
    return (static_cast<std::uint64_t>(row) << 32) | col;
}

std::string trimmed(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// Longer text is a sentence that happens to name a year, not a header of a period column.
constexpr std::size_t kMaxPeriodHeaderLength = 32;

}  // namespace

void classify(const Workbook& workbook, GridCell& g) {
    const Cell& cell = *g.cell;
    const CellStyle& style = workbook.style(cell);
    g.bold = style.bold;
    g.filled = !style.fill_rgb.empty();
    g.text = trimmed(workbook.value_text(cell));
    switch (cell.type) {
        case CellType::date_time:
            g.cls = CellClass::period;
            g.period = period_from_serial(cell.number);
            return;
        case CellType::number:
        case CellType::boolean:
            g.cls = CellClass::number;
            if (cell.type == CellType::number && cell.number == std::floor(cell.number) &&
                cell.number >= 1900 && cell.number <= 2099)
                g.period = parse_period(g.text);
            return;
        case CellType::error:
            g.cls = CellClass::missing;
            return;
        default:
            break;
    }
    if (auto p = parse_period(g.text)) {
        g.cls = CellClass::period;
        g.period = p;
        return;
    }
    const ParsedValue v = parse_value_text(g.text);
    if (v.is_number()) {
        g.cls = CellClass::number;
        return;
    }
    if (v.kind == ParsedValue::Kind::missing) {
        g.cls = CellClass::missing;
        return;
    }
    if (g.text.size() <= kMaxPeriodHeaderLength)
        if (auto p = find_period(g.text)) {
            g.cls = CellClass::period;
            g.period = p;
            g.period_inside = true;
            return;
        }
    g.cls = CellClass::text;
}

SheetGrid::SheetGrid(const Workbook& wb, std::size_t sheet_index)
    : workbook(wb), sheet(wb.sheets[sheet_index]), index(sheet_index) {
    for (const Row& r : sheet.rows)
        for (const Cell& c : r.cells) {
            if (c.type == CellType::empty) continue;
            GridCell g;
            g.cell = &c;
            classify(wb, g);
            if (g.text.empty()) continue;
            cells_.emplace(key(r.index, c.col), std::move(g));
            row_columns_[r.index].push_back(c.col);
        }
    for (const auto& [row, cols] : row_columns_) row_list_.push_back(row);
}

const GridCell* SheetGrid::at(std::uint32_t row, std::uint32_t col) const {
    const auto it = cells_.find(key(row, col));
    return it == cells_.end() ? nullptr : &it->second;
}

std::string SheetGrid::text(std::uint32_t row, std::uint32_t col) const {
    const GridCell* g = at(row, col);
    return g ? g->text : std::string();
}

const std::vector<std::uint32_t>& SheetGrid::columns(std::uint32_t row) const {
    static const std::vector<std::uint32_t> none;
    const auto it = row_columns_.find(row);
    return it == row_columns_.end() ? none : it->second;
}

bool SheetGrid::merged_down(std::uint32_t row, std::uint32_t col) const {
    const Range* m = sheet.merged_range_at({row, col});
    return m != nullptr && m->first.row == row && m->first.col == col && m->last.row > row;
}

std::string regex_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (std::string_view("\\^$.|?*+()[]{}/").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string family_pattern(const std::string& text) {
    std::string out;
    std::size_t i = 0;
    bool last_space = false;
    while (i < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (std::isdigit(c)) {
            std::size_t j = i;
            while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
            out += "\\d{" + std::to_string(j - i) + "}";
            i = j;
            last_space = false;
            continue;
        }
        if (std::isspace(c)) {
            if (!last_space) out += "\\s*";
            last_space = true;
            ++i;
            continue;
        }
        last_space = false;
        // en dash (E2 80 93), em dash (E2 80 94) and hyphen are one family
        if (c == '-' || (c == 0xE2 && i + 2 < text.size() &&
                         static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                         (static_cast<unsigned char>(text[i + 2]) == 0x93 ||
                          static_cast<unsigned char>(text[i + 2]) == 0x94))) {
            out += "[–—-]";
            i += c == '-' ? 1 : 3;
            continue;
        }
        out += regex_escape(std::string(1, text[i]));
        ++i;
    }
    return out;
}

bool is_capitals(const std::string& text) {
    bool letter = false;
    for (unsigned char c : text) {
        if (std::islower(c)) return false;
        if (std::isupper(c)) letter = true;
    }
    return letter;
}

}  // namespace kpimap::suggest
