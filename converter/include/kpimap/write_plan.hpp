// Writing through a mapping: which cells of a target workbook receive which facts of a model
// (`kpimap return`) or which computed statuses (`kpimap update`). The target is first read
// through the same mapping; each fact goes into the cell the same construct reads it from
// (matched by indicator identity and period), or where the construct says new facts go (a
// <records> table appends rows). What finds no place is listed, never dropped silently.
// The plan is applied with patch_workbook (package_patch.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kpimap/convert.hpp"
#include "kpimap/error.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/model.hpp"
#include "kpimap/package_patch.hpp"
#include "kpimap/reconcile.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap {

// A fact of the model (or a status) that the plan could not place, with where it came from.
struct NotWritten {
    std::string what;    // "'Infant mortality' 2015: 5.1", "status travel of 'Pupil absence'"
    Provenance where;    // the fact's source cell
    std::string reason;  // "no fingertips IndicatorID", "no place in the template"
};

struct WritePlan {
    std::vector<CellWrite> writes;  // in sheet, row, column order; one per cell
    std::vector<NotWritten> not_written;
    std::size_t unchanged = 0;       // facts whose cell already holds the value (not in writes)
    std::vector<std::string> notes;  // things a person should check (a value chosen of two)
    // Problems that stop the write (a constant with no value), code write_refused.
    std::vector<Error> errors;
    std::vector<std::string>
        warnings;                  // the write goes ahead but needs a look ("nothing to write")
    std::size_t facts_placed = 0;  // places filled: cells, or rows of a records table
    std::size_t named_facts = 0;   // ...of which <fact> cells (council, contact)
    // Set when the target fails the mapping's detection rules: nothing is planned, and the
    // command stops as "no mapping fits" (a mapping without rules is trusted as given).
    std::optional<MappingScore> misfit;
    explicit operator bool() const noexcept { return errors.empty() && !misfit; }
};

struct ReturnOptions {
    // `--set`: values of <records> constant fields by header ("AreaCode" -> "E10000014") and of
    // <fact>s by name ("council" -> "Kirklees"), which win over the model's facts.
    std::map<std::string, std::string> constants;
};

// Plans writing the values (observations and expectations) and the named facts (<fact>) of
// `model` into `target`, whose reading through `mapping` is `target_read`
// (convert_workbook(target, mapping)). Indicators are matched by code (scheme and value; "local"
// codes never), then by normalised title or alias. When nothing finds a place, nothing is cleared
// (a <records> table keeps its rows) and the plan warns "nothing to write".
WritePlan plan_model_writes(const Workbook& target, const Mapping& mapping,
                            const ConversionResult& target_read, const Model& model,
                            const ReturnOptions& options = {});

// Plans writing `statuses` (computed from target_read.model) into the status columns the
// mapping declares (<status> or <status-columns> of a <period-table> or <table>), one cell per
// indicator row and status, and the status headers into empty header cells; an indicator read
// with no status row (only from a <series-blocks> sheet, say) is listed as not written.
WritePlan plan_status_writes(const Workbook& target, const Mapping& mapping,
                             const ConversionResult& target_read, const StatusResult& statuses);

// The text a status column showing `show` gets for one indicator's status, before vocabulary.
std::string status_text(const IndicatorStatus& status, StatusShow show);

// Adds to each indicator of `model` the codes of the crosswalk entries naming it (by title,
// alias or code, compared as reconcile compares them), so that a team's crosswalk supplies the
// partner's codes (scheme "fingertips"). Returns the number of codes added.
std::size_t apply_crosswalk_codes(Model& model, const Crosswalk& crosswalk);

}  // namespace kpimap
