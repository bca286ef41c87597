// <table>: a mapping's table (a header row found by its text, then one logical row per record)
// parsed into a TableRule, every problem reported with its line.
#include <fmt/format.h>

#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kpimap/text_match.hpp"
#include "mapping/mapping_parser.hpp"

namespace kpimap::detail {

void MappingParser::parse_table(pugi::xml_node n, Mapping& m) {
    check_attributes(n, {"id", "sheet", "header", "search-rows", "end-after-blank-rows", "stacked",
                         "section-level", "indicator", "measure"});
    TableRule t;
    t.line = line(n);
    t.id = n.attribute("id").value();
    t.sheet = sheet_attribute(n);
    t.header = n.attribute("header").value();
    if (t.header.empty())
        error(t.line, "<table> needs header=\"...\": the text of one cell of its header row");
    t.search_rows = int_attribute(n, "search-rows", 30, 1);
    t.end_after_blank_rows = int_attribute(n, "end-after-blank-rows", 4, 1);
    t.stacked = n.attribute("stacked").as_bool(false);
    t.section_level = n.attribute("section-level").value();
    t.indicator = n.attribute("indicator").value();
    const std::string measure_text = n.attribute("measure").as_string("value");
    const std::optional<TableMeasure> measure = keyword_value<TableMeasure>(measure_text);
    t.measure = measure.value_or(TableMeasure::value);
    if (!measure)
        error(t.line, fmt::format("measure=\"{}\" is not known ({})", measure_text,
                                  known_keywords<TableMeasure>()));
    if (n.attribute("section-level") && t.section_level.empty())
        error(t.line,
              "section-level=\"\" is empty; name the outcome level of sections (e.g. section)");
    bool has_key = false;
    // Parallel to t.columns: each column's role, nullopt when the file names no known role, and
    // the role as written, so checks across columns quote an unknown role as the file has it.
    std::vector<std::optional<ColumnRole>> roles;
    std::vector<std::string> role_texts;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view name = c.name();
        if (name == "column" || name == "columns") {
            ColumnRule col;
            col.line = line(c);
            if (name == "column") {
                check_attributes(
                    c, {"header", "header-pattern", "role", "level", "group-start", "vocabulary",
                        "scheme", "key", "gap-pattern", "split", "dimension"});
                col.header = c.attribute("header").value();
                // One column found by a pattern, for headers that carry changing note
                // references ("CASSR name [notes 1, 2 and 11]").
                col.header_pattern = c.attribute("header-pattern").value();
                check_regex(c, col.header_pattern);
                if (col.header.empty() == col.header_pattern.empty())
                    error(col.line,
                          "<column> needs header=\"...\" or header-pattern=\"...\" (one of "
                          "them; use <columns header-pattern> for repeated columns)");
            } else {
                check_attributes(
                    c, {"header-pattern", "role", "vocabulary", "period", "dimension", "category",
                        "upper-role", "upper-pattern", "upper-dimension", "upper-category"});
                col.category = c.attribute("category").value();
                // indicator.title is the only upper role (refused below otherwise).
                if (c.attribute("upper-role")) col.upper_role = ColumnRole::indicator_title;
                col.upper_pattern = c.attribute("upper-pattern").value();
                check_regex(c, col.upper_pattern);
                col.upper_dimension = c.attribute("upper-dimension").value();
                col.upper_category = c.attribute("upper-category").value();
                if (c.attribute("upper-role") &&
                    keyword_value<ColumnRole>(c.attribute("upper-role").value()) !=
                        ColumnRole::indicator_title)
                    error(col.line, "upper-role=\"indicator.title\" is the only upper role");
                if ((c.attribute("upper-dimension") || c.attribute("upper-category")) &&
                    (col.upper_dimension.empty() || col.upper_category.empty()))
                    error(col.line,
                          "a breakdown from the header row above needs both "
                          "upper-dimension=\"...\" and upper-category=\"...\" (\"$1\" for "
                          "capture 1 of upper-pattern)");
                col.header_pattern = c.attribute("header-pattern").value();
                check_regex(c, col.header_pattern);
                col.period = c.attribute("period").value();
                if (col.header_pattern.empty())
                    error(col.line, "<columns> needs header-pattern=\"...\"");
            }
            const std::string role_text = c.attribute("role").value();
            const std::optional<ColumnRole> role = keyword_value<ColumnRole>(role_text);
            col.role = role.value_or(ColumnRole::ignore);
            col.level = c.attribute("level").value();
            col.group_start = c.attribute("group-start").value();
            check_regex(c, col.group_start);
            col.vocabulary = c.attribute("vocabulary").value();
            col.scheme = c.attribute("scheme").value();
            col.key = c.attribute("key").as_bool(false);
            col.gap_pattern = c.attribute("gap-pattern").value();
            check_regex(c, col.gap_pattern);
            const std::optional<ListSplit> split =
                keyword_value<ListSplit>(c.attribute("split").value());
            col.split = split.value_or(ListSplit::none);
            col.dimension = c.attribute("dimension").value();
            if (role == ColumnRole::breakdown && (name != "column" || col.dimension.empty()))
                error(col.line,
                      "role=\"breakdown\" belongs on a <column> with dimension=\"...\" "
                      "naming what its cells are categories of (e.g. sex); on the key "
                      "column, each row is a category");
            if (name == "column" && c.attribute("dimension") && role != ColumnRole::breakdown)
                error(col.line, "dimension=\"...\" on a <column> needs role=\"breakdown\"");
            if (name == "columns" && (c.attribute("dimension") || c.attribute("category")) &&
                (col.dimension.empty() || col.category.empty() || role != ColumnRole::observation))
                error(col.line,
                      "a <columns> family that sets a breakdown needs both dimension=\"...\" "
                      "and category=\"...\" (\"$1\" for capture 1) and role=\"observation\"");
            if (c.attribute("split") && (split != ListSplit::numbered_list || !col.key ||
                                         role != ColumnRole::indicator_title))
                error(col.line,
                      "split=\"numbered-list\" is the only split and belongs on the key column "
                      "(role=\"indicator.title\" key=\"true\")");
            if (c.attribute("gap-pattern") &&
                (col.gap_pattern.empty() || !col.key || role != ColumnRole::indicator_title))
                error(col.line,
                      "gap-pattern=\"...\" needs a non-empty pattern and belongs on the key "
                      "column "
                      "(role=\"indicator.title\" key=\"true\")");
            if (!role)
                error(col.line,
                      fmt::format("role=\"{}\" is not known (known: {})", role_text,
                                  known_keywords<ColumnRole>(KeywordOrder::alphabetical)));
            if (role == ColumnRole::outcome && col.level.empty())
                error(col.line, "role=\"outcome\" needs level=\"...\" (e.g. domain, theme)");
            if ((role == ColumnRole::expectation || role == ColumnRole::observation ||
                 role == ColumnRole::denominator) &&
                name == "column")
                error(col.line, fmt::format("role=\"{}\" is for repeated period columns: use "
                                            "<columns header-pattern=\"...\" period=\"$1\">",
                                            role_text));
            has_key = has_key || col.key;
            t.columns.push_back(std::move(col));
            roles.push_back(role);
            role_texts.push_back(role_text);
        } else if (name == "breakdown") {
            check_attributes(c, {"dimension", "category", "title-pattern"});
            BreakdownPair pair{c.attribute("dimension").value(), c.attribute("category").value()};
            if (pair.dimension.empty() || pair.category.empty())
                error(line(c),
                      "<breakdown> needs dimension=\"...\" and category=\"...\" "
                      "(e.g. dimension=\"age\" category=\"18-64\")");
            const std::string pattern = c.attribute("title-pattern").value();
            if (c.attribute("title-pattern")) {
                if (pattern.empty())
                    error(line(c),
                          "title-pattern=\"\" is empty; give the pattern of the "
                          "block title above the header row (e.g. aged (\\S+))");
                check_regex(c, pattern);
                t.title_breakdowns.push_back({std::move(pair), pattern, line(c)});
            } else {
                t.breakdown.push_back(std::move(pair));
            }
        } else if (name == "section") {
            check_attributes(c, {"title", "dimension"});
            TableRule::Section sec{c.attribute("title").value(), c.attribute("dimension").value(),
                                   line(c)};
            if (sec.title.empty() || sec.dimension.empty())
                error(sec.line,
                      "<section> needs title=\"...\" (the section row's text) and "
                      "dimension=\"...\" (what the rows under it are categories of)");
            t.sections.push_back(std::move(sec));
        } else if (name == "comparator") {
            check_attributes(c, {"category"});
            t.comparator = c.attribute("category").value();
            if (t.comparator.empty())
                error(line(c), "<comparator> needs category=\"...\" (the comparator row's key)");
        } else if (name == "continuation") {
            check_attributes(c, {"key-empty", "key-lowercase", "dangling-words", "key-repeated"});
            t.continuation.key_empty = c.attribute("key-empty").as_bool(true);
            t.continuation.key_lowercase = c.attribute("key-lowercase").as_bool(true);
            t.continuation.key_repeated = c.attribute("key-repeated").as_bool(true);
            std::istringstream words(c.attribute("dangling-words").value());
            for (std::string w; words >> w;) t.continuation.dangling_words.push_back(w);
        } else if (name == "status" || name == "status-columns") {
            StatusTarget st = name == "status" ? parse_status(c) : parse_status_columns(c);
            for (const StatusTarget& other : t.statuses)
                if (normalise_text(other.header + other.header_pattern) ==
                    normalise_text(st.header + st.header_pattern))
                    error(st.line, fmt::format("a second <status> with header=\"{}\" in this "
                                               "<table>; each status column needs its own header",
                                               st.header));
            t.statuses.push_back(std::move(st));
        } else {
            unknown_element(c, "table",
                            "column, columns, breakdown, section, comparator, continuation, "
                            "status, status-columns");
        }
    }
    if (!has_key)
        error(t.line,
              "<table> needs one <column ... key=\"true\">: the column that identifies a record");
    // Category rows: the key names a category, so values take their indicator from the
    // column (upper-role) or the table; the row-only constructs need such a key.
    bool category_rows = false;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        category_rows = category_rows || (t.columns[i].key && roles[i] == ColumnRole::breakdown);
    if (category_rows) {
        bool every_value_has_indicator = !t.indicator.empty();
        if (!every_value_has_indicator) {
            every_value_has_indicator = true;
            for (std::size_t i = 0; i < t.columns.size(); ++i)
                if ((roles[i] == ColumnRole::observation || roles[i] == ColumnRole::denominator) &&
                    !t.columns[i].upper_role)
                    every_value_has_indicator = false;
        }
        if (!every_value_has_indicator)
            error(t.line,
                  "the key column is role=\"breakdown\" (each row a category), so each value "
                  "needs an indicator: give the <table> indicator=\"...\" or its <columns> "
                  "upper-role=\"indicator.title\"");
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            if (roles[i] != ColumnRole::breakdown && roles[i] != ColumnRole::breakdown_code &&
                roles[i] != ColumnRole::observation && roles[i] != ColumnRole::denominator &&
                roles[i] != ColumnRole::ignore)
                error(t.columns[i].line,
                      fmt::format("role=\"{}\" describes an indicator row; in a table of "
                                  "category rows (key role=\"breakdown\") use breakdown, "
                                  "breakdown.code, observation, denominator or ignore",
                                  role_texts[i]));
    } else {
        if (!t.sections.empty())
            error(t.sections.front().line,
                  "<section> needs the key column to be role=\"breakdown\" (category rows)");
        if (!t.comparator.empty())
            error(t.line,
                  "<comparator> needs the key column to be role=\"breakdown\" (category rows)");
        if (measure != TableMeasure::value)
            error(t.line, fmt::format("measure=\"{}\" needs the key column to be "
                                      "role=\"breakdown\" (category rows)",
                                      measure_text));
        for (const ColumnRule& col : t.columns)
            if (col.role == ColumnRole::breakdown_code || col.role == ColumnRole::denominator)
                error(col.line, fmt::format("role=\"{}\" needs the key column to be "
                                            "role=\"breakdown\" (category rows)",
                                            column_role_name(col.role)));
    }
    // Several role="outcome" columns nest in the order they are listed (ambition, then
    // outcome); a key column with role="outcome" makes the table a list of outcomes.
    std::set<std::string> levels;
    bool outcome_list = false;
    for (const ColumnRule& col : t.columns)
        outcome_list = outcome_list || (col.key && col.role == ColumnRole::outcome);
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const ColumnRule& col = t.columns[i];
        const std::optional<ColumnRole> role = roles[i];
        if (role == ColumnRole::outcome && !levels.insert(col.level).second)
            error(
                col.line,
                fmt::format("level=\"{}\" is given to two role=\"outcome\" columns of this table; "
                            "nested outcome columns need distinct levels",
                            col.level));
        if (outcome_list && role == ColumnRole::outcome && !col.key)
            error(col.line,
                  "a table whose key column has role=\"outcome\" is a list of outcomes and "
                  "cannot have "
                  "another role=\"outcome\" column");
        if ((role == ColumnRole::outcome_code || role == ColumnRole::outcome_summary ||
             role == ColumnRole::outcome_outputs) &&
            !outcome_list)
            error(col.line,
                  fmt::format("role=\"{}\" needs the key column to have role=\"outcome\" (a "
                              "list of outcomes)",
                              role_texts[i]));
        if (outcome_list && role != ColumnRole::outcome && role != ColumnRole::outcome_code &&
            role != ColumnRole::outcome_summary && role != ColumnRole::outcome_outputs &&
            role != ColumnRole::ignore)
            error(col.line,
                  fmt::format(
                      "role=\"{}\" cannot be used in a list of outcomes (key role=\"outcome\"); "
                      "use outcome.code, outcome.summary, outcome.outputs or ignore",
                      role_texts[i]));
    }
    m.tables.push_back(std::move(t));
}

}  // namespace kpimap::detail
