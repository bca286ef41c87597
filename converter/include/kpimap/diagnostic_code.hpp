// The codes of the diagnostics `convert` writes about cells it could not use or corrected
// (docs/mapping-reference.md#diagnostics). One list: the enum, the names written to
// diagnostics.txt/.json and whether the mapping itself declined the cell all come from it, so a
// reader cannot invent a code the reference does not document (diagnostic_code_test checks).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string_view>

namespace kpimap {

// X(name, declined_by_mapping): `declined` codes mark cells the mapping leaves out on purpose
// (a role="ignore" column, another area's rows, kpimap's own status cells, placeholders, gaps
// without a measure, limits the model does not keep); they count towards
// the mapping's coverage of a sheet (poor_fit).
#define KPIMAP_DIAGNOSTIC_CODES(X) \
    X(unmapped_cell, false) \
    X(outside_region, false) \
    X(sheet_not_read, false) \
    X(poor_fit, false) \
    X(header_near_match, false) \
    X(unmapped_header, false) \
    X(column_not_found, false) \
    X(continuation_joined, false) \
    X(duplicate_indicator, false) \
    X(period_not_parsed, false) \
    X(header_repeated, false) \
    X(table_not_stacked, false) \
    X(indicator_continued, false) \
    X(no_record, false) \
    X(group_title_joined, false) \
    X(duplicate_row, false) \
    X(list_split, false) \
    X(list_not_split, false) \
    X(ignored_by_mapping, true) \
    X(measure_gap, true) \
    X(outcome_title_differs, false) \
    X(code_differs, false) \
    X(polarity_not_recognised, false) \
    X(term_corrected, false) \
    X(term_not_recognised, false) \
    X(term_not_expectation, false) \
    X(repeated_value, false) \
    X(conflicting_value, false) \
    X(breakdown_title_not_found, false) \
    X(category_not_declared, false) \
    X(cell_not_read, false) \
    X(denominator_not_used, false) \
    X(margin_without_value, false) \
    X(catalogue_matched, false) \
    X(banner_row, false) \
    X(unknown_marker, false) \
    X(repeated_link, false) \
    X(outcome_not_found, false) \
    X(summary_differs, false) \
    X(series_without_title, false) \
    X(series_not_recognised, false) \
    X(row_without_values, false) \
    X(row_looks_like_header, false) \
    X(attached_row_not_read, false) \
    X(attached_value_unmatched, false) \
    X(theme_cell_empty, false) \
    X(placeholder, true) \
    X(not_an_indicator, false) \
    X(several_commitments, false) \
    X(commitment_without_ref, false) \
    X(commitment_without_text, false) \
    X(duplicate_ref, false) \
    X(no_commitment, false) \
    X(empty_action, false) \
    X(not_an_action, false) \
    X(action_out_of_place, false) \
    X(action_code_mismatch, false) \
    X(unresolved_reference, false) \
    X(value_not_parsed, false) \
    X(value_cleaned, false) \
    X(unit_reconciled, false) \
    X(status_cell, true) \
    X(record_filtered, true) \
    X(not_in_model, true) \
    X(fact_not_found, false) \
    X(fact_empty, false) \
    X(fact_not_number, false) \
    X(fact_not_date, false)

// Why a cell or range was reported by convert.
enum class DiagnosticCode : std::uint8_t {
#define KPIMAP_DIAGNOSTIC_ENUM(name, declined) name,
    KPIMAP_DIAGNOSTIC_CODES(KPIMAP_DIAGNOSTIC_ENUM)
#undef KPIMAP_DIAGNOSTIC_ENUM
};

// The code as written in diagnostics.txt and diagnostics.json ("unmapped_cell").
std::string_view diagnostic_code_name(DiagnosticCode code) noexcept;
// The code with that name, or nothing when no diagnostic has it.
std::optional<DiagnosticCode> diagnostic_code_named(std::string_view name) noexcept;
// True for cells the mapping declines on purpose; they count as accounted for in a sheet's fit.
bool declined_by_mapping(DiagnosticCode code) noexcept;
// Every code, in the order of the mapping reference's table.
std::span<const DiagnosticCode> all_diagnostic_codes() noexcept;

// Compares a code with a name, for callers holding a code as text (tests, a user's filter).
inline bool operator==(DiagnosticCode code, std::string_view name) noexcept {
    return diagnostic_code_name(code) == name;
}
// Writes the code's name.
inline std::ostream& operator<<(std::ostream& out, DiagnosticCode code) {
    return out << diagnostic_code_name(code);
}

}  // namespace kpimap
