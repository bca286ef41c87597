// The report workbook a performance team hands to its board: Summary, Statuses, Breakdowns,
// cross-reference matrices, Gaps, Data, Reconciliation, About and Charts sheets, written with
// libxlsxwriter from a (reconciled) model and its statuses. The tables behind the sheets are pure
// functions of the model, so they can be checked without opening a workbook. Sheets and methods:
// docs/commands/report.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kpimap/convert.hpp"
#include "kpimap/error.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/model.hpp"
#include "kpimap/reconcile.hpp"

namespace kpimap {

// ---- The tables behind the sheets -----------------------------------------------------------

// One outcome's line on the Summary sheet: the travel counts and the RAG totals.
struct SummaryRow {
    std::string outcome_id;
    std::string code;
    std::string title;
    int indicators = 0;
    int improved = 0, little_or_no_change = 0, worsened = 0, no_comparator = 0;
    int changed_no_polarity = 0;  // increased or decreased, polarity unknown
    int red = 0, amber = 0, green = 0, not_assessed = 0;
    std::string sentence;   // OutcomeSummary::sentence
    std::string published;  // the summary the source publishes; empty when none
    // Why the counts cannot match the published summary (nothing linked, fewer shown than the
    // summary counts); empty when there is nothing to explain.
    std::string note;
};

// Outcomes with indicators or a published summary, in model order, with RAG totals counted
// over OutcomeSummary::indicator_ids.
std::vector<SummaryRow> report_summary_rows(const StatusResult& statuses);

// One indicator's line on the Statuses sheet.
struct StatusRow {
    std::string indicator_id;
    std::string outcome;  // "1.1 Title" of the first outcome it is indicator_of; "" when none
    std::string title;
    std::string polarity;  // polarity_name
    std::optional<double> latest_value, previous_value;
    std::string latest_period, previous_period;         // labels
    std::string travel, trajectory, rag, significance;  // the *_name() values
    // The SPC verdicts (spc::point_type_name, spc::assurance_name; "" without a chart) and the
    // source's own verdict (source_verdict_name).
    std::string spc_variation, spc_assurance, source_verdict;
    // -1 worsened, 0 little or no change (or changed with unknown polarity), 1 improved;
    // absent with no comparator. Drives the icon set.
    std::optional<int> travel_score;
    std::string explanation;     // travel, trajectory, RAG explanations joined by "; "
    std::vector<double> series;  // the judged series' values in period order, for sparklines
};

// One row per indicator status, in StatusResult order.
std::vector<StatusRow> report_status_rows(const Model& model, const StatusResult& statuses);

// Outcomes × outcomes from contributes_to links (strategic × national outcomes in sample 004).
struct OutcomeMatrix {
    std::vector<const Outcome*> rows;     // every outcome at a level some link comes from
    std::vector<const Outcome*> columns;  // every outcome at a level some link goes to
    // cells[r][c]: the markers as written ("O", "②"), joined by " " when a pair is marked twice.
    std::vector<std::vector<std::string>> cells;
    std::vector<std::vector<std::string>> strengths;  // the strength values, parallel to cells
    std::vector<int> row_totals, column_totals;       // marked cells per row and per column
    bool empty() const noexcept { return rows.empty() || columns.empty(); }
};

// The contributes_to matrix; empty when the model has no such links.
OutcomeMatrix contribution_matrix(const Model& model);

// Merged indicators × source frameworks: the title each source tracks an indicator under.
struct FrameworkMatrix {
    std::vector<const Framework*> columns;  // the source frameworks, in source order
    struct Row {
        std::string indicator_id;        // in the merged model
        std::string title;               // the merged title
        std::string rule;                // match_rule_name when merged from several, else ""
        std::vector<std::string> names;  // per column: the title there, "" when not tracked
        int tracked = 0;                 // columns with a name
    };
    std::vector<Row> rows;  // merged indicators in model order
    bool empty() const noexcept { return rows.empty() || columns.size() < 2; }
};

// Which source tracks each merged indicator and under which title; empty for fewer than two
// sources. A source indicator belongs to the match listing its id, else to the merged indicator
// of the same id.
FrameworkMatrix framework_matrix(const Model& merged, const ReconcileReport& report,
                                 const std::vector<const Model*>& sources);

// A commitment and the indicators that evidence it: those indicator_of the commitment itself,
// else of its nearest ancestor (priority, theme) that has indicators (the dashboard layout).
struct CommitmentRow {
    const Outcome* commitment = nullptr;
    std::string context;  // ancestor titles, outermost first, joined by " > "
    std::vector<const Indicator*> indicators;
};

// One row per outcome of level "commitment", in model order; empty when there are none.
std::vector<CommitmentRow> commitment_rows(const Model& model);

// Something the board should know is missing.
struct Gap {
    // "no_measure" (an outcome or output without an indicator), "unreached_outcome" (a column
    // of a contributes_to matrix no row marks), "no_data" (an indicator without a value),
    // "expectation_tbc" (a trajectory cell still TBC).
    std::string kind;
    std::string item;    // the outcome or indicator title
    std::string detail;  // one sentence
    Provenance where;
};

// The gaps in a model, by kind in the order above, then model order. `diagnostics` adds the
// conversion's measure_gap notes ("Metric requires development"), which make no model item.
std::vector<Gap> report_gaps(const Model& model, const std::vector<ConvertDiagnostic>& diagnostics);

// ---- Writing the workbook -------------------------------------------------------------------

// A source the model was read from, for the About sheet.
struct ReportSource {
    std::string file;
    std::string mapping_id;    // empty for a model.json
    std::string mapping_path;  // empty for a model.json
};

struct ReportInput {
    const Model* model = nullptr;            // the model reported on (reconciled when several)
    const StatusResult* statuses = nullptr;  // compute_statuses(*model, ...)
    const ReconcileReport* reconciliation = nullptr;  // null when only one source
    std::vector<const Model*> source_models;          // the models reconciled
    std::vector<ConvertDiagnostic> diagnostics;       // conversion diagnostics (measure gaps)
    std::vector<ReportSource> sources;
    std::string as_of;  // the --as-of period label; "" for the latest values
    // The crosswalk file the sources were reconciled with (About names it); "" when none. Also
    // a file the report must not overwrite.
    std::string crosswalk_path;
    // StatusOptions::travel_tolerance the statuses were computed with (About states it); absent
    // when the caller does not say.
    std::optional<double> travel_tolerance;
};

struct ReportOptions {
    // Indicators (ids or titles) to chart; empty charts each outcome's indicators.
    std::vector<std::string> chart_indicators;
    std::size_t max_charts = 12;  // charts beyond this are listed on About as omitted
    // Creation time written into docProps/core.xml (Unix seconds, UTC): fixed by default so
    // the same inputs give the same bytes.
    std::int64_t created = 1767225600;  // 2026-01-01T00:00:00Z
    bool sparklines = true;             // Excel 2010 sparklines beside each status row
    // Put before every sheet's name ("kpimap " gives "kpimap Summary"), for sheets inserted into
    // a team's own workbook (the add-in), where "Summary" may be taken; at most 15 bytes, none
    // of []:*?/\ or '. Empty by default.
    std::string sheet_prefix;
};

// The report written, or why not: error is output_failed (the file could not be created or
// written: folder, permission, disk), output_is_input (the output is one of the files read: a
// source, mapping or crosswalk) or report_failed (no model or statuses given, or libxlsxwriter
// refused something: a bug in kpimap).
struct ReportResult {
    Error error;                       // ok, or what went wrong, with the path
    std::vector<std::string> sheets;   // the sheets written, in order
    std::vector<std::string> omitted;  // what was left out and why, as on the About sheet
    explicit operator bool() const noexcept { return error.ok(); }
};

// Writes the report workbook to `path` through a temporary file in the same folder, renamed onto
// `path` only when complete: on failure an existing file is untouched and nothing new is left.
// Refuses a `path` that is one of the input's files. Never throws or prints.
ReportResult write_report(const std::string& path, const ReportInput& input,
                          const ReportOptions& options = {});

}  // namespace kpimap
