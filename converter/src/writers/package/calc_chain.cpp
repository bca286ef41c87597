// xl/calcChain.xml lists the cells that hold formulas, in the order Excel last calculated them.
// A cell whose formula a value replaced must leave the chain (Excel reports a damaged file when
// the chain names a cell without a formula), so only those entries are dropped; the rest keeps
// its bytes. A chain left empty is removed with its relationship and content-type override,
// since the schema requires at least one entry. Full calculation on load (workbook.xml) makes
// Excel rebuild the chain anyway.
#include <fmt/format.h>

#include <charconv>

#include "formats/xlsx/xlsx_parts.hpp"
#include "writers/package/package_parts.hpp"
#include "writers/package/xml_splice.hpp"

namespace kpimap::detail {

std::string drop_calc_chain_entries(
    const std::string& xml, std::string_view /*part*/,
    const std::map<std::uint32_t, std::set<std::pair<std::uint32_t, std::uint32_t>>>& removed,
    std::size_t& dropped, bool& emptied) {
    dropped = 0;
    emptied = false;
    std::vector<XmlEdit> edits;
    XmlTagScanner scanner(xml);
    XmlTag tag;
    bool root_seen = false;
    std::uint32_t current_sheet = 0;
    std::optional<std::uint32_t> last_kept_sheet;
    std::size_t kept = 0;
    while (scanner.next(tag)) {
        if (!root_seen) {
            root_seen = true;
            continue;
        }
        if (xml_local(tag.name) != "c" || tag.kind == XmlTag::Kind::end) continue;
        // i (the sheet id) is inherited from the previous entry when omitted.
        auto i = xml_attr(tag.attrs, "i");
        if (i) std::from_chars(i->value.data(), i->value.data() + i->value.size(), current_sheet);
        auto r = xml_attr(tag.attrs, "r");
        std::optional<CellRef> ref = r ? parse_a1(r->value) : std::nullopt;
        bool drop = false;
        if (ref) {
            if (auto it = removed.find(current_sheet); it != removed.end())
                drop = it->second.contains({ref->row, ref->col});
        }
        // An entry with children (never written by Excel) is skipped up to its end tag.
        std::size_t end = tag.end;
        if (tag.kind == XmlTag::Kind::start) {
            XmlTag inner;
            while (scanner.next(inner))
                if (inner.kind == XmlTag::Kind::end && xml_local(inner.name) == "c") {
                    end = inner.end;
                    break;
                }
        }
        if (drop) {
            edits.push_back(XmlEdit{tag.begin, end, {}});
            ++dropped;
            continue;
        }
        ++kept;
        if (!i && last_kept_sheet != current_sheet) {
            // It inherited its sheet from an entry that was dropped: say it explicitly.
            const std::string_view text(xml.data() + tag.begin, tag.end - tag.begin);
            edits.push_back(XmlEdit{tag.begin, tag.end,
                                    set_tag_attr(text, "i", std::to_string(current_sheet))});
        }
        last_kept_sheet = current_sheet;
    }
    emptied = kept == 0;
    if (dropped == 0) return xml;
    return apply_edits(xml, std::move(edits));
}

std::string drop_relationship(const std::string& xml, std::string_view /*rels_part*/,
                              std::string_view owner_part, std::string_view target) {
    std::vector<XmlEdit> edits;
    XmlTagScanner scanner(xml);
    XmlTag tag;
    while (scanner.next(tag)) {
        if (xml_local(tag.name) != "Relationship" || tag.kind == XmlTag::Kind::end) continue;
        auto t = xml_attr(tag.attrs, "Target");
        auto mode = xml_attr(tag.attrs, "TargetMode");
        if (!t || (mode && mode->value == "External")) continue;
        if (ZipPackage::normalise(resolve_target(owner_part, xml_unescape(t->value))) ==
            ZipPackage::normalise(target))
            edits.push_back(XmlEdit{tag.begin, tag.end, {}});
    }
    return edits.empty() ? xml : apply_edits(xml, std::move(edits));
}

std::string drop_content_type_override(const std::string& xml, std::string_view part_name) {
    std::vector<XmlEdit> edits;
    XmlTagScanner scanner(xml);
    XmlTag tag;
    while (scanner.next(tag)) {
        if (xml_local(tag.name) != "Override" || tag.kind == XmlTag::Kind::end) continue;
        auto name = xml_attr(tag.attrs, "PartName");
        if (name &&
            ZipPackage::normalise(xml_unescape(name->value)) == ZipPackage::normalise(part_name))
            edits.push_back(XmlEdit{tag.begin, tag.end, {}});
    }
    return edits.empty() ? xml : apply_edits(xml, std::move(edits));
}

}  // namespace kpimap::detail
