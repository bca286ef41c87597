// <period-table>: rows of indicators under header rows of periods, parsed into a
// PeriodTableRule.
#include <fmt/format.h>

#include <set>
#include <string>

#include "kpimap/text_match.hpp"
#include "mapping/mapping_parser.hpp"

namespace kpimap::detail {

void MappingParser::parse_period_table(pugi::xml_node n, Mapping& m) {
    check_attributes(n, {"id", "sheet", "title-column", "min-periods", "header", "section-level",
                         "comparator-pattern", "lower-ci-pattern", "upper-ci-pattern",
                         "count-pattern", "denominator-pattern"});
    PeriodTableRule r;
    r.line = line(n);
    r.id = n.attribute("id").value();
    r.sheet = sheet_attribute(n);
    r.title_column = int_attribute(n, "title-column", 1, 1);
    r.min_periods = int_attribute(n, "min-periods", 2, 1);
    r.header = n.attribute("header").value();
    if (n.attribute("header") && normalise_text(r.header).empty())
        error(r.line,
              "header=\"\" is empty; give the text of the title cell of the header rows "
              "(e.g. Indicator), or leave the attribute out");
    r.section_level = n.attribute("section-level").as_string("section");
    pattern_attribute(n, "comparator-pattern", r.comparator_pattern);
    pattern_attribute(n, "lower-ci-pattern", r.lower_ci_pattern);
    pattern_attribute(n, "upper-ci-pattern", r.upper_ci_pattern);
    pattern_attribute(n, "count-pattern", r.count_pattern);
    pattern_attribute(n, "denominator-pattern", r.denominator_pattern);
    if (!r.lower_ci_pattern.empty() != !r.upper_ci_pattern.empty())
        error(r.line, "lower-ci-pattern and upper-ci-pattern go together: give both or neither");
    std::set<std::string> status_headers;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view name = c.name();
        if (name != "status" && name != "status-columns") {
            unknown_element(c, "period-table", "status, status-columns");
            continue;
        }
        StatusTarget st = name == "status" ? parse_status(c) : parse_status_columns(c);
        if (!status_headers.insert(normalise_text(st.header + st.header_pattern)).second)
            error(st.line, fmt::format("a second <status> with header=\"{}\" in this "
                                       "<period-table>; each status column needs its own header",
                                       st.header));
        r.statuses.push_back(std::move(st));
    }
    m.period_tables.push_back(std::move(r));
}

}  // namespace kpimap::detail
