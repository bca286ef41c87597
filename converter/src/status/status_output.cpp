// The statuses written out: JSON, CSV (statuses and gaps) and readable text, fixed column and
// key order (docs/statuses.md).
#include <fmt/format.h>

#include <algorithm>

#include "judging.hpp"
#include "kpimap/csv_field.hpp"

namespace kpimap {

using judging::comparison_phrase;
using status_text::num;
using status_text::period_label;

namespace {

// Hand-written JSON (the library's JSON dependency is private to model_io): fixed key order.
std::string jstr(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20)
                    out += fmt::format("\\u{:04x}", c);
                else
                    out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string jnum(const std::optional<double>& v) {
    return v ? num(*v) : "null";
}
std::string jint(const std::optional<int>& v) {
    return v ? std::to_string(*v) : "null";
}

std::string point_json(const std::optional<Observation>& o) {
    if (!o) return "null";
    return fmt::format(
        "{{\"period\": {}, \"value\": {}, \"count\": {}, \"denominator\": {}, \"lower_ci\": {}, "
        "\"upper_ci\": {}, \"where\": {{\"file\": {}, \"sheet\": {}, \"cell\": {}}}}}",
        jstr(period_label(*o)), jnum(o->value), jnum(o->count), jnum(o->denominator),
        jnum(o->lower_ci), jnum(o->upper_ci), jstr(o->where.file), jstr(o->where.sheet),
        jstr(o->where.cell));
}

// `, "breakdown": [{"dimension", "category"}, ...]` for a part of the population; "" for the
// whole (the key is absent, as in model.json).
// `{"dimension", "category"}, ...`: the pairs of a breakdown, for a JSON array.
std::string pairs_json(const Breakdown& breakdown) {
    std::string pairs;
    for (const BreakdownPair& p : breakdown)
        pairs += fmt::format("{}{{\"dimension\": {}, \"category\": {}}}", pairs.empty() ? "" : ", ",
                             jstr(p.dimension), jstr(p.category));
    return pairs;
}

std::string breakdown_json(const Breakdown& breakdown) {
    if (breakdown.empty()) return {};
    return fmt::format(", \"breakdown\": [{}]", pairs_json(breakdown));
}

std::string spc_json(const SpcStatus& spc) {
    if (!spc.computed)
        return fmt::format("{{\"computed\": false, \"explanation\": {}}}", jstr(spc.explanation));
    const spc::Point& last = spc.chart.points.back();
    std::string points;
    for (std::size_t i = 0; i < spc.chart.points.size(); ++i) {
        const spc::Point& p = spc.chart.points[i];
        points += fmt::format(
            "{}{{\"period\": {}, \"value\": {}, \"mean\": {}, \"lpl\": {}, \"upl\": {}, "
            "\"special_cause\": {}, \"type\": {}}}",
            i == 0 ? "" : ", ", jstr(spc.periods[i]), num(p.value), num(p.mean), num(p.lpl),
            num(p.upl), p.special_cause ? "true" : "false", jstr(spc::point_type_name(p.type)));
    }
    return fmt::format(
        "{{\"computed\": true, \"variation\": {}, \"assurance\": {}, \"mean\": {}, "
        "\"lpl\": {}, \"upl\": {}, \"target\": {}, \"explanation\": {}, \"points\": [{}]}}",
        jstr(spc::point_type_name(spc.chart.variation)),
        jstr(spc::assurance_name(spc.chart.assurance)), num(last.mean), num(last.lpl),
        num(last.upl), jnum(spc.target), jstr(spc.explanation), points);
}

std::string gap_value_json(const GapValue& v) {
    return fmt::format(
        "{{\"category\": {}, \"value\": {}, \"where\": {{\"file\": {}, \"sheet\": {}, "
        "\"cell\": {}}}}}",
        jstr(v.category), num(v.value), jstr(v.where.file), jstr(v.where.sheet),
        jstr(v.where.cell));
}

std::string gap_at_json(const std::optional<GapAt>& at) {
    if (!at) return "null";
    std::string values;
    for (const GapValue& v : at->values) values += (values.empty() ? "" : ", ") + gap_value_json(v);
    return fmt::format(
        "{{\"period\": {}, \"best\": {}, \"worst\": {}, \"gap\": {}, \"first\": {}, "
        "\"last\": {}, \"values\": [{}]}}",
        jstr(at->period), gap_value_json(at->best), gap_value_json(at->worst), num(at->gap),
        at->first ? gap_value_json(*at->first) : "null",
        at->last ? gap_value_json(*at->last) : "null", values);
}

std::string gap_json(const BreakdownGap& g) {
    return fmt::format(
        "{{\"id\": {}, \"title\": {}, \"dimension\": {}, \"other\": [{}], \"series\": {}, "
        "\"polarity\": {}, \"judged\": {}, \"change\": {}, \"explanation\": {}, \"latest\": "
        "{}, \"previous\": {}}}",
        jstr(g.indicator_id), jstr(g.title), jstr(g.dimension), pairs_json(g.other), jstr(g.series),
        jstr(polarity_name(g.polarity)), g.judged ? "true" : "false",
        jstr(gap_change_name(g.change)), jstr(g.explanation), gap_at_json(g.latest),
        gap_at_json(g.previous));
}

}  // namespace

std::string statuses_to_json(const StatusResult& result) {
    std::string out = "{\n \"indicators\": [";
    bool first = true;
    for (const IndicatorStatus& s : result.indicators) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        std::string notes, traj;
        for (const std::string& n : s.notes) notes += (notes.empty() ? "" : ", ") + jstr(n);
        for (const TrajectoryPoint& t : s.trajectory_by_period)
            traj += fmt::format(
                "{}{{\"period\": {}, \"kind\": {}, \"status\": {}, "
                "\"explanation\": {}}}",
                traj.empty() ? "" : ", ", jstr(t.period), jstr(expectation_kind_name(t.kind)),
                jstr(trajectory_status_name(t.status)), jstr(t.explanation));
        out += fmt::format(
            "{{\"id\": {}, \"title\": {}, \"polarity\": {}, \"polarity_source\": {}, \"series\": "
            "{}, \"latest\": {}, \"previous\": {}, \"travel\": {}, \"travel_explanation\": {}, "
            "\"significance\": {}, \"significance_explanation\": {}, \"trajectory\": {}, "
            "\"trajectory_explanation\": {}, \"trajectory_by_period\": [{}], \"rag\": {}, "
            "\"rag_explanation\": {}, \"trend\": {}, \"trend_label\": {}, \"trend_explanation\": "
            "{}, \"notes\": [{}], \"benchmark_comparator\": {}, \"benchmark_value\": {}, "
            "\"benchmark_95\": {}, \"benchmark_998\": {}, \"benchmark_explanation\": {}, "
            "\"spc\": {}, \"source_verdict\": {}, \"audit\": {}{}}}",
            jstr(s.indicator_id), jstr(s.title), jstr(polarity_name(s.polarity)),
            jstr(s.polarity_source), jstr(s.series), point_json(s.latest), point_json(s.previous),
            jstr(stats::travel_name(s.travel)), jstr(s.travel_explanation),
            jstr(significance_name(s.significance)), jstr(s.significance_explanation),
            jstr(trajectory_status_name(s.trajectory)), jstr(s.trajectory_explanation), traj,
            jstr(rag_name(s.rag)), jstr(s.rag_explanation), jstr(stats::trend_name(s.trend)),
            jstr(s.trend_label), jstr(s.trend_explanation), notes, jstr(s.benchmark_comparator),
            jnum(s.benchmark_value), jstr(stats::comparison_name(s.benchmark95)),
            jstr(stats::comparison_name(s.benchmark998)), jstr(s.benchmark_explanation),
            spc_json(s.spc), jstr(source_verdict_name(s.source_verdict)), jstr(s.audit),
            breakdown_json(s.breakdown));
    }
    out += "\n ],\n \"outcomes\": [";
    first = true;
    for (const OutcomeSummary& o : result.outcomes) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        std::string ids;
        for (const std::string& i : o.indicator_ids) ids += (ids.empty() ? "" : ", ") + jstr(i);
        std::string pub = "null";
        if (o.published_counts) {
            const PublishedCounts& p = *o.published_counts;
            pub = fmt::format(
                "{{\"indicators\": {}, \"improved\": {}, \"little_or_no_change\": {}, "
                "\"worsened\": {}, \"no_comparator\": {}}}",
                jint(p.indicators), jint(p.improved), jint(p.little_or_no_change), jint(p.worsened),
                jint(p.no_comparator));
        }
        out += fmt::format(
            "{{\"id\": {}, \"code\": {}, \"title\": {}, \"indicators\": {}, \"improved\": {}, "
            "\"little_or_no_change\": {}, \"worsened\": {}, \"no_comparator\": {}, "
            "\"changed_no_polarity\": {}, \"sentence\": {}, \"published\": {}, "
            "\"published_counts\": {}, \"source_positive\": {}, \"source_fairly_stable\": {}, "
            "\"source_negative\": {}, \"source_no_comparator\": {}, \"audited\": {}, "
            "\"source_sentence\": {}, \"indicator_ids\": [{}]}}",
            jstr(o.outcome_id), jstr(o.code), jstr(o.title), o.indicators, o.improved,
            o.little_or_no_change, o.worsened, o.no_comparator, o.changed_no_polarity,
            jstr(o.sentence), jstr(o.published), pub, o.source_positive, o.source_fairly_stable,
            o.source_negative, o.source_no_comparator, o.audited, jstr(o.source_sentence), ids);
    }
    out += "\n ]";
    // Only when there are gaps, so the output of a model without ordered breakdowns is as before.
    if (!result.gaps.empty()) {
        out += ",\n \"gaps\": [";
        for (std::size_t i = 0; i < result.gaps.size(); ++i)
            out += (i == 0 ? "\n  " : ",\n  ") + gap_json(result.gaps[i]);
        out += "\n ]";
    }
    out += "\n}\n";
    return out;
}

