#include "suggest/layouts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "convert/convert_context.hpp"
#include "core/icu_regex.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap::suggest {

namespace {

using detail::IcuRegex;

// Header words that name the column of indicators.
const IcuRegex& indicator_header() {
    // The header starts with the word ("Indicator", "Metric", "KPI's", "Indicators for
    // dashboard"); "Indicator summary" or "Number of indicators" describe indicators instead.
    static const IcuRegex re("(?i)^\\s*(?:the\\s+)?(?:indicator|metric|measure|kpi|pi\\b)"
                             "(?!.*\\b(?:summary|summaries|count|number|total)\\b)");
    return re;
}

// "1. ", "2) ", "4: " at the start of the text or after white space: items of a numbered list.
std::size_t numbered_items(const std::string& text) {
    static const IcuRegex item("(?:^|\\s)\\d{1,2}[.):]\\s");
    std::size_t n = 0;
    std::string_view rest(text);
    while (auto g = item.search(rest)) {
        ++n;
        const std::size_t at = rest.find((*g)[0]);
        rest.remove_prefix(at + (*g)[0].size());
    }
    return n;
}

bool is_text(const GridCell* g) { return g != nullptr && g->cls == CellClass::text; }
bool is_value(const GridCell* g) {
    return g != nullptr && (g->cls == CellClass::number || g->cls == CellClass::missing);
}

// A row of period headers: at least two periods in time order (one date alone is allowed when
// `single_date`), no values; text cells are header texts.
struct HeaderRow {
    std::uint32_t row = 0;
    std::vector<std::uint32_t> period_cols;
    std::vector<std::uint32_t> text_cols;
    bool single_date = false;
};

std::optional<HeaderRow> period_header(const SheetGrid& g, std::uint32_t r) {
    HeaderRow h;
    h.row = r;
    std::optional<Period> previous;
    std::size_t year_numbers = 0;
    for (std::uint32_t c : g.columns(r)) {
        const GridCell* x = g.at(r, c);
        if (x->period) {
            if (previous && *x->period < *previous) return std::nullopt;
            previous = x->period;
            h.period_cols.push_back(c);
            if (x->cls == CellClass::number) ++year_numbers;
        } else if (x->cls == CellClass::text) {
            h.text_cols.push_back(c);
        } else {
            return std::nullopt;  // a value: a data row
        }
    }
    if (h.period_cols.empty()) return std::nullopt;
    if (h.period_cols.size() == 1) {
        const GridCell* x = g.at(r, h.period_cols[0]);
        if (x->cell->type != CellType::date_time) return std::nullopt;
        h.single_date = true;
        return h;
    }
    // Whole-number years in a row could be counts: consecutive years only.
    if (year_numbers == h.period_cols.size()) {
        for (std::size_t i = 1; i < h.period_cols.size(); ++i) {
            const double a = g.at(r, h.period_cols[i - 1])->cell->number;
            const double b = g.at(r, h.period_cols[i])->cell->number;
            if (b - a != 1) return std::nullopt;
        }
    }
    return h;
}

std::string level_name(const std::string& header) {
    std::string s = detail::slug(header, 32);
    std::replace(s.begin(), s.end(), '-', '_');
    return s.empty() ? std::string("group") : s;
}

// A role for a text column beside the key column, from its header words.
ColumnRole role_for_header(const std::string& header, std::string& evidence) {
    const std::string h = normalise_text(header);
    auto has = [&](std::string_view w) { return h.find(w) != std::string::npos; };
    if (has("aim") || has("trajectory") || has("direction") || has("ambition for")) {
        evidence = fmt::format("header '{}' names the aim", header);
        return ColumnRole::indicator_aim;
    }
    if (has("capture")) {
        evidence = fmt::format("header '{}' names the data capture state", header);
        return ColumnRole::indicator_capture;
    }
    if (has("polarity") || has("good is") || has("better")) {
        evidence = fmt::format("header '{}' names the polarity", header);
        return ColumnRole::indicator_polarity;
    }
    if (has("unit") || has("measure type")) {
        evidence = fmt::format("header '{}' names the unit", header);
        return ColumnRole::indicator_unit;
    }
    if (h == "code" || h == "ref" || h == "id" || h == "no." || has("indicator code") ||
        has("indicator id")) {
        evidence = fmt::format("header '{}' names a code", header);
        return ColumnRole::indicator_code;
    }
    evidence = fmt::format("no role is known for header '{}'; its cells are listed as ignored "
                           "(give it a role if it matters)",
                           header);
    return ColumnRole::ignore;
}

// "Domain 1", "Domain 2" openers in a group column: the word before the number, when at least
// two cells start with it.
std::string group_opener(const SheetGrid& g, std::uint32_t col, std::uint32_t from,
                         std::uint32_t to, std::string& evidence) {
    static const IcuRegex opener("^([A-Za-z]+)\\s*\\d+\\b");
    std::map<std::string, std::vector<std::string>> by_word;
    for (std::uint32_t r : g.rows()) {
        if (r < from || r > to) continue;
        const GridCell* x = g.at(r, col);
        if (!is_text(x)) continue;
        if (auto m = opener.search(x->text)) by_word[(*m)[1]].push_back(x->text);
    }
    std::string best;
    std::size_t n = 0;
    for (const auto& [w, texts] : by_word)
        if (texts.size() > n) best = w, n = texts.size();
    if (n < 2) return {};
    evidence = fmt::format("{} cells open with '{} N' (e.g. '{}'); other text continues a title",
                           n, best, by_word[best].front());
    return "^(" + regex_escape(best) + "\\s*\\d+)";
}

struct ColumnStats {
    std::size_t text = 0, distinct = 0, long_text = 0, merged = 0, lowercase = 0;
};

ColumnStats column_stats(const SheetGrid& g, std::uint32_t col, std::uint32_t from,
                         std::uint32_t to) {
    ColumnStats s;
    std::set<std::string> seen;
    for (std::uint32_t r : g.rows()) {
        if (r < from || r > to) continue;
        const GridCell* x = g.at(r, col);
        if (!is_text(x)) continue;
        ++s.text;
        if (seen.insert(normalise_text(x->text)).second) ++s.distinct;
        if (x->text.size() >= 15) ++s.long_text;
        if (g.merged_down(r, col)) ++s.merged;
        if (std::islower(static_cast<unsigned char>(x->text[0]))) ++s.lowercase;
    }
    return s;
}

// A list of outcomes ("No. | Ambition", "Outcome | Title | Indicator summary | Outputs ..."):
// a column headed like an outcome level, or a title column beside a code column so headed. The
// level is the header's word, so the list meets the outcomes other rules read at that level.
bool build_outcome_list(const SheetGrid& g, std::uint32_t header_row,
                        const std::vector<std::uint32_t>& text_cols, std::uint32_t body_end,
                        TableLayout& t) {
    static const IcuRegex level_word(
        "(?i)^\\s*(outcome|ambition|priority|theme|domain|objective|goal)s?\\b");
    static const IcuRegex code_cell("^\\s*\\d+(?:\\.\\d+)*\\.?\\s*$");
    static const IcuRegex summary_word("(?i)summary|description|progress");
    static const IcuRegex output_word("(?i)outputs?|actions?|without");
    const std::uint32_t from = header_row + 1;
    std::optional<std::uint32_t> code_col, level_col, title_col;
    std::string level;
    for (std::uint32_t c : text_cols) {
        std::size_t cells = 0, codes = 0;
        for (std::uint32_t r : g.rows()) {
            if (r < from || r > body_end) continue;
            if (const GridCell* x = g.at(r, c)) {
                ++cells;
                codes += code_cell.found_in(x->text);
            }
        }
        if (!code_col && cells > 0 && codes * 10 >= cells * 8) code_col = c;
        if (auto m = level_word.search(g.text(header_row, c)); m && !level_col) {
            level_col = c;
            level = normalise_text((*m)[1]);
        }
    }
    if (!level_col) return false;
    if (*level_col != code_col) {
        title_col = level_col;
    } else {
        // The level names the code column: the titles are the column with most distinct texts.
        std::size_t best = 0;
        for (std::uint32_t c : text_cols) {
            if (c == code_col) continue;
            const ColumnStats s = column_stats(g, c, from, body_end);
            if (!summary_word.found_in(g.text(header_row, c)) &&
                !output_word.found_in(g.text(header_row, c)) && s.distinct > best)
                title_col = c, best = s.distinct;
        }
    }
    if (!title_col) return false;
    for (std::uint32_t c : text_cols) {
        TableColumn col;
        col.col = c;
        col.header = g.text(header_row, c);
        if (c == *title_col) {
            col.key = true;
            col.role = ColumnRole::outcome;
            col.level = level;
            col.evidence = fmt::format("a list of outcomes: header '{}' names the level '{}'",
                                       g.text(header_row, *level_col), level);
            t.key_header = col.header;
        } else if (code_col && c == *code_col) {
            col.role = ColumnRole::outcome_code;
            col.evidence = "its cells are numbers: the outcomes' codes";
        } else if (summary_word.found_in(col.header)) {
            col.role = ColumnRole::outcome_summary;
            col.evidence = fmt::format("header '{}' names a summary", col.header);
        } else if (output_word.found_in(col.header)) {
            col.role = ColumnRole::outcome_outputs;
            col.evidence = fmt::format("header '{}' names outputs, one per line", col.header);
        } else {
            col.role = ColumnRole::ignore;
            col.evidence = fmt::format("no role is known for header '{}' in a list of outcomes",
                                       col.header);
        }
        t.columns.push_back(std::move(col));
    }
    t.outcome_list = true;
    return true;
}

// Builds the text columns of a table from its header row: the key column (headed like an
// indicator column, else the one with most distinct texts), group columns left of it (merged
// or sparse), the others by header words.
bool build_columns(const SheetGrid& g, std::uint32_t header_row,
                   const std::vector<std::uint32_t>& text_cols, std::uint32_t body_end,
                   bool need_indicator_header, TableLayout& t, std::string& why_not) {
    const std::uint32_t from = header_row + 1;
    std::optional<std::uint32_t> key;
    std::size_t best = 0;
    for (std::uint32_t c : text_cols) {
        const ColumnStats s = column_stats(g, c, from, body_end);
        std::size_t score = s.distinct + s.long_text;
        if (indicator_header().found_in(g.text(header_row, c))) score += 100000;
        if (!key || score > best) key = c, best = score;
    }
    if (!key || (need_indicator_header && best < 100000)) {
        if (need_indicator_header && build_outcome_list(g, header_row, text_cols, body_end, t))
            return true;
        why_not = "no column is headed like a column of indicators (Indicator, Metric, Measure, "
                  "KPI) or of outcomes (Outcome, Ambition, Priority, Theme, Domain, Objective)";
        return false;
    }
    const ColumnStats key_stats = column_stats(g, *key, from, body_end);
    for (std::uint32_t c : text_cols) {
        TableColumn col;
        col.col = c;
        col.header = g.text(header_row, c);
        if (c == *key) {
            col.key = true;
            col.role = ColumnRole::indicator_title;
            col.evidence = indicator_header().found_in(col.header)
                               ? fmt::format("header '{}' names indicators; {} distinct titles",
                                             col.header, key_stats.distinct)
                               : fmt::format("the column with most distinct texts ({})",
                                             key_stats.distinct);
            t.key_header = col.header;
        } else if (c < *key) {
            const ColumnStats s = column_stats(g, c, from, body_end);
            if (s.merged > 0 || (s.text > 0 && s.text * 10 < key_stats.text * 7)) {
                col.role = ColumnRole::outcome;
                col.level = level_name(col.header);
                std::string opener_evidence;
                col.group_start = group_opener(g, c, from, body_end, opener_evidence);
                col.evidence = fmt::format(
                    "a group column: {} of its {} texts are merged down over their rows, and it "
                    "has text on {} rows where the key column has {}{}",
                    s.merged, s.text, s.text, key_stats.text,
                    opener_evidence.empty() ? "" : "; " + opener_evidence);
            } else {
                col.role = role_for_header(col.header, col.evidence);
            }
        } else {
            col.role = role_for_header(col.header, col.evidence);
        }
        t.columns.push_back(std::move(col));
    }
    return true;
}

void find_continuation(const SheetGrid& g, TableLayout& t, std::uint32_t key_col,
                       const std::set<std::uint32_t>& group_cols,
                       const std::set<std::uint32_t>& bound, std::uint32_t from,
                       std::uint32_t to) {
    bool started = false;
    std::size_t rows = 0;
    std::string example;
    for (std::uint32_t r : g.rows()) {
        if (r < from || r > to) continue;
        if (std::find(t.header_rows.begin(), t.header_rows.end(), r) != t.header_rows.end()) {
            started = false;
            continue;
        }
        if (g.at(r, key_col)) {
            started = true;
            continue;
        }
        if (!started) continue;
        for (std::uint32_t c : g.columns(r))
            if (c != key_col && !group_cols.contains(c) && bound.contains(c)) {
                ++rows;
                if (example.empty())
                    example = fmt::format("{} '{}'", to_a1({r, c}), g.text(r, c));
                break;
            }
    }
    if (rows > 0) {
        t.continuation = true;
        t.continuation_evidence = fmt::format(
            "{} rows have text with an empty key cell (e.g. {}): long cells are split over "
            "rows, so such rows, lower-case starts and lines ending mid-phrase continue the "
            "record above",
            rows, example);
    }
}

// Sections: a lone key cell, bold or in capitals, with nothing else on the row.
void find_sections(const SheetGrid& g, TableLayout& t, std::uint32_t key_col, std::uint32_t from,
                   std::uint32_t to) {
    for (std::uint32_t r : g.rows()) {
        if (r < from || r > to) continue;
        const auto& cols = g.columns(r);
        if (cols.size() != 1 || cols[0] != key_col) continue;
        const GridCell* x = g.at(r, key_col);
        if (!is_text(x) || !(x->bold || is_capitals(x->text))) continue;
        if (std::find(t.header_rows.begin(), t.header_rows.end(), r) != t.header_rows.end())
            continue;
        t.sections = true;
        if (t.section_examples.size() < 3) t.section_examples.push_back(x->text);
    }
}

int blank_run_limit(const SheetGrid& g, const std::vector<std::uint32_t>& header_rows,
                    const std::set<std::uint32_t>& bound, std::uint32_t last_row) {
    // The longest run of rows without text in the bound columns inside a block, plus one.
    std::uint32_t longest = 0;
    for (std::size_t i = 0; i < header_rows.size(); ++i) {
        const std::uint32_t end =
            i + 1 < header_rows.size() ? header_rows[i + 1] : last_row + 1;
        std::optional<std::uint32_t> previous;
        for (std::uint32_t r : g.rows()) {
            if (r <= header_rows[i] || r >= end) continue;
            bool content = false;
            for (std::uint32_t c : g.columns(r)) content = content || bound.contains(c);
            if (!content) continue;
            const std::uint32_t gap = r - (previous ? *previous : header_rows[i]) - 1;
            // A gap of many rows before a lone line is the note under the table, not a gap.
            if (gap < 4) longest = std::max(longest, gap);
            previous = r;
        }
    }
    return static_cast<int>(std::max<std::uint32_t>(4, longest + 1));
}

Vocabulary trajectory_vocabulary() {
    Vocabulary v;
    v.add({"baseline", {"Baseline"}});
    v.add({"improvement", {"Improvement"}});
    v.add({"long_term_improvement", {"Long Term Improvement", "Long-term Improvement"}});
    v.add({"maintain", {"Maintain"}});
    v.add({"tbc", {"TBC", "TBD", "To be confirmed", "To be determined"}});
    return v;
}

void read_terms(const SheetGrid& g, TableLayout& t, const std::vector<std::uint32_t>& period_cols,
                std::uint32_t from, std::uint32_t to) {
    static const Vocabulary vocabulary = trajectory_vocabulary();
    std::map<std::string, TermEvidence> by_value;
    std::set<std::string> corrected_seen, unrecognised;
    for (std::uint32_t r : g.rows()) {
        if (r < from || r > to) continue;
        for (std::uint32_t c : period_cols) {
            const GridCell* x = g.at(r, c);
            if (!is_text(x)) continue;
            const auto m = vocabulary.match(x->text, 1);
            if (!m) {
                unrecognised.insert(x->text);
                continue;
            }
            TermEvidence& e = by_value[m->term->value];
            e.value = m->term->value;
            ++e.cells;
            if (m->kind == MatchKind::fuzzy) t.fuzzy_needed = true;
            if (m->kind != MatchKind::exact && corrected_seen.insert(x->text).second)
                e.corrected.push_back(fmt::format(
                    "'{}' at {} ({})", x->text, to_a1({r, c}),
                    m->kind == MatchKind::confusable ? "look-alike letters"
                    : m->kind == MatchKind::fuzzy    ? fmt::format("{} letter(s) off", m->distance)
                                                     : "case or spacing"));
        }
    }
    for (const Term& term : vocabulary.terms())
        if (auto it = by_value.find(term.value); it != by_value.end())
            t.terms.push_back(it->second);
    t.unrecognised_terms.assign(unrecognised.begin(), unrecognised.end());
}

}  // namespace

