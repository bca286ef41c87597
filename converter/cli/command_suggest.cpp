// kpimap suggest: drafts a mapping for a workbook no mapping fits, writes it, converts the
// workbook with it and reports what the draft covers and the cells it could not place.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "command.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/suggest.hpp"
#include "workbook_inputs.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

// Diagnostics about cells that did not go into the model (docs/commands/convert.md).
bool not_placed(const ConvertDiagnostic& d) {
    using enum DiagnosticCode;
    static constexpr DiagnosticCode kNotPlaced[] = {
        unmapped_cell,         outside_region,       sheet_not_read,     no_record,
        term_not_recognised,   value_not_parsed,     unknown_marker,     unmapped_header,
        row_without_values,    series_not_recognised, series_without_title, duplicate_indicator,
        ignored_by_mapping,    term_not_expectation, attached_row_not_read};
    return std::ranges::find(kNotPlaced, d.code) != std::end(kNotPlaced);
}

class SuggestCommand final : public Command {
public:
    const char* name() const override { return "suggest"; }
    const char* summary() const override {
        return "draft a mapping for a workbook no mapping fits";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap suggest WORKBOOK [--sheet NAME] [-o MAPPING.xml]\n\n"
              "Reads the workbook's cells, styles and merges and drafts a mapping for it: header\n"
              "rows, period columns (2015, 13/14, 2013/14, Year 1 - 20/21, 2012-14, quarters,\n"
              "months, dates), the indicator column, group columns and section rows, trajectory\n"
              "terms (Baseline, Improvement, TBC and damaged spellings), stacked blocks, series\n"
              "blocks and matrices of markers. Every rule carries a comment with its evidence and\n"
              "confidence. The draft is written to MAPPING.xml (to standard output without -o);\n"
              "the workbook is then converted with it, and the cells used, the cells reported and\n"
              "the cells it could not place are listed (on standard error without -o).\n"
              "Check the draft, then: kpimap convert WORKBOOK --mapping MAPPING.xml\n\n"
           << options()
           << "\nExit codes: 0 drafted, 1 drafted but some cells are not placed, 2 the workbook "
              "could not\nbe read, 3 no layout was recognised, 4 usage error, 6 MAPPING.xml could "
              "not be written.\n"
              "Example: kpimap suggest new-layout.xlsx -o mappings/new-layout.xml\n"
              "See docs/commands/suggest.md.\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        std::vector<std::string> positional;
        parse_command_line(args, options(), "workbook", positional);
        if (positional.empty()) throw UsageError("no WORKBOOK given");
        if (positional.size() > 1)
            throw UsageError("give one WORKBOOK: a draft mapping is for one layout");
        workbook_ = positional.front();
        if (!output_.empty()) {
            std::error_code ec;
            if (fs::equivalent(output_, workbook_, ec))
                throw UsageError("-o names the input workbook; give a new .xml file");
        }
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        LoadResult loaded = load_workbook(workbook_, read_options_);
        if (!loaded) {
            outcome.errors.push_back(std::move(loaded.status));
            return outcome;
        }
        const Workbook& workbook = *loaded.workbook;
        SuggestOptions options;
        options.sheet = sheet_;
        const Suggestion suggestion = suggest_mapping(workbook, options);
        if (!sheet_.empty() && workbook.find_sheet(sheet_) == nullptr) {
            outcome.errors.push_back({ErrorCode::usage, workbook_,
                                      fmt::format("no sheet named '{}'", sheet_),
                                      "run 'kpimap inspect WORKBOOK' to list the sheet "
                                      "names"});
            return outcome;
        }
        std::ostream& report = output_.empty() ? std::cerr : out;
        if (!suggestion.drafted()) {
            std::string why;
            for (const SheetSkipped& s : suggestion.skipped)
                why += fmt::format("\n    sheet '{}': {}", s.sheet, s.reason);
            outcome.errors.push_back(
                {ErrorCode::no_layout_found, workbook_,
                 fmt::format("no layout kpimap suggest knows was found:{}", why)});
            return outcome;
        }
        if (output_.empty()) {
            out << suggestion.xml;
        } else {
            make_parent_dir(output_);
            write_file(output_, suggestion.xml);
        }
        report << fmt::format("{}: drafted mapping {} with {} rule(s){}\n", workbook_,
                              suggestion.mapping_id, suggestion.rules.size(),
                              output_.empty() ? "" : " -> " + output_);
        for (const SuggestedRule& r : suggestion.rules) {
            std::string sheets;
            for (const std::string& s : r.sheets)
                sheets += (sheets.empty() ? "'" : ", '") + s + "'";
            report << fmt::format("  {} on {}: confidence {}%\n", r.construct, sheets,
                                  r.confidence);
        }
        for (const SheetSkipped& s : suggestion.skipped)
            report << fmt::format("  no rule for sheet '{}': {}\n", s.sheet, s.reason);

        const SuggestionCheck check = check_suggestion(
            workbook, suggestion, output_.empty() ? std::string("draft.xml") : output_);
        if (!check.result) {
            std::string errors;
            for (const MappingError& e : check.errors) errors += "\n    " + e.text();
            outcome.errors.push_back(
                {ErrorCode::internal, workbook_,
                 fmt::format("the draft mapping does not load:{}", errors),
                 "this is a bug in kpimap suggest; please report it with the workbook"});
            return outcome;
        }
        const ConversionResult& result = *check.result;
        const Model& m = result.model;
        report << fmt::format(
            "converted with the draft: {} outcomes, {} indicators, {} observations, {} "
            "expectations, {} links; {}{}\n",
            m.outcomes.size(), m.indicators.size(), m.observations.size(), m.expectations.size(),
            m.links.size(), counts_text(result),
            sheet_.empty() ? "" : " (all sheets; only sheet '" + sheet_ + "' has rules)");
        // With --sheet, the other sheets were left alone on purpose: only this one is reported.
        auto reported = [&](const std::string& sheet) { return sheet_.empty() || sheet == sheet_; };
        for (const SheetCoverage& s : result.sheets)
            if (s.cells > 0 && reported(s.sheet))
                report << fmt::format(
                    "  sheet '{}': {} of {} cells used ({:.0f}%)\n", s.sheet, s.used, s.cells,
                    100.0 * static_cast<double>(s.used) / static_cast<double>(s.cells));
        std::vector<const ConvertDiagnostic*> unplaced;
        std::map<std::string, std::size_t> by_code;
        for (const ConvertDiagnostic& d : result.diagnostics)
            if (not_placed(d) && reported(d.where.sheet)) {
                unplaced.push_back(&d);
                ++by_code[std::string(diagnostic_code_name(d.code))];
            }
        if (!unplaced.empty()) {
            std::string codes;
            for (const auto& [code, n] : by_code)
                codes += fmt::format("{}{} {}", codes.empty() ? "" : ", ", n, code);
            report << fmt::format("cells it could not place ({}):\n", codes);
            constexpr std::size_t kShown = 25;
            for (std::size_t i = 0; i < unplaced.size() && i < kShown; ++i) {
                const ConvertDiagnostic& d = *unplaced[i];
                std::string raw = d.raw.size() > 60 ? d.raw.substr(0, 57) + "..." : d.raw;
                for (char& c : raw)
                    if (c == '\n') c = ' ';
                report << fmt::format("  {:<20} '{}'!{} \"{}\"\n", diagnostic_code_name(d.code), d.where.sheet,
                                      d.where.cell, raw);
            }
            if (unplaced.size() > kShown)
                report << fmt::format(
                    "  ... and {} more: kpimap convert {} --mapping {} lists "
                    "them all in diagnostics.txt\n",
                    unplaced.size() - kShown, workbook_, output_.empty() ? "MAPPING.xml" : output_);
            outcome.warnings = true;
        }
        return outcome;
    }

private:
    po::options_description options() const {
        po::options_description d("Options");
        auto* self = const_cast<SuggestCommand*>(this);
        d.add_options()("sheet", po::value<std::string>(&self->sheet_),
                        "draft rules for this sheet only")(
            "output,o", po::value<std::string>(&self->output_),
            "write the draft mapping to this file (default: standard output)");
        d.add(reader_options(self->read_options_.limits));
        return d;
    }

    std::string workbook_;
    std::string sheet_;
    std::string output_;
    ReadOptions read_options_;
};

}  // namespace

std::unique_ptr<Command> make_suggest_command() {
    return std::make_unique<SuggestCommand>();
}

}  // namespace kpimap::cli
