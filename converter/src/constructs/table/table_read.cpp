// Reads a <table>: finds the header row by its text, binds columns to roles, then folds physical
// rows into logical records (continuation rows, split cells, repeated titles) before turning
// each record into indicators, outcomes and expectations.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "constructs/status_columns/status_columns_read.hpp"
#include "convert/convert_context.hpp"
#include "convert/text_split.hpp"
#include "core/icu_regex.hpp"
#include "kpimap/identity.hpp"
#include "kpimap/text_match.hpp"
#include "kpimap/value.hpp"

namespace kpimap::detail {

namespace {

// One column of the sheet bound to a rule.
struct BoundColumn {
    std::uint32_t col = 0;
    const ColumnRule* rule = nullptr;
    std::optional<Period> period;  // repeated period columns
    std::string period_text;
    Breakdown breakdown;  // a <columns dimension category> family: the pair its values have
    // Two-row headers (upper-role="indicator.title"): the indicator of the column's values, and
    // the cell above the header row that names it.
    std::string indicator_title;
    std::optional<CellRef> upper_at;
};

// A piece of a record: one non-empty cell.
struct Part {
    std::string text;
    CellRef at;
    const Cell* cell = nullptr;
};

// A logical record: the parts of each bound column, in row order.
struct Record {
    std::uint32_t first_row = 0;
    std::vector<std::vector<Part>> parts;  // parallel to the bound columns
    std::string group_id;                  // the outcome group it belongs to
};

std::string joined(const std::vector<Part>& parts) {
    std::string out;
    for (const Part& p : parts) out += (out.empty() ? "" : " ") + p.text;
    return out;
}

std::optional<ExpectationKind> expectation_kind(std::string_view value) {
    for (auto k :
         {ExpectationKind::baseline, ExpectationKind::improvement, ExpectationKind::maintain,
          ExpectationKind::long_term_improvement, ExpectationKind::tbc})
        if (value == expectation_kind_name(k)) return k;
    return std::nullopt;
}

bool starts_lowercase(std::string_view text) {
    if (text.empty()) return false;
    const unsigned char c = static_cast<unsigned char>(text.front());
    return (c >= 'a' && c <= 'z') || c == '(';
}

std::string last_word(std::string_view text) {
    const auto end = text.find_last_not_of(" ,;:");
    if (end == std::string_view::npos) return {};
    const auto space = text.find_last_of(' ', end);
    const std::size_t start = space == std::string_view::npos ? 0 : space + 1;
    return normalise_text(text.substr(start, end + 1 - start));
}

class TableReader {
public:
    TableReader(ConvertContext& ctx, const TableRule& rule, std::size_t sheet_index)
        : ctx_(ctx), rule_(rule), sheet_index_(sheet_index), sheet_(ctx.wb.sheets[sheet_index]) {}

    // Reads the table under `header_cell`'s row, then each table after it: a repeated header
    // row always starts one (with its own columns and periods); with stacked="true", so does
    // the next header row below a table that ended at blank rows.
    void read(CellRef header_cell) {
        ctx_.read_sheet(sheet_index_);
        std::optional<std::uint32_t> header_row = header_cell.row;
        while (header_row) header_row = next_header(read_block(*header_row));
        attach_comparators();
    }

private:
    // Why a table ended, and where.
    struct BlockEnd {
        enum class Why : std::uint8_t { sheet_end, blank_rows, header_repeated, no_key };
        Why why = Why::sheet_end;
        std::uint32_t header_row = 0;  // the table's own header row
        std::uint32_t last_row = 0;    // its last row with text in a bound column
        CellRef next;                  // header_repeated: the header cell of the row repeating it
    };

    // The state of one table (block): columns are bound afresh from each header row.
    void start_block(std::uint32_t header_row) {
        bound_.clear();
        column_slot_.clear();
        status_cols_.clear();
        groups_.clear();
        section_.clear();
        key_ = -1;
        outcome_list_ = false;
        gap_.reset();
        category_dimension_.clear();
        block_first_indicator_ = ctx_.result.model.indicators.size();
        bind_columns(header_row);
    }

    // A row holding the table's header text (`header`) is a header row: the column of that
    // cell, if so.
    std::optional<std::uint32_t> header_column(const Row& row) const {
        for (const Cell& c : row.cells)
            if (normalise_text(ctx_.text(c)) == header_text_) return c.col;
        return std::nullopt;
    }

    BlockEnd read_block(std::uint32_t header_row) {
        start_block(header_row);
        BlockEnd end{BlockEnd::Why::sheet_end, header_row, header_row, {}};
        if (key_ < 0) {
            end.why = BlockEnd::Why::no_key;
            return end;
        }
        std::optional<Record> record;
        const auto blank_limit = static_cast<std::uint32_t>(rule_.end_after_blank_rows);
        std::uint32_t blank_run = 0;
        std::uint32_t previous = header_row;
        for (const Row& row : sheet_.rows) {
            if (row.index <= header_row) continue;
            // Excel and openpyxl write no element for an empty row: a gap in the row numbers is
            // blank rows too.
            blank_run += row.index - previous - 1;
            previous = row.index;
            if (blank_run >= blank_limit) {
                end.why = BlockEnd::Why::blank_rows;
                break;
            }
            if (auto col = header_column(row)) {
                end.why = BlockEnd::Why::header_repeated;
                end.next = {row.index, *col};
                break;
            }
            std::vector<const Cell*> cells(bound_.size(), nullptr);
            bool any = false;
            for (const Cell& cell : row.cells) {
                if (status_cols_.contains(cell.col) && !ctx_.text(cell).empty()) {
                    status_cell(row.index, cell);
                    continue;
                }
                auto it = column_slot_.find(cell.col);
                if (it == column_slot_.end() || ctx_.text(cell).empty()) continue;
                cells[it->second] = &cell;
                any = true;
            }
            if (!any) {
                if (++blank_run >= blank_limit) {
                    end.why = BlockEnd::Why::blank_rows;
                    break;
                }
                continue;
            }
            blank_run = 0;
            end.last_row = row.index;
            read_row(row.index, cells, record);
        }
        if (record) finish(*record);
        std::uint32_t lo = kMaxColumns, hi = 0;
        for (const BoundColumn& b : bound_) lo = std::min(lo, b.col), hi = std::max(hi, b.col);
        if (!bound_.empty()) ctx_.region(sheet_index_, Range{{header_row, lo}, {end.last_row, hi}});
        return end;
    }

    // The header row of the next table to read after `end`, if any.
    std::optional<std::uint32_t> next_header(const BlockEnd& end) {
        if (end.why == BlockEnd::Why::header_repeated) {
            ctx_.note(Severity::info, DiagnosticCode::header_repeated, ctx_.where(sheet_index_, end.next),
                      rule_.header,
                      fmt::format("the header row repeats on row {}: the table above ends at row "
                                  "{} and a new one starts with this row's columns",
                                  end.next.row + 1, end.last_row + 1));
            return end.next.row;
        }
        if (end.why == BlockEnd::Why::sheet_end) return std::nullopt;
        const std::optional<CellRef> below = header_below(end.last_row);
        if (!below) return std::nullopt;
        if (rule_.stacked) return below->row;
        ctx_.note(
            Severity::warning, DiagnosticCode::table_not_stacked, ctx_.where(sheet_index_, *below), rule_.header,
            fmt::format("the header '{}' appears again below the table that ends at row {}{}, "
                        "so the table under it is not read; add stacked=\"true\" to the "
                        "<table> (mapping line {}) to read every table of the sheet",
                        rule_.header, end.last_row + 1,
                        end.why == BlockEnd::Why::blank_rows
                            ? fmt::format(" (after {} blank rows)", rule_.end_after_blank_rows)
                            : std::string(),
                        rule_.line));
        return std::nullopt;
    }

