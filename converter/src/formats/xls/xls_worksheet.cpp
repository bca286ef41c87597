#include "formats/xls/xls_worksheet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

namespace kpimap::detail {

const char* biff_error_text(unsigned code) noexcept {
    switch (code) {
        case 0x00:
            return "#NULL!";
        case 0x07:
            return "#DIV/0!";
        case 0x0F:
            return "#VALUE!";
        case 0x17:
            return "#REF!";
        case 0x1D:
            return "#NAME?";
        case 0x24:
            return "#NUM!";
        case 0x2A:
            return "#N/A";
        default:
            return "#N/A";
    }
}

double decode_rk(std::uint32_t rk) noexcept {
    double v;
    if (rk & 0x02) {
        v = static_cast<double>(static_cast<std::int32_t>(rk) >> 2);
    } else {
        const std::uint64_t bits = std::uint64_t{rk & 0xFFFFFFFCu} << 32;
        std::memcpy(&v, &bits, 8);
    }
    return (rk & 0x01) ? v / 100 : v;
}

namespace {

constexpr double kDays1904 = 1462;  // 1904-01-01 minus 1900-01-00 in serial days

std::uint64_t key(std::uint32_t row, std::uint32_t col) {
    return std::uint64_t{row} << 32 | col;
}

class WorksheetReader {
public:
    WorksheetReader(std::string_view stream, XlsBook& book, Sheet& sheet)
        : stream_(stream), book_(book), sheet_(sheet), version_(book.globals().version) {}

