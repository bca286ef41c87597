// Reads a <matrix>: row items (strategic outcomes with their KPIs in one cell) against column
// items (national outcomes from a catalogue); each marked cell becomes a typed link whose
// strength comes from the marker vocabulary.
#include <fmt/format.h>

#include <algorithm>

#include "convert/convert_context.hpp"
#include "convert/text_split.hpp"
#include "core/icu_regex.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap::detail {

namespace {

class MatrixReader {
public:
    MatrixReader(ConvertContext& ctx, const MatrixRule& rule, std::size_t sheet_index)
        : ctx_(ctx), rule_(rule), sheet_index_(sheet_index), sheet_(ctx.wb.sheets[sheet_index]) {}

    void read(CellRef header) {
        ctx_.read_sheet(sheet_index_);
        if (!bind(header.row)) return;
        std::uint32_t last_row = header.row;
        for (const Row& row : sheet_.rows) {
            if (row.index <= header.row) continue;
            last_row = row.index;
            if (is_header_repeat(row)) continue;
            if (is_banner(row)) continue;
            const Cell* item = cell_at(row, row_col_);
            const Cell* detail = detail_col_ ? cell_at(row, *detail_col_) : nullptr;
            if (item) row_item(row.index, *item);
            if (detail) details(row.index, *detail);
            for (const Cell& cell : row.cells) {
                if (cell.col < first_col_ || cell.col > last_col_) continue;
                if (ctx_.text(cell).empty()) continue;
                marker(row.index, cell);
            }
        }
        const std::uint32_t left = std::min(row_col_, detail_col_.value_or(row_col_));
        ctx_.region(sheet_index_,
                    Range{{header.row, std::min(left, first_col_)}, {last_row, last_col_}});
    }

private:
    const Cell* cell_at(const Row& row, std::uint32_t col) const {
        for (const Cell& c : row.cells)
            if (c.col == col && !ctx_.text(c).empty()) return &c;
        return nullptr;
    }

    bool bind(std::uint32_t header_row) {
        const Row* row = nullptr;
        for (const Row& r : sheet_.rows)
            if (r.index == header_row) row = &r;
        const std::string row_header = normalise_text(rule_.row_header);
        const std::string detail_header = normalise_text(rule_.detail_header);
        for (const Cell& c : row->cells) header_texts_[c.col] = title_key(ctx_.text(c));
        first_col_ = static_cast<std::uint32_t>(rule_.first_column - 1);
        last_col_ = static_cast<std::uint32_t>(rule_.last_column - 1);
        bool found_rows = false;
        for (const Cell& cell : row->cells) {
            const std::string t = normalise_text(ctx_.text(cell));
            if (t == row_header) {
                row_col_ = cell.col;
                found_rows = true;
                ctx_.use(sheet_index_, {header_row, cell.col});
            } else if (!detail_header.empty() && t == detail_header) {
                detail_col_ = cell.col;
                ctx_.use(sheet_index_, {header_row, cell.col});
            }
        }
        // A row-items or detail header a typing slip away from a header cell left of the marker
        // columns ("KPIs" for "KPI's") names that column, and says so.
        std::vector<CellRef> free;
        for (const Cell& cell : row->cells)
            if (!ctx_.text(cell).empty() && (!found_rows || cell.col != row_col_) &&
                (!detail_col_ || cell.col != *detail_col_) &&
                (cell.col < first_col_ || cell.col > last_col_))
                free.push_back({header_row, cell.col});
        auto near = [&](const std::string& wanted,
                        const char* what) -> std::optional<std::uint32_t> {
            const std::optional<NearHeader> n = near_header(ctx_, sheet_index_, free, wanted);
            if (!n) return std::nullopt;
            std::erase(free, n->at);
            ctx_.use(sheet_index_, n->at);
            ctx_.note(Severity::warning, DiagnosticCode::header_near_match, ctx_.where(sheet_index_, n->at),
                      n->text,
                      fmt::format("the mapping's {} header '{}' (line {}) is not in the header "
                                  "row; did you mean '{}' here? This column is read as '{}'; "
                                  "write the header in the mapping as the sheet has it",
                                  what, wanted, rule_.line, n->text, wanted));
            return n->at.col;
        };
        if (!found_rows)
            if (auto col = near(rule_.row_header, "row-items")) {
                row_col_ = *col;
                found_rows = true;
            }
        if (!detail_header.empty() && !detail_col_) {
            detail_col_ = near(rule_.detail_header, "detail");
            if (!detail_col_)
                ctx_.note(Severity::warning, DiagnosticCode::column_not_found,
                          ctx_.row_where(sheet_index_, header_row), rule_.detail_header,
                          fmt::format("the header row has no cell '{}' for the details (mapping "
                                      "line {}), so they are not read; check the header text",
                                      rule_.detail_header, rule_.line));
        }
        if (!found_rows) {
            ctx_.note(Severity::warning, DiagnosticCode::column_not_found,
                      ctx_.row_where(sheet_index_, header_row), rule_.row_header,
                      fmt::format("the header row has no cell '{}' for the row items (mapping line "
                                  "{}), so the matrix is not read; check the header text",
                                  rule_.row_header, rule_.line));
            return false;
        }
        // Column items: national outcomes named by the catalogue. A header that starts with a
        // number names its item; otherwise the position does (the first column is item 1).
        const Catalogue* cat =
            rule_.catalogue.empty() ? nullptr : &ctx_.mapping.catalogues.at(rule_.catalogue);
        static const IcuRegex number("^\\s*(\\d{1,2})[.)]?\\s");
        for (std::uint32_t col = first_col_; col <= last_col_; ++col) {
            const Cell* cell = cell_at(*row, col);
            const std::string text = cell ? ctx_.text(*cell) : std::string();
            const std::size_t position = col - first_col_;
            std::size_t item = position;
            std::string how = "by position";
            if (auto m = number.search(text)) {
                item = static_cast<std::size_t>(std::stoi((*m)[1]) - 1);
                how = "by its number";
            }
            std::string code = std::to_string(item + 1), title = text;
            if (cat && item < cat->items.size()) {
                code = cat->items[item].code;
                title = cat->items[item].title;
            }
            const auto where = ctx_.where(sheet_index_, {header_row, col});
            column_items_[col] = outcome_for(rule_.column_level, code, title, where);
            if (cell) {
                ctx_.use(sheet_index_, {header_row, col});
                if (cat && normalise_text(text) != normalise_text(title))
                    ctx_.note(Severity::info, DiagnosticCode::catalogue_matched, where, text,
                              fmt::format("header read as {} {} '{}' of catalogue '{}' ({})",
                                          rule_.column_level, code, title, rule_.catalogue, how));
            }
        }
        return true;
    }

