// Shared by `kpimap update` and `kpimap return`: reading the target workbook (which must be an
// OOXML package, since patching copies its parts), applying a write plan with patch_workbook, and
// the short summary both print. No printing to the terminal here except into the given stream.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "command.hpp"
#include "kpimap/package_patch.hpp"
#include "kpimap/write_plan.hpp"

namespace kpimap::cli {

// Throws UsageError unless `path` names an .xlsx or .xlsm file (`what` is "WORKBOOK", "-o").
void check_xlsx_name(const std::string& path, const std::string& what);

// An unsupported_format error when the workbook read is not an OOXML package (an .xls, .ods or
// .csv named .xlsx); nullopt when it is.
std::optional<Error> not_xlsx_error(const Workbook& workbook);

// A mapping_without_detect error when `mapping` has no <detect> rules: nothing could then check
// that `target` has the layout the mapping describes, and values would land in whatever cells it
// names. nullopt when it has rules.
std::optional<Error> undetectable_target_error(const Mapping& mapping, const std::string& target);

// Applies the plan: a misfit, the plan's errors and the patcher's error go into `outcome` (with
// what to do). Returns the patch result when the output was written.
std::optional<PatchResult> apply_plan(const std::string& input, const WritePlan& plan,
                                      const std::string& output, const PatchOptions& options,
                                      RunOutcome& outcome);

// Prints what was written and what was not (each not-written fact with its source cell), and
// marks the outcome as having warnings when something was not written.
void print_plan_summary(std::ostream& out, const std::string& output, const WritePlan& plan,
                        const PatchResult& patch, RunOutcome& outcome);

}  // namespace kpimap::cli
