// Detection (which mapping fits a workbook) and the conversion driver.
#include <fmt/format.h>

#include <algorithm>

#include "convert/convert_context.hpp"
#include "constructs/fact/fact_read.hpp"
#include "core/icu_regex.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap {

const char* severity_name(Severity severity) noexcept {
    return severity == Severity::warning ? "warning" : "info";
}

std::size_t ConversionResult::warnings() const {
    return static_cast<std::size_t>(
        std::count_if(diagnostics.begin(), diagnostics.end(),
                      [](const ConvertDiagnostic& d) { return d.severity == Severity::warning; }));
}

double SheetCoverage::coverage() const noexcept {
    return cells == 0 ? 1.0 : static_cast<double>(used + left_out) / static_cast<double>(cells);
}

std::vector<const SheetCoverage*> ConversionResult::poor_fit() const {
    std::vector<const SheetCoverage*> out;
    const bool any_read =
        std::any_of(sheets.begin(), sheets.end(), [](const SheetCoverage& s) { return s.read; });
    for (const SheetCoverage& s : sheets)
        if (s.cells > 0 && (any_read ? s.read && s.coverage() < kPoorFitCoverage : true))
            out.push_back(&s);
    return out;
}

std::string counts_text(const ConversionResult& r) {
    const std::size_t w = r.warnings();
    std::string parts;
    auto part = [&](std::size_t n, const char* what) {
        if (n > 0) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", n, what);
    };
    part(r.warning_counts.on_used_cells, "on used cells");
    part(r.warning_counts.on_unused_cells, "on cells not used");
    part(r.warning_counts.elsewhere, "on rows, columns or sheets");
    return fmt::format("{} cells: {} used, {} not used; {} warning{}{}", r.cells_seen, r.cells_used,
                       r.cells_reported, w, w == 1 ? "" : "s",
                       parts.empty() ? "" : " (" + parts + ")");
}

namespace {

// Detection looks at the first rows of each sheet only: headers live there, and a large data
// sheet should not be scanned in full to decide what it is.
constexpr std::uint32_t kDetectRows = 40;

bool rule_matches(const Workbook& wb, const DetectRule& rule) {
    if (rule.kind == DetectRule::Kind::sheet_name) {
        detail::IcuRegex re(rule.value);
        return std::any_of(wb.sheets.begin(), wb.sheets.end(),
                           [&](const Sheet& s) { return re.found_in(s.name); });
    }
    const std::string wanted = normalise_text(rule.value);
    std::optional<detail::IcuRegex> re;
    if (rule.kind == DetectRule::Kind::cell_pattern) re.emplace(rule.value);
    for (const Sheet& sheet : wb.sheets) {
        if (sheet.rows.empty()) continue;
        const std::uint32_t first = sheet.rows.front().index;
        for (const Row& row : sheet.rows) {
            if (row.index >= first + kDetectRows) break;
            for (const Cell& cell : row.cells) {
                if (cell.type != CellType::text) continue;
                const std::string_view text = wb.text(cell);
                if (re ? re->found_in(text) : normalise_text(text) == wanted) return true;
            }
        }
    }
    return false;
}

std::string describe(const DetectRule& rule) {
    switch (rule.kind) {
        case DetectRule::Kind::sheet_name:
            return fmt::format("a sheet named like /{}/ (line {})", rule.value, rule.line);
        case DetectRule::Kind::cell_text:
            return fmt::format("a cell '{}' (line {})", rule.value, rule.line);
        case DetectRule::Kind::cell_pattern:
            return fmt::format("a cell like /{}/ (line {})", rule.value, rule.line);
    }
    return {};
}

}  // namespace

std::vector<MappingScore> score_mappings(const Workbook& workbook,
                                         const std::vector<Mapping>& mappings) {
    std::vector<MappingScore> out;
    for (const Mapping& m : mappings) {
        MappingScore s;
        s.mapping = &m;
        s.mapping_id = m.id;
        s.path = m.path;
        s.rules = static_cast<int>(m.detect.size());
        s.min_score = m.detect.empty() ? 1 : m.min_score;
        for (const DetectRule& rule : m.detect) {
            if (rule_matches(workbook, rule))
                ++s.score;
            else
                s.missed.push_back(describe(rule));
        }
        out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(), [](const MappingScore& a, const MappingScore& b) {
        // Compare the share of rules met, so a mapping with many rules is not favoured.
        const double fa = a.rules ? static_cast<double>(a.score) / a.rules : 0;
        const double fb = b.rules ? static_cast<double>(b.score) / b.rules : 0;
        if (fa != fb) return fa > fb;
        if (a.score != b.score) return a.score > b.score;
        return a.mapping_id < b.mapping_id;
    });
    return out;
}