std::string gaps_to_csv(const StatusResult& result) {
    std::string out =
        "indicator_id,indicator,dimension,other,series,polarity,latest_period,best_category,"
        "best_value,worst_category,worst_value,gap,first_category,first_value,last_category,"
        "last_value,previous_period,previous_best_category,previous_best_value,"
        "previous_worst_category,previous_worst_value,previous_gap,change,values,explanation\n";
    auto category = [](const std::optional<GapValue>& v) {
        return v ? csv_field(v->category) : std::string();
    };
    auto value = [](const std::optional<GapValue>& v) { return v ? num(v->value) : std::string(); };
    for (const BreakdownGap& g : result.gaps) {
        const GapAt& at = g.latest;
        const std::optional<GapAt>& p = g.previous;
        std::string values;
        for (const GapValue& v : at.values)
            values += fmt::format("{}{}={}", values.empty() ? "" : "; ", v.category, num(v.value));
        // One field per header column, in order (texts through csv_field).
        const std::string fields[] = {
            csv_field(g.indicator_id),
            csv_field(g.title),
            csv_field(g.dimension),
            csv_field(breakdown_text(g.other)),
            csv_field(g.series),
            polarity_name(g.polarity),
            csv_field(at.period),
            csv_field(at.best.category),
            num(at.best.value),
            csv_field(at.worst.category),
            num(at.worst.value),
            num(at.gap),
            category(at.first),
            value(at.first),
            category(at.last),
            value(at.last),
            p ? csv_field(p->period) : "",
            category(p ? std::optional<GapValue>(p->best) : std::nullopt),
            value(p ? std::optional<GapValue>(p->best) : std::nullopt),
            category(p ? std::optional<GapValue>(p->worst) : std::nullopt),
            value(p ? std::optional<GapValue>(p->worst) : std::nullopt),
            p ? num(p->gap) : "",
            gap_change_name(g.change),
            csv_field(values),
            csv_field(g.explanation),
        };
        out += fmt::format("{}\n", fmt::join(fields, ","));
    }
    return out;
}

