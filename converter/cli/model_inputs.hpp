// Inputs and options shared by the commands that judge or write a model (status, report, update,
// return, reconcile): INPUTs that are a model.json or a workbook converted on the fly, the
// crosswalk file, and the --as-of and --tolerance checks. No printing here except into the given
// stream; main() reports the errors.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/reconcile.hpp"
#include "workbook_inputs.hpp"

namespace kpimap::cli {

// One INPUT as a model: read from a model.json, or converted from a workbook.
struct ModelInput {
    std::string path;
    ConversionResult converted;        // only the model when read from a model.json
    const Mapping* mapping = nullptr;  // converted a workbook (null for JSON); valid in `each` only
    std::size_t warnings = 0;          // conversion warnings plus the reader's diagnostics
};

// Reads each of `paths` in order and hands it to `each`: a .json as a model, anything else as
// a workbook converted through the mappings of `source` (loaded at the first workbook). An input
// that fails is recorded in `outcome` and skipped; false when the mappings could not be loaded
// (the run should stop there).
bool read_model_inputs(const std::vector<std::string>& paths, const MappingSource& source,
                       const ReadOptions& options, RunOutcome& outcome,
                       const std::function<void(ModelInput&&)>& each);

// Prints, for a workbook converted with warnings, one line naming the `kpimap convert` command
// that lists them (with the mapping options of `source`), and marks the outcome as having
// warnings; nothing for a clean input.
void report_conversion_warnings(std::ostream& out, const ModelInput& input,
                                const MappingSource& source, RunOutcome& outcome);

// Loads --crosswalk FILE into `crosswalk` when `file` is not empty; each mistake becomes a
// crosswalk_invalid error in `outcome`. False when there was any.
bool load_crosswalk_input(const std::string& file, std::optional<Crosswalk>& crosswalk,
                          RunOutcome& outcome);

// Sets options.as_of from --as-of `text` (nothing when empty); throws UsageError when it is not
// a period.
void parse_as_of(const std::string& text, StatusOptions& options);

// Throws UsageError unless --tolerance is a fraction in [0, 1).
void check_tolerance(double tolerance);

// The SPC options of status and report as given: --spc-min-points and --spc-rebase.
struct SpcArgs {
    std::size_t min_points = 12;
    std::vector<std::string> rebase;  // "[INDICATOR=]PERIOD", each
};

// The --spc-min-points and --spc-rebase options, bound to `args`.
boost::program_options::options_description spc_options(SpcArgs& args);

// Sets options.spc and options.spc_rebase from `args`; throws UsageError when a rebase period is
// not a period or the minimum is below 2.
void apply_spc_args(const SpcArgs& args, StatusOptions& options);

}  // namespace kpimap::cli