std::optional<TableLayout> find_table(const SheetGrid& g, std::string& why_not) {
    if (g.rows().empty()) {
        why_not = "the sheet is empty";
        return std::nullopt;
    }
    const std::uint32_t last_row = g.rows().back();
    std::vector<HeaderRow> headers;
    for (std::uint32_t r : g.rows())
        if (auto h = period_header(g, r); h && !h->single_date) headers.push_back(*h);
    TableLayout t;
    if (!headers.empty()) {
        // One date alone heads a table too once the sheet has period header rows (31/12/2016).
        for (std::uint32_t r : g.rows())
            if (auto h = period_header(g, r); h && h->single_date && r > headers.front().row &&
                                               is_value(g.at(r + 1, h->period_cols[0])))
                headers.push_back(*h);
        std::sort(headers.begin(), headers.end(),
                  [](const HeaderRow& a, const HeaderRow& b) { return a.row < b.row; });
        std::uint32_t first_period = kMaxColumns;
        std::set<std::uint32_t> period_cols;
        std::set<std::string> seen_patterns;
        t.min_periods = 1000;
        for (const HeaderRow& h : headers) {
            t.header_rows.push_back(h.row);
            first_period = std::min(first_period, h.period_cols.front());
            t.min_periods = std::min<int>(t.min_periods, static_cast<int>(h.period_cols.size()));
            for (std::uint32_t c : h.period_cols) {
                period_cols.insert(c);
                const GridCell* x = g.at(h.row, c);
                ++t.periods.columns;
                if (x->period_inside) ++t.periods.inside;
                const std::string p = family_pattern(x->text);
                if (seen_patterns.insert(p).second) {
                    t.periods.patterns.push_back(p);
                    t.periods.examples.push_back(x->text);
                }
            }
        }
        // The titles: the column left of the periods with the most texts below the headers.
        std::map<std::uint32_t, std::size_t> texts;
        std::size_t parsed = 0, text_values = 0, values = 0;
        std::set<std::uint32_t> other_text_cols;
        for (std::uint32_t r : g.rows()) {
            if (r <= headers.front().row) continue;
            if (std::find(t.header_rows.begin(), t.header_rows.end(), r) != t.header_rows.end())
                continue;
            for (std::uint32_t c : g.columns(r)) {
                const GridCell* x = g.at(r, c);
                if (period_cols.contains(c)) {
                    ++values;
                    if (is_value(x)) ++parsed;
                    else if (x->cls == CellClass::text) ++text_values;
                } else if (c < first_period && x->cls == CellClass::text) {
                    ++texts[c];
                }
            }
        }
        if (texts.empty()) {
            why_not = "period header rows but no column of titles left of the periods";
            return std::nullopt;
        }
        std::uint32_t title_col = texts.begin()->first;
        for (const auto& [c, n] : texts)
            if (n > texts[title_col]) title_col = c;
        for (const auto& [c, n] : texts)
            if (c != title_col && n > 0) other_text_cols.insert(c);
        t.title_col = title_col;
        t.expectations = text_values > parsed;
        t.value_cells = values;
        t.value_cells_parsed = t.expectations ? text_values : parsed;
        const HeaderRow& first = headers.front();
        std::vector<std::uint32_t> header_texts;
        for (std::uint32_t c : first.text_cols)
            if (c < first_period) header_texts.push_back(c);
        const bool title_has_header =
            std::find(header_texts.begin(), header_texts.end(), title_col) != header_texts.end();
        if (title_has_header) t.key_header = g.text(first.row, title_col);
        if (t.expectations || (title_has_header && header_texts.size() > 1)) {
            if (!title_has_header) {
                why_not = "the period columns hold terms but the title column has no header text";
                return std::nullopt;
            }
            if (!build_columns(g, first.row, header_texts, last_row, false, t, why_not))
                return std::nullopt;
        } else {
            t.period_table = true;
        }
        std::uint32_t key_col = title_col;
        std::set<std::uint32_t> group_cols, bound(period_cols.begin(), period_cols.end());
        for (const TableColumn& c : t.columns) {
            if (c.key) key_col = c.col;
            if (c.role == ColumnRole::outcome) group_cols.insert(c.col);
            bound.insert(c.col);
        }
        bound.insert(key_col);
        if (!t.period_table) {
            std::size_t holding_key = 0;
            for (std::uint32_t r : t.header_rows)
                if (normalise_text(g.text(r, key_col)) == normalise_text(t.key_header))
                    ++holding_key;
            t.stacked = holding_key > 1;
            find_continuation(g, t, key_col, group_cols, bound, first.row + 1, last_row);
            t.end_after_blank_rows = blank_run_limit(g, t.header_rows, bound, last_row);
        }
        if (t.expectations) read_terms(g, t, {period_cols.begin(), period_cols.end()},
                                       first.row + 1, last_row);
        find_sections(g, t, key_col, first.row + 1, last_row);
        if (first.row > g.rows().front()) {
            t.title_row = g.rows().front();
            t.title = g.text(t.title_row, g.columns(t.title_row).front());
        }
        return t;
    }

    // No periods: a plain table under the first row of short header texts.
    for (std::uint32_t r : g.rows()) {
        if (r > g.rows().front() + 30) break;
        std::vector<std::uint32_t> cols;
        bool plain = true;
        std::size_t styled = 0;
        for (std::uint32_t c : g.columns(r)) {
            const GridCell* x = g.at(r, c);
            if (x->cls != CellClass::text || x->text.size() > 60) plain = false;
            cols.push_back(c);
            if (x->bold || x->filled) ++styled;
        }
        if (!plain || cols.size() < 2) continue;
        std::size_t below = 0;
        for (std::uint32_t b : g.rows()) below += b > r ? 1 : 0;
        if (below < 2) continue;
        t.header_rows.push_back(r);
        if (!build_columns(g, r, cols, last_row, true, t, why_not)) return std::nullopt;
        t.value_cells = cols.size();
        t.value_cells_parsed = styled;
        std::uint32_t key_col = 0;
        std::set<std::uint32_t> group_cols, bound;
        for (const TableColumn& c : t.columns) {
            if (c.key) key_col = c.col;
            if (c.role == ColumnRole::outcome) group_cols.insert(c.col);
            bound.insert(c.col);
        }
        // Placeholders where a measure should be: one text repeated down the key column.
        std::map<std::string, std::pair<std::size_t, std::string>> repeats;
        std::size_t listed = 0;
        for (std::uint32_t b : g.rows()) {
            if (b <= r) continue;
            const GridCell* x = g.at(b, key_col);
            if (!is_text(x)) continue;
            auto& e = repeats[normalise_text(x->text)];
            ++e.first;
            e.second = x->text;
            if (numbered_items(x->text) >= 2) ++listed;
        }
        for (TableColumn& c : t.columns) {
            if (!c.key || t.outcome_list) continue;
            for (const auto& [norm, e] : repeats)
                if (e.first >= 3 && e.second.size() >= 8) {
                    c.gap_pattern = "(?i)^\\s*" + family_pattern(e.second) + "\\s*$";
                    c.evidence += fmt::format("; '{}' stands {} times where a title should be: "
                                              "read as a measure gap",
                                              e.second, e.first);
                    break;
                }
            if (listed > 0) {
                c.split = "numbered-list";
                c.evidence += fmt::format("; {} cells list several numbered indicators", listed);
            }
        }
        if (!t.outcome_list) {
            find_continuation(g, t, key_col, group_cols, bound, r + 1, last_row);
            find_sections(g, t, key_col, r + 1, last_row);
        }
        t.end_after_blank_rows = blank_run_limit(g, t.header_rows, bound, last_row);
        if (r > g.rows().front()) {
            t.title_row = g.rows().front();
            t.title = g.text(t.title_row, g.columns(t.title_row).front());
        }
        return t;
    }
    why_not = "no row of period headers and no row of short header texts above rows of text";
    return std::nullopt;
}

