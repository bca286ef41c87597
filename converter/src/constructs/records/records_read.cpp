// Reads <records>: a long table, one row per observation (indicator code, period columns, value,
// count, denominator, limits), as the Fingertips upload template lays it out. Constant columns
// (area, age, sex) are checked against the value the mapping declares; rows with another value
// are not this model's and are reported, not read.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "constructs/records/records_read.hpp"
#include "convert/convert_context.hpp"
#include "core/icu_regex.hpp"

namespace kpimap::detail {

namespace {

std::string two_digits(int y) {
    return fmt::format("{:02}", ((y % 100) + 100) % 100);
}

int start_year(const Period& p) {
    int y = 0;
    std::from_chars(p.start.data(), p.start.data() + std::min<std::size_t>(4, p.start.size()), y);
    return y;
}

int start_month(const Period& p) {
    int m = 0;
    if (p.start.size() >= 7) std::from_chars(p.start.data() + 5, p.start.data() + 7, m);
    return m;
}

std::optional<int> whole_number(const Workbook& wb, const Cell& cell) {
    if (cell.type == CellType::number) {
        if (cell.number != std::floor(cell.number) || std::fabs(cell.number) > 1e6)
            return std::nullopt;
        return static_cast<int>(cell.number);
    }
    if (cell.type != CellType::text) return std::nullopt;
    const std::string text = record_cell_text(wb, cell);
    int v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return v;
}

}  // namespace

std::string record_cell_text(const Workbook& wb, const Cell& cell) {
    if (cell.type == CellType::number) return format_number(cell.number);
    std::string text = wb.value_text(cell);
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

std::vector<RecordsTable> locate_records(const Workbook& wb, const RecordsRule& rule) {
    std::vector<RecordsTable> out;
    const std::string wanted = normalise_text(rule.header);
    for (std::size_t s = 0; s < wb.sheets.size(); ++s) {
        const Sheet& sheet = wb.sheets[s];
        if (!sheet_selected(rule.sheet, sheet.name) || sheet.rows.empty()) continue;
        const std::uint32_t first = sheet.rows.front().index;
        const Row* header = nullptr;
        for (const Row& row : sheet.rows) {
            if (row.index >= first + static_cast<std::uint32_t>(rule.search_rows)) break;
            for (const Cell& cell : row.cells)
                if (normalise_text(record_cell_text(wb, cell)) == wanted) header = &row;
            if (header) break;
        }
        if (!header) continue;
        RecordsTable t;
        t.sheet = s;
        t.header_row = header->index;
        t.columns.resize(rule.fields.size());
        for (const Cell& cell : header->cells) {
            const std::string text = normalise_text(record_cell_text(wb, cell));
            if (text.empty()) continue;
            bool named = false;
            for (std::size_t f = 0; f < rule.fields.size(); ++f)
                if (!t.columns[f] && normalise_text(rule.fields[f].header) == text) {
                    t.columns[f] = cell.col;
                    named = true;
                    break;
                }
            if (!named) t.unnamed_headers.push_back({header->index, cell.col});
        }
        for (const Row& row : sheet.rows) {
            if (row.index <= t.header_row) continue;
            const bool any = std::any_of(row.cells.begin(), row.cells.end(), [&](const Cell& c) {
                if (record_cell_text(wb, c).empty()) return false;
                return std::any_of(t.columns.begin(), t.columns.end(),
                                   [&](const auto& col) { return col && *col == c.col; });
            });
            if (any) t.data_rows.push_back(row.index);
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::optional<RecordPeriod> encode_record_period(const Period& p, bool financial) {
    const int y = start_year(p);
    const int m = start_month(p);
    if (y == 0 || m == 0) return std::nullopt;
    RecordPeriod r;
    switch (p.kind) {
        case PeriodKind::calendar_year:
        case PeriodKind::financial_year:
            r.year = y;
            return r;
        case PeriodKind::calendar_span:
        case PeriodKind::financial_span:
            r.year = y;
            r.range = std::max(1, p.years);
            return r;
        case PeriodKind::quarter:
            if (p.financial_quarter) {
                r.year = m >= 4 ? y : y - 1;
                r.quarter = (m - 4 + 12) % 12 / 3 + 1;
            } else {
                r.year = y;
                r.quarter = (m - 1) / 3 + 1;
            }
            return r;
        case PeriodKind::month:
            if (financial) {
                r.year = m >= 4 ? y : y - 1;
                r.month = (m - 4 + 12) % 12 + 1;
            } else {
                r.year = y;
                r.month = m;
            }
            return r;
        case PeriodKind::date:
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<Period> decode_record_period(const RecordPeriod& f, bool financial) {
    if (f.year < 1900 || f.year > 2200 || f.range < 1 || f.range > 21) return std::nullopt;
    if (f.quarter > 4 || f.month > 12 || (f.quarter > 0 && f.month > 0)) return std::nullopt;
    std::string text;
    if (f.quarter > 0) {
        text = financial ? fmt::format("Q{} {}/{}", f.quarter, f.year, two_digits(f.year + 1))
                         : fmt::format("{} Q{}", f.year, f.quarter);
    } else if (f.month > 0) {
        int y = f.year, m = f.month;
        if (financial) {
            m = (f.month + 2) % 12 + 1;
            if (f.month >= 10) ++y;
        }
        text = fmt::format("{}-{:02}", y, m);
    } else if (financial) {
        text = fmt::format("{}/{}", f.year, two_digits(f.year + 1));
        if (f.range > 1)
            text += fmt::format(" - {}/{}", f.year + f.range - 1, two_digits(f.year + f.range));
    } else {
        text = f.range > 1 ? fmt::format("{}-{}", f.year, f.year + f.range - 1)
                           : fmt::format("{}", f.year);
    }
    return parse_period(text);
}

namespace {

class RecordsReader {
public:
    RecordsReader(ConvertContext& ctx, const RecordsRule& rule, const RecordsTable& table)
        : ctx_(ctx), rule_(rule), t_(table), sheet_(ctx.wb.sheets[table.sheet]) {}

    void read() {
        ctx_.read_sheet(t_.sheet);
        std::uint32_t first_col = UINT32_MAX, last_col = 0;
        for (std::size_t f = 0; f < rule_.fields.size(); ++f) {
            if (!t_.columns[f]) {
                const auto near =
                    near_header(ctx_, t_.sheet, t_.unnamed_headers, rule_.fields[f].header);
                ctx_.note(Severity::warning, DiagnosticCode::column_not_found,
                          ctx_.row_where(t_.sheet, t_.header_row), "",
                          fmt::format("the header row has no '{}' column (<field> at line {}); "
                                      "that column is not read{}",
                                      rule_.fields[f].header, rule_.fields[f].line,
                                      near ? fmt::format("; did you mean '{}' ({})? Write the "
                                                         "<field> header as the sheet has it",
                                                         near->text, to_a1(near->at))
                                           : std::string()));
                continue;
            }
            ctx_.use(t_.sheet, {t_.header_row, *t_.columns[f]});
            first_col = std::min(first_col, *t_.columns[f]);
            last_col = std::max(last_col, *t_.columns[f]);
        }
        for (const CellRef& at : t_.unnamed_headers) {
            const Cell* c = sheet_.find(at);
            ctx_.report(Severity::warning, DiagnosticCode::unmapped_header, t_.sheet, at,
                        c ? record_cell_text(ctx_.wb, *c) : "",
                        fmt::format("no <field> of <records> (line {}) names this header; its "
                                    "column is not read",
                                    rule_.line));
        }
        for (std::uint32_t r : t_.data_rows) read_row(r);
        if (first_col != UINT32_MAX) {
            const std::uint32_t last_row =
                t_.data_rows.empty() ? t_.header_row : t_.data_rows.back();
            ctx_.region(t_.sheet, Range{{t_.header_row, first_col}, {last_row, last_col}});
        }
    }

private:
    const Cell* cell(std::uint32_t row, std::size_t field) const {
        if (!t_.columns[field]) return nullptr;
        const Cell* c = sheet_.find({row, *t_.columns[field]});
        if (c && record_cell_text(ctx_.wb, *c).empty()) return nullptr;
        return c;
    }

    // The field's cell when it holds something other than the field's empty-value.
    const Cell* given(std::uint32_t row, std::size_t field) const {
        const Cell* c = cell(row, field);
        if (c && !rule_.fields[field].empty_value.empty() &&
            record_cell_text(ctx_.wb, *c) == rule_.fields[field].empty_value)
            return nullptr;
        return c;
    }

    std::optional<std::size_t> field_of(FieldRole role) const {
        for (std::size_t f = 0; f < rule_.fields.size(); ++f)
            if (rule_.fields[f].role == role) return f;
        return std::nullopt;
    }

    void read_row(std::uint32_t row) {
        // Constants first: a row for another area or group is not this model's.
        for (std::size_t f = 0; f < rule_.fields.size(); ++f) {
            const RecordField& field = rule_.fields[f];
            if (field.role != FieldRole::constant || !field.has_value) continue;
            const Cell* c = cell(row, f);
            const std::string text = c ? record_cell_text(ctx_.wb, *c) : "";
            if (normalise_text(text) != normalise_text(field.value)) {
                for (std::size_t g = 0; g < rule_.fields.size(); ++g)
                    if (const Cell* other = cell(row, g))
                        ctx_.report(
                            Severity::info, DiagnosticCode::record_filtered, t_.sheet, {row, *t_.columns[g]},
                            record_cell_text(ctx_.wb, *other),
                            fmt::format("row {} has {} '{}', not '{}' (the mapping's "
                                        "constant, line {}); the row is not read",
                                        row + 1, field.header, text, field.value, field.line));
                return;
            }
        }
        const auto code_f = field_of(FieldRole::indicator_code);
        const auto title_f = field_of(FieldRole::indicator_title);
        const Cell* code_cell = code_f ? given(row, *code_f) : nullptr;
        const Cell* title_cell = title_f ? given(row, *title_f) : nullptr;
        if (!code_cell && !title_cell) {
            report_row(row, DiagnosticCode::no_record,
                       "a row with no indicator code or title; the row is not read");
            return;
        }
        const std::optional<Period> period = row_period(row);
        if (!period) {
            report_row(row, DiagnosticCode::period_not_parsed,
                       "the period columns of this row name no period (Year, YearRange, "
                       "Quarter, Month); the row is not read");
            return;
        }
        const auto value_f = field_of(FieldRole::value);
        const Cell* value_cell = value_f ? cell(row, *value_f) : nullptr;
        const std::string id = indicator(row, code_f, code_cell, title_cell);
        const CellRef value_at{row, value_f && t_.columns[*value_f] ? *t_.columns[*value_f] : 0};
        Model& model = ctx_.result.model;
        bool added = false;
        if (value_cell && given(row, *value_f)) {
            added = add_observation(ctx_, t_.sheet, value_at, *value_cell, id, *period,
                                    period->label(), "");
        } else {
            Observation o;
            o.indicator_id = id;
            o.period = *period;
            o.period_text = period->label();
            o.missing = MissingReason::not_available;
            o.raw = value_cell ? record_cell_text(ctx_.wb, *value_cell) : "";
            o.where = ctx_.where(t_.sheet, value_at);
            if (value_cell) ctx_.use(t_.sheet, value_at);
            model.observations.push_back(std::move(o));
            added = true;
        }
        for (std::size_t f = 0; f < rule_.fields.size(); ++f) {
            const RecordField& field = rule_.fields[f];
            const Cell* c = cell(row, f);
            if (!c) continue;
            const CellRef at{row, *t_.columns[f]};
            if (field.role == FieldRole::ignore) {
                ctx_.report(Severity::info, DiagnosticCode::ignored_by_mapping, t_.sheet, at,
                            record_cell_text(ctx_.wb, *c),
                            fmt::format("the mapping marks column '{}' role=\"ignore\" (line {})",
                                        field.header, field.line));
                continue;
            }
            if (field.role == FieldRole::lower_ci_99_8 || field.role == FieldRole::upper_ci_99_8) {
                if (!given(row, f)) {
                    ctx_.use(t_.sheet, at);
                    continue;
                }
                ctx_.report(Severity::info, DiagnosticCode::not_in_model, t_.sheet, at,
                            record_cell_text(ctx_.wb, *c),
                            fmt::format("a 99.8% limit ('{}'); the model keeps 95% limits only, "
                                        "so it is not read",
                                        field.header));
                continue;
            }
            if (!added) continue;
            std::optional<double>* target = nullptr;
            Observation& o = model.observations.back();
            if (field.role == FieldRole::breakdown) {
                // The category as written (a name or a code): the mapping's dimensions resolve
                // it after reading (SexID 2 is Female; 4, Persons, is the whole population).
                if (const Cell* g = given(row, f))
                    o.breakdown.push_back({field.dimension, record_cell_text(ctx_.wb, *g)});
                ctx_.use(t_.sheet, at);
                continue;
            }
            if (field.role == FieldRole::count) target = &o.count;
            if (field.role == FieldRole::denominator) target = &o.denominator;
            if (field.role == FieldRole::lower_ci) target = &o.lower_ci;
            if (field.role == FieldRole::upper_ci) target = &o.upper_ci;
            if (target) {
                const Cell* g = given(row, f);
                if (g) {
                    const ParsedValue v = parse_value_cell(ctx_.wb, *g);
                    if (!v.is_number()) {
                        ctx_.report(Severity::warning, DiagnosticCode::value_not_parsed, t_.sheet, at,
                                    record_cell_text(ctx_.wb, *g),
                                    fmt::format("the {} is not a number; not read", field.header));
                        continue;
                    }
                    *target = v.value;
                }
            }
            if (field.role != FieldRole::value) ctx_.use(t_.sheet, at);
        }
    }

    std::optional<Period> row_period(std::uint32_t row) const {
        if (!rule_.period.empty()) return parse_period(rule_.period);  // one period for all rows
        if (auto f = field_of(FieldRole::period)) {
            const Cell* c = given(row, *f);
            if (!c) return std::nullopt;
            if (c->type == CellType::date_time) return period_from_serial(c->number);
            const std::string text = record_cell_text(ctx_.wb, *c);
            if (auto p = parse_period(text)) return p;
            return find_period(text);
        }
        RecordPeriod fields;
        auto number = [&](FieldRole role, int fallback) -> std::optional<int> {
            auto f = field_of(role);
            if (!f) return fallback;
            const Cell* c = given(row, *f);
            if (!c) return fallback;
            auto v = whole_number(ctx_.wb, *c);
            if (!v) return std::nullopt;
            return *v < 0 ? fallback : *v;
        };
        auto year = number(FieldRole::period_year, 0);
        auto range = number(FieldRole::period_year_range, 1);
        auto quarter = number(FieldRole::period_quarter, -1);
        auto month = number(FieldRole::period_month, -1);
        if (!year || !range || !quarter || !month) return std::nullopt;
        fields.year = *year;
        fields.range = *range;
        fields.quarter = *quarter;
        fields.month = *month;
        return decode_record_period(fields, rule_.financial_years);
    }

    std::string indicator(std::uint32_t row, std::optional<std::size_t> code_f,
                          const Cell* code_cell, const Cell* title_cell) {
        const std::string code = code_cell ? record_cell_text(ctx_.wb, *code_cell) : "";
        const std::string scheme = code_f ? rule_.fields[*code_f].scheme : "local";
        if (!code.empty())
            if (auto it = by_code_.find(code); it != by_code_.end()) return it->second;
        std::string title = title_cell ? record_cell_text(ctx_.wb, *title_cell) : "";
        if (title.empty()) title = fmt::format("{} {}", rule_.fields[*code_f].header, code);
        Indicator ind;
        ind.title = title;
        const CellRef at{row,
                         *t_.columns[code_cell ? *code_f : *field_of(FieldRole::indicator_title)]};
        ind.where = ctx_.where(t_.sheet, at);
        if (!code.empty()) ind.codes.push_back({scheme, code});
        const std::string id =
            ctx_.result.model.indicators[ctx_.find_or_add_indicator(std::move(ind))].id;
        if (!code.empty()) by_code_[code] = id;
        return id;
    }

    void report_row(std::uint32_t row, DiagnosticCode code, const std::string& message) {
        for (std::size_t f = 0; f < rule_.fields.size(); ++f)
            if (const Cell* c = cell(row, f))
                ctx_.report(Severity::warning, code, t_.sheet, {row, *t_.columns[f]},
                            record_cell_text(ctx_.wb, *c), message);
    }

    ConvertContext& ctx_;
    const RecordsRule& rule_;
    const RecordsTable& t_;
    const Sheet& sheet_;
    std::map<std::string, std::string> by_code_;
};

}  // namespace

void read_records(ConvertContext& ctx, const RecordsRule& rule) {
    const std::vector<RecordsTable> tables = locate_records(ctx.wb, rule);
    for (const RecordsTable& t : tables) RecordsReader(ctx, rule, t).read();
}

}  // namespace kpimap::detail