MappingChoice choose_mapping(const Workbook& workbook, const std::vector<Mapping>& mappings) {
    MappingChoice choice;
    choice.scores = score_mappings(workbook, mappings);
    std::vector<const MappingScore*> fitting;
    for (const MappingScore& s : choice.scores)
        if (s.fits()) fitting.push_back(&s);
    if (fitting.empty()) return choice;
    if (fitting.size() > 1 && fitting[0]->score == fitting[1]->score &&
        fitting[0]->rules == fitting[1]->rules) {
        choice.outcome = MappingChoice::Outcome::ambiguous;
        return choice;
    }
    choice.mapping = fitting[0]->mapping;
    choice.outcome = MappingChoice::Outcome::chosen;
    return choice;
}

namespace detail {

namespace {

// "<table id="data"> (line 12)", or with the header when the rule has no id.
std::string rule_name(std::string_view element, const std::string& id, const std::string& header,
                      int line) {
    if (!id.empty()) return fmt::format("<{} id=\"{}\"> (line {})", element, id, line);
    if (!header.empty()) return fmt::format("<{} header=\"{}\"> (line {})", element, header, line);
    return fmt::format("<{}> (line {})", element, line);
}

}  // namespace

RuleMiss closest_rule(const ConvertContext& ctx, std::size_t sheet) {
    const Mapping& m = ctx.mapping;
    std::optional<RuleMiss> best;
    auto consider = [&](RuleMiss miss) {
        if (!best || miss.nearness > best->nearness) best = std::move(miss);
    };
    for (const TableRule& r : m.tables)
        consider(explain_header_miss(ctx, sheet, rule_name("table", r.id, r.header, r.line),
                                     r.sheet, r.header, r.search_rows));
    for (const MatrixRule& r : m.matrices)
        consider(explain_header_miss(ctx, sheet, rule_name("matrix", r.id, r.header, r.line),
                                     r.sheet, r.header, r.search_rows));
    for (const PeriodTableRule& r : m.period_tables)
        consider(explain_period_table_miss(ctx, r, sheet));
    for (const DashboardRule& r : m.dashboards)
        consider(explain_header_miss(ctx, sheet, rule_name("dashboard", r.id, r.header, r.line),
                                     r.sheet, r.header, r.search_rows));
    for (const RecordsRule& r : m.records)
        consider(explain_header_miss(ctx, sheet, rule_name("records", r.id, r.header, r.line),
                                     r.sheet, r.header, r.search_rows));
    // Series blocks read every sheet they select: one that missed this sheet did not select it.
    for (const SeriesRule& r : m.series)
        consider({0, rule_name("series-blocks", r.id, "", r.line),
                  fmt::format("its sheet pattern /{}/ does not take sheet '{}'", r.sheet,
                              ctx.wb.sheets[sheet].name)});
    return best.value_or(RuleMiss{});
}

}  // namespace detail

ConversionResult convert_workbook(const Workbook& workbook, const Mapping& mapping) {
    ConversionResult result;
    detail::ConvertContext ctx(workbook, mapping, result);
    for (const TableRule& t : mapping.tables) detail::read_table(ctx, t);
    for (const MatrixRule& m : mapping.matrices) detail::read_matrix(ctx, m);
    for (const SeriesRule& s : mapping.series) detail::read_series(ctx, s);
    for (const PeriodTableRule& p : mapping.period_tables) detail::read_period_table(ctx, p);
    for (const DashboardRule& d : mapping.dashboards) detail::read_dashboard(ctx, d);
    for (const RecordsRule& r : mapping.records) detail::read_records(ctx, r);
    detail::apply_dimensions(ctx);
    detail::apply_margins(ctx);
    detail::read_facts(ctx);
    detail::reconcile_units(ctx);
    ctx.finish();
    return result;
}

}  // namespace kpimap
