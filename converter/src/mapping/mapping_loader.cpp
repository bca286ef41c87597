// Loads mapping files strictly: every element and attribute must be known, every pattern must
// compile, every vocabulary and catalogue referenced must exist. Each problem is reported with
// the line it is on, so an analyst can fix a typo without reading C++.
#include <fmt/format.h>
#include <unicode/regex.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "formats/xml/xml_util.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/workbook.hpp"
#include "mapping/strict_xml.hpp"

namespace kpimap {

std::string MappingError::text() const {
    if (line > 0) return fmt::format("{}:{}: {}", file, line, message);
    return fmt::format("{}: {}", file, message);
}

const char* fact_type_name(FactRule::Type type) noexcept {
    switch (type) {
        case FactRule::Type::any:
            return "any";
        case FactRule::Type::text:
            return "text";
        case FactRule::Type::number:
            return "number";
        case FactRule::Type::date:
            return "date";
    }
    return "any";
}

namespace {

namespace fs = std::filesystem;

const std::set<std::string> kTableRoles = {"outcome",           "outcome.code",
                                           "outcome.summary",   "outcome.outputs",
                                           "indicator.title",   "indicator.aim",
                                           "indicator.capture", "indicator.code",
                                           "indicator.unit",    "indicator.polarity",
                                           "expectation",       "observation",
                                           "breakdown",         "breakdown.code",
                                           "denominator",       "ignore"};

class Loader : public detail::StrictXmlReader {
public:
    Loader(std::string path, std::string text)
        : StrictXmlReader(std::move(path), std::move(text), "mapping") {}

    MappingLoadResult load() {
        MappingLoadResult result;
        pugi::xml_document doc;
        if (!parse(doc)) {
            result.errors = errors_;
            return result;
        }
        pugi::xml_node root = doc.document_element();
        Mapping m;
        m.path = path_;
        if (std::string_view(root.name()) != "mapping") {
            error(line(root),
                  fmt::format(
                      "the root element is <{}>; a mapping file starts with <mapping id=\"...\">",
                      root.name()));
        } else {
            read_mapping(root, m);
        }
        if (errors_.empty()) result.mapping = std::move(m);
        result.errors = errors_;
        return result;
    }

private:
    void check_regex(pugi::xml_node n, const std::string& pattern) {
        if (pattern.empty()) return;
        UErrorCode status = U_ZERO_ERROR;
        UParseError pe;
        std::unique_ptr<icu::RegexPattern> re(
            icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), pe, status));
        if (U_FAILURE(status))
            error(line(n),
                  fmt::format(
                      "the pattern '{}' is not a valid regular expression ({} at character {})",
                      pattern, u_errorName(status), pe.offset));
    }

    int int_attribute(pugi::xml_node n, const char* name, int fallback, int minimum) {
        pugi::xml_attribute a = n.attribute(name);
        if (!a) return fallback;
        const std::string_view v = a.value();
        int out = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
        if (ec != std::errc{} || end != v.data() + v.size() || out < minimum) {
            error(line(n),
                  fmt::format("{}=\"{}\" must be a whole number of at least {}", name, v, minimum));
            return fallback;
        }
        return out;
    }

