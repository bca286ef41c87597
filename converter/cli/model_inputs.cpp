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
                outcome.errors.push_back(std::move(r.error));
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
    outcome.errors.insert(outcome.errors.end(), loaded.errors.begin(), loaded.errors.end());
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

boost::program_options::options_description spc_options(SpcArgs& args) {
    namespace po = boost::program_options;
    po::options_description d("SPC (Making Data Count) options");
    d.add_options()("spc-min-points",
                    po::value<std::size_t>(&args.min_points)->default_value(args.min_points),
                    "fewest values of one period type that get an SPC chart")(
        "spc-rebase", po::value<std::vector<std::string>>(&args.rebase)->composing(),
        "[INDICATOR=]PERIOD: recalculate the SPC limits from this period on (a declared "
        "baseline or a change in the process), for one indicator (id or title) or all; "
        "repeatable");
    return d;
}

void apply_spc_args(const SpcArgs& args, StatusOptions& options) {
    if (args.min_points < 2)
        throw UsageError(fmt::format(
            "--spc-min-points {} is below 2; Making Data Count recommends 15-20, kpimap's "
            "default is 12",
            args.min_points));
    options.spc.min_points = args.min_points;
    for (const std::string& text : args.rebase) {
        const std::size_t eq = text.rfind('=');
        const std::string indicator = eq == std::string::npos ? "" : text.substr(0, eq);
        const std::string period_text = eq == std::string::npos ? text : text.substr(eq + 1);
        const std::optional<Period> at = parse_period(period_text);
        if (!at)
            throw UsageError(fmt::format(
                "--spc-rebase '{}': '{}' is not a period; write it like 2021-04, 2021 Q2 or "
                "2021/22, optionally after INDICATOR=",
                text, period_text));
        options.spc_rebase.push_back({indicator, *at});
    }
}

}  // namespace kpimap::cli
