#include <charconv>
#include <unordered_map>

#include "core/number_format.hpp"
#include "formats/xlsx/xlsx_parts.hpp"
#include "formats/xml/xml_util.hpp"

namespace kpimap::detail {

namespace {

std::uint32_t to_u32(std::string_view v, std::uint32_t fallback = 0) {
    std::uint32_t out = fallback;
    std::from_chars(v.data(), v.data() + v.size(), out);
    return out;
}

bool flag_on(pugi::xml_node element) {
    // <b/> means on; <b val="0"/> or val="false" means off.
    if (!element) return false;
    const std::string_view v = attribute(element, "val").value();
    return v.empty() || v == "1" || v == "true";
}

std::string colour_of(pugi::xml_node colour) {
    if (!colour) return {};
    if (auto rgb = attribute(colour, "rgb")) {
        std::string argb = rgb.value();
        // Some producers write RGB without the alpha byte; Excel reads it as opaque.
        if (argb.size() == 6) argb = "FF" + argb;
        return argb;
    }
    if (auto theme = attribute(colour, "theme")) return std::string("theme:") + theme.value();
    if (auto indexed = attribute(colour, "indexed"))
        return std::string("indexed:") + indexed.value();
    return {};
}

}  // namespace

std::vector<std::uint32_t> read_styles_part(std::string& xml, std::string_view part, Workbook& wb) {
    pugi::xml_document doc;
    parse_part(doc, xml, part);
    pugi::xml_node root = doc.document_element();

    std::unordered_map<std::uint32_t, std::string> custom_formats;
    for_each_child(child(root, "numFmts"), "numFmt", [&](pugi::xml_node f) {
        custom_formats[to_u32(attribute(f, "numFmtId").value())] =
            attribute(f, "formatCode").value();
    });
    std::vector<bool> bold_fonts;
    for_each_child(child(root, "fonts"), "font",
                   [&](pugi::xml_node f) { bold_fonts.push_back(flag_on(child(f, "b"))); });
    std::vector<std::string> fills;
    for_each_child(child(root, "fills"), "fill", [&](pugi::xml_node f) {
        pugi::xml_node pattern = child(f, "patternFill");
        fills.push_back(std::string_view(attribute(pattern, "patternType").value()) == "solid"
                            ? colour_of(child(pattern, "fgColor"))
                            : std::string());
    });

    std::vector<std::uint32_t> xf_to_style;
    for_each_child(child(root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
        CellStyle style;
        style.number_format_id = to_u32(attribute(xf, "numFmtId").value());
        if (auto it = custom_formats.find(style.number_format_id); it != custom_formats.end()) {
            style.number_format = it->second;
            style.is_date = is_date_format(style.number_format);
        } else {
            std::string_view builtin = builtin_number_format(style.number_format_id);
            style.number_format = builtin.empty() ? "General" : std::string(builtin);
            style.is_date = is_builtin_date_id(style.number_format_id);
        }
        style.is_time_only = style.is_date && is_time_only_format(style.number_format);
        const std::uint32_t font = to_u32(attribute(xf, "fontId").value());
        style.bold = font < bold_fonts.size() && bold_fonts[font];
        const std::uint32_t fill = to_u32(attribute(xf, "fillId").value());
        if (fill < fills.size()) style.fill_rgb = fills[fill];
        const std::string_view wrap = attribute(child(xf, "alignment"), "wrapText").value();
        style.wrap = wrap == "1" || wrap == "true";
        wb.styles.push_back(std::move(style));
        xf_to_style.push_back(static_cast<std::uint32_t>(wb.styles.size() - 1));
    });
    return xf_to_style;
}

}  // namespace kpimap::detail
