// <status> and <status-columns>: the columns of a table or period table that `kpimap update`
// fills with computed statuses, parsed into StatusTargets (the containing construct checks that
// each has its own header).
#include <fmt/format.h>

#include <optional>
#include <string>

#include "kpimap/workbook.hpp"
#include "mapping/mapping_parser.hpp"

namespace kpimap::detail {

StatusTarget MappingParser::parse_status(pugi::xml_node c) {
    check_attributes(c, {"show", "header", "column", "write-header", "vocabulary"});
    StatusTarget st;
    st.line = line(c);
    const std::string show_text = c.attribute("show").value();
    const std::optional<StatusShow> show = keyword_value<StatusShow>(show_text);
    st.show = show.value_or(StatusShow::travel);
    if (!show)
        error(st.line, fmt::format("show=\"{}\" is not known (known: {})", show_text,
                                   known_keywords<StatusShow>()));
    st.header = c.attribute("header").value();
    if (st.header.empty())
        error(st.line,
              "<status> needs header=\"...\": the header text of its column (found in the "
              "header row, or written there)");
    st.column = c.attribute("column").value();
    if (!st.column.empty() && !parse_column_name(st.column))
        error(st.line, fmt::format("column=\"{}\" is not a column name like G or AB", st.column));
    st.write_header = c.attribute("write-header").as_bool(true);
    st.vocabulary = c.attribute("vocabulary").value();
    return st;
}

StatusTarget MappingParser::parse_status_columns(pugi::xml_node c) {
    check_attributes(c, {"show", "header-pattern", "period", "vocabulary"});
    StatusTarget st;
    st.line = line(c);
    const std::string show_text = c.attribute("show").value();
    const std::optional<StatusShow> show = keyword_value<StatusShow>(show_text);
    st.show = show.value_or(StatusShow::trajectory);
    if (show != StatusShow::trajectory && show != StatusShow::explanation)
        error(st.line, fmt::format("show=\"{}\" is not known for <status-columns> (known: "
                                   "trajectory, explanation: the status of each period)",
                                   show_text));
    st.header_pattern = c.attribute("header-pattern").value();
    if (st.header_pattern.empty())
        error(st.line, "<status-columns> needs header-pattern=\"...\", e.g. ^RAG (\\d\\d/\\d\\d)$");
    check_regex(c, st.header_pattern);
    st.period = c.attribute("period").as_string("$1");
    st.vocabulary = c.attribute("vocabulary").value();
    st.write_header = false;
    return st;
}

}  // namespace kpimap::detail
