// Errors to exit codes: the only file that chooses one (see exit_codes.hpp).
#include "exit_codes.hpp"

namespace kpimap::cli {

ExitCode exit_code_for(const Error& error) noexcept {
    // The codes whose exit code is not their stage's.
    switch (error.code) {
        case ErrorCode::output_is_input:
            return exit_usage;  // -o names an input: the command line is wrong, nothing written
        case ErrorCode::internal:
            return exit_internal;
        default:
            break;
    }
    // No default: a new stage must be given its exit code here (-Wswitch says so).
    switch (error.stage()) {
        case ErrorStage::read:
        case ErrorStage::model_input:
            return exit_input_failed;
        case ErrorStage::detect:
            return exit_no_mapping;
        case ErrorStage::mapping:
        case ErrorStage::crosswalk:
        case ErrorStage::write:
        case ErrorStage::command:
            return exit_usage;
        case ErrorStage::patch:
        case ErrorStage::output:
            return exit_output_failed;
        case ErrorStage::report:  // the report library refused what kpimap drew: a bug
        case ErrorStage::none:    // an error without a code: a bug
            break;
    }
    return exit_internal;
}

ExitCode exit_code_for(const RunOutcome& outcome) noexcept {
    if (!outcome.errors.empty()) return exit_code_for(outcome.errors.front());
    return outcome.warnings ? exit_warnings : exit_ok;
}

}  // namespace kpimap::cli