    void read(std::size_t offset) {
        BiffCursor cursor(stream_, offset);
        cursor.next();  // the BOF record, checked by the caller
        int depth = 1;
        while (std::optional<BiffRecord> r = cursor.next()) {
            if (is_bof(r->type)) {
                ++depth;  // a chart embedded in the sheet: its records are not cells
                continue;
            }
            if (r->type == biff::kEof) {
                if (--depth == 0) break;
                continue;
            }
            if (depth != 1) continue;
            try {
                record(*r, cursor);
            } catch (const BiffError& e) {
                book_.diagnose(sheet_.name, "",
                               fmt::format("record {:#06x} at byte {} is damaged ({}); skipped",
                                           r->type, e.offset, e.what));
            }
        }
        if (cursor.truncated() || depth > 0) {
            book_.diagnose(sheet_.name, "",
                           fmt::format("the sheet's records end without an EOF record at byte "
                                       "{} (the file is cut short); the cells before it are read",
                                       cursor.position()));
        }
        finish();
    }

private:
    // One record of the sheet (not BOF/EOF).
    void record(const BiffRecord& r, BiffCursor& cursor) {
        // A STRING record follows its FORMULA, perhaps after the shared or array formula it
        // belongs to; any other record ends the wait.
        const bool keeps_pending = r.type == biff::kString || r.type == biff::kShrFmla ||
                                   r.type == biff::kShrFmla5 || r.type == biff::kArray ||
                                   r.type == biff::kTable || r.type == biff::kContinue;
        if (!keeps_pending) pending_string_.reset();
        switch (r.type) {
            case biff::kNumber:
                number(r.u16(0), r.u16(2), r.u16(4), r.f64(6));
                break;
            case biff::kRk:
                number(r.u16(0), r.u16(2), r.u16(4), decode_rk(r.u32(6)));
                break;
            case biff::kMulRk: {
                if (r.body.size() < 6) r.u32(r.body.size());  // throws: too short
                const std::uint16_t row = r.u16(0), first = r.u16(2);
                const std::size_t count = (r.body.size() - 6) / 6;
                for (std::size_t i = 0; i < count; ++i)
                    number(row, static_cast<std::uint32_t>(first + i), r.u16(4 + 6 * i),
                           decode_rk(r.u32(6 + 6 * i)));
                break;
            }
            case biff::kLabel:
            case biff::kRString: {
                std::size_t at = 6;
                std::string text = record_string(r, at, version_, 2, *book_.globals().code_page);
                text_cell(r.u16(0), r.u16(2), r.u16(4), book_.add_string(std::move(text)));
                break;
            }
            case biff::kLabelSst: {
                const std::uint32_t index = r.u32(6);
                if (std::optional<std::uint32_t> pooled = book_.shared_string(index)) {
                    text_cell(r.u16(0), r.u16(2), r.u16(4), *pooled);
                } else {
                    book_.diagnose(sheet_.name, to_a1({r.u16(0), r.u16(2)}),
                                   fmt::format("the cell names shared string {}, but the table "
                                               "holds {}; not read",
                                               index, book_.globals().shared_strings.size()));
                }
                break;
            }
            case biff::kBoolErr: {
                const std::uint8_t value = r.u8(6);
                if (r.u8(7))
                    error_cell(r.u16(0), r.u16(2), r.u16(4), value);
                else
                    boolean_cell(r.u16(0), r.u16(2), r.u16(4), value != 0);
                break;
            }
            case biff::kFormula:
            case biff::kFormula3:
            case biff::kFormula4:
                formula(r);
                break;
            case biff::kString:
                if (pending_string_) {
                    std::string text;
                    if (version_ == BiffVersion::biff8) {
                        ContinuedReader in(r, cursor);
                        text = in.rich_string();
                    } else {
                        std::size_t at = 0;
                        text = record_string(r, at, version_, 2, *book_.globals().code_page);
                    }
                    Cell& cell = cells_[*pending_string_].second;
                    if (text.empty())
                        cell.type = CellType::empty;  // "" is an empty cell, as in Excel
                    else
                        cell.text = book_.add_string(std::move(text));
                    pending_string_.reset();
                }
                break;
            case biff::kMergedCells: {
                const std::uint16_t count = r.u16(0);
                for (std::size_t i = 0; i < count && 2 + 8 * i + 8 <= r.body.size(); ++i) {
                    const std::size_t o = 2 + 8 * i;
                    const std::uint32_t r1 = r.u16(o), r2 = r.u16(o + 2);
                    const std::uint32_t c1 = r.u16(o + 4), c2 = r.u16(o + 6);
                    if (r1 <= r2 && c1 <= c2 && c2 < kMaxColumns)
                        sheet_.merged.push_back({{r1, c1}, {r2, c2}});
                }
                break;
            }
            case biff::kDimensions: {
                std::uint32_t first_row, end_row, first_col, end_col;
                if (version_ == BiffVersion::biff8) {
                    first_row = r.u32(0), end_row = r.u32(4);
                    first_col = r.u16(8), end_col = r.u16(10);
                } else {
                    first_row = r.u16(0), end_row = r.u16(2);
                    first_col = r.u16(4), end_col = r.u16(6);
                }
                if (end_row > first_row && end_col > first_col && end_row <= kMaxRows &&
                    end_col <= kMaxColumns)
                    sheet_.declared_dimension =
                        Range{{first_row, first_col}, {end_row - 1, end_col - 1}};
                break;
            }
            case biff::kColInfo: {
                const std::uint32_t first = r.u16(0), last = r.u16(2);
                if (first <= last && first < kMaxColumns) {
                    ColumnWidth width;
                    width.first = first;
                    width.last = std::min<std::uint32_t>(last, kMaxColumns - 1);
                    width.width = r.u16(4) / 256.0;
                    width.hidden = r.body.size() >= 10 && (r.u16(8) & 0x01);
                    sheet_.columns.push_back(width);
                }
                break;
            }
            default:
                break;
        }
    }

    void formula(const BiffRecord& r) {
        const std::uint32_t row = r.u16(0), col = r.u16(2);
        const std::uint16_t xf = r.u16(4);
        has_formulas_ = true;
        if (r.u16(12) != 0xFFFF) {
            number(row, col, xf, r.f64(6));
            return;
        }
        switch (r.u8(6)) {
            case 0:  // text: the STRING record that follows holds it
                if (Cell* cell = add(row, col, xf, CellType::text)) {
                    cell->text = kNoIndex;
                    pending_string_ = cells_.size() - 1;
                }
                break;
            case 1:
                boolean_cell(row, col, xf, r.u8(8) != 0);
                break;
            case 2:
                error_cell(row, col, xf, r.u8(8));
                break;
            default:  // 3: an empty string, an empty cell as in Excel
                break;
        }
    }

