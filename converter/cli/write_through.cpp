// Reading targets, applying write plans and summarising them for update and return.
#include "write_through.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "output_paths.hpp"
#include "workbook_inputs.hpp"

namespace kpimap::cli {

void check_xlsx_name(const std::string& path, const std::string& what) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".xlsx" && ext != ".xlsm")
        throw UsageError(fmt::format(
            "{} '{}' is not an .xlsx or .xlsm file: kpimap writes by patching the original "
            "OOXML package, so the target must be one (open it in Excel or LibreOffice and save "
            "it as .xlsx first)",
            what, path));
}

std::optional<Error> not_xlsx_error(const Workbook& workbook) {
    if (workbook.format == SourceFormat::xlsx) return std::nullopt;
    // The code the patcher would report.
    return Error{ErrorCode::unsupported_format, workbook.source,
                 fmt::format("this is a {} file, not an OOXML package; kpimap writes by "
                             "patching the original package and cannot patch it",
                             source_format_name(workbook.format)),
                 "open it in Excel or LibreOffice, save it as .xlsx, and pass that file"};
}

std::optional<Error> undetectable_target_error(const Mapping& mapping, const std::string& target) {
    if (!mapping.detect.empty()) return std::nullopt;
    return Error{
        ErrorCode::mapping_without_detect, "",
        fmt::format(
            "mapping {} ({}) has no <detect> rules, so nothing can check that {} has the layout "
            "it describes before values are written into it; nothing was written",
            mapping.id, mapping.path, target)};
}

std::optional<PatchResult> apply_plan(const std::string& input, const WritePlan& plan,
                                      const std::string& output, const PatchOptions& options,
                                      RunOutcome& outcome) {
    if (plan.misfit) {
        MappingChoice choice;
        choice.scores.push_back(*plan.misfit);
        Error e = no_fit_error(input, choice);
        e.advice =
            "check that --mapping names the mapping written for this workbook's layout (or "
            "write one, docs/mapping-reference.md); nothing was written";
        outcome.errors.push_back(std::move(e));
        return std::nullopt;
    }
    outcome.errors.insert(outcome.errors.end(), plan.errors.begin(), plan.errors.end());
    if (!plan.errors.empty()) return std::nullopt;
    if (auto e = output_is_input_error(output)) {
        outcome.errors.push_back(std::move(*e));
        return std::nullopt;
    }
    make_parent_dir(output);
    PatchResult result = patch_workbook(input, plan.writes, output, options);
    if (!result) {
        Error e = result.status;
        if (e.code == ErrorCode::protected_cell)
            e.advice = e.detail.find("formula") != std::string::npos
                           ? "the template's author locked this formula; check that --mapping "
                             "points at input cells, and only if the value must replace the "
                             "formula pass --replace-formulas as well (the run then exits 1)"
                           : "the cell is locked on a protected sheet: unprotect it in Excel, or "
                             "pass --allow-protected to write into it (protection is kept)";
        // The patcher's own code, as for a read: a zip bomb or a damaged part of the template is
        // an input that could not be read, whether the reader or the patcher met it.
        outcome.errors.push_back(std::move(e));
        return std::nullopt;
    }
    return result;
}

void print_plan_summary(std::ostream& out, const std::string& output, const WritePlan& plan,
                        const PatchResult& patch, RunOutcome& outcome) {
    out << fmt::format(
        "{} cells written ({} changed), {} already held the value; {} not written "
        "-> {}\n",
        patch.report.cells_written, patch.report.cells_changed, plan.unchanged,
        plan.not_written.size() + patch.report.rejected.size(), output);
    for (const NotWritten& n : plan.not_written) {
        std::string where = provenance_text(n.where);
        out << fmt::format("  not written: {} ({}): {}\n", n.what, where, n.reason);
    }
    for (const RejectedWrite& r : patch.report.rejected)
        out << fmt::format(
            "  not written: {}!{} = '{}': the cell's data validation {} (check the value and the "
            "mapping's cell; the template keeps its rule)\n",
            r.sheet, to_a1(r.cell), r.value, r.rule);
    for (const std::string& w : plan.warnings) out << fmt::format("  warning: {}\n", w);
    for (const std::string& note : plan.notes) out << fmt::format("  note: {}\n", note);
    for (const std::string& note : patch.report.notes) out << fmt::format("  note: {}\n", note);
    if (patch.report.locked_formulas_replaced > 0) {
        out << fmt::format(
            "  warning: {} formula(s) of locked cells replaced by values (--replace-formulas)\n",
            patch.report.locked_formulas_replaced);
        outcome.warnings = true;
    }
    if (!plan.not_written.empty() || !plan.warnings.empty() || !patch.report.rejected.empty())
        outcome.warnings = true;
}

}  // namespace kpimap::cli
