// The write planner: facts of a model, or statuses, into the cells a mapping reads them from.
// The target is read through the mapping first; its facts' provenance and the readers' slots
// (empty cells of a layout) say where each fact of the same indicator and period goes.
#include "kpimap/write_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <tuple>

#include "constructs/fact/fact_read.hpp"
#include "constructs/records/records_read.hpp"
#include "constructs/status_columns/status_columns_read.hpp"
#include "kpimap/identity.hpp"
#include "kpimap/period.hpp"
#include "kpimap/text_match.hpp"
#include "kpimap/value.hpp"

namespace kpimap {

namespace {

using CellKey = std::tuple<std::size_t, std::uint32_t, std::uint32_t>;  // sheet, row, column

std::optional<std::size_t> sheet_index(const Workbook& wb, std::string_view name) {
    for (std::size_t i = 0; i < wb.sheets.size(); ++i)
        if (wb.sheets[i].name == name) return i;
    return std::nullopt;
}

// The first cell of a provenance's cell or range.
std::optional<CellRef> first_cell(std::string_view cell) {
    if (auto r = parse_a1_range(cell)) return r->first;
    return std::nullopt;
}

std::string describe_fact(const Indicator& ind, const std::string& period, const std::string& v) {
    return fmt::format("'{}' {}: {}", ind.title, period, v);
}

std::string describe_expectation(const Indicator& ind, const Expectation& e) {
    const std::string what = e.kind == ExpectationKind::target && e.target
                                 ? "target " + format_number(*e.target)
                                 : std::string("expectation ") + expectation_kind_name(e.kind);
    return describe_fact(ind, e.period.label(), what);
}

// False (and the plan's misfit set) when the target fails the mapping's detection rules; a
// mapping without rules cannot be checked and is trusted.
bool fits(const Workbook& target, const Mapping& mapping, WritePlan& plan) {
    if (mapping.detect.empty()) return true;
    std::vector<MappingScore> scores = score_mappings(target, std::vector<Mapping>{mapping});
    if (scores.empty() || scores.front().fits()) return true;
    plan.misfit = std::move(scores.front());
    plan.misfit->mapping = &mapping;
    return false;
}

// Matches indicators of one model (the target's) to those of another (the source) by code,
// then by normalised title or alias.
class IdentityIndex {
public:
    explicit IdentityIndex(const Model& source) : source_(source) {
        for (std::size_t i = 0; i < source.indicators.size(); ++i) {
            const Indicator& ind = source.indicators[i];
            for (const IndicatorCode& c : ind.codes)
                if (!is_local_code(c)) by_code_[indicator_code_key(c)].insert(i);
            by_title_[title_key(ind.title)].insert(i);
            for (const std::string& a : ind.aliases) by_title_[title_key(a)].insert(i);
        }
    }

    // The source indicator meaning `target`; nullopt when none, or when several do (ambiguous,
    // reported through `ambiguous`).
    std::optional<std::size_t> match(const Indicator& target, bool& ambiguous) const {
        ambiguous = false;
        std::set<std::size_t> found;
        for (const IndicatorCode& c : target.codes)
            if (!is_local_code(c))
                if (auto it = by_code_.find(indicator_code_key(c)); it != by_code_.end())
                    found.insert(it->second.begin(), it->second.end());
        if (found.empty()) {
            std::vector<std::string> keys{title_key(target.title)};
            for (const std::string& a : target.aliases) keys.push_back(title_key(a));
            for (const std::string& k : keys)
                if (auto it = by_title_.find(k); it != by_title_.end())
                    found.insert(it->second.begin(), it->second.end());
        }
        if (found.size() == 1) return *found.begin();
        ambiguous = found.size() > 1;
        return std::nullopt;
    }

private:
    const Model& source_;
    std::map<std::string, std::set<std::size_t>> by_code_;
    std::map<std::string, std::set<std::size_t>> by_title_;
};

class Planner {
public:
    Planner(const Workbook& target, const Mapping& mapping, const ConversionResult& read)
        : wb_(target), mapping_(mapping), read_(read) {}

    void write_number(const CellKey& at, double value, std::optional<CellRef> style_from = {}) {
        const Cell* now = find(at);
        if (now && (now->type == CellType::number) && now->formula == kNoIndex &&
            std::fabs(now->number - value) <= 1e-12 * std::max(1.0, std::fabs(value))) {
            ++plan.unchanged;
            return;
        }
        CellWrite w = base(at, style_from);
        w.kind = CellWrite::Kind::number;
        w.number = value;
        put(std::move(w));
    }

    void write_text(const CellKey& at, const std::string& text,
                    std::optional<CellRef> style_from = {}) {
        const Cell* now = find(at);
        if (now && now->type == CellType::text && wb_.text(*now) == text) {
            ++plan.unchanged;
            return;
        }
        CellWrite w = base(at, style_from);
        w.kind = CellWrite::Kind::text;
        w.text = text;
        put(std::move(w));
    }

    void write_blank(const CellKey& at) {
        if (!find(at)) return;
        CellWrite w = base(at, {});
        w.kind = CellWrite::Kind::blank;
        put(std::move(w));
    }

