// Reads <period-table>: indicator rows under header rows of periods. A sheet may hold several
// sub-tables, each starting at its own period header row; a bold title with no values is a
// section that groups the rows below it. Rows matched by the rule's attached-row patterns
// ("England", "Lower CI", ...) give comparator values, limits or counts to the indicator above.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "constructs/status_columns/status_columns_read.hpp"
#include "convert/convert_context.hpp"
#include "core/icu_regex.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap::detail {

namespace {

class PeriodTableReader {
public:
    PeriodTableReader(ConvertContext& ctx, const PeriodTableRule& rule, std::size_t sheet_index)
        : ctx_(ctx),
          rule_(rule),
          sheet_index_(sheet_index),
          sheet_(ctx.wb.sheets[sheet_index]),
          title_col_(static_cast<std::uint32_t>(rule.title_column - 1)) {
        const std::pair<const std::string*, Kind> patterns[] = {
            {&rule.comparator_pattern, Kind::comparator},
            {&rule.lower_ci_pattern, Kind::lower_ci},
            {&rule.upper_ci_pattern, Kind::upper_ci},
            {&rule.count_pattern, Kind::count},
            {&rule.denominator_pattern, Kind::denominator}};
        for (const auto& [pattern, kind] : patterns)
            if (!pattern->empty()) attached_.emplace_back(IcuRegex(*pattern), kind);
    }

    void read() {
        std::map<std::uint32_t, std::pair<Period, std::string>> periods;
        std::optional<std::uint32_t> first_row;
        std::uint32_t last_row = 0, last_col = title_col_;
        for (const Row& row : sheet_.rows) {
            if (auto header = period_header(row)) {
                periods = std::move(*header);
                // A new header row starts a new sub-table: the section above does not run on.
                section_.clear();
                above_.reset();
                header_row_ = row.index;
                bind_status_columns(row);
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
                if (status_cols_.contains(c.col)) {
                    status_cell(row.index, c);
                    continue;
                }
                if (c.col == title_col_)
                    title = &c;
                else if (periods.contains(c.col))
                    has_values = true;
            }
            if (!title) continue;
            last_row = row.index;
            const CellRef at{row.index, title_col_};
            if (auto kind = attached_kind(ctx_.text(*title))) {
                read_attached(row, *title, *kind, periods);
                continue;
            }
            above_.reset();  // attached rows belong to the indicator row directly above
            if (!has_values) {
                if (is_section(*title)) {
                    section_ = ctx_.add_outcome(rule_.section_level, "", ctx_.text(*title), "",
                                                ctx_.where(sheet_index_, at));
                    ctx_.use(sheet_index_, at);
                } else {
                    ctx_.report(Severity::warning, DiagnosticCode::row_without_values, sheet_index_, at,
                                ctx_.text(*title),
                                "an indicator row with no value under any period (and not a "
                                "section title in bold "
                                "or capitals); nothing to read");
                }
                continue;
            }
            check_header_like(row, ctx_.text(*title));
            const std::string id = indicator(ctx_.text(*title), at);
            ctx_.use(sheet_index_, at);
            add_slots(row, id, at, periods);
            above_ = Above{ctx_.text(*title), {}, {}, false};
            for (const Cell& c : row.cells) {
                auto p = periods.find(c.col);
                if (p == periods.end() || ctx_.text(c).empty()) continue;
                if (add_observation(ctx_, sheet_index_, {row.index, c.col}, c, id, p->second.first,
                                    p->second.second, ""))
                    above_->observations[c.col] = ctx_.result.model.observations.size() - 1;
            }
        }
        if (first_row) {
            ctx_.read_sheet(sheet_index_);
            ctx_.region(sheet_index_, Range{{*first_row, title_col_}, {last_row, last_col}});
        }
    }

private:
    // Status columns of the sub-table whose header row this is: a cell with a status's header
    // text, else the status's declared column. Their cells are `update`'s output, not data.
    void bind_status_columns(const Row& header) {
        status_cols_.clear();
        for (const StatusTarget& st : rule_.statuses) {
            std::optional<std::uint32_t> col;
            for (const Cell& c : header.cells)
                if (status_header_matches(st, ctx_.text(c))) {
                    col = c.col;
                    status_cols_[c.col] = &st;  // every column of a <status-columns>
                }
            if (!col && !st.column.empty()) col = parse_column_name(st.column);
            if (col) status_cols_[*col] = &st;
        }
        for (const Cell& c : header.cells)
            if (status_cols_.contains(c.col) && !ctx_.text(c).empty()) status_cell(header.index, c);
    }