    // The first cell below `row` holding the table's header text.
    std::optional<CellRef> header_below(std::uint32_t row) const {
        for (const Row& r : sheet_.rows) {
            if (r.index <= row) continue;
            for (const Cell& c : r.cells)
                if (normalise_text(ctx_.text(c)) == header_text_) return CellRef{r.index, c.col};
        }
        return std::nullopt;
    }

    // One row of the table with text in a bound column: `cells` are its bound cells.
    void read_row(std::uint32_t row_index, std::vector<const Cell*>& cells,
                  std::optional<Record>& record) {
        // A row that opens a new group (outcome) never continues the record above.
        const bool started = handle_groups(row_index, cells);
        const Cell* key_cell = cells[static_cast<std::size_t>(key_)];
        const std::string key_text = key_cell ? ctx_.text(*key_cell) : std::string();
        if (started && record) {
            finish(*record);
            record.reset();
        }
        if (started) section_.clear();  // a section lives inside its group
        if (started &&
            std::none_of(cells.begin(), cells.end(), [](const Cell* c) { return c != nullptr; }))
            return;  // a group with no record on its row (an ambition with no outcomes yet)
        if (key_cell && is_section_row(cells, *key_cell)) {
            if (record) finish(*record);
            record.reset();
            const CellRef at{row_index, key_cell->col};
            section_ = ctx_.add_outcome(rule_.section_level, "", key_text, deepest_group(),
                                        ctx_.where(sheet_index_, at));
            ctx_.use(sheet_index_, at);
            return;
        }
        // A row naming a category in a role="breakdown" column (Female after Male) starts a
        // record of its own, whatever its key: it is another part of the population.
        bool new_category = false;
        for (std::size_t i = 0; i < bound_.size(); ++i)
            new_category = new_category || (bound_[i].rule->role == ColumnRole::breakdown &&
                                            cells[i] && !ctx_.text(*cells[i]).empty());
        std::string why;
        if (record && !new_category && continues(*record, key_text, why)) {
            ctx_.note(Severity::info, DiagnosticCode::continuation_joined, row_where(row_index, cells), key_text,
                      fmt::format("row {} continues the record that starts on row {} ({})",
                                  row_index + 1, record->first_row + 1, why));
            append(*record, row_index, cells, key_text == last_key_line(*record));
            return;
        }
        if (record) finish(*record);
        record.reset();
        if (key_text.empty()) {
            for (std::size_t i = 0; i < cells.size(); ++i)
                if (cells[i])
                    ctx_.report(Severity::warning, DiagnosticCode::no_record, sheet_index_,
                                {row_index, cells[i]->col}, ctx_.text(*cells[i]),
                                "this cell is below the header but no record has started yet "
                                "(its key column is empty)");
            return;
        }
        record = Record{row_index, std::vector<std::vector<Part>>(bound_.size()),
                        section_.empty() ? deepest_group() : section_};
        append(*record, row_index, cells, false);
    }

    void status_cell(std::uint32_t row, const Cell& c) {
        report_status_cell(ctx_, sheet_index_, row, c, *status_cols_.at(c.col));
    }

    // With section-level set: a row whose only cell is its key, written bold or in capitals
    // ("ADULT SOCIAL CARE"), names a section grouping the records below it.
    bool is_section_row(const std::vector<const Cell*>& cells, const Cell& key_cell) const {
        if (rule_.section_level.empty()) return false;
        for (std::size_t i = 0; i < cells.size(); ++i)
            if (cells[i] && static_cast<int>(i) != key_) return false;
        if (ctx_.wb.style(key_cell).bold) return true;
        bool letters = false;
        for (unsigned char c : ctx_.text(key_cell)) {
            if (c >= 'a' && c <= 'z') return false;
            if (c >= 'A' && c <= 'Z') letters = true;
        }
        return letters;
    }

    // The cells of a row, as a range, for row-level notes.
    Provenance row_where(std::uint32_t row, const std::vector<const Cell*>& cells) const {
        std::uint32_t lo = kMaxColumns, hi = 0;
        for (const Cell* c : cells)
            if (c) lo = std::min(lo, c->col), hi = std::max(hi, c->col);
        if (lo > hi) lo = hi = 0;
        return ctx_.where(sheet_index_, {row, lo}, {row, hi});
    }

    bool is_bound(const ColumnRule& rule) const {
        return std::any_of(bound_.begin(), bound_.end(),
                           [&](const BoundColumn& b) { return b.rule == &rule; });
    }

    // The period of a repeated value column, from the captures of its header pattern.
    void column_period(BoundColumn& b, const std::vector<std::string>& groups, CellRef at,
                       const std::string& text) {
        const std::string period_text = expand_captures(b.rule->period, groups);
        b.period_text = period_text;
        b.period = parse_period(period_text);
        if (!b.period) b.period = find_period(period_text);
        if (!b.period)
            ctx_.report(Severity::warning, DiagnosticCode::period_not_parsed, sheet_index_, at, text,
                        fmt::format("the header matches the column pattern but '{}' is not a "
                                    "period; the column is read without one (check period=\"...\" "
                                    "of the <columns> at mapping line {})",
                                    period_text, b.rule->line));
    }

    // A two-row header: the text over column `b` in the row above the header row (the nearest
    // non-empty cell at or left of it: a merged or centred title spans its columns) gives the
    // column's indicator or a breakdown pair. False when the family's upper-pattern does not
    // match that text: the column is not one of the family's.
    bool upper_header(BoundColumn& b, std::uint32_t header_row) {
        const ColumnRule& rule = *b.rule;
        if (!rule.upper_role && rule.upper_dimension.empty()) return true;
        const Cell* over = nullptr;
        if (header_row > 0)
            for (const Row& r : sheet_.rows) {
                if (r.index != header_row - 1) continue;
                for (const Cell& c : r.cells)
                    if (c.col <= b.col && !ctx_.text(c).empty()) over = &c;
                break;
            }
        const std::string text = over ? ctx_.text(*over) : std::string();
        std::vector<std::string> groups{text};
        if (!rule.upper_pattern.empty()) {
            auto found = IcuRegex(rule.upper_pattern).search(text);
            if (!found) return false;
            groups = *found;
        } else if (text.empty()) {
            return false;
        }
        const CellRef at{header_row - 1, over->col};
        if (rule.upper_role == ColumnRole::indicator_title) {
            b.indicator_title = text;
            b.upper_at = at;
        }
        if (!rule.upper_dimension.empty())
            b.breakdown.push_back(
                {rule.upper_dimension, expand_captures(rule.upper_category, groups)});
        ctx_.use(sheet_index_, at);
        return true;
    }

