// kpimap suggest: reads the layout of each sheet (suggest/layouts.cpp) and writes it as a
// mapping, one rule per layout (sheets with the same layout share a rule), each with a comment
// giving its evidence and confidence.
#include "kpimap/suggest.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "convert/convert_context.hpp"
#include "suggest/layouts.hpp"

namespace kpimap {

namespace {

using namespace suggest;

// A comment may not hold "--" and may not end in "-".
std::string comment_text(std::string text) {
    for (std::size_t at; (at = text.find("--")) != std::string::npos;) text.replace(at, 2, "- -");
    return " " + text + " ";
}

std::string confidence_word(int confidence) {
    return confidence >= 80 ? "high" : confidence >= 50 ? "medium" : "low";
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : std::string(separator)) + s;
    return out;
}

int percent(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0 : static_cast<int>(100 * part / whole);
}

// One drafted rule before sheets with the same layout are merged: the element without its
// sheet attribute, and what it needs besides (vocabularies, detection texts).
struct Draft {
    std::string construct;
    std::string sheet;
    pugi::xml_document element;  // holds one element, sheet="" for now
    std::string evidence;
    int confidence = 0;
    std::vector<std::string> detect_texts;
    std::vector<std::string> detect_patterns;
    std::string framework_title;
    std::string signature;  // the element as text: equal signatures share a rule
};

struct Vocabularies {
    bool trajectory = false;
    bool trajectory_fuzzy = false;
    std::vector<std::string> trajectory_evidence;
    std::vector<std::pair<std::string, MatrixLayout>> markers;  // id, layout
};

void add_attribute(pugi::xml_node n, const char* name, const std::string& value) {
    n.append_attribute(name).set_value(value.c_str());
}

std::string period_pattern(const PeriodFamily& f) {
    if (f.patterns.size() == 1) return "^(" + f.patterns.front() + ")$";
    return "^(" + join(f.patterns, "|") + ")$";
}

void draft_table(const SheetGrid& g, const TableLayout& t, Vocabularies& vocab, Draft& d) {
    pugi::xml_node n;
    std::vector<std::string> evidence;
    const std::size_t blocks = t.header_rows.size();
    if (t.period_table) {
        d.construct = "period-table";
        n = d.element.append_child("period-table");
        add_attribute(n, "sheet", "");
        add_attribute(n, "title-column", std::to_string(t.title_col + 1));
        add_attribute(n, "min-periods", std::to_string(t.min_periods));
        if (!t.key_header.empty()) add_attribute(n, "header", t.key_header);
        if (t.sections) add_attribute(n, "section-level", "section");
        evidence.push_back(fmt::format(
            "{} over rows of titles in column {} and values; {} of {} cells under the periods "
            "read as values or missing markers",
            blocks > 1 ? fmt::format("{} stacked blocks, each under its own row of period "
                                     "headers ({} styles: {})",
                                     blocks, t.periods.patterns.size(),
                                     join(t.periods.examples, ", "))
                       : fmt::format("a row of period headers ({})",
                                     join(t.periods.examples, ", ")),
            column_name(t.title_col), t.value_cells_parsed, t.value_cells));
        if (t.min_periods == 1)
            evidence.push_back("one header row holds a single date, hence min-periods=\"1\"");
        d.confidence = percent(t.value_cells_parsed, t.value_cells);
        if (!t.key_header.empty()) d.detect_texts.push_back(t.key_header);
    } else {
        d.construct = "table";
        n = d.element.append_child("table");
        add_attribute(n, "sheet", "");
        add_attribute(n, "header", t.key_header);
        if (t.stacked) add_attribute(n, "stacked", "true");
        if (t.end_after_blank_rows != 4)
            add_attribute(n, "end-after-blank-rows", std::to_string(t.end_after_blank_rows));
        if (t.sections) add_attribute(n, "section-level", "section");
        evidence.push_back(fmt::format("header row {}{} holding '{}'", t.header_rows.front() + 1,
                                       blocks > 1 ? fmt::format(" and {} more", blocks - 1) : "",
                                       t.key_header));
        if (t.stacked)
            evidence.push_back(fmt::format(
                "{} stacked blocks, each under its own header row (rows {})", blocks,
                join([&] {
                    std::vector<std::string> rows;
                    for (std::uint32_t r : t.header_rows) rows.push_back(std::to_string(r + 1));
                    return rows;
                }(),
                     ", ")));
        for (const TableColumn& c : t.columns) {
            pugi::xml_node col = n.append_child("column");
            add_attribute(col, "header", c.header);
            add_attribute(col, "role", column_role_name(c.role));
            if (!c.level.empty()) add_attribute(col, "level", c.level);
            if (!c.group_start.empty()) add_attribute(col, "group-start", c.group_start);
            if (c.key) add_attribute(col, "key", "true");
            if (!c.gap_pattern.empty()) add_attribute(col, "gap-pattern", c.gap_pattern);
            if (!c.split.empty()) add_attribute(col, "split", c.split);
            n.insert_child_before(pugi::node_comment, col)
                .set_value(comment_text(fmt::format("column {}: {}", column_name(c.col),
                                                    c.evidence))
                               .c_str());
            if (d.detect_texts.size() < 4) d.detect_texts.push_back(c.header);
        }
        if (!t.periods.patterns.empty()) {
            pugi::xml_node cols = n.append_child("columns");
            add_attribute(cols, "header-pattern", period_pattern(t.periods));
            add_attribute(cols, "role",
                          column_role_name(t.expectations ? ColumnRole::expectation
                                                          : ColumnRole::observation));
            add_attribute(cols, "period", "$1");
            if (t.expectations) {
                add_attribute(cols, "vocabulary", "trajectory");
                vocab.trajectory = true;
                vocab.trajectory_fuzzy = vocab.trajectory_fuzzy || t.fuzzy_needed;
                for (const TermEvidence& e : t.terms)
                    vocab.trajectory_evidence.push_back(fmt::format(
                        "{} ({} cells{}{})", e.value, e.cells,
                        e.corrected.empty() ? "" : ", corrected: ", join(e.corrected, ", ")));
                if (!t.unrecognised_terms.empty())
                    vocab.trajectory_evidence.push_back(
                        "no term alone (split cells the reader joins, or words to add as "
                        "aliases): '" +
                        join(t.unrecognised_terms, "', '") + "'");
            }
            n.insert_child_before(pugi::node_comment, cols)
                .set_value(
                    comment_text(fmt::format(
                        "{} period header cells in {} style(s), e.g. {}{}; {} of {} cells "
                        "under them are {}",
                        t.periods.columns, t.periods.patterns.size(),
                        join(t.periods.examples, ", "),
                        t.periods.inside > 0
                            ? fmt::format(" ({} with the period inside longer text)",
                                          t.periods.inside)
                            : "",
                        t.value_cells_parsed, t.value_cells,
                        t.expectations ? "text (trajectory terms)" : "values or missing markers"))
                        .c_str());
        }
        if (t.continuation) {
            pugi::xml_node cont = n.append_child("continuation");
            add_attribute(cont, "key-empty", "true");
            add_attribute(cont, "key-lowercase", "true");
            add_attribute(cont, "key-repeated", "true");
            add_attribute(cont, "dangling-words", "the of and or in with to for a an that who by on");
            evidence.push_back(t.continuation_evidence);
        } else {
            pugi::xml_node cont = n.append_child("continuation");
            add_attribute(cont, "key-empty", "false");
            add_attribute(cont, "key-lowercase", "false");
            add_attribute(cont, "key-repeated", "false");
            evidence.push_back("no row has text with an empty key cell: every row is a record "
                               "of its own");
        }
        d.confidence = t.periods.patterns.empty()
                           ? std::min(90, 50 + percent(t.value_cells_parsed, t.value_cells) / 2)
                           : percent(t.value_cells_parsed, t.value_cells);
    }
    if (t.sections)
        evidence.push_back(fmt::format("lone bold or capitalised titles are sections (e.g. '{}')",
                                       join(t.section_examples, "', '")));
    for (const std::string& p : t.periods.patterns) {
        // Only text periods can be detected (a year typed as a number is not text).
        if (p.find("\\d{4}") == 0 && p.size() <= 6) continue;
        if (d.detect_patterns.size() < 1) d.detect_patterns.push_back("^" + p + "$");
    }
    if (t.title_row != kNoIndex) {
        d.framework_title = t.title;
        evidence.push_back(fmt::format("title row {} above the header ('{}') is left out",
                                       t.title_row + 1, t.title));
    }
    d.evidence = join(evidence, "; ");
    (void)g;
}

void draft_matrix(const SheetGrid& g, const MatrixLayout& m, Vocabularies& vocab, Draft& d) {
    d.construct = "matrix";
    pugi::xml_node n = d.element.append_child("matrix");
    add_attribute(n, "sheet", "");
    add_attribute(n, "header", m.rows_header);
    const std::string vocab_id =
        vocab.markers.empty() ? std::string("markers")
                              : fmt::format("markers-{}", vocab.markers.size() + 1);
    pugi::xml_node rows = n.append_child("rows");
    add_attribute(rows, "header", m.rows_header);
    add_attribute(rows, "level", "row_outcome");
    if (!m.code_pattern.empty()) add_attribute(rows, "code-pattern", m.code_pattern);
    if (m.detail_col) {
        pugi::xml_node detail = n.append_child("row-detail");
        add_attribute(detail, "header", m.detail_header);
        add_attribute(detail, "role", column_role_name(ColumnRole::indicator_title));
        add_attribute(detail, "split", m.numbered_list ? "numbered-list" : "none");
    }
    pugi::xml_node cols = n.append_child("columns");
    add_attribute(cols, "first", std::to_string(m.first + 1));
    add_attribute(cols, "last", std::to_string(m.last + 1));
    add_attribute(cols, "level", "column_outcome");
    pugi::xml_node cells = n.append_child("cells");
    add_attribute(cells, "vocabulary", vocab_id);
    add_attribute(cells, "link", "contributes_to");
    vocab.markers.emplace_back(vocab_id, m);
    std::vector<std::string> spellings;
    for (const auto& mk : m.markers)
        spellings.push_back(fmt::format("'{}' x{}{}", mk.text, mk.cells,
                                        mk.ocr_folded ? " with its OCR readings " +
                                                            join(mk.aliases, ", ")
                                                      : std::string()));
    d.evidence = fmt::format(
        "header row {} ('{}'{}) over columns {}-{} whose cells hold only short repeated "
        "markers ({}){}{}",
        m.header_row + 1, m.rows_header,
        m.detail_col ? ", '" + m.detail_header + "'" : std::string(), column_name(m.first),
        column_name(m.last), join(spellings, ", "),
        m.code_pattern.empty() ? "" : "; row items start with a code such as 1.1",
        m.numbered_list ? "; detail cells list several numbered indicators" : "");
    const std::size_t all = m.marker_cells + m.not_markers.size();
    d.confidence = std::min(90, percent(m.marker_cells, all));
    d.detect_texts.push_back(m.rows_header);
    if (m.detail_col) d.detect_texts.push_back(m.detail_header);
    (void)g;
}

void draft_series(const SheetGrid& g, const SeriesLayout& s, Draft& d) {
    d.construct = "series-blocks";
    pugi::xml_node n = d.element.append_child("series-blocks");
    add_attribute(n, "sheet", "");
    add_attribute(n, "period-label", s.label);
    add_attribute(n, "value-labels", join(s.value_labels, "|"));
    if (!s.outcome_cell.empty()) {
        pugi::xml_node o = n.append_child("outcome");
        add_attribute(o, "cell", s.outcome_cell);
        add_attribute(o, "level", "outcome");
        if (!s.outcome_code_pattern.empty())
            add_attribute(o, "code-pattern", s.outcome_code_pattern);
        if (!s.summary_cell.empty()) add_attribute(o, "summary-cell", s.summary_cell);
    }
    if (!s.judgement_markers.empty()) {
        pugi::xml_node j = n.append_child("judgement");
        add_attribute(j, "pattern", "\\s*([" + s.judgement_markers + "])\\s*$");
    }
    d.evidence = fmt::format(
        "{} cells '{}' open a block ({} with periods across, {} down) under a title; value rows "
        "labelled '{}'{}{}",
        s.blocks, s.label, s.across, s.down, join(s.value_labels, "', '"),
        s.outcome_cell.empty() ? "" : "; A1 names the sheet's outcome",
        s.judgement_markers.empty() ? "" : "; titles carry the markers " + s.judgement_markers);
    d.confidence = 75;
    d.detect_texts.push_back(s.label);
    (void)g;
}

void draft_dashboard(const DashboardLayout& l, Draft& d) {
    d.construct = "dashboard";
    pugi::xml_node n = d.element.append_child("dashboard");
    add_attribute(n, "sheet", "");
    add_attribute(n, "header", l.indicator_header.empty() ? l.ref_header : l.indicator_header);
    if (!l.theme_cell.empty())
        add_attribute(n.append_child("theme"), "cell", l.theme_cell);
    if (!l.priority_header.empty())
        add_attribute(n.append_child("priorities"), "header", l.priority_header);
    if (!l.indicator_header.empty())
        add_attribute(n.append_child("indicators"), "header", l.indicator_header);
    pugi::xml_node c = n.append_child("commitments");
    add_attribute(c, "ref-header", l.ref_header);
    add_attribute(c, "header", l.commitment_header.empty() ? l.ref_header : l.commitment_header);
    if (!l.success_header.empty()) {
        std::string h = l.success_header;
        if (!h.empty() && h.back() == '?') h.pop_back();  // "?" on some sheets, not others
        add_attribute(c, "success-header-pattern", "(?i)^" + family_pattern(h) + "\\??$");
    }
    if (!l.action_header.empty())
        add_attribute(n.append_child("actions"), "header", l.action_header);
    d.evidence = fmt::format(
        "header row {}: column '{}' holds {} refs (A.1, B2){}{}{}{}",
        l.header_row + 1, l.ref_header, l.refs,
        l.action_header.empty()
            ? ""
            : fmt::format(", column '{}' {} cells of coded actions (A.1.1)", l.action_header,
                          l.actions),
        l.indicator_header.empty()
            ? ""
            : fmt::format(", column '{}' {} cells of numbered indicators", l.indicator_header,
                          l.indicator_cells),
        l.priority_header.empty() ? "" : ", priorities in '" + l.priority_header + "'",
        l.theme_cell.empty() ? "" : "; the title in " + l.theme_cell + " names the theme");
    d.confidence = 70;
    for (const std::string* h : {&l.indicator_header, &l.ref_header, &l.commitment_header,
                                 &l.action_header})
        if (!h->empty()) d.detect_texts.push_back(*h);
}

std::string element_text(const pugi::xml_document& doc) {
    std::ostringstream os;
    doc.save(os, "  ", pugi::format_indent | pugi::format_no_declaration);
    return os.str();
}

std::string sheet_pattern(const std::vector<std::string>& sheets) {
    std::vector<std::string> escaped;
    for (const std::string& s : sheets) escaped.push_back(regex_escape(s));
    return "^(" + join(escaped, "|") + ")$";
}

}  // namespace

