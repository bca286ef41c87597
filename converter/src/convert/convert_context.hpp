// State shared by the table and matrix readers while one workbook is converted: the model being
// built, the diagnostics, and the ledger of which cells were used or reported.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "kpimap/convert.hpp"

namespace kpimap::detail {

class ConvertContext {
public:
    ConvertContext(const Workbook& wb, const Mapping& mapping, ConversionResult& result);

    const Workbook& wb;
    const Mapping& mapping;
    ConversionResult& result;
    std::string framework_id;
    // Margins of error read by measure="margin-95" tables, applied to the values they belong
    // to once every rule has read (apply_margins).
    std::vector<Observation> margins;

    // The cell's text for matching and joining: trimmed text, or the value as text.
    std::string text(const Cell& cell) const;
    // Marks a cell as gone into the model.
    void use(std::size_t sheet, CellRef at);
    // Adds a diagnostic about a cell and marks the cell as reported.
    void report(Severity severity, DiagnosticCode code, std::size_t sheet, CellRef at, std::string raw,
                std::string message);
    // Adds a diagnostic that is not about one cell (a range, a sheet, the mapping).
    void note(Severity severity, DiagnosticCode code, Provenance where, std::string raw,
              std::string message);
    // Marks a sheet as read by some rule of the mapping; its unused cells are reported at the end.
    void read_sheet(std::size_t sheet) { read_sheets_.insert(sheet); }
    // The non-empty cells of a header row as a range: where a diagnostic about the row points.
    Provenance row_where(std::size_t sheet, std::uint32_t row) const;
    // Records the rectangle a table or matrix covers: unused cells inside it are warnings,
    // cells outside every region (titles, notes) are reported for information.
    void region(std::size_t sheet, Range range) { regions_.emplace_back(sheet, range); }
    Provenance where(std::size_t sheet, CellRef at) const;
    Provenance where(std::size_t sheet, CellRef first, CellRef last) const;

    // A unique id from a prefix and a title: "icp-grid@000/domain/domain-1".
    std::string make_id(std::string_view kind, std::string_view title);
    // Adds an outcome and returns its id.
    std::string add_outcome(std::string level, std::string code, std::string title,
                            std::string parent, Provenance where);
    // The outcome of this framework at `level` with the same code (when both have one) or the
    // same title key, if any: sheets that describe the same outcome share one.
    std::optional<std::size_t> find_outcome(std::string_view level, std::string_view code,
                                            std::string_view title) const;
    // The indicator of this framework with the same title key, if any.
    std::optional<std::size_t> find_indicator(std::string_view title) const;
    // Extends an indicator's title (a continuation row) and re-indexes it under the new title.
    void extend_indicator_title(std::size_t index, std::string_view more);
    // Adds an indicator (indexing its title key) and returns its index in the model.
    std::size_t add_indicator(Indicator indicator);
    // The index of the indicator with `candidate`'s title key if there is one (its other fields
    // are then ignored), else of `candidate`, added.
    std::size_t find_or_add_indicator(Indicator candidate);
    // Adds a link; returns false when the same kind/from/to exists already, in which case the
    // link is added only if `allow_repeat`.
    bool add_link(Link link, bool allow_repeat = false);

    // Reports every non-empty cell of the read sheets that is neither used nor reported, and
    // fills the cell counts of the result.
    void finish();

private:
    static std::uint64_t key(std::size_t sheet, CellRef at) {
        // 20 bits each for row and column (Excel needs 20 and 14), 24 for the sheet.
        return (static_cast<std::uint64_t>(sheet) << 40) |
               (static_cast<std::uint64_t>(at.row & 0xFFFFF) << 20) | (at.col & 0xFFFFF);
    }
    // Sorts each warning by what it is about (WarningCounts), once every cell is settled.
    void count_warnings();

