// kpimap return's planner: the model writer's passes in order (model_writer.hpp), and how a
// target indicator is matched to the model's.
#include "kpimap/identity.hpp"
#include "write/model_writer.hpp"

namespace kpimap {

namespace planning {

IdentityIndex::IdentityIndex(const Model& source) {
    for (std::size_t i = 0; i < source.indicators.size(); ++i) {
        const Indicator& ind = source.indicators[i];
        for (const IndicatorCode& c : ind.codes)
            if (!is_local_code(c)) by_code_[indicator_code_key(c)].insert(i);
        by_title_[title_key(ind.title)].insert(i);
        for (const std::string& a : ind.aliases) by_title_[title_key(a)].insert(i);
    }
}

std::optional<std::size_t> IdentityIndex::match(const Indicator& target, bool& ambiguous) const {
    ambiguous = false;
    std::set<std::size_t> found;
    for (const IndicatorCode& c : target.codes)
        if (!is_local_code(c))
            if (auto it = by_code_.find(indicator_code_key(c)); it != by_code_.end())
                found.insert(it->second.begin(), it->second.end());
    if (found.empty()) {
        std::vector<std::string> keys{title_key(target.title)};
        for (const std::string& a : target.aliases) keys.push_back(title_key(a));
        for (const std::string& k : keys)
            if (auto it = by_title_.find(k); it != by_title_.end())
                found.insert(it->second.begin(), it->second.end());
    }
    if (found.size() == 1) return *found.begin();
    ambiguous = found.size() > 1;
    return std::nullopt;
}

ModelWriter::ModelWriter(Planner& p, const Model& model, const ReturnOptions& options)
    : p_(p), model_(model), options_(options), identity_(model) {
    for (const Observation& o : model.observations)
        facts_[fact_key(o.indicator_id, o.period, o.series, o.breakdown)].push_back(
            {&o, nullptr, false});
    for (const Expectation& e : model.expectations)
        facts_[fact_key(e.indicator_id, e.period, kExpectationSeries, {})].push_back(
            {nullptr, &e, false});
    // The lists do not move from here on: index them by indicator once.
    for (auto& [key, list] : facts_)
        for (PlannedFact& f : list)
            by_indicator_[f.observation ? f.observation->indicator_id : f.expectation->indicator_id]
                .push_back(&f);
}

void ModelWriter::run() {
    for (const RecordsRule& rule : p_.mapping_.records) records(rule);
    named_facts();
    match_indicators();
    observation_slots();
    expectation_slots();
    report_unplaced();
}

std::string ModelWriter::fact_key(const std::string& indicator_id, const Period& period,
                                  const std::string& series, const Breakdown& breakdown) const {
    return indicator_id + '\x1f' +
           observation_key(period, series, resolved_breakdown(p_.mapping_.dimensions, breakdown));
}

}  // namespace planning

WritePlan plan_model_writes(const Workbook& target, const Mapping& mapping,
                            const ConversionResult& target_read, const Model& model,
                            const ReturnOptions& options) {
    planning::Planner p(target, mapping, target_read);
    if (!planning::fits(target, mapping, p.plan)) return std::move(p.plan);
    planning::ModelWriter(p, model, options).run();
    p.finish();
    return std::move(p.plan);
}

}  // namespace kpimap
