// Conversion: choosing the mapping that fits a workbook, and reading the workbook through it
// into the canonical model. Every non-empty cell of a mapped sheet ends either used or reported.
#pragma once

#include <string>
#include <vector>

#include "kpimap/diagnostic_code.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/model.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap {

enum class Severity : std::uint8_t { info, warning };
// "info" or "warning".
const char* severity_name(Severity severity) noexcept;

// Something the conversion corrected, joined, skipped or could not use.
struct ConvertDiagnostic {
    Severity severity = Severity::info;
    DiagnosticCode code = DiagnosticCode::unmapped_cell;  // why (docs/mapping-reference.md#diagnostics)
    Provenance where;
    std::string raw;      // the cell text as written
    std::string message;  // one sentence a person can act on
};

// How well one mapping fits a workbook.
struct MappingScore {
    const Mapping* mapping = nullptr;  // the mapping scored (points into the caller's list)
    std::string mapping_id;
    std::string path;
    int score = 0;                    // detection rules satisfied
    int rules = 0;                    // detection rules in the mapping
    int min_score = 1;                // rules needed to fit
    std::vector<std::string> missed;  // the rules that did not match, described
    bool fits() const noexcept { return score >= min_score; }
};

// Scores every mapping against the workbook, best first (ties by mapping id).
std::vector<MappingScore> score_mappings(const Workbook& workbook,
                                         const std::vector<Mapping>& mappings);

struct MappingChoice {
    enum class Outcome : std::uint8_t { chosen, none_fits, ambiguous };
    Outcome outcome = Outcome::none_fits;
    const Mapping* mapping = nullptr;  // set when chosen
    std::vector<MappingScore> scores;  // all candidates, best first
};

// The single best-fitting mapping; ambiguous when two fit with the same score.
MappingChoice choose_mapping(const Workbook& workbook, const std::vector<Mapping>& mappings);

// A cell the mapping reads one fact from, or would read it from if the cell were filled: where
// `kpimap update` and `kpimap return` write that fact back. Cells that hold a fact are also
// known from the fact's provenance; slots add the empty cells of a layout.
struct WriteSlot {
    enum class Kind : std::uint8_t { observation, expectation, status_row };
    Kind kind = Kind::observation;
    std::size_t sheet = 0;         // index in the workbook
    CellRef cell;                  // the value cell; for status_row the indicator's title cell
    std::uint32_t header_row = 0;  // the header row of the table the slot belongs to
    std::string indicator_id;
    Period period;
    std::string period_text;
    std::string series;
    Breakdown breakdown;     // the part of the population the cell holds (empty: the whole)
    std::string vocabulary;  // expectation: the vocabulary whose term text is written
    // status_row: the statuses to write on this row (points into the mapping converted with).
    const std::vector<StatusTarget>* statuses = nullptr;
};

// What the warnings of a conversion are about; the three add up to ConversionResult::warnings().
struct WarningCounts {
    std::size_t on_used_cells = 0;    // one cell that went into the model, to check
    std::size_t on_unused_cells = 0;  // one cell that did not go into the model
    std::size_t elsewhere = 0;        // a range of cells, a header row, a mapping rule, a sheet
};

// How much of one sheet a mapping accounted for.
struct SheetCoverage {
    std::string sheet;
    std::size_t cells = 0;     // non-empty cells
    std::size_t used = 0;      // ...that went into the model
    std::size_t left_out = 0;  // ...that the mapping leaves out on purpose: role="ignore", records
                               // of another area, status columns, 99.8% limits, measure gaps
    bool read = false;         // some rule of the mapping read the sheet
    // (used + left_out) / cells; 1 for a sheet with no cells.
    double coverage() const noexcept;
};

// A mapping accounting for less than this share of a sheet it reads is a poor fit for it.
inline constexpr double kPoorFitCoverage = 0.5;

struct ConversionResult {
    Model model;
    std::vector<ConvertDiagnostic> diagnostics;
    std::vector<WriteSlot> slots;  // writable places of tables and period tables
    // Cell counts (docs/commands/convert.md): every non-empty cell of the workbook is seen, and
    // is either used (it went into the model) or reported (not used, and listed in the
    // diagnostics with its own line or in its sheet's sheet_not_read line).
    std::size_t cells_seen = 0;
    std::size_t cells_used = 0;
    std::size_t cells_reported = 0;
    WarningCounts warning_counts;
    std::vector<SheetCoverage> sheets;  // one per sheet of the workbook, in order
    // Warnings among the diagnostics.
    std::size_t warnings() const;
    // The sheets the mapping fits poorly: those it read but accounted for less than half of
    // (kPoorFitCoverage), or, when it read no sheet at all, every sheet with cells. Each also
    // has a `poor_fit` warning among the diagnostics.
    std::vector<const SheetCoverage*> poor_fit() const;
};

// "454 cells: 452 used, 2 not used; 1 warning (1 on cells not used)": the counts of a
// conversion in words, each part adding up.
std::string counts_text(const ConversionResult& result);

// Reads `workbook` through `mapping`. Never throws for content problems: they become
// diagnostics. The file name used in provenance is workbook.source.
ConversionResult convert_workbook(const Workbook& workbook, const Mapping& mapping);

}  // namespace kpimap
