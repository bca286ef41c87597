// Reads <period-table>: indicator rows under header rows of periods. A sheet may hold several
// sub-tables, each starting at its own period header row; a bold title with no values is a
// section that groups the rows below it.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "convert/convert_context.hpp"

namespace kpimap::detail {

namespace {

class PeriodTableReader {
public:
    PeriodTableReader(ConvertContext& ctx, const PeriodTableRule& rule, std::size_t sheet_index)
        : ctx_(ctx),
          rule_(rule),
          sheet_index_(sheet_index),
          sheet_(ctx.wb.sheets[sheet_index]),
          title_col_(static_cast<std::uint32_t>(rule.title_column - 1)) {}

    void read() {
        std::map<std::uint32_t, std::pair<Period, std::string>> periods;
        std::optional<std::uint32_t> first_row;
        std::uint32_t last_row = 0, last_col = title_col_;
        for (const Row& row : sheet_.rows) {
            if (auto header = period_header(row)) {
                periods = std::move(*header);
                // A new header row starts a new sub-table: the section above does not run on.
                section_.clear();
                for (const auto& [col, p] : periods) {
                    ctx_.use(sheet_index_, {row.index, col});
                    last_col = std::max(last_col, col);
                }
                if (!first_row) first_row = row.index;
                last_row = row.index;
                continue;
            }
            if (periods.empty()) continue;
            const Cell* title = nullptr;
            bool has_values = false;
            for (const Cell& c : row.cells) {
                if (ctx_.text(c).empty()) continue;
                if (c.col == title_col_)
                    title = &c;
                else if (periods.contains(c.col))
                    has_values = true;
            }
            if (!title) continue;
            last_row = row.index;
            const CellRef at{row.index, title_col_};
            if (!has_values) {
                if (is_section(*title)) {
                    section_ = ctx_.add_outcome(rule_.section_level, "", ctx_.text(*title), "",
                                                ctx_.where(sheet_index_, at));
                    ctx_.use(sheet_index_, at);
                } else {
                    ctx_.report(Severity::warning, "row_without_values", sheet_index_, at,
                                ctx_.text(*title),
                                "an indicator row with no value under any period (and not a "
                                "section title in bold "
                                "or capitals); nothing to read");
                }
                continue;
            }
            const std::string id = indicator(ctx_.text(*title), at);
            ctx_.use(sheet_index_, at);
            for (const Cell& c : row.cells) {
                auto p = periods.find(c.col);
                if (p == periods.end() || ctx_.text(c).empty()) continue;
                add_observation(ctx_, sheet_index_, {row.index, c.col}, c, id, p->second.first,
                                p->second.second, "");
            }
        }
        if (first_row) {
            ctx_.read_sheet(sheet_index_);
            ctx_.region(sheet_index_, Range{{*first_row, title_col_}, {last_row, last_col}});
        }
    }

private:
    // A title with no values is a section when it stands out: bold, or written in capitals
    // (CSV exports lose the bold).
    bool is_section(const Cell& title) const {
        if (ctx_.wb.style(title).bold) return true;
        const std::string text = ctx_.text(title);
        bool letters = false;
        for (unsigned char c : text) {
            if (c >= 'a' && c <= 'z') return false;
            if (c >= 'A' && c <= 'Z') letters = true;
        }
        return letters;
    }

    // A row whose title cell is empty and that holds enough period cells to the right of it.
    std::optional<std::map<std::uint32_t, std::pair<Period, std::string>>> period_header(
        const Row& row) const {
        std::map<std::uint32_t, std::pair<Period, std::string>> out;
        for (const Cell& c : row.cells) {
            if (ctx_.text(c).empty()) continue;
            if (c.col <= title_col_) return std::nullopt;
            auto p = cell_period(ctx_, c);
            if (!p) return std::nullopt;
            out[c.col] = {*p, ctx_.text(c)};
        }
        if (static_cast<int>(out.size()) < rule_.min_periods) return std::nullopt;
        return out;
    }

    std::string indicator(const std::string& title, CellRef where) {
        std::size_t index;
        if (auto existing = ctx_.find_indicator(title)) {
            index = *existing;
        } else {
            Indicator ind;
            ind.title = title;
            ind.where = ctx_.where(sheet_index_, where);
            index = ctx_.add_indicator(std::move(ind));
        }
        const std::string id = ctx_.result.model.indicators[index].id;
        if (!section_.empty())
            ctx_.add_link({"indicator_of", id, section_, "", "", ctx_.where(sheet_index_, where)});
        return id;
    }

    ConvertContext& ctx_;
    const PeriodTableRule& rule_;
    std::size_t sheet_index_;
    const Sheet& sheet_;
    std::uint32_t title_col_;
    std::string section_;
};

}  // namespace

void read_period_table(ConvertContext& ctx, const PeriodTableRule& rule) {
    for (std::size_t s = 0; s < ctx.wb.sheets.size(); ++s)
        if (sheet_selected(rule.sheet, ctx.wb.sheets[s].name))
            PeriodTableReader(ctx, rule, s).read();
}

}  // namespace kpimap::detail