std::optional<MatrixLayout> find_matrix(const SheetGrid& g) {
    auto marker_like = [](const GridCell* x) {
        // Short (bytes: "©" is 2, "②" 3); a number is a value, unless it is one digit typed
        // where OCR read a marker ("0" for ©).
        // A missing-value marker ("-", "[x]") belongs to a table of values; so does a number
        // written as one ("12", "4.5"), but not "(2)", which reads as a number too.
        return x != nullptr && x->text.size() <= 4 && x->cls != CellClass::missing &&
               (x->cls != CellClass::number || x->text.size() == 1 ||
                x->text.find_first_not_of("0123456789.,-%") != std::string::npos);
    };
    for (std::uint32_t r : g.rows()) {
        if (r > g.rows().front() + 40) break;
        const auto& cols = g.columns(r);
        if (cols.size() < 4) continue;
        // Columns whose header is text and whose cells below are all short.
        std::vector<std::uint32_t> marker_cols;
        std::size_t markers = 0;
        for (std::uint32_t c : cols) {
            const GridCell* h = g.at(r, c);
            if (!is_text(h)) continue;
            std::size_t n = 0, others = 0;
            for (std::uint32_t b : g.rows()) {
                if (b <= r) continue;
                const GridCell* x = g.at(b, c);
                if (!x) continue;
                if (normalise_text(x->text) == normalise_text(h->text)) continue;  // repeat
                if (marker_like(x))
                    ++n;
                else
                    ++others;
            }
            // Markers, with a stray line or two ("—", "****") but no column of words.
            if (n > 0 && others * 4 <= n) marker_cols.push_back(c), markers += n;
        }
        if (marker_cols.size() < 3 || markers < 4) continue;
        MatrixLayout m;
        m.header_row = r;
        // Marker columns run from the first header after the text columns to the last header.
        std::vector<std::uint32_t> text_cols;
        for (std::uint32_t c : cols)
            if (c < marker_cols.front() && is_text(g.at(r, c))) text_cols.push_back(c);
        if (text_cols.empty()) continue;
        m.rows_col = text_cols.front();
        m.rows_header = g.text(r, m.rows_col);
        if (text_cols.size() > 1) {
            m.detail_col = text_cols[1];
            m.detail_header = g.text(r, text_cols[1]);
        }
        m.first = text_cols.back() + 1;
        m.last = std::max(marker_cols.back(), cols.back());
        // Markers: spellings folded by look-alike letters; dashes and asterisks are no marker.
        std::map<std::string, std::map<std::string, std::size_t>> by_skeleton;
        for (std::uint32_t b : g.rows()) {
            if (b <= r) continue;
            // A repeated header row (a second printed page) is skipped by the reader too.
            if (normalise_text(g.text(b, m.rows_col)) == normalise_text(m.rows_header)) continue;
            for (std::uint32_t c = m.first; c <= m.last; ++c) {
                const GridCell* x = g.at(b, c);
                if (!x || normalise_text(x->text) == normalise_text(g.text(r, c))) continue;
                const bool filler = x->text.find_first_not_of("-*._") == std::string::npos ||
                                    x->text == "\u2014" || x->text == "\u2013" ||
                                    !marker_like(x);
                if (filler) {
                    m.not_markers.push_back(fmt::format("{} '{}'", to_a1({b, c}), x->text));
                    continue;
                }
                ++m.marker_cells;
                ++by_skeleton[skeleton_text(x->text)][x->text];
            }
        }
        for (const auto& [skeleton, spellings] : by_skeleton) {
            MatrixLayout::Marker mk;
            std::size_t best = 0;
            for (const auto& [text, n] : spellings) {
                mk.cells += n;
                if (n > best) mk.text = text, best = n;
            }
            for (const auto& [text, n] : spellings)
                if (text != mk.text) mk.aliases.push_back(text);
            m.markers.push_back(std::move(mk));
        }
        // OCR reads a hollow circle (○ ◯ ©) as o, O or 0, which no look-alike table folds: when
        // exactly one marker is such a circle, the o/O/0 spellings are its damaged copies.
        static const std::set<std::string> circles = {"\u25CB", "\u25EF", "\u00A9", "\u24DE"};
        auto o_group = std::find_if(m.markers.begin(), m.markers.end(), [](const auto& mk) {
            return skeleton_text(mk.text) == skeleton_text("o");
        });
        if (o_group != m.markers.end() &&
            std::count_if(m.markers.begin(), m.markers.end(),
                          [&](const auto& mk) { return circles.contains(mk.text); }) == 1) {
            auto circle = std::find_if(m.markers.begin(), m.markers.end(),
                                       [&](const auto& mk) { return circles.contains(mk.text); });
            circle->aliases.push_back(o_group->text);
            circle->aliases.insert(circle->aliases.end(), o_group->aliases.begin(),
                                   o_group->aliases.end());
            circle->cells += o_group->cells;
            circle->ocr_folded = true;
            m.markers.erase(o_group);
        }
        // A circled digit (②) reads as "(2)" once OCR loses the circle.
        for (char digit = '1'; digit <= '9'; ++digit) {
            const std::string circled = {'\xE2', '\x91', static_cast<char>(0xA0 + digit - '1')};
            const std::string plain = std::string("(") + digit + ")";
            auto c = std::find_if(m.markers.begin(), m.markers.end(),
                                  [&](const auto& mk) { return mk.text == circled; });
            auto p = std::find_if(m.markers.begin(), m.markers.end(),
                                  [&](const auto& mk) { return mk.text == plain; });
            if (c == m.markers.end() || p == m.markers.end()) continue;
            c->aliases.push_back(p->text);
            c->aliases.insert(c->aliases.end(), p->aliases.begin(), p->aliases.end());
            c->cells += p->cells;
            c->ocr_folded = true;
            m.markers.erase(p);
        }
        std::sort(m.markers.begin(), m.markers.end(),
                  [](const auto& a, const auto& b) { return a.cells > b.cells; });
        // A few markers repeated; many different short texts are answers or codes, not marks.
        if (m.markers.size() > 6) continue;
        // Row item codes ("1.1 People receive ...") and numbered lists of indicators.
        static const IcuRegex coded("^\\d+(?:\\.\\d+)?\\s");
        std::size_t with_code = 0, items = 0, listed = 0;
        for (std::uint32_t b : g.rows()) {
            if (b <= r) continue;
            if (const GridCell* x = g.at(b, m.rows_col); is_text(x)) {
                ++items;
                if (coded.found_in(x->text)) ++with_code;
            }
            if (m.detail_col)
                if (const GridCell* x = g.at(b, *m.detail_col); is_text(x))
                    if (numbered_items(x->text) >= 2) ++listed;
        }
        if (with_code * 2 >= items && with_code >= 2) m.code_pattern = "^(\\d+(?:\\.\\d+)?)\\s";
        m.numbered_list = listed > 0;
        return m;
    }
    return std::nullopt;
}