    // One outcome per (level, code) in the framework, however many sheets mention it.
    std::string outcome_for(const std::string& level, const std::string& code,
                            const std::string& title, Provenance where) {
        const std::string k = level + '\n' + code;
        if (auto it = known_outcomes_.find(k); it != known_outcomes_.end()) return it->second;
        return known_outcomes_[k] = ctx_.add_outcome(level, code, title, "", std::move(where));
    }

    bool is_header_repeat(const Row& row) {
        const std::string header = normalise_text(rule_.header);
        const bool repeat = std::any_of(row.cells.begin(), row.cells.end(), [&](const Cell& c) {
            return normalise_text(ctx_.text(c)) == header;
        });
        if (!repeat) return false;
        // Only cells that repeat a header text (or its OCR variant in the same column) are
        // consumed; anything else on the row is left to be reported.
        for (const Cell& c : row.cells) {
            const std::string t = ctx_.text(c);
            if (t.empty()) continue;
            auto h = header_texts_.find(c.col);
            // OCR may spell a repeated header differently ("setting" / "settling") or cut it.
            const bool header_like =
                normalise_text(t) == header ||
                (h != header_texts_.end() && damaged_copy_of(title_key(t), h->second));
            if (header_like) ctx_.use(sheet_index_, {row.index, c.col});
        }
        ctx_.note(Severity::info, DiagnosticCode::header_repeated, ctx_.where(sheet_index_, {row.index, 0}), "",
                  fmt::format("row {} repeats the header (a new page); skipped", row.index + 1));
        return true;
    }

    // A row whose only text sits in a merged range across the marker columns is a page title.
    bool is_banner(const Row& row) {
        const Cell* only = nullptr;
        for (const Cell& c : row.cells) {
            if (ctx_.text(c).empty()) continue;
            if (only) return false;
            only = &c;
        }
        if (!only) return false;
        const Range* merged = sheet_.merged_range_at({row.index, only->col});
        if (!merged || merged->last.col < last_col_ || merged->first.col > row_col_) return false;
        ctx_.report(Severity::info, DiagnosticCode::banner_row, sheet_index_, {row.index, only->col},
                    ctx_.text(*only),
                    "a title across the whole matrix (e.g. repeated on a new page); not an item");
        return true;
    }

    void row_item(std::uint32_t row, const Cell& cell) {
        const std::string text = ctx_.text(cell);
        const CellRef at{row, cell.col};
        std::optional<std::vector<std::string>> code;
        if (!rule_.row_code_pattern.empty()) code = IcuRegex(rule_.row_code_pattern).search(text);
        if (code || rule_.row_code_pattern.empty() || current_.empty()) {
            const std::string c = code ? (*code)[code->size() > 1 ? 1 : 0] : std::string();
            std::string title = text;
            if (code && title.starts_with((*code)[0])) title = title.substr((*code)[0].size());
            current_ =
                ctx_.add_outcome(rule_.row_level, c, title, "", ctx_.where(sheet_index_, at));
            current_index_ = ctx_.result.model.outcomes.size() - 1;
            last_indicator_.reset();
        } else {
            Outcome& o = ctx_.result.model.outcomes[current_index_];
            o.title += " " + text;
            ctx_.note(Severity::info, DiagnosticCode::continuation_joined, ctx_.where(sheet_index_, at), text,
                      fmt::format("no outcome code here, so the text continues {} '{}'",
                                  rule_.row_level, o.code));
        }
        ctx_.use(sheet_index_, at);
    }

