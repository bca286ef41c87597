// What a command reports when something goes wrong: what happened and what to do next, never
// an exit code. Only main() turns failures into exit codes, through exit_code_for()
// (exit_codes.hpp); docs/commands/README.md lists every failure with its exit code.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "kpimap/status.hpp"

namespace kpimap::cli {

// What went wrong, in the terms of the command line, when the core gives no ErrorCode for it.
// Values are listed in docs/commands/README.md (checked by tests/converter/cli/exit_codes_test).
enum class FailureKind : std::uint8_t {
    input_unreadable,   // an input could not be read or is not what the command needs
    no_mapping_fits,    // no mapping fits a workbook, two fit equally, or one fits poorly
    usage,              // the command line, a mapping file or a crosswalk file is wrong
    output_unwritable,  // an output file or folder could not be written
    internal,           // a bug in kpimap
};

// Short stable identifier of a kind, e.g. "no_mapping_fits"; "unknown" for no kind.
const char* failure_kind_name(FailureKind kind) noexcept;

// Something a run could not do, with the fix-it hint main() prints.
struct Failure {
    std::string message;
    std::string hint;
    // The core's code when the core reported it (reading or patching a workbook), so that one
    // code means one exit code whichever step met it; otherwise the CLI's kind.
    std::variant<FailureKind, ErrorCode> cause = FailureKind::internal;
};

// A workbook that could not be read.
Failure read_failure(const Status& status);

// What a run produced, for main() to map to an exit code.
struct RunOutcome {
    bool warnings = false;          // diagnostics were reported
    std::vector<Failure> failures;  // inputs that could not be handled (the others went on)
};

}  // namespace kpimap::cli
