#include "mapping/strict_xml.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "formats/xml/xml_util.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap::detail {

bool StrictXmlReader::parse(pugi::xml_document& doc) {
    try {
        refuse_dtd(text_, path_);
    } catch (const std::exception&) {
        error(0, fmt::format("the {} declares a DTD or entities; remove the <!DOCTYPE ...> line",
                             what_));
        return false;
    }
    std::string buffer = text_;
    const pugi::xml_parse_result parsed =
        doc.load_buffer(buffer.data(), buffer.size(), kParseOptions);
    if (!parsed) {
        error(
            line_of(static_cast<std::ptrdiff_t>(parsed.offset)),
            fmt::format("not well-formed XML: {}; check the tag at this line is closed and quoted",
                        parsed.description()));
        return false;
    }
    return true;
}

int StrictXmlReader::line_of(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    const auto end =
        text_.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(text_.size()));
    return 1 + static_cast<int>(std::count(text_.begin(), end, '\n'));
}

void StrictXmlReader::check_attributes(pugi::xml_node n,
                                       std::initializer_list<std::string_view> allowed) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = a.name();
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        if (name.starts_with("xmlns")) continue;
        std::string hint;
        int best = 3;
        for (std::string_view candidate : allowed) {
            const int d = edit_distance(name, candidate, 2);
            if (d < best) {
                best = d;
                hint = fmt::format("; did you mean '{}'?", candidate);
            }
        }
        std::string known;
        for (std::string_view candidate : allowed)
            known += (known.empty() ? "" : ", ") + std::string(candidate);
        error(line(n),
              fmt::format("<{}> has no attribute '{}'{} (known: {})", n.name(), name, hint, known));
    }
}

void StrictXmlReader::unknown_element(pugi::xml_node n, std::string_view parent,
                                      std::string_view known) {
    error(line(n),
          fmt::format("<{}> is not allowed inside <{}> (allowed: {})", n.name(), parent, known));
}

}  // namespace kpimap::detail
