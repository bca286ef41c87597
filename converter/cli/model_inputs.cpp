#include "model_inputs.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "kpimap/model_reader.hpp"
#include "kpimap/period.hpp"

namespace kpimap::cli {

bool read_model_inputs(const std::vector<std::string>& paths, const MappingSource& source,
                       const ReadOptions& options, RunOutcome& outcome,
                       const std::function<void(ModelInput&&)>& each) {
    std::vector<Mapping> mappings;
    bool mappings_loaded = false;
    for (const std::string& path : paths) {
        ModelInput input{path, {}, nullptr, 0};
        if (std::filesystem::path(path).extension() == ".json") {
            ModelReadResult r = read_model_file(path);
            if (!r) {
                outcome.failures.push_back({r.error,
                                            "pass a model.json written by 'kpimap convert' "
                                            "or 'kpimap reconcile', or the workbook itself",
                                            exit_input_failed});
                continue;
            }
            input.converted.model = std::move(*r.model);
            each(std::move(input));
            continue;
        }
        if (!mappings_loaded) {
            mappings_loaded = true;
            if (!load_mapping_inputs(source.file, source.dir, mappings, outcome)) return false;
        }
        std::optional<WorkbookInput> wb =
            read_workbook_input(path, mappings, !source.file.empty(), options, outcome);
        if (!wb) continue;
        input.mapping = wb->mapping;
        input.converted = convert_workbook(wb->workbook, *wb->mapping);
        input.warnings = input.converted.warnings() + wb->workbook.diagnostics.size();
        wb.reset();  // the workbook is not needed past conversion
        each(std::move(input));
    }
    return true;
}

void report_conversion_warnings(std::ostream& out, const ModelInput& input,
                                const MappingSource& source, RunOutcome& outcome) {
    if (input.warnings == 0 || input.mapping == nullptr) return;
    outcome.warnings = true;
    // The hint repeats the mapping options of this run: convert must choose the same mapping.
    out << fmt::format(
        "{}: converted with mapping {} ({} warnings; run 'kpimap convert {}{}' to see them)\n",
        input.path, input.mapping->id, input.warnings, input.path, source.as_options());
}

bool load_crosswalk_input(const std::string& file, std::optional<Crosswalk>& crosswalk,
                          RunOutcome& outcome) {
    if (file.empty()) return true;
    CrosswalkLoadResult loaded = load_crosswalk(file);
    for (const MappingError& e : loaded.errors)
        outcome.failures.push_back({e.text(),
                                    "fix the crosswalk file at that line "
                                    "(docs/commands/reconcile.md describes the format)",
                                    exit_usage});
    if (!loaded) return false;
    crosswalk = std::move(loaded.crosswalk);
    return true;
}

void parse_as_of(const std::string& text, StatusOptions& options) {
    if (text.empty()) return;
    options.as_of = parse_period(text);
    if (!options.as_of)
        throw UsageError(fmt::format(
            "--as-of '{}' is not a period; write it like 2015, 2015/16, 2012-14 or 2016/17 Q1",
            text));
}

void check_tolerance(double tolerance) {
    if (!(tolerance >= 0) || tolerance >= 1)  // NaN fails too
        throw UsageError(
            fmt::format("--tolerance {} is not a fraction in [0, 1); e.g. 0.02 for 2%", tolerance));
}

}  // namespace kpimap::cli
