// kpimap reconcile: converts several workbooks (or one with repeated parts), merges the same
// indicators into one model and reports matches, suggestions, agreements, conflicts and
// duplicates with their cells, and each total against the sum of its parts (totals.csv).
#include <fmt/format.h>

#include <sstream>

#include "command.hpp"
#include "kpimap/model_io.hpp"
#include "kpimap/reconcile.hpp"
#include "model_inputs.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

class ReconcileCommand final : public Command {
public:
    const char* name() const override { return "reconcile"; }
    const char* summary() const override {
        return "merge the indicators of several workbooks and compare their values";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap reconcile WORKBOOK... [--mapping FILE | --mappings DIR]\n"
              "                        [--crosswalk FILE] [-o DIR]\n\n"
              "Converts each workbook (choosing its mapping as 'kpimap convert' does), then "
              "merges\n"
              "them into one model: the same indicator is recognised by code, then by the "
              "crosswalk,\n"
              "then by mapping alias, then by its title after folding case and punctuation. "
              "Titles\n"
              "that only look alike are suggested, never merged; confirm them in a crosswalk "
              "file.\n"
              "Two values for the same indicator and period agree when they are equal at the "
              "coarser\n"
              "precision shown (92.4% and 92% agree); otherwise they conflict, and the value "
              "shown\n"
              "with more decimals is kept (on a tie, the one met first). Writes into DIR:\n"
              "  model.json            the reconciled model (one indicator per identity)\n"
              "  observations.csv      its values, one per indicator and period\n"
              "  expectations.csv      its trajectory cells\n"
              "  facts.csv             its named values (council, contact), when it has any\n"
              "  reconciliation.json   matches, suggestions, conflicts, agreements, duplicates\n"
              "  reconciliation.txt    the same, readable: what needs attention first\n"
              "  totals.csv            each total against the sum of its parts (counts only)\n\n"
           << options()
           << "\nExit codes: 0 reconciled, 1 reconciled but conflicts, suggestions or totals that\n"
              "differ from their parts need a look (see reconciliation.txt), 2 a workbook could\n"
              "not be read, 3 no mapping fits a workbook (or two fit equally), 4 usage error or a\n"
              "mapping or crosswalk file with mistakes.\n"
              "Example: kpimap reconcile samples/001_outcomes_report.xlsx "
              "samples/001_data_section.csv -o out/rec\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        const po::variables_map vm = parse_command_line(args, options(), "workbook", workbooks_);
        if (workbooks_.empty()) throw UsageError("no WORKBOOK given");
        check_mapping_options(mappings_, vm);
        if (vm.count("crosswalk") && crosswalk_file_.empty())
            throw UsageError("--crosswalk needs a file name");
        if (!(suggestion_threshold_ >= 0 && suggestion_threshold_ <= 1))  // NaN fails too
            throw UsageError(
                fmt::format("--suggest-above {} is outside 0..1", suggestion_threshold_));
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        std::vector<Mapping> mappings;
        if (!load_mapping_inputs(mappings_.file, mappings_.dir, mappings, outcome)) return outcome;
        std::optional<Crosswalk> crosswalk;
        if (!load_crosswalk_input(crosswalk_file_, crosswalk, outcome)) return outcome;
        ReconcileOptions options;
        options.crosswalk = crosswalk ? &*crosswalk : nullptr;
        options.suggestion_threshold = suggestion_threshold_;
        // Each workbook is converted and folded in, then dropped: memory holds one workbook at
        // a time plus the compact copy reconciliation keeps.
        Reconciler reconciler(options);
        std::size_t conversion_warnings = 0;
        for (const std::string& path : workbooks_) {
            std::optional<WorkbookInput> input = read_workbook_input(
                path, mappings, !mappings_.file.empty(), read_options_, outcome);
            if (!input) continue;
            ConversionResult converted = convert_workbook(input->workbook, *input->mapping);
            conversion_warnings += converted.warnings() + input->workbook.diagnostics.size();
            input.reset();
            reconciler.add(std::move(converted));
        }
        const std::size_t sources = reconciler.sources();
        if (sources == 0) return outcome;  // every workbook failed; the errors say why
        ReconcileResult result = reconciler.finish();
        const fs::path dir(out_dir_);
        make_output_dir(dir);
        // The report lists every agreement: written piece by piece, never held whole, and
        // first, so that its compact store is freed before the model is written as JSON.
        write_file_with(dir / "reconciliation.json",
                        [&](std::ostream& os) { write_reconcile_report_json(result.report, os); });
        write_file_with(dir / "reconciliation.txt",
                        [&](std::ostream& os) { write_reconcile_report_text(result.report, os); });
        // Always written (a header alone when nothing was checked), so a folder reused for
        // other workbooks never keeps the totals of an earlier run.
        write_file(dir / "totals.csv", totals_to_csv(result.report.totals));
        const ReconcileReport& r = result.report;
        // Conversion warnings are convert's to report (kpimap convert writes diagnostics.txt);
        // here only what reconciliation found asks for a look.
        if (r.needs_attention()) outcome.warnings = true;
        const std::string summary = fmt::format(
            "reconciled {} workbook{}: {} indicators into {}; {} matches, {} suggestions, {} "
            "conflicts, {} agreements, {} duplicates; {} conversion warnings (kpimap convert{} "
            "lists them) -> {}\n",
            sources, sources == 1 ? "" : "s", r.source_indicators, r.merged_indicators,
            r.matches.size(), r.suggestions.size(), r.conflicts.size(), r.agreements.size(),
            r.duplicates.size(), conversion_warnings, mappings_.as_options(), dir.string());
        // Only when some total was checked: workbooks without breakdowns print what they did.
        const std::string totals =
            r.totals.empty()
                ? std::string()
                : fmt::format(
                      "totals: {} checked against the sum of their parts: {} agree, {} differ, {} "
                      "incomplete -> {}\n",
                      r.totals.size(), r.count_totals(TotalStatus::agrees),
                      r.count_totals(TotalStatus::differs), r.count_totals(TotalStatus::incomplete),
                      (dir / "totals.csv").string());
        result.report = {};
        write_file(dir / "model.json", model_to_json(result.model));
        write_file(dir / "observations.csv", observations_to_csv(result.model));
        write_file(dir / "expectations.csv", expectations_to_csv(result.model));
        if (!result.model.facts.empty()) write_file(dir / "facts.csv", facts_to_csv(result.model));
        out << summary << totals;
        return outcome;
    }

