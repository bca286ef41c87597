// The parser of one mapping file: the document-level load (includes, detect rules, catalogues,
// vocabularies, dimensions, the checks across constructs and the dispatch to the constructs) is
// in mapping/mapping_loader.cpp; each construct's parse_<construct> is in its own folder,
// src/constructs/<construct>/<construct>_parse.cpp, beside the code that reads it from a sheet.
// Each problem is recorded with its line (errors()); parsing goes on, so one run lists them all.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "kpimap/mapping.hpp"
#include "mapping/mapping_keywords.hpp"
#include "mapping/strict_xml.hpp"

namespace kpimap::detail {

class MappingParser : public StrictXmlReader {
public:
    MappingParser(std::string path, std::string text)
        : StrictXmlReader(std::move(path), std::move(text), "mapping") {}

    // Parses and checks the whole file (mapping_loader.cpp).
    MappingLoadResult load();

    // The constructs, one per element of <mapping>: each appends its rule to `m`.
    void parse_table(pugi::xml_node n, Mapping& m);         // constructs/table
    void parse_matrix(pugi::xml_node n, Mapping& m);        // constructs/matrix
    void parse_series(pugi::xml_node n, Mapping& m);        // constructs/series
    void parse_period_table(pugi::xml_node n, Mapping& m);  // constructs/period_table
    void parse_records(pugi::xml_node n, Mapping& m);       // constructs/records
    void parse_dashboard(pugi::xml_node n, Mapping& m);     // constructs/dashboard
    void parse_fact(pugi::xml_node n, Mapping& m);          // constructs/fact
    // A <status> or a <status-columns> of a table or period table (constructs/status_columns).
    StatusTarget parse_status(pugi::xml_node n);
    StatusTarget parse_status_columns(pugi::xml_node n);

    // Helpers the constructs share (mapping_loader.cpp).

    // Records an error when a non-empty pattern is not a valid ICU regular expression.
    void check_regex(pugi::xml_node n, const std::string& pattern);
    // The whole number of attribute `name`, at least `minimum`; `fallback` when absent or wrong
    // (then with an error).
    int int_attribute(pugi::xml_node n, const char* name, int fallback, int minimum);
    // The sheet="..." of a construct: an ICU regex on sheet names (checked), "*" (the default)
    // for every sheet.
    std::string sheet_attribute(pugi::xml_node n);
    // Sets `out` from a pattern attribute when present, checking it compiles and is not empty.
    void pattern_attribute(pugi::xml_node n, const char* name, std::string& out);
    // "a|b|c" as its non-empty parts (aliases, value labels).
    static std::vector<std::string> bar_list(std::string_view text);

    using StrictXmlReader::check_attributes;
    using StrictXmlReader::error;
    using StrictXmlReader::line;
    using StrictXmlReader::unknown_element;

private:
    void parse_mapping(pugi::xml_node root, Mapping& m);
    void parse_detect(pugi::xml_node n, Mapping& m);
    void parse_framework(pugi::xml_node n, Mapping& m);
    void parse_vocabulary(pugi::xml_node n, Mapping& m);
    void parse_catalogue(pugi::xml_node n, Mapping& m);
    void parse_dimension(pugi::xml_node n, Mapping& m);
    void parse_include(pugi::xml_node n, Mapping& m);
};

}  // namespace kpimap::detail