    void status_cell(std::uint32_t row, const Cell& c) {
        report_status_cell(ctx_, sheet_index_, row, c, *status_cols_.at(c.col));
    }

    // Where `update` and `return` write this row's values and statuses, empty cells included.
    void add_slots(const Row& row, const std::string& id, CellRef title_at,
                   const std::map<std::uint32_t, std::pair<Period, std::string>>& periods) {
        for (const auto& [col, p] : periods) {
            WriteSlot slot;
            slot.kind = WriteSlot::Kind::observation;
            slot.sheet = sheet_index_;
            slot.cell = {row.index, col};
            slot.header_row = header_row_;
            slot.indicator_id = id;
            slot.period = p.first;
            slot.period_text = p.second;
            ctx_.result.slots.push_back(std::move(slot));
        }
        if (rule_.statuses.empty()) return;
        WriteSlot slot;
        slot.kind = WriteSlot::Kind::status_row;
        slot.sheet = sheet_index_;
        slot.cell = title_at;
        slot.header_row = header_row_;
        slot.indicator_id = id;
        slot.statuses = &rule_.statuses;
        ctx_.result.slots.push_back(std::move(slot));
    }

    // What an attached row gives to the row above it.
    enum class Kind : std::uint8_t { comparator, lower_ci, upper_ci, count, denominator };

    static const char* kind_text(Kind kind) {
        switch (kind) {
            case Kind::comparator:
                return "comparator";
            case Kind::lower_ci:
                return "lower 95% limit";
            case Kind::upper_ci:
                return "upper 95% limit";
            case Kind::count:
                return "count";
            case Kind::denominator:
                return "denominator";
        }
        return "comparator";
    }

    // The indicator row the attached rows below it belong to: its observations by column, the
    // kinds already read for it and for its comparator, and whether a comparator row came.
    struct Above {
        std::string title;
        std::map<std::uint32_t, std::size_t> observations;  // column -> index in the model
        std::set<std::pair<bool, Kind>> read;  // (for the comparator?, kind) already read
        bool comparator = false;               // a comparator row has been read
    };

    std::optional<Kind> attached_kind(const std::string& title) const {
        for (const auto& [regex, kind] : attached_)
            if (regex.found_in(title)) return kind;
        return std::nullopt;
    }

    // A row whose title matches an attached-row pattern: its values go to the observations of
    // the indicator row above (or to their comparator, for limits under a comparator row).
    void read_attached(const Row& row, const Cell& title, Kind kind,
                       const std::map<std::uint32_t, std::pair<Period, std::string>>& periods) {
        const CellRef at{row.index, title_col_};
        const std::string name = ctx_.text(title);
        // Limits under a comparator row are the comparator's; everything else is the indicator's.
        const bool to_comparator =
            above_ && above_->comparator && (kind == Kind::lower_ci || kind == Kind::upper_ci);
        std::string why;
        if (!above_)
            why =
                "there is no indicator row directly above it (only other comparator, limit, "
                "count or denominator rows may stand between)";
        else if (kind == Kind::comparator && above_->comparator)
            why = fmt::format(
                "'{}' already has a comparator row; the model holds one comparator "
                "per value",
                above_->title);
        else if ((kind == Kind::count || kind == Kind::denominator) && above_->comparator)
            why = fmt::format(
                "it is under the comparator row of '{}': counts are read for the "
                "indicator only (put them above the comparator row)",
                above_->title);
        else if (above_->read.contains({to_comparator, kind}))
            why = fmt::format("'{}'{} already has a {} row", above_->title,
                              to_comparator ? "'s comparator" : "", kind_text(kind));
        if (!why.empty()) {
            ctx_.report(Severity::warning, DiagnosticCode::attached_row_not_read, sheet_index_, at, name,
                        fmt::format("a {} row (its title matches the {} pattern of the "
                                    "period table) but {}; its values are not read",
                                    kind_text(kind), kind_text(kind), why));
            return;
        }
        ctx_.use(sheet_index_, at);
        if (kind == Kind::comparator) above_->comparator = true;
        above_->read.insert({to_comparator, kind});
        Model& model = ctx_.result.model;
        for (const Cell& c : row.cells) {
            auto p = periods.find(c.col);
            if (p == periods.end() || ctx_.text(c).empty()) continue;
            const CellRef cell{row.index, c.col};
            auto target = above_->observations.find(c.col);
            if (target == above_->observations.end()) {
                ctx_.report(Severity::warning, DiagnosticCode::attached_value_unmatched, sheet_index_, cell,
                            ctx_.text(c),
                            fmt::format("a {} for {} but '{}' has no value cell for that "
                                        "period; not read",
                                        kind_text(kind), p->second.second, above_->title));
                continue;
            }
            const ParsedValue v = parse_value_cell(ctx_.wb, c);
            if (!v.is_number() && v.kind != ParsedValue::Kind::missing) {
                ctx_.report(Severity::warning, DiagnosticCode::value_not_parsed, sheet_index_, cell, ctx_.text(c),
                            fmt::format("a {} that is neither a number nor a missing-value marker "
                                        "(-, .., [x], n/a); fix the cell or mark it missing",
                                        kind_text(kind)));
                continue;
            }
            for (const std::string& correction : v.corrections)
                ctx_.note(Severity::info, DiagnosticCode::value_cleaned, ctx_.where(sheet_index_, cell),
                          ctx_.text(c),
                          fmt::format("read as {} ({})", format_number(v.value), correction));
            ctx_.use(sheet_index_, cell);
            Observation& o = model.observations[target->second];
            std::optional<double> value;
            if (v.is_number()) value = v.value;
            switch (kind) {
                case Kind::comparator:
                    o.comparator_name = name;
                    o.comparator_value = value;
                    o.comparator_cell = to_a1(cell);
                    break;
                case Kind::lower_ci:
                    (to_comparator ? o.comparator_lower_ci : o.lower_ci) = value;
                    break;
                case Kind::upper_ci:
                    (to_comparator ? o.comparator_upper_ci : o.upper_ci) = value;
                    break;
                case Kind::count:
                    o.count = value;
                    break;
                case Kind::denominator:
                    o.denominator = value;
                    break;
            }
        }
    }

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