    void read_mapping(pugi::xml_node root, Mapping& m) {
        check_attributes(root, {"id", "version", "title"});
        m.id = root.attribute("id").value();
        m.title = root.attribute("title").value();
        if (m.id.empty())
            error(line(root), "<mapping> needs an id=\"...\" (letters, digits and '-')");
        if (std::string_view v = root.attribute("version").value(); !v.empty() && v != "1")
            error(
                line(root),
                fmt::format("version=\"{}\" is not supported; this kpimap reads version=\"1\"", v));
        for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
            if (n.type() != pugi::node_element) continue;
            const std::string_view name = n.name();
            if (name == "description") continue;
            if (name == "detect")
                read_detect(n, m);
            else if (name == "framework")
                read_framework(n, m);
            else if (name == "table")
                read_table(n, m);
            else if (name == "matrix")
                read_matrix(n, m);
            else if (name == "series-blocks")
                read_series(n, m);
            else if (name == "period-table")
                read_period_table(n, m);
            else if (name == "dashboard")
                read_dashboard(n, m);
            else if (name == "records")
                read_records(n, m);
            else if (name == "fact")
                read_fact(n, m);
            else if (name == "vocabulary")
                read_vocabulary(n, m);
            else if (name == "catalogue")
                read_catalogue(n, m);
            else if (name == "dimension")
                read_dimension(n, m);
            else if (name == "include")
                read_include(n, m);
            else
                unknown_element(n, "mapping",
                                "description, detect, framework, table, matrix, series-blocks, "
                                "period-table, dashboard, records, fact, vocabulary, catalogue, "
                                "dimension, include");
        }
        if (m.tables.empty() && m.matrices.empty() && m.series.empty() && m.period_tables.empty() &&
            m.dashboards.empty() && m.records.empty())
            error(line(root),
                  "the mapping has no <table>, <matrix>, <series-blocks>, <period-table>, "
                  "<dashboard> or <records>: it would convert nothing");
        std::vector<const StatusTarget*> statuses;
        for (const PeriodTableRule& p : m.period_tables)
            for (const StatusTarget& st : p.statuses) statuses.push_back(&st);
        for (const TableRule& t : m.tables)
            for (const StatusTarget& st : t.statuses) statuses.push_back(&st);
        for (const StatusTarget* st : statuses)
            if (!st->vocabulary.empty() && !m.vocabularies.contains(st->vocabulary))
                error(st->line, fmt::format("vocabulary=\"{}\" is not defined in this mapping",
                                            st->vocabulary));
        // --set NAME=VALUE fills both facts and <records> constants: one name, one meaning.
        for (const FactRule& f : m.facts)
            for (const RecordsRule& r : m.records)
                for (const RecordField& field : r.fields)
                    if (field.role == "constant" && field.header == f.name)
                        error(f.line,
                              fmt::format("<fact name=\"{}\"> has the name of the constant "
                                          "column at line {}, so --set {}=... could mean either; "
                                          "rename the fact",
                                          f.name, field.line, f.name));
        // References are checked once everything is read, so order in the file does not matter.
        for (const TableRule& t : m.tables)
            for (const ColumnRule& c : t.columns)
                if (!c.vocabulary.empty() && !m.vocabularies.contains(c.vocabulary))
                    error(c.line, fmt::format("vocabulary=\"{}\" is not defined in this mapping",
                                              c.vocabulary));
        for (const MatrixRule& x : m.matrices) {
            if (!x.cell_vocabulary.empty() && !m.vocabularies.contains(x.cell_vocabulary))
                error(x.line, fmt::format("vocabulary=\"{}\" is not defined in this mapping",
                                          x.cell_vocabulary));
            if (!x.catalogue.empty() && !m.catalogues.contains(x.catalogue))
                error(x.line,
                      fmt::format("catalogue=\"{}\" is not defined or included in this mapping",
                                  x.catalogue));
        }
    }

    void read_detect(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"min-score"});
        m.min_score = int_attribute(n, "min-score", 1, 1);
        for (pugi::xml_node r = n.first_child(); r; r = r.next_sibling()) {
            if (r.type() != pugi::node_element) continue;
            DetectRule rule;
            rule.line = line(r);
            const std::string_view name = r.name();
            if (name == "sheet-name") {
                check_attributes(r, {"pattern"});
                rule.kind = DetectRule::Kind::sheet_name;
                rule.value = r.attribute("pattern").value();
                check_regex(r, rule.value);
            } else if (name == "cell") {
                check_attributes(r, {"text", "pattern"});
                if (r.attribute("pattern")) {
                    rule.kind = DetectRule::Kind::cell_pattern;
                    rule.value = r.attribute("pattern").value();
                    check_regex(r, rule.value);
                } else {
                    rule.kind = DetectRule::Kind::cell_text;
                    rule.value = r.attribute("text").value();
                }
            } else {
                unknown_element(r, "detect", "sheet-name, cell");
                continue;
            }
            if (rule.value.empty())
                error(rule.line, fmt::format("<{}> needs a non-empty text or pattern", name));
            m.detect.push_back(std::move(rule));
        }
        if (m.min_score > static_cast<int>(m.detect.size()))
            error(line(n), fmt::format("min-score=\"{}\" is more than the {} rules given",
                                       m.min_score, m.detect.size()));
    }

    void read_framework(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"title", "owner", "period"});
        m.framework_title = n.attribute("title").value();
        m.framework_owner = n.attribute("owner").value();
        m.framework_period = n.attribute("period").value();
    }

    void read_table(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"id", "sheet", "header", "search-rows", "end-after-blank-rows",
                             "stacked", "section-level", "indicator", "measure"});
        TableRule t;
        t.line = line(n);
        t.id = n.attribute("id").value();
        t.sheet = n.attribute("sheet").as_string("*");
        if (t.sheet != "*") check_regex(n, t.sheet);
        t.header = n.attribute("header").value();
        if (t.header.empty())
            error(t.line, "<table> needs header=\"...\": the text of one cell of its header row");
        t.search_rows = int_attribute(n, "search-rows", 30, 1);
        t.end_after_blank_rows = int_attribute(n, "end-after-blank-rows", 4, 1);
        t.stacked = n.attribute("stacked").as_bool(false);
        t.section_level = n.attribute("section-level").value();
        t.indicator = n.attribute("indicator").value();
        t.measure = n.attribute("measure").as_string("value");
        if (t.measure != "value" && t.measure != "margin-95")
            error(t.line, fmt::format("measure=\"{}\" is not known (value, margin-95)", t.measure));
        if (n.attribute("section-level") && t.section_level.empty())
            error(t.line,
                  "section-level=\"\" is empty; name the outcome level of sections (e.g. section)");
        bool has_key = false;
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view name = c.name();
            if (name == "column" || name == "columns") {
                ColumnRule col;
                col.line = line(c);
                if (name == "column") {
                    check_attributes(c, {"header", "header-pattern", "role", "level",
                                         "group-start", "vocabulary", "scheme", "key",
                                         "gap-pattern", "split", "dimension"});
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
                    check_attributes(c, {"header-pattern", "role", "vocabulary", "period",
                                         "dimension", "category", "upper-role", "upper-pattern",
                                         "upper-dimension", "upper-category"});
                    col.category = c.attribute("category").value();
                    col.upper_role = c.attribute("upper-role").value();
                    col.upper_pattern = c.attribute("upper-pattern").value();
                    check_regex(c, col.upper_pattern);
                    col.upper_dimension = c.attribute("upper-dimension").value();
                    col.upper_category = c.attribute("upper-category").value();
                    if (c.attribute("upper-role") && col.upper_role != "indicator.title")
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
                col.role = c.attribute("role").value();
                col.level = c.attribute("level").value();
                col.group_start = c.attribute("group-start").value();
                check_regex(c, col.group_start);
                col.vocabulary = c.attribute("vocabulary").value();
                col.scheme = c.attribute("scheme").value();
                col.key = c.attribute("key").as_bool(false);
                col.gap_pattern = c.attribute("gap-pattern").value();
                check_regex(c, col.gap_pattern);
                col.split = c.attribute("split").value();
                col.dimension = c.attribute("dimension").value();
                if (col.role == "breakdown" && (name != "column" || col.dimension.empty()))
                    error(col.line,
                          "role=\"breakdown\" belongs on a <column> with dimension=\"...\" "
                          "naming what its cells are categories of (e.g. sex); on the key "
                          "column, each row is a category");
                if (name == "column" && c.attribute("dimension") && col.role != "breakdown")
                    error(col.line, "dimension=\"...\" on a <column> needs role=\"breakdown\"");
                if (name == "columns" && (c.attribute("dimension") || c.attribute("category")) &&
                    (col.dimension.empty() || col.category.empty() || col.role != "observation"))
                    error(col.line,
                          "a <columns> family that sets a breakdown needs both dimension=\"...\" "
                          "and category=\"...\" (\"$1\" for capture 1) and role=\"observation\"");
                if (c.attribute("split") &&
                    (col.split != "numbered-list" || !col.key || col.role != "indicator.title"))
                    error(col.line,
                          "split=\"numbered-list\" is the only split and belongs on the key column "
                          "(role=\"indicator.title\" key=\"true\")");
                if (c.attribute("gap-pattern") &&
                    (col.gap_pattern.empty() || !col.key || col.role != "indicator.title"))
                    error(col.line,
                          "gap-pattern=\"...\" needs a non-empty pattern and belongs on the key "
                          "column "
                          "(role=\"indicator.title\" key=\"true\")");
                if (!kTableRoles.contains(col.role)) {
                    std::string known;
                    for (const std::string& r : kTableRoles)
                        known += (known.empty() ? "" : ", ") + r;
                    error(col.line,
                          fmt::format("role=\"{}\" is not known (known: {})", col.role, known));
                }
                if (col.role == "outcome" && col.level.empty())
                    error(col.line, "role=\"outcome\" needs level=\"...\" (e.g. domain, theme)");
                if ((col.role == "expectation" || col.role == "observation" ||
                     col.role == "denominator") &&
                    name == "column")
                    error(col.line, fmt::format("role=\"{}\" is for repeated period columns: use "
                                                "<columns header-pattern=\"...\" period=\"$1\">",
                                                col.role));
                has_key = has_key || col.key;
                t.columns.push_back(std::move(col));
            } else if (name == "breakdown") {
                check_attributes(c, {"dimension", "category", "title-pattern"});
                BreakdownPair pair{c.attribute("dimension").value(),
                                   c.attribute("category").value()};
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
                TableRule::Section sec{c.attribute("title").value(),
                                       c.attribute("dimension").value(), line(c)};
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
                check_attributes(c,
                                 {"key-empty", "key-lowercase", "dangling-words", "key-repeated"});
                t.continuation.key_empty = c.attribute("key-empty").as_bool(true);
                t.continuation.key_lowercase = c.attribute("key-lowercase").as_bool(true);
                t.continuation.key_repeated = c.attribute("key-repeated").as_bool(true);
                std::istringstream words(c.attribute("dangling-words").value());
                for (std::string w; words >> w;) t.continuation.dangling_words.push_back(w);
            } else if (name == "status" || name == "status-columns") {
                StatusTarget st = name == "status" ? read_status(c) : read_status_columns(c);
                for (const StatusTarget& other : t.statuses)
                    if (normalise_text(other.header + other.header_pattern) ==
                        normalise_text(st.header + st.header_pattern))
                        error(st.line,
                              fmt::format("a second <status> with header=\"{}\" in this "
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
            error(
                t.line,
                "<table> needs one <column ... key=\"true\">: the column that identifies a record");
        // Category rows: the key names a category, so values take their indicator from the
        // column (upper-role) or the table; the row-only constructs need such a key.
        bool category_rows = false;
        for (const ColumnRule& col : t.columns)
            category_rows = category_rows || (col.key && col.role == "breakdown");
        if (category_rows) {
            bool every_value_has_indicator = !t.indicator.empty();
            if (!every_value_has_indicator) {
                every_value_has_indicator = true;
                for (const ColumnRule& col : t.columns)
                    if ((col.role == "observation" || col.role == "denominator") &&
                        col.upper_role.empty())
                        every_value_has_indicator = false;
            }
            if (!every_value_has_indicator)
                error(t.line,
                      "the key column is role=\"breakdown\" (each row a category), so each value "
                      "needs an indicator: give the <table> indicator=\"...\" or its <columns> "
                      "upper-role=\"indicator.title\"");
            for (const ColumnRule& col : t.columns)
                if (col.role != "breakdown" && col.role != "breakdown.code" &&
                    col.role != "observation" && col.role != "denominator" &&
                    col.role != "ignore")
                    error(col.line,
                          fmt::format("role=\"{}\" describes an indicator row; in a table of "
                                      "category rows (key role=\"breakdown\") use breakdown, "
                                      "breakdown.code, observation, denominator or ignore",
                                      col.role));
        } else {
            if (!t.sections.empty())
                error(t.sections.front().line,
                      "<section> needs the key column to be role=\"breakdown\" (category rows)");
            if (!t.comparator.empty())
                error(t.line,
                      "<comparator> needs the key column to be role=\"breakdown\" (category rows)");
            if (t.measure != "value")
                error(t.line, fmt::format("measure=\"{}\" needs the key column to be "
                                          "role=\"breakdown\" (category rows)",
                                          t.measure));
            for (const ColumnRule& col : t.columns)
                if (col.role == "breakdown.code" || col.role == "denominator")
                    error(col.line,
                          fmt::format("role=\"{}\" needs the key column to be "
                                      "role=\"breakdown\" (category rows)",
                                      col.role));
        }
        // Several role="outcome" columns nest in the order they are listed (ambition, then
        // outcome); a key column with role="outcome" makes the table a list of outcomes.
        std::set<std::string> levels;
        bool outcome_list = false;
        for (const ColumnRule& col : t.columns)
            outcome_list = outcome_list || (col.key && col.role == "outcome");
        for (const ColumnRule& col : t.columns) {
            if (col.role == "outcome" && !levels.insert(col.level).second)
                error(col.line,
                      fmt::format(
                          "level=\"{}\" is given to two role=\"outcome\" columns of this table; "
                          "nested outcome columns need distinct levels",
                          col.level));
            if (outcome_list && col.role == "outcome" && !col.key)
                error(col.line,
                      "a table whose key column has role=\"outcome\" is a list of outcomes and "
                      "cannot have "
                      "another role=\"outcome\" column");
            if ((col.role == "outcome.code" || col.role == "outcome.summary" ||
                 col.role == "outcome.outputs") &&
                !outcome_list)
                error(col.line,
                      fmt::format("role=\"{}\" needs the key column to have role=\"outcome\" (a "
                                  "list of outcomes)",
                                  col.role));
            if (outcome_list && col.role != "outcome" && col.role != "outcome.code" &&
                col.role != "outcome.summary" && col.role != "outcome.outputs" &&
                col.role != "ignore")
                error(
                    col.line,
                    fmt::format(
                        "role=\"{}\" cannot be used in a list of outcomes (key role=\"outcome\"); "
                        "use outcome.code, outcome.summary, outcome.outputs or ignore",
                        col.role));
        }
        m.tables.push_back(std::move(t));
    }

    void read_matrix(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"id", "sheet", "header", "search-rows"});
        MatrixRule x;
        x.line = line(n);
        x.id = n.attribute("id").value();
        x.sheet = n.attribute("sheet").as_string("*");
        if (x.sheet != "*") check_regex(n, x.sheet);
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
                x.detail_split = c.attribute("split").as_string("none");
                if (std::string_view(c.attribute("role").as_string("indicator.title")) !=
                    "indicator.title")
                    error(line(c), "<row-detail> supports role=\"indicator.title\" only");
                if (x.detail_split != "numbered-list" && x.detail_split != "none")
                    error(line(c),
                          fmt::format("split=\"{}\" is not known (known: numbered-list, none)",
                                      x.detail_split));
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
        if (x.row_header.empty())
            error(x.line, "<matrix> needs <rows header=\"...\" level=\"...\"/>");
        if (x.first_column == 0)
            error(x.line, "<matrix> needs <columns first=\"N\" last=\"M\" level=\"...\"/>");
        if (x.cell_vocabulary.empty())
            error(x.line, "<matrix> needs <cells vocabulary=\"...\"/> naming its markers");
        m.matrices.push_back(std::move(x));
    }

    void read_series(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"id", "sheet", "period-label", "value-labels"});
        SeriesRule r;
        r.line = line(n);
        r.id = n.attribute("id").value();
        r.sheet = n.attribute("sheet").as_string("*");
        if (r.sheet != "*") check_regex(n, r.sheet);
        r.period_label = n.attribute("period-label").as_string("Year");
        std::string labels = n.attribute("value-labels").as_string("Value");
        for (std::size_t start = 0; start <= labels.size();) {
            const std::size_t bar = labels.find('|', start);
            std::string label =
                labels.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
            if (!label.empty()) r.value_labels.push_back(label);
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
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

    void read_period_table(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"id", "sheet", "title-column", "min-periods", "header",
                             "section-level", "comparator-pattern", "lower-ci-pattern",
                             "upper-ci-pattern", "count-pattern", "denominator-pattern"});
        PeriodTableRule r;
        r.line = line(n);
        r.id = n.attribute("id").value();
        r.sheet = n.attribute("sheet").as_string("*");
        if (r.sheet != "*") check_regex(n, r.sheet);
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
            error(r.line,
                  "lower-ci-pattern and upper-ci-pattern go together: give both or neither");
        std::set<std::string> status_headers;
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string_view name = c.name();
            if (name != "status" && name != "status-columns") {
                unknown_element(c, "period-table", "status, status-columns");
                continue;
            }
            StatusTarget st = name == "status" ? read_status(c) : read_status_columns(c);
            if (!status_headers.insert(normalise_text(st.header + st.header_pattern)).second)
                error(st.line,
                      fmt::format("a second <status> with header=\"{}\" in this "
                                  "<period-table>; each status column needs its own header",
                                  st.header));
            r.statuses.push_back(std::move(st));
        }
        m.period_tables.push_back(std::move(r));
    }

    StatusTarget read_status(pugi::xml_node c) {
        check_attributes(c, {"show", "header", "column", "write-header", "vocabulary"});
        StatusTarget st;
        st.line = line(c);
        st.show = c.attribute("show").value();
        static const std::set<std::string> kShows = {"travel",       "trajectory", "rag",
                                                     "significance", "trend",      "explanation"};
        if (!kShows.contains(st.show))
            error(st.line, fmt::format("show=\"{}\" is not known (known: travel, trajectory, rag, "
                                       "significance, trend, explanation)",
                                       st.show));
        st.header = c.attribute("header").value();
        if (st.header.empty())
            error(st.line,
                  "<status> needs header=\"...\": the header text of its column (found in the "
                  "header row, or written there)");
        st.column = c.attribute("column").value();
        if (!st.column.empty() && !parse_column_name(st.column))
            error(st.line,
                  fmt::format("column=\"{}\" is not a column name like G or AB", st.column));
        st.write_header = c.attribute("write-header").as_bool(true);
        st.vocabulary = c.attribute("vocabulary").value();
        return st;
    }

    StatusTarget read_status_columns(pugi::xml_node c) {
        check_attributes(c, {"show", "header-pattern", "period", "vocabulary"});
        StatusTarget st;
        st.line = line(c);
        st.show = c.attribute("show").value();
        if (st.show != "trajectory" && st.show != "explanation")
            error(st.line, fmt::format("show=\"{}\" is not known for <status-columns> (known: "
                                       "trajectory, explanation: the status of each period)",
                                       st.show));
        st.header_pattern = c.attribute("header-pattern").value();
        if (st.header_pattern.empty())
            error(st.line,
                  "<status-columns> needs header-pattern=\"...\", e.g. ^RAG (\\d\\d/\\d\\d)$");
        check_regex(c, st.header_pattern);
        st.period = c.attribute("period").as_string("$1");
        st.vocabulary = c.attribute("vocabulary").value();
        st.write_header = false;
        return st;
    }

    void read_records(pugi::xml_node n, Mapping& m) {
        check_attributes(n,
                         {"id", "sheet", "header", "search-rows", "existing", "year-type", "period"});
        RecordsRule r;
        r.line = line(n);
        r.id = n.attribute("id").value();
        r.sheet = n.attribute("sheet").as_string("*");
        if (r.sheet != "*") check_regex(n, r.sheet);
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
            error(r.line, fmt::format("year-type=\"{}\" is not known (known: calendar, financial)",
                                      year_type));
        r.financial_years = year_type == "financial";
        r.period = n.attribute("period").value();
        if (n.attribute("period") && !parse_period(r.period))
            error(r.line, fmt::format("period=\"{}\" is no period kpimap reads (2021/22, 2021, "
                                      "2021 Q1, ...)",
                                      r.period));
        static const std::set<std::string> kRoles = {"indicator.code",
                                                     "indicator.title",
                                                     "period",
                                                     "period.year",
                                                     "period.year-range",
                                                     "period.quarter",
                                                     "period.month",
                                                     "value",
                                                     "count",
                                                     "denominator",
                                                     "lower-ci",
                                                     "upper-ci",
                                                     "lower-ci-99.8",
                                                     "upper-ci-99.8",
                                                     "breakdown",
                                                     "constant",
                                                     "ignore"};
        std::set<std::string> roles_seen, headers_seen, dimensions_seen;
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
            f.role = c.attribute("role").value();
            f.scheme = c.attribute("scheme").as_string("local");
            f.has_value = static_cast<bool>(c.attribute("value"));
            f.value = c.attribute("value").value();
            f.empty_value = c.attribute("empty-value").value();
            f.dimension = c.attribute("dimension").value();
            const std::string category_as = c.attribute("category-as").as_string("name");
            f.category_as_code = category_as == "code";
            if (category_as != "name" && category_as != "code")
                error(f.line, fmt::format("category-as=\"{}\" is not known (known: name, code)",
                                          category_as));
            if (f.role == "breakdown" && f.dimension.empty())
                error(f.line, "role=\"breakdown\" needs dimension=\"...\" (e.g. sex): the "
                              "dimension whose category the column holds");
            if (f.role == "breakdown" && !dimensions_seen.insert(normalise_text(f.dimension)).second)
                error(f.line, fmt::format("dimension=\"{}\" is given to two <field>s", f.dimension));
            if (f.role != "breakdown" && (c.attribute("dimension") || c.attribute("category-as")))
                error(f.line, "dimension=\"...\" and category-as=\"...\" belong on "
                              "role=\"breakdown\" fields only");
            if (f.header.empty()) error(f.line, "<field> needs header=\"...\"");
            if (!headers_seen.insert(normalise_text(f.header)).second)
                error(f.line, fmt::format("header=\"{}\" is given to two <field>s", f.header));
            if (!kRoles.contains(f.role)) {
                std::string known;
                for (const std::string& k : kRoles) known += (known.empty() ? "" : ", ") + k;
                error(f.line, fmt::format("role=\"{}\" is not known (known: {})", f.role, known));
            } else if (f.role != "constant" && f.role != "ignore" && f.role != "breakdown" &&
                       !roles_seen.insert(f.role).second) {
                error(f.line, fmt::format("role=\"{}\" is given to two <field>s", f.role));
            }
            if (f.has_value && f.role != "constant")
                error(f.line, "value=\"...\" belongs on role=\"constant\" fields only");
            if (c.attribute("scheme") && f.role != "indicator.code")
                error(f.line, "scheme=\"...\" belongs on the role=\"indicator.code\" field only");
            r.fields.push_back(std::move(f));
        }
        if (!roles_seen.contains("indicator.code") && !roles_seen.contains("indicator.title"))
            error(r.line,
                  "<records> needs a <field role=\"indicator.code\"> (or indicator.title): the "
                  "column saying which indicator a row is about");
        if (!roles_seen.contains("value"))
            error(r.line, "<records> needs a <field role=\"value\">");
        const bool period_column = roles_seen.contains("period") || roles_seen.contains("period.year");
        if (!r.period.empty() && period_column)
            error(r.line, "period=\"...\" is for a <records> table without period columns; this "
                          "one has a <field role=\"period\"> or role=\"period.year\"");
        else if (r.period.empty() &&
                 roles_seen.contains("period") == roles_seen.contains("period.year"))
            error(r.line,
                  "<records> needs either a <field role=\"period\"> (period text such as 2013/14) "
                  "or a <field role=\"period.year\"> (the start year, with period.year-range), "
                  "not both; or, without period columns, period=\"2021/22\" on the <records>");
        if (roles_seen.contains("period.year") && !roles_seen.contains("period.year-range"))
            error(r.line,
                  "role=\"period.year\" needs a <field role=\"period.year-range\">: the years the "
                  "period covers");
        m.records.push_back(std::move(r));
    }

    // <fact name="council" sheet="..." cell="E3"/> or <fact name="contact" label="Contact:"
    // column="E"/>: one named value, by address or beside a label.
    void read_fact(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"name", "sheet", "cell", "label", "column", "search-rows", "type"});
        FactRule f;
        f.line = line(n);
        f.name = n.attribute("name").value();
        // --set NAME=VALUE names a fact: '=' and spaces would not survive the command line.
        if (f.name.empty() || f.name.find_first_of("= \t\r\n") != std::string::npos)
            error(f.line,
                  "<fact> needs name=\"...\" without spaces or '=' (e.g. council, contact-name): "
                  "the name the model and --set NAME=VALUE use");
        f.sheet = n.attribute("sheet").as_string("*");
        if (f.sheet != "*") check_regex(n, f.sheet);
        const bool by_cell = static_cast<bool>(n.attribute("cell"));
        const bool by_label = static_cast<bool>(n.attribute("label"));
        if (by_cell == by_label)
            error(f.line,
                  "<fact> needs either cell=\"E3\" (the value's cell) or label=\"...\" (the "
                  "text beside it), not both");
        if (by_cell) {
            const std::string_view cell = n.attribute("cell").value();
            f.cell = parse_a1(cell);
            if (!f.cell)
                error(f.line, fmt::format("cell=\"{}\" is not a cell address like E3", cell));
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
        const std::string type = n.attribute("type").as_string("any");
        if (type == "text")
            f.type = FactRule::Type::text;
        else if (type == "number")
            f.type = FactRule::Type::number;
        else if (type == "date")
            f.type = FactRule::Type::date;
        else if (type != "any")
            error(f.line,
                  fmt::format("type=\"{}\" is not known (known: text, number, date)", type));
        for (const FactRule& other : m.facts)
            if (other.name == f.name && !f.name.empty())
                error(f.line, fmt::format("<fact name=\"{}\"> is given twice (first at line {})",
                                          f.name, other.line));
        m.facts.push_back(std::move(f));
    }

    // Sets `out` from a pattern attribute when present, checking it compiles and is not empty.
    void pattern_attribute(pugi::xml_node c, const char* name, std::string& out) {
        pugi::xml_attribute a = c.attribute(name);
        if (!a) return;
        out = a.value();
        if (out.empty())
            error(line(c),
                  fmt::format("{}=\"\" is empty; give a pattern or leave the attribute out", name));
        check_regex(c, out);
    }

    void read_dashboard(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"id", "sheet", "header", "search-rows"});
        DashboardRule d;
        d.line = line(n);
        d.id = n.attribute("id").value();
        d.sheet = n.attribute("sheet").as_string("*");
        if (d.sheet != "*") check_regex(n, d.sheet);
        d.header = n.attribute("header").value();
        if (d.header.empty())
            error(d.line,
                  "<dashboard> needs header=\"...\": the text of one cell of its header row");
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
                check_attributes(
                    c, {"code-pattern", "cue-pattern", "not-after", "placeholder-pattern"});
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

    void read_vocabulary(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"id", "fuzzy"});
        VocabularyRule v;
        v.id = n.attribute("id").value();
        v.fuzzy = int_attribute(n, "fuzzy", 0, 0);
        if (v.id.empty()) error(line(n), "<vocabulary> needs id=\"...\"");
        for (pugi::xml_node t = n.first_child(); t; t = t.next_sibling()) {
            if (t.type() != pugi::node_element) continue;
            if (std::string_view(t.name()) != "term") {
                unknown_element(t, "vocabulary", "term");
                continue;
            }
            check_attributes(t, {"value", "text", "aliases"});
            Term term;
            term.value = t.attribute("value").value();
            if (term.value.empty()) error(line(t), "<term> needs value=\"...\"");
            term.texts.push_back(t.attribute("text").as_string(term.value.c_str()));
            std::string aliases = t.attribute("aliases").value();
            std::size_t start = 0;
            while (start <= aliases.size() && !aliases.empty()) {
                const std::size_t bar = aliases.find('|', start);
                std::string alias = aliases.substr(
                    start, bar == std::string::npos ? std::string::npos : bar - start);
                if (!alias.empty()) term.texts.push_back(alias);
                if (bar == std::string::npos) break;
                start = bar + 1;
            }
            v.terms.add(std::move(term));
        }
        if (m.vocabularies.contains(v.id))
            error(line(n), fmt::format("vocabulary \"{}\" is defined twice", v.id));
        m.vocabularies[v.id] = std::move(v);
    }

    void read_catalogue(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"id", "title"});
        Catalogue cat;
        cat.id = n.attribute("id").value();
        cat.title = n.attribute("title").value();
        for (pugi::xml_node i = n.first_child(); i; i = i.next_sibling()) {
            if (i.type() != pugi::node_element) continue;
            if (std::string_view(i.name()) != "item") {
                unknown_element(i, "catalogue", "item");
                continue;
            }
            check_attributes(i, {"code", "title"});
            cat.items.push_back({i.attribute("code").value(), i.attribute("title").value()});
        }
        if (cat.id.empty()) error(line(n), "<catalogue> needs id=\"...\"");
        m.catalogues[cat.id] = std::move(cat);
    }

    // "a|b|c" as its non-empty parts (aliases).
    static std::vector<std::string> bar_list(std::string_view text) {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start <= text.size() && !text.empty()) {
            const std::size_t bar = text.find('|', start);
            std::string_view part = text.substr(start, bar == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : bar - start);
            if (!part.empty()) out.emplace_back(part);
            if (bar == std::string_view::npos) break;
            start = bar + 1;
        }
        return out;
    }

    void read_dimension(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"id", "title", "code-scheme", "ordered", "open"});
        Dimension d;
        d.id = n.attribute("id").value();
        d.title = n.attribute("title").as_string(d.id.c_str());
        d.code_scheme = n.attribute("code-scheme").value();
        d.ordered = n.attribute("ordered").as_bool(false);
        d.open = n.attribute("open").as_bool(false);
        if (d.id.empty()) error(line(n), "<dimension> needs id=\"...\" (the name breakdowns use)");
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            if (std::string_view(c.name()) != "category") {
                unknown_element(c, "dimension", "category");
                continue;
            }
            check_attributes(c, {"name", "code", "aliases", "total"});
            Category cat;
            cat.name = c.attribute("name").value();
            cat.code = c.attribute("code").value();
            cat.aliases = bar_list(c.attribute("aliases").value());
            cat.total = c.attribute("total").as_bool(false);
            if (cat.name.empty()) {
                error(line(c), "<category> needs name=\"...\"");
                continue;
            }
            // Two categories answering to one text would make a source's category ambiguous.
            auto clash = [&](const std::string& text) {
                if (const Category* other = d.find(text))
                    error(line(c), fmt::format("'{}' already names category '{}' of dimension "
                                               "'{}'; give each text to one category",
                                               text, other->name, d.id));
            };
            clash(cat.name);
            if (!cat.code.empty()) clash(cat.code);
            for (const std::string& alias : cat.aliases) clash(alias);
            d.categories.push_back(std::move(cat));
        }
        for (const Dimension& other : m.dimensions)
            if (normalise_text(other.id) == normalise_text(d.id)) {
                error(line(n), fmt::format("dimension \"{}\" is declared twice", d.id));
                return;
            }
        m.dimensions.push_back(std::move(d));
    }

    void read_include(pugi::xml_node n, Mapping& m) {
        check_attributes(n, {"file"});
        const fs::path file = fs::path(path_).parent_path() / n.attribute("file").value();
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            error(line(n), fmt::format("cannot read included file '{}'", file.string()));
            return;
        }
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        Loader inner(file.string(), text);
        pugi::xml_document doc;
        std::string buffer = text;
        if (!doc.load_buffer_inplace(buffer.data(), buffer.size(), detail::kParseOptions)) {
            error(line(n), fmt::format("included file '{}' is not well-formed XML", file.string()));
            return;
        }
        for (pugi::xml_node c = doc.document_element(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            if (std::string_view(c.name()) == "catalogue")
                inner.read_catalogue(c, m);
            else if (std::string_view(c.name()) == "vocabulary")
                inner.read_vocabulary(c, m);
            else if (std::string_view(c.name()) == "dimension")
                inner.read_dimension(c, m);
            else if (std::string_view(c.name()) == "dimensions")
                for (pugi::xml_node d = c.first_child(); d; d = d.next_sibling()) {
                    if (d.type() != pugi::node_element) continue;
                    if (std::string_view(d.name()) == "dimension")
                        inner.read_dimension(d, m);
                    else
                        inner.unknown_element(d, "dimensions", "dimension");
                }
            else
                inner.unknown_element(c, "included file",
                                      "catalogue, vocabulary, dimension, dimensions");
        }
        errors_.insert(errors_.end(), inner.errors_.begin(), inner.errors_.end());
    }
};

}  // namespace

MappingLoadResult load_mapping(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        MappingLoadResult r;
        r.errors.push_back({path, 0, "cannot read the mapping file; check the path"});
        return r;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return Loader(path, std::move(text)).load();
}

MappingLoadResult load_mapping_text(const std::string& path, std::string text) {
    return Loader(path, std::move(text)).load();
}

std::vector<MappingLoadResult> load_mappings_in(const std::string& folder) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".xml")
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    std::vector<MappingLoadResult> out;
    for (const std::string& f : files) out.push_back(load_mapping(f));
    return out;
}

}  // namespace kpimap
