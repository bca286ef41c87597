// kpimap convert: reads workbooks through a mapping into the canonical model and writes the
// model (JSON, tidy CSV) and a diagnostics report for each.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "command.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/diagnostics_io.hpp"
#include "kpimap/model_io.hpp"
#include "workbook_inputs.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

class ConvertCommand final : public Command {
public:
    const char* name() const override { return "convert"; }
    const char* summary() const override {
        return "read workbooks through a mapping into the canonical model";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap convert WORKBOOK... [--mapping FILE | --mappings DIR] [-o DIR]\n\n"
              "Reads each workbook through a mapping file into the canonical model and writes, "
              "into\n"
              "DIR/<workbook file name>/ (e.g. out/000_trajectory_grid.xlsx/):\n"
              "  model.json         the model: frameworks, outcomes, indicators, observations,\n"
              "                     expectations and links, each with file, sheet and cell\n"
              "  observations.csv   values in the tidy long format (one row per indicator and "
              "period)\n"
              "  expectations.csv   trajectory cells (Baseline, Improvement, TBC, targets) per "
              "period\n"
              "  facts.csv          named values the mapping's <fact> rules read (council,\n"
              "                     contact, date), when it read any\n"
              "  diagnostics.json   every cell that was corrected, joined or not used, with the "
              "reason\n"
              "  diagnostics.txt    the same, readable\n\n"
              "Without --mapping, each workbook is matched against every mapping in DIR (default\n"
              "'mappings') by the mappings' <detect> rules; if none fits, or two fit equally, the\n"
              "candidates are listed with their scores.\n\n"
           << options()
           << "\nExit codes: 0 converted, 1 converted with warnings (see diagnostics.txt), 2 a "
              "workbook\n"
              "could not be read, 3 no mapping fits a workbook (or two fit equally), or the "
              "mapping\n"
              "fits poorly: it accounts for less than half of a sheet it reads, or reads no "
              "sheet\n"
              "(its outputs are still written), 4 usage error.\n"
              "Example: kpimap convert samples/000_trajectory_grid.xlsx -o out\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        const po::variables_map vm = parse_command_line(args, options(), "workbook", workbooks_);
        if (workbooks_.empty()) throw UsageError("no WORKBOOK given");
        // Outputs go to DIR/<file name>/: two inputs with one name would overwrite each other.
        std::set<std::string> names;
        for (const std::string& w : workbooks_)
            if (!names.insert(fs::path(w).filename().string()).second)
                throw UsageError(fmt::format(
                    "two inputs are named '{}' and their outputs would overwrite each other; "
                    "convert them in separate runs with different -o folders",
                    fs::path(w).filename().string()));
        check_mapping_options(mappings_, vm);
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        std::vector<Mapping> mappings;
        if (!load_mapping_inputs(mappings_.file, mappings_.dir, mappings, outcome)) return outcome;
        for (const std::string& path : workbooks_) {
            std::optional<WorkbookInput> input = read_workbook_input(
                path, mappings, !mappings_.file.empty(), read_options_, outcome);
            if (!input) continue;
            const Mapping* mapping = input->mapping;
            ConversionResult result = convert_workbook(input->workbook, *mapping);
            // The folder is named after the whole file name: 000.xlsx and 000.ods do not collide.
            const fs::path dir = fs::path(out_dir_) / fs::path(path).filename();
            make_output_dir(dir);
            write_file(dir / "model.json", model_to_json(result.model));
            write_file(dir / "observations.csv", observations_to_csv(result.model));
            write_file(dir / "expectations.csv", expectations_to_csv(result.model));
            // Only with facts: the outputs of mappings without <fact> stay as they were.
            if (!result.model.facts.empty())
                write_file(dir / "facts.csv", facts_to_csv(result.model));
            write_file(dir / "diagnostics.json", diagnostics_to_json(result));
            write_file(dir / "diagnostics.txt", diagnostics_to_text(result));
            if (result.warnings() > 0 || !input->workbook.diagnostics.empty())
                outcome.warnings = true;
            if (const auto poor = result.poor_fit(); !poor.empty())
                outcome.errors.push_back(
                    poor_fit_error(path, *mapping, poor, dir, mappings_.file.empty()));
            const Model& m = result.model;
            const std::string facts =
                m.facts.empty() ? "" : fmt::format(", {} facts", m.facts.size());
            out << fmt::format(
                "{}: mapping {}; {} outcomes, {} indicators, {} observations, {} expectations, {} "
                "links{}; {} -> {}\n",
                path, mapping->id, m.outcomes.size(), m.indicators.size(), m.observations.size(),
                m.expectations.size(), m.links.size(), facts, counts_text(result), dir.string());
        }
        return outcome;
    }

    std::vector<std::string> input_files() const override {
        std::vector<std::string> files = workbooks_;
        files.push_back(mappings_.file);
        return files;
    }

private:
    // A mapping that reads less than half of a sheet (or no sheet), whether detection chose it
    // or --mapping named it: its outputs are written, for a look, but the run fails (exit 3).
    static Error poor_fit_error(const std::string& path, const Mapping& mapping,
                                const std::vector<const SheetCoverage*>& poor, const fs::path& dir,
                                bool detected) {
        std::string sheets;
        for (const SheetCoverage* s : poor)
            if (s->read)
                sheets += fmt::format("{}{} of the {} non-empty cells of sheet '{}' ({:.0f}%)",
                                      sheets.empty() ? "" : ", ", s->used + s->left_out, s->cells,
                                      s->sheet, 100 * s->coverage());
        return {ErrorCode::mapping_fits_poorly, path,
                fmt::format("mapping {} fits poorly: {}; what it read is in {}", mapping.id,
                            sheets.empty() ? std::string("it read no sheet of this workbook")
                                           : "it accounts for only " + sheets,
                            dir.string()),
                detected ? "its <detect> rules fit this workbook but what it reads does not: "
                           "pass --mapping FILE to use another mapping, make this one's <detect> "
                           "rules stricter, or extend it for this layout "
                           "(docs/mapping-reference.md); diagnostics.txt says, for each sheet not "
                           "read, which rule came closest"
                         : "check that the --mapping file is meant for this workbook, or extend "
                           "it for this layout (docs/mapping-reference.md); diagnostics.txt "
                           "says, for each sheet not read, which rule came closest"};
    }

    po::options_description options() const {
        po::options_description d("Options");
        auto* self = const_cast<ConvertCommand*>(this);
        d.add(mapping_options(self->mappings_));
        d.add_options()("output,o", po::value<std::string>(&self->out_dir_)->default_value("out"),
                        "output folder");
        d.add(reader_options(self->read_options_.limits));
        return d;
    }

    std::vector<std::string> workbooks_;
    MappingSource mappings_;
    std::string out_dir_ = "out";
    ReadOptions read_options_;
};

}  // namespace

std::unique_ptr<Command> make_convert_command() {
    return std::make_unique<ConvertCommand>();
}

}  // namespace kpimap::cli
