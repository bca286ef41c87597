// model.json back into a Model: the inverse of model_to_json (model_io.cpp).
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

#include "kpimap/model_reader.hpp"

namespace kpimap {

namespace {

using nlohmann::json;

struct BadModel : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A wrong value for a message: a scalar as JSON, an array or object by its kind and size only.
// dump() recurses: a value nested about 100,000 deep overflowed the stack (a hand-written input
// to fuzz_model_json, fuzz/regressions/model_json/model-json-field-nested-100000-deep).
std::string found(const json& v) {
    if (v.is_array()) return fmt::format("an array ({} items)", v.size());
    if (v.is_object()) return fmt::format("an object ({} fields)", v.size());
    return v.dump();
}

std::string str(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || j[key].is_null()) return {};
    if (!j[key].is_string())
        throw BadModel(fmt::format("'{}' should be text, found {}", key, found(j[key])));
    return j[key].get<std::string>();
}

std::optional<double> number(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    if (!j[key].is_number())
        throw BadModel(
            fmt::format("'{}' should be a number or null, found {}", key, found(j[key])));
    return j[key].get<double>();
}

bool flag(const json& j, const char* key) {
    return j.contains(key) && j[key].is_boolean() && j[key].get<bool>();
}

const json& array(const json& j, const char* key) {
    static const json empty = json::array();
    if (!j.contains(key)) return empty;
    if (!j[key].is_array()) throw BadModel(fmt::format("'{}' should be an array", key));
    return j[key];
}

template <typename E, typename F>
E enum_from(const std::string& text, int count, F name, const char* what) {
    if (text.empty()) return static_cast<E>(0);
    for (int i = 0; i < count; ++i)
        if (text == name(static_cast<E>(i))) return static_cast<E>(i);
    throw BadModel(fmt::format("unknown {} '{}'", what, text));
}

Provenance where(const json& j) {
    if (!j.contains("where") || !j["where"].is_object()) return {};
    const json& w = j["where"];
    return {str(w, "file"), str(w, "sheet"), str(w, "cell")};
}

int year_of(const std::string& iso) {
    return std::atoi(iso.substr(0, 4).c_str());
}

// The period from {"text", "label", "kind", "start", "end"}; an empty start when it is no period.
Period period(const json& p, std::string& text) {
    text = str(p, "text");
    const std::string label = str(p, "label");
    const std::string start = str(p, "start"), end = str(p, "end");
    if (start.empty()) return Period{};
    // The dates are read as numbers below and by Period itself: only YYYY-MM-DD is a date.
    auto iso_date = [](const std::string& d) {
        static const std::regex date(R"(\d{4}-\d{2}-\d{2})");
        return std::regex_match(d, date);
    };
    for (const auto& [key, value] : {std::pair{"start", &start}, std::pair{"end", &end}})
        if (!iso_date(*value))
            throw BadModel(
                fmt::format("period {} '{}' is not a date written YYYY-MM-DD", key, *value));
    for (const std::string& t : {label, text})
        if (auto parsed = parse_period(t); parsed && parsed->start == start && parsed->end == end)
            return *parsed;
    if (auto found = find_period(text); found && found->start == start && found->end == end)
        return *found;
    // Rebuild from the fields.
    Period out;
    out.kind = enum_from<PeriodKind>(str(p, "kind"), 7, period_kind_name, "period kind");
    out.start = start;
    out.end = end;
    const bool sub_year = out.kind == PeriodKind::quarter || out.kind == PeriodKind::month ||
                          out.kind == PeriodKind::date;
    out.years = sub_year ? 0 : std::max(1, year_of(end) - year_of(start));
    if (out.kind == PeriodKind::calendar_span || out.kind == PeriodKind::calendar_year)
        out.years = year_of(end) - year_of(start) + 1;
    out.financial_quarter = out.kind == PeriodKind::quarter && label.find('/') != std::string::npos;
    return out;
}

Model parse(const json& j) {
    if (!j.is_object()) throw BadModel("the file is not a JSON object");
    if (!j.contains("indicators") && !j.contains("outcomes"))
        throw BadModel("no 'indicators' or 'outcomes' array: this is not a kpimap model.json");
    Model m;
    for (const json& f : array(j, "frameworks"))
        m.frameworks.push_back({str(f, "id"),
                                str(f, "title"),
                                str(f, "owner"),
                                str(f, "period"),
                                str(f, "mapping"),
                                {str(f, "file"), "", ""}});
    for (const json& o : array(j, "outcomes"))
        m.outcomes.push_back({str(o, "id"), str(o, "framework"), str(o, "level"), str(o, "code"),
                              str(o, "title"), str(o, "parent"), str(o, "summary"), where(o)});
    for (const json& i : array(j, "indicators")) {
        Indicator ind;
        ind.id = str(i, "id");
        ind.framework_id = str(i, "framework");
        ind.title = str(i, "title");
        for (const json& a : array(i, "aliases"))
            if (a.is_string()) ind.aliases.push_back(a.get<std::string>());
        for (const json& c : array(i, "codes"))
            ind.codes.push_back({str(c, "scheme"), str(c, "value")});
        ind.polarity = enum_from<Polarity>(str(i, "polarity"), 4, polarity_name, "polarity");
        ind.unit = enum_from<Unit>(str(i, "unit"), 8, unit_name, "unit");
        ind.unit_per = number(i, "unit_per").value_or(0);
        ind.measure_type = str(i, "measure_type");
        if (i.contains("aim") && i["aim"].is_object()) {
            const json& a = i["aim"];
            ind.aim.text = str(a, "text");
            ind.aim.direction =
                enum_from<Aim::Direction>(str(a, "direction"), 5, direction_name, "aim direction");
            ind.aim.significance_required = flag(a, "significance_required");
        }
        ind.capture = str(i, "capture");
        ind.judgement = str(i, "judgement");
        ind.where = where(i);
        m.indicators.push_back(std::move(ind));
    }
    for (const json& o : array(j, "observations")) {
        Observation obs;
        obs.indicator_id = str(o, "indicator");
        if (o.contains("period") && o["period"].is_object())
            obs.period = period(o["period"], obs.period_text);
        obs.series = str(o, "series");
        for (const json& pair : array(o, "breakdown")) {  // absent: the whole population
            if (!pair.is_object()) throw BadModel("'breakdown' should list objects");
            obs.breakdown.push_back({str(pair, "dimension"), str(pair, "category")});
        }
        obs.value = number(o, "value");
        obs.count = number(o, "count");
        obs.denominator = number(o, "denominator");
        obs.lower_ci = number(o, "lower_ci");
        obs.upper_ci = number(o, "upper_ci");
        const std::string missing = str(o, "missing");
        obs.missing =
            missing.empty() || missing == "none"
                ? MissingReason::none
                : enum_from<MissingReason>(missing, 5, missing_reason_name, "missing reason");
        obs.suppressed = obs.missing == MissingReason::suppressed;
        obs.decimals = static_cast<int>(number(o, "decimals").value_or(-1));
        obs.percent_shown = flag(o, "percent_shown");
        obs.provisional = flag(o, "provisional");
        obs.raw = str(o, "raw");
        obs.where = where(o);
        if (o.contains("comparator") && o["comparator"].is_object()) {
            const json& c = o["comparator"];
            obs.comparator_name = str(c, "name");
            obs.comparator_value = number(c, "value");
            obs.comparator_lower_ci = number(c, "lower_ci");
            obs.comparator_upper_ci = number(c, "upper_ci");
            obs.comparator_cell = str(c, "cell");
        }
        m.observations.push_back(std::move(obs));
    }
    for (const json& e : array(j, "expectations")) {
        Expectation exp;
        exp.indicator_id = str(e, "indicator");
        if (e.contains("period") && e["period"].is_object())
            exp.period = period(e["period"], exp.period_text);
        exp.kind = enum_from<ExpectationKind>(str(e, "kind"), 6, expectation_kind_name,
                                              "expectation kind");
        exp.target = number(e, "target");
        exp.raw = str(e, "raw");
        exp.where = where(e);
        m.expectations.push_back(std::move(exp));
    }
    for (const json& l : array(j, "links"))
        m.links.push_back({str(l, "kind"), str(l, "from"), str(l, "to"), str(l, "strength"),
                           str(l, "raw"), where(l)});
    for (const json& d : array(j, "dimensions")) {  // absent: none declared
        Dimension dim;
        dim.id = str(d, "id");
        dim.title = str(d, "title");
        dim.code_scheme = str(d, "code_scheme");
        dim.ordered = flag(d, "ordered");
        dim.open = flag(d, "open");
        for (const json& c : array(d, "categories")) {
            Category cat;
            cat.name = str(c, "name");
            cat.code = str(c, "code");
            for (const json& a : array(c, "aliases"))
                if (a.is_string()) cat.aliases.push_back(a.get<std::string>());
            cat.total = flag(c, "total");
            dim.categories.push_back(std::move(cat));
        }
        m.dimensions.push_back(std::move(dim));
    }
    for (const json& f : array(j, "facts")) {  // absent: a model from before facts
        if (!f.is_object()) throw BadModel("'facts' should list objects");
        m.facts.push_back({str(f, "name"),
                           str(f, "text"),
                           number(f, "number"),
                           str(f, "framework"),
                           {str(f, "file"), str(f, "sheet"), str(f, "cell")}});
    }
    return m;
}

}  // namespace

ModelReadResult model_from_json(std::string_view text, const std::string& source) {
    ModelReadResult r;
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        r.error = {ErrorCode::model_unreadable, source,
                   "not valid JSON; give a model.json written by 'kpimap convert' or "
                   "'kpimap reconcile'"};
        return r;
    }
    try {
        r.model = parse(j);
    } catch (const std::exception& e) {
        r.error = {ErrorCode::model_unreadable, source,
                   fmt::format("{}; give a model.json written by 'kpimap convert' or "
                               "'kpimap reconcile' (schema in docs/model.md)",
                               e.what())};
    }
    return r;
}

ModelReadResult read_model_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ModelReadResult r;
        r.error = {ErrorCode::model_unreadable, path, "cannot open the file; check the path"};
        return r;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return model_from_json(ss.str(), path);
}

}  // namespace kpimap
