// kpimap return: a partner's own template filled from the canonical model, through the mapping
// that reads that template. Everything the mapping does not touch is kept as it was.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "command.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/reconcile.hpp"
#include "kpimap/write_plan.hpp"
#include "model_inputs.hpp"
#include "write_through.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;

class ReturnCommand final : public Command {
public:
    const char* name() const override { return "return"; }
    const char* summary() const override {
        return "fill a partner's template from the model, through its mapping";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap return --template PARTNER.xlsx --mapping FILE INPUT... -o OUT.xlsx\n"
              "                     [--crosswalk FILE] [--set NAME=VALUE]... [--mappings DIR]\n"
              "                     [--allow-protected [--replace-formulas]]\n\n"
              "Fills the partner's template from the canonical model. INPUT is a model.json\n"
              "(from 'kpimap convert' or 'kpimap reconcile') or a workbook, converted through\n"
              "the mappings in --mappings DIR; several inputs are reconciled into one model\n"
              "first (one value per indicator, period and breakdown).\n"
              "The template is read through --mapping FILE, and each value of the model goes\n"
              "into the cell that mapping reads the same indicator, period and breakdown (sex,\n"
              "age, setting, ...) from, never into another part's cell; a <records> table gets\n"
              "one row per value (values with a breakdown are listed as not written there).\n"
              "Indicators are matched by code (a crosswalk adds\n"
              "codes such as the partner's IDs), then by title. Values with no place are listed\n"
              "as not written, with their source cell, and so are values a cell's data\n"
              "validation would refuse (with the rule they break). Each <fact> of the mapping\n"
              "(the council, a contact) is written from --set NAME=VALUE, else from the model's\n"
              "fact of that name; one with a place but no value is listed as not written.\n"
              "Everything else in the template is kept. PARTNER and OUT must be .xlsx or\n"
              ".xlsm; OUT may not name an input; an interrupted run (Ctrl-C, SIGTERM) leaves\n"
              "no temporary file.\n\n"
           << options()
           << "\nExit codes: 0 done, 1 done but some values were not written (or nothing had a\n"
              "place: the template is then unchanged), 2 an input could not be read, 3 no\n"
              "mapping fits an input workbook, or the template fails --mapping's detection\n"
              "rules, 4 usage error (including a constant column with no value, or --set\n"
              "naming neither a fact nor a constant or breakdown column), 6 OUT could not be\n"
              "written.\n"
              "Example: kpimap return --template fingertips.xlsx --mapping "
              "mappings/fingertips-upload.xml\n"
              "           out/rec/model.json --set AreaCode=E10000014 ... -o out/return.xlsx\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        parse_command_line(args, options(), "input", inputs_);
        if (template_.empty()) throw UsageError("no --template PARTNER.xlsx given");
        if (mapping_.empty())
            throw UsageError("no --mapping FILE given: the mapping that reads the template");
        if (inputs_.empty()) throw UsageError("no INPUT given (a model.json or a workbook)");
        if (output_.empty()) throw UsageError("no -o OUT.xlsx given: the filled copy's name");
        check_xlsx_name(template_, "--template");
        check_xlsx_name(output_, "-o");
        if (replace_formulas_ && !allow_protected_)
            throw UsageError(
                "--replace-formulas is for locked formula cells and needs --allow-protected; "
                "formulas in unlocked cells are replaced with a note anyway");
        for (const std::string& s : sets_) {
            const auto eq = s.find('=');
            if (eq == std::string::npos || eq == 0)
                throw UsageError(fmt::format("--set '{}' is not NAME=VALUE", s));
            const std::string column = s.substr(0, eq);
            if (options_.constants.contains(column))
                throw UsageError(fmt::format("--set {} is given twice", column));
            options_.constants[column] = s.substr(eq + 1);
        }
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        // The template's mapping first: a mistake in it stops everything.
        std::vector<Mapping> only;
        if (!load_mapping_inputs(mapping_, "", only, outcome)) return outcome;
        const Mapping& template_mapping = only.front();
        if (auto e = undetectable_target_error(template_mapping, template_)) {
            outcome.errors.push_back(std::move(*e));
            return outcome;
        }
        std::optional<Crosswalk> crosswalk;
        if (!load_crosswalk_input(crosswalk_file_, crosswalk, outcome)) return outcome;

        // The model: every input, reconciled into one (one value per indicator and period).
        std::vector<ConversionResult> sources;
        const MappingSource input_mappings{"", mappings_dir_};
        const bool inputs_read =
            read_model_inputs(inputs_, input_mappings, read_options_, outcome,
                              [&](ModelInput&& in) { sources.push_back(std::move(in.converted)); });
        if (!inputs_read) return outcome;
        if (sources.empty() || !outcome.errors.empty()) return outcome;
        // One input is already a model (or converts into one) and is written as it is, so a
        // workbook written back into itself keeps each value in its own cell; several inputs
        // are reconciled into one value per indicator and period first.
        // Reconciling gives each merged indicator its crosswalk entry's codes; a single input
        // is not reconciled, so it gets them here.
        Model model;
        if (sources.size() == 1) {
            model = std::move(sources.front().model);
            if (crosswalk) apply_crosswalk_codes(model, *crosswalk);
        } else {
            ReconcileOptions ro;
            ro.crosswalk = crosswalk ? &*crosswalk : nullptr;
            model = reconcile(sources, ro).model;
        }

        // The template, read through its mapping.
        std::optional<WorkbookInput> target =
            read_workbook_input(template_, only, true, read_options_, outcome);
        if (!target) return outcome;
        if (auto e = not_xlsx_error(target->workbook)) {
            outcome.errors.push_back(std::move(*e));
            return outcome;
        }
        const ConversionResult read = convert_workbook(target->workbook, only.front());
        const WritePlan plan =
            plan_model_writes(target->workbook, only.front(), read, model, options_);
        PatchOptions options;
        options.allow_protected = allow_protected_;
        options.replace_locked_formulas = replace_formulas_;
        options.limits = read_options_.limits;
        auto patch = apply_plan(template_, plan, output_, options, outcome);
        if (!patch) return outcome;
        const std::string facts =
            plan.named_facts == 0 ? "" : fmt::format(" and {} facts", plan.named_facts);
        out << fmt::format(
            "{}: mapping {}; {} indicators, {} values in the model{} fill {} places: ", template_,
            template_mapping.id, model.indicators.size(),
            model.observations.size() + model.expectations.size(), facts, plan.facts_placed);
        print_plan_summary(out, output_, plan, *patch, outcome);
        return outcome;
    }

