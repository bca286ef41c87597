// The <fact> reader: named values (the reporting council, a contact name, a date) read from one
// cell each, beside the indicator values, with the cell they came from.
#include <fmt/format.h>

#include "constructs/fact/fact_read.hpp"
#include "core/icu_regex.hpp"
#include "kpimap/period.hpp"
#include "kpimap/text_match.hpp"
#include "kpimap/value.hpp"

namespace kpimap::detail {

namespace {

// The cell of `sheet` holding `label`, within `search_rows` rows of the sheet's first row: the
// first whose normalised text is the label's, else the first whose title key is (a form's label
// is usually written "Council:" or "Council -", and the mapping should not have to say so).
std::optional<CellRef> find_label(const Workbook& wb, const Sheet& sheet, const std::string& label,
                                  int search_rows) {
    if (sheet.rows.empty()) return std::nullopt;
    const std::string wanted = normalise_text(label);
    const std::string wanted_key = title_key(label);
    const std::uint32_t first = sheet.rows.front().index;
    std::optional<CellRef> by_key;
    for (const Row& row : sheet.rows) {
        if (row.index >= first + static_cast<std::uint32_t>(search_rows)) break;
        for (const Cell& cell : row.cells) {
            const std::string text = wb.value_text(cell);
            if (normalise_text(text) == wanted) return CellRef{row.index, cell.col};
            if (!by_key && !wanted_key.empty() && title_key(text) == wanted_key)
                by_key = CellRef{row.index, cell.col};
        }
    }
    return by_key;
}

// "<fact name="council"> (line 12)": how messages name a rule.
std::string rule_text(const FactRule& rule) {
    return fmt::format("<fact name=\"{}\"> (line {})", rule.name, rule.line);
}

}  // namespace

FactLocation locate_fact(const Workbook& wb, const FactRule& rule, bool reading) {
    std::optional<std::size_t> sheet;
    for (std::size_t s = 0; s < wb.sheets.size() && !sheet; ++s)
        if (rule.sheet == "*" || IcuRegex(rule.sheet).found_in(wb.sheets[s].name)) {
            // The label form takes the first such sheet that holds the label.
            if (rule.cell || find_label(wb, wb.sheets[s], rule.label, rule.search_rows)) sheet = s;
        }
    if (!sheet) {
        bool any = false;
        for (const Sheet& s : wb.sheets)
            any = any || rule.sheet == "*" || IcuRegex(rule.sheet).found_in(s.name);
        if (!any)
            return {std::nullopt, fmt::format("no sheet's name matches /{}/", rule.sheet), true};
        return {std::nullopt,
                fmt::format("no cell of the first {} rows of a sheet matching /{}/ is '{}'",
                            rule.search_rows, rule.sheet, rule.label),
                false};
    }
    const Sheet& sh = wb.sheets[*sheet];
    if (rule.cell) return {FactPlace{*sheet, *rule.cell, std::nullopt}, "", false};
    const CellRef label = *find_label(wb, sh, rule.label, rule.search_rows);
    if (rule.column) return {FactPlace{*sheet, {label.row, *rule.column}, label}, "", false};
    // Beside the label: past its merged range, if it has one.
    std::uint32_t next = label.col + 1;
    if (const Range* merged = sh.merged_range_at(label)) next = merged->last.col + 1;
    if (reading)
        for (const Row& row : sh.rows)
            if (row.index == label.row)
                for (const Cell& cell : row.cells)
                    if (cell.col >= next && !normalise_text(wb.value_text(cell)).empty())
                        return {FactPlace{*sheet, {label.row, cell.col}, label}, "", false};
    return {FactPlace{*sheet, {label.row, next}, label}, "", false};
}

void read_facts(ConvertContext& ctx) {
    for (const FactRule& rule : ctx.mapping.facts) {
        const FactLocation found = locate_fact(ctx.wb, rule, true);
        if (!found.place) {
            ctx.note(found.no_sheet ? Severity::info : Severity::warning, DiagnosticCode::fact_not_found,
                     {ctx.wb.source, "", ""}, "",
                     fmt::format("{} found no place: {}; the model has no fact '{}' from this "
                                 "workbook (check the sheet pattern and the label's text)",
                                 rule_text(rule), found.why, rule.name));
            continue;
        }
        const FactPlace& at = *found.place;
        if (at.label) ctx.use(at.sheet, *at.label);
        const Cell* cell = ctx.wb.sheets[at.sheet].find(at.value);
        const std::string text = cell ? ctx.text(*cell) : std::string();
        if (text.empty()) {  // a form not filled in: nothing to say about the value
            ctx.note(Severity::info, DiagnosticCode::fact_empty, ctx.where(at.sheet, at.value), "",
                     fmt::format("{} names this cell, which is empty: no fact '{}'",
                                 rule_text(rule), rule.name));
            continue;
        }
        Fact fact;
        fact.name = rule.name;
        fact.text = text;
        fact.framework_id = ctx.framework_id;
        fact.where = ctx.where(at.sheet, at.value);
        const bool number_cell = cell->type == CellType::number;
        switch (rule.type) {
            case FactRule::Type::any:
                if (number_cell) fact.number = cell->number;
                break;
            case FactRule::Type::text:
                break;
            case FactRule::Type::number: {
                if (number_cell) {
                    fact.number = cell->number;
                    break;
                }
                const ParsedValue v = parse_value_text(text);
                if (!v.is_number()) {
                    ctx.report(Severity::warning, DiagnosticCode::fact_not_number, at.sheet, at.value, text,
                               fmt::format("{} is type=\"number\" but this cell holds no number; "
                                           "not read",
                                           rule_text(rule)));
                    continue;
                }
                fact.number = v.value;
                break;
            }
            case FactRule::Type::date: {
                if (cell->type == CellType::date_time) break;  // value_text is ISO already
                const std::optional<Period> p = parse_period(text);
                if (!p || p->kind != PeriodKind::date) {
                    ctx.report(Severity::warning, DiagnosticCode::fact_not_date, at.sheet, at.value, text,
                               fmt::format("{} is type=\"date\" but this cell holds no date "
                                           "(a date cell, 31/03/2022 or 2022-03-31); not read",
                                           rule_text(rule)));
                    continue;
                }
                fact.text = p->start;
                break;
            }
        }
        ctx.use(at.sheet, at.value);
        ctx.result.model.facts.push_back(std::move(fact));
    }
}

}  // namespace kpimap::detail
