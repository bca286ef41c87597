// Splicing edits into the original bytes of an XML part: a tag scanner that reports where each
// tag starts and ends, and an edit list applied in one pass. Untouched regions are copied
// verbatim, so a patched part differs from its original only where it had to.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpimap::detail {

// One markup tag of a well-formed XML text.
struct XmlTag {
    enum class Kind : unsigned char { start, end, empty };
    Kind kind = Kind::start;
    std::string_view name;   // qualified name, e.g. "row" or "x:row"
    std::string_view attrs;  // raw text between the name and '>' (or "/>")
    std::size_t begin = 0;   // offset of '<'
    std::size_t end = 0;     // offset just past '>'
};

// Walks the tags of a text already checked to be well-formed (comments, processing
// instructions, CDATA and DOCTYPE are skipped; '>' inside quoted attribute values is handled).
class XmlTagScanner {
public:
    explicit XmlTagScanner(std::string_view text, std::size_t from = 0) : text_(text), pos_(from) {}
    // Moves to the next tag; false at the end of the text.
    bool next(XmlTag& tag);
    // Offset where the next scan starts.
    std::size_t position() const noexcept { return pos_; }

private:
    std::string_view text_;
    std::size_t pos_;
};

// The local part of a qualified name: "x:row" -> "row".
std::string_view xml_local(std::string_view qualified);
// The prefix with its colon: "x:row" -> "x:", "row" -> "".
std::string_view xml_prefix(std::string_view qualified);

// A raw attribute of a tag (value still escaped, without quotes), matched by exact qualified
// name first, then by local name; nullopt when absent.
struct XmlAttr {
    std::string_view value;
    std::size_t value_begin = 0;  // offset of the value inside the tag's `attrs`
};
std::optional<XmlAttr> xml_attr(std::string_view attrs, std::string_view name);

// Escapes text for element content (&, <, >) or, with `attribute`, for a quoted value.
std::string xml_escape(std::string_view text, bool attribute = false);
// Decodes the five predefined entities and character references.
std::string xml_unescape(std::string_view text);

// A replacement of [begin, end) of the original text; begin == end inserts.
struct XmlEdit {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string text;
};

// Applies edits (any order; they must not overlap) to `original`. Inserts at the same offset
// keep the order in which they were given and come before a replacement starting there.
std::string apply_edits(std::string_view original, std::vector<XmlEdit> edits);

// Rewrites (or adds) attribute `name` of the tag text `tag` (the whole "<name ...>" text).
std::string set_tag_attr(std::string_view tag, std::string_view name, std::string_view value);

}  // namespace kpimap::detail
