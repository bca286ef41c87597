// What a command reports when it is done: whether there were warnings and the errors it met
// (kpimap::Error, with what to do next), never an exit code. Only main() turns them into exit
// codes, through exit_code_for() (exit_codes.hpp); docs/commands/README.md lists every error
// code with its exit code.
#pragma once

#include <vector>

#include "kpimap/error.hpp"

namespace kpimap::cli {

// What a run produced, for main() to map to an exit code.
struct RunOutcome {
    bool warnings = false;      // diagnostics were reported
    std::vector<Error> errors;  // inputs that could not be handled (the others went on)
};

}  // namespace kpimap::cli