    std::unordered_set<std::uint64_t> used_;
    std::unordered_set<std::uint64_t> reported_;
    std::unordered_set<std::size_t> cell_diagnostics_;  // indices of diagnostics from report()
    std::unordered_set<std::uint64_t> left_out_;        // cells the mapping leaves out on purpose
    std::unordered_set<std::size_t> read_sheets_;
    std::vector<std::pair<std::size_t, Range>> regions_;
    std::unordered_set<std::string> ids_;
    std::unordered_map<std::string, std::size_t> indicator_keys_;
    std::unordered_set<std::string> link_keys_;
};

// "Domain 1 Individual Outcomes" -> "domain-1-individual-outcomes" (ASCII letters and digits).
std::string slug(std::string_view text, std::size_t max_length = 48);

// The construct readers, one per folder src/constructs/<construct>/<construct>_read.cpp (the
// construct's parse_<construct> is beside it, in <construct>_parse.cpp).

// Reads one <table> rule on every sheet it applies to.
void read_table(ConvertContext& ctx, const TableRule& rule);
// Reads one <matrix> rule on every sheet it applies to.
void read_matrix(ConvertContext& ctx, const MatrixRule& rule);

// Reads one <series-blocks> rule on every sheet it applies to.
void read_series(ConvertContext& ctx, const SeriesRule& rule);
// Reads one <period-table> rule on every sheet it applies to.
void read_period_table(ConvertContext& ctx, const PeriodTableRule& rule);
// Reads one <dashboard> rule on every sheet it applies to: themes, priorities, numbered
// indicators, commitments with refs, actions with codes and "See ..." cross-references.
void read_dashboard(ConvertContext& ctx, const DashboardRule& rule);
// Reads one <records> rule (a long table, one row per observation) on every sheet it applies to.
void read_records(ConvertContext& ctx, const RecordsRule& rule);
// Brings each indicator's values to one unit: fractions (0.822) beside percentages (83.4%)
// are scaled to percent, and every change is reported.
void reconcile_units(ConvertContext& ctx);

// Applies the mapping's declared dimensions to every breakdown read (values and write slots):
// aliases become the category's name, a dimension's total drops the pair, a category a closed
// dimension lacks is reported once (category_not_declared); the dimensions used go into the
// model. (convert/dimensions.cpp)
void apply_dimensions(ConvertContext& ctx);

// Gives each value the 95% limits value ± margin of the margin read for the same indicator,
// period and breakdown (ConvertContext::margins); a margin without a value is reported
// (margin_without_value). (convert/dimensions.cpp)
void apply_margins(ConvertContext& ctx);

// The period a cell names: period text ("13/14", "2012-14"), a whole-number year (2015) or a
// date cell; nullopt otherwise.
std::optional<Period> cell_period(const ConvertContext& ctx, const Cell& cell);

// Adds an observation for a value cell, or reports the cell when it holds no usable value.
// Returns false when the cell was reported instead.
bool add_observation(ConvertContext& ctx, std::size_t sheet, CellRef at, const Cell& cell,
                     const std::string& indicator_id, const Period& period, std::string period_text,
                     std::string series);

// Finds the first row (within `search_rows` of the sheet's first row) with a cell whose
// normalised text equals `header`; returns the row index and the cell's column.
std::optional<CellRef> find_header(const ConvertContext& ctx, const Sheet& sheet,
                                   std::string_view header, int search_rows);

// A header cell whose text is a typing slip away from the header a mapping names ("KPIs" for
// "KPI's", "Indicators" for "Indicator").
struct NearHeader {
    CellRef at;
    std::string text;
};

// Among `candidates` (header cells no rule took), the one nearest to `wanted`: the same title key
// (case, spacing, punctuation and look-alike letters aside), else within one edit (two from
// twelve letters). nullopt when none is that near, or two are equally near.
std::optional<NearHeader> near_header(const ConvertContext& ctx, std::size_t sheet,
                                      const std::vector<CellRef>& candidates,
                                      std::string_view wanted);

// Why one rule of a mapping found nothing on a sheet, for sheet_not_read: `nearness` 0 when the
// sheet is not the rule's (its sheet pattern), 1 when it is but nothing like the rule's header
// is on it, 2 when something nearly matched; `why` says what, naming cells.
struct RuleMiss {
    int nearness = 0;
    std::string rule;  // "<table id="data"> (line 12)"
    std::string why;
};

// The miss of a rule found by a header cell within its first `search_rows` rows (tables,
// matrices, dashboards, records): the header further down, or a cell a typing slip away.
RuleMiss explain_header_miss(const ConvertContext& ctx, std::size_t sheet, std::string rule,
                             std::string_view sheet_pattern, std::string_view header,
                             int search_rows);
// The miss of a <period-table>: the row nearest to a period header row, and what it lacks.
RuleMiss explain_period_table_miss(const ConvertContext& ctx, const PeriodTableRule& rule,
                                   std::size_t sheet);
// The rule of the mapping that came closest to reading `sheet`, and why it did not (defined
// beside the conversion driver, which knows every construct).
RuleMiss closest_rule(const ConvertContext& ctx, std::size_t sheet);

// True when the sheet name matches the rule's sheet pattern ("*" matches all).
bool sheet_selected(std::string_view pattern, std::string_view sheet_name);

}  // namespace kpimap::detail
