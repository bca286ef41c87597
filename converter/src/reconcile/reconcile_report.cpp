// The reconciliation report as JSON (fixed key order, for golden files) and as readable text:
// what needs attention (conflicts, suggestions, duplicates) first, then what was merged.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "kpimap/reconcile.hpp"

namespace kpimap {

namespace {

using nlohmann::ordered_json;

ordered_json where_json(const Provenance& w) {
    return {{"file", w.file}, {"sheet", w.sheet}, {"cell", w.cell}};
}

ordered_json value_json(const ComparedValue& o) {
    return {{"value", o.value ? ordered_json(*o.value) : ordered_json(nullptr)},
            {"decimals", o.decimals},
            {"percent_shown", o.percent_shown},
            {"raw", o.raw},
            {"period_text", o.period_text},
            {"where", where_json(o.where)}};
}

ordered_json comparison_json(const ValueComparison& c) {
    return {{"indicator", c.merged_id},     {"title", c.title}, {"period", c.period_label},
            {"series", c.kept.series},      {"agree", c.agree}, {"kept", value_json(c.kept)},
            {"other", value_json(c.other)}, {"rule", c.rule},   {"explanation", c.explanation}};
}

// "samples/001.xlsx, 'Data'!B11"
std::string place(const Provenance& w) {
    return provenance_text(w);
}

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

}  // namespace

std::string reconcile_report_to_json(const ReconcileReport& r) {
    ordered_json j;
    j["summary"] = {{"sources", r.sources},
                    {"source_indicators", r.source_indicators},
                    {"merged_indicators", r.merged_indicators},
                    {"matches", r.matches.size()},
                    {"suggestions", r.suggestions.size()},
                    {"conflicts", r.conflicts.size()},
                    {"agreements", r.agreements.size()},
                    {"duplicates", r.duplicates.size()}};
    ordered_json conflicts = ordered_json::array();
    for (const ValueComparison& c : r.conflicts) conflicts.push_back(comparison_json(c));
    j["conflicts"] = conflicts;
    ordered_json suggestions = ordered_json::array();
    for (const MatchSuggestion& s : r.suggestions)
        suggestions.push_back({{"score", s.score},
                               {"title_score", s.title_score},
                               {"evidence", s.evidence},
                               {"shared_periods", s.shared_periods},
                               {"agreeing_periods", s.agreeing_periods},
                               {"first",
                                {{"id", s.first_id},
                                 {"merged_id", s.first_merged_id},
                                 {"title", s.first_title},
                                 {"where", where_json(s.first_where)}}},
                               {"second",
                                {{"id", s.second_id},
                                 {"merged_id", s.second_merged_id},
                                 {"title", s.second_title},
                                 {"where", where_json(s.second_where)}}}});
    j["suggestions"] = suggestions;
    ordered_json duplicates = ordered_json::array();
    for (const SourceDuplicate& d : r.duplicates)
        duplicates.push_back({{"indicator", d.indicator_id},
                              {"title", d.title},
                              {"code", d.code},
                              {"first", where_json(d.first)},
                              {"second", where_json(d.second)},
                              {"explanation", d.explanation}});
    j["duplicates"] = duplicates;
    ordered_json matches = ordered_json::array();
    for (const IndicatorMatch& m : r.matches) {
        ordered_json sources = ordered_json::array();
        for (std::size_t i = 0; i < m.source_ids.size(); ++i)
            sources.push_back({{"id", m.source_ids[i]},
                               {"where", i < m.source_where.size() ? where_json(m.source_where[i])
                                                                   : where_json({})}});
        matches.push_back({{"indicator", m.merged_id},
                           {"title", m.title},
                           {"rule", match_rule_name(m.rule)},
                           {"evidence", m.evidence},
                           {"sources", sources}});
    }
    j["matches"] = matches;
    ordered_json agreements = ordered_json::array();
    for (const ValueComparison& c : r.agreements) agreements.push_back(comparison_json(c));
    j["agreements"] = agreements;
    return j.dump(1) + "\n";
}

std::string reconcile_report_to_text(const ReconcileReport& r) {
    std::string out = fmt::format(
        "{} source{}: {} indicators reconciled into {}; {} matches, {} suggestions, {} "
        "conflicts, {} agreements, {} duplicates\n",
        r.sources, r.sources == 1 ? "" : "s", r.source_indicators, r.merged_indicators,
        r.matches.size(), r.suggestions.size(), r.conflicts.size(), r.agreements.size(),
        r.duplicates.size());
    auto comparison = [&](const ValueComparison& c) {
        out += fmt::format("  {} [{}{}]: {}\n", one_line(c.title), c.period_label,
                           c.kept.series.empty() ? "" : ", " + c.kept.series, c.explanation);
        out += fmt::format("    kept   {} \"{}\"\n", place(c.kept.where), c.kept.raw);
        out += fmt::format("    other  {} \"{}\"\n", place(c.other.where), c.other.raw);
        out += fmt::format("    rule   {}\n", c.rule);
    };
    out += fmt::format(
        "\nConflicts ({}): values for the same indicator and period that differ "
        "beyond the precision shown\n",
        r.conflicts.size());
    for (const ValueComparison& c : r.conflicts) comparison(c);
    out += fmt::format(
        "\nSuggestions ({}): titles that look alike but were not merged; confirm "
        "the right ones in a crosswalk file (--crosswalk)\n",
        r.suggestions.size());
    for (const MatchSuggestion& s : r.suggestions) {
        out += fmt::format("  {:.2f}  '{}' ({})\n", s.score, one_line(s.first_title),
                           place(s.first_where));
        out += fmt::format("        '{}' ({})\n", one_line(s.second_title), place(s.second_where));
        out += fmt::format("        {}\n", s.evidence);
    }
    out += fmt::format("\nDuplicates ({}): an indicator listed twice in one source\n",
                       r.duplicates.size());
    for (const SourceDuplicate& d : r.duplicates)
        out += fmt::format("  {} {}: first {}, again {}: {}\n", d.code, one_line(d.title),
                           place(d.first), place(d.second), one_line(d.explanation));
    out += fmt::format("\nMatches ({}): source indicators merged into one\n", r.matches.size());
    for (const IndicatorMatch& m : r.matches) {
        out += fmt::format("  {} [{}]: {}\n", one_line(m.title), match_rule_name(m.rule),
                           one_line(m.evidence));
        for (std::size_t i = 0; i < m.source_ids.size(); ++i)
            out += fmt::format("    {} ({})\n", m.source_ids[i],
                               i < m.source_where.size() ? place(m.source_where[i]) : "");
    }
    out += fmt::format("\nAgreements ({}): values that agree within the precision shown\n",
                       r.agreements.size());
    for (const ValueComparison& c : r.agreements) comparison(c);
    return out;
}

}  // namespace kpimap