    void bind_columns(std::uint32_t header_row) {
        header_row_ = header_row;
        carried_.clear();
        parts_seen_.clear();
        block_breakdown_ = block_breakdown(header_row);
        const Row* row = nullptr;
        for (const Row& r : sheet_.rows)
            if (r.index == header_row) row = &r;
        if (row == nullptr) return;
        auto bind = [&](const BoundColumn& b) {
            if (b.rule->key) key_ = static_cast<int>(bound_.size());
            if (b.rule->role == ColumnRole::outcome && !b.rule->key)
                groups_.push_back({bound_.size(), {}, 0});
            column_slot_[b.col] = bound_.size();
            bound_.push_back(b);
            ctx_.use(sheet_index_, {header_row, b.col});
        };
        std::vector<CellRef> unbound;  // header cells no rule takes
        for (const Cell& cell : row->cells) {
            const std::string text = ctx_.text(cell);
            if (text.empty()) continue;
            const std::string norm = normalise_text(text);
            bool bound = false;
            for (const ColumnRule& rule : rule_.columns) {
                BoundColumn b{cell.col, &rule, std::nullopt, {}, {}, {}, std::nullopt};
                if (!rule.header.empty()) {
                    if (normalise_text(rule.header) != norm) continue;
                } else {
                    auto groups = IcuRegex(rule.header_pattern).search(text);
                    if (!groups) continue;
                    // Only value columns have periods: an ignored family needs none.
                    if (rule.role == ColumnRole::expectation ||
                        rule.role == ColumnRole::observation)
                        column_period(b, *groups, {header_row, cell.col}, text);
                    if (!rule.dimension.empty())
                        b.breakdown.push_back(
                            {rule.dimension, expand_captures(rule.category, *groups)});
                    if (!upper_header(b, header_row)) continue;
                }
                bind(b);
                bound = true;
                break;
            }
            if (!bound)
                for (const StatusTarget& st : rule_.statuses)
                    if (status_header_matches(st, text)) {
                        status_cols_[cell.col] = &st;
                        status_cell(header_row, cell);
                        bound = true;
                        break;
                    }
            if (!bound) unbound.push_back({header_row, cell.col});
        }
        // A <column> whose header is missing but a typing slip away from a header cell no rule
        // took ("KPIs" for "KPI's") reads that column, and says so, rather than leaving every
        // cell of it unread.
        for (const ColumnRule& rule : rule_.columns) {
            if (rule.header.empty() || is_bound(rule)) continue;
            const std::optional<NearHeader> near =
                near_header(ctx_, sheet_index_, unbound, rule.header);
            if (!near) continue;
            std::erase(unbound, near->at);
            bind(BoundColumn{near->at.col, &rule, std::nullopt, {}, {}, {}, std::nullopt});
            ctx_.note(Severity::warning, DiagnosticCode::header_near_match, ctx_.where(sheet_index_, near->at),
                      near->text,
                      fmt::format("the mapping's column '{}' (line {}) is not in the header row; "
                                  "did you mean '{}' here? This column is read as '{}'; write the "
                                  "header in the mapping as the sheet has it",
                                  rule.header, rule.line, near->text, rule.header));
        }
        for (const CellRef& at : unbound)
            ctx_.report(Severity::warning, DiagnosticCode::unmapped_header, sheet_index_, at,
                        ctx_.text(*sheet_.find(at)),
                        "no <column> of the mapping has this header, so the column is not read; "
                        "add one (role \"ignore\" if it holds nothing useful)");
        // Declared status columns whose header cell is still empty (update writes it).
        for (const StatusTarget& st : rule_.statuses) {
            if (st.column.empty()) continue;
            const auto col = parse_column_name(st.column);
            if (!col || column_slot_.contains(*col)) continue;
            const Cell* head = sheet_.find({header_row, *col});
            if (head && !ctx_.text(*head).empty()) continue;  // someone else's column
            bool found = false;
            for (const auto& [c, target] : status_cols_) found = found || target == &st;
            if (!found) status_cols_.emplace(*col, &st);
        }
        // Nested groups: the order of the role="outcome" columns in the mapping is their depth.
        auto depth = [&](const Group& g) { return bound_[g.slot].rule - rule_.columns.data(); };
        std::sort(groups_.begin(), groups_.end(),
                  [&](const Group& a, const Group& b) { return depth(a) < depth(b); });
        if (key_ >= 0) {
            const ColumnRule& key_rule = *bound_[static_cast<std::size_t>(key_)].rule;
            outcome_list_ = key_rule.role == ColumnRole::outcome;
            if (!key_rule.gap_pattern.empty()) gap_.emplace(key_rule.gap_pattern);
        }
        for (const ColumnRule& rule : rule_.columns) {
            if (!is_bound(rule))
                ctx_.note(Severity::warning, DiagnosticCode::column_not_found,
                          ctx_.row_where(sheet_index_, header_row),
                          rule.header.empty() ? rule.header_pattern : rule.header,
                          fmt::format("the header row has no column '{}' (mapping line {}); check "
                                      "the header text",
                                      rule.header.empty() ? rule.header_pattern : rule.header,
                                      rule.line));
        }
    }

    // Group columns: a cell matching group-start (or any cell without one) starts a new group;
    // other text continues the current group's title ("Domain 4" / "Patient, User" / ...).
    // Groups nest in mapping order: a new group's parent is the current group one level up,
    // and starting a group closes the groups below it. Blank (merged) cells keep the current
    // group. Returns true when a group started on this row.
    bool handle_groups(std::uint32_t row, std::vector<const Cell*>& cells) {
        bool started = false;
        for (std::size_t depth = 0; depth < groups_.size(); ++depth) {
            Group& g = groups_[depth];
            const Cell* cell = cells[g.slot];
            if (cell == nullptr) continue;
            const ColumnRule& rule = *bound_[g.slot].rule;
            const std::string text = ctx_.text(*cell);
            const CellRef at{row, cell->col};
            std::optional<std::vector<std::string>> start;
            if (!rule.group_start.empty()) start = IcuRegex(rule.group_start).search(text);
            if (rule.group_start.empty() || start || g.current.empty()) {
                std::string code = start ? (*start)[start->size() > 1 ? 1 : 0] : std::string();
                std::string parent;
                for (std::size_t up = depth; up-- > 0;)
                    if (!groups_[up].current.empty()) {
                        parent = groups_[up].current;
                        break;
                    }
                g.current =
                    ctx_.add_outcome(rule.level, code, text, parent, ctx_.where(sheet_index_, at));
                g.outcome = ctx_.result.model.outcomes.size() - 1;
                for (std::size_t down = depth + 1; down < groups_.size(); ++down)
                    groups_[down].current.clear();
                started = true;
            } else {
                Outcome& o = ctx_.result.model.outcomes[g.outcome];
                o.title += " " + text;
                o.where.cell = range_to_a1(*parse_a1_range(
                    o.where.cell.substr(0, o.where.cell.find(':')) + ":" + to_a1(at)));
                ctx_.note(Severity::info, DiagnosticCode::group_title_joined, ctx_.where(sheet_index_, at), text,
                          fmt::format("'{}' does not start a new {} (group-start pattern), so it "
                                      "continues the title "
                                      "'{}'",
                                      text, rule.level, o.title));
            }
            ctx_.use(sheet_index_, at);
            cells[g.slot] = nullptr;
        }
        return started;
    }

    // The innermost current group: records belong to it.
    std::string deepest_group() const {
        for (std::size_t d = groups_.size(); d-- > 0;)
            if (!groups_[d].current.empty()) return groups_[d].current;
        return {};
    }

