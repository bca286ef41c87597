// <series-blocks>: indicator blocks under a "Year" label, parsed into a SeriesRule.
#include <fmt/format.h>

#include "kpimap/workbook.hpp"
#include "mapping/mapping_parser.hpp"

namespace kpimap::detail {

void MappingParser::parse_series(pugi::xml_node n, Mapping& m) {
    check_attributes(n, {"id", "sheet", "period-label", "value-labels"});
    SeriesRule r;
    r.line = line(n);
    r.id = n.attribute("id").value();
    r.sheet = sheet_attribute(n);
    r.period_label = n.attribute("period-label").as_string("Year");
    r.value_labels = bar_list(n.attribute("value-labels").as_string("Value"));
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view name = c.name();
        if (name == "outcome") {
            check_attributes(c, {"cell", "level", "code-pattern", "summary-cell"});
            r.outcome_cell = c.attribute("cell").value();
            r.summary_cell = c.attribute("summary-cell").value();
            if (!r.summary_cell.empty() && !parse_a1(r.summary_cell))
                error(line(c), fmt::format("summary-cell=\"{}\" is not a cell address like A2",
                                           r.summary_cell));
            r.outcome_level = c.attribute("level").as_string("outcome");
            r.outcome_code_pattern = c.attribute("code-pattern").value();
            check_regex(c, r.outcome_code_pattern);
            if (!parse_a1(r.outcome_cell))
                error(line(c),
                      fmt::format("cell=\"{}\" is not a cell address like A1", r.outcome_cell));
        } else if (name == "judgement") {
            check_attributes(c, {"pattern"});
            r.judgement_pattern = c.attribute("pattern").value();
            check_regex(c, r.judgement_pattern);
        } else {
            unknown_element(c, "series-blocks", "outcome, judgement");
        }
    }
    m.series.push_back(std::move(r));
}

}  // namespace kpimap::detail
