// The api's workbook functions that produce something from the statuses (reportSheets,
// updatePlan): the report workbook as `kpimap report` draws it, with kpimap's sheet names, and the
// cells `kpimap update` would write, as a plan the add-in applies through Excel.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "api/api_workbook.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/reconcile.hpp"
#include "kpimap/report.hpp"
#include "kpimap/write_plan.hpp"

namespace kpimap {

using api::Json;
using api::Refusal;

namespace {

namespace fs = std::filesystem;

// The sheets go into the team's own workbook: kpimap's names must not pass for the team's own.
constexpr const char* kSheetPrefix = "kpimap ";

std::string base64(const std::string& bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                           static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[v >> 18 & 63];
        out += kAlphabet[v >> 12 & 63];
        out += kAlphabet[v >> 6 & 63];
        out += kAlphabet[v & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[v >> 18 & 63];
        out += kAlphabet[v >> 12 & 63];
        out += rest == 2 ? kAlphabet[v >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in) throw std::runtime_error("cannot read back the report workbook");
    return s.str();
}

const char* write_kind_name(CellWrite::Kind kind) {
    switch (kind) {
        case CellWrite::Kind::number:
            return "number";
        case CellWrite::Kind::text:
            return "text";
        case CellWrite::Kind::boolean:
            return "boolean";
        case CellWrite::Kind::blank:
            return "blank";
    }
    return "blank";
}

Json write_json(const CellWrite& w) {
    Json out;
    out["sheet"] = w.sheet;
    out["cell"] = to_a1(w.cell);
    out["kind"] = write_kind_name(w.kind);
    switch (w.kind) {
        case CellWrite::Kind::number:
            out["value"] = api::number_or_null(w.number);
            break;
        case CellWrite::Kind::text:
            out["value"] = w.text;
            break;
        case CellWrite::Kind::boolean:
            out["value"] = w.number != 0;
            break;
        case CellWrite::Kind::blank:
            out["value"] = nullptr;
            break;
    }
    return out;
}

Json report_body(const ApiContext& context, std::string_view bytes, const Json& request) {
    const api::WorkbookInput in = api::read_workbook_input(context, bytes, request);
    const StatusOptions options = api::status_options(request);
    // As `kpimap report WORKBOOK` does: the one source reconciled, then judged.
    std::vector<ConversionResult> sources;
    sources.push_back(convert_workbook(in.workbook, *in.mapping));
    const ReconcileResult reconciled = reconcile(sources);
    const StatusResult statuses = compute_statuses(reconciled.model, options);
    ReportInput input;
    input.model = &reconciled.model;
    input.statuses = &statuses;
    input.reconciliation = &reconciled.report;
    input.source_models.push_back(&sources.front().model);
    input.diagnostics = sources.front().diagnostics;
    input.sources.push_back({in.file_name, in.mapping->id, in.given ? "" : in.mapping->path});
    input.as_of = options.as_of ? options.as_of->label() : "";
    input.travel_tolerance = options.travel_tolerance;
    ReportOptions report_options;
    report_options.sheet_prefix = kSheetPrefix;

    const api::TempDir dir;
    const std::string path = (fs::path(dir.path()) / "report.xlsx").string();
    const ReportResult written = write_report(path, input, report_options);
    if (!written) throw std::runtime_error(written.error.message());
    Json out;
    out["workbook_base64"] = base64(read_bytes(path));
    out["sheets"] = written.sheets;
    return out;
}

Json plan_body(const ApiContext& context, std::string_view bytes, const Json& request) {
    const api::WorkbookInput in = api::read_workbook_input(context, bytes, request);
    const StatusOptions options = api::status_options(request);
    const Mapping& mapping = *in.mapping;
    // As `kpimap update` refuses it: nothing could check the layout before writing into it.
    if (mapping.detect.empty())
        throw Refusal("bad_mapping",
                      fmt::format("mapping {} has no <detect> rules, so nothing can check that "
                                  "this workbook has the layout it describes before statuses are "
                                  "written into it; add <detect> rules "
                                  "(docs/mapping-reference.md#detect)",
                                  mapping.id));
    const ConversionResult read = convert_workbook(in.workbook, mapping);
    const StatusResult statuses = compute_statuses(read.model, options);
    const WritePlan plan = plan_status_writes(in.workbook, mapping, read, statuses);
    if (plan.misfit)
        throw Refusal("no_mapping_fits",
                      fmt::format("this workbook does not fit mapping {}: {} of its {} detection "
                                  "rules hold, {} needed; give the mapping written for its layout",
                                  mapping.id, plan.misfit->score, plan.misfit->rules,
                                  plan.misfit->min_score));
    Json writes = Json::array();
    for (const CellWrite& w : plan.writes) writes.push_back(write_json(w));
    Json not_written = Json::array();
    for (const NotWritten& n : plan.not_written) {
        Json item;
        item["what"] = n.what;
        item["where"] = {{"sheet", n.where.sheet}, {"cell", n.where.cell}};
        item["reason"] = n.reason;
        not_written.push_back(std::move(item));
    }
    std::vector<std::string> warnings = plan.warnings;
    std::size_t rows = 0;
    for (const WriteSlot& s : read.slots) rows += s.kind == WriteSlot::Kind::status_row;
    if (rows == 0)
        warnings.insert(warnings.begin(),
                        fmt::format("mapping {} declares no status columns for the rows it reads "
                                    "(add <status> to a <period-table> or <table>, "
                                    "docs/mapping-reference.md)",
                                    mapping.id));
    std::vector<std::string> errors;
    for (const Error& e : plan.errors) errors.push_back(e.message());
    Json out;
    out["writes"] = std::move(writes);
    out["not_written"] = std::move(not_written);
    out["notes"] = plan.notes;
    out["warnings"] = warnings;
    out["errors"] = errors;
    return out;
}

}  // namespace

std::string api_report_sheets(const ApiContext& context, std::string_view workbook_bytes,
                              std::string_view request_json) {
    return api::guarded("reportSheets", request_json, [&](const Json& request) {
        return report_body(context, workbook_bytes, request);
    });
}

std::string api_update_plan(const ApiContext& context, std::string_view workbook_bytes,
                            std::string_view request_json) {
    return api::guarded("updatePlan", request_json, [&](const Json& request) {
        return plan_body(context, workbook_bytes, request);
    });
}

}  // namespace kpimap
