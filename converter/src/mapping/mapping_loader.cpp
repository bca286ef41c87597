// Loads mapping files strictly: every element and attribute must be known, every pattern must
// compile, every vocabulary and catalogue referenced must exist. Each problem is reported with
// the line it is on, so an analyst can fix a typo without reading C++. This file holds the
// document-level load (includes, detect rules, catalogues, vocabularies, dimensions, the checks
// across constructs, the dispatch); each construct's parse_<construct> is in
// src/constructs/<construct>/<construct>_parse.cpp (mapping/mapping_parser.hpp).
#include <fmt/format.h>
#include <unicode/regex.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "formats/xml/xml_util.hpp"
#include "kpimap/mapping.hpp"
#include "kpimap/text_file.hpp"
#include "mapping/mapping_parser.hpp"

namespace kpimap {

namespace fs = std::filesystem;

namespace detail {

MappingLoadResult MappingParser::load() {
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
        error(
            line(root),
            fmt::format("the root element is <{}>; a mapping file starts with <mapping id=\"...\">",
                        root.name()));
    } else {
        parse_mapping(root, m);
    }
    if (errors_.empty()) result.mapping = std::move(m);
    result.errors = errors_;
    return result;
}

void MappingParser::check_regex(pugi::xml_node n, const std::string& pattern) {
    if (pattern.empty()) return;
    UErrorCode status = U_ZERO_ERROR;
    UParseError pe;
    std::unique_ptr<icu::RegexPattern> re(
        icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), pe, status));
    if (U_FAILURE(status))
        error(line(n),
              fmt::format("the pattern '{}' is not a valid regular expression ({} at character {})",
                          pattern, u_errorName(status), pe.offset));
}

int MappingParser::int_attribute(pugi::xml_node n, const char* name, int fallback, int minimum) {
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

void MappingParser::parse_mapping(pugi::xml_node root, Mapping& m) {
    check_attributes(root, {"id", "version", "title"});
    m.id = root.attribute("id").value();
    m.title = root.attribute("title").value();
    if (m.id.empty()) error(line(root), "<mapping> needs an id=\"...\" (letters, digits and '-')");
    if (std::string_view v = root.attribute("version").value(); !v.empty() && v != "1")
        error(line(root),
              fmt::format("version=\"{}\" is not supported; this kpimap reads version=\"1\"", v));
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
        if (n.type() != pugi::node_element) continue;
        const std::string_view name = n.name();
        if (name == "description") continue;
        if (name == "detect")
            parse_detect(n, m);
        else if (name == "framework")
            parse_framework(n, m);
        else if (name == "table")
            parse_table(n, m);
        else if (name == "matrix")
            parse_matrix(n, m);
        else if (name == "series-blocks")
            parse_series(n, m);
        else if (name == "period-table")
            parse_period_table(n, m);
        else if (name == "dashboard")
            parse_dashboard(n, m);
        else if (name == "records")
            parse_records(n, m);
        else if (name == "fact")
            parse_fact(n, m);
        else if (name == "vocabulary")
            parse_vocabulary(n, m);
        else if (name == "catalogue")
            parse_catalogue(n, m);
        else if (name == "dimension")
            parse_dimension(n, m);
        else if (name == "include")
            parse_include(n, m);
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
            error(st->line,
                  fmt::format("vocabulary=\"{}\" is not defined in this mapping", st->vocabulary));
    // --set NAME=VALUE fills both facts and <records> constants: one name, one meaning.
    for (const FactRule& f : m.facts)
        for (const RecordsRule& r : m.records)
            for (const RecordField& field : r.fields)
                if (field.role == FieldRole::constant && field.header == f.name)
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
            error(x.line, fmt::format("catalogue=\"{}\" is not defined or included in this mapping",
                                      x.catalogue));
    }
}

void MappingParser::parse_detect(pugi::xml_node n, Mapping& m) {
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
        error(line(n), fmt::format("min-score=\"{}\" is more than the {} rules given", m.min_score,
                                   m.detect.size()));
}

void MappingParser::parse_framework(pugi::xml_node n, Mapping& m) {
    check_attributes(n, {"title", "owner", "period"});
    m.framework_title = n.attribute("title").value();
    m.framework_owner = n.attribute("owner").value();
    m.framework_period = n.attribute("period").value();
}

