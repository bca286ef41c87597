// Benchmark helper: loads one workbook with kpimap::load_workbook, walks every stored cell and
// prints a checksum as one JSON line. Driven by bench/read_bench.py, which times this process
// from the outside; load_s and iterate_s are the in-process split. Not part of the tests.
//
// Usage: read_workbook FILE
// Output: {"peer":"kpimap","cells":..,"text_cells":..,"number_cells":..,"other_cells":..,
//          "number_sum":..,"text_bytes":..,"load_s":..,"iterate_s":..}
#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "kpimap/reader.hpp"
#include "kpimap/workbook.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: read_workbook FILE\n";
        return 2;
    }
    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };

    const auto t0 = Clock::now();
    kpimap::LoadResult result = kpimap::load_workbook(argv[1]);
    const auto t1 = Clock::now();
    if (!result || !result.workbook) {
        std::cerr << "read_workbook: " << result.status.text() << "\n  "
                  << kpimap::error_code_hint(result.status.code) << '\n';
        return 1;
    }
    const kpimap::Workbook& wb = *result.workbook;

    std::uint64_t cells = 0, text_cells = 0, number_cells = 0, other_cells = 0, text_bytes = 0;
    double number_sum = 0;
    for (const kpimap::Sheet& sheet : wb.sheets) {
        for (const kpimap::Row& row : sheet.rows) {
            for (const kpimap::Cell& cell : row.cells) {
                switch (cell.type) {
                    case kpimap::CellType::empty:
                        continue;
                    case kpimap::CellType::number:
                        ++number_cells;
                        number_sum += cell.number;
                        break;
                    case kpimap::CellType::text:
                        ++text_cells;
                        text_bytes += wb.text(cell).size();
                        break;
                    default:  // boolean, error, date_time
                        ++other_cells;
                        break;
                }
                ++cells;
            }
        }
    }
    const auto t2 = Clock::now();

    const nlohmann::json line = {
        {"peer", "kpimap"},
#ifdef KPIMAP_VERSION
        {"version", KPIMAP_VERSION},
#endif
        {"cells", cells},
        {"text_cells", text_cells},
        {"number_cells", number_cells},
        {"other_cells", other_cells},
        {"number_sum", number_sum},
        {"text_bytes", text_bytes},
        {"sheets", wb.sheets.size()},
        {"diagnostics", wb.diagnostics.size()},
        {"load_s", seconds(t1 - t0)},
        {"iterate_s", seconds(t2 - t1)},
    };
    std::cout << line.dump() << '\n';
    return 0;
}