    std::string last_key_line(const Record& r) const {
        const auto& parts = r.parts[static_cast<std::size_t>(key_)];
        return parts.empty() ? std::string() : parts.back().text;
    }

    bool continues(const Record& r, const std::string& key_text, std::string& why) const {
        const ContinuationRule& c = rule_.continuation;
        if (gap_ && gap_->found_in(key_text)) return false;  // a measure gap is a record of its own
        if (key_text.empty()) {
            why = "its key cell is empty";
            return c.key_empty;
        }
        const std::string previous = last_key_line(r);
        if (c.key_repeated && title_key(key_text) == title_key(previous)) {
            why = "its key repeats the line above";
            return true;
        }
        if (c.key_lowercase && starts_lowercase(key_text)) {
            why = "its key starts in lower case";
            return true;
        }
        const std::string word = last_word(previous);
        if (std::find(c.dangling_words.begin(), c.dangling_words.end(), word) !=
            c.dangling_words.end()) {
            why = fmt::format("the line above ends with '{}'", word);
            return true;
        }
        return false;
    }

    void append(Record& r, std::uint32_t row, const std::vector<const Cell*>& cells,
                bool repeated_key) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (cells[i] == nullptr) continue;
            const CellRef at{row, cells[i]->col};
            const std::string text = ctx_.text(*cells[i]);
            if (repeated_key && static_cast<int>(i) == key_) {
                ctx_.report(Severity::warning, DiagnosticCode::duplicate_row, sheet_index_, at, text,
                            fmt::format("'{}' repeats the title on the row above; read as the same "
                                        "indicator, not a "
                                        "new one",
                                        text));
                continue;
            }
            r.parts[i].push_back({text, at, cells[i]});
        }
    }

    void finish(Record& r) {
        if (bound_[static_cast<std::size_t>(key_)].rule->role == ColumnRole::breakdown) {
            finish_category_row(r);
            return;
        }
        if (outcome_list_) {
            finish_listed_outcome(r);
            return;
        }
        if (gap_ && gap_->found_in(joined(r.parts[static_cast<std::size_t>(key_)]))) {
            measure_gap(r);
            return;
        }
        const auto& key_rule = *bound_[static_cast<std::size_t>(key_)].rule;
        if (key_rule.split == ListSplit::numbered_list) {
            const auto& key_parts = r.parts[static_cast<std::size_t>(key_)];
            const Split split = split_numbered(joined(key_parts));
            std::vector<std::string> items = split.items;
            if (!split.lead.empty()) items.insert(items.begin(), split.lead);
            if (items.size() > 1) {
                const bool has_values =
                    std::any_of(bound_.begin(), bound_.end(), [&](const BoundColumn& b) {
                        const std::size_t i = static_cast<std::size_t>(&b - bound_.data());
                        return !r.parts[i].empty() && (b.rule->role == ColumnRole::expectation ||
                                                       b.rule->role == ColumnRole::observation);
                    });
                if (has_values) {
                    ctx_.note(
                        Severity::warning, DiagnosticCode::list_not_split,
                        ctx_.where(sheet_index_, key_parts.front().at, key_parts.back().at),
                        joined(key_parts),
                        "this cell lists several indicators but the row also holds values, which "
                        "cannot be shared out; read as one indicator");
                } else {
                    ctx_.note(Severity::info, DiagnosticCode::list_split,
                              ctx_.where(sheet_index_, key_parts.front().at, key_parts.back().at),
                              joined(key_parts),
                              fmt::format("one cell lists {} indicators; each is read on its own",
                                          items.size()));
                    splitting_ = true;
                    for (const std::string& item : items) {
                        Record one = r;
                        one.parts[static_cast<std::size_t>(key_)] = {
                            Part{item, key_parts.front().at, key_parts.front().cell}};
                        finish_one(one);
                    }
                    splitting_ = false;
                    for (const Part& p : key_parts) ctx_.use(sheet_index_, p.at);
                    return;
                }
            }
        }
        finish_one(r);
    }

    // One record that is one indicator.
    void finish_one(Record& r) {
        Indicator ind;
        ind.title = joined(r.parts[static_cast<std::size_t>(key_)]);
        const auto& key_parts = r.parts[static_cast<std::size_t>(key_)];
        ind.where = ctx_.where(sheet_index_, key_parts.front().at, key_parts.back().at);
        const Breakdown row_breakdown = record_breakdown(r);
        const std::string part = breakdown_key(row_breakdown);
        const std::optional<std::size_t> existing = ctx_.find_indicator(ind.title);
        // A title read in an earlier table of this sheet (stacked tables with other periods)
        // is the same indicator: this table's values are added to it.
        const bool continued =
            existing && own_indicators_.contains(*existing) && *existing < block_first_indicator_;
        // A title met again in this table under another breakdown ("Physical Support" under
        // Male, then under Female) is the same indicator's values for that part.
        const bool other_part = existing && own_indicators_.contains(*existing) &&
                                !row_breakdown.empty() && !parts_seen_.contains({*existing, part});
        if (existing && !continued && !other_part) {
            duplicate(r, ctx_.result.model.indicators[*existing], ind);
            return;
        }
        for (const Part& p : key_parts) ctx_.use(sheet_index_, p.at);
        std::vector<std::size_t> expectation_slots, observation_slots;
        for (std::size_t i = 0; i < bound_.size(); ++i) {
            const ColumnRule& rule = *bound_[i].rule;
            auto& parts = r.parts[i];
            if (parts.empty() || static_cast<int>(i) == key_) continue;
            if (rule.role == ColumnRole::expectation) {
                expectation_slots.push_back(i);
                continue;
            }
            if (rule.role == ColumnRole::observation) {
                observation_slots.push_back(i);
                continue;
            }
            const std::string text = joined(parts);
            if (rule.role == ColumnRole::ignore) {
                report_ignored(rule, parts);
                continue;
            }
            for (const Part& p : parts) ctx_.use(sheet_index_, p.at);
            if (rule.role == ColumnRole::indicator_aim)
                ind.aim = parse_aim(text);
            else if (rule.role == ColumnRole::indicator_capture)
                ind.capture = vocabulary_value(rule, parts, text);
            else if (rule.role == ColumnRole::indicator_code)
                ind.codes.push_back({rule.scheme.empty() ? "local" : rule.scheme, text});
            else if (rule.role == ColumnRole::indicator_unit)
                ind.measure_type = text;
            else if (rule.role == ColumnRole::indicator_title)
                ind.aliases.push_back(text);  // a second title column
            else if (rule.role == ColumnRole::indicator_polarity)
                polarity(ind, rule, parts, text);
        }
        if (ind.polarity == Polarity::unknown && ind.aim.direction == Aim::Direction::increase)
            ind.polarity = Polarity::higher_is_better;
        if (ind.polarity == Polarity::unknown && ind.aim.direction == Aim::Direction::decrease)
            ind.polarity = Polarity::lower_is_better;
        std::size_t index;
        if (other_part) {
            index = *existing;
            merge_attributes(ctx_.result.model.indicators[index], ind);
        } else if (continued) {
            index = *existing;
            Indicator& known = ctx_.result.model.indicators[index];
            ctx_.note(Severity::info, DiagnosticCode::indicator_continued, ind.where, ind.title,
                      fmt::format("'{}' is also in a table above ({}); the values of this table "
                                  "are added to that indicator",
                                  ind.title, known.where.cell));
            merge_attributes(known, ind);
        } else {
            index = ctx_.add_indicator(ind);
            own_indicators_.insert(index);
        }
        if (!row_breakdown.empty()) parts_seen_.insert({index, part});
        const std::string id = ctx_.result.model.indicators[index].id;
        if (!r.group_id.empty() && !other_part)
            ctx_.add_link({"indicator_of", id, r.group_id, "", "", ind.where});
        add_slots(r, id, row_breakdown);
        for (std::size_t i : expectation_slots) expectation(id, bound_[i], r.parts[i]);
        for (std::size_t i : observation_slots)
            for (const Part& p : r.parts[i])
                if (add_observation(ctx_, sheet_index_, p.at, *p.cell, id,
                                    bound_[i].period.value_or(Period{}), bound_[i].period_text,
                                    "")) {
                    Breakdown& b = ctx_.result.model.observations.back().breakdown;
                    b = row_breakdown;
                    b.insert(b.end(), bound_[i].breakdown.begin(), bound_[i].breakdown.end());
                }
    }