    // Numbers are written as numbers, anything else as text.
    void write_value(const CellKey& at, const std::string& text,
                     std::optional<CellRef> style_from = {}) {
        double v = 0;
        const char* b = text.data();
        const char* e = text.data() + text.size();
        auto [end, ec] = std::from_chars(b, e, v);
        // Only numbers in their plain form: "012" (a code with a leading zero) stays text.
        if (!text.empty() && ec == std::errc{} && end == e && format_number(v) == text)
            write_number(at, v, style_from);
        else
            write_text(at, text, style_from);
    }

    const Cell* find(const CellKey& at) const {
        const auto& [s, r, c] = at;
        const Cell* cell = wb_.sheets[s].find({r, c});
        if (cell && cell->type == CellType::empty) return nullptr;
        return cell;
    }

    void finish() {
        plan.writes.clear();
        for (auto& [key, w] : writes_) plan.writes.push_back(std::move(w));
    }

    WritePlan plan;
    const Workbook& wb_;
    const Mapping& mapping_;
    const ConversionResult& read_;

private:
    CellWrite base(const CellKey& at, std::optional<CellRef> style_from) const {
        CellWrite w;
        w.sheet = wb_.sheets[std::get<0>(at)].name;
        w.cell = {std::get<1>(at), std::get<2>(at)};
        w.style_from = style_from;
        return w;
    }

    void put(CellWrite w) {
        const CellKey key{*sheet_index(wb_, w.sheet), w.cell.row, w.cell.col};
        if (auto it = writes_.find(key); it != writes_.end())
            plan.notes.push_back(fmt::format("'{}'!{} is written twice; the later value is kept",
                                             w.sheet, to_a1(w.cell)));
        writes_[key] = std::move(w);
    }

    std::map<CellKey, CellWrite> writes_;
};

// A fact of the source model: one observation or expectation, with whether it found a place.
struct Fact {
    const Observation* observation = nullptr;
    const Expectation* expectation = nullptr;
    bool placed = false;
};

// The series key under which expectations are kept apart from observations.
constexpr const char* kExpectationSeries =
    "\x1e"
    "expectation";

class ModelWriter {
public:
    ModelWriter(Planner& p, const Model& model, const ReturnOptions& options)
        : p_(p), model_(model), options_(options), identity_(model) {
        for (const Observation& o : model.observations)
            facts_[fact_key(o.indicator_id, o.period, o.series, o.breakdown)].push_back(
                {&o, nullptr, false});
        for (const Expectation& e : model.expectations)
            facts_[fact_key(e.indicator_id, e.period, kExpectationSeries, {})].push_back(
                {nullptr, &e, false});
        // The lists do not move from here on: index them by indicator once.
        for (auto& [key, list] : facts_)
            for (Fact& f : list)
                by_indicator_[f.observation ? f.observation->indicator_id
                                            : f.expectation->indicator_id]
                    .push_back(&f);
    }

    void run() {
        for (const RecordsRule& rule : p_.mapping_.records) records(rule);
        named_facts();
        match_indicators();
        observation_slots();
        expectation_slots();
        report_unplaced();
    }

private:
    // A fact's place: indicator, period, series and breakdown (a Female value goes only into a
    // Female cell: observation_key in kpimap/identity.hpp), categories resolved by the mapping's
    // dimensions, so a model that says "65 and over" fills the template's "65+" cells.
    std::string fact_key(const std::string& indicator_id, const Period& period,
                         const std::string& series, const Breakdown& breakdown) const {
        return indicator_id + '\x1f' +
               observation_key(period, series,
                               resolved_breakdown(p_.mapping_.dimensions, breakdown));
    }

    // ---- <records>: one row per observation ----------------------------------------------

    // The text of a breakdown column for a value with `breakdown` (resolved): its category in
    // the column's dimension, else `fallback` (--set), else the dimension's total (Persons);
    // as the category's code when the column takes codes. "" when written, else why not.
    std::string breakdown_cell(const RecordField& field, const Breakdown& breakdown,
                               const std::string& fallback, std::string& cell) const {
        const std::string wanted = normalise_text(field.dimension);
        const Dimension* dimension = nullptr;
        for (const Dimension& d : p_.mapping_.dimensions)
            if (normalise_text(d.id) == wanted) dimension = &d;
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
            return fmt::format("no {} for this value: it has no '{}' category and the dimension "
                               "declares no total; pass --set {}=VALUE",
                               field.header, field.dimension, field.header);
        if (!field.category_as_code) {
            cell = category;
            return {};
        }
        const Category* c = dimension ? dimension->find(category) : nullptr;
        if (c == nullptr || c->code.empty())
            return fmt::format("{} '{}' has no {} code in the mapping's dimension catalogue, so "
                               "column '{}' cannot say it; add code=\"...\" to the category",
                               field.dimension, category,
                               dimension && !dimension->code_scheme.empty()
                                   ? dimension->code_scheme
                                   : std::string("declared"),
                               field.header);
        cell = c->code;
        return {};
    }

