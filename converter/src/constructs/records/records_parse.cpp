// <records>: a long table, one row per observation under a header row (the Fingertips upload
// format), parsed into a RecordsRule with its fields.
#include <fmt/format.h>

#include <optional>
#include <set>
#include <string>

#include "kpimap/period.hpp"
#include "kpimap/text_match.hpp"
#include "mapping/mapping_parser.hpp"

namespace kpimap::detail {

void MappingParser::parse_records(pugi::xml_node n, Mapping& m) {
    check_attributes(n,
                     {"id", "sheet", "header", "search-rows", "existing", "year-type", "period"});
    RecordsRule r;
    r.line = line(n);
    r.id = n.attribute("id").value();
    r.sheet = sheet_attribute(n);
    r.header = n.attribute("header").value();
    if (r.header.empty())
        error(r.line, "<records> needs header=\"...\": the text of one cell of its header row");
    r.search_rows = int_attribute(n, "search-rows", 30, 1);
    const std::string existing = n.attribute("existing").as_string("update");
    if (existing != "update" && existing != "replace")
        error(r.line,
              fmt::format("existing=\"{}\" is not known (known: update, replace)", existing));
    r.replace_existing = existing == "replace";
    const std::string year_type = n.attribute("year-type").as_string("calendar");
    if (year_type != "calendar" && year_type != "financial")
        error(r.line,
              fmt::format("year-type=\"{}\" is not known (known: calendar, financial)", year_type));
    r.financial_years = year_type == "financial";
    r.period = n.attribute("period").value();
    if (n.attribute("period") && !parse_period(r.period))
        error(r.line, fmt::format("period=\"{}\" is no period kpimap reads (2021/22, 2021, "
                                  "2021 Q1, ...)",
                                  r.period));
    std::set<FieldRole> roles_seen;
    std::set<std::string> headers_seen, dimensions_seen;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (std::string_view(c.name()) != "field") {
            unknown_element(c, "records", "field");
            continue;
        }
        check_attributes(
            c, {"header", "role", "scheme", "value", "empty-value", "dimension", "category-as"});
        RecordField f;
        f.line = line(c);
        f.header = c.attribute("header").value();
        const std::string role_text = c.attribute("role").value();
        const std::optional<FieldRole> role = keyword_value<FieldRole>(role_text);
        f.role = role.value_or(FieldRole::ignore);
        f.scheme = c.attribute("scheme").as_string("local");
        f.has_value = static_cast<bool>(c.attribute("value"));
        f.value = c.attribute("value").value();
        f.empty_value = c.attribute("empty-value").value();
        f.dimension = c.attribute("dimension").value();
        const std::string category_as = c.attribute("category-as").as_string("name");
        f.category_as_code = category_as == "code";
        if (category_as != "name" && category_as != "code")
            error(f.line,
                  fmt::format("category-as=\"{}\" is not known (known: name, code)", category_as));
        if (role == FieldRole::breakdown && f.dimension.empty())
            error(f.line,
                  "role=\"breakdown\" needs dimension=\"...\" (e.g. sex): the "
                  "dimension whose category the column holds");
        if (role == FieldRole::breakdown &&
            !dimensions_seen.insert(normalise_text(f.dimension)).second)
            error(f.line, fmt::format("dimension=\"{}\" is given to two <field>s", f.dimension));
        if (role != FieldRole::breakdown &&
            (c.attribute("dimension") || c.attribute("category-as")))
            error(f.line,
                  "dimension=\"...\" and category-as=\"...\" belong on "
                  "role=\"breakdown\" fields only");
        if (f.header.empty()) error(f.line, "<field> needs header=\"...\"");
        if (!headers_seen.insert(normalise_text(f.header)).second)
            error(f.line, fmt::format("header=\"{}\" is given to two <field>s", f.header));
        if (!role) {
            error(f.line, fmt::format("role=\"{}\" is not known (known: {})", role_text,
                                      known_keywords<FieldRole>(KeywordOrder::alphabetical)));
        } else if (role != FieldRole::constant && role != FieldRole::ignore &&
                   role != FieldRole::breakdown && !roles_seen.insert(*role).second) {
            error(f.line, fmt::format("role=\"{}\" is given to two <field>s", role_text));
        }
        if (f.has_value && role != FieldRole::constant)
            error(f.line, "value=\"...\" belongs on role=\"constant\" fields only");
        if (c.attribute("scheme") && role != FieldRole::indicator_code)
            error(f.line, "scheme=\"...\" belongs on the role=\"indicator.code\" field only");
        r.fields.push_back(std::move(f));
    }
    if (!roles_seen.contains(FieldRole::indicator_code) &&
        !roles_seen.contains(FieldRole::indicator_title))
        error(r.line,
              "<records> needs a <field role=\"indicator.code\"> (or indicator.title): the "
              "column saying which indicator a row is about");
    if (!roles_seen.contains(FieldRole::value))
        error(r.line, "<records> needs a <field role=\"value\">");
    const bool period_column =
        roles_seen.contains(FieldRole::period) || roles_seen.contains(FieldRole::period_year);
    if (!r.period.empty() && period_column)
        error(r.line,
              "period=\"...\" is for a <records> table without period columns; this "
              "one has a <field role=\"period\"> or role=\"period.year\"");
    else if (r.period.empty() &&
             roles_seen.contains(FieldRole::period) == roles_seen.contains(FieldRole::period_year))
        error(r.line,
              "<records> needs either a <field role=\"period\"> (period text such as 2013/14) "
              "or a <field role=\"period.year\"> (the start year, with period.year-range), "
              "not both; or, without period columns, period=\"2021/22\" on the <records>");
    if (roles_seen.contains(FieldRole::period_year) &&
        !roles_seen.contains(FieldRole::period_year_range))
        error(r.line,
              "role=\"period.year\" needs a <field role=\"period.year-range\">: the years the "
              "period covers");
    m.records.push_back(std::move(r));
}

}  // namespace kpimap::detail
