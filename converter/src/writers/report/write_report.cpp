// write_report: the sheets in their order, the document properties that keep the output
// reproducible, and the post-processing step for what libxlsxwriter 1.1 cannot write.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "report_sheets.hpp"

namespace kpimap {

const char* report_error_name(ReportError error) noexcept {
    switch (error) {
        case ReportError::ok:
            return "ok";
        case ReportError::missing_input:
            return "missing_input";
        case ReportError::cannot_write:
            return "cannot_write";
        case ReportError::library_error:
            return "library_error";
    }
    return "unknown";
}

ReportResult write_report(const std::string& path, const ReportInput& input,
                          const ReportOptions& options) {
    ReportResult result;
    if (!input.model || !input.statuses) {
        result.code = ReportError::missing_input;
        result.detail = "write_report needs a model and its statuses";
        return result;
    }
    // Try the file first: libxlsxwriter would only find out at close, and prints when it does.
    {
        std::ofstream probe(path, std::ios::binary | std::ios::app);
        if (!probe) {
            result.code = ReportError::cannot_write;
            result.detail =
                fmt::format("{}: cannot create the file ({})", path, std::strerror(errno));
            return result;
        }
    }
    lxw_workbook_options wo{};
    wo.constant_memory = LXW_FALSE;  // sheets are filled out of order (merges, totals)
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &wo);
    if (!wb) {
        result.code = ReportError::library_error;
        result.detail = fmt::format("{}: libxlsxwriter could not start a workbook", path);
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
    report::write_outcome_matrix_sheet(wb, cx);
    report::write_framework_matrix_sheet(wb, cx);
    report::write_commitments_sheet(wb, cx);
    report::write_gaps_sheet(wb, cx);
    report::write_data_sheet(wb, cx);
    report::write_reconciliation_sheet(wb, cx);
    report::write_charts_sheet(wb, cx);
    if (!options.sparklines) cx.sparklines.clear();
    report::write_about_sheet(wb, cx);
    report::apply_layout();

    const lxw_error closed = workbook_close(wb);
    if (closed != LXW_NO_ERROR) {
        const bool file_problem =
            closed == LXW_ERROR_CREATING_XLSX_FILE || closed == LXW_ERROR_CREATING_TMPFILE ||
            closed == LXW_ERROR_ZIP_FILE_OPERATION || closed == LXW_ERROR_ZIP_CLOSE;
        result.code = file_problem ? ReportError::cannot_write : ReportError::library_error;
        result.detail = fmt::format("{}: {}", path, lxw_strerror(closed));
        return result;
    }
    if (std::string error = report::add_sparklines(path, cx); !error.empty()) {
        result.code = ReportError::cannot_write;
        result.detail = fmt::format("{}: {}", path, error);
        return result;
    }
    result.sheets = std::move(cx.sheets);
    result.omitted = std::move(cx.omitted);
    return result;
}

}  // namespace kpimap
