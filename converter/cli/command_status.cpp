// kpimap status: indicator statuses (direction of travel, trajectory, significance, RAG against a
// target, recent trend) and outcome summaries from model.json files or workbooks.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "command.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/indicator_status.hpp"
#include "model_inputs.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

void append(Model& into, Model&& from) {
    auto move_all = [](auto& to, auto& src) {
        for (auto& x : src) to.push_back(std::move(x));
    };
    move_all(into.frameworks, from.frameworks);
    move_all(into.outcomes, from.outcomes);
    move_all(into.indicators, from.indicators);
    move_all(into.observations, from.observations);
    move_all(into.expectations, from.expectations);
    move_all(into.links, from.links);
    // Declared dimensions: the first input declaring one gives it (as reconcile merges them), so
    // the gaps across ordered breakdowns see the order whichever input the values came from.
    for (Dimension& d : from.dimensions)
        if (into.find_dimension(d.id) == nullptr) into.dimensions.push_back(std::move(d));
}

class StatusCommand final : public Command {
public:
    const char* name() const override { return "status"; }
    const char* summary() const override {
        return "direction of travel, trajectory and outcome summaries of a model";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap status INPUT... [--as-of PERIOD] [--mapping FILE | --mappings DIR]\n"
              "                     [-o DIR] [--format text|csv|json] [--tolerance FRACTION]\n"
              "                     [--spc-min-points N] [--spc-rebase [INDICATOR=]PERIOD]...\n\n"
              "Computes, for every indicator, its direction of travel (latest vs the previous\n"
              "comparable period), the significance of the change where counts or intervals\n"
              "allow, its status against the trajectory (Baseline / Improvement / TBC), RAG\n"
              "against a numeric target, the recent trend, the SPC (Making Data Count) variation\n"
              "and assurance verdicts where there are enough values, and the source's own\n"
              "verdict (its marks) with an audit where it and the data disagree; and for every\n"
              "outcome a summary\n"
              "'Of N indicators, a improved, b little or no change, c worsened, d no comparator'.\n"
              "Each status has a one-line explanation. Methods: docs/statuses.md.\n\n"
              "INPUT is a model.json (from 'kpimap convert' or 'kpimap reconcile') or a workbook,\n"
              "converted on the fly through a mapping as 'kpimap convert' does. Several inputs "
              "are\n"
              "judged together. Writes DIR/statuses.json, DIR/statuses.csv (one row per\n"
              "indicator) and DIR/statuses.txt, and prints the outcome summaries (or the CSV or\n"
              "JSON with --format). For a breakdown with a declared order (age bands,\n"
              "deprivation deciles) the gap between the best and the worst category, and\n"
              "whether it narrowed or widened, goes to DIR/gaps.csv (only when there is one).\n\n"
           << options()
           << "\nExit codes: 0 done, 1 done but a workbook converted with warnings, 2 an input "
              "could not\n"
              "be read, 3 no mapping fits a workbook, 4 usage error.\n"
              "Example: kpimap status out/001_outcomes_report.xlsx/model.json -o out/status\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        const po::variables_map vm = parse_command_line(args, options(), "input", inputs_);
        if (inputs_.empty()) throw UsageError("no INPUT given (a model.json or a workbook)");
        check_mapping_options(mappings_, vm);
        if (format_ != "text" && format_ != "csv" && format_ != "json")
            throw UsageError(fmt::format("--format '{}' is not one of text, csv, json", format_));
        parse_as_of(as_of_text_, options_);
        check_tolerance(options_.travel_tolerance);
        apply_spc_args(spc_args_, options_);
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        Model model;
        std::map<std::string, std::string> indicator_from;  // id -> input, to catch duplicates
        const bool read =
            read_model_inputs(inputs_, mappings_, read_options_, outcome, [&](ModelInput&& in) {
                // csv and json output stay machine-readable: their warnings go to stderr.
                report_conversion_warnings(format_ == "text" ? out : std::cerr, in, mappings_,
                                           outcome);
                Model& m = in.converted.model;
                for (const Indicator& i : m.indicators)
                    if (auto it = indicator_from.find(i.id); it != indicator_from.end()) {
                        outcome.errors.push_back(
                            {ErrorCode::usage, in.path,
                             fmt::format("indicator '{}' is already in {}", i.id, it->second),
                             "give each workbook or model once (a workbook and its own "
                             "model.json hold the same indicators); two different "
                             "workbooks with the same file name also clash: run "
                             "'kpimap reconcile' on them first and judge its "
                             "model.json"});
                        return;
                    }
                for (const Indicator& i : m.indicators) indicator_from[i.id] = in.path;
                append(model, std::move(m));
            });
        if (!read) return outcome;
        if (indicator_from.empty() && !outcome.errors.empty()) return outcome;

        const StatusResult result = compute_statuses(model, options_);
        make_output_dir(out_dir_);
        const std::string json = statuses_to_json(result);
        const std::string csv = statuses_to_csv(result);
        write_file(fs::path(out_dir_) / "statuses.json", json);
        write_file(fs::path(out_dir_) / "statuses.csv", csv);
        write_file(fs::path(out_dir_) / "statuses.txt", statuses_to_text(result));
        // gaps.csv only when some ordered breakdown has a gap (outputs without are as before);
        // one left by an earlier run in a reused folder is removed, never left stale.
        const fs::path gaps_csv = fs::path(out_dir_) / "gaps.csv";
        if (!result.gaps.empty()) {
            write_file(gaps_csv, gaps_to_csv(result));
        } else {
            std::error_code ignored;
            fs::remove(gaps_csv, ignored);
        }
        if (format_ == "json") {
            out << json;
        } else if (format_ == "csv") {
            out << csv;
        } else {
            std::map<std::string, int> travel;
            for (const IndicatorStatus& s : result.indicators)
                ++travel[stats::travel_name(s.travel)];
            for (const OutcomeSummary& o : result.outcomes) {
                if (o.indicators == 0 && o.published.empty()) continue;
                out << fmt::format("{}: {}\n", o.code.empty() ? o.title : "Outcome " + o.code,
                                   o.sentence);
                if (!o.published.empty()) out << fmt::format("  published: {}\n", o.published);
                if (!o.source_sentence.empty())
                    out << fmt::format("  source:    {}\n", o.source_sentence);
            }
            out << fmt::format(
                "{} indicators: {} improved, {} little or no change, {} worsened, {} increased "
                "or decreased (polarity unknown), {} no comparator -> {}\n",
                result.indicators.size(), travel["improved"], travel["little_or_no_change"],
                travel["worsened"], travel["increased"] + travel["decreased"],
                travel["no_comparator"], (fs::path(out_dir_) / "statuses.txt").string());
            if (!result.gaps.empty()) {
                std::map<std::string, int> change;
                for (const BreakdownGap& g : result.gaps) ++change[gap_change_name(g.change)];
                out << fmt::format(
                    "{} gaps across ordered breakdowns: {} widened, {} narrowed, {} unchanged, {} "
                    "no previous period -> {}\n",
                    result.gaps.size(), change["widened"], change["narrowed"], change["unchanged"],
                    change["no_previous"], gaps_csv.string());
            }
        }
        return outcome;
    }