std::string statuses_to_csv(const StatusResult& result) {
    std::string out =
        "indicator_id,indicator,series,polarity,polarity_source,latest_period,latest_value,"
        "previous_period,previous_value,travel,travel_explanation,significance,"
        "significance_explanation,trajectory,trajectory_explanation,rag,rag_explanation,trend,"
        "trend_label,notes,benchmark_comparator,benchmark_value,benchmark_95,benchmark_998,"
        "benchmark_explanation,spc_variation,spc_assurance,spc_explanation,source_verdict,audit,"
        "breakdown\n";
    for (const IndicatorStatus& s : result.indicators) {
        std::string notes;
        for (const std::string& n : s.notes) notes += (notes.empty() ? "" : "; ") + n;
        // One field per header column, in order (texts through csv_field).
        const std::string fields[] = {
            csv_field(s.indicator_id),
            csv_field(s.title),
            csv_field(s.series),
            polarity_name(s.polarity),
            s.polarity_source,
            s.latest ? csv_field(period_label(*s.latest)) : "",
            s.latest && s.latest->value ? num(*s.latest->value) : "",
            s.previous ? csv_field(period_label(*s.previous)) : "",
            s.previous && s.previous->value ? num(*s.previous->value) : "",
            stats::travel_name(s.travel),
            csv_field(s.travel_explanation),
            significance_name(s.significance),
            csv_field(s.significance_explanation),
            trajectory_status_name(s.trajectory),
            csv_field(s.trajectory_explanation),
            rag_name(s.rag),
            csv_field(s.rag_explanation),
            stats::trend_name(s.trend),
            csv_field(s.trend_label),
            csv_field(notes),
            csv_field(s.benchmark_comparator),
            s.benchmark_value ? num(*s.benchmark_value) : "",
            stats::comparison_name(s.benchmark95),
            stats::comparison_name(s.benchmark998),
            csv_field(s.benchmark_explanation),
            s.spc.computed ? spc::point_type_name(s.spc.chart.variation) : "",
            s.spc.computed ? spc::assurance_name(s.spc.chart.assurance) : "",
            csv_field(s.spc.explanation),
            source_verdict_name(s.source_verdict),
            csv_field(s.audit),
            csv_field(breakdown_text(s.breakdown)),
        };
        out += fmt::format("{}\n", fmt::join(fields, ","));
    }
    return out;
}

