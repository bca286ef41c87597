#include "formats/xml/xml_util.hpp"

#include <fmt/format.h>
#include <unicode/unistr.h>

#include "kpimap/error.hpp"

namespace kpimap::detail {

pugi::xml_node child(pugi::xml_node parent, std::string_view local) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && local_name(n) == local) return n;
    return {};
}

pugi::xml_attribute attribute(pugi::xml_node node, std::string_view local) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
        if (a.name() == local) return a;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
        if (local_name(a) == local) return a;
    return {};
}

pugi::xml_attribute attribute_any(pugi::xml_node node, std::string_view qualified,
                                  std::string_view local) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
        if (a.name() == qualified) return a;
    return attribute(node, local);
}

void refuse_dtd(std::string_view text, std::string_view part) {
    // A DTD can only appear in the prolog, before the root element: scan up to the first
    // start tag that is not a declaration, comment or processing instruction.
    std::size_t pos = 0;
    while ((pos = text.find('<', pos)) != std::string_view::npos) {
        std::string_view rest = text.substr(pos);
        if (rest.starts_with("<?")) {
            pos = text.find("?>", pos);
        } else if (rest.starts_with("<!--")) {
            pos = text.find("-->", pos);
        } else if (rest.starts_with("<!")) {
            throw ReadError(ErrorCode::xml_forbidden_dtd, std::string(part),
                            "the XML declares a DTD or entities, which workbooks never need; "
                            "refused without expanding anything",
                            static_cast<std::int64_t>(pos));
        } else {
            return;
        }
        if (pos == std::string_view::npos) return;
        ++pos;
    }
}

void utf16_to_utf8(std::string& text) {
    if (text.size() < 2) return;
    const auto b0 = static_cast<unsigned char>(text[0]), b1 = static_cast<unsigned char>(text[1]);
    const bool little = b0 == 0xFF && b1 == 0xFE, big = b0 == 0xFE && b1 == 0xFF;
    if (!little && !big) return;
    std::u16string units;
    units.reserve(text.size() / 2);
    for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
        const auto lo = static_cast<unsigned char>(text[little ? i : i + 1]);
        const auto hi = static_cast<unsigned char>(text[little ? i + 1 : i]);
        units.push_back(static_cast<char16_t>(lo | (hi << 8)));
    }
    std::string out;
    icu::UnicodeString(units.data(), static_cast<int32_t>(units.size())).toUTF8String(out);
    // The declaration may still say encoding="UTF-16"; pugixml is told UTF-8 explicitly.
    text = std::move(out);
}

void parse_part(pugi::xml_document& doc, std::string& text, std::string_view part) {
    utf16_to_utf8(text);
    refuse_dtd(text, part);
    pugi::xml_parse_result result =
        doc.load_buffer_inplace(text.data(), text.size(), kParseOptions, pugi::encoding_utf8);
    if (!result) {
        throw ReadError(ErrorCode::xml_malformed, std::string(part),
                        fmt::format("not well-formed XML ({})", result.description()),
                        static_cast<std::int64_t>(result.offset));
    }
}

std::string text_content(pugi::xml_node node) {
    // Walked without recursion: a hostile part may nest elements hundreds of thousands deep.
    std::string out;
    pugi::xml_node n = node.first_child();
    while (n) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
            out += n.value();
        } else if (n.type() == pugi::node_element && n.first_child()) {
            n = n.first_child();
            continue;
        }
        while (n != node && !n.next_sibling()) n = n.parent();
        n = n == node ? pugi::xml_node() : n.next_sibling();
    }
    return out;
}

}  // namespace kpimap::detail
