#include <vector>

#include "formats/xlsx/xlsx_parts.hpp"
#include "formats/xml/xml_util.hpp"

namespace kpimap::detail {

std::string rels_path_for(std::string_view part) {
    const auto slash = part.rfind('/');
    if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
    return std::string(part.substr(0, slash)) + "/_rels/" + std::string(part.substr(slash + 1)) +
           ".rels";
}

std::string resolve_target(std::string_view owner_part, std::string_view target) {
    std::string t(target);
    for (char& c : t)
        if (c == '\\') c = '/';
    std::vector<std::string> segments;
    auto push_path = [&](std::string_view path) {
        std::size_t start = 0;
        while (start <= path.size()) {
            std::size_t end = path.find('/', start);
            if (end == std::string_view::npos) end = path.size();
            std::string_view seg = path.substr(start, end - start);
            if (seg == "..") {
                if (!segments.empty()) segments.pop_back();
            } else if (!seg.empty() && seg != ".") {
                segments.emplace_back(seg);
            }
            start = end + 1;
        }
    };
    if (!t.starts_with("/")) {
        const auto slash = owner_part.rfind('/');
        if (slash != std::string_view::npos) push_path(owner_part.substr(0, slash));
    }
    push_path(t);
    std::string out;
    for (const std::string& seg : segments) {
        if (!out.empty()) out += '/';
        out += seg;
    }
    return out;
}

bool rel_type_is(std::string_view type, std::string_view kind) {
    return type.size() > kind.size() && type.ends_with(kind) &&
           type[type.size() - kind.size() - 1] == '/';
}

std::vector<Relationship> read_relationships(ZipPackage& package, std::string_view owner_part) {
    std::vector<Relationship> out;
    const std::string path = owner_part.empty() ? "_rels/.rels" : rels_path_for(owner_part);
    auto xml = package.read_if_present(path);
    if (!xml) return out;
    pugi::xml_document doc;
    parse_part(doc, *xml, path);
    pugi::xml_node root = doc.document_element();
    for_each_child(root, "Relationship", [&](pugi::xml_node rel) {
        Relationship r;
        r.id = attribute(rel, "Id").value();
        r.type = attribute(rel, "Type").value();
        r.external = std::string_view(attribute(rel, "TargetMode").value()) == "External";
        r.target = r.external ? attribute(rel, "Target").value()
                              : resolve_target(owner_part, attribute(rel, "Target").value());
        out.push_back(std::move(r));
    });
    return out;
}

}  // namespace kpimap::detail
