// Test driver for the package patcher: `patch_cells IN.xlsx WRITES.json OUT.xlsx`.
// WRITES.json: {"writes": [{"sheet": "Notes", "cell": "B3", "value": 12.5,
//                           "style_from": "B2"}, ...], "allow_protected": false,
//               "full_calc_on_load": true}
// A value is a number, a string, true/false, or null (blank). Prints the patch report as JSON
// on stdout; on error prints the status (code, message, hint) and exits 1.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "kpimap/package_patch.hpp"

namespace {

int usage() {
    std::cerr << "usage: patch_cells IN.xlsx WRITES.json OUT.xlsx\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) return usage();
    std::ifstream in(argv[2]);
    if (!in) {
        std::cerr << "cannot read " << argv[2] << "\n";
        return 2;
    }
    const nlohmann::json spec = nlohmann::json::parse(in);
    std::vector<kpimap::CellWrite> writes;
    for (const auto& w : spec.at("writes")) {
        kpimap::CellWrite write;
        write.sheet = w.at("sheet").get<std::string>();
        auto ref = kpimap::parse_a1(w.at("cell").get<std::string>());
        if (!ref) {
            std::cerr << "bad cell " << w.at("cell") << "\n";
            return 2;
        }
        write.cell = *ref;
        const auto& v = w.at("value");
        if (v.is_boolean()) {
            write.kind = kpimap::CellWrite::Kind::boolean;
            write.number = v.get<bool>() ? 1 : 0;
        } else if (v.is_number()) {
            write.kind = kpimap::CellWrite::Kind::number;
            write.number = v.get<double>();
        } else if (v.is_string()) {
            write.kind = kpimap::CellWrite::Kind::text;
            write.text = v.get<std::string>();
        } else {
            write.kind = kpimap::CellWrite::Kind::blank;
        }
        if (w.contains("style_from"))
            write.style_from = kpimap::parse_a1(w["style_from"].get<std::string>());
        writes.push_back(std::move(write));
    }
    kpimap::PatchOptions options;
    options.allow_protected = spec.value("allow_protected", false);
    options.full_calc_on_load = spec.value("full_calc_on_load", true);
    const kpimap::PatchResult result = kpimap::patch_workbook(argv[1], writes, argv[3], options);
    nlohmann::json out;
    if (!result) {
        out["code"] = kpimap::error_code_name(result.status.code);
        out["message"] = result.status.text();
        out["hint"] = kpimap::error_code_hint(result.status.code);
        std::cout << out.dump(2) << "\n";
        return 1;
    }
    out["cells_written"] = result.report.cells_written;
    out["cells_changed"] = result.report.cells_changed;
    out["parts_changed"] = result.report.parts_changed;
    out["parts_copied"] = result.report.parts_copied;
    out["notes"] = result.report.notes;
    out["structure_protected"] = result.report.structure_protected;
    std::cout << out.dump(2) << "\n";
    return 0;
}