    // A period header row: enough period cells right of the title column, nothing left of it,
    // and in the title cell nothing, or header text ("Indicator"): the rule's `header`, a text
    // already heading a header row of this sheet, or any text over two or more periods written
    // as text or dates ("12/13", "2012-14"). Whole-number years under an unknown text are not
    // enough: an indicator row of counts (1998, 2004) would look the same.
    std::optional<std::map<std::uint32_t, std::pair<Period, std::string>>> period_header(
        const Row& row) {
        std::map<std::uint32_t, std::pair<Period, std::string>> out;
        const Cell* title = nullptr;
        bool numbers_only = true;
        for (const Cell& c : row.cells) {
            if (ctx_.text(c).empty()) continue;
            if (is_status_header(ctx_.text(c))) continue;
            if (c.col < title_col_) return std::nullopt;
            if (c.col == title_col_) {
                title = &c;
                continue;
            }
            auto p = cell_period(ctx_, c);
            if (!p) return std::nullopt;
            numbers_only = numbers_only && c.type == CellType::number;
            out[c.col] = {*p, ctx_.text(c)};
        }
        if (static_cast<int>(out.size()) < rule_.min_periods) return std::nullopt;
        if (title == nullptr) return out;
        const std::string text = normalise_text(ctx_.text(*title));
        if (cell_period(ctx_, *title)) return std::nullopt;  // periods from the title column on
        const bool header = !rule_.header.empty() ? text == normalise_text(rule_.header)
                                                  : header_titles_.contains(text) ||
                                                        (!numbers_only && out.size() >= 2);
        if (!header) return std::nullopt;
        header_titles_.insert(text);
        ctx_.use(sheet_index_, {row.index, title_col_});
        return out;
    }

    // An indicator row whose values read as consecutive whole-number years (2012, 2013, ...)
    // under a title: likely a header row the rule did not take (it needs `header`); said, since
    // the rows below are then read under the periods of the header above.
    void check_header_like(const Row& row, const std::string& title) {
        std::vector<double> years;
        for (const Cell& c : row.cells) {
            if (c.col <= title_col_ || ctx_.text(c).empty()) continue;
            if (c.type != CellType::number || !cell_period(ctx_, c)) return;
            years.push_back(c.number);
        }
        if (static_cast<int>(years.size()) < std::max(2, rule_.min_periods)) return;
        for (std::size_t i = 1; i < years.size(); ++i)
            if (years[i] != years[i - 1] + 1) return;
        ctx_.note(Severity::warning, DiagnosticCode::row_looks_like_header,
                  ctx_.where(sheet_index_, {row.index, title_col_}), title,
                  fmt::format("the values of '{}' are the years {} to {}: if this row is a header "
                              "row, add header=\"{}\" to the <period-table> (mapping line {}); "
                              "it is read as an indicator, and the rows below it under the "
                              "periods of the header row above",
                              title, format_number(years.front()), format_number(years.back()),
                              title, rule_.line));
    }