    // A record of a table of category rows (key role="breakdown"): the key is a category of the
    // key column's dimension (or of the current section's), replaced by the row's
    // role="breakdown.code" cell when it has one (an ONS code beside the council's name); each
    // value's indicator is its column's (two-row header) or the table's. A key naming one of the
    // <section>s, on a row without values, starts that section instead.
    void finish_category_row(Record& r) {
        const std::size_t key = static_cast<std::size_t>(key_);
        const ColumnRule& key_rule = *bound_[key].rule;
        const auto& key_parts = r.parts[key];
        const std::string key_text = joined(key_parts);
        bool has_values = false;
        for (std::size_t i = 0; i < bound_.size(); ++i)
            has_values = has_values ||
                         (!r.parts[i].empty() && (bound_[i].rule->role == ColumnRole::observation));
        for (const TableRule::Section& sec : rule_.sections)
            if (!has_values && normalise_text(sec.title) == normalise_text(key_text)) {
                category_dimension_ = sec.dimension;
                for (const Part& p : key_parts) ctx_.use(sheet_index_, p.at);
                for (std::size_t i = 0; i < bound_.size(); ++i)
                    if (i != key)
                        for (const Part& p : r.parts[i])
                            ctx_.report(Severity::warning, DiagnosticCode::cell_not_read, sheet_index_, p.at,
                                        p.text,
                                        fmt::format("a cell on the row of section '{}'; a section "
                                                    "row holds no values, so it is not read",
                                                    sec.title));
                return;
            }
        for (const Part& p : key_parts) ctx_.use(sheet_index_, p.at);
        BreakdownPair own{category_dimension_.empty() ? key_rule.dimension : category_dimension_,
                          key_text};
        Breakdown row_breakdown = record_breakdown(r);
        const std::string others = breakdown_key(row_breakdown);  // for comparator matching
        for (std::size_t i = 0; i < bound_.size(); ++i) {
            const ColumnRule& rule = *bound_[i].rule;
            if (rule.role == ColumnRole::breakdown_code && !r.parts[i].empty()) {
                own.category = joined(r.parts[i]);
                for (const Part& p : r.parts[i]) ctx_.use(sheet_index_, p.at);
            } else if (rule.role == ColumnRole::ignore) {
                report_ignored(rule, r.parts[i]);
            }
        }
        row_breakdown.push_back(own);
        const bool comparator_row = !rule_.comparator.empty() &&
                                    normalise_text(rule_.comparator) == normalise_text(key_text);
        // Observations first, then the denominators of their indicators on this row.
        std::map<std::string, std::vector<std::size_t>> row_values;  // indicator id -> obs
        for (std::size_t i = 0; i < bound_.size(); ++i) {
            const BoundColumn& b = bound_[i];
            if (b.rule->role != ColumnRole::observation) continue;
            const std::optional<std::size_t> ind = column_indicator(b);
            if (!ind) {
                for (const Part& p : r.parts[i]) unknown_indicator(b, p);
                continue;
            }
            const std::string id = ctx_.result.model.indicators[*ind].id;
            Breakdown breakdown = row_breakdown;
            breakdown.insert(breakdown.end(), b.breakdown.begin(), b.breakdown.end());
            if (rule_.measure == TableMeasure::value && b.period)
                add_value_slot(r, b, id, row_breakdown);
            for (const Part& p : r.parts[i]) {
                if (!add_observation(ctx_, sheet_index_, p.at, *p.cell, id,
                                     b.period.value_or(Period{}), b.period_text, ""))
                    continue;
                auto& observations = ctx_.result.model.observations;
                observations.back().breakdown = breakdown;
                std::string match = comparator_match(observations.back(), others, b);
                if (rule_.measure == TableMeasure::margin_95) {
                    ctx_.margins.push_back(std::move(observations.back()));
                    observations.pop_back();
                    continue;
                }
                const std::size_t index = observations.size() - 1;
                row_values[id].push_back(index);
                if (comparator_row)
                    comparator_values_.emplace(std::move(match), index);
                else if (!rule_.comparator.empty())
                    compared_values_.emplace_back(index, std::move(match));
            }
        }
        for (std::size_t i = 0; i < bound_.size(); ++i) {
            const BoundColumn& b = bound_[i];
            if (b.rule->role != ColumnRole::denominator || r.parts[i].empty()) continue;
            const Part& p = r.parts[i].front();
            const ParsedValue parsed = parse_value_cell(ctx_.wb, *p.cell);
            // A marker ([x]) beside values that carry the same marker: nothing to attach.
            if (parsed.kind == ParsedValue::Kind::missing) {
                ctx_.use(sheet_index_, p.at);
                continue;
            }
            const bool number = parsed.kind == ParsedValue::Kind::number;
            const std::optional<std::size_t> ind = column_indicator(b);
            auto values =
                ind ? row_values.find(ctx_.result.model.indicators[*ind].id) : row_values.end();
            if (!number || values == row_values.end()) {
                ctx_.report(Severity::warning, DiagnosticCode::denominator_not_used, sheet_index_, p.at, p.text,
                            !number ? std::string("not a number, so not a denominator")
                                    : fmt::format("no value of '{}' on this row to be the "
                                                  "denominator of; not read",
                                                  b.indicator_title));
                continue;
            }
            for (std::size_t index : values->second)
                ctx_.result.model.observations[index].denominator = parsed.value;
            ctx_.use(sheet_index_, p.at);
        }
    }

    // The indicator of a value column of a category table: the column's two-row-header title or
    // the table's indicator, found by title or (value tables only) made; a margin table only
    // finds indicators the mapping's value tables made.
    std::optional<std::size_t> column_indicator(const BoundColumn& b) {
        const std::string& title = b.indicator_title.empty() ? rule_.indicator : b.indicator_title;
        if (auto known = ctx_.find_indicator(title)) return known;
        if (rule_.measure != TableMeasure::value) return std::nullopt;
        Indicator ind;
        ind.title = title;
        ind.where = b.upper_at ? ctx_.where(sheet_index_, *b.upper_at)
                               : ctx_.where(sheet_index_, {header_row_, b.col});
        const std::size_t index = ctx_.add_indicator(std::move(ind));
        own_indicators_.insert(index);
        return index;
    }

