// The one place that decides exit codes (issue 10): commands report errors (kpimap::Error,
// run_outcome.hpp) and main() alone calls exit_code_for(). docs/commands/README.md lists every
// error code with its stage and exit code; tests/converter/cli/exit_codes_test.cpp holds the two
// equal.
#pragma once

#include "kpimap/error.hpp"
#include "run_outcome.hpp"

namespace kpimap::cli {

// Exit codes shared by all commands; documented in docs/commands/README.md.
enum ExitCode : int {
    exit_ok = 0,
    exit_warnings = 1,       // finished, but something was skipped or repaired (see diagnostics)
    exit_input_failed = 2,   // at least one input could not be read
    exit_no_mapping = 3,     // no mapping fits a workbook
    exit_usage = 4,          // the command line, a mapping or a crosswalk file is wrong
    exit_internal = 5,       // a bug in kpimap
    exit_output_failed = 6,  // an output file or folder could not be written
};

// The exit code of an error, from its code alone (so one code gives one exit code, whoever met
// it: a zip bomb is 2 from the reader and from the package patcher): by the code's stage (read
// and model_input 2, detect 3, mapping, crosswalk, write and command 4, patch and output 6,
// report 5), except output_is_input (4: a command-line mistake) and internal (5). An ok error
// is a bug: 5.
ExitCode exit_code_for(const Error& error) noexcept;

// The exit code of a run: the first error's (so a script sees the first problem), otherwise
// exit_warnings when diagnostics were reported, otherwise exit_ok.
ExitCode exit_code_for(const RunOutcome& outcome) noexcept;

}  // namespace kpimap::cli