    std::vector<std::string> input_files() const override {
        std::vector<std::string> files = inputs_;
        files.insert(files.end(), {template_, mapping_, crosswalk_file_});
        return files;
    }

private:
    po::options_description options() const {
        po::options_description d("Options");
        auto* self = const_cast<ReturnCommand*>(this);
        d.add_options()("template", po::value<std::string>(&self->template_),
                        "the partner's template to fill (.xlsx or .xlsm); it is not changed")(
            "mapping", po::value<std::string>(&self->mapping_),
            "the mapping that reads the template (e.g. mappings/fingertips-upload.xml)")(
            "output,o", po::value<std::string>(&self->output_), "the filled copy (.xlsx or .xlsm)")(
            "crosswalk", po::value<std::string>(&self->crosswalk_file_),
            "confirmed identities and codes (e.g. the partner's indicator IDs)")(
            "set", po::value<std::vector<std::string>>(&self->sets_),
            "NAME=VALUE: a <fact> of the mapping (council=Kirklees), a constant column of a "
            "<records> table, or its breakdown column for values that name no category "
            "(AreaCode=E10000014)")(
            "mappings", po::value<std::string>(&self->mappings_dir_)->default_value("mappings"),
            "folder of mappings for INPUT workbooks (chosen by detection)")(
            "allow-protected", po::bool_switch(&self->allow_protected_),
            "write into locked cells of protected sheets (protection is kept; cells of ranges "
            "opened by 'Allow Users to Edit Ranges' need no permission)")(
            "replace-formulas", po::bool_switch(&self->replace_formulas_),
            "with --allow-protected: also replace formulas in locked cells (exit code 1)");
        d.add(reader_options(self->read_options_.limits));
        return d;
    }

    std::vector<std::string> inputs_;
    std::string template_;
    std::string mapping_;
    std::string output_;
    std::string crosswalk_file_;
    std::vector<std::string> sets_;
    std::string mappings_dir_ = "mappings";
    bool allow_protected_ = false;
    bool replace_formulas_ = false;
    ReturnOptions options_;
    ReadOptions read_options_;
};

}  // namespace

std::unique_ptr<Command> make_return_command() {
    return std::make_unique<ReturnCommand>();
}

}  // namespace kpimap::cli
