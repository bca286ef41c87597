// The strict reading shared by kpimap's own XML files (mappings, crosswalks): DTDs refused,
// every problem reported with its line number, unknown attributes named with the closest known
// one ("did you mean ...?"), so an analyst can fix a file without reading C++.
#pragma once

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "kpimap/mapping.hpp"

namespace kpimap::detail {

class StrictXmlReader {
public:
    // `what` names the kind of file in messages ("mapping", "crosswalk"); `code` is the code of
    // its errors (mapping_invalid, crosswalk_invalid).
    StrictXmlReader(std::string path, std::string text, std::string what,
                    ErrorCode code = ErrorCode::mapping_invalid)
        : path_(std::move(path)), text_(std::move(text)), what_(std::move(what)), code_(code) {}

    // The problems found so far.
    const std::vector<MappingError>& errors() const noexcept { return errors_; }

protected:
    // Parses the text into `doc` (refusing DTDs); false, with an error recorded, when it fails.
    bool parse(pugi::xml_document& doc);
    // 1-based line of a byte offset; 0 when unknown.
    int line_of(std::ptrdiff_t offset) const;
    // 1-based line of an element.
    int line(pugi::xml_node n) const { return line_of(n.offset_debug()); }
    // Records a problem at a line.
    void error(int at, std::string message) {
        errors_.push_back({code_, path_, at, std::move(message)});
    }
    // Reports attributes of `n` outside `allowed`, naming the closest known one.
    void check_attributes(pugi::xml_node n, std::initializer_list<std::string_view> allowed);
    // Reports an element that is not allowed where it stands.
    void unknown_element(pugi::xml_node n, std::string_view parent, std::string_view known);

    std::string path_;
    std::string text_;
    std::string what_;
    ErrorCode code_;
    std::vector<MappingError> errors_;
};

}  // namespace kpimap::detail