std::string statuses_to_text(const StatusResult& result) {
    std::string out;
    if (!result.outcomes.empty()) out += "Outcome summaries\n";
    for (const OutcomeSummary& o : result.outcomes) {
        const std::string name = o.code.empty() ? o.title : o.code + ": " + o.title;
        out += fmt::format("  {}\n    kpimap:    {}\n", name, o.sentence);
        if (!o.published.empty()) {
            std::string pub = o.published;
            std::replace(pub.begin(), pub.end(), '\n', ' ');
            out += fmt::format("    published: {}\n", pub);
        }
        if (!o.source_sentence.empty())
            out += fmt::format("    source:    {}\n", o.source_sentence);
    }
    if (!result.indicators.empty()) out += (out.empty() ? "" : "\n") + std::string("Indicators\n");
    for (const IndicatorStatus& s : result.indicators) {
        out += fmt::format(
            "  {}{}{}\n", s.title, s.series.empty() ? "" : fmt::format(" [{}]", s.series),
            s.breakdown.empty() ? "" : fmt::format(" ({})", breakdown_text(s.breakdown)));
        out += fmt::format("    travel:       {}: {}\n", stats::travel_name(s.travel),
                           s.travel_explanation);
        if (s.significance != Significance::not_required)
            out += fmt::format("    significance: {}: {}\n", significance_name(s.significance),
                               s.significance_explanation);
        if (s.trajectory != TrajectoryStatus::no_expectation || !s.trajectory_by_period.empty())
            out += fmt::format("    trajectory:   {}: {}\n", trajectory_status_name(s.trajectory),
                               s.trajectory_explanation);
        if (s.rag != Rag::not_assessed)
            out += fmt::format("    rag:          {}: {}\n", rag_name(s.rag), s.rag_explanation);
        if (s.trend != stats::Trend::not_enough_data)
            out += fmt::format("    trend:        {}: {}\n", s.trend_label, s.trend_explanation);
        if (!s.benchmark_comparator.empty())
            out += fmt::format("    benchmark:    {} (95%), {} (99.8%): {}\n",
                               comparison_phrase(s.benchmark95), comparison_phrase(s.benchmark998),
                               s.benchmark_explanation);
        if (s.spc.computed)
            out += fmt::format("    spc:          {}, {}: {}\n",
                               spc::point_type_name(s.spc.chart.variation),
                               spc::assurance_name(s.spc.chart.assurance), s.spc.explanation);
        if (!s.audit.empty()) out += fmt::format("    audit:        {}\n", s.audit);
        for (const std::string& n : s.notes) out += fmt::format("    note:         {}\n", n);
    }
    if (!result.gaps.empty()) out += "\nGaps across ordered breakdowns\n";
    for (const BreakdownGap& g : result.gaps)
        out += fmt::format("  {}\n    gap:          {}: {}\n", g.title, gap_change_name(g.change),
                           g.explanation);
    return out;
}

}  // namespace kpimap