    void unknown_indicator(const BoundColumn& b, const Part& p) {
        ctx_.report(Severity::warning, DiagnosticCode::margin_without_value, sheet_index_, p.at, p.text,
                    fmt::format("a margin of error for '{}', which no value table of the mapping "
                                "read; not used (check the table order and titles)",
                                b.indicator_title.empty() ? rule_.indicator : b.indicator_title));
    }

    // What a value shares with its comparator: indicator, period, the row's other pairs and
    // the column's pairs.
    static std::string comparator_match(const Observation& o, const std::string& others,
                                        const BoundColumn& b) {
        return o.indicator_id + '\x1f' + o.period_text + '\x1f' + others + '\x1f' +
               breakdown_key(b.breakdown);
    }

    // Once every row is read: each value gets the comparator row's value of the same indicator,
    // period and other pairs.
    void attach_comparators() {
        auto& observations = ctx_.result.model.observations;
        for (const auto& [index, match] : compared_values_) {
            auto it = comparator_values_.find(match);
            if (it == comparator_values_.end()) continue;
            const Observation& c = observations[it->second];
            Observation& o = observations[index];
            o.comparator_name = rule_.comparator;
            o.comparator_value = c.value;
            o.comparator_lower_ci = c.lower_ci;
            o.comparator_upper_ci = c.upper_ci;
            o.comparator_cell = c.where.cell;
        }
    }

    // The pairs every value under this header row has: the table's fixed <breakdown>s, then
    // each <breakdown title-pattern> from the nearest cell above the header (up to 6 rows) whose
    // text matches, its captures in the category; a title not found is a warning and gives no
    // pair.
    Breakdown block_breakdown(std::uint32_t header_row) {
        Breakdown out = rule_.breakdown;
        constexpr std::uint32_t title_rows = 6;
        for (const TableRule::TitleBreakdown& tb : rule_.title_breakdowns) {
            const IcuRegex pattern(tb.pattern);
            bool found = false;
            for (std::uint32_t back = 1; back <= title_rows && back <= header_row && !found;
                 ++back) {
                const std::uint32_t row = header_row - back;
                for (const Row& r : sheet_.rows) {
                    if (r.index != row) continue;
                    for (const Cell& c : r.cells) {
                        const std::string text = ctx_.text(c);
                        auto groups = pattern.search(text);
                        if (!groups) continue;
                        out.push_back(
                            {tb.pair.dimension, expand_captures(tb.pair.category, *groups)});
                        ctx_.use(sheet_index_, {row, c.col});
                        found = true;
                        break;
                    }
                    break;
                }
            }
            if (!found)
                ctx_.report(Severity::warning, DiagnosticCode::breakdown_title_not_found, sheet_index_,
                            {header_row, 0}, "",
                            fmt::format("no cell in the {} rows above this header row matches the "
                                        "<breakdown title-pattern=\"{}\"> of mapping line {}; the "
                                        "values of this table have no '{}'",
                                        title_rows, tb.pattern, tb.line, tb.pair.dimension));
        }
        return out;
    }

    // The breakdown every value of a record has: the table's <breakdown> pairs, then each
    // role="breakdown" column's category: its cell in this record, else the category above
    // (a merged or filled-down group column such as Gender).
    Breakdown record_breakdown(const Record& r) {
        Breakdown out = block_breakdown_;
        for (std::size_t i = 0; i < bound_.size(); ++i) {
            const ColumnRule& rule = *bound_[i].rule;
            if (rule.role != ColumnRole::breakdown || static_cast<int>(i) == key_) continue;
            if (!r.parts[i].empty()) carried_[i] = joined(r.parts[i]);
            if (auto it = carried_.find(i); it != carried_.end() && !it->second.empty())
                out.push_back({rule.dimension, it->second});
        }
        return out;
    }

    // A record whose title was read already: not read again, and every cell says so. The
    // message names the other place, or says the title repeats inside this one cell (a list).
    void duplicate(const Record& r, const Indicator& known, const Indicator& ind) {
        const bool same_place =
            known.where.sheet == ind.where.sheet && known.where.cell == ind.where.cell;
        const std::string other = known.where.sheet == ind.where.sheet
                                      ? known.where.cell
                                      : fmt::format("'{}'!{}", known.where.sheet, known.where.cell);
        const std::string message =
            same_place
                ? fmt::format("'{}' is listed twice in this cell; it is read once", ind.title)
                : fmt::format("'{}' is already listed at {}; this record is not read again",
                              ind.title, other);
        for (const Part& p : r.parts[static_cast<std::size_t>(key_)])
            ctx_.report(Severity::warning, DiagnosticCode::duplicate_indicator, sheet_index_, p.at, p.text,
                        message);
        for (std::size_t i = 0; i < bound_.size(); ++i)
            for (const Part& p : r.parts[i])
                if (static_cast<int>(i) != key_)
                    ctx_.report(Severity::warning, DiagnosticCode::duplicate_indicator, sheet_index_, p.at,
                                p.text, "part of a repeated record; not read again");
    }

    // What a later table says about an indicator read in an earlier one: new codes and names
    // are added, and fields the first table left unknown are filled.
    static void merge_attributes(Indicator& known, const Indicator& more) {
        for (const IndicatorCode& code : more.codes)
            if (std::none_of(known.codes.begin(), known.codes.end(), [&](const IndicatorCode& c) {
                    return c.scheme == code.scheme && c.value == code.value;
                }))
                known.codes.push_back(code);
        for (const std::string& alias : more.aliases)
            if (std::find(known.aliases.begin(), known.aliases.end(), alias) == known.aliases.end())
                known.aliases.push_back(alias);
        if (known.aim.text.empty()) known.aim = more.aim;
        if (known.capture.empty()) known.capture = more.capture;
        if (known.measure_type.empty()) known.measure_type = more.measure_type;
        if (known.polarity == Polarity::unknown) known.polarity = more.polarity;
    }

    // Where `update` and `return` write the record's period values: its first row in each
    // repeated period column, whether or not the cell holds something yet.
    void add_slots(const Record& r, const std::string& id, const Breakdown& row_breakdown) {
        if (splitting_) return;  // one row listing several indicators: no cell is one's own
        if (!rule_.statuses.empty()) {
            WriteSlot slot;
            slot.kind = WriteSlot::Kind::status_row;
            slot.sheet = sheet_index_;
            slot.cell = {r.first_row, bound_[static_cast<std::size_t>(key_)].col};
            slot.header_row = header_row_;
            slot.indicator_id = id;
            slot.statuses = &rule_.statuses;
            ctx_.result.slots.push_back(std::move(slot));
        }
        for (const BoundColumn& b : bound_) {
            if (!b.period || (b.rule->role != ColumnRole::expectation &&
                              b.rule->role != ColumnRole::observation))
                continue;
            add_value_slot(r, b, id, row_breakdown);
        }
    }

    // Where `kpimap return` may write indicator `id`'s value (or expectation) for column `b`'s
    // period on record `r`: the row's breakdown followed by the column's.
    void add_value_slot(const Record& r, const BoundColumn& b, const std::string& id,
                        const Breakdown& row_breakdown) {
        WriteSlot slot;
        const bool expectation = b.rule->role == ColumnRole::expectation;
        slot.kind = expectation ? WriteSlot::Kind::expectation : WriteSlot::Kind::observation;
        slot.sheet = sheet_index_;
        slot.cell = {r.first_row, b.col};
        slot.header_row = header_row_;
        slot.indicator_id = id;
        slot.period = *b.period;
        slot.period_text = b.period_text;
        if (expectation) slot.vocabulary = b.rule->vocabulary;  // the term text written back
        slot.breakdown = row_breakdown;
        slot.breakdown.insert(slot.breakdown.end(), b.breakdown.begin(), b.breakdown.end());
        ctx_.result.slots.push_back(std::move(slot));
    }

