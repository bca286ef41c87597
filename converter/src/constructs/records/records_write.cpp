// The <records> pass of the model writer: one row of the template's long table per observation,
// with its code, period columns, breakdown columns and constants (--set), updating a row that
// already says the same indicator, period and breakdown.
#include <fmt/format.h>

#include <algorithm>

#include "constructs/records/records_read.hpp"
#include "kpimap/identity.hpp"
#include "kpimap/period.hpp"
#include "kpimap/text_match.hpp"
#include "kpimap/value.hpp"
#include "write/model_writer.hpp"

namespace kpimap::planning {

namespace {

// What identifies a row: indicator, period, breakdown columns and constants, an empty cell
// counting as the field's empty-value (a Quarter of -1 and an empty Quarter are the same).
template <typename Text>
std::string row_key(const RecordsRule& rule, Text text) {
    std::string key;
    for (std::size_t k = 0; k < rule.fields.size(); ++k) {
        const RecordField& f = rule.fields[k];
        if (!(f.role == FieldRole::indicator_code || f.role == FieldRole::indicator_title ||
              f.role == FieldRole::period || detail::is_period_part(f.role) ||
              f.role == FieldRole::constant || f.role == FieldRole::breakdown))
            continue;
        const std::string t = text(k);
        key += normalise_text(t.empty() ? f.empty_value : t) + '\x1f';
    }
    return key;
}

}  // namespace

// The text of a breakdown column for a value with `breakdown` (resolved): its category in
// the column's dimension, else `fallback` (--set), else the dimension's total (Persons);
// as the category's code when the column takes codes. "" when written, else why not.
std::string ModelWriter::breakdown_cell(const RecordField& field, const Breakdown& breakdown,
                                        const std::string& fallback, std::string& cell) const {
    const std::string wanted = normalise_text(field.dimension);
    const Dimension* dimension = find_dimension(p_.mapping_.dimensions, field.dimension);
    std::string category;
    for (const BreakdownPair& pair : breakdown)
        if (normalise_text(pair.dimension) == wanted) category = pair.category;
    if (category.empty() && !fallback.empty()) {
        cell = fallback;  // given by the user as the column has it (a code or a name)
        return {};
    }
    if (category.empty() && dimension)
        for (const Category& c : dimension->categories)
            if (c.total) category = c.name;
    if (category.empty())
        return fmt::format(
            "no {} for this value: it has no '{}' category and the dimension "
            "declares no total; pass --set {}=VALUE",
            field.header, field.dimension, field.header);
    if (!field.category_as_code) {
        cell = category;
        return {};
    }
    const Category* c = dimension ? dimension->find(category) : nullptr;
    if (c == nullptr || c->code.empty())
        return fmt::format(
            "{} '{}' has no {} code in the mapping's dimension catalogue, so "
            "column '{}' cannot say it; add code=\"...\" to the category",
            field.dimension, category,
            dimension && !dimension->code_scheme.empty() ? dimension->code_scheme
                                                         : std::string("declared"),
            field.header);
    cell = c->code;
    return {};
}

void ModelWriter::records(const RecordsRule& rule) {
    const std::vector<detail::RecordsTable> tables = detail::locate_records(p_.wb_, rule);
    if (tables.empty()) {
        p_.plan.errors.push_back(
            {ErrorCode::write_refused, "",
             fmt::format(
                 "the template has no <records> table '{}' (line {}): no cell with the text '{}' "
                 "within {} rows of a sheet matching '{}'",
                 rule.id, rule.line, rule.header, rule.search_rows, rule.sheet)});
        return;
    }
    const detail::RecordsTable& t = tables.front();
    // The table's cells are this rule's to write, not places for the generic pass below.
    for (const detail::RecordsTable& other : tables) {
        std::set<std::uint32_t> cols;
        for (const auto& c : other.columns)
            if (c) cols.insert(*c);
        records_areas_.push_back({other.sheet, other.header_row, std::move(cols)});
    }
    for (std::size_t f = 0; f < rule.fields.size(); ++f)
        if (!t.columns[f])
            p_.plan.errors.push_back(
                {ErrorCode::write_refused, "",
                 fmt::format(
                     "the template's header row ('{}' row {}) has no column '{}' (<field> line {})",
                     p_.wb_.sheets[t.sheet].name, t.header_row + 1, rule.fields[f].header,
                     rule.fields[f].line)});
    const std::vector<std::string> constant = records_constants(rule);
    if (!p_.plan.errors.empty()) return;
    std::vector<RecordRow> rows = records_rows(rule, constant);
    place_records(rule, t, rows);
}

// The constant of each field (by index): --set wins over the mapping; every constant needs a
// value. A breakdown column's --set is the category of values whose breakdown has none in its
// dimension. Problems go to the plan's errors.
std::vector<std::string> ModelWriter::records_constants(const RecordsRule& rule) {
    std::map<std::string, std::string> set = options_.constants;
    std::vector<std::string> constant(rule.fields.size());
    for (std::size_t f = 0; f < rule.fields.size(); ++f) {
        const RecordField& field = rule.fields[f];
        if (field.role == FieldRole::breakdown) {
            if (auto it = set.find(field.header); it != set.end()) {
                constant[f] = it->second;
                set.erase(it);
            }
            continue;
        }
        if (field.role != FieldRole::constant) continue;
        if (auto it = set.find(field.header); it != set.end()) {
            constant[f] = it->second;
            set.erase(it);
        } else if (field.has_value) {
            constant[f] = field.value;
        } else {
            p_.plan.errors.push_back(
                {ErrorCode::write_refused, "",
                 fmt::format(
                     "column '{}' needs a value for every row: pass --set {}=VALUE, or give the "
                     "<field> at line {} a value=\"...\"",
                     field.header, field.header, field.line)});
        }
    }
    for (const FactRule& f : p_.mapping_.facts) set.erase(f.name);  // named_facts() writes
    for (const auto& [name, value] : set)
        p_.plan.errors.push_back(
            {ErrorCode::write_refused, "",
             fmt::format(
                 "--set {}={}: the <records> table (line {}) has no constant or breakdown column "
                 "'{}'",
                 name, value, rule.line, name)});

    return constant;
}

// The rows to write, in model order, one per indicator and period; a value that cannot be a
// row is listed as not written with the reason.
std::vector<ModelWriter::RecordRow> ModelWriter::records_rows(
    const RecordsRule& rule, const std::vector<std::string>& constant) {
    auto role = [&](FieldRole r) -> std::optional<std::size_t> {
        for (std::size_t f = 0; f < rule.fields.size(); ++f)
            if (rule.fields[f].role == r) return f;
        return std::nullopt;
    };
    const auto code_f = role(FieldRole::indicator_code);
    const std::string scheme = code_f ? normalise_text(rule.fields[*code_f].scheme) : "";

    std::vector<RecordRow> rows;
    std::set<std::string> seen;
    for (const Indicator& ind : model_.indicators) {
        std::string code;
        if (code_f)
            for (const IndicatorCode& c : ind.codes)
                if (normalise_text(c.scheme) == scheme) {
                    code = c.value;
                    break;
                }
        std::vector<PlannedFact*> facts;
        if (auto it = by_indicator_.find(ind.id); it != by_indicator_.end())
            for (PlannedFact* f : it->second)
                if (f->observation) facts.push_back(f);
        std::stable_sort(facts.begin(), facts.end(),
                         [](const PlannedFact* a, const PlannedFact* b) {
                             return a->observation->period < b->observation->period;
                         });
        if (code_f && code.empty() && !facts.empty()) {
            // One line per value, each with its own cell; the fix is per indicator.
            const std::string reason = fmt::format(
                "no {} {} for this indicator: add one in a crosswalk (<code scheme=\"{}\" "
                "value=\"...\"/>) and pass --crosswalk",
                scheme, rule.fields[*code_f].header, scheme);
            for (PlannedFact* f : facts) {
                const Observation& o = *f->observation;
                unplaced(
                    f,
                    describe_fact(ind, o.period_text.empty() ? o.period.label() : o.period_text,
                                  o.value ? format_number(*o.value) : o.raw),
                    o.where, reason);
            }
            continue;
        }
        for (PlannedFact* f : facts) {
            const Observation& o = *f->observation;
            const std::string what =
                describe_fact(ind, o.period_text.empty() ? o.period.label() : o.period_text,
                              o.value ? format_number(*o.value) : o.raw);
            if (!o.series.empty()) {
                unplaced(f, what, o.where,
                         fmt::format("series '{}' has no column in the <records> table", o.series));
                continue;
            }
            if (!o.value) {
                unplaced(f, what, o.where, "no value (the source marks it missing)");
                continue;
            }
            if (!rule.period.empty() && !(parse_period(rule.period) == o.period)) {
                unplaced(f, what, o.where,
                         fmt::format("the <records> table (line {}) holds {} only", rule.line,
                                     rule.period));
                continue;
            }
            RecordRow row;
            row.fact = f;
            if (std::string refused = fill_record_row(rule, ind, o, code, constant, row.cells);
                !refused.empty()) {
                unplaced(f, what, o.where, refused);
                continue;
            }
            const std::string key = row_key(rule, [&](std::size_t k) { return row.cells[k]; });
            if (!seen.insert(key).second) {
                unplaced(f, what, o.where,
                         "the model holds a second value for this indicator, period and "
                         "breakdown (reconcile the sources first); the first is written");
                continue;
            }
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

// The cells of the row for observation `o` of `ind` (parallel to the rule's fields; "" writes
// the field's empty-value); "" when the row can be written, else why not.
std::string ModelWriter::fill_record_row(const RecordsRule& rule, const Indicator& ind,
                                         const Observation& o, const std::string& code,
                                         const std::vector<std::string>& constant,
                                         std::vector<std::string>& cells) const {
    cells.assign(rule.fields.size(), std::string());
    // The breakdown's categories go into the breakdown columns; a part of the
    // population with no column for one of its dimensions is never written as if
    // it were another part.
    std::string refused;
    const Breakdown breakdown = resolved_breakdown(p_.mapping_.dimensions, o.breakdown);
    for (const BreakdownPair& pair : breakdown)
        if (std::none_of(rule.fields.begin(), rule.fields.end(), [&](const RecordField& field) {
                return field.role == FieldRole::breakdown &&
                       normalise_text(field.dimension) == normalise_text(pair.dimension);
            }))
            refused = fmt::format(
                "a value for {} only; the <records> table (line {}) has no column "
                "for dimension '{}', so it is not written as another part's",
                breakdown_text(o.breakdown), rule.line, pair.dimension);
    for (std::size_t k = 0; k < rule.fields.size() && refused.empty(); ++k)
        if (rule.fields[k].role == FieldRole::breakdown)
            refused = breakdown_cell(rule.fields[k], breakdown, constant[k], cells[k]);
    if (!refused.empty()) return refused;
    for (std::size_t k = 0; k < rule.fields.size(); ++k) {
        const RecordField& field = rule.fields[k];
        const FieldRole r = field.role;
        std::string& cell = cells[k];
        if (r == FieldRole::indicator_code) cell = code;
        if (r == FieldRole::indicator_title) cell = ind.title;
        if (r == FieldRole::period) cell = o.period.label();
        if (r == FieldRole::value) cell = format_number(*o.value);
        auto opt = [&](const std::optional<double>& v) {
            if (v) cell = format_number(*v);
        };
        if (r == FieldRole::count) opt(o.count);
        if (r == FieldRole::denominator) opt(o.denominator);
        if (r == FieldRole::lower_ci) opt(o.lower_ci);
        if (r == FieldRole::upper_ci) opt(o.upper_ci);
        if (r == FieldRole::constant) cell = constant[k];
        if (detail::is_period_part(r)) {
            auto rp = detail::encode_record_period(o.period, rule.financial_years);
            if (!rp)
                return fmt::format(
                    "period '{}' is a single date: the records' period columns "
                    "cannot say it",
                    o.period.label());
            int n = r == FieldRole::period_year         ? rp->year
                    : r == FieldRole::period_year_range ? rp->range
                    : r == FieldRole::period_quarter    ? rp->quarter
                                                        : rp->month;
            if (n >= 0 || field.empty_value.empty()) cell = std::to_string(n);
        }
    }
    return {};
}

// Where each row goes: a matching existing row (existing="update"), else after the last; with
// existing="replace" the example rows not reused are emptied.
void ModelWriter::place_records(const RecordsRule& rule, const detail::RecordsTable& t,
                                std::vector<RecordRow>& rows) {
    const std::uint32_t first_data = t.header_row + 1;
    std::map<std::string, std::uint32_t> existing;
    if (!rule.replace_existing)
        for (std::uint32_t r : t.data_rows)
            existing.emplace(row_key(rule,
                                     [&](std::size_t k) {
                                         const Cell* c = p_.find({t.sheet, r, *t.columns[k]});
                                         return c ? detail::record_cell_text(p_.wb_, *c)
                                                  : std::string();
                                     }),
                             r);
    std::uint32_t next =
        rule.replace_existing || t.data_rows.empty() ? first_data : t.data_rows.back() + 1;
    std::set<std::uint32_t> used_rows;
    for (RecordRow& row : rows) {
        const std::string key = row_key(rule, [&](std::size_t k) { return row.cells[k]; });
        std::uint32_t at;
        if (auto it = existing.find(key); it != existing.end())
            at = it->second;
        else
            at = next++;
        used_rows.insert(at);
        for (std::size_t k = 0; k < rule.fields.size(); ++k) {
            const RecordField& field = rule.fields[k];
            if (field.role == FieldRole::ignore) continue;
            const CellKey cell{t.sheet, at, *t.columns[k]};
            std::optional<CellRef> style;
            if (!p_.find(cell) && first_data != at &&
                p_.wb_.sheets[t.sheet].find({first_data, *t.columns[k]}))
                style = CellRef{first_data, *t.columns[k]};
            std::string text = row.cells[k].empty() ? field.empty_value : row.cells[k];
            if (text.empty())
                p_.write_blank(cell);
            else
                p_.write_value(cell, text, style);
        }
        row.fact->placed = true;
        ++p_.plan.facts_placed;
    }
    if (rows.empty()) {
        // Clearing the example rows for nothing would leave an empty return that looks done.
        p_.plan.warnings.push_back(fmt::format(
            "nothing to write into the <records> table '{}' ('{}' row {}): the model has no "
            "value it can take; its {} existing row(s) are kept as they were",
            rule.id, p_.wb_.sheets[t.sheet].name, t.header_row + 1, t.data_rows.size()));
        return;
    }
    if (rule.replace_existing)
        for (std::uint32_t r : t.data_rows)
            if (!used_rows.contains(r))
                for (const auto& col : t.columns)
                    if (col) p_.write_blank({t.sheet, r, *col});
}

}  // namespace kpimap::planning
