// What reading a worksheet needs from the workbook being filled: cell styles from XF indexes,
// shared strings in the string pool, the cell limit and diagnostics with a bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/xls/xls_globals.hpp"
#include "kpimap/reader.hpp"
#include "kpimap/workbook.hpp"

namespace kpimap::detail {

class XlsBook {
public:
    // `part` names the workbook stream in errors and diagnostics ("Workbook", "Book").
    XlsBook(const XlsGlobals& globals, Workbook& workbook, const ReadOptions& options,
            std::string part);

    const XlsGlobals& globals() const { return globals_; }
    const std::string& part() const { return part_; }
    // Index into Workbook::styles for an XF index, created on first use; 0 for an XF the
    // workbook does not define.
    std::uint32_t style_for(std::uint16_t xf);
    const CellStyle& style(std::uint32_t index) const { return workbook_.styles[index]; }
    // Pool index of shared string `index`, added on first use; nullopt past the table.
    std::optional<std::uint32_t> shared_string(std::uint32_t index);
    // Adds text to the string pool.
    std::uint32_t add_string(std::string text) { return workbook_.add_string(std::move(text)); }
    // Counts one stored cell; throws ReadError(too_large) past ReadLimits::max_cells.
    void count_cell(std::string_view sheet);
    // Records a diagnostic; past kMaxPerSheet for one sheet only a count is kept (unless
    // `always`), and flush_diagnostics(sheet) adds one line with it.
    enum class Listing : std::uint8_t { bounded, always };
    void diagnose(const std::string& sheet, std::string cell, std::string message,
                  Listing listing = Listing::bounded);
    void flush_diagnostics(const std::string& sheet);
    static constexpr std::size_t kMaxPerSheet = 20;

private:
    const XlsGlobals& globals_;
    Workbook& workbook_;
    const ReadOptions& options_;
    std::string part_;
    std::unordered_map<std::uint16_t, std::uint32_t> styles_;
    std::vector<std::uint32_t> shared_pool_;
    std::uint64_t cells_ = 0;
    std::unordered_map<std::string, std::size_t> per_sheet_;
};

}  // namespace kpimap::detail