    // A record whose key is a gap text ("Metric requires development"): the group it belongs
    // to has no measure yet. No indicator is made; every cell of the record is reported.
    void measure_gap(const Record& r) {
        const Outcome* group =
            r.group_id.empty() ? nullptr : ctx_.result.model.find_outcome(r.group_id);
        const std::string owner =
            group ? fmt::format("{} '{}'", group->level, group->title) : std::string("this row");
        for (std::size_t i = 0; i < bound_.size(); ++i)
            for (const Part& p : r.parts[i])
                ctx_.report(Severity::info, DiagnosticCode::measure_gap, sheet_index_, p.at, p.text,
                            fmt::format("{} has no measure yet ('{}' matches the gap pattern); no "
                                        "indicator is made",
                                        owner, p.text));
    }

    // A record of a list of outcomes (key column role="outcome"): the same outcome as one
    // already read when the title matches, else the one at the same position of the level
    // (reported when the wording differs); a new outcome when there is none.
    void finish_listed_outcome(const Record& r) {
        const ColumnRule& key_rule = *bound_[static_cast<std::size_t>(key_)].rule;
        const auto& key_parts = r.parts[static_cast<std::size_t>(key_)];
        const std::string title = joined(key_parts);
        std::string code, summary;
        std::vector<const Part*> outputs;
        for (std::size_t i = 0; i < bound_.size(); ++i) {
            if (static_cast<int>(i) == key_ || r.parts[i].empty()) continue;
            const ColumnRule& rule = *bound_[i].rule;
            if (rule.role == ColumnRole::ignore) {
                report_ignored(rule, r.parts[i]);
                continue;
            }
            if (rule.role == ColumnRole::outcome_code) code = joined(r.parts[i]);
            if (rule.role == ColumnRole::outcome_summary) summary = joined(r.parts[i]);
            if (rule.role == ColumnRole::outcome_outputs)
                for (const Part& p : r.parts[i]) outputs.push_back(&p);
            for (const Part& p : r.parts[i]) ctx_.use(sheet_index_, p.at);
        }
        for (const Part& p : key_parts) ctx_.use(sheet_index_, p.at);
        const Provenance where =
            ctx_.where(sheet_index_, key_parts.front().at, key_parts.back().at);
        auto& outcomes = ctx_.result.model.outcomes;
        std::vector<std::size_t> same_level;
        for (std::size_t i = 0; i < outcomes.size(); ++i)
            if (outcomes[i].framework_id == ctx_.framework_id &&
                outcomes[i].level == key_rule.level &&
                provenance_text(outcomes[i].where) != provenance_text(where))
                same_level.push_back(i);
        const std::size_t position = listed_++;
        std::optional<std::size_t> match;
        for (std::size_t i : same_level)
            if (title_key(outcomes[i].title) == title_key(title)) match = i;
        if (!match && position < same_level.size()) {
            match = same_level[position];
            ctx_.note(
                Severity::warning, DiagnosticCode::outcome_title_differs, where, title,
                fmt::format(
                    "'{}' is listed at position {} where {} '{}' ({}) stands; read as the same {}, "
                    "check the wording",
                    title, position + 1, key_rule.level, outcomes[*match].title,
                    outcomes[*match].where.cell, key_rule.level));
        }
        std::string id;
        if (!match) {
            id = ctx_.add_outcome(key_rule.level, code, title, "", where);
            match = outcomes.size() - 1;
        } else {
            id = outcomes[*match].id;
            Outcome& known = outcomes[*match];
            if (known.code.empty())
                known.code = code;
            else if (!code.empty() && code != known.code)
                ctx_.note(Severity::warning, DiagnosticCode::code_differs, where, code,
                          fmt::format("{} '{}' has code {} at {}; {} here is not kept",
                                      key_rule.level, title, known.code, known.where.cell, code));
        }
        Outcome& o = outcomes[*match];
        if (o.summary.empty())
            o.summary = summary;
        else if (!summary.empty() && summary != o.summary)
            ctx_.note(Severity::warning, DiagnosticCode::summary_differs, where, summary,
                      fmt::format("{} '{}' already has another summary; the first one is kept",
                                  key_rule.level, title));
        // Outputs listed one per line ("- ..."): each becomes an output under this outcome,
        // reported as a measure gap because the source lists it as having no measure.
        for (const Part* p : outputs) {
            std::istringstream lines(p->text);
            for (std::string line; std::getline(lines, line);) {
                const auto start = line.find_first_not_of(" -•\t");
                if (start == std::string::npos) continue;
                line = line.substr(start);
                ctx_.add_outcome("output", "", line, id, ctx_.where(sheet_index_, p->at));
                ctx_.note(Severity::info, DiagnosticCode::measure_gap, ctx_.where(sheet_index_, p->at), line,
                          fmt::format("output '{}' of {} '{}' has no measure assigned", line,
                                      key_rule.level, title));
            }
        }
    }

    // Polarity as written: a vocabulary whose values are polarity names, or the usual
    // wordings ("Higher is better", "Low is good", LGBF's "Descending" / "Ascending").
    // A column declared as not wanted is reported for information, never silently consumed.
    void report_ignored(const ColumnRule& rule, const std::vector<Part>& parts) {
        for (const Part& p : parts)
            ctx_.report(
                Severity::info, DiagnosticCode::ignored_by_mapping, sheet_index_, p.at, p.text,
                fmt::format("the mapping marks column '{}' role=\"ignore\" (line {})",
                            rule.header.empty() ? rule.header_pattern : rule.header, rule.line));
    }

    void polarity(Indicator& ind, const ColumnRule& rule, const std::vector<Part>& parts,
                  const std::string& text) {
        std::string value =
            rule.vocabulary.empty() ? normalise_text(text) : vocabulary_value(rule, parts, text);
        auto has = [&](std::string_view w) { return value.find(w) != std::string::npos; };
        if (value == "higher_is_better" || has("higher") || has("high is") ||
            value == "descending") {
            ind.polarity = Polarity::higher_is_better;
        } else if (value == "lower_is_better" || has("lower") || has("low is") ||
                   value == "ascending") {
            ind.polarity = Polarity::lower_is_better;
        } else if (value == "no_judgement" || has("no judgement") || has("not applicable") ||
                   value == "goldilocks") {
            ind.polarity = Polarity::no_judgement;
        } else {
            ctx_.note(Severity::warning, DiagnosticCode::polarity_not_recognised,
                      ctx_.where(sheet_index_, parts.front().at, parts.back().at), text,
                      "not a polarity kpimap knows (higher is better, lower is better, no "
                      "judgement); the indicator's "
                      "polarity is left unknown");
        }
    }

