// kpimap report: the report workbook for a board (Summary, Statuses, cross-reference matrices,
// Gaps, Data, Reconciliation, Charts, About) from model.json files or workbooks.
#include <fmt/format.h>

#include <filesystem>
#include <sstream>

#include "command.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/reconcile.hpp"
#include "kpimap/report.hpp"
#include "model_inputs.hpp"
#include "output_paths.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

// The error of a report that could not be written, with what to do in the terms of -o.
Error report_error(const ReportResult& written) {
    Error e = written.error;
    if (e.code == ErrorCode::output_failed)
        e.advice =
            "check that you can write to the folder of -o, that the file is not open in Excel, "
            "and that the disk has space";
    else if (e.code == ErrorCode::output_is_input)
        e.advice = "choose another -o file: the report never replaces one of its inputs";
    return e;
}

class ReportCommand final : public Command {
public:
    const char* name() const override { return "report"; }
    const char* summary() const override {
        return "write the report workbook: statuses, matrices, gaps and charts";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap report INPUT... -o FILE.xlsx [--mapping FILE | --mappings DIR]\n"
              "                     [--crosswalk FILE] [--as-of PERIOD] [--tolerance FRACTION]\n"
              "                     [--chart-indicators ID_OR_TITLE]... [--max-charts N]\n\n"
              "Writes one workbook a board can read and print: Summary (per outcome: improved,\n"
              "little or no change, worsened, no comparator, RAG totals), Statuses (one row per\n"
              "indicator, with fills, arrows and a sparkline), the cross-reference matrices the\n"
              "model has (outcome matrix, indicators x frameworks, commitments x indicators),\n"
              "Gaps, Data (every value), Reconciliation, Charts and About. Sheets the model has\n"
              "nothing for are left out and listed on About.\n\n"
              "INPUT is a model.json (from 'kpimap convert' or 'kpimap reconcile') or a workbook,\n"
              "converted on the fly as 'kpimap convert' does. The inputs are reconciled as\n"
              "'kpimap reconcile' does, then judged as 'kpimap status' does. Methods:\n"
              "docs/statuses.md; the sheets: docs/commands/report.md.\n\n"
           << options()
           << "\nExit codes: 0 written, 1 written but a workbook converted with warnings or\n"
              "reconciliation needs a look, 2 an input could not be read, 3 no mapping fits a\n"
              "workbook, 4 usage error, 6 the report could not be written.\n"
              "Example: kpimap report samples/001_outcomes_report.xlsx "
              "samples/001_data_section.csv -o out/report.xlsx\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        const po::variables_map vm = parse_command_line(args, options(), "input", inputs_);
        if (inputs_.empty()) throw UsageError("no INPUT given (a model.json or a workbook)");
        if (output_.empty()) throw UsageError("no -o FILE.xlsx given: name the report to write");
        if (fs::path(output_).extension() != ".xlsx")
            throw UsageError(fmt::format(
                "-o '{}' does not end in .xlsx; the report is an Excel workbook", output_));
        check_mapping_options(mappings_, vm);
        if (vm.count("crosswalk") && crosswalk_file_.empty())
            throw UsageError("--crosswalk needs a file name");
        parse_as_of(as_of_text_, status_options_);
        check_tolerance(status_options_.travel_tolerance);
        apply_spc_args(spc_args_, status_options_);
        if (max_charts_ < 0 || max_charts_ > 200)
            throw UsageError(fmt::format("--max-charts {} is not between 0 and 200", max_charts_));
        report_options_.max_charts = static_cast<std::size_t>(max_charts_);
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        std::optional<Crosswalk> crosswalk;
        if (!load_crosswalk_input(crosswalk_file_, crosswalk, outcome)) return outcome;
        std::vector<ConversionResult> sources;
        ReportInput input;
        const bool read =
            read_model_inputs(inputs_, mappings_, read_options_, outcome, [&](ModelInput&& in) {
                report_conversion_warnings(out, in, mappings_, outcome);
                input.sources.push_back({in.path, in.mapping ? in.mapping->id : "",
                                         in.mapping ? in.mapping->path : ""});
                sources.push_back(std::move(in.converted));
            });
        if (!read || sources.empty()) return outcome;  // the errors say why

        ReconcileOptions reconcile_options;
        reconcile_options.crosswalk = crosswalk ? &*crosswalk : nullptr;
        const ReconcileResult reconciled = reconcile(sources, reconcile_options);
        const StatusResult statuses = compute_statuses(reconciled.model, status_options_);
        input.model = &reconciled.model;
        input.statuses = &statuses;
        input.reconciliation = &reconciled.report;
        for (const ConversionResult& s : sources) {
            input.source_models.push_back(&s.model);
            for (const ConvertDiagnostic& d : s.diagnostics) input.diagnostics.push_back(d);
        }
        input.as_of = status_options_.as_of ? status_options_.as_of->label() : "";
        input.crosswalk_path = crosswalk_file_;
        input.travel_tolerance = status_options_.travel_tolerance;

        if (auto e = output_is_input_error(output_)) {
            outcome.errors.push_back(std::move(*e));
            return outcome;
        }
        make_parent_dir(output_);
        const ReportResult written = write_report(output_, input, report_options_);
        if (!written) {
            outcome.errors.push_back(report_error(written));
            return outcome;
        }
        if (reconciled.report.needs_attention()) outcome.warnings = true;
        out << fmt::format("wrote {}: {} indicators; sheets {}\n", output_,
                           statuses.indicators.size(), fmt::join(written.sheets, ", "));
        for (const std::string& o : written.omitted) out << "  left out: " << o << "\n";
        if (reconciled.report.needs_attention())
            out << fmt::format(
                "  needs a look: {} conflicts and {} suggested matches (Reconciliation sheet)\n",
                reconciled.report.conflicts.size(), reconciled.report.suggestions.size());
        return outcome;
    }

    std::vector<std::string> input_files() const override {
        std::vector<std::string> files = inputs_;
        files.insert(files.end(), {mappings_.file, crosswalk_file_});
        return files;
    }

private:
    po::options_description options() const {
        po::options_description d("Options");
        auto* self = const_cast<ReportCommand*>(this);
        d.add_options()("output,o", po::value<std::string>(&self->output_),
                        "the report workbook to write (FILE.xlsx)")(
            "crosswalk", po::value<std::string>(&self->crosswalk_file_),
            "confirmed identities for reconciling (as 'kpimap reconcile')")(
            "as-of", po::value<std::string>(&self->as_of_text_),
            "judge as of this period (ignore later values), e.g. 2015/16")(
            "tolerance",
            po::value<double>(&self->status_options_.travel_tolerance)->default_value(0.02, "0.02"),
            "relative change counted as little or no change when there are no intervals")(
            "chart-indicators",
            po::value<std::vector<std::string>>(&self->report_options_.chart_indicators)
                ->composing(),
            "chart this indicator (id or title) instead of one chart per outcome; repeatable")(
            "max-charts", po::value<int>(&self->max_charts_)->default_value(12),
            "at most this many charts; the rest are listed on About");
        d.add(mapping_options(self->mappings_));
        d.add(spc_options(self->spc_args_));
        d.add(reader_options(self->read_options_.limits));
        return d;
    }

    std::vector<std::string> inputs_;
    std::string output_;
    std::string crosswalk_file_;
    std::string as_of_text_;
    int max_charts_ = 12;
    MappingSource mappings_;
    StatusOptions status_options_;
    ReportOptions report_options_;
    ReadOptions read_options_;
    SpcArgs spc_args_;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
    return std::make_unique<ReportCommand>();
}

}  // namespace kpimap::cli
