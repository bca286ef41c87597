// What a workbook may cost while it is read: ReadLimits::max_cells and max_model_bytes,
// counted as cells are stored, so that a hostile file stops when the limit is passed rather
// than when memory runs out. One class, so that every reader counts the same way and says the
// same thing.
#pragma once

#include <cstdint>
#include <string_view>

#include "kpimap/reader.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

class ReadBudget {
public:
    // What one stored cell costs besides its text (sizeof(Cell), as docs/reader.md says).
    static constexpr std::uint64_t kCellBytes = 24;

    explicit ReadBudget(const ReadLimits& limits) : limits_(limits) {}

    // Counts `cells` stored cells holding `text_bytes` bytes of text and formulas between them;
    // throws ReadError(too_large) naming `sheet` when a limit is passed.
    void add_cells(std::uint64_t cells, std::uint64_t text_bytes, std::string_view sheet);
    // Counts bytes a reader holds outside cells (`what`: "the shared strings", ...).
    void add_bytes(std::uint64_t bytes, std::string_view what);
    // The model bytes counted so far.
    std::uint64_t model_bytes() const noexcept { return model_bytes_; }
    // The text and formula bytes of a stored cell, as add_cells() counts them.
    static std::uint64_t text_bytes(const Workbook& wb, const Cell& cell);

private:
    [[noreturn]] void refuse_model(std::string_view where) const;
    ReadLimits limits_;
    std::uint64_t cells_ = 0;
    std::uint64_t model_bytes_ = 0;
};

// Counts a whole workbook as its reader would have (for readers that do not count as they go);
// throws like ReadBudget.
void check_read_budget(const Workbook& wb, const ReadLimits& limits);

}  // namespace kpimap::detail