    void records(const RecordsRule& rule) {
        const std::vector<detail::RecordsTable> tables = detail::locate_records(p_.wb_, rule);
        if (tables.empty()) {
            p_.plan.errors.push_back(fmt::format(
                "the template has no <records> table '{}' (line {}): no cell with the text '{}' "
                "within {} rows of a sheet matching '{}'",
                rule.id, rule.line, rule.header, rule.search_rows, rule.sheet));
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
                p_.plan.errors.push_back(fmt::format(
                    "the template's header row ('{}' row {}) has no column '{}' (<field> line {})",
                    p_.wb_.sheets[t.sheet].name, t.header_row + 1, rule.fields[f].header,
                    rule.fields[f].line));
        // Constants: --set wins over the mapping; every constant needs a value. A breakdown
        // column's --set is the category of values whose breakdown has none in its dimension.
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
                p_.plan.errors.push_back(fmt::format(
                    "column '{}' needs a value for every row: pass --set {}=VALUE, or give the "
                    "<field> at line {} a value=\"...\"",
                    field.header, field.header, field.line));
            }
        }
        for (const FactRule& f : p_.mapping_.facts) set.erase(f.name);  // named_facts() writes
        for (const auto& [name, value] : set)
            p_.plan.errors.push_back(fmt::format(
                "--set {}={}: the <records> table (line {}) has no constant or breakdown column "
                "'{}'",
                name,
                value, rule.line, name));
        if (!p_.plan.errors.empty()) return;

        auto role = [&](FieldRole r) -> std::optional<std::size_t> {
            for (std::size_t f = 0; f < rule.fields.size(); ++f)
                if (rule.fields[f].role == r) return f;
            return std::nullopt;
        };
        const auto code_f = role(FieldRole::indicator_code);
        const std::string scheme = code_f ? normalise_text(rule.fields[*code_f].scheme) : "";

