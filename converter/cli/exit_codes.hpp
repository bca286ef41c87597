// The one place that decides exit codes (issue 10): commands report failures (failure.hpp) and
// main() alone calls exit_code_for(). docs/commands/README.md lists every failure kind and every
// core ErrorCode with its exit code; tests/converter/cli/exit_codes_test.cpp holds the two equal.
#pragma once

#include "failure.hpp"
#include "kpimap/status.hpp"

namespace kpimap::cli {

// Exit codes shared by all commands; documented in docs/commands/README.md.
enum ExitCode : int {
    exit_ok = 0,
    exit_warnings = 1,       // finished, but something was skipped or repaired (see diagnostics)
    exit_input_failed = 2,   // at least one input could not be read
    exit_no_mapping = 3,     // no mapping fits a workbook
    exit_usage = 4,          // the command line is wrong
    exit_internal = 5,       // a bug in kpimap
    exit_output_failed = 6,  // an output file or folder could not be written
};

// The kind of failure a core error is on the command line: every code met while reading an
// input (a workbook, a template, a target, whether the reader or the package patcher meets it)
// is input_unreadable; protected_cell, invalid_write and output_failed are output_unwritable;
// ok (a failure without an error) is internal.
FailureKind failure_kind_of(ErrorCode code) noexcept;

// The exit code of a failure of this kind.
ExitCode exit_code_for(FailureKind kind) noexcept;

// The exit code of a core error: that of its kind.
ExitCode exit_code_for(ErrorCode code) noexcept;

// The exit code of one failure: that of its ErrorCode or of its kind.
ExitCode exit_code_for(const Failure& failure) noexcept;

// The exit code of a run: the first failure's (so a script sees the first problem), otherwise
// exit_warnings when diagnostics were reported, otherwise exit_ok.
ExitCode exit_code_for(const RunOutcome& outcome) noexcept;

}  // namespace kpimap::cli
