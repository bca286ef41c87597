// Reads a <dashboard>: one theme per sheet, with priorities, numbered dashboard indicators,
// commitments (ref + text + what success looks like) and actions (coded, several per cell),
// plus "See A.1 and A.3.4" cross-references resolved once every sheet has been read.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "convert/convert_context.hpp"
#include "convert/text_split.hpp"
#include "core/icu_regex.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap::detail {

namespace {

// "A.3.4." -> "A.3.4", "A5" -> "A.5", "L4.1.1." -> "L.4.1.1": the letter and its numbers.
std::string ref_key(std::string_view token) {
    std::string out;
    std::size_t i = 0;
    while (i < token.size() && !std::isalpha(static_cast<unsigned char>(token[i]))) ++i;
    if (i == token.size()) return {};
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(token[i])));
    bool in_digits = false;
    for (++i; i < token.size(); ++i) {
        const char c = token[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            if (!in_digits) out += '.';
            out += c;
            in_digits = true;
        } else {
            in_digits = false;
        }
    }
    return out.find('.') == std::string::npos ? std::string() : out;
}

std::size_t numbers_in(std::string_view key) {
    return static_cast<std::size_t>(std::count(key.begin(), key.end(), '.'));
}

// "A.3.4" -> "A.3": the commitment an action code belongs to.
std::string commitment_key(std::string_view action_key) {
    const auto second = action_key.find('.', action_key.find('.') + 1);
    return std::string(action_key.substr(0, second));
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto nl = text.find('\n', start);
        out.push_back(trim_space(text.substr(
            start, nl == std::string_view::npos ? std::string_view::npos : nl - start)));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

struct Token {
    std::size_t at = 0, size = 0;
    std::string text;
};

struct PendingRef {
    std::string from_id;
    std::string key;
    std::string raw;
    Provenance where;
    std::size_t sheet = 0;
    CellRef cell;
};

class DashboardReader {
public:
    DashboardReader(ConvertContext& ctx, const DashboardRule& rule)
        : ctx_(ctx),
          rule_(rule),
          code_(rule.code_pattern),
          cue_(rule.cue_pattern),
          placeholder_(rule.placeholder_pattern) {}

    void read_sheet(std::size_t s, CellRef header) {
        sheet_ = s;
        const Sheet& sheet = ctx_.wb.sheets[s];
        ctx_.read_sheet(s);
        commitment_ = {};
        priority_.clear();
        sheet_commitments_.clear();
        actions_.clear();
        theme(sheet);
        bind(sheet, header.row);
        std::uint32_t last_row = header.row;
        for (const Row& row : sheet.rows) {
            if (row.index <= header.row) continue;
            std::map<std::string, const Cell*> cells;
            for (const Cell& cell : row.cells) {
                const std::string t = ctx_.text(cell);
                if (t.empty()) continue;
                auto it = roles_.find(cell.col);
                if (it == roles_.end()) continue;
                last_row = row.index;
                if (placeholder_.found_in(t)) {
                    ctx_.report(Severity::info, DiagnosticCode::placeholder, s, {row.index, cell.col}, t,
                                "a placeholder ('--'), not data; not read");
                    continue;
                }
                cells[it->second] = &cell;
            }
            if (cells.contains("priority")) priority(row.index, *cells["priority"]);
            if (cells.contains("ref") || cells.contains("commitment"))
                commitments(row.index, cells.contains("ref") ? cells["ref"] : nullptr,
                            cells.contains("commitment") ? cells["commitment"] : nullptr);
            if (cells.contains("success")) success(row.index, *cells["success"]);
            if (cells.contains("indicators")) indicators(row.index, *cells["indicators"]);
            if (cells.contains("actions")) actions(row.index, *cells["actions"]);
        }
        resolve_actions();
        std::uint32_t lo = kMaxColumns, hi = 0;
        for (const auto& [col, role] : roles_) lo = std::min(lo, col), hi = std::max(hi, col);
        if (!roles_.empty()) ctx_.region(s, Range{{header.row, lo}, {last_row, hi}});
    }

    // Cross-references name commitments and actions anywhere in the workbook.
    void resolve_references() {
        for (const PendingRef& r : refs_) {
            auto it = all_.find(r.key);
            if (it == all_.end()) {
                ctx_.note(Severity::warning, DiagnosticCode::unresolved_reference, r.where, r.raw,
                          fmt::format("'{}' names no commitment or action of this workbook; the "
                                      "reference is not linked",
                                      r.raw));
                continue;
            }
            if (it->second == r.from_id) continue;
            ctx_.add_link({"see_also", r.from_id, it->second, "", r.raw, r.where});
        }
    }

private:
    struct Item {
        std::size_t index = 0;  // in model.outcomes
        std::string key;
    };

    Outcome& outcome(std::size_t i) { return ctx_.result.model.outcomes[i]; }
    Provenance at(std::uint32_t row, const Cell& c) const {
        return ctx_.where(sheet_, {row, c.col});
    }
    std::string parent() const { return priority_.empty() ? theme_ : priority_; }

    void theme(const Sheet& sheet) {
        std::string title = sheet.name;
        Provenance where{ctx_.wb.source, sheet.name, ""};
        if (!rule_.theme_cell.empty()) {
            const CellRef ref = *parse_a1(rule_.theme_cell);
            if (const Cell* c = sheet.find(ref); c && !ctx_.text(*c).empty()) {
                title = ctx_.text(*c);
                where = ctx_.where(sheet_, ref);
                ctx_.use(sheet_, ref);
            } else {
                ctx_.note(
                    Severity::warning, DiagnosticCode::theme_cell_empty, ctx_.where(sheet_, ref), "",
                    fmt::format("the theme cell {} is empty; the sheet name '{}' is the theme",
                                rule_.theme_cell, sheet.name));
            }
        }
        theme_ = ctx_.add_outcome(rule_.theme_level, "", title, "", where);
    }

    void bind(const Sheet& sheet, std::uint32_t header_row) {
        roles_.clear();
        std::optional<IcuRegex> success;
        if (!rule_.success_header_pattern.empty()) success.emplace(rule_.success_header_pattern);
        const std::vector<std::pair<std::string, std::string>> headers = {
            {"priority", rule_.priority_header},
            {"indicators", rule_.indicator_header},
            {"ref", rule_.ref_header},
            {"commitment", rule_.commitment_header},
            {"actions", rule_.action_header}};
        std::set<std::string> found;
        std::vector<CellRef> unmapped;
        for (const Row& row : sheet.rows) {
            if (row.index != header_row) continue;
            for (const Cell& cell : row.cells) {
                const std::string text = ctx_.text(cell);
                if (text.empty()) continue;
                std::string role;
                for (const auto& [r, h] : headers)
                    if (!h.empty() && normalise_text(h) == normalise_text(text)) role = r;
                if (role.empty() && success && success->found_in(text)) role = "success";
                if (role.empty()) {
                    unmapped.push_back({header_row, cell.col});
                    ctx_.report(
                        Severity::warning, DiagnosticCode::unmapped_header, sheet_, {header_row, cell.col}, text,
                        "no column of the <dashboard> has this header, so the column is not read");
                    continue;
                }
                roles_[cell.col] = role;
                found.insert(role);
                ctx_.use(sheet_, {header_row, cell.col});
            }
        }
        for (const auto& [r, h] : headers)
            if (!h.empty() && !found.contains(r)) {
                const auto near = near_header(ctx_, sheet_, unmapped, h);
                ctx_.note(Severity::warning, DiagnosticCode::column_not_found, ctx_.row_where(sheet_, header_row),
                          h,
                          fmt::format("the header row has no column '{}' (mapping line {}){}", h,
                                      rule_.line,
                                      near ? fmt::format("; did you mean '{}' ({})? Write the "
                                                         "header in the mapping as the sheet "
                                                         "has it",
                                                         near->text, to_a1(near->at))
                                           : std::string("; check the header text")));
            }
    }

    void priority(std::uint32_t row, const Cell& c) {
        priority_ = ctx_.add_outcome(rule_.priority_level, "", ctx_.text(c), theme_, at(row, c));
        ctx_.use(sheet_, {row, c.col});
    }

    // The code tokens of a text, in order.
    std::vector<Token> tokens(std::string_view text) const {
        std::vector<Token> out;
        std::size_t pos = 0;
        while (pos < text.size()) {
            auto m = code_.search(text.substr(pos));
            if (!m) break;
            const std::size_t found = text.find((*m)[0], pos);
            out.push_back({found, (*m)[0].size(), (*m)[0]});
            pos = found + std::max<std::size_t>(1, (*m)[0].size());
        }
        return out;
    }

    std::optional<std::size_t> new_commitment(std::string code, std::string title, Provenance where,
                                              const std::string& raw) {
        const std::string key = ref_key(code);
        if (!key.empty() && sheet_commitments_.contains(key)) {
            // Name the other cell; a ref repeated inside one cell says so instead.
            const std::string& other = outcome(sheet_commitments_[key]).where.cell;
            ctx_.note(Severity::warning, DiagnosticCode::duplicate_ref, where, code,
                      other == where.cell
                          ? fmt::format("ref '{}' is used twice in this cell; both kept as written "
                                        "(a typo for another ref?)",
                                        code)
                          : fmt::format("ref '{}' is already used at {}; kept as written (a typo "
                                        "for another ref?)",
                                        code, other));
        }
        if (code.empty())
            ctx_.note(Severity::info, DiagnosticCode::commitment_without_ref, where, raw,
                      "this commitment has no ref; read without a code");
        if (title.empty())
            ctx_.note(
                Severity::warning, DiagnosticCode::commitment_without_text, where, raw,
                fmt::format("ref '{}' has no commitment text; read with an empty title", code));
        ctx_.add_outcome(rule_.commitment_level, code, title, parent(), where);
        const std::size_t index = ctx_.result.model.outcomes.size() - 1;
        if (!key.empty() && !sheet_commitments_.contains(key)) sheet_commitments_[key] = index;
        if (!key.empty() && !all_.contains(key)) all_[key] = outcome(index).id;
        commitment_ = index;
        return index;
    }

    // Ref and commitment cells: "A.1" + text; "K1 We will ..." in one cell; several
    // commitments in one cell separated by a "-----" line; text alone continues the commitment
    // above when it starts in lower case, else is a commitment without a ref.
    void commitments(std::uint32_t row, const Cell* ref, const Cell* text_cell) {
        const std::string text = text_cell ? ctx_.text(*text_cell) : std::string();
        if (text_cell) ctx_.use(sheet_, {row, text_cell->col});
        if (ref == nullptr) {
            const Provenance where = at(row, *text_cell);
            const unsigned char first = static_cast<unsigned char>(text.front());
            if (commitment_ && std::islower(first)) {
                Outcome& o = outcome(*commitment_);
                o.title += " " + text;
                ctx_.note(Severity::info, DiagnosticCode::continuation_joined, where, text,
                          fmt::format("starts in lower case, so it continues the commitment at {}",
                                      o.where.cell));
                return;
            }
            new_commitment("", text, where, text);
            return;
        }
        ctx_.use(sheet_, {row, ref->col});
        Provenance where =
            text_cell ? ctx_.where(sheet_, {row, ref->col}, {row, text_cell->col}) : at(row, *ref);
        // Blocks separated by placeholder lines; each opens with its ref.
        std::vector<std::vector<std::string>> blocks(1);
        for (const std::string& line : lines_of(ctx_.text(*ref))) {
            if (line.empty()) continue;
            if (placeholder_.found_in(line)) {
                blocks.emplace_back();
                continue;
            }
            blocks.back().push_back(line);
        }
        bool first_block = true;
        for (const auto& block : blocks) {
            if (block.empty()) continue;
            std::string joined;
            for (const std::string& l : block) joined += (joined.empty() ? "" : " ") + l;
            const auto toks = tokens(joined);
            std::string code, title = joined;
            if (!toks.empty() && toks.front().at == 0) {
                code = trim_space(toks.front().text);
                title = trim_space(std::string_view(joined).substr(toks.front().size));
            } else {
                code = "";
            }
            if (first_block && !text.empty()) title += (title.empty() ? "" : " ") + text;
            first_block = false;
            new_commitment(code, title, where, ctx_.text(*ref));
        }
        if (blocks.size() > 1)
            ctx_.note(Severity::info, DiagnosticCode::several_commitments, at(row, *ref), ctx_.text(*ref),
                      fmt::format("{} commitments in one cell, separated by '----' lines",
                                  blocks.size()));
    }

    void success(std::uint32_t row, const Cell& c) {
        const std::string text = ctx_.text(c);
        if (!commitment_) {
            ctx_.report(Severity::warning, DiagnosticCode::no_commitment, sheet_, {row, c.col}, text,
                        "success text before any commitment on the sheet; not read");
            return;
        }
        Outcome& o = outcome(*commitment_);
        o.summary += (o.summary.empty() ? "" : "\n") + text;
        ctx_.use(sheet_, {row, c.col});
    }

    void indicators(std::uint32_t row, const Cell& c) {
        const std::string text = ctx_.text(c);
        const Provenance where = at(row, c);
        int made = 0;
        std::vector<std::string> notes;
        for (const std::string& line : lines_of(text)) {
            if (line.empty()) continue;
            Split split = split_numbered(line, rule_.indicator_marker);
            if (!split.lead.empty()) notes.push_back(split.lead);
            for (const std::string& title : split.items) {
                ++made;
                Indicator ind;
                ind.title = title;
                ind.where = where;
                const std::string id =
                    ctx_.result.model.indicators[ctx_.find_or_add_indicator(std::move(ind))].id;
                if (!ctx_.add_link({"indicator_of", id, parent(), "", "", where}))
                    ctx_.note(
                        Severity::info, DiagnosticCode::duplicate_indicator, where, title,
                        fmt::format(
                            "'{}' is listed again under the same priority; one indicator, one link",
                            title));
            }
        }
        if (made == 0) {
            ctx_.report(Severity::info, DiagnosticCode::not_an_indicator, sheet_, {row, c.col}, text,
                        "text in the indicator column without a number (a note?); not read as an "
                        "indicator");
            return;
        }
        ctx_.use(sheet_, {row, c.col});
        for (const std::string& n : notes)
            ctx_.note(Severity::info, DiagnosticCode::not_an_indicator, where, n,
                      "unnumbered text beside numbered indicators (a note or question); not read "
                      "as an indicator");
    }

    bool is_reference_word(std::string_view text, std::size_t before) const {
        std::size_t end = before;
        while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
        std::size_t start = end;
        while (start > 0 && std::isalpha(static_cast<unsigned char>(text[start - 1]))) --start;
        std::string word(text.substr(start, end - start));
        std::transform(word.begin(), word.end(), word.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        return std::find(rule_.not_after.begin(), rule_.not_after.end(), word) !=
               rule_.not_after.end();
    }

    // Codes after a cue ("See", "Link to") become see_also references from `from_id`.
    int references(const std::string& from_id, std::string_view text, const Provenance& where,
                   std::uint32_t row, std::uint32_t col) {
        auto cue = cue_.search(text);
        if (!cue) return -1;
        const std::size_t start = text.find((*cue)[0]);
        int n = 0;
        for (const Token& t : tokens(text.substr(start))) {
            const std::string key = ref_key(t.text);
            if (key.empty()) continue;
            refs_.push_back({from_id, key, trim_space(t.text), where, sheet_, {row, col}});
            ++n;
        }
        return n;
    }

    // Action cells: one action per line, or several run together ("A.1.1 ... A.1.2 ..."); a
    // code starts an action unless it follows a reference word ("See A.1 and A.3.4").
    void actions(std::uint32_t row, const Cell& c) {
        const std::string text = ctx_.text(c);
        const Provenance where = at(row, c);
        ctx_.use(sheet_, {row, c.col});
        for (const std::string& line : lines_of(text)) {
            if (line.empty()) continue;
            if (placeholder_.found_in(line)) {
                ctx_.note(Severity::info, DiagnosticCode::placeholder, where, line,
                          "a separator line inside the cell; skipped");
                continue;
            }
            std::vector<std::size_t> starts;
            for (const Token& t : tokens(line)) {
                if (numbers_in(ref_key(t.text)) < 2) continue;
                if (t.at > 0 && !std::isspace(static_cast<unsigned char>(line[t.at - 1]))) continue;
                if (t.at > 0 && is_reference_word(line, t.at)) continue;
                starts.push_back(t.at);
            }
            const std::string lead = trim_space(
                std::string_view(line).substr(0, starts.empty() ? line.size() : starts.front()));
            if (!lead.empty()) note_line(lead, where, row, c.col);
            for (std::size_t i = 0; i < starts.size(); ++i) {
                const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : line.size();
                const std::string item =
                    trim_space(std::string_view(line).substr(starts[i], end - starts[i]));
                const auto toks = tokens(item);
                const std::string code = trim_space(toks.front().text);
                const std::string title =
                    trim_space(std::string_view(item).substr(toks.front().size));
                action(code, title, where, row, c.col);
            }
        }
    }

    // A line of the action column with no action code: a cross-reference or a note for the
    // commitment above.
    void note_line(const std::string& text, const Provenance& where, std::uint32_t row,
                   std::uint32_t col) {
        if (!commitment_) {
            ctx_.note(Severity::warning, DiagnosticCode::no_commitment, where, text,
                      "action text before any commitment; not read");
            return;
        }
        const int refs = references(outcome(*commitment_).id, text, where, row, col);
        if (refs == 0)
            ctx_.note(Severity::warning, DiagnosticCode::unresolved_reference, where, text,
                      "a cross-reference that names no ref; not linked");
        else if (refs < 0)
            ctx_.note(Severity::info, DiagnosticCode::not_an_action, where, text,
                      fmt::format("text without an action code under commitment {}; kept only here",
                                  outcome(*commitment_).code));
    }

    void action(const std::string& code, const std::string& title, const Provenance& where,
                std::uint32_t row, std::uint32_t col) {
        const std::string key = ref_key(code);
        if (title.empty())
            ctx_.note(Severity::warning, DiagnosticCode::empty_action, where, code,
                      fmt::format("action '{}' has no text", code));
        const std::string id = ctx_.add_outcome(rule_.action_level, code, title, "", where);
        const std::size_t index = ctx_.result.model.outcomes.size() - 1;
        if (!all_.contains(key)) all_[key] = id;
        actions_.push_back({index, key, commitment_, row});
        references(id, title, where, row, col);
    }

    // Each action belongs to the commitment its code names (on the same sheet); else to the
    // commitment it is written under, reported.
    void resolve_actions() {
        for (const PendingAction& a : actions_) {
            Outcome& act = outcome(a.index);
            auto it = sheet_commitments_.find(commitment_key(a.key));
            std::optional<std::size_t> owner;
            if (it != sheet_commitments_.end()) {
                owner = it->second;
                if (a.under && *a.under != it->second)
                    ctx_.note(Severity::info, DiagnosticCode::action_out_of_place, act.where, act.code,
                              fmt::format("action {} is written under commitment {} but its code "
                                          "names {}; linked to {}",
                                          act.code, outcome(*a.under).code,
                                          outcome(it->second).code, outcome(it->second).code));
            } else if (a.under) {
                owner = a.under;
                ctx_.note(Severity::warning, DiagnosticCode::action_code_mismatch, act.where, act.code,
                          fmt::format("no commitment {} on this sheet; action {} is linked to "
                                      "commitment {}, which it is "
                                      "written under",
                                      commitment_key(a.key), act.code,
                                      outcome(*a.under).code.empty() ? outcome(*a.under).where.cell
                                                                     : outcome(*a.under).code));
            } else {
                ctx_.note(
                    Severity::warning, DiagnosticCode::no_commitment, act.where, act.code,
                    fmt::format("action {} names no commitment of this sheet and is not under one",
                                act.code));
                continue;
            }
            act.parent_id = outcome(*owner).id;
            ctx_.add_link({"action_of", act.id, outcome(*owner).id, "", act.code, act.where});
        }
    }

    struct PendingAction {
        std::size_t index = 0;
        std::string key;
        std::optional<std::size_t> under;
        std::uint32_t row = 0;
    };

    ConvertContext& ctx_;
    const DashboardRule& rule_;
    IcuRegex code_, cue_, placeholder_;
    std::size_t sheet_ = 0;
    std::map<std::uint32_t, std::string> roles_;
    std::string theme_, priority_;
    std::optional<std::size_t> commitment_;
    std::map<std::string, std::size_t> sheet_commitments_;  // ref key -> outcome index, this sheet
    std::map<std::string, std::string> all_;                // ref or action key -> id, workbook
    std::vector<PendingAction> actions_;
    std::vector<PendingRef> refs_;
};

}  // namespace

void read_dashboard(ConvertContext& ctx, const DashboardRule& rule) {
    DashboardReader reader(ctx, rule);
    for (std::size_t s = 0; s < ctx.wb.sheets.size(); ++s) {
        const Sheet& sheet = ctx.wb.sheets[s];
        if (!sheet_selected(rule.sheet, sheet.name)) continue;
        auto header = find_header(ctx, sheet, rule.header, rule.search_rows);
        if (!header) continue;
        reader.read_sheet(s, *header);
    }
    reader.resolve_references();
}

}  // namespace kpimap::detail
