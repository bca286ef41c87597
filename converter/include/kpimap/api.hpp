// The JSON facade over the core: one function per function of the Excel add-in's core interface
// (addin/src/core.js, which specifies every request and result), plus api_convert for the parity
// test with the command line. The same sources build natively (tested here) and, bound with
// embind, into the add-in's WebAssembly module; nothing here is specific to either.
//
// Every function takes its request as JSON text and returns JSON text, one of
//   {"ok": RESULT}
//   {"error": {"code": "not_a_period", "message": "one sentence a person can act on"}}
// and never throws: input the core refuses gives a stable snake_case code ("bad_request" for a
// request that is not JSON or lacks a field, and the codes core.js lists per function); a failure
// inside kpimap gives "internal" with what went wrong.
//
// Settings (reportSheets, updatePlan): {as_of, travel_tolerance, rag_amber, rag_red}, each null
// or absent for the command line's default: as_of none (the latest values), travel_tolerance 0.02
// (`kpimap status --tolerance`), rag_amber 0.01 and rag_red 0.05 (NHS England's thresholds,
// rag.hpp RagThresholds).
#pragma once

#include <string>
#include <string_view>

namespace kpimap {

// What the workbook functions need besides their request.
struct ApiContext {
    // The folder of the bundled mappings a workbook's mapping is detected among (the repository's
    // mappings/ natively, /mappings embedded in the WebAssembly module); also where a mapping
    // given as text resolves its <include file>.
    std::string mappings_dir = "mappings";
};

// period({text: string|number}) -> {label, kind, start, end, years}; errors not_a_period.
std::string api_period(std::string_view request_json);

// wilson({numerator, denominator, level|null}) -> {lower, upper}; errors invalid_counts,
// invalid_level.
std::string api_wilson(std::string_view request_json);

// status({values, periods, polarity, tolerance|null}) -> {travel, latest, previous,
// explanation}; errors not_a_period, unknown_polarity, invalid_tolerance, no_values,
// length_mismatch.
std::string api_status(std::string_view request_json);

// rag({actual, plan, directionality, amber|null, red|null}) -> {rag, letter, variance,
// percent_variance, explanation}; errors unknown_directionality, invalid_thresholds.
std::string api_rag(std::string_view request_json);

// trend({values, lower_ci, upper_ci, polarity}) -> {trend, label, explanation}; errors
// length_mismatch, unknown_polarity, invalid_interval.
std::string api_trend(std::string_view request_json);

// spc({values}) -> {computed, variation, assurance, points, explanation}; errors not_finite.
std::string api_spc(std::string_view request_json);

// checkWorkbook(bytes, {file_name, mapping_xml|null}) -> {mapping, cells, warnings,
// diagnostics} (diagnostics.json's shape); errors unreadable, no_mapping_fits, bad_mapping.
std::string api_check_workbook(const ApiContext& context, std::string_view workbook_bytes,
                               std::string_view request_json);

// reportSheets(bytes, {file_name, mapping_xml|null, settings}) -> {workbook_base64, sheets}: the
// report workbook with every sheet named "kpimap ..."; errors as api_check_workbook, and for
// bad settings not_a_period (as_of), invalid_tolerance, invalid_thresholds (rag_amber/rag_red).
std::string api_report_sheets(const ApiContext& context, std::string_view workbook_bytes,
                              std::string_view request_json);

// updatePlan(bytes, {file_name, mapping_xml|null, settings}) -> {writes, not_written, notes,
// warnings, errors}: the statuses `kpimap update` would write, cells as A1; errors as
// api_report_sheets.
std::string api_update_plan(const ApiContext& context, std::string_view workbook_bytes,
                            std::string_view request_json);

// convert(bytes, {file_name, mapping_xml|null}) -> {mapping, model_json, diagnostics_json,
// statuses_json}: the texts `kpimap convert` writes to model.json and diagnostics.json and
// `kpimap status` to statuses.json (default options) for a workbook at the path file_name;
// errors as api_check_workbook.
std::string api_convert(const ApiContext& context, std::string_view workbook_bytes,
                        std::string_view request_json);

}  // namespace kpimap
