// Stage 7 of judging an indicator: statistical process control (an XmR chart).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "judging.hpp"

namespace kpimap::judging {

namespace {

// The day after an ISO date ("2021-03-31" → "2021-04-01"); "" when the text is not a date.
std::string day_after(const std::string& iso) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(iso.c_str(), "%d-%u-%u", &y, &m, &d) != 3) return {};
    const std::chrono::year_month_day next{
        std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
        std::chrono::days{1}};
    if (!next.ok()) return {};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(next.year()),
                       static_cast<unsigned>(next.month()), static_cast<unsigned>(next.day()));
}

const char* period_noun(const Period& p) {
    switch (p.kind) {
        case PeriodKind::month:
            return "monthly";
        case PeriodKind::quarter:
            return "quarterly";
        case PeriodKind::date:
            return "dated";
        default:
            return p.years == 1 ? "yearly" : "multi-year";
    }
}

}  // namespace

// Stage 7, SPC: an XmR chart of the latest run of values of the latest value's period type
// (months with months, quarters with quarters), oldest first. Periods with no value between
// charted ones are left out of the chart and named (a gap breaks no rule: the chart is of the
// values in order, as NHSRplotthedots draws them). The target is the trajectory's target for
// the latest charted period; rebase periods come from StatusOptions::spc_rebase.
void judge_spc(const ModelIndex& index, const Series& s, const Indicator& ind,
               const StatusOptions& options, IndicatorStatus& st) {
    SpcStatus& out = st.spc;
    if (s.points.empty()) {
        out.explanation = "no values; no SPC chart";
        return;
    }
    const Period& last = s.points.back().period;
    std::vector<const Observation*> run;  // newest first
    for (auto it = s.points.rbegin(); it != s.points.rend(); ++it) {
        if (it->period.kind != last.kind || it->period.years != last.years ||
            it->period.financial_quarter != last.financial_quarter || !it->value ||
            !std::isfinite(*it->value))
            break;
        run.push_back(&*it);
    }
    std::reverse(run.begin(), run.end());
    if (run.empty()) {
        out.explanation = "the latest value is not a finite number; no SPC chart";
        return;
    }
    const std::size_t need = std::max<std::size_t>(options.spc.min_points, 2);
    if (run.size() < need) {
        out.explanation = fmt::format(
            "{} {} value{} up to {}; an SPC chart needs at least {} values of one period type",
            run.size(), period_noun(last), run.size() == 1 ? "" : "s", period_label(*run.back()),
            need);
        return;
    }
    std::vector<double> values;
    std::vector<std::string> gaps;
    spc::Options opt = options.spc;
    opt.rebase_at.clear();
    for (std::size_t i = 0; i < run.size(); ++i) {
        values.push_back(*run[i]->value);
        out.periods.push_back(period_label(*run[i]));
        if (i > 0 && last.kind != PeriodKind::date &&
            day_after(run[i - 1]->period.end) != run[i]->period.start)
            gaps.push_back(
                fmt::format("between {} and {}", period_label(*run[i - 1]), period_label(*run[i])));
        for (const StatusOptions::Rebase& r : options.spc_rebase)
            if ((r.indicator.empty() || r.indicator == ind.id || r.indicator == ind.title) &&
                r.at == run[i]->period && i > 0)
                opt.rebase_at.push_back(i);
    }
    std::sort(opt.rebase_at.begin(), opt.rebase_at.end());
    opt.rebase_at.erase(std::unique(opt.rebase_at.begin(), opt.rebase_at.end()),
                        opt.rebase_at.end());
    // The target for the latest charted period: its own, else that of the shortest period
    // containing it (a financial year's target holds for each of its months).
    const Period& at = run.back()->period;
    const Expectation* target = nullptr;
    for (const Expectation* e : index.expectations(ind.id)) {
        if (e->kind != ExpectationKind::target || !e->target || e->period.start.empty()) continue;
        if (e->period == at) {
            target = e;
            break;
        }
        const bool contains = e->period.start <= at.start && at.end <= e->period.end;
        if (contains && (!target || target->period.end.compare(e->period.end) > 0 ||
                         target->period.start < e->period.start))
            target = e;
    }
    if (target) out.target = *target->target;
    const spc::Improvement improvement =
        st.polarity == Polarity::higher_is_better  ? spc::Improvement::increase
        : st.polarity == Polarity::lower_is_better ? spc::Improvement::decrease
                                                   : spc::Improvement::neutral;
    out.chart = spc::xmr(values, improvement, out.target, opt);
    if (!out.chart.computed) {
        out.periods.clear();
        out.explanation = "the values could not be charted (a value is not finite)";
        return;
    }
    out.computed = true;
    const spc::Point& p = out.chart.points.back();
    std::size_t special = 0;
    for (const spc::Point& q : out.chart.points) special += q.special_cause ? 1 : 0;
    std::string rebases;
    for (std::size_t i : opt.rebase_at) rebases += fmt::format(", rebased at {}", out.periods[i]);
    std::string target_text = "no target for " + out.periods.back();
    if (out.target)
        target_text = fmt::format("target {}{}: {}", num(*out.target),
                                  target->period == at ? "" : " for " + target->period.label(),
                                  spc::assurance_name(out.chart.assurance));
    else if (improvement == spc::Improvement::neutral)
        target_text += "; assurance needs a target and a polarity";
    out.explanation = fmt::format(
        "{} {} values {} to {}{}: mean {}, process limits {} to {} (2.66 × mean moving range); "
        "{} special-cause point{}; latest {} is {}; {}{}",
        run.size(), period_noun(last), out.periods.front(), out.periods.back(), rebases,
        num(std::round(p.mean * 1000) / 1000), num(std::round(p.lpl * 1000) / 1000),
        num(std::round(p.upl * 1000) / 1000), special, special == 1 ? "" : "s", num(p.value),
        spc::point_type_name(p.type), target_text,
        gaps.empty() ? "" : fmt::format("; no value {} (left out)", fmt::join(gaps, ", ")));
}

}  // namespace kpimap::judging
