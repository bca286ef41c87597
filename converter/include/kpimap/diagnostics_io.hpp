// Writing a conversion's diagnostics (every cell it could not use, with file, sheet and cell) and
// its cell counts. Deterministic, so they can be compared with golden files.
#pragma once

#include <string>

#include "kpimap/convert.hpp"

namespace kpimap {

// Diagnostics and cell counts as JSON (diagnostics.json; docs/commands/convert.md).
std::string diagnostics_to_json(const ConversionResult& result);

// Diagnostics as readable text, warnings first, one line each with file, sheet and cell.
std::string diagnostics_to_text(const ConversionResult& result);

}  // namespace kpimap
