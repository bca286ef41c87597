// workbook.xml: asks Excel and LibreOffice to recalculate every formula when the file is opened
// (<calcPr fullCalcOnLoad="1"/>), so formulas that read written cells show fresh results even
// though their cached values in the sheets are stale. The rest of the part keeps its bytes.
#include <array>

#include "writers/package/package_parts.hpp"
#include "writers/package/xml_splice.hpp"

namespace kpimap::detail {

namespace {

bool truthy(std::string_view v) {
    return v == "1" || v == "true";
}

// CT_Workbook children that come after calcPr, in schema order.
constexpr std::array<std::string_view, 9> kAfterCalcPr = {
    "oleSize",       "customWorkbookViews", "pivotCaches",       "smartTagPr", "smartTagTypes",
    "webPublishing", "fileRecoveryPr",      "webPublishObjects", "extLst"};

}  // namespace

std::string request_full_calc(const std::string& xml, std::string_view /*part*/) {
    XmlTagScanner scanner(xml);
    XmlTag tag;
    int depth = 0;
    std::string prefix;
    while (scanner.next(tag)) {
        const std::string_view name = xml_local(tag.name);
        if (depth == 0 && tag.kind != XmlTag::Kind::end) prefix = std::string(xml_prefix(tag.name));
        if (depth == 1 && tag.kind != XmlTag::Kind::end) {
            if (name == "calcPr") {
                auto full = xml_attr(tag.attrs, "fullCalcOnLoad");
                if (full && truthy(full->value)) return xml;
                const std::string_view text(xml.data() + tag.begin, tag.end - tag.begin);
                return apply_edits(
                    xml, {XmlEdit{tag.begin, tag.end, set_tag_attr(text, "fullCalcOnLoad", "1")}});
            }
            for (std::string_view after : kAfterCalcPr)
                if (name == after)
                    return apply_edits(xml,
                                       {XmlEdit{tag.begin, tag.begin,
                                                "<" + prefix + "calcPr fullCalcOnLoad=\"1\"/>"}});
        }
        if (depth == 1 && tag.kind == XmlTag::Kind::end)  // </workbook>
            return apply_edits(xml, {XmlEdit{tag.begin, tag.begin,
                                             "<" + prefix + "calcPr fullCalcOnLoad=\"1\"/>"}});
        if (tag.kind == XmlTag::Kind::start) ++depth;
        if (tag.kind == XmlTag::Kind::end) --depth;
    }
    return xml;
}

bool workbook_structure_locked(const std::string& xml) {
    XmlTagScanner scanner(xml);
    XmlTag tag;
    while (scanner.next(tag)) {
        if (xml_local(tag.name) != "workbookProtection" || tag.kind == XmlTag::Kind::end) continue;
        auto lock = xml_attr(tag.attrs, "lockStructure");
        return lock && truthy(lock->value);
    }
    return false;
}

}  // namespace kpimap::detail