std::optional<DashboardLayout> find_dashboard(const SheetGrid& g) {
    static const IcuRegex ref("^[A-Z]\\.?\\d{1,2}\\.?(?:\\s|$)");
    static const IcuRegex action("(?:^|\\s)[A-Z]\\.?\\d{1,2}\\.\\d{1,2}");
    static const IcuRegex success("(?i)success|look like|impact|measure of");
    for (std::uint32_t r : g.rows()) {
        if (r > g.rows().front() + 10) break;
        const auto& cols = g.columns(r);
        if (cols.size() < 3) continue;
        bool headers = true;
        for (std::uint32_t c : cols)
            headers = headers && is_text(g.at(r, c)) && g.at(r, c)->text.size() <= 60;
        if (!headers) continue;
        // What the cells below each header column hold.
        struct Column {
            std::size_t cells = 0, refs = 0, actions = 0, numbered = 0, merged = 0;
        };
        std::map<std::uint32_t, Column> stats;
        for (std::uint32_t b : g.rows()) {
            if (b <= r) continue;
            for (std::uint32_t c : cols) {
                const GridCell* x = g.at(b, c);
                if (!is_text(x)) continue;
                Column& s = stats[c];
                ++s.cells;
                s.refs += ref.found_in(x->text);
                s.actions += action.found_in(x->text);
                s.numbered += numbered_items(x->text) > 0 ||
                              (std::isdigit(static_cast<unsigned char>(x->text[0])) &&
                               x->text.find_first_of(".):") < 3);
                s.merged += g.merged_down(b, c);
            }
        }
        DashboardLayout d;
        d.header_row = r;
        d.priority_cells = 0;
        std::optional<std::uint32_t> ref_col, action_col, indicator_col;
        for (std::uint32_t c : cols) {
            const Column& s = stats[c];
            if (s.cells == 0) continue;
            if (!ref_col && s.refs >= 2 && s.refs * 10 >= s.cells * 6 && s.actions * 2 < s.cells)
                ref_col = c;
            else if (!action_col && s.actions * 2 >= s.cells) action_col = c;
            else if (!indicator_col && s.numbered * 2 >= s.cells) indicator_col = c;
        }
        if (!ref_col || (!action_col && !indicator_col)) continue;
        d.ref_header = g.text(r, *ref_col);
        d.refs = stats[*ref_col].refs;
        for (std::uint32_t c : cols) {
            if (c <= *ref_col) continue;
            if (d.commitment_header.empty() && c != action_col) {
                d.commitment_header = g.text(r, c);
            } else if (c != action_col && success.found_in(g.text(r, c))) {
                d.success_header = g.text(r, c);
            }
        }
        if (action_col) {
            d.action_header = g.text(r, *action_col);
            d.actions = stats[*action_col].actions;
        }
        if (indicator_col) {
            d.indicator_header = g.text(r, *indicator_col);
            d.indicator_cells = stats[*indicator_col].numbered;
            // The header left of the indicators heads the priorities (empty on some sheets).
            for (std::uint32_t c : cols)
                if (c < *indicator_col) d.priority_header = g.text(r, c);
        }
        if (r > g.rows().front() && is_text(g.at(g.rows().front(), 0)) &&
            g.columns(g.rows().front()).size() == 1)
            d.theme_cell = to_a1({g.rows().front(), 0});
        return d;
    }
    return std::nullopt;
}