    bool is_status_header(const std::string& text) const {
        for (const StatusTarget& st : rule_.statuses)
            if (status_header_matches(st, text)) return true;
        return false;
    }

    std::string indicator(const std::string& title, CellRef where) {
        Indicator ind;
        ind.title = title;
        ind.where = ctx_.where(sheet_index_, where);
        const std::string id =
            ctx_.result.model.indicators[ctx_.find_or_add_indicator(std::move(ind))].id;
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
    std::vector<std::pair<IcuRegex, Kind>> attached_;
    std::optional<Above> above_;
    std::uint32_t header_row_ = 0;
    std::map<std::uint32_t, const StatusTarget*> status_cols_;
    std::set<std::string> header_titles_;  // title-column texts of header rows read, normalised
};

}  // namespace

RuleMiss explain_period_table_miss(const ConvertContext& ctx, const PeriodTableRule& rule,
                                   std::size_t sheet) {
    const Sheet& sh = ctx.wb.sheets[sheet];
    RuleMiss miss{0,
                  rule.id.empty()
                      ? fmt::format("<period-table> (line {})", rule.line)
                      : fmt::format("<period-table id=\"{}\"> (line {})", rule.id, rule.line),
                  {}};
    if (!sheet_selected(rule.sheet, sh.name)) {
        miss.why =
            fmt::format("its sheet pattern /{}/ does not take sheet '{}'", rule.sheet, sh.name);
        return miss;
    }
    const auto title_col = static_cast<std::uint32_t>(rule.title_column - 1);
    const std::string title_name = column_name(title_col);
    // The row with the most period cells right of the title column, and what else it holds.
    const Row* best = nullptr;
    std::size_t best_periods = 0;
    for (const Row& row : sh.rows) {
        std::size_t periods = 0;
        for (const Cell& c : row.cells)
            if (c.col > title_col && !ctx.text(c).empty() && cell_period(ctx, c)) ++periods;
        if (periods > best_periods) best = &row, best_periods = periods;
    }
    miss.nearness = 1;
    if (best == nullptr) {
        miss.why = fmt::format(
            "no row has a period (12/13, 2015, 2012-14, a date) right of "
            "column {}, the title column",
            title_name);
        return miss;
    }
    const auto needed = static_cast<std::size_t>(rule.min_periods);
    if (best_periods < needed) {
        miss.why = fmt::format(
            "a header row needs {} period cells right of column {} "
            "(min-periods); the most, on row {}, is {}",
            needed, title_name, best->index + 1, best_periods);
        return miss;
    }
    miss.nearness = 2;
    for (const Cell& c : best->cells) {
        const std::string t = ctx.text(c);
        if (t.empty()) continue;
        const std::string at = to_a1({best->index, c.col});
        if (c.col < title_col) {
            miss.why = fmt::format(
                "row {} has {} periods, but {} holds '{}' left of the title "
                "column {}; check title-column",
                best->index + 1, best_periods, at, t, title_name);
            return miss;
        }
        if (c.col > title_col && !cell_period(ctx, c)) {
            miss.why = fmt::format("row {} has {} periods, but {} holds '{}', which is no period",
                                   best->index + 1, best_periods, at, t);
            return miss;
        }
        if (c.col == title_col) {
            miss.why = fmt::format(
                "row {} has {} periods under the title '{}' ({}): with "
                "whole-number years it is a header row only with "
                "header=\"{}\" on the <period-table>",
                best->index + 1, best_periods, t, at, t);
            return miss;
        }
    }
    miss.why = fmt::format("row {} looks like a header row of {} periods but was not read",
                           best->index + 1, best_periods);
    return miss;
}

void read_period_table(ConvertContext& ctx, const PeriodTableRule& rule) {
    for (std::size_t s = 0; s < ctx.wb.sheets.size(); ++s)
        if (sheet_selected(rule.sheet, ctx.wb.sheets[s].name))
            PeriodTableReader(ctx, rule, s).read();
}

}  // namespace kpimap::detail
