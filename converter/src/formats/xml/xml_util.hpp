// XML helpers shared by the OOXML and ODF readers: safe parsing (DTDs refused, entities never
// expanded) and namespace-prefix-agnostic navigation, since producers use any prefix they like
// ("x:row", "row") and strict OOXML uses other namespace URIs for the same local names.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace kpimap::detail {

// The name without its namespace prefix: "x:row" -> "row".
inline std::string_view local_name(const char* qualified) {
    std::string_view name(qualified);
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}
inline std::string_view local_name(pugi::xml_node node) {
    return local_name(node.name());
}

// True when `qualified` is `local` or "prefix:local". Checks the unprefixed form first: it is
// what almost every producer writes, and this runs once per cell on large sheets.
inline bool is_local_name(const char* qualified, std::string_view local) {
    if (qualified[0] == local[0] &&
        std::char_traits<char>::compare(qualified, local.data(), local.size()) == 0 &&
        qualified[local.size()] == '\0')
        return true;
    return local_name(qualified) == local;
}
inline std::string_view local_name(pugi::xml_attribute attr) {
    return local_name(attr.name());
}

// First child element with this local name; a null node when absent.
pugi::xml_node child(pugi::xml_node parent, std::string_view local);
// Attribute by local name ("r:id" matches "id" only when `local` is "id" and no exact match
// exists); a null attribute when absent.
pugi::xml_attribute attribute(pugi::xml_node node, std::string_view local);
// Attribute by exact qualified name or, failing that, by local name.
pugi::xml_attribute attribute_any(pugi::xml_node node, std::string_view qualified,
                                  std::string_view local);

// Calls fn(node) for each child element with this local name.
template <typename Fn>
void for_each_child(pugi::xml_node parent, std::string_view local, Fn&& fn) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && local_name(n) == local) fn(n);
}

// Re-encodes a UTF-16 part (detected by its byte-order mark) as UTF-8 in place, so the DTD
// check and the parsers see the real characters. Other text is left alone.
void utf16_to_utf8(std::string& text);

// Throws ReadError(xml_forbidden_dtd) when the prolog of `text` declares a DTD or entities.
void refuse_dtd(std::string_view text, std::string_view part);

// pugixml options used for every part: CDATA and escapes, whitespace-only text kept when it is
// an element's only content (so " " survives), no DOCTYPE nodes.
inline constexpr unsigned kParseOptions =
    pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol | pugi::parse_ws_pcdata_single;

// Parses a whole part after refusing DTDs; throws ReadError(xml_malformed) with the offset.
void parse_part(pugi::xml_document& doc, std::string& text, std::string_view part);

// Concatenated text of all descendant text nodes.
std::string text_content(pugi::xml_node node);

}  // namespace kpimap::detail
