// Failures to exit codes: the only file that chooses one (see exit_codes.hpp).
#include "exit_codes.hpp"

namespace kpimap::cli {

const char* failure_kind_name(FailureKind kind) noexcept {
    switch (kind) {
        case FailureKind::input_unreadable:
            return "input_unreadable";
        case FailureKind::no_mapping_fits:
            return "no_mapping_fits";
        case FailureKind::usage:
            return "usage";
        case FailureKind::output_unwritable:
            return "output_unwritable";
        case FailureKind::internal:
            return "internal";
    }
    return "unknown";
}

FailureKind failure_kind_of(ErrorCode code) noexcept {
    // No default: a new ErrorCode must be given its kind here (-Wswitch says so).
    switch (code) {
        case ErrorCode::file_not_found:
        case ErrorCode::io_error:
        case ErrorCode::not_a_workbook:
        case ErrorCode::unsupported_format:
        case ErrorCode::encrypted:
        case ErrorCode::corrupt_zip:
        case ErrorCode::zip_bomb:
        case ErrorCode::xml_forbidden_dtd:
        case ErrorCode::xml_malformed:
        case ErrorCode::missing_part:
        case ErrorCode::too_large:
        case ErrorCode::sheet_not_found:
            return FailureKind::input_unreadable;
        case ErrorCode::protected_cell:
        case ErrorCode::invalid_write:
        case ErrorCode::output_failed:
            return FailureKind::output_unwritable;
        case ErrorCode::ok:
            break;
    }
    return FailureKind::internal;
}

ExitCode exit_code_for(FailureKind kind) noexcept {
    switch (kind) {
        case FailureKind::input_unreadable:
            return exit_input_failed;
        case FailureKind::no_mapping_fits:
            return exit_no_mapping;
        case FailureKind::usage:
            return exit_usage;
        case FailureKind::output_unwritable:
            return exit_output_failed;
        case FailureKind::internal:
            break;
    }
    return exit_internal;
}

ExitCode exit_code_for(ErrorCode code) noexcept {
    return exit_code_for(failure_kind_of(code));
}

ExitCode exit_code_for(const Failure& failure) noexcept {
    if (const ErrorCode* code = std::get_if<ErrorCode>(&failure.cause)) return exit_code_for(*code);
    if (const FailureKind* kind = std::get_if<FailureKind>(&failure.cause))
        return exit_code_for(*kind);
    return exit_internal;
}

ExitCode exit_code_for(const RunOutcome& outcome) noexcept {
    if (!outcome.failures.empty()) return exit_code_for(outcome.failures.front());
    return outcome.warnings ? exit_warnings : exit_ok;
}

}  // namespace kpimap::cli