std::optional<SeriesLayout> find_series(const SheetGrid& g) {
    // Candidate labels: a short text cell with periods to its right (across) or a period
    // below and text beside it (down).
    std::map<std::string, SeriesLayout> by_label;
    std::map<std::string, std::vector<CellRef>> titles;
    std::map<std::string, std::size_t> label_rows;  // value rows met, per label
    for (std::uint32_t r : g.rows())
        for (std::uint32_t c : g.columns(r)) {
            const GridCell* x = g.at(r, c);
            if (!is_text(x) || x->text.size() > 20) continue;
            const GridCell* right = g.at(r, c + 1);
            const GridCell* below = g.at(r + 1, c);
            bool across = false, down = false;
            std::vector<std::string> labels;
            if (right && right->period && g.at(r, c + 2) && g.at(r, c + 2)->period) {
                // value rows: 1 to 4 rows of "label | values" directly below
                std::uint32_t b = r + 1;
                while (b <= r + 4 && is_text(g.at(b, c)) && is_value(g.at(b, c + 1))) {
                    labels.push_back(g.text(b, c));
                    ++b;
                }
                across = !labels.empty() && !(is_text(g.at(b, c)) && is_value(g.at(b, c + 1)));
            } else if (is_text(right) && below && below->period && g.at(r + 2, c) &&
                       g.at(r + 2, c)->period) {
                labels.push_back(right->text);
                down = true;
            }
            if (!across && !down) continue;
            // The title: the nearest text up to three cells above; a block needs one.
            std::optional<CellRef> title;
            for (std::uint32_t up = 1; up <= 3 && up <= r && !title; ++up)
                if (is_text(g.at(r - up, c))) title = CellRef{r - up, c};
            if (!title) continue;
            titles[x->text].push_back(*title);
            SeriesLayout& s = by_label[x->text];
            ++label_rows[x->text];
            s.label = x->text;
            ++s.blocks;
            s.across += across;
            s.down += down;
            for (const std::string& l : labels)
                if (std::find(s.value_labels.begin(), s.value_labels.end(), l) ==
                    s.value_labels.end())
                    s.value_labels.push_back(l);
            label_rows[x->text] += labels.size() - 1;
        }
    const SeriesLayout* best = nullptr;
    for (const auto& [label, s] : by_label)
        // Value labels repeat from block to block ("Value", "Percentage"); rows labelled each
        // with its own text are indicators under a header row (a stacked table), not blocks.
        if (s.blocks >= 2 && s.value_labels.size() * 2 <= label_rows[label] &&
            (!best || s.blocks > best->blocks))
            best = &s;
    if (!best) return std::nullopt;
    SeriesLayout s = *best;
    // Judgement markers: a symbol ending a title, or alone in the cell right of a title.
    std::set<std::string> marks;
    auto symbol = [](std::string_view t) {
        // one three-byte symbol of the U+2000-U+2FFF blocks: ✔ ✘ ✓ ✗ (letters live elsewhere)
        return t.size() == 3 && static_cast<unsigned char>(t[0]) == 0xE2;
    };
    for (const CellRef& at : titles[s.label]) {
        const std::string title = g.text(at.row, at.col);
        const std::size_t space = title.find_last_of(' ');
        if (space != std::string::npos && symbol(title.substr(space + 1)))
            marks.insert(title.substr(space + 1));
        if (const GridCell* right = g.at(at.row, at.col + 1); right && symbol(right->text))
            marks.insert(right->text);
    }
    for (const std::string& m : marks) s.judgement_markers += m;
    // The sheet's outcome in its first cell, when that is no block title.
    if (!g.rows().empty() && g.rows().front() == 0 && is_text(g.at(0, 0))) {
        bool is_title = false;
        for (const CellRef& at : titles[s.label]) is_title = is_title || (at.row == 0 && at.col == 0);
        if (!is_title) {
            s.outcome_cell = "A1";
            static const IcuRegex code("^\\d+\\s*[:.]\\s");
            if (code.found_in(g.text(0, 0))) s.outcome_code_pattern = "^(\\d+)\\s*[:.]\\s*";
            if (const GridCell* a2 = g.at(1, 0); is_text(a2) && a2->text.size() >= 40)
                s.summary_cell = "A2";
        }
    }
    return s;
}

}  // namespace kpimap::suggest