std::string MappingParser::sheet_attribute(pugi::xml_node n) {
    std::string sheet = n.attribute("sheet").as_string("*");
    if (sheet != "*") check_regex(n, sheet);
    return sheet;
}

void MappingParser::pattern_attribute(pugi::xml_node n, const char* name, std::string& out) {
    pugi::xml_attribute a = n.attribute(name);
    if (!a) return;
    out = a.value();
    if (out.empty())
        error(line(n),
              fmt::format("{}=\"\" is empty; give a pattern or leave the attribute out", name));
    check_regex(n, out);
}

std::vector<std::string> MappingParser::bar_list(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
        const std::size_t bar = text.find('|', start);
        std::string_view part = text.substr(
            start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
        if (!part.empty()) out.emplace_back(part);
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
    return out;
}

void MappingParser::parse_vocabulary(pugi::xml_node n, Mapping& m) {
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
        for (std::string& alias : bar_list(t.attribute("aliases").value()))
            term.texts.push_back(std::move(alias));
        v.terms.add(std::move(term));
    }
    if (m.vocabularies.contains(v.id))
        error(line(n), fmt::format("vocabulary \"{}\" is defined twice", v.id));
    m.vocabularies[v.id] = std::move(v);
}

void MappingParser::parse_catalogue(pugi::xml_node n, Mapping& m) {
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
    if (m.catalogues.contains(cat.id))
        error(line(n), fmt::format("catalogue \"{}\" is defined twice", cat.id));
    m.catalogues[cat.id] = std::move(cat);
}

void MappingParser::parse_dimension(pugi::xml_node n, Mapping& m) {
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

void MappingParser::parse_include(pugi::xml_node n, Mapping& m) {
    check_attributes(n, {"file"});
    const fs::path file = fs::path(path_).parent_path() / n.attribute("file").value();
    std::optional<std::string> read = read_text_file(file.string());
    if (!read) {
        error(line(n), fmt::format("cannot read included file '{}'", file.string()));
        return;
    }
    std::string text = std::move(*read);
    // An included file is held to the mapping's own rules: no DTD, no entities.
    try {
        refuse_dtd(text, file.string());
    } catch (const std::exception&) {
        error(line(n), fmt::format("included file '{}' declares a DTD or entities; remove the "
                                   "<!DOCTYPE ...> line",
                                   file.string()));
        return;
    }
    MappingParser inner(file.string(), text);
    pugi::xml_document doc;
    std::string buffer = text;
    if (!doc.load_buffer_inplace(buffer.data(), buffer.size(), detail::kParseOptions)) {
        error(line(n), fmt::format("included file '{}' is not well-formed XML", file.string()));
        return;
    }
    for (pugi::xml_node c = doc.document_element(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        if (std::string_view(c.name()) == "catalogue")
            inner.parse_catalogue(c, m);
        else if (std::string_view(c.name()) == "vocabulary")
            inner.parse_vocabulary(c, m);
        else if (std::string_view(c.name()) == "dimension")
            inner.parse_dimension(c, m);
        else if (std::string_view(c.name()) == "dimensions")
            for (pugi::xml_node d = c.first_child(); d; d = d.next_sibling()) {
                if (d.type() != pugi::node_element) continue;
                if (std::string_view(d.name()) == "dimension")
                    inner.parse_dimension(d, m);
                else
                    inner.unknown_element(d, "dimensions", "dimension");
            }
        else
            inner.unknown_element(c, "included file",
                                  "catalogue, vocabulary, dimension, dimensions");
    }
    errors_.insert(errors_.end(), inner.errors_.begin(), inner.errors_.end());
}

}  // namespace detail

MappingLoadResult load_mapping(const std::string& path) {
    std::optional<std::string> text = read_text_file(path);
    if (!text) {
        MappingLoadResult r;
        r.errors.push_back(
            {ErrorCode::mapping_invalid, path, "cannot read the mapping file; check the path"});
        return r;
    }
    return detail::MappingParser(path, std::move(*text)).load();
}

MappingLoadResult load_mapping_text(const std::string& path, std::string text) {
    return detail::MappingParser(path, std::move(text)).load();
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