        // The rows to write, in model order, one per indicator and period.
        struct Out {
            std::vector<std::string> cells;  // parallel to fields; "" writes the empty-value
            Fact* fact = nullptr;
        };
        std::vector<Out> rows;
        std::set<std::string> seen;
        for (const Indicator& ind : model_.indicators) {
            std::string code;
            if (code_f)
                for (const IndicatorCode& c : ind.codes)
                    if (normalise_text(c.scheme) == scheme) {
                        code = c.value;
                        break;
                    }
            std::vector<Fact*> facts;
            if (auto it = by_indicator_.find(ind.id); it != by_indicator_.end())
                for (Fact* f : it->second)
                    if (f->observation) facts.push_back(f);
            std::stable_sort(facts.begin(), facts.end(), [](const Fact* a, const Fact* b) {
                return a->observation->period < b->observation->period;
            });
            if (code_f && code.empty() && !facts.empty()) {
                // One line per value, each with its own cell; the fix is per indicator.
                const std::string reason = fmt::format(
                    "no {} {} for this indicator: add one in a crosswalk (<code scheme=\"{}\" "
                    "value=\"...\"/>) and pass --crosswalk",
                    scheme, rule.fields[*code_f].header, scheme);
                for (Fact* f : facts) {
                    const Observation& o = *f->observation;
                    unplaced(
                        f,
                        describe_fact(ind, o.period_text.empty() ? o.period.label() : o.period_text,
                                      o.value ? format_number(*o.value) : o.raw),
                        o.where, reason);
                }
                continue;
            }
            for (Fact* f : facts) {
                const Observation& o = *f->observation;
                const std::string what =
                    describe_fact(ind, o.period_text.empty() ? o.period.label() : o.period_text,
                                  o.value ? format_number(*o.value) : o.raw);
                if (!o.series.empty()) {
                    unplaced(
                        f, what, o.where,
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
                Out row;
                row.fact = f;
                row.cells.resize(rule.fields.size());
                // The breakdown's categories go into the breakdown columns; a part of the
                // population with no column for one of its dimensions is never written as if
                // it were another part.
                std::string refused;
                const Breakdown breakdown = resolved_breakdown(p_.mapping_.dimensions, o.breakdown);
                for (const BreakdownPair& pair : breakdown)
                    if (std::none_of(rule.fields.begin(), rule.fields.end(),
                                     [&](const RecordField& field) {
                                         return field.role == FieldRole::breakdown &&
                                                normalise_text(field.dimension) ==
                                                    normalise_text(pair.dimension);
                                     }))
                        refused = fmt::format(
                            "a value for {} only; the <records> table (line {}) has no column "
                            "for dimension '{}', so it is not written as another part's",
                            breakdown_text(o.breakdown), rule.line, pair.dimension);
                for (std::size_t k = 0; k < rule.fields.size() && refused.empty(); ++k)
                    if (rule.fields[k].role == FieldRole::breakdown)
                        refused = breakdown_cell(rule.fields[k], breakdown, constant[k],
                                                 row.cells[k]);
                if (!refused.empty()) {
                    unplaced(f, what, o.where, refused);
                    continue;
                }
                bool ok = true;
                for (std::size_t k = 0; k < rule.fields.size(); ++k) {
                    const RecordField& field = rule.fields[k];
                    const FieldRole r = field.role;
                    std::string& cell = row.cells[k];
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
                        if (!rp) {
                            ok = false;
                            break;
                        }
                        int n = r == FieldRole::period_year         ? rp->year
                                : r == FieldRole::period_year_range ? rp->range
                                : r == FieldRole::period_quarter    ? rp->quarter
                                                                    : rp->month;
                        if (n >= 0 || field.empty_value.empty()) cell = std::to_string(n);
                    }
                }
                if (!ok) {
                    unplaced(f, what, o.where,
                             fmt::format("period '{}' is a single date: the records' period "
                                         "columns cannot say it",
                                         o.period.label()));
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

        // Where each row goes: a matching existing row (existing="update"), else after the last.
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
        for (Out& row : rows) {
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

    // What identifies a row: indicator, period, breakdown columns and constants, an empty cell
    // counting as the field's empty-value (a Quarter of -1 and an empty Quarter are the same).
    template <typename Text>
    static std::string row_key(const RecordsRule& rule, Text text) {
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

    // ---- <fact> cells: named values (council, contact) ---------------------------------------

    // Each <fact> of the mapping is written from --set NAME=VALUE, else from the model's facts of
    // that name. A fact the template has a place for but nobody gives is listed as not written
    // (the form stays incomplete); one the template has no place for (no such sheet) is only
    // listed when a value was given for it.
    void named_facts() {
        for (const FactRule& rule : p_.mapping_.facts) {
            const detail::FactLocation found = detail::locate_fact(p_.wb_, rule, false);
            Provenance place{p_.wb_.source, "", ""};
            if (found.place)
                place = {p_.wb_.source, p_.wb_.sheets[found.place->sheet].name,
                         to_a1(found.place->value)};
            kpimap::Fact value;
            bool from_set = false;
            if (auto it = options_.constants.find(rule.name); it != options_.constants.end()) {
                value.text = it->second;
                value.where = {"--set", "", ""};
                from_set = true;
            } else if (const kpimap::Fact* f = model_fact(rule.name)) {
                value = *f;
            } else {
                if (found.place)
                    p_.plan.not_written.push_back(
                        {fmt::format("fact '{}'", rule.name), place,
                         fmt::format("neither the model nor --set {}=VALUE gives it; the cell "
                                     "stays as it is",
                                     rule.name)});
                continue;
            }
            const std::string what = fmt::format("fact '{}' = '{}'", rule.name, value.text);
            if (!found.place) {
                p_.plan.not_written.push_back(
                    {what, value.where,
                     fmt::format("no place in the template for <fact name=\"{}\"> (line {}): {}",
                                 rule.name, rule.line, found.why)});
                continue;
            }
            const CellKey at{found.place->sheet, found.place->value.row, found.place->value.col};
            std::optional<double> number = value.number;
            if (rule.type == FactRule::Type::number && !number) {
                const ParsedValue v = parse_value_text(value.text);
                if (v.is_number()) number = v.value;
            }
            std::optional<double> serial;
            if (rule.type == FactRule::Type::date) {
                serial = iso_to_serial(value.text);
                if (const auto p = parse_period(value.text);
                    !serial && p && p->kind == PeriodKind::date)
                    serial = iso_to_serial(p->start);
            }
            if ((rule.type == FactRule::Type::number && !number) ||
                (rule.type == FactRule::Type::date && !serial)) {
                p_.plan.not_written.push_back(
                    {what, value.where,
                     fmt::format("<fact name=\"{}\"> (line {}) is type=\"{}\" and this is not "
                                 "one; {} is left as it is",
                                 rule.name, rule.line, fact_type_name(rule.type), place.cell)});
                continue;
            }
            // A date is written as its serial: the cell keeps its own date format.
            if (serial)
                p_.write_number(at, *serial);
            else if (rule.type == FactRule::Type::text)
                p_.write_text(at, value.text);
            else if (number)
                p_.write_number(at, *number);
            else if (from_set)
                p_.write_value(at, value.text);  // "42" typed on the command line is a number
            else
                p_.write_text(at, value.text);
            ++p_.plan.facts_placed;
            ++p_.plan.named_facts;
        }
        // Without a <records> table nothing else takes --set: a name no fact has is a typo.
        if (p_.mapping_.records.empty())
            for (const auto& [name, v] : options_.constants)
                // (Compared through a plain reference: clang 14, the WebAssembly toolchain's,
                // cannot capture a structured binding in a lambda.)
                if (const std::string& wanted = name;
                    std::none_of(p_.mapping_.facts.begin(), p_.mapping_.facts.end(),
                                 [&](const FactRule& f) { return f.name == wanted; }))
                    p_.plan.errors.push_back(fmt::format(
                        "--set {}={}: mapping '{}' has no <fact name=\"{}\"> (nor a <records> "
                        "table with constant columns)",
                        name, v, p_.mapping_.id, name));
    }

    // The model's first fact named `name`; several different values under it are noted, since
    // only one can be written.
    const kpimap::Fact* model_fact(const std::string& name) {
        const kpimap::Fact* first = nullptr;
        for (const kpimap::Fact& f : model_.facts) {
            if (f.name != name) continue;
            if (!first) {
                first = &f;
            } else if (!same_fact_value(*first, f)) {
                p_.plan.notes.push_back(fmt::format(
                    "the model holds '{}' ({}) and '{}' ({}) for fact '{}'; the first is written "
                    "(pass --set {}=VALUE to choose)",
                    first->text, provenance_text(first->where), f.text, provenance_text(f.where),
                    name, name));
            }
        }
        return first;
    }

    // ---- observation and expectation cells -------------------------------------------------

    void match_indicators() {
        for (const Indicator& ind : p_.read_.model.indicators) {
            bool ambiguous = false;
            if (auto s = identity_.match(ind, ambiguous))
                match_[ind.id] = *s;
            else if (ambiguous)
                p_.plan.notes.push_back(fmt::format(
                    "'{}' ({}) matches several indicators of the model; nothing written for it",
                    ind.title, provenance_text(ind.where)));
        }
    }

    // The source facts for a target indicator, period and series.
    std::vector<Fact>* facts_for(const std::string& target_id, const Period& period,
                                 const std::string& series, const Breakdown& breakdown = {}) {
        auto m = match_.find(target_id);
        if (m == match_.end()) return nullptr;
        const std::string& source_id = model_.indicators[m->second].id;
        auto it = facts_.find(fact_key(source_id, period, series, breakdown));
        return it == facts_.end() ? nullptr : &it->second;
    }

    // Prefers the fact read from this very cell (writing a model back into its own workbook),
    // then one with a value, then the first.
    static Fact* choose(std::vector<Fact>& list, const std::string& sheet,
                        const std::string& cell) {
        for (Fact& f : list) {
            const Provenance& w = f.observation ? f.observation->where : f.expectation->where;
            if (w.sheet == sheet && first_cell(w.cell) == first_cell(cell)) return &f;
        }
        for (Fact& f : list)
            if (f.observation && f.observation->value) return &f;
        return &list.front();
    }

    // True when the target stores this indicator's values as fractions under a percent format
    // (or as plain fractions the converter scaled): the writer divides by 100.
    bool stores_fraction(const CellKey& at, const std::string& target_id) {
        const Cell* c = p_.find(at);
        if (c && c->type == CellType::number) {
            if (parse_value_cell(p_.wb_, *c).percent) return true;
        }
        if (target_observations_.empty())
            for (const Observation& o : p_.read_.model.observations)
                target_observations_[o.indicator_id].push_back(&o);
        auto list = target_observations_.find(target_id);
        if (list == target_observations_.end()) return false;
        for (const Observation* op : list->second) {
            const Observation& o = *op;
            if (!o.value) continue;
            auto s = sheet_index(p_.wb_, o.where.sheet);
            auto cell = first_cell(o.where.cell);
            if (!s || !cell || *s != std::get<0>(at)) continue;
            const Cell* oc = p_.wb_.sheets[*s].find(*cell);
            if (!oc || oc->type != CellType::number) continue;
            if (parse_value_cell(p_.wb_, *oc).percent) return true;
            // A plain fraction the converter scaled (0.822 read as 82.2): not a zero.
            if (oc->number != 0 && std::fabs(oc->number) <= 1 &&
                std::fabs(oc->number * 100 - *o.value) < 1e-6)
                return true;
        }
        return false;
    }

    void observation_slots() {
        struct Slot {
            std::string indicator_id;
            Period period;
            std::string series;
            Breakdown breakdown;
        };
        std::map<CellKey, Slot> slots;
        for (const WriteSlot& s : p_.read_.slots)
            if (s.kind == WriteSlot::Kind::observation)
                slots.emplace(CellKey{s.sheet, s.cell.row, s.cell.col},
                              Slot{s.indicator_id, s.period, s.series, s.breakdown});
        for (const Observation& o : p_.read_.model.observations) {
            auto sheet = sheet_index(p_.wb_, o.where.sheet);
            auto cell = parse_a1(o.where.cell);  // a single cell only
            if (!sheet || !cell) continue;
            slots.emplace(CellKey{*sheet, cell->row, cell->col},
                          Slot{o.indicator_id, o.period, o.series, o.breakdown});
        }
        for (const auto& [at, slot] : slots) {
            if (in_records(at)) continue;
            std::vector<Fact>* list =
                facts_for(slot.indicator_id, slot.period, slot.series, slot.breakdown);
            if (!list) continue;
            Fact* f = choose(*list, p_.wb_.sheets[std::get<0>(at)].name,
                             to_a1({std::get<1>(at), std::get<2>(at)}));
            if (!f->observation) continue;
            for (Fact& other : *list)
                if (&other != f && other.observation && other.observation->value &&
                    f->observation->value &&
                    !agree_within_precision(*f->observation->value, f->observation->decimals,
                                            *other.observation->value, other.observation->decimals))
                    p_.plan.notes.push_back(fmt::format(
                        "{}: the model holds {} ({}) and {} ({}); {} is written to '{}'!{}",
                        p_.read_.model.find_indicator(slot.indicator_id)->title,
                        format_number(*f->observation->value),
                        provenance_text(f->observation->where),
                        format_number(*other.observation->value),
                        provenance_text(other.observation->where),
                        format_number(*f->observation->value), p_.wb_.sheets[std::get<0>(at)].name,
                        to_a1({std::get<1>(at), std::get<2>(at)})));
            for (Fact& other : *list) other.placed = other.placed || other.observation;
            const Observation& o = *f->observation;
            if (o.value) {
                const double v = stores_fraction(at, slot.indicator_id) ? *o.value / 100 : *o.value;
                p_.write_number(at, v);
            } else if (!o.raw.empty()) {
                p_.write_text(at, o.raw);
            } else {
                continue;
            }
            ++p_.plan.facts_placed;
        }
    }

    void expectation_slots() {
        struct Slot {
            std::string indicator_id;
            Period period;
            std::string vocabulary;
            const Expectation* now = nullptr;  // the target's expectation read there
        };
        std::map<CellKey, Slot> slots;
        for (const WriteSlot& s : p_.read_.slots)
            if (s.kind == WriteSlot::Kind::expectation)
                slots[CellKey{s.sheet, s.cell.row, s.cell.col}] =
                    Slot{s.indicator_id, s.period, s.vocabulary, nullptr};
        for (const Expectation& e : p_.read_.model.expectations) {
            auto sheet = sheet_index(p_.wb_, e.where.sheet);
            auto cell = first_cell(e.where.cell);
            if (!sheet || !cell) continue;
            Slot& s = slots[CellKey{*sheet, cell->row, cell->col}];
            if (s.indicator_id.empty()) s = Slot{e.indicator_id, e.period, "", nullptr};
            s.now = &e;
        }
        for (const auto& [at, slot] : slots) {
            std::vector<Fact>* list = facts_for(slot.indicator_id, slot.period, kExpectationSeries);
            if (!list) continue;
            Fact* f = choose(*list, p_.wb_.sheets[std::get<0>(at)].name,
                             to_a1({std::get<1>(at), std::get<2>(at)}));
            for (Fact& other : *list) other.placed = true;
            const Expectation& e = *f->expectation;
            ++p_.plan.facts_placed;
            if (slot.now && slot.now->kind == e.kind &&
                (e.kind != ExpectationKind::target || slot.now->target == e.target)) {
                ++p_.plan.unchanged;
                continue;
            }
            if (e.kind == ExpectationKind::target && e.target) {
                p_.write_number(at, *e.target);
            } else {
                p_.write_text(at, term_text(slot.vocabulary, e.kind));
            }
            // A term split over several cells ("Long Term" / "Improvement") is replaced whole.
            if (slot.now)
                if (auto range = parse_a1_range(slot.now->where.cell))
                    for (std::uint32_t r = range->first.row; r <= range->last.row; ++r)
                        for (std::uint32_t c = range->first.col; c <= range->last.col; ++c)
                            if (CellRef{r, c} != range->first)
                                p_.write_blank({std::get<0>(at), r, c});
        }
    }

    std::string term_text(const std::string& vocabulary, ExpectationKind kind) const {
        const std::string value = expectation_kind_name(kind);
        if (auto it = p_.mapping_.vocabularies.find(vocabulary);
            it != p_.mapping_.vocabularies.end())
            for (const Term& t : it->second.terms.terms())
                if (t.value == value && !t.texts.empty()) return t.texts.front();
        return value;
    }

    void unplaced(Fact* f, std::string what, const Provenance& where, std::string reason) {
        f->placed = true;  // reported: not listed again as "no place"
        p_.plan.not_written.push_back({std::move(what), where, std::move(reason)});
    }

    void report_unplaced() {
        std::set<std::size_t> matched;
        for (const auto& [target, source] : match_) matched.insert(source);
        std::set<std::string> reported_indicators;
        for (const Indicator& ind : model_.indicators) {
            std::vector<const Fact*> left;
            if (auto it = by_indicator_.find(ind.id); it != by_indicator_.end())
                for (const Fact* f : it->second)
                    if (!f->placed) left.push_back(f);
            if (left.empty()) continue;
            const auto index = static_cast<std::size_t>(&ind - model_.indicators.data());
            const bool known = matched.contains(index);
            for (const Fact* f : left) {
                if (!known || f->expectation) {
                    const bool records_only =
                        !p_.mapping_.records.empty() && !has_expectation_slots();
                    const std::string reason =
                        f->expectation && records_only
                            ? "a <records> table has no place for trajectory expectations"
                        : !known
                            ? "no place in the template: it has no indicator with this code or "
                              "title"
                            : "no place in the template for this period";
                    if (f->observation) {
                        const Observation& o = *f->observation;
                        p_.plan.not_written.push_back(
                            {describe_fact(
                                 ind, o.period.label() + (o.series.empty() ? "" : " " + o.series),
                                 o.value ? format_number(*o.value) : o.raw),
                             o.where, reason});
                    } else {
                        p_.plan.not_written.push_back({describe_expectation(ind, *f->expectation),
                                                       f->expectation->where, reason});
                    }
                    continue;
                }
                if (f->observation) {
                    const Observation& o = *f->observation;
                    // A value of a part of the population goes only into that part's cell.
                    const std::string part =
                        o.breakdown.empty() ? "" : " (" + breakdown_text(o.breakdown) + ")";
                    p_.plan.not_written.push_back(
                        {describe_fact(
                             ind,
                             o.period.label() + (o.series.empty() ? "" : " " + o.series) + part,
                             o.value ? format_number(*o.value) : o.raw),
                         o.where,
                         o.breakdown.empty()
                             ? "no place in the template for this period"
                             : "no place in the template for this period and breakdown; it is "
                               "not written into another part's cell"});
                }
            }
        }
        if (p_.plan.facts_placed == 0 && p_.plan.warnings.empty())
            p_.plan.warnings.push_back(fmt::format(
                "nothing to write: none of the model's {} observation(s) and {} expectation(s) "
                "has a place in the template, so the copy is unchanged",
                model_.observations.size(), model_.expectations.size()));
    }

    bool has_expectation_slots() const {
        for (const WriteSlot& s : p_.read_.slots)
            if (s.kind == WriteSlot::Kind::expectation) return true;
        return !p_.read_.model.expectations.empty();
    }

    Planner& p_;
    const Model& model_;
    const ReturnOptions& options_;
    IdentityIndex identity_;
    std::map<std::string, std::vector<Fact>> facts_;
    std::map<std::string, std::size_t> match_;                // target indicator id -> source index
    std::map<std::string, std::vector<Fact*>> by_indicator_;  // source indicator id -> facts
    struct RecordsArea {
        std::size_t sheet;
        std::uint32_t header_row;
        std::set<std::uint32_t> columns;
    };
    std::vector<RecordsArea> records_areas_;

    bool in_records(const CellKey& at) const {
        for (const RecordsArea& a : records_areas_)
            if (a.sheet == std::get<0>(at) && std::get<1>(at) > a.header_row &&
                a.columns.contains(std::get<2>(at)))
                return true;
        return false;
    }
    std::map<std::string, std::vector<const Observation*>> target_observations_;
};

}  // namespace

WritePlan plan_model_writes(const Workbook& target, const Mapping& mapping,
                            const ConversionResult& target_read, const Model& model,
                            const ReturnOptions& options) {
    Planner p(target, mapping, target_read);
    if (!fits(target, mapping, p.plan)) return std::move(p.plan);
    ModelWriter(p, model, options).run();
    p.finish();
    return std::move(p.plan);
}

std::string status_text(const IndicatorStatus& s, StatusShow show) {
    switch (show) {
        case StatusShow::travel:
            return stats::travel_name(s.travel);
        case StatusShow::trajectory:
            return trajectory_status_name(s.trajectory);
        case StatusShow::rag:
            return rag_name(s.rag);
        case StatusShow::significance:
            return significance_name(s.significance);
        case StatusShow::trend:
            return s.trend_label.empty() ? stats::trend_name(s.trend) : s.trend_label;
        case StatusShow::explanation: {
            std::string out = s.travel_explanation;
            auto add = [&](const std::string& more) {
                if (more.empty()) return;
                out += (out.empty() ? "" : "; ") + more;
            };
            if (s.trajectory != TrajectoryStatus::no_expectation) add(s.trajectory_explanation);
            if (s.rag != Rag::not_assessed) add(s.rag_explanation);
            return out;
        }
    }
    return {};
}

WritePlan plan_status_writes(const Workbook& target, const Mapping& mapping,
                             const ConversionResult& target_read, const StatusResult& statuses) {
    Planner p(target, mapping, target_read);
    if (!fits(target, mapping, p.plan)) return std::move(p.plan);
    std::map<std::string, const IndicatorStatus*> by_id;
    for (const IndicatorStatus& s : statuses.indicators) by_id[s.indicator_id] = &s;
    std::set<CellKey> headers_done;
    std::set<std::string> problems;
    // Header row texts by (sheet, row), normalised, to the (last) column holding them.
    std::map<std::pair<std::size_t, std::uint32_t>, std::map<std::string, std::uint32_t>>
        header_texts;
    for (const WriteSlot& slot : target_read.slots) {
        if (slot.kind != WriteSlot::Kind::status_row || !slot.statuses) continue;
        const Sheet& sheet = target.sheets[slot.sheet];
        const Indicator* ind = target_read.model.find_indicator(slot.indicator_id);
        const std::string title = ind ? ind->title : slot.indicator_id;
        auto status = by_id.find(slot.indicator_id);
        for (const StatusTarget& st : *slot.statuses) {
            if (!st.header_pattern.empty()) {
                // One column per period: the trajectory status the indicator has for it.
                for (const Row& row : sheet.rows) {
                    if (row.index != slot.header_row) continue;
                    for (const Cell& c : row.cells) {
                        auto period = detail::status_column_period(st, target.value_text(c));
                        if (!period || status == by_id.end()) continue;
                        const TrajectoryPoint* point = nullptr;
                        for (const TrajectoryPoint& tp : status->second->trajectory_by_period)
                            if (tp.period == period->label()) point = &tp;
                        if (!point) continue;  // no trajectory cell for that period
                        std::string text = st.show == StatusShow::explanation
                                               ? point->explanation
                                               : trajectory_status_name(point->status);
                        if (!st.vocabulary.empty())
                            if (auto v = mapping.vocabularies.find(st.vocabulary);
                                v != mapping.vocabularies.end())
                                for (const Term& t : v->second.terms.terms())
                                    if (t.value == text && !t.texts.empty()) text = t.texts.front();
                        ++p.plan.facts_placed;
                        p.write_text({slot.sheet, slot.cell.row, c.col}, text);
                    }
                }
                continue;
            }
            // The column: a header cell with the status's text, else the declared column.
            std::optional<std::uint32_t> col;
            const std::string wanted = normalise_text(st.header);
            auto header = header_texts.find({slot.sheet, slot.header_row});
            if (header == header_texts.end()) {
                std::map<std::string, std::uint32_t> texts;
                for (const Row& row : sheet.rows)
                    if (row.index == slot.header_row)
                        for (const Cell& c : row.cells)
                            texts[normalise_text(target.value_text(c))] = c.col;
                header =
                    header_texts.emplace(std::make_pair(slot.sheet, slot.header_row), texts).first;
            }
            if (auto it = header->second.find(wanted); it != header->second.end()) {
                col = it->second;
                // The header already there counts as a cell that holds its value, so a second
                // update reports the same total as the first (which wrote it).
                if (headers_done.insert({slot.sheet, slot.header_row, *col}).second)
                    ++p.plan.unchanged;
            }
            if (!col && !st.column.empty()) {
                col = parse_column_name(st.column);
                const CellKey head{slot.sheet, slot.header_row, *col};
                const Cell* now = p.find(head);
                if (now) {
                    const std::string problem = fmt::format(
                        "'{}'!{} holds '{}', not the status header '{}' (line {}); the {} "
                        "statuses of this table are not written: give <status> the header that "
                        "is there, or another column",
                        sheet.name, to_a1({slot.header_row, *col}), target.value_text(*now),
                        st.header, st.line, status_show_name(st.show));
                    if (problems.insert(problem).second)
                        p.plan.not_written.push_back(
                            {fmt::format("status {} column", status_show_name(st.show)),
                             {target.source, sheet.name, to_a1({slot.header_row, *col})},
                             problem});
                    continue;
                }
                if (st.write_header && headers_done.insert(head).second)
                    p.write_text(head, st.header);
            }
            if (!col) {
                const std::string problem = fmt::format(
                    "no header '{}' in row {} of '{}' and no column=\"...\" declared (line {})",
                    st.header, slot.header_row + 1, sheet.name, st.line);
                if (problems.insert(problem).second)
                    p.plan.not_written.push_back(
                        {fmt::format("status {} column", status_show_name(st.show)),
                         {target.source, sheet.name, ""},
                         problem});
                continue;
            }
            const CellKey at{slot.sheet, slot.cell.row, *col};
            if (status == by_id.end()) {
                p.plan.not_written.push_back(
                    {fmt::format("status {} of '{}'", status_show_name(st.show), title),
                     ind ? ind->where : Provenance{}, "no status was computed for this indicator"});
                continue;
            }
            std::string text = status_text(*status->second, st.show);
            if (!st.vocabulary.empty())
                if (auto v = mapping.vocabularies.find(st.vocabulary);
                    v != mapping.vocabularies.end())
                    for (const Term& t : v->second.terms.terms())
                        if (t.value == text && !t.texts.empty()) text = t.texts.front();
            ++p.plan.facts_placed;
            if (text.empty())
                p.write_blank(at);
            else
                p.write_text(at, text);
        }
    }
    // Indicators read elsewhere (a <series-blocks> sheet) have no row to take their statuses.
    std::set<std::string> with_row;
    for (const WriteSlot& slot : target_read.slots)
        if (slot.kind == WriteSlot::Kind::status_row && slot.statuses)
            with_row.insert(slot.indicator_id);
    std::string declared;
    auto declare = [&](std::string_view what, const std::string& id, const std::string& sheet,
                       const std::vector<StatusTarget>& statuses) {
        if (statuses.empty()) return;
        declared +=
            fmt::format("{}{} '{}' (sheets '{}')", declared.empty() ? "" : ", ", what, id, sheet);
    };
    for (const PeriodTableRule& r : mapping.period_tables)
        declare("<period-table>", r.id, r.sheet, r.statuses);
    for (const TableRule& r : mapping.tables) declare("<table>", r.id, r.sheet, r.statuses);
    if (!declared.empty())
        for (const Indicator& ind : target_read.model.indicators) {
            if (with_row.contains(ind.id) || !by_id.contains(ind.id)) continue;
            p.plan.not_written.push_back(
                {fmt::format("statuses of '{}'", ind.title), ind.where,
                 "no status column for this indicator: the mapping declares <status> only for " +
                     declared + ", and this indicator has no row there"});
        }
    if (!headers_done.empty())
        p.plan.notes.push_back(fmt::format(
            "the cell counts include {} status column header(s) besides the {} status cell(s)",
            headers_done.size(), p.plan.facts_placed));
    p.finish();
    return std::move(p.plan);
}

std::size_t apply_crosswalk_codes(Model& model, const Crosswalk& crosswalk) {
    std::size_t added = 0;
    for (Indicator& ind : model.indicators) {
        std::set<std::string> keys{title_key(ind.title)};
        for (const std::string& a : ind.aliases) keys.insert(title_key(a));
        std::set<std::string> codes;
        for (const IndicatorCode& c : ind.codes) codes.insert(indicator_code_key(c));
        for (const CrosswalkEntry& e : crosswalk.entries) {
            bool named = keys.contains(title_key(e.canonical_title));
            for (const std::string& t : e.titles) named = named || keys.contains(title_key(t));
            for (const IndicatorCode& c : e.codes)
                named = named || codes.contains(indicator_code_key(c));
            if (!named) continue;
            for (const IndicatorCode& c : e.codes)
                if (codes.insert(indicator_code_key(c)).second) {
                    ind.codes.push_back(c);
                    ++added;
                }
        }
    }
    return added;
}

}  // namespace kpimap
