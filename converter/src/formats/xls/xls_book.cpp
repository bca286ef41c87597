#include "formats/xls/xls_book.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"

namespace kpimap::detail {

XlsBook::XlsBook(const XlsGlobals& globals, Workbook& workbook, const ReadOptions& options,
                 std::string part)
    : globals_(globals),
      workbook_(workbook),
      options_(options),
      part_(std::move(part)),
      shared_pool_(globals.shared_strings.size(), kNoIndex) {}

std::uint32_t XlsBook::style_for(std::uint16_t xf_index) {
    if (xf_index >= globals_.cell_formats.size()) return 0;
    if (auto it = styles_.find(xf_index); it != styles_.end()) return it->second;
    const XlsCellFormat& xf = globals_.cell_formats[xf_index];
    CellStyle style;
    if (auto it = globals_.number_formats.find(xf.number_format);
        it != globals_.number_formats.end()) {
        style.number_format = it->second;
    } else if (std::string_view code = builtin_number_format(xf.number_format); !code.empty()) {
        style.number_format = std::string(code);
    }
    // BIFF2-BIFF4 number their formats by position, so only BIFF5 and BIFF8 ids are the
    // built-in ids of the date table.
    const bool builtin_id = globals_.version >= BiffVersion::biff5 &&
                            !globals_.number_formats.contains(xf.number_format);
    style.is_date =
        (builtin_id && is_builtin_date_id(xf.number_format)) || is_date_format(style.number_format);
    style.is_time_only = style.is_date && is_time_only_format(style.number_format);
    if (!options_.skip_styles) {
        // Font index 4 does not exist in BIFF: indexes above it are shifted by one.
        const std::size_t font = xf.font >= 4 ? xf.font - 1u : xf.font;
        style.bold = font < globals_.font_bold.size() && globals_.font_bold[font];
        style.wrap = xf.wrap;
        if (xf.fill_index >= 0) style.fill_rgb = fmt::format("indexed:{}", xf.fill_index);
    }
    std::uint32_t index = 0;
    if (style.number_format != "General" || style.is_date || style.bold || style.wrap ||
        !style.fill_rgb.empty()) {
        index = static_cast<std::uint32_t>(workbook_.styles.size());
        workbook_.styles.push_back(std::move(style));
    }
    styles_.emplace(xf_index, index);
    return index;
}

std::optional<std::uint32_t> XlsBook::shared_string(std::uint32_t index) {
    if (index >= shared_pool_.size()) return std::nullopt;
    if (shared_pool_[index] == kNoIndex)
        shared_pool_[index] = workbook_.add_string(globals_.shared_strings[index]);
    return shared_pool_[index];
}

void XlsBook::count_cell(std::string_view sheet) {
    if (++cells_ > options_.limits.max_cells) {
        throw ReadError(ErrorCode::too_large, part_,
                        fmt::format("more than {} non-empty cells (limit reached in sheet '{}')",
                                    options_.limits.max_cells, sheet));
    }
}

void XlsBook::diagnose(const std::string& sheet, std::string cell, std::string message,
                       Listing listing) {
    if (listing == Listing::bounded && ++per_sheet_[sheet] > kMaxPerSheet) return;
    workbook_.diagnostics.push_back({sheet, std::move(cell), part_, std::move(message)});
}

void XlsBook::flush_diagnostics(const std::string& sheet) {
    auto it = per_sheet_.find(sheet);
    if (it == per_sheet_.end() || it->second <= kMaxPerSheet) return;
    workbook_.diagnostics.push_back(
        {sheet, "", part_,
         fmt::format("{} more problems like the ones above were not listed",
                     it->second - kMaxPerSheet)});
}

}  // namespace kpimap::detail
