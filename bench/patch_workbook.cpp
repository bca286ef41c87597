// Benchmark helper for patch_bench.py: patches the generated template with the deterministic
// set of writes both peers use, and prints one JSON line with the in-process time.
//
//   patch_workbook IN.xlsx OUT.xlsx --sheet NAME --cells N --existing-rows R --cols C
//
// Write i (0 <= i < N): the first half overwrite existing cells row by row (rows 2.., columns
// A..), the second half fill the new column C+2 of rows 2..; every fifth value is text
// "w<i>", the others the number i * 0.25. (The template's column C+1 holds formulas; column C+2
// is new.)
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "kpimap/package_patch.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: patch_workbook IN OUT --sheet NAME --cells N --existing-rows R "
                     "--cols C\n";
        return 2;
    }
    std::string sheet = "Data";
    std::size_t cells = 10000, rows = 1000, cols = 10;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--sheet") == 0) sheet = argv[i + 1];
        if (std::strcmp(argv[i], "--cells") == 0) cells = std::strtoul(argv[i + 1], nullptr, 10);
        if (std::strcmp(argv[i], "--existing-rows") == 0)
            rows = std::strtoul(argv[i + 1], nullptr, 10);
        if (std::strcmp(argv[i], "--cols") == 0) cols = std::strtoul(argv[i + 1], nullptr, 10);
    }
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<kpimap::CellWrite> writes;
    writes.reserve(cells);
    const std::size_t half = cells / 2;
    for (std::size_t i = 0; i < cells; ++i) {
        kpimap::CellWrite w;
        w.sheet = sheet;
        if (i < half) {
            w.cell = {static_cast<std::uint32_t>(1 + i / cols),
                      static_cast<std::uint32_t>(i % cols)};
        } else {
            const std::size_t k = i - half;
            w.cell = {static_cast<std::uint32_t>(1 + k % rows),
                      static_cast<std::uint32_t>(cols + 1)};
        }
        if (i % 5 == 0) {
            w.kind = kpimap::CellWrite::Kind::text;
            w.text = "w" + std::to_string(i);
        } else {
            w.kind = kpimap::CellWrite::Kind::number;
            w.number = static_cast<double>(i) * 0.25;
        }
        writes.push_back(std::move(w));
    }
    const kpimap::PatchResult result = kpimap::patch_workbook(argv[1], writes, argv[2]);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!result) {
        std::cerr << result.status.message() << "\n";
        return 1;
    }
    nlohmann::json out{{"seconds", seconds},
                       {"cells_written", result.report.cells_written},
                       {"cells_changed", result.report.cells_changed},
                       {"parts_copied", result.report.parts_copied},
                       {"parts_changed", result.report.parts_changed}};
    std::cout << out.dump() << "\n";
    return 0;
}