    std::vector<std::string> input_files() const override {
        std::vector<std::string> files = workbooks_;
        files.insert(files.end(), {mappings_.file, crosswalk_file_});
        return files;
    }

private:
    po::options_description options() const {
        po::options_description d("Options");
        auto* self = const_cast<ReconcileCommand*>(this);
        d.add(mapping_options(self->mappings_));
        d.add_options()("crosswalk", po::value<std::string>(&self->crosswalk_file_),
                        "confirmed identities: titles and codes that name the same indicator")(
            "suggest-above",
            po::value<double>(&self->suggestion_threshold_)->default_value(0.6, "0.6"),
            "least score (0..1) for a suggestion: title likeness, averaged with the "
            "share of agreeing values when both have values")(
            "output,o", po::value<std::string>(&self->out_dir_)->default_value("out"),
            "output folder");
        d.add(reader_options(self->read_options_.limits));
        return d;
    }

    std::vector<std::string> workbooks_;
    MappingSource mappings_;
    std::string crosswalk_file_;
    std::string out_dir_ = "out";
    double suggestion_threshold_ = 0.6;
    ReadOptions read_options_;
};

}  // namespace

std::unique_ptr<Command> make_reconcile_command() {
    return std::make_unique<ReconcileCommand>();
}

}  // namespace kpimap::cli
