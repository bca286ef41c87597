// <matrix>: row items against column items, each marked cell a typed link, parsed into a
// MatrixRule.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "mapping/mapping_parser.hpp"

namespace kpimap::detail {

void MappingParser::parse_matrix(pugi::xml_node n, Mapping& m) {
    check_attributes(n, {"id", "sheet", "header", "search-rows"});
    MatrixRule x;
    x.line = line(n);
    x.id = n.attribute("id").value();
    x.sheet = sheet_attribute(n);
    x.header = n.attribute("header").value();
    x.search_rows = int_attribute(n, "search-rows", 30, 1);
    if (x.header.empty())
        error(x.line, "<matrix> needs header=\"...\": the text of the row-items header cell");
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view name = c.name();
        if (name == "rows") {
            check_attributes(c, {"header", "level", "code-pattern"});
            x.row_header = c.attribute("header").value();
            x.row_level = c.attribute("level").value();
            x.row_code_pattern = c.attribute("code-pattern").value();
            check_regex(c, x.row_code_pattern);
        } else if (name == "row-detail") {
            check_attributes(c, {"header", "role", "split"});
            x.detail_header = c.attribute("header").value();
            const std::string split_text = c.attribute("split").as_string("none");
            const std::optional<ListSplit> split = keyword_value<ListSplit>(split_text);
            x.detail_split = split.value_or(ListSplit::none);
            if (keyword_value<ColumnRole>(c.attribute("role").as_string("indicator.title")) !=
                ColumnRole::indicator_title)
                error(line(c), "<row-detail> supports role=\"indicator.title\" only");
            if (!split)
                error(line(c), fmt::format("split=\"{}\" is not known (known: {})", split_text,
                                           known_keywords<ListSplit>()));
        } else if (name == "columns") {
            check_attributes(c, {"first", "last", "level", "catalogue"});
            x.first_column = int_attribute(c, "first", 0, 1);
            x.last_column = int_attribute(c, "last", 0, 1);
            x.column_level = c.attribute("level").value();
            x.catalogue = c.attribute("catalogue").value();
            if (x.last_column < x.first_column)
                error(line(c),
                      "<columns> needs first=\"N\" and last=\"M\" with M >= N (1 = column A)");
        } else if (name == "cells") {
            check_attributes(c, {"vocabulary", "link"});
            x.cell_vocabulary = c.attribute("vocabulary").value();
            x.link_kind = c.attribute("link").as_string("contributes_to");
        } else {
            unknown_element(c, "matrix", "rows, row-detail, columns, cells");
        }
    }
    if (x.row_header.empty()) error(x.line, "<matrix> needs <rows header=\"...\" level=\"...\"/>");
    if (x.first_column == 0)
        error(x.line, "<matrix> needs <columns first=\"N\" last=\"M\" level=\"...\"/>");
    if (x.cell_vocabulary.empty())
        error(x.line, "<matrix> needs <cells vocabulary=\"...\"/> naming its markers");
    m.matrices.push_back(std::move(x));
}

}  // namespace kpimap::detail
