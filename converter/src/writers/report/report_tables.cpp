// The tables behind the report sheets: pure functions of the model, the statuses and the
// reconciliation report, so tests can check them without a workbook.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "kpimap/identity.hpp"
#include "kpimap/report.hpp"

namespace kpimap {

namespace {

std::string period_label(const Observation& o) {
    return o.period.start.empty() ? o.period_text : o.period.label();
}

std::string outcome_label(const Outcome& o) {
    // "Domain 1 Individual Outcomes" already starts with its code "Domain 1".
    if (o.code.empty() || o.title.rfind(o.code, 0) == 0) return o.title;
    return o.code + " " + o.title;
}

// A level or other identifier as a reader says it: "strategic_outcome" as "strategic outcome".
std::string words(std::string name) {
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
}

// Outcome levels that are containers of commitments, not places for a measure.
bool measurable_level(std::string_view level) {
    return level == "outcome" || level == "output" || level == "strategic_outcome" ||
           level == "domain" || level == "priority";
}

}  // namespace

std::vector<SummaryRow> report_summary_rows(const StatusResult& statuses) {
    std::unordered_map<std::string_view, const IndicatorStatus*> by_id;
    for (const IndicatorStatus& s : statuses.indicators) by_id.emplace(s.indicator_id, &s);
    std::vector<SummaryRow> rows;
    for (const OutcomeSummary& o : statuses.outcomes) {
        if (o.indicators == 0 && o.published.empty()) continue;
        SummaryRow r;
        r.outcome_id = o.outcome_id;
        r.code = o.code;
        r.title = o.title;
        r.indicators = o.indicators;
        r.improved = o.improved;
        r.little_or_no_change = o.little_or_no_change;
        r.worsened = o.worsened;
        r.no_comparator = o.no_comparator;
        r.changed_no_polarity = o.changed_no_polarity;
        r.sentence = o.sentence;
        r.published = o.published;
        // A reader puts the counts beside the published sentence: say why they cannot agree.
        const std::optional<int> published_n =
            o.published_counts ? o.published_counts->indicators : std::nullopt;
        if (o.indicators == 0 && published_n && *published_n > 0)
            r.note = fmt::format(
                "Nothing counted: the source counts {} indicator{} here but none is in the model "
                "(no series of values for {} was read from the source)",
                *published_n, *published_n == 1 ? "" : "s", *published_n == 1 ? "it" : "them");
        else if (o.indicators == 0 && !o.published.empty())
            r.note = "Nothing counted: no indicator of this outcome is in the model";
        else if (published_n && *published_n > o.indicators)
            r.note = fmt::format(
                "The source counts {} indicators; only the {} read into the model are counted",
                *published_n, o.indicators);
        for (const std::string& id : o.indicator_ids) {
            auto it = by_id.find(id);
            if (it == by_id.end()) continue;
            switch (it->second->rag) {
                case Rag::red:
                    ++r.red;
                    break;
                case Rag::amber:
                    ++r.amber;
                    break;
                case Rag::green:
                    ++r.green;
                    break;
                case Rag::not_assessed:
                    ++r.not_assessed;
                    break;
            }
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

std::vector<StatusRow> report_status_rows(const Model& model, const StatusResult& statuses) {
    std::unordered_map<std::string_view, const Outcome*> outcome_of;
    for (const Link& l : model.links)
        if (l.kind == "indicator_of" && !outcome_of.count(l.from_id))
            if (const Outcome* o = model.find_outcome(l.to_id)) outcome_of.emplace(l.from_id, o);
    // The judged series of each indicator, in period order.
    std::unordered_map<std::string_view, const IndicatorStatus*> status_of;
    for (const IndicatorStatus& s : statuses.indicators) status_of.emplace(s.indicator_id, &s);
    // The judged series' values of each indicator and part of the population, keyed by id and
    // breakdown_key, collected in one pass.
    auto series_key = [](std::string_view id, const Breakdown& b) {
        return std::string(id) + '\n' + breakdown_key(b);
    };
    std::unordered_map<std::string, std::vector<const Observation*>> series;
    for (const Observation& o : model.observations) {
        auto it = status_of.find(o.indicator_id);
        if (it == status_of.end() || !o.value || o.series != it->second->series) continue;
        series[series_key(o.indicator_id, o.breakdown)].push_back(&o);
    }
    std::vector<StatusRow> rows;
    rows.reserve(statuses.indicators.size());
    for (const IndicatorStatus& s : statuses.indicators) {
        StatusRow r;
        r.indicator_id = s.indicator_id;
        if (auto it = outcome_of.find(s.indicator_id); it != outcome_of.end())
            r.outcome = outcome_label(*it->second);
        r.title = s.breakdown.empty()
                      ? s.title
                      : fmt::format("{} ({})", s.title, breakdown_text(s.breakdown));
        r.polarity = polarity_name(s.polarity);
        if (s.latest) {
            r.latest_value = s.latest->value;
            r.latest_period = period_label(*s.latest);
        }
        if (s.previous) {
            r.previous_value = s.previous->value;
            r.previous_period = period_label(*s.previous);
        }
        r.travel = stats::travel_name(s.travel);
        r.trajectory = trajectory_status_name(s.trajectory);
        r.rag = rag_name(s.rag);
        r.significance = significance_name(s.significance);
        if (s.spc.computed) {
            r.spc_variation = spc::point_type_name(s.spc.chart.variation);
            r.spc_assurance = spc::assurance_name(s.spc.chart.assurance);
        }
        r.source_verdict = source_verdict_name(s.source_verdict);
        switch (s.travel) {
            case stats::Travel::improved:
                r.travel_score = 1;
                break;
            case stats::Travel::worsened:
                r.travel_score = -1;
                break;
            case stats::Travel::no_comparator:
                break;
            default:
                r.travel_score = 0;
                break;
        }
        std::vector<std::string> parts;
        for (const std::string* e :
             {&s.travel_explanation, &s.trajectory_explanation, &s.rag_explanation})
            if (!e->empty()) parts.push_back(*e);
        for (const std::string& n : s.notes) parts.push_back(n);
        r.explanation = fmt::format("{}", fmt::join(parts, "; "));
        if (auto it = series.find(series_key(s.indicator_id, s.breakdown)); it != series.end()) {
            std::vector<const Observation*> obs = it->second;
            std::stable_sort(
                obs.begin(), obs.end(),
                [&](const Observation* a, const Observation* b) { return a->period < b->period; });
            // as_of: values after the latest judged period are not part of the picture.
            for (const Observation* o : obs) {
                if (s.latest && s.latest->period < o->period) break;
                r.series.push_back(*o->value);
            }
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

OutcomeMatrix contribution_matrix(const Model& model) {
    OutcomeMatrix m;
    std::set<std::string> from_levels, to_levels;
    for (const Link& l : model.links) {
        if (l.kind != "contributes_to") continue;
        const Outcome* from = model.find_outcome(l.from_id);
        const Outcome* to = model.find_outcome(l.to_id);
        if (!from || !to) continue;
        from_levels.insert(from->level);
        to_levels.insert(to->level);
    }
    if (from_levels.empty()) return m;
    std::unordered_map<std::string_view, std::size_t> row_of, col_of;
    for (const Outcome& o : model.outcomes) {
        if (from_levels.count(o.level) && !to_levels.count(o.level)) {
            row_of.emplace(o.id, m.rows.size());
            m.rows.push_back(&o);
        } else if (to_levels.count(o.level)) {
            col_of.emplace(o.id, m.columns.size());
            m.columns.push_back(&o);
        }
    }
    m.cells.assign(m.rows.size(), std::vector<std::string>(m.columns.size()));
    m.strengths = m.cells;
    for (const Link& l : model.links) {
        if (l.kind != "contributes_to") continue;
        auto r = row_of.find(l.from_id);
        auto c = col_of.find(l.to_id);
        if (r == row_of.end() || c == col_of.end()) continue;
        auto add = [](std::string& to, const std::string& what) {
            if (!to.empty()) to += ' ';
            to += what;
        };
        add(m.cells[r->second][c->second], l.raw.empty() ? std::string("x") : l.raw);
        add(m.strengths[r->second][c->second], l.strength);
    }
    m.row_totals.assign(m.rows.size(), 0);
    m.column_totals.assign(m.columns.size(), 0);
    for (std::size_t r = 0; r < m.rows.size(); ++r)
        for (std::size_t c = 0; c < m.columns.size(); ++c)
            if (!m.cells[r][c].empty()) {
                ++m.row_totals[r];
                ++m.column_totals[c];
            }
    return m;
}

FrameworkMatrix framework_matrix(const Model& merged, const ReconcileReport& report,
                                 const std::vector<const Model*>& sources) {
    FrameworkMatrix m;
    if (sources.size() < 2) return m;
    std::unordered_map<std::string_view, std::size_t> column_of;  // framework id -> column
    for (const Model* s : sources)
        for (const Framework& f : s->frameworks)
            if (column_of.emplace(f.id, m.columns.size()).second) m.columns.push_back(&f);
    std::unordered_map<std::string_view, const IndicatorMatch*> match_of;  // source id -> match
    for (const IndicatorMatch& match : report.matches)
        for (const std::string& id : match.source_ids) match_of.emplace(id, &match);
    std::unordered_map<std::string_view, std::size_t> row_of;
    for (const Indicator& i : merged.indicators) {
        row_of.emplace(i.id, m.rows.size());
        FrameworkMatrix::Row row;
        row.indicator_id = i.id;
        row.title = i.title;
        row.names.assign(m.columns.size(), "");
        m.rows.push_back(std::move(row));
    }
    for (const IndicatorMatch& match : report.matches)
        if (auto it = row_of.find(match.merged_id); it != row_of.end())
            m.rows[it->second].rule = match_rule_name(match.rule);
    for (const Model* s : sources)
        for (const Indicator& i : s->indicators) {
            std::string_view merged_id = i.id;
            if (auto it = match_of.find(i.id); it != match_of.end())
                merged_id = it->second->merged_id;
            auto r = row_of.find(merged_id);
            auto c = column_of.find(i.framework_id);
            if (r == row_of.end() || c == column_of.end()) continue;
            std::string& name = m.rows[r->second].names[c->second];
            if (name.empty()) {
                name = i.title;
                ++m.rows[r->second].tracked;
            } else if (name != i.title) {
                name += "\n" + i.title;
            }
        }
    return m;
}

std::vector<CommitmentRow> commitment_rows(const Model& model) {
    if (std::none_of(model.outcomes.begin(), model.outcomes.end(),
                     [](const Outcome& o) { return o.level == "commitment"; }))
        return {};
    std::unordered_map<std::string_view, std::vector<const Indicator*>> indicators_of;
    std::unordered_map<std::string_view, std::set<std::string_view>> seen;
    for (const Link& l : model.links) {
        if (l.kind != "indicator_of") continue;
        const Indicator* i = model.find_indicator(l.from_id);
        if (i && seen[l.to_id].insert(i->id).second) indicators_of[l.to_id].push_back(i);
    }
    std::vector<CommitmentRow> rows;
    for (const Outcome& o : model.outcomes) {
        if (o.level != "commitment") continue;
        CommitmentRow row;
        row.commitment = &o;
        std::vector<std::string> context;
        bool found = false;
        for (const Outcome* at = &o; at;
             at = at->parent_id.empty() ? nullptr : model.find_outcome(at->parent_id)) {
            if (at != &o) context.insert(context.begin(), at->title);
            if (found) continue;
            if (auto it = indicators_of.find(at->id); it != indicators_of.end()) {
                row.indicators = it->second;
                found = true;
            }
            if (context.size() > 16) break;  // a parent cycle would never end
        }
        row.context = fmt::format("{}", fmt::join(context, " > "));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<Gap> report_gaps(const Model& model,
                             const std::vector<ConvertDiagnostic>& diagnostics) {
    std::vector<Gap> gaps;
    // 1. Outcomes without a measure: the converter's measure_gap notes, then measurable
    // outcomes no indicator (and no child outcome's indicator) is linked to.
    std::vector<const ConvertDiagnostic*> notes;
    for (const ConvertDiagnostic& d : diagnostics)
        if (d.code == DiagnosticCode::measure_gap) notes.push_back(&d);
    std::vector<bool> note_used(notes.size(), false);
    std::set<std::string_view> measured;
    for (const Link& l : model.links)
        if (l.kind == "indicator_of")
            for (const Outcome* o = model.find_outcome(l.to_id); o;
                 o = o->parent_id.empty() ? nullptr : model.find_outcome(o->parent_id)) {
                if (!measured.insert(o->id).second) break;
            }
    std::set<std::string_view> has_children;
    for (const Outcome& o : model.outcomes)
        if (!o.parent_id.empty()) has_children.insert(o.parent_id);
    // Matrices measure their rows by KPI; national outcomes are judged as unreached below.
    std::set<std::string_view> column_levels;
    for (const Link& l : model.links)
        if (l.kind == "contributes_to")
            if (const Outcome* to = model.find_outcome(l.to_id)) column_levels.insert(to->level);
    for (const Outcome& o : model.outcomes) {
        if (measured.count(o.id) || !measurable_level(o.level) || column_levels.count(o.level))
            continue;
        if (o.level != "output" && has_children.count(o.id)) continue;  // its outputs say it
        std::string detail = o.level == "output"
                                 ? "output with no measure assigned"
                                 : fmt::format("{} with no indicator", words(o.level));
        // The source's own words for the gap ("Metric requires development"), when it has them.
        for (std::size_t n = 0; n < notes.size(); ++n)
            if (!note_used[n] && notes[n]->message.find("'" + o.title + "'") != std::string::npos) {
                note_used[n] = true;
                if (notes[n]->raw != o.title)
                    detail += fmt::format(": the source says \"{}\" ({}!{})", notes[n]->raw,
                                          notes[n]->where.sheet, notes[n]->where.cell);
                break;
            }
        gaps.push_back({"no_measure", outcome_label(o), detail, o.where});
    }
    for (std::size_t n = 0; n < notes.size(); ++n)
        if (!note_used[n])
            gaps.push_back({"no_measure", notes[n]->raw, notes[n]->message, notes[n]->where});
    // 2. Columns of a contributes_to matrix that no row reaches.
    const OutcomeMatrix matrix = contribution_matrix(model);
    for (std::size_t c = 0; c < matrix.columns.size(); ++c)
        if (matrix.column_totals[c] == 0)
            gaps.push_back(
                {"unreached_outcome", outcome_label(*matrix.columns[c]),
                 fmt::format("no {} contributes to this {}",
                             matrix.rows.empty() ? "outcome" : words(matrix.rows[0]->level),
                             words(matrix.columns[c]->level)),
                 matrix.columns[c]->where});
    // 3. Indicators without a single value.
    std::unordered_set<std::string_view> with_value;
    for (const Observation& o : model.observations)
        if (o.value) with_value.insert(o.indicator_id);
    std::unordered_set<std::string_view> with_observation;
    for (const Observation& o : model.observations) with_observation.insert(o.indicator_id);
    for (const Indicator& i : model.indicators)
        if (!with_value.count(i.id))
            gaps.push_back({"no_data", i.title,
                            with_observation.count(i.id)
                                ? "every value is missing (suppressed, not available, ...)"
                                : "no values in the source",
                            i.where});
    // 4. Trajectory cells still TBC.
    for (const Expectation& e : model.expectations)
        if (e.kind == ExpectationKind::tbc) {
            const Indicator* i = model.find_indicator(e.indicator_id);
            gaps.push_back({"expectation_tbc", i ? i->title : e.indicator_id,
                            fmt::format("expectation for {} is still TBC",
                                        e.period_text.empty() ? e.period.label() : e.period_text),
                            e.where});
        }
    return gaps;
}

}  // namespace kpimap