    void details(std::uint32_t row, const Cell& cell) {
        const std::string text = ctx_.text(cell);
        const CellRef at{row, cell.col};
        ctx_.use(sheet_index_, at);
        if (current_.empty()) {
            ctx_.report(Severity::warning, DiagnosticCode::no_record, sheet_index_, at, text,
                        "KPIs before any outcome row; not read");
            return;
        }
        Split split =
            rule_.detail_split == ListSplit::numbered_list ? split_numbered(text) : Split{text, {}};
        if (!split.lead.empty()) {
            // Text before the first number continues the last KPI of this outcome when the
            // previous row ended mid-item (a page break or a wrapped cell), else it is one KPI.
            if (last_indicator_ && starts_continuation(split.lead)) {
                Indicator& ind = ctx_.result.model.indicators[*last_indicator_];
                ctx_.extend_indicator_title(*last_indicator_, split.lead);
                ctx_.note(Severity::info, DiagnosticCode::continuation_joined, ctx_.where(sheet_index_, at),
                          split.lead, fmt::format("continues the KPI '{}'", ind.title));
            } else {
                indicator(split.lead, at);
            }
        }
        for (const std::string& item : split.items) indicator(item, at);
    }

    static bool starts_continuation(std::string_view text) {
        const unsigned char c = static_cast<unsigned char>(text.front());
        return (c >= 'a' && c <= 'z') || c == '(';
    }

    void indicator(const std::string& title, CellRef at) {
        Indicator ind;
        ind.title = title;
        ind.aim = parse_aim(title);
        if (ind.aim.direction == Aim::Direction::increase)
            ind.polarity = Polarity::higher_is_better;
        if (ind.aim.direction == Aim::Direction::decrease) ind.polarity = Polarity::lower_is_better;
        ind.where = ctx_.where(sheet_index_, at);
        const std::size_t index = ctx_.find_or_add_indicator(std::move(ind));
        last_indicator_ = index;
        ctx_.add_link({"indicator_of", ctx_.result.model.indicators[index].id, current_, "", "",
                       ctx_.where(sheet_index_, at)});
    }

    void marker(std::uint32_t row, const Cell& cell) {
        const std::string text = ctx_.text(cell);
        const CellRef at{row, cell.col};
        const VocabularyRule& vocab = ctx_.mapping.vocabularies.at(rule_.cell_vocabulary);
        auto m = vocab.terms.match(text, vocab.fuzzy);
        if (!m) {
            ctx_.report(Severity::warning, DiagnosticCode::unknown_marker, sheet_index_, at, text,
                        fmt::format("'{}' is not a marker of vocabulary '{}'; no link made (add it "
                                    "as an alias if it "
                                    "is one)",
                                    text, rule_.cell_vocabulary));
            return;
        }
        if (current_.empty()) {
            ctx_.report(Severity::warning, DiagnosticCode::no_record, sheet_index_, at, text,
                        "a marker before any outcome row; not read");
            return;
        }
        if (m->kind != MatchKind::exact)
            ctx_.note(Severity::info, DiagnosticCode::term_corrected, ctx_.where(sheet_index_, at), text,
                      fmt::format("'{}' read as marker '{}' ({})", text, m->matched_text,
                                  match_kind_name(m->kind)));
        // Every marker cell is a link of its own, with its own provenance; a second marker for
        // the same pair (a continuation row, a repeated page) is kept and noted.
        Link link{rule_.link_kind, current_, column_items_.at(cell.col),
                  m->term->value,  text,     ctx_.where(sheet_index_, at)};
        if (!ctx_.add_link(link, /*allow_repeat=*/true))
            ctx_.note(Severity::info, DiagnosticCode::repeated_link, link.where, text,
                      "the same outcome is marked against this column again (a continuation row or "
                      "a repeated page); "
                      "both links are kept");
        ctx_.use(sheet_index_, at);
    }

    ConvertContext& ctx_;
    const MatrixRule& rule_;
    std::size_t sheet_index_;
    const Sheet& sheet_;
    std::uint32_t row_col_ = 0;
    std::optional<std::uint32_t> detail_col_;
    std::uint32_t first_col_ = 0, last_col_ = 0;
    std::map<std::uint32_t, std::string> column_items_;
    std::map<std::uint32_t, std::string> header_texts_;  // title keys of the header row's cells
    std::map<std::string, std::string> known_outcomes_;
    std::string current_;
    std::size_t current_index_ = 0;
    std::optional<std::size_t> last_indicator_;
};

}  // namespace

void read_matrix(ConvertContext& ctx, const MatrixRule& rule) {
    for (std::size_t s = 0; s < ctx.wb.sheets.size(); ++s) {
        const Sheet& sheet = ctx.wb.sheets[s];
        if (!sheet_selected(rule.sheet, sheet.name)) continue;
        auto header = find_header(ctx, sheet, rule.header, rule.search_rows);
        if (!header) continue;
        MatrixReader(ctx, rule, s).read(*header);
    }
}

}  // namespace kpimap::detail
