#include <charconv>

#include "formats/xlsx/xlsx_parts.hpp"
#include "formats/xml/xml_util.hpp"

namespace kpimap::detail {

namespace {

bool xml_true(std::string_view v) {
    return v == "1" || v == "true";
}

}  // namespace

WorkbookPart read_workbook_part(std::string& xml, std::string_view part) {
    pugi::xml_document doc;
    parse_part(doc, xml, part);
    pugi::xml_node root = doc.document_element();
    WorkbookPart out;
    out.date1904 = xml_true(attribute(child(root, "workbookPr"), "date1904").value());
    for_each_child(child(root, "sheets"), "sheet", [&](pugi::xml_node s) {
        SheetEntry e;
        e.name = attribute(s, "name").value();
        const std::string_view state = attribute(s, "state").value();
        if (state == "hidden")
            e.state = SheetState::hidden;
        else if (state == "veryHidden")
            e.state = SheetState::very_hidden;
        e.rel_id = attribute(s, "id").value();
        out.sheets.push_back(std::move(e));
    });
    for_each_child(child(root, "definedNames"), "definedName", [&](pugi::xml_node n) {
        DefinedName d;
        d.name = attribute(n, "name").value();
        d.refers_to = text_content(n);
        if (d.refers_to.starts_with("=")) d.refers_to.erase(0, 1);
        d.hidden = xml_true(attribute(n, "hidden").value());
        if (pugi::xml_attribute local = attribute(n, "localSheetId")) {
            std::uint32_t index = 0;
            const std::string_view v = local.value();
            if (std::from_chars(v.data(), v.data() + v.size(), index).ec == std::errc{})
                d.local_sheet = index;
        }
        out.names.push_back(std::move(d));
    });
    return out;
}

}  // namespace kpimap::detail
