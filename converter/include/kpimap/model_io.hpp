// Writing the canonical model as JSON and tidy long CSV (diagnostics: kpimap/diagnostics_io.hpp).
// Output is deterministic (model order, fixed key order) so it can be compared with golden files.
#pragma once

#include <string>
#include <string_view>

#include "kpimap/csv_field.hpp"  // csv_field, for callers writing CSV beside the model
#include "kpimap/model.hpp"

namespace kpimap {

// The whole model as JSON (schema in docs/model.md).
std::string model_to_json(const Model& model);

// Observations in the tidy long format, after the Fingertips upload columns: one row per
// indicator and period with value, count, denominator, CIs, flags and the source cell.
std::string observations_to_csv(const Model& model);

// Expectations (trajectory cells) as a tidy long CSV: one row per indicator and period.
std::string expectations_to_csv(const Model& model);

// Facts (named values: council, contact, date) as CSV: name, text, number, framework and cell.
std::string facts_to_csv(const Model& model);

}  // namespace kpimap
