// Reads <series-blocks>: per sheet one outcome (its title in a fixed cell), and any number of
// indicator blocks: a title, then a "Year" label with periods across (values in labelled rows
// below) or down (values in the column to the right).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "convert/convert_context.hpp"
#include "core/icu_regex.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap::detail {

namespace {

class SeriesReader {
public:
    SeriesReader(ConvertContext& ctx, const SeriesRule& rule, std::size_t sheet_index)
        : ctx_(ctx), rule_(rule), sheet_index_(sheet_index), sheet_(ctx.wb.sheets[sheet_index]) {
        for (const Row& row : sheet_.rows)
            for (const Cell& c : row.cells)
                if (!ctx_.text(c).empty()) cells_[{row.index, c.col}] = &c;
        for (const std::string& l : rule_.value_labels) value_labels_.push_back(normalise_text(l));
    }

    void read() {
        ctx_.read_sheet(sheet_index_);
        read_outcome();
        const std::string label = normalise_text(rule_.period_label);
        for (const auto& [at, cell] : cells_)
            if (normalise_text(ctx_.text(*cell)) == label) block({at.first, at.second});
        // The region is the rectangle from the first block title to the last value: the
        // outcome title, summary and legend above it are outside.
        if (blocks_) ctx_.region(sheet_index_, *blocks_);
    }

    void extend(CellRef at) {
        if (!blocks_) blocks_ = Range{at, at};
        blocks_->first.row = std::min(blocks_->first.row, at.row);
        blocks_->first.col = std::min(blocks_->first.col, at.col);
        blocks_->last.row = std::max(blocks_->last.row, at.row);
        blocks_->last.col = std::max(blocks_->last.col, at.col);
    }

private:
    const Cell* at(std::uint32_t row, std::uint32_t col) const {
        auto it = cells_.find({row, col});
        return it == cells_.end() ? nullptr : it->second;
    }

    bool is_value_label(const Cell* c) const {
        if (!c) return false;
        const std::string t = normalise_text(ctx_.text(*c));
        return std::find(value_labels_.begin(), value_labels_.end(), t) != value_labels_.end();
    }

    void read_outcome() {
        if (rule_.outcome_cell.empty()) return;
        const CellRef ref = *parse_a1(rule_.outcome_cell);
        const Cell* c = at(ref.row, ref.col);
        if (!c) {
            ctx_.note(Severity::warning, DiagnosticCode::outcome_not_found, ctx_.where(sheet_index_, ref), "",
                      fmt::format("the outcome cell {} is empty (mapping line {})",
                                  rule_.outcome_cell, rule_.line));
            return;
        }
        std::string title = ctx_.text(*c), code;
        if (!rule_.outcome_code_pattern.empty()) {
            if (auto m = IcuRegex(rule_.outcome_code_pattern).search(title)) {
                code = (*m)[m->size() > 1 ? 1 : 0];
                if (title.starts_with((*m)[0])) title = title.substr((*m)[0].size());
            }
        }
        if (auto existing = ctx_.find_outcome(rule_.outcome_level, code, title)) {
            outcome_index_ = *existing;  // listed on another sheet already
        } else {
            ctx_.add_outcome(rule_.outcome_level, code, title, "", ctx_.where(sheet_index_, ref));
            outcome_index_ = ctx_.result.model.outcomes.size() - 1;
        }
        outcome_ = ctx_.result.model.outcomes[outcome_index_].id;
        ctx_.use(sheet_index_, ref);
        if (rule_.summary_cell.empty()) return;
        const CellRef sref = *parse_a1(rule_.summary_cell);
        if (const Cell* s = at(sref.row, sref.col)) {
            Outcome& o = ctx_.result.model.outcomes[outcome_index_];
            const std::string text = ctx_.text(*s);
            if (!o.summary.empty() && o.summary != text)
                ctx_.note(Severity::warning, DiagnosticCode::summary_differs, ctx_.where(sheet_index_, sref),
                          text,
                          fmt::format("outcome {} has another summary at {}; this one is kept",
                                      o.code, o.where.cell));
            o.summary = text;
            ctx_.use(sheet_index_, sref);
        }
    }

    // The title of the block whose period label is at (row, col): the nearest text above it in
    // the same column, within three rows.
    std::optional<CellRef> title_of(std::uint32_t row, std::uint32_t col) const {
        for (std::uint32_t up = 1; up <= 3 && up <= row; ++up) {
            const Cell* c = at(row - up, col);
            if (c && c->type == CellType::text && !is_value_label(c)) return CellRef{row - up, col};
        }
        return std::nullopt;
    }