Suggestion suggest_mapping(const Workbook& workbook, const SuggestOptions& options) {
    Suggestion out;
    const std::string stem = std::filesystem::path(workbook.source).stem().string();
    out.mapping_id = options.mapping_id.empty()
                         ? "draft-" + (stem.empty() ? std::string("workbook")
                                                    : detail::slug(stem, 40))
                         : options.mapping_id;
    if (!options.sheet.empty() && workbook.find_sheet(options.sheet) == nullptr)
        out.skipped.push_back({options.sheet, "the workbook has no sheet of this name"});

    Vocabularies vocab;
    std::vector<std::unique_ptr<Draft>> drafts;
    for (std::size_t i = 0; i < workbook.sheets.size(); ++i) {
        const Sheet& sheet = workbook.sheets[i];
        if (!options.sheet.empty() && sheet.name != options.sheet) continue;
        const SheetGrid grid(workbook, i);
        if (grid.cell_count() == 0) continue;
        auto d = std::make_unique<Draft>();
        d->sheet = sheet.name;
        std::string why_not;
        if (auto s = find_series(grid)) {
            draft_series(grid, *s, *d);
        } else if (auto m = find_matrix(grid)) {
            draft_matrix(grid, *m, vocab, *d);
        } else if (auto b = find_dashboard(grid)) {
            draft_dashboard(*b, *d);
        } else if (auto t = find_table(grid, why_not)) {
            draft_table(grid, *t, vocab, *d);
        } else {
            out.skipped.push_back({sheet.name, why_not});
            continue;
        }
        d->signature = element_text(d->element);
        drafts.push_back(std::move(d));
    }
    if (drafts.empty()) return out;

    // Sheets with the same layout share one rule.
    std::vector<std::vector<const Draft*>> groups;
    for (const auto& d : drafts) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
            return g.front()->signature == d->signature;
        });
        if (it == groups.end())
            groups.push_back({d.get()});
        else
            it->push_back(d.get());
    }

    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    doc.append_child(pugi::node_comment)
        .set_value(comment_text(fmt::format(
                       "Drafted by kpimap suggest from {}. Every rule says what it was found from "
                       "and how sure the draft is of it; check each one, rename levels and "
                       "vocabulary values, and see docs/commands/suggest.md.",
                       std::filesystem::path(workbook.source).filename().string()))
                       .c_str());
    pugi::xml_node root = doc.append_child("mapping");
    add_attribute(root, "id", out.mapping_id);
    add_attribute(root, "version", "1");
    add_attribute(root, "title", "Draft mapping for " + (stem.empty() ? out.mapping_id : stem));

    // Detection: the header texts that identify the layout, and one period pattern.
    std::vector<std::string> texts, patterns;
    for (const auto& d : drafts) {
        for (const std::string& t : d->detect_texts)
            if (texts.size() < 4 && std::find(texts.begin(), texts.end(), t) == texts.end())
                texts.push_back(t);
        for (const std::string& p : d->detect_patterns)
            if (patterns.empty()) patterns.push_back(p);
    }
    pugi::xml_node detect = root.append_child("detect");
    const std::size_t rules = texts.size() + patterns.size() + (texts.empty() && patterns.empty());
    add_attribute(detect, "min-score",
                  std::to_string(rules >= 3 ? rules - 1 : std::max<std::size_t>(rules, 1)));
    root.insert_child_before(pugi::node_comment, detect)
        .set_value(comment_text("header texts of the layout; a workbook laid out the same way "
                                "holds all or all but one of them")
                       .c_str());
    for (const std::string& t : texts) add_attribute(detect.append_child("cell"), "text", t);
    for (const std::string& p : patterns) add_attribute(detect.append_child("cell"), "pattern", p);
    if (texts.empty() && patterns.empty())
        add_attribute(detect.append_child("sheet-name"), "pattern",
                      "^" + regex_escape(drafts.front()->sheet) + "$");

    pugi::xml_node framework = root.append_child("framework");
    std::string title;
    for (const auto& d : drafts)
        if (title.empty()) title = d->framework_title;
    add_attribute(framework, "title", title.empty() ? stem : title);

    for (const auto& group : groups) {
        const Draft& d = *group.front();
        std::vector<std::string> sheets;
        for (const Draft* g : group) sheets.push_back(g->sheet);
        pugi::xml_node rule = root.append_copy(d.element.first_child());
        rule.attribute("sheet").set_value(sheet_pattern(sheets).c_str());
        rule.insert_attribute_before("id", rule.attribute("sheet"))
            .set_value(detail::slug(sheets.front(), 32).empty()
                           ? "sheet"
                           : detail::slug(sheets.front(), 32).c_str());
        root.insert_child_before(pugi::node_comment, rule)
            .set_value(comment_text(fmt::format("{} on {}: {}. Confidence {} ({}%).",
                                                d.construct,
                                                sheets.size() == 1
                                                    ? "sheet '" + sheets.front() + "'"
                                                    : fmt::format("{} sheets with this layout",
                                                                  sheets.size()),
                                                d.evidence, confidence_word(d.confidence),
                                                d.confidence))
                           .c_str());
        out.rules.push_back({d.construct, sheets, d.evidence, d.confidence});
    }

    if (vocab.trajectory) {
        pugi::xml_node v = root.append_child("vocabulary");
        add_attribute(v, "id", "trajectory");
        add_attribute(v, "fuzzy", vocab.trajectory_fuzzy ? "1" : "0");
        root.insert_child_before(pugi::node_comment, v)
            .set_value(comment_text("trajectory terms met: " +
                                    join(vocab.trajectory_evidence, "; ") +
                                    (vocab.trajectory_fuzzy
                                         ? ". fuzzy=\"1\" because damaged spellings were met"
                                         : ""))
                           .c_str());
        const std::vector<std::tuple<const char*, const char*, const char*>> terms = {
            {"baseline", "Baseline", ""},
            {"improvement", "Improvement", ""},
            {"long_term_improvement", "Long Term Improvement", "Long-term Improvement"},
            {"maintain", "Maintain", ""},
            {"tbc", "TBC", "TBD|To be confirmed|To be determined"}};
        for (const auto& [value, text, aliases] : terms) {
            pugi::xml_node t = v.append_child("term");
            add_attribute(t, "value", value);
            add_attribute(t, "text", text);
            if (*aliases) add_attribute(t, "aliases", aliases);
        }
    }
    for (const auto& [id, m] : vocab.markers) {
        pugi::xml_node v = root.append_child("vocabulary");
        add_attribute(v, "id", id);
        add_attribute(v, "fuzzy", "0");
        root.insert_child_before(pugi::node_comment, v)
            .set_value(comment_text(fmt::format(
                           "markers met, spellings that fold onto each other by look-alike "
                           "letters grouped; name each value for what it means (primary, "
                           "secondary...){}",
                           m.not_markers.empty()
                               ? std::string()
                               : "; not read as markers: " + join(m.not_markers, ", ")))
                           .c_str());
        int k = 0;
        for (const auto& mk : m.markers) {
            pugi::xml_node t = v.append_child("term");
            add_attribute(t, "value", fmt::format("marker_{}", ++k));
            add_attribute(t, "text", mk.text);
            if (!mk.aliases.empty()) add_attribute(t, "aliases", join(mk.aliases, "|"));
        }
    }
    std::ostringstream os;
    doc.save(os, "  ", pugi::format_indent, pugi::encoding_utf8);
    out.xml = os.str();
    return out;
}

SuggestionCheck check_suggestion(const Workbook& workbook, const Suggestion& suggestion,
                                 const std::string& name) {
    SuggestionCheck check;
    if (!suggestion.drafted()) return check;
    MappingLoadResult loaded = load_mapping_text(name, suggestion.xml);
    check.errors = loaded.errors;
    if (!loaded.mapping) return check;
    check.mapping = std::move(loaded.mapping);
    check.result = convert_workbook(workbook, *check.mapping);
    return check;
}

}  // namespace kpimap
