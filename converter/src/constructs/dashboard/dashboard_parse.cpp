// <dashboard>: a theme sheet of priorities, numbered indicators, commitments, actions and
// cross-references, parsed into a DashboardRule.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>

#include "kpimap/workbook.hpp"
#include "mapping/mapping_parser.hpp"

namespace kpimap::detail {

void MappingParser::parse_dashboard(pugi::xml_node n, Mapping& m) {
    check_attributes(n, {"id", "sheet", "header", "search-rows"});
    DashboardRule d;
    d.line = line(n);
    d.id = n.attribute("id").value();
    d.sheet = sheet_attribute(n);
    d.header = n.attribute("header").value();
    if (d.header.empty())
        error(d.line, "<dashboard> needs header=\"...\": the text of one cell of its header row");
    d.search_rows = int_attribute(n, "search-rows", 10, 1);
    auto level = [&](pugi::xml_node c, std::string& out) {
        if (c.attribute("level")) {
            out = c.attribute("level").value();
            if (out.empty())
                error(line(c),
                      "level=\"\" is empty; name the outcome level or leave the attribute out");
        }
    };
    auto header = [&](pugi::xml_node c, const char* name, std::string& out) {
        out = c.attribute(name).value();
        if (out.empty())
            error(line(c), fmt::format("<{}> needs {}=\"...\": the header text of its column",
                                       c.name(), name));
    };
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view name = c.name();
        if (name == "theme") {
            check_attributes(c, {"cell", "level"});
            d.theme_cell = c.attribute("cell").value();
            if (c.attribute("cell") && !parse_a1(d.theme_cell))
                error(line(c),
                      fmt::format("cell=\"{}\" is not a cell address like A1", d.theme_cell));
            level(c, d.theme_level);
        } else if (name == "priorities") {
            check_attributes(c, {"header", "level"});
            header(c, "header", d.priority_header);
            level(c, d.priority_level);
        } else if (name == "indicators") {
            check_attributes(c, {"header", "marker"});
            header(c, "header", d.indicator_header);
            pattern_attribute(c, "marker", d.indicator_marker);
        } else if (name == "commitments") {
            check_attributes(c, {"ref-header", "header", "success-header-pattern", "level"});
            header(c, "ref-header", d.ref_header);
            header(c, "header", d.commitment_header);
            pattern_attribute(c, "success-header-pattern", d.success_header_pattern);
            level(c, d.commitment_level);
        } else if (name == "actions") {
            check_attributes(c, {"header", "level"});
            header(c, "header", d.action_header);
            level(c, d.action_level);
        } else if (name == "references") {
            check_attributes(c,
                             {"code-pattern", "cue-pattern", "not-after", "placeholder-pattern"});
            pattern_attribute(c, "code-pattern", d.code_pattern);
            pattern_attribute(c, "cue-pattern", d.cue_pattern);
            pattern_attribute(c, "placeholder-pattern", d.placeholder_pattern);
            if (c.attribute("not-after")) {
                d.not_after.clear();
                std::istringstream words(c.attribute("not-after").value());
                for (std::string w; words >> w;) {
                    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char ch) {
                        return static_cast<char>(std::tolower(ch));
                    });
                    d.not_after.push_back(w);
                }
            }
        } else {
            unknown_element(c, "dashboard",
                            "theme, priorities, indicators, commitments, actions, references");
        }
    }
    if (d.indicator_header.empty() && d.ref_header.empty() && d.action_header.empty())
        error(d.line,
              "<dashboard> needs at least one of <indicators>, <commitments> and <actions>");
    if (!d.action_header.empty() && d.ref_header.empty())
        error(d.line,
              "<actions> needs <commitments>: actions are linked to the commitment their code "
              "names");
    m.dashboards.push_back(std::move(d));
}

}  // namespace kpimap::detail
