// Which cell formats lock their cells. A cell of a protected sheet (<sheetProtection
// sheet="1">) is read-only in Excel unless its format says <protection locked="0"/>; the patcher
// refuses to write such cells unless asked to, and never removes the protection itself.
#include "formats/xml/xml_util.hpp"
#include "writers/package/package_parts.hpp"

namespace kpimap::detail {

namespace {

// locked="0"/"false" unlocks; anything else (or no attribute) locks, as in Excel.
std::optional<bool> protection_of(pugi::xml_node xf) {
    pugi::xml_node protection = child(xf, "protection");
    if (!protection) return std::nullopt;
    const std::string_view v = attribute(protection, "locked").value();
    return !(v == "0" || v == "false");
}

}  // namespace

std::vector<bool> locked_formats(std::string& styles_xml, std::string_view part) {
    pugi::xml_document doc;
    parse_part(doc, styles_xml, part);
    pugi::xml_node root = doc.document_element();
    std::vector<std::optional<bool>> style_xfs;
    for_each_child(child(root, "cellStyleXfs"), "xf",
                   [&](pugi::xml_node xf) { style_xfs.push_back(protection_of(xf)); });
    std::vector<bool> out;
    for_each_child(child(root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
        if (auto own = protection_of(xf)) {
            out.push_back(*own);
            return;
        }
        // No protection of its own: the cell style's applies unless applyProtection="1"
        // says this format's (default, locked) protection wins.
        const std::string_view apply = attribute(xf, "applyProtection").value();
        const std::string_view xf_id = attribute(xf, "xfId").value();
        std::size_t id = 0;
        for (char c : xf_id) id = id * 10 + static_cast<std::size_t>(c - '0');
        if (apply != "1" && apply != "true" && !xf_id.empty() && id < style_xfs.size() &&
            style_xfs[id]) {
            out.push_back(*style_xfs[id]);
            return;
        }
        out.push_back(true);
    });
    return out;
}

bool format_locks(const std::vector<bool>& locked, std::uint32_t style) {
    return style >= locked.size() || locked[style];
}

}  // namespace kpimap::detail
