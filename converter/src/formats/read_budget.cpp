#include "formats/read_budget.hpp"

#include <fmt/format.h>

#include "kpimap/error.hpp"

namespace kpimap::detail {

static_assert(sizeof(Cell) == ReadBudget::kCellBytes, "docs/reader.md counts 24 bytes a cell");

void ReadBudget::add_cells(std::uint64_t cells, std::uint64_t text_bytes, std::string_view sheet) {
    if (cells > limits_.max_cells - std::min(cells_, limits_.max_cells)) {
        throw ReadError(ErrorCode::too_large, "",
                        fmt::format("the workbook holds more than {} cells (the limit was passed "
                                    "in sheet '{}'); if the file is genuine, raise the limit "
                                    "with --max-cells",
                                    limits_.max_cells, sheet));
    }
    cells_ += cells;
    model_bytes_ += cells * kCellBytes + text_bytes;
    if (model_bytes_ > limits_.max_model_bytes) refuse_model(fmt::format("in sheet '{}'", sheet));
}

void ReadBudget::add_bytes(std::uint64_t bytes, std::string_view what) {
    model_bytes_ += bytes;
    if (model_bytes_ > limits_.max_model_bytes) refuse_model(fmt::format("by {}", what));
}

void ReadBudget::refuse_model(std::string_view where) const {
    throw ReadError(ErrorCode::too_large, "",
                    fmt::format("the workbook needs more than {} MiB as a model (24 bytes a cell "
                                "plus its text and formula, a shared string counted for every "
                                "cell that uses it); the limit was passed {}. If the file is "
                                "genuine, raise the limit with --max-model-mb",
                                limits_.max_model_bytes >> 20, where));
}

std::uint64_t ReadBudget::text_bytes(const Workbook& wb, const Cell& cell) {
    std::uint64_t bytes = 0;
    if ((cell.type == CellType::text || cell.type == CellType::error) &&
        cell.text < wb.strings.size())
        bytes += wb.strings[cell.text].size();
    if (cell.formula != kNoIndex && cell.formula < wb.strings.size())
        bytes += wb.strings[cell.formula].size();
    return bytes;
}

void check_read_budget(const Workbook& wb, const ReadLimits& limits) {
    ReadBudget budget(limits);
    for (const Sheet& sheet : wb.sheets) {
        for (const Row& row : sheet.rows) {
            std::uint64_t text = 0;
            for (const Cell& cell : row.cells) text += ReadBudget::text_bytes(wb, cell);
            budget.add_cells(row.cells.size(), text, sheet.name);
        }
    }
}

}  // namespace kpimap::detail