    std::vector<std::string> input_files() const override {
        std::vector<std::string> files = inputs_;
        files.push_back(mappings_.file);
        return files;
    }

private:
    po::options_description options() const {
        po::options_description d("Options");
        auto* self = const_cast<StatusCommand*>(this);
        d.add_options()("as-of", po::value<std::string>(&self->as_of_text_),
                        "judge as of this period (ignore later values), e.g. 2015/16")(
            "output,o", po::value<std::string>(&self->out_dir_)->default_value("out"),
            "output folder for statuses.json, statuses.csv and statuses.txt")(
            "format", po::value<std::string>(&self->format_)->default_value("text"),
            "what to print: text (outcome summaries), csv or json")(
            "tolerance",
            po::value<double>(&self->options_.travel_tolerance)->default_value(0.02, "0.02"),
            "relative change counted as little or no change when there are no intervals");
        d.add(mapping_options(self->mappings_));
        d.add(spc_options(self->spc_args_));
        d.add(reader_options(self->read_options_.limits));
        return d;
    }

    std::vector<std::string> inputs_;
    std::string as_of_text_;
    MappingSource mappings_;
    std::string out_dir_ = "out";
    std::string format_ = "text";
    StatusOptions options_;
    ReadOptions read_options_;
    SpcArgs spc_args_;
};

}  // namespace

std::unique_ptr<Command> make_status_command() {
    return std::make_unique<StatusCommand>();
}

}  // namespace kpimap::cli
