// The reconciliation report as JSON (fixed key order, for golden files) and as readable text:
// what needs attention (conflicts, suggestions, duplicates) first, then what was merged.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <ostream>
#include <sstream>

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

// A value dumped at depth `depth` of an indent-1 document: every line after the first moves
// right by `depth` spaces (dumped strings hold no raw line breaks).
void write_nested(std::ostream& out, const ordered_json& value, int depth) {
    const std::string text =
        value.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    const std::string pad(static_cast<std::size_t>(depth), ' ');
    std::size_t from = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
        out.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
        out << pad;
        from = nl + 1;
    }
    out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

// `"key": value` as a member of the top-level object, preceded by its separator.
void write_member(std::ostream& out, const char* key, const ordered_json& value, bool first) {
    out << (first ? "\n " : ",\n ") << ordered_json(key).dump() << ": ";
    write_nested(out, value, 1);
}

// `"key": [...]` with each item made JSON only as it is written.
template <class List, class ToJson>
void write_array_member(std::ostream& out, const char* key, const List& items, ToJson to_json) {
    out << ",\n " << ordered_json(key).dump() << ": ";
    if (items.begin() == items.end()) {
        out << "[]";
        return;
    }
    out << '[';
    bool first = true;
    for (const auto& item : items) {
        out << (first ? "\n  " : ",\n  ");
        first = false;
        write_nested(out, to_json(item), 2);
    }
    out << "\n ]";
}

ordered_json suggestion_json(const MatchSuggestion& s) {
    return {{"score", s.score},
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
              {"where", where_json(s.second_where)}}}};
}

ordered_json duplicate_json(const SourceDuplicate& d) {
    return {{"indicator", d.indicator_id},
            {"title", d.title},
            {"code", d.code},
            {"first", where_json(d.first)},
            {"second", where_json(d.second)},
            {"explanation", d.explanation}};
}

ordered_json match_json(const IndicatorMatch& m) {
    ordered_json sources = ordered_json::array();
    for (std::size_t i = 0; i < m.source_ids.size(); ++i)
        sources.push_back({{"id", m.source_ids[i]},
                           {"where", i < m.source_where.size() ? where_json(m.source_where[i])
                                                               : where_json({})}});
    return {{"indicator", m.merged_id},
            {"title", m.title},
            {"rule", match_rule_name(m.rule)},
            {"evidence", m.evidence},
            {"sources", sources}};
}

}  // namespace

void write_reconcile_report_json(const ReconcileReport& r, std::ostream& out) {
    const ordered_json summary = {{"sources", r.sources},
                                  {"source_indicators", r.source_indicators},
                                  {"merged_indicators", r.merged_indicators},
                                  {"matches", r.matches.size()},
                                  {"suggestions", r.suggestions.size()},
                                  {"conflicts", r.conflicts.size()},
                                  {"agreements", r.agreements.size()},
                                  {"duplicates", r.duplicates.size()}};
    out << '{';
    write_member(out, "summary", summary, true);
    write_array_member(out, "conflicts", r.conflicts, comparison_json);
    write_array_member(out, "suggestions", r.suggestions, suggestion_json);
    write_array_member(out, "duplicates", r.duplicates, duplicate_json);
    write_array_member(out, "matches", r.matches, match_json);
    write_array_member(out, "agreements", r.agreements, comparison_json);
    out << "\n}\n";
}

std::string reconcile_report_to_json(const ReconcileReport& r) {
    std::ostringstream out;
    write_reconcile_report_json(r, out);
    return std::move(out).str();
}

