// <fact>: one named value in one cell, by address or beside a label, parsed into a FactRule.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "kpimap/text_match.hpp"
#include "kpimap/workbook.hpp"
#include "mapping/mapping_parser.hpp"

namespace kpimap::detail {

// <fact name="council" sheet="..." cell="E3"/> or <fact name="contact" label="Contact:"
// column="E"/>: one named value, by address or beside a label.
void MappingParser::parse_fact(pugi::xml_node n, Mapping& m) {
    check_attributes(n, {"name", "sheet", "cell", "label", "column", "search-rows", "type"});
    FactRule f;
    f.line = line(n);
    f.name = n.attribute("name").value();
    // --set NAME=VALUE names a fact: '=' and spaces would not survive the command line.
    if (f.name.empty() || f.name.find_first_of("= \t\r\n") != std::string::npos)
        error(f.line,
              "<fact> needs name=\"...\" without spaces or '=' (e.g. council, contact-name): "
              "the name the model and --set NAME=VALUE use");
    f.sheet = sheet_attribute(n);
    const bool by_cell = static_cast<bool>(n.attribute("cell"));
    const bool by_label = static_cast<bool>(n.attribute("label"));
    if (by_cell == by_label)
        error(f.line,
              "<fact> needs either cell=\"E3\" (the value's cell) or label=\"...\" (the "
              "text beside it), not both");
    if (by_cell) {
        const std::string_view cell = n.attribute("cell").value();
        f.cell = parse_a1(cell);
        if (!f.cell) error(f.line, fmt::format("cell=\"{}\" is not a cell address like E3", cell));
        if (n.attribute("column") || n.attribute("search-rows"))
            error(f.line, "column=\"...\" and search-rows=\"...\" belong with label=\"...\"");
    }
    if (by_label) {
        f.label = n.attribute("label").value();
        if (normalise_text(f.label).empty())
            error(f.line, "label=\"\" is empty; give the text of the label cell");
    }
    if (pugi::xml_attribute c = n.attribute("column")) {
        f.column = parse_column_name(c.value());
        if (!f.column)
            error(f.line, fmt::format("column=\"{}\" is not a column name like E", c.value()));
    }
    f.search_rows = int_attribute(n, "search-rows", 60, 1);
    const std::string type_text = n.attribute("type").as_string("any");
    const std::optional<FactRule::Type> type = keyword_value<FactRule::Type>(type_text);
    f.type = type.value_or(FactRule::Type::any);
    if (!type)
        error(f.line,
              fmt::format("type=\"{}\" is not known (known: text, number, date)", type_text));
    for (const FactRule& other : m.facts)
        if (other.name == f.name && !f.name.empty())
            error(f.line, fmt::format("<fact name=\"{}\"> is given twice (first at line {})",
                                      f.name, other.line));
    m.facts.push_back(std::move(f));
}

}  // namespace kpimap::detail
