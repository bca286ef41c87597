// Reading a model.json (written by model_to_json in model_io.hpp, by `kpimap convert` or
// `kpimap reconcile`) back into a Model, so that later commands (`kpimap status`) can start from
// a converted model instead of a workbook.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kpimap/error.hpp"
#include "kpimap/model.hpp"

namespace kpimap {

// A model, or the error (code model_unreadable, the file, what is wrong) when there is none.
struct ModelReadResult {
    std::optional<Model> model;
    Error error;  // ok when model holds the model
    explicit operator bool() const noexcept { return model.has_value(); }
};

// Parses model.json text. `source` names the text in error messages (a file path). Periods are
// read from their label (falling back to the text as written); names of enums (polarity, unit,
// missing, expectation kind) must be the ones model_to_json writes. Observations whose `missing`
// is "suppressed" get the suppressed flag (model.json has no separate flag for it).
ModelReadResult model_from_json(std::string_view text, const std::string& source = "model.json");

// Reads and parses a model.json file.
ModelReadResult read_model_file(const std::string& path);

}  // namespace kpimap
