// write_report: the sheets in their order, the document properties that keep the output
// reproducible, and the post-processing step for what libxlsxwriter 1.1 cannot write.
#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "kpimap/temp_files.hpp"
#include "report_sheets.hpp"

namespace kpimap {

namespace fs = std::filesystem;

namespace {

// The same file: by identity when both exist (links, "./a" and "a"), else by canonical path.
bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ea, eb;
    if (fs::exists(a, ea) && fs::exists(b, eb)) {
        std::error_code e;
        const bool same = fs::equivalent(a, b, e);
        if (!e) return same;
    }
    const fs::path ca = fs::weakly_canonical(a, ea), cb = fs::weakly_canonical(b, eb);
    if (ea || eb)
        return fs::absolute(a, ea).lexically_normal() == fs::absolute(b, eb).lexically_normal();
    return ca == cb;
}

// Creates an empty, new file beside `path` (same folder, so the final rename stays on one file
// system) with the permissions a new file gets there. Its name, or "" and errno set.
std::string temporary_prefix(const std::string& path) {
    const fs::path target(path);
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    return (folder / fmt::format(".{}.kpimap-{}-", target.filename().string(),
                                 static_cast<long>(::getpid())))
        .string();
}

std::string make_temporary(const std::string& path) {
    const std::string prefix = temporary_prefix(path);
    for (int attempt = 0; attempt < 100; ++attempt) {
        const fs::path candidate = fmt::format("{}{}.tmp", prefix, attempt);
        const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            ::close(fd);
            return candidate.string();
        }
        if (errno != EEXIST) return "";
    }
    return "";
}

// Removes the temporary file when the write does not reach its rename.
struct Discard {
    std::string path;
    ~Discard() {
        if (path.empty()) return;
        std::error_code ignored;
        fs::remove(path, ignored);
    }
};

}  // namespace

ReportResult write_report(const std::string& path, const ReportInput& input,
                          const ReportOptions& options) {
    ReportResult result;
    if (!input.model || !input.statuses) {
        result.error = {ErrorCode::report_failed, "",
                        "write_report needs a model and its statuses"};
        return result;
    }
    // Excel's sheet names: at most 31 characters ("Indicator matrix" is 16), none of these.
    if (options.sheet_prefix.size() > 15 ||
        options.sheet_prefix.find_first_of("[]:*?/\\'") != std::string::npos) {
        result.error = {ErrorCode::report_failed, path,
                        fmt::format("the sheet prefix '{}' is longer than 15 bytes or holds one "
                                    "of []:*?/\\ or ', which Excel's sheet names cannot",
                                    options.sheet_prefix)};
        return result;
    }
    // Never replace what the report is read from (a team's only copy of its workbook).
    std::vector<std::string> inputs;
    for (const ReportSource& source : input.sources) {
        inputs.push_back(source.file);
        if (!source.mapping_path.empty()) inputs.push_back(source.mapping_path);
    }
    if (!input.crosswalk_path.empty()) inputs.push_back(input.crosswalk_path);
    for (const std::string& file : inputs)
        if (!file.empty() && same_file(path, file)) {
            result.error = {ErrorCode::output_is_input, path,
                            fmt::format("this is the file the report reads ({}); write "
                                        "the report to another file, e.g. -o report.xlsx",
                                        file)};
            return result;
        }
    // Written beside the output and renamed onto it when complete, so a failure leaves an
    // existing report as it was and no half-written file. Creating it first also tells whether
    // the folder can be written before libxlsxwriter finds out at close (and prints).
    // Registered before the file exists, so a signal in between leaves nothing behind; a
    // shell's handler removes every file with this prefix.
    const TemporaryFileGuard on_signal(temporary_prefix(path));
    Discard temporary{make_temporary(path)};
    if (temporary.path.empty()) {
        result.error = {ErrorCode::output_failed, path,
                        fmt::format("cannot create the file ({})", std::strerror(errno))};
        return result;
    }
    lxw_workbook_options wo{};
    wo.constant_memory = LXW_FALSE;  // sheets are filled out of order (merges, totals)
    lxw_workbook* wb = workbook_new_opt(temporary.path.c_str(), &wo);
    if (!wb) {
        result.error = {ErrorCode::report_failed, path, "libxlsxwriter could not start a workbook"};
        return result;
    }
    lxw_doc_properties props{};
    std::string title = "Outcomes report";
    if (input.model->frameworks.size() == 1) title += ": " + input.model->frameworks[0].title;
    props.title = title.data();
    props.comments = const_cast<char*>("Written by kpimap report");
    props.created = static_cast<time_t>(options.created);
    workbook_set_properties(wb, &props);

    report::start_layout();
    report::Formats formats = report::make_formats(wb);
    report::Context cx{input, options, formats, report_status_rows(*input.model, *input.statuses),
                       {},    {},      {},      {},
                       0};
    report::write_summary_sheet(wb, cx);
    report::write_statuses_sheet(wb, cx);
    cx.statuses_sheet_xml = fmt::format("xl/worksheets/sheet{}.xml", cx.sheets.size());
    report::write_breakdowns_sheet(wb, cx);
    report::write_outcome_matrix_sheet(wb, cx);
    report::write_framework_matrix_sheet(wb, cx);
    report::write_commitments_sheet(wb, cx);
    report::write_gaps_sheet(wb, cx);
    report::write_data_sheet(wb, cx);
    report::write_reconciliation_sheet(wb, cx);
    report::write_charts_sheet(wb, cx);
    report::write_spc_sheet(wb, cx);
    report::write_audit_sheet(wb, cx);
    if (!options.sparklines) cx.sparklines.clear();
    for (std::string& cut : report::take_cut_notes()) cx.omitted.push_back(std::move(cut));
    report::write_about_sheet(wb, cx);
    report::apply_layout();
    // Cut on About itself: too late for its list, still in the result.
    for (std::string& cut : report::take_cut_notes()) cx.omitted.push_back(std::move(cut));

    const lxw_error closed = workbook_close(wb);
    if (closed != LXW_NO_ERROR) {
        const bool file_problem =
            closed == LXW_ERROR_CREATING_XLSX_FILE || closed == LXW_ERROR_CREATING_TMPFILE ||
            closed == LXW_ERROR_ZIP_FILE_OPERATION || closed == LXW_ERROR_ZIP_CLOSE;
        result.error = {file_problem ? ErrorCode::output_failed : ErrorCode::report_failed, path,
                        lxw_strerror(closed)};
        return result;
    }
    if (std::string error = report::add_sparklines(temporary.path, cx); !error.empty()) {
        result.error = {ErrorCode::output_failed, path, error};
        return result;
    }
    std::error_code renamed;
    fs::rename(temporary.path, path, renamed);
    if (renamed) {
        result.error = {
            ErrorCode::output_failed, path,
            fmt::format("cannot replace it with the finished report ({})", renamed.message())};
        return result;
    }
    temporary.path.clear();
    result.sheets = std::move(cx.sheets);
    result.omitted = std::move(cx.omitted);
    return result;
}

}  // namespace kpimap
