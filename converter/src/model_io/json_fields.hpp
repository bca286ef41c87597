// JSON shapes shared by model.json and the files written beside it (diagnostics.json): one
// place says how a provenance is written.
#pragma once

#include <nlohmann/json.hpp>

#include "kpimap/model.hpp"

namespace kpimap {

// {"file", "sheet", "cell"} of a provenance, in that order.
inline nlohmann::ordered_json provenance_json(const Provenance& where) {
    return {{"file", where.file}, {"sheet", where.sheet}, {"cell", where.cell}};
}

}  // namespace kpimap
