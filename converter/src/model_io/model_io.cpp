// model.json and the tidy CSVs written from the canonical model (kpimap/model_io.hpp).
#include "kpimap/model_io.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "kpimap/text_match.hpp"
#include "model_io/json_fields.hpp"

namespace kpimap {

namespace {

using nlohmann::ordered_json;

ordered_json period_json(const Period& p, const std::string& text) {
    if (p.start.empty()) return {{"text", text}};
    return {{"text", text},
            {"label", p.label()},
            {"kind", period_kind_name(p.kind)},
            {"start", p.start},
            {"end", p.end}};
}

template <typename T>
ordered_json optional_json(const std::optional<T>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

std::string number(const std::optional<double>& v) {
    return v ? format_number(*v) : std::string();
}

// The observation's benchmark, or null when it has none.
ordered_json comparator_json(const Observation& o) {
    if (o.comparator_name.empty() && !o.comparator_value && !o.comparator_lower_ci &&
        !o.comparator_upper_ci)
        return nullptr;
    return {{"name", o.comparator_name},
            {"value", optional_json(o.comparator_value)},
            {"lower_ci", optional_json(o.comparator_lower_ci)},
            {"upper_ci", optional_json(o.comparator_upper_ci)},
            {"cell", o.comparator_cell}};
}

const Indicator* indicator_of(const Model& m, const std::string& id) {
    return m.find_indicator(id);
}

}  // namespace

std::string model_to_json(const Model& model) {
    ordered_json j;
    ordered_json frameworks = ordered_json::array();
    for (const Framework& f : model.frameworks)
        frameworks.push_back({{"id", f.id},
                              {"title", f.title},
                              {"owner", f.owner},
                              {"period", f.period},
                              {"mapping", f.mapping_id},
                              {"file", f.where.file}});
    j["frameworks"] = frameworks;
    ordered_json outcomes = ordered_json::array();
    for (const Outcome& o : model.outcomes)
        outcomes.push_back({{"id", o.id},
                            {"framework", o.framework_id},
                            {"level", o.level},
                            {"code", o.code},
                            {"title", o.title},
                            {"parent", o.parent_id},
                            {"summary", o.summary},
                            {"where", provenance_json(o.where)}});
    j["outcomes"] = outcomes;
    ordered_json indicators = ordered_json::array();
    for (const Indicator& i : model.indicators) {
        ordered_json codes = ordered_json::array();
        for (const IndicatorCode& c : i.codes)
            codes.push_back({{"scheme", c.scheme}, {"value", c.value}});
        indicators.push_back({{"id", i.id},
                              {"framework", i.framework_id},
                              {"title", i.title},
                              {"aliases", i.aliases},
                              {"codes", codes},
                              {"polarity", polarity_name(i.polarity)},
                              {"unit", unit_name(i.unit)},
                              {"unit_per", i.unit_per},
                              {"measure_type", i.measure_type},
                              {"aim",
                               {{"text", i.aim.text},
                                {"direction", direction_name(i.aim.direction)},
                                {"significance_required", i.aim.significance_required}}},
                              {"capture", i.capture},
                              {"judgement", i.judgement},
                              {"where", provenance_json(i.where)}});
    }
    j["indicators"] = indicators;
    ordered_json observations = ordered_json::array();
    for (const Observation& o : model.observations) {
        ordered_json item = {{"indicator", o.indicator_id},
                             {"period", period_json(o.period, o.period_text)},
                             {"series", o.series}};
        // Only when there is one: a whole-population value reads as it did before breakdowns.
        if (!o.breakdown.empty()) {
            ordered_json pairs = ordered_json::array();
            for (const BreakdownPair& pair : o.breakdown)
                pairs.push_back({{"dimension", pair.dimension}, {"category", pair.category}});
            item["breakdown"] = std::move(pairs);
        }
        ordered_json rest = {{"value", optional_json(o.value)},
                             {"count", optional_json(o.count)},
                             {"denominator", optional_json(o.denominator)},
                             {"lower_ci", optional_json(o.lower_ci)},
                             {"upper_ci", optional_json(o.upper_ci)},
                             {"missing", missing_reason_name(o.missing)},
                             {"decimals", o.decimals},
                             {"percent_shown", o.percent_shown},
                             {"provisional", o.provisional},
                             {"raw", o.raw},
                             {"where", provenance_json(o.where)},
                             {"comparator", comparator_json(o)}};
        for (auto& [key, value] : rest.items()) item[key] = std::move(value);
        observations.push_back(std::move(item));
    }
    j["observations"] = observations;
    ordered_json expectations = ordered_json::array();
    for (const Expectation& e : model.expectations)
        expectations.push_back({{"indicator", e.indicator_id},
                                {"period", period_json(e.period, e.period_text)},
                                {"kind", expectation_kind_name(e.kind)},
                                {"target", optional_json(e.target)},
                                {"raw", e.raw},
                                {"where", provenance_json(e.where)}});
    j["expectations"] = expectations;
    ordered_json links = ordered_json::array();
    for (const Link& l : model.links)
        links.push_back({{"kind", l.kind},
                         {"from", l.from_id},
                         {"to", l.to_id},
                         {"strength", l.strength},
                         {"raw", l.raw},
                         {"where", provenance_json(l.where)}});
    j["links"] = links;
    // Only when a mapping declared some: a model without reads as it did before catalogues.
    if (!model.dimensions.empty()) {
        ordered_json dimensions = ordered_json::array();
        for (const Dimension& d : model.dimensions) {
            ordered_json categories = ordered_json::array();
            for (const Category& c : d.categories)
                categories.push_back({{"name", c.name},
                                      {"code", c.code},
                                      {"aliases", c.aliases},
                                      {"total", c.total}});
            dimensions.push_back({{"id", d.id},
                                  {"title", d.title},
                                  {"code_scheme", d.code_scheme},
                                  {"ordered", d.ordered},
                                  {"open", d.open},
                                  {"categories", std::move(categories)}});
        }
        j["dimensions"] = std::move(dimensions);
    }
    // Only when there are some: a model without facts reads as it did before them.
    if (!model.facts.empty()) {
        ordered_json facts = ordered_json::array();
        for (const Fact& f : model.facts) {
            ordered_json item = {{"name", f.name}, {"text", f.text}};
            if (f.number) item["number"] = *f.number;
            item["framework"] = f.framework_id;
            item["file"] = f.where.file;
            item["sheet"] = f.where.sheet;
            item["cell"] = f.where.cell;
            facts.push_back(std::move(item));
        }
        j["facts"] = std::move(facts);
    }
    return j.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string observations_to_csv(const Model& model) {
    // One column per breakdown dimension after `series`, in order of first appearance, only
    // when some value has a breakdown (a model without any writes the columns it always did).
    // Dimensions that normalise alike (normalise_text) share a column, headed as first written.
    std::vector<std::string> dimensions;
    std::map<std::string, std::size_t> column_of;
    for (const Observation& o : model.observations)
        for (const BreakdownPair& pair : o.breakdown)
            if (column_of.try_emplace(normalise_text(pair.dimension), dimensions.size()).second)
                dimensions.push_back(pair.dimension);
    std::string out = "indicator_id,indicator,period,period_type,period_start,period_end,series,";
    for (const std::string& d : dimensions) out += csv_field(d) + ',';
    out +=
        "value,count,"
        "denominator,"
        "lower_ci_95,upper_ci_95,missing,flags,decimals,percent_shown,raw,file,sheet,cell,"
        "comparator,comparator_value,comparator_lower_ci_95,comparator_upper_ci_95,"
        "comparator_cell\n";
    for (const Observation& o : model.observations) {
        const Indicator* ind = indicator_of(model, o.indicator_id);
        std::string flags;
        if (o.provisional) flags += "provisional;";
        if (o.suppressed) flags += "suppressed;";
        if (o.estimated) flags += "estimated;";
        if (!flags.empty()) flags.pop_back();
        std::string categories;
        if (!dimensions.empty()) {
            std::vector<std::string> category(dimensions.size());
            for (const BreakdownPair& pair : o.breakdown)
                category[column_of.at(normalise_text(pair.dimension))] = pair.category;
            for (const std::string& c : category) categories += csv_field(c) + ',';
        }
        out += fmt::format(
            "{},{},{},{},{},{},{},{}{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            csv_field(o.indicator_id), csv_field(ind ? ind->title : ""),
            csv_field(o.period.start.empty() ? o.period_text : o.period.label()),
            o.period.start.empty() ? "" : period_kind_name(o.period.kind), o.period.start,
            o.period.end, csv_field(o.series), categories, number(o.value), number(o.count),
            number(o.denominator), number(o.lower_ci), number(o.upper_ci),
            o.missing == MissingReason::none ? "" : missing_reason_name(o.missing), flags,
            o.decimals, o.percent_shown ? 1 : 0, csv_field(o.raw), csv_field(o.where.file),
            csv_field(o.where.sheet), o.where.cell, csv_field(o.comparator_name),
            number(o.comparator_value), number(o.comparator_lower_ci),
            number(o.comparator_upper_ci), o.comparator_cell);
    }
    return out;
}

std::string expectations_to_csv(const Model& model) {
    std::string out =
        "indicator_id,indicator,period,period_start,period_end,expectation,target,raw,file,sheet,"
        "cell\n";
    for (const Expectation& e : model.expectations) {
        const Indicator* ind = indicator_of(model, e.indicator_id);
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(e.indicator_id),
                           csv_field(ind ? ind->title : ""),
                           csv_field(e.period.start.empty() ? e.period_text : e.period.label()),
                           e.period.start, e.period.end, expectation_kind_name(e.kind),
                           number(e.target), csv_field(e.raw), csv_field(e.where.file),
                           csv_field(e.where.sheet), e.where.cell);
    }
    return out;
}

std::string facts_to_csv(const Model& model) {
    std::string out = "name,text,number,framework,file,sheet,cell\n";
    for (const Fact& f : model.facts)
        out += fmt::format("{},{},{},{},{},{},{}\n", csv_field(f.name), csv_field(f.text),
                           number(f.number), csv_field(f.framework_id), csv_field(f.where.file),
                           csv_field(f.where.sheet), f.where.cell);
    return out;
}

}  // namespace kpimap