    void block(CellRef label) {
        // The layout is decided first: a label that starts no block makes no indicator.
        const Cell* right = at(label.row, label.col + 1);
        const Cell* below = at(label.row + 1, label.col);
        const bool across_layout = right && cell_period(ctx_, *right);
        const bool down_layout = !across_layout && right && below && cell_period(ctx_, *below);
        if (!across_layout && !down_layout) {
            ctx_.report(
                Severity::warning, DiagnosticCode::series_not_recognised, sheet_index_, label, rule_.period_label,
                "neither periods to the right of this label nor below it; the block is not read");
            return;
        }
        if (down_layout && !is_value_label(right)) {
            ctx_.report(
                Severity::warning, DiagnosticCode::series_not_recognised, sheet_index_, label, ctx_.text(*right),
                fmt::format("periods run down from this label but '{}' beside it is not one "
                            "of the value labels ({}); the block is not read",
                            ctx_.text(*right), fmt::join(rule_.value_labels, ", ")));
            return;
        }
        auto title_ref = title_of(label.row, label.col);
        if (!title_ref) {
            ctx_.report(Severity::warning, DiagnosticCode::series_without_title, sheet_index_, label,
                        rule_.period_label,
                        "a period label with no indicator title in the three cells above it; its "
                        "values are not read");
            return;
        }
        std::string title = ctx_.text(*at(title_ref->row, title_ref->col));
        std::string judgement;
        if (!rule_.judgement_pattern.empty()) {
            IcuRegex judge(rule_.judgement_pattern);
            if (auto m = judge.search(title)) {
                judgement = (*m)[m->size() > 1 ? 1 : 0];
                title.erase(title.rfind((*m)[0]));
            } else if (const Cell* beside = at(title_ref->row, title_ref->col + 1)) {
                if (auto m2 = judge.search(" " + ctx_.text(*beside))) {
                    judgement = (*m2)[m2->size() > 1 ? 1 : 0];
                    ctx_.use(sheet_index_, {title_ref->row, title_ref->col + 1});
                }
            }
        }
        const std::string id = indicator(title, judgement, *title_ref);
        ctx_.use(sheet_index_, *title_ref);
        ctx_.use(sheet_index_, label);
        extend(*title_ref);
        if (across_layout)
            across(label, id);
        else
            down(label, id);
    }

    // "Year | 2013 | 2014" then "Value | 3.3 | 4.8" (and more labelled rows: "Attended", ...).
    void across(CellRef label, const std::string& id) {
        std::map<std::uint32_t, std::pair<Period, std::string>> periods;
        for (std::uint32_t col = label.col + 1;; ++col) {
            const Cell* c = at(label.row, col);
            if (!c) break;
            auto p = cell_period(ctx_, *c);
            if (!p) break;
            periods[col] = {*p, ctx_.text(*c)};
            ctx_.use(sheet_index_, {label.row, col});
        }
        std::vector<std::uint32_t> rows;
        for (std::uint32_t row = label.row + 1; is_value_label(at(row, label.col)); ++row)
            rows.push_back(row);
        for (std::uint32_t row : rows) {
            const std::string name = ctx_.text(*at(row, label.col));
            ctx_.use(sheet_index_, {row, label.col});
            const std::string series = rows.size() > 1 ? name : std::string();
            for (const auto& [col, period] : periods) {
                extend({row, col});
                if (const Cell* v = at(row, col))
                    add_observation(ctx_, sheet_index_, {row, col}, *v, id, period.first,
                                    period.second, series);
            }
        }
    }

    // "Year | Percentage" then "12/13 | 5.8%" down the rows.
    void down(CellRef label, const std::string& id) {
        ctx_.use(sheet_index_, {label.row, label.col + 1});
        for (std::uint32_t row = label.row + 1;; ++row) {
            const Cell* p = at(row, label.col);
            if (!p) break;
            auto period = cell_period(ctx_, *p);
            if (!period) break;
            ctx_.use(sheet_index_, {row, label.col});
            extend({row, label.col + 1});
            if (const Cell* v = at(row, label.col + 1))
                add_observation(ctx_, sheet_index_, {row, label.col + 1}, *v, id, *period,
                                ctx_.text(*p), "");
        }
    }

    std::string indicator(const std::string& raw_title, const std::string& judgement,
                          CellRef where) {
        std::string title = raw_title;
        while (!title.empty() && title.back() == ' ') title.pop_back();
        Indicator ind;
        ind.title = title;
        ind.judgement = judgement;
        ind.where = ctx_.where(sheet_index_, where);
        const std::string id =
            ctx_.result.model.indicators[ctx_.find_or_add_indicator(std::move(ind))].id;
        if (!outcome_.empty())
            ctx_.add_link(
                {"indicator_of", id, outcome_, "", judgement, ctx_.where(sheet_index_, where)});
        return id;
    }

    ConvertContext& ctx_;
    const SeriesRule& rule_;
    std::size_t sheet_index_;
    const Sheet& sheet_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, const Cell*> cells_;
    std::vector<std::string> value_labels_;
    std::string outcome_;
    std::size_t outcome_index_ = 0;
    std::optional<Range> blocks_;
};

}  // namespace

void read_series(ConvertContext& ctx, const SeriesRule& rule) {
    for (std::size_t s = 0; s < ctx.wb.sheets.size(); ++s)
        if (sheet_selected(rule.sheet, ctx.wb.sheets[s].name)) SeriesReader(ctx, rule, s).read();
}

}  // namespace kpimap::detail