void write_reconcile_report_text(const ReconcileReport& r, std::ostream& out) {
    out << fmt::format(
        "{} source{}: {} indicators reconciled into {}; {} matches, {} suggestions, {} "
        "conflicts, {} agreements, {} duplicates\n",
        r.sources, r.sources == 1 ? "" : "s", r.source_indicators, r.merged_indicators,
        r.matches.size(), r.suggestions.size(), r.conflicts.size(), r.agreements.size(),
        r.duplicates.size());
    auto comparison = [&](const ValueComparison& c) {
        out << fmt::format("  {} [{}{}]: {}\n", one_line(c.title), c.period_label,
                           c.kept.series.empty() ? "" : ", " + c.kept.series, c.explanation);
        out << fmt::format("    kept   {} \"{}\"\n", place(c.kept.where), c.kept.raw);
        out << fmt::format("    other  {} \"{}\"\n", place(c.other.where), c.other.raw);
        out << fmt::format("    rule   {}\n", c.rule);
    };
    out << fmt::format(
        "\nConflicts ({}): values for the same indicator and period that differ "
        "beyond the precision shown\n",
        r.conflicts.size());
    for (const ValueComparison& c : r.conflicts) comparison(c);
    // Only when some total was checked, so reports of workbooks without breakdowns keep their
    // form; the agreeing checks are counted here and listed in totals.csv.
    if (!r.totals.empty()) {
        out << fmt::format(
            "\nTotals ({} checked: {} agree, {} differ, {} incomplete): a total against the sum "
            "of its parts; totals.csv lists every check\n",
            r.totals.size(), r.count_totals(TotalStatus::agrees),
            r.count_totals(TotalStatus::differs), r.count_totals(TotalStatus::incomplete));
        for (const TotalCheck& c : r.totals) {
            if (c.status == TotalStatus::agrees) continue;
            std::string at = c.period_label;
            if (!c.series.empty()) at += ", " + c.series;
            if (!c.others.empty()) at += ", " + breakdown_text(c.others);
            out << fmt::format("  {} {} [{}] by {}: {}\n", total_status_name(c.status),
                               one_line(c.title.empty() ? c.indicator_id : c.title), at,
                               c.dimension, c.explanation);
            out << fmt::format("    total  {} \"{}\"\n", place(c.total.where), c.total.raw);
            for (const TotalValue& p : c.parts)
                out << fmt::format("    part   {}: {} \"{}\"\n", p.category, place(p.where), p.raw);
        }
    }
    out << fmt::format(
        "\nSuggestions ({}): titles that look alike but were not merged; confirm "
        "the right ones in a crosswalk file (--crosswalk)\n",
        r.suggestions.size());
    for (const MatchSuggestion& s : r.suggestions) {
        out << fmt::format("  {:.2f}  '{}' ({})\n", s.score, one_line(s.first_title),
                           place(s.first_where));
        out << fmt::format("        '{}' ({})\n", one_line(s.second_title), place(s.second_where));
        out << fmt::format("        {}\n", s.evidence);
    }
    out << fmt::format("\nDuplicates ({}): an indicator listed twice in one source\n",
                       r.duplicates.size());
    for (const SourceDuplicate& d : r.duplicates)
        out << fmt::format("  {} {}: first {}, again {}: {}\n", d.code, one_line(d.title),
                           place(d.first), place(d.second), one_line(d.explanation));
    out << fmt::format("\nMatches ({}): source indicators merged into one\n", r.matches.size());
    for (const IndicatorMatch& m : r.matches) {
        out << fmt::format("  {} [{}]: {}\n", one_line(m.title), match_rule_name(m.rule),
                           one_line(m.evidence));
        for (std::size_t i = 0; i < m.source_ids.size(); ++i)
            out << fmt::format("    {} ({})\n", m.source_ids[i],
                               i < m.source_where.size() ? place(m.source_where[i]) : "");
    }
    out << fmt::format("\nAgreements ({}): values that agree within the precision shown\n",
                       r.agreements.size());
    for (const ValueComparison& c : r.agreements) comparison(c);
}

std::string reconcile_report_to_text(const ReconcileReport& r) {
    std::ostringstream out;
    write_reconcile_report_text(r, out);
    return std::move(out).str();
}

}  // namespace kpimap