    // A new cell at (row, col), or nullptr (with a diagnostic) when it lies off the sheet.
    Cell* add(std::uint32_t row, std::uint32_t col, std::uint16_t xf, CellType type) {
        if (col >= kMaxColumns) {
            book_.diagnose(sheet_.name, "",
                           fmt::format("a record points at row {} column {}, outside the sheet; "
                                       "not read (re-save the workbook to repair it)",
                                       row + 1, col + 1));
            return nullptr;
        }
        book_.count_cell(sheet_.name);
        Cell cell;
        cell.col = col;
        cell.type = type;
        cell.style = book_.style_for(xf);
        cells_.emplace_back(key(row, col), cell);
        return &cells_.back().second;
    }

    void number(std::uint32_t row, std::uint32_t col, std::uint16_t xf, double value) {
        if (!std::isfinite(value)) {
            book_.diagnose(sheet_.name, to_a1({row, col}),
                           "the cell holds a number that is not finite (NaN or infinity), which "
                           "Excel cannot show; read as the error #NUM!");
            if (Cell* cell = add(row, col, xf, CellType::error))
                cell->text = book_.add_string("#NUM!");
            return;
        }
        Cell* cell = add(row, col, xf, CellType::number);
        if (!cell) return;
        cell->number = value;
        const CellStyle& style = book_.style(cell->style);
        if (style.is_date) {
            cell->type = CellType::date_time;
            if (book_.globals().date1904 && !style.is_time_only) cell->number += kDays1904;
        }
    }

    void text_cell(std::uint32_t row, std::uint32_t col, std::uint16_t xf, std::uint32_t text) {
        if (Cell* cell = add(row, col, xf, CellType::text)) cell->text = text;
    }

    void boolean_cell(std::uint32_t row, std::uint32_t col, std::uint16_t xf, bool value) {
        if (Cell* cell = add(row, col, xf, CellType::boolean)) cell->number = value ? 1 : 0;
    }

    void error_cell(std::uint32_t row, std::uint32_t col, std::uint16_t xf, unsigned code) {
        if (Cell* cell = add(row, col, xf, CellType::error))
            cell->text = book_.add_string(biff_error_text(code));
    }

    // Sorts the cells into rows; when two records write one cell, the later one wins.
    void finish() {
        std::stable_sort(cells_.begin(), cells_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < cells_.size(); ++i) {
            if (i + 1 < cells_.size() && cells_[i + 1].first == cells_[i].first) continue;
            const Cell& cell = cells_[i].second;
            if (cell.type == CellType::empty) continue;
            if (cell.type == CellType::text && cell.text == kNoIndex) continue;  // no STRING came
            const auto row = static_cast<std::uint32_t>(cells_[i].first >> 32);
            if (sheet_.rows.empty() || sheet_.rows.back().index != row)
                sheet_.rows.push_back({row, {}});
            sheet_.rows.back().cells.push_back(cell);
        }
        if (has_formulas_) {
            book_.diagnose(sheet_.name, "",
                           "formula cells are read as their cached results; the formula text is "
                           "not read from .xls files",
                           XlsBook::Listing::always);
        }
        book_.flush_diagnostics(sheet_.name);
    }

    std::string_view stream_;
    XlsBook& book_;
    Sheet& sheet_;
    BiffVersion version_;
    std::vector<std::pair<std::uint64_t, Cell>> cells_;
    std::optional<std::size_t> pending_string_;
    bool has_formulas_ = false;
};

}  // namespace

void read_xls_worksheet(std::string_view stream, std::size_t offset, XlsBook& book, Sheet& sheet) {
    WorksheetReader(stream, book, sheet).read(offset);
}

}  // namespace kpimap::detail
