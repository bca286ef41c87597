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

std::optional<Failure> not_xlsx_failure(const Workbook& workbook) {
    if (workbook.format == SourceFormat::xlsx) return std::nullopt;
    return Failure{fmt::format("{}: this is a {} file, not an OOXML package; kpimap writes by "
                               "patching the original package and cannot patch it",
                               workbook.source, source_format_name(workbook.format)),
                   "open it in Excel or LibreOffice, save it as .xlsx, and pass that file",
                   ErrorCode::unsupported_format};  // what the patcher would report
}

std::optional<Failure> undetectable_target_failure(const Mapping& mapping,
                                                   const std::string& target) {
    if (!mapping.detect.empty()) return std::nullopt;
    return Failure{
        fmt::format("mapping {} ({}) has no <detect> rules, so nothing can check that {} has the "
                    "layout it describes before values are written into it; nothing was written",
                    mapping.id, mapping.path, target),
        "add <detect> rules that this layout satisfies (a sheet name, a header text: "
        "docs/mapping-reference.md#detect), then run the command again",
        FailureKind::usage};
}

std::optional<PatchResult> apply_plan(const std::string& input, const WritePlan& plan,
                                      const std::string& output, const PatchOptions& options,
                                      RunOutcome& outcome) {
    if (plan.misfit) {
        MappingChoice choice;
        choice.scores.push_back(*plan.misfit);
        Failure f = no_fit_failure(input, choice);
        f.hint =
            "check that --mapping names the mapping written for this workbook's layout (or "
            "write one, docs/mapping-reference.md); nothing was written";
        outcome.failures.push_back(std::move(f));
        return std::nullopt;
    }
    for (const std::string& e : plan.errors)
        outcome.failures.push_back(
            {e, "fix the mapping or the command line as the message says; nothing was written",
             FailureKind::usage});
    if (!plan.errors.empty()) return std::nullopt;
    if (auto f = output_is_input_failure(output)) {
        outcome.failures.push_back(std::move(*f));
        return std::nullopt;
    }
    make_parent_dir(output);
    PatchResult result = patch_workbook(input, plan.writes, output, options);
    if (!result) {
        std::string hint = error_code_hint(result.status.code);
        if (result.status.code == ErrorCode::protected_cell)
            hint = result.status.detail.find("formula") != std::string::npos
                       ? "the template's author locked this formula; check that --mapping points "
                         "at input cells, and only if the value must replace the formula pass "
                         "--replace-formulas as well (the run then exits 1)"
                       : "the cell is locked on a protected sheet: unprotect it in Excel, or "
                         "pass --allow-protected to write into it (protection is kept)";
        // The patcher's own code, as for a read: a zip bomb or a damaged part of the template is
        // an input that could not be read, whether the reader or the patcher met it.
        outcome.failures.push_back({result.status.message(), hint, result.status.code});
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