    // Text for a vocabulary column (the canonical value when the text matches a term).
    std::string vocabulary_value(const ColumnRule& rule, const std::vector<Part>& parts,
                                 const std::string& text) {
        if (rule.vocabulary.empty()) return text;
        const VocabularyRule& vocab = ctx_.mapping.vocabularies.at(rule.vocabulary);
        auto m = vocab.terms.match(text, vocab.fuzzy);
        if (!m) {
            ctx_.note(Severity::warning, DiagnosticCode::term_not_recognised,
                      ctx_.where(sheet_index_, parts.front().at, parts.back().at), text,
                      fmt::format("'{}' is not a term of vocabulary '{}'; kept as written", text,
                                  rule.vocabulary));
            return text;
        }
        correction(*m, text, parts.front().at, parts.back().at, rule.vocabulary);
        return m->term->value;
    }

    void correction(const TermMatch& m, const std::string& text, CellRef first, CellRef last,
                    const std::string& vocab) {
        if (m.kind == MatchKind::exact) return;
        std::string how = m.kind == MatchKind::normalised ? "case or spacing differs"
                          : m.kind == MatchKind::confusable
                              ? "look-alike letters from another script"
                              : fmt::format("{} letter(s) differ", m.distance);
        ctx_.note(Severity::info, DiagnosticCode::term_corrected, ctx_.where(sheet_index_, first, last), text,
                  fmt::format("'{}' read as '{}' of vocabulary '{}' ({})", text, m.matched_text,
                              vocab, how));
    }

    // Expectation cells: parts are joined until they make a term ("Long Term" + "Improvement");
    // parts after that are repeats, reported as duplicates or conflicts.
    void expectation(const std::string& indicator_id, const BoundColumn& column,
                     const std::vector<Part>& parts) {
        const ColumnRule& rule = *column.rule;
        const VocabularyRule* vocab =
            rule.vocabulary.empty() ? nullptr : &ctx_.mapping.vocabularies.at(rule.vocabulary);
        std::size_t i = 0;
        std::optional<Expectation> kept;
        while (i < parts.size()) {
            if (parts[i].cell->type == CellType::number) {
                Expectation e{indicator_id,
                              column.period.value_or(Period{}),
                              column.period_text,
                              ExpectationKind::target,
                              parts[i].cell->number,
                              parts[i].text,
                              ctx_.where(sheet_index_, parts[i].at)};
                ctx_.use(sheet_index_, parts[i].at);
                settle(kept, e);
                ++i;
                continue;
            }
            std::string text;
            std::size_t j = i;
            std::optional<TermMatch> m;
            for (; j < parts.size() && parts[j].cell->type != CellType::number; ++j) {
                text += (text.empty() ? "" : " ") + parts[j].text;
                if (vocab && (m = vocab->terms.match(text, vocab->fuzzy))) break;
            }
            if (!m) {
                for (std::size_t k = i; k < std::min(j, parts.size()); ++k)
                    ctx_.report(Severity::warning, DiagnosticCode::term_not_recognised, sheet_index_, parts[k].at,
                                parts[k].text,
                                fmt::format("'{}' is not a term of vocabulary '{}' (for the period "
                                            "{}); add it as an "
                                            "alias if it is one",
                                            parts[k].text, rule.vocabulary, column.period_text));
                i = j;
                continue;
            }
            const std::size_t last = std::min(j, parts.size() - 1);
            correction(*m, text, parts[i].at, parts[last].at, rule.vocabulary);
            auto kind = expectation_kind(m->term->value);
            if (!kind) {
                ctx_.note(
                    Severity::warning, DiagnosticCode::term_not_expectation,
                    ctx_.where(sheet_index_, parts[i].at), text,
                    fmt::format(
                        "term '{}' is not an expectation kind (baseline, improvement, maintain, "
                        "long_term_improvement, tbc); fix the vocabulary",
                        m->term->value));
            } else {
                Expectation e{indicator_id,
                              column.period.value_or(Period{}),
                              column.period_text,
                              *kind,
                              std::nullopt,
                              text,
                              ctx_.where(sheet_index_, parts[i].at, parts[last].at)};
                for (std::size_t k = i; k <= last; ++k) ctx_.use(sheet_index_, parts[k].at);
                if (!settle(kept, e))
                    for (std::size_t k = i; k <= last; ++k)
                        ctx_.report(
                            Severity::warning, DiagnosticCode::conflicting_value, sheet_index_, parts[k].at,
                            parts[k].text,
                            fmt::format(
                                "a second value for the same indicator and period; '{}' is kept",
                                kept->raw));
            }
            i = last + 1;
        }
        if (kept) ctx_.result.model.expectations.push_back(std::move(*kept));
    }

    // Keeps the first expectation; a later one of the same kind is a harmless repeat (noted),
    // a different one is a conflict (false).
    bool settle(std::optional<Expectation>& kept, const Expectation& e) {
        if (!kept) {
            kept = e;
            return true;
        }
        if (kept->kind == e.kind && kept->target == e.target) {
            ctx_.note(Severity::info, DiagnosticCode::repeated_value, e.where, e.raw,
                      fmt::format("repeats '{}' given at {} for the same indicator and period",
                                  kept->raw, kept->where.cell));
            return true;
        }
        return false;
    }

    ConvertContext& ctx_;
    const TableRule& rule_;
    std::size_t sheet_index_;
    const Sheet& sheet_;
    std::vector<BoundColumn> bound_;
    std::uint32_t header_row_ = 0;
    std::map<std::uint32_t, const StatusTarget*> status_cols_;
    bool splitting_ = false;
    std::map<std::uint32_t, std::size_t> column_slot_;
    int key_ = -1;
    // A group (outcome) column: its slot in bound_, the current group's id and model index.
    struct Group {
        std::size_t slot = 0;
        std::string current;
        std::size_t outcome = 0;
    };
    std::vector<Group> groups_;  // shallowest first
    std::string section_;        // the current section (section-level), inside the groups
    bool outcome_list_ = false;  // the key column is an outcome: each record is an outcome
    std::optional<IcuRegex> gap_;
    std::size_t listed_ = 0;  // records of a list of outcomes read so far
    const std::string header_text_ = normalise_text(rule_.header);
    // Indicators this reader made, and the first model index of the current table's: a title
    // read in an earlier table of the sheet gets this table's values too.
    std::set<std::size_t> own_indicators_;
    std::size_t block_first_indicator_ = 0;
    // Breakdowns: the current category of each role="breakdown" column (by slot), and the
    // (indicator, breakdown_key) pairs read in this table, so a title repeated under another
    // breakdown adds values while one repeated under the same breakdown is a duplicate.
    Breakdown block_breakdown_;  // the pairs of the current table (block_breakdown)
    std::map<std::size_t, std::string> carried_;
    std::set<std::pair<std::size_t, std::string>> parts_seen_;
    // Category tables: the dimension of the current <section> ("" before the first), and the
    // comparator row's values and the values compared with them, by comparator_match.
    std::string category_dimension_;
    std::unordered_map<std::string, std::size_t> comparator_values_;
    std::vector<std::pair<std::size_t, std::string>> compared_values_;
};

}  // namespace

void read_table(ConvertContext& ctx, const TableRule& rule) {
    for (std::size_t s = 0; s < ctx.wb.sheets.size(); ++s) {
        const Sheet& sheet = ctx.wb.sheets[s];
        if (!sheet_selected(rule.sheet, sheet.name)) continue;
        auto header = find_header(ctx, sheet, rule.header, rule.search_rows);
        if (!header) continue;
        TableReader(ctx, rule, s).read(*header);
    }
}

}  // namespace kpimap::detail
