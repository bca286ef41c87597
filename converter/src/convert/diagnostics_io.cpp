// diagnostics.json and diagnostics.txt: what conversion could not use, and the cell counts.
#include "kpimap/diagnostics_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "model_io/json_fields.hpp"

namespace kpimap {

std::string diagnostics_to_json(const ConversionResult& result) {
    nlohmann::ordered_json j;
    j["cells"] = {{"seen", result.cells_seen},
                  {"used", result.cells_used},
                  {"not_used", result.cells_reported}};
    j["warnings"] = {{"total", result.warnings()},
                     {"on_used_cells", result.warning_counts.on_used_cells},
                     {"on_unused_cells", result.warning_counts.on_unused_cells},
                     {"elsewhere", result.warning_counts.elsewhere}};
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ConvertDiagnostic& d : result.diagnostics)
        list.push_back({{"severity", severity_name(d.severity)},
                        {"code", std::string(diagnostic_code_name(d.code))},
                        {"where", provenance_json(d.where)},
                        {"raw", d.raw},
                        {"message", d.message}});
    j["diagnostics"] = list;
    return j.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string diagnostics_to_text(const ConversionResult& result) {
    std::string out = counts_text(result) + " (see docs/commands/convert.md, \"Counts\")\n";
    for (Severity severity : {Severity::warning, Severity::info})
        for (const ConvertDiagnostic& d : result.diagnostics) {
            if (d.severity != severity) continue;
            std::string place = d.where.sheet.empty()
                                    ? d.where.file
                                    : fmt::format("'{}'!{}", d.where.sheet, d.where.cell);
            std::string raw = d.raw.empty() ? "" : fmt::format(" \"{}\"", d.raw);
            std::replace(raw.begin(), raw.end(), '\n', ' ');
            out += fmt::format("{:<7} {:<20} {}{}: {}\n", severity_name(d.severity), diagnostic_code_name(d.code), place,
                               raw, d.message);
        }
    return out;
}

}  // namespace kpimap
