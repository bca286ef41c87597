// kpimap update: a workbook with computed statuses written into the status columns its mapping
// declares, every other part of the package kept as it was.
#include <fmt/format.h>

#include <filesystem>
#include <sstream>

#include "command.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/write_plan.hpp"
#include "model_inputs.hpp"
#include "write_through.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;

class UpdateCommand final : public Command {
public:
    const char* name() const override { return "update"; }
    const char* summary() const override {
        return "write computed statuses into a workbook's own status columns";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap update WORKBOOK [--mapping FILE | --mappings DIR] -o OUT.xlsx\n"
              "                     [--as-of PERIOD] [--allow-protected [--replace-formulas]]\n\n"
              "Converts WORKBOOK through its mapping, computes the statuses of its indicators\n"
              "(as 'kpimap status' does) and writes them into the status columns the mapping\n"
              "declares (<status> in a <period-table> or <table>), one cell per indicator row,\n"
              "with the column headers written into empty header cells. Everything else in the\n"
              "package is kept as it was. WORKBOOK and OUT must be .xlsx or .xlsm. Prints the\n"
              "cells written and anything not written, including values a cell's data\n"
              "validation would refuse (listed with the rule they break). OUT may not name\n"
              "WORKBOOK; an interrupted run (Ctrl-C, SIGTERM) leaves no temporary file.\n\n"
           << options()
           << "\nExit codes: 0 done, 1 done but some statuses were not written (or the mapping\n"
              "declares no status columns), 2 WORKBOOK could not be read or is no OOXML package,\n"
              "3 no mapping fits WORKBOOK (also a --mapping whose detection rules it fails),\n"
              "4 usage error, 6 OUT could not be written (or a status cell is locked: see\n"
              "--allow-protected).\n"
              "Example: kpimap update samples/001_outcomes_report.xlsx -o out/001_updated.xlsx\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        const po::variables_map vm = parse_command_line(args, options(), "workbook", workbooks_);
        if (workbooks_.size() != 1)
            throw UsageError(workbooks_.empty() ? "no WORKBOOK given"
                                                : "update takes one WORKBOOK at a time");
        if (output_.empty()) throw UsageError("no -o OUT.xlsx given: the updated copy's name");
        check_mapping_options(mappings_, vm);
        check_xlsx_name(workbooks_.front(), "WORKBOOK");
        check_xlsx_name(output_, "-o");
        if (replace_formulas_ && !allow_protected_)
            throw UsageError(
                "--replace-formulas is for locked formula cells and needs --allow-protected; "
                "formulas in unlocked cells are replaced with a note anyway");
        parse_as_of(as_of_text_, status_options_);
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        std::vector<Mapping> mappings;
        if (!load_mapping_inputs(mappings_.file, mappings_.dir, mappings, outcome)) return outcome;
        const std::string& path = workbooks_.front();
        std::optional<WorkbookInput> input =
            read_workbook_input(path, mappings, !mappings_.file.empty(), read_options_, outcome);
        if (!input) return outcome;
        if (auto e = not_xlsx_error(input->workbook)) {
            outcome.errors.push_back(std::move(*e));
            return outcome;
        }
        const Mapping& mapping = *input->mapping;
        if (auto e = undetectable_target_error(mapping, path)) {
            outcome.errors.push_back(std::move(*e));
            return outcome;
        }
        const ConversionResult read = convert_workbook(input->workbook, mapping);
        const StatusResult statuses = compute_statuses(read.model, status_options_);
        const WritePlan plan = plan_status_writes(input->workbook, mapping, read, statuses);
        std::size_t rows = 0;
        for (const WriteSlot& s : read.slots) rows += s.kind == WriteSlot::Kind::status_row;
        // A mapping that does not fit the workbook is refused by apply_plan (exit 3); saying
        // that it declares no status columns first would only mislead.
        if (rows == 0 && !plan.misfit) {
            outcome.warnings = true;
            out << fmt::format(
                "{}: mapping {} declares no status columns for the rows it reads (add <status> "
                "to a <period-table> or <table>, docs/mapping-reference.md); the copy is "
                "unchanged\n",
                path, mapping.id);
        }
        PatchOptions options;
        options.allow_protected = allow_protected_;
        options.replace_locked_formulas = replace_formulas_;
        options.limits = read_options_.limits;
        auto patch = apply_plan(path, plan, output_, options, outcome);
        if (!patch) return outcome;
        out << fmt::format("{}: mapping {}; statuses of {} indicator rows: ", path, mapping.id,
                           rows);
        print_plan_summary(out, output_, plan, *patch, outcome);
        return outcome;
    }

    std::vector<std::string> input_files() const override {
        return {workbooks_.front(), mappings_.file};
    }

private:
    po::options_description options() const {
        po::options_description d("Options");
        auto* self = const_cast<UpdateCommand*>(this);
        d.add_options()("output,o", po::value<std::string>(&self->output_),
                        "the updated copy (.xlsx or .xlsm)")(
            "as-of", po::value<std::string>(&self->as_of_text_),
            "judge as of this period (ignore later values), e.g. 2015/16")(
            "allow-protected", po::bool_switch(&self->allow_protected_),
            "write into locked cells of protected sheets (protection is kept; cells of ranges "
            "opened by 'Allow Users to Edit Ranges' need no permission)")(
            "replace-formulas", po::bool_switch(&self->replace_formulas_),
            "with --allow-protected: also replace formulas in locked cells (exit code 1)");
        d.add(mapping_options(self->mappings_));
        d.add(reader_options(self->read_options_.limits));
        return d;
    }

    std::vector<std::string> workbooks_;
    MappingSource mappings_;
    std::string output_;
    std::string as_of_text_;
    bool allow_protected_ = false;
    bool replace_formulas_ = false;
    StatusOptions status_options_;
    ReadOptions read_options_;
};

}  // namespace

std::unique_ptr<Command> make_update_command() {
    return std::make_unique<UpdateCommand>();
}

}  // namespace kpimap::cli
