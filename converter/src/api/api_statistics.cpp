// The api's functions on numbers and periods (period, wilson, status, rag, trend, spc): each
// reads its request, refuses what the core cannot judge with a code, and answers with the core's
// own result. Direction of travel is judged by compute_statuses on a one-indicator model, so a
// cell formula and `kpimap status` judge the same values alike.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "api/api_envelope.hpp"
#include "kpimap/api.hpp"
#include "kpimap/indicator_status.hpp"
#include "kpimap/period.hpp"
#include "kpimap/rag.hpp"
#include "kpimap/spc.hpp"
#include "kpimap/stats.hpp"

namespace kpimap {

using api::Json;
using api::Refusal;

namespace {

constexpr const char* kPeriodExamples =
    "write it like 2015, 2015/16, 2012-14, Q1 2016/17 or Apr 2016, or give a date";

// A period as a cell holds it: text, or a number (a year or a date serial).
Period period_of(const Json& value, const std::string& what) {
    if (value.is_string()) {
        const std::string text = value.get<std::string>();
        if (auto p = parse_period(text)) return *p;
        throw Refusal("not_a_period",
                      fmt::format("{} '{}' is not a period; {}", what, text, kPeriodExamples));
    }
    if (value.is_number()) {
        if (auto p = period_from_number(value.get<double>())) return *p;
        throw Refusal("not_a_period",
                      fmt::format("{} {} is neither a year (1900 to 2100) nor a date; {}", what,
                                  api::quoted(value), kPeriodExamples));
    }
    throw Refusal("bad_request", fmt::format("{} must be text or a number, not {}", what,
                                             value.is_null() ? "missing" : api::quoted(value)));
}

Json period_json(const Period& p) {
    Json out;
    out["label"] = p.label();
    out["kind"] = period_kind_name(p.kind);
    out["start"] = p.start;
    out["end"] = p.end;
    out["years"] = p.years;
    return out;
}

Json point_json(const std::optional<Observation>& o) {
    if (!o) return nullptr;
    Json out;
    out["period"] = o->period.label();
    out["value"] = o->value ? api::number_or_null(*o->value) : Json(nullptr);
    return out;
}

// "0.0123" for messages: enough digits to recognise the number given.
std::string num(double v) {
    return fmt::format("{:.6g}", v);
}

Json status_body(const Json& request) {
    const std::vector<std::optional<double>> values = api::number_or_null_list(request, "values");
    const Json& periods = api::field(request, "periods");
    if (!periods.is_array())
        throw Refusal("bad_request",
                      "the request's 'periods' must be a list of periods (text or numbers), one "
                      "per value");
    if (periods.size() != values.size())
        throw Refusal("length_mismatch",
                      fmt::format("{} values but {} periods; give one period per value",
                                  values.size(), periods.size()));
    const Polarity polarity = api::polarity_from(api::required_text(request, "polarity"));
    const double tolerance =
        api::optional_number(request, "tolerance").value_or(stats::default_travel_tolerance);
    if (!(tolerance >= 0) || tolerance >= 1)
        throw Refusal("invalid_tolerance",
                      fmt::format("tolerance {} is not a fraction from 0 up to 1; write 0.02 for "
                                  "2%",
                                  num(tolerance)));
    // One indicator holding the values: the core picks the latest value and the latest earlier
    // comparable period, and explains its verdict, exactly as for a workbook's indicator.
    Model model;
    Indicator indicator;
    indicator.id = "values";
    indicator.title = "values";
    indicator.polarity = polarity;
    model.indicators.push_back(indicator);
    for (std::size_t i = 0; i < values.size(); ++i) {
        Observation o;
        o.indicator_id = indicator.id;
        o.period = period_of(periods[i], fmt::format("periods item {}", i + 1));
        o.period_text = o.period.label();
        if (!values[i]) continue;  // a blank cell: no value for that period
        o.value = values[i];
        model.observations.push_back(std::move(o));
    }
    if (model.observations.empty())
        throw Refusal("no_values",
                      fmt::format("none of the {} values is a number; give at least the latest "
                                  "value and an earlier one",
                                  values.size()));
    StatusOptions options;
    options.travel_tolerance = tolerance;
    options.polarity_from_judgement = false;  // no judgement marks here
    const StatusResult result = compute_statuses(model, options);
    const IndicatorStatus* status = nullptr;
    for (const IndicatorStatus& s : result.indicators)
        if (s.indicator_id == indicator.id && s.breakdown.empty()) status = &s;
    if (!status) throw std::logic_error("compute_statuses judged no indicator");
    Json out;
    out["travel"] = stats::travel_name(status->travel);
    out["latest"] = point_json(status->latest);
    out["previous"] = point_json(status->previous);
    out["explanation"] = status->travel_explanation;
    return out;
}

Json rag_body(const Json& request) {
    const std::optional<double> actual = api::optional_number(request, "actual");
    const std::optional<double> plan = api::optional_number(request, "plan");
    const std::string directionality = api::required_text(request, "directionality");
    const std::optional<PlanDirection> direction = plan_direction_from(directionality);
    if (!direction)
        throw Refusal("unknown_directionality",
                      fmt::format("directionality '{}' is not one of NHS England's over (higher "
                                  "is better), under (lower is better) or on (close to plan)",
                                  directionality));
    RagThresholds thresholds;
    thresholds.amber = api::optional_number(request, "amber").value_or(thresholds.amber);
    thresholds.red = api::optional_number(request, "red").value_or(thresholds.red);
    if (!(thresholds.amber >= 0) || !(thresholds.red >= 0) || thresholds.amber > thresholds.red)
        throw Refusal("invalid_thresholds",
                      fmt::format("amber {} and red {} are not tolerances 0 <= amber <= red as "
                                  "fractions of the plan; NHS England uses 0.01 and 0.05",
                                  num(thresholds.amber), num(thresholds.red)));
    const RagResult r = rag_against_plan(actual, plan, *direction, thresholds);
    Json out;
    out["rag"] = rag_name(r.rag);
    out["letter"] = rag_letter(r.rag);
    out["variance"] = api::number_or_null(r.variance);
    out["percent_variance"] = api::number_or_null(r.percent_variance);
    out["explanation"] = r.explanation;
    return out;
}

Json trend_body(const Json& request) {
    const std::vector<double> values = api::number_list(request, "values");
    const std::vector<double> lower = api::number_list(request, "lower_ci");
    const std::vector<double> upper = api::number_list(request, "upper_ci");
    if (lower.size() != values.size() || upper.size() != values.size())
        throw Refusal("length_mismatch",
                      fmt::format("{} values, {} lower and {} upper limits; give both limits "
                                  "for every value",
                                  values.size(), lower.size(), upper.size()));
    const Polarity polarity = api::polarity_from(api::required_text(request, "polarity"));
    std::vector<stats::TrendPoint> points;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]) || !std::isfinite(lower[i]) || !std::isfinite(upper[i]) ||
            !(lower[i] < upper[i]))
            throw Refusal("invalid_interval",
                          fmt::format("item {}: the interval {} to {} is not a confidence "
                                      "interval (the lower limit must be below the upper); the "
                                      "trend weights each value by its interval's width",
                                      i + 1, num(lower[i]), num(upper[i])));
        points.push_back({values[i], lower[i], upper[i]});
    }
    const stats::TrendOptions options;
    const stats::TrendResult r = stats::recent_trend(points, options);
    std::string explanation;
    if (points.size() < options.min_points) {
        explanation = fmt::format("{} values; a recent trend needs at least {} consecutive values",
                                  points.size(), options.min_points);
    } else if (r.trend == stats::Trend::not_enough_data) {
        explanation = "the weighted slope could not be computed from these values and limits";
    } else {
        explanation =
            fmt::format("{} values: slope {} per period, chi-square {:.2f} {} {:.2f} (99.8%); {}",
                        points.size(), num(r.full.slope), r.full.chi_square,
                        r.significant ? "above" : "not above", options.critical_chi_square,
                        r.consistent ? "the slope keeps its sign without any one value"
                                     : "the slope changes sign without one of the values");
    }
    Json out;
    out["trend"] = stats::trend_name(r.trend);
    out["label"] = stats::trend_label(r.trend, polarity);
    out["explanation"] = explanation;
    return out;
}

Json spc_body(const Json& request) {
    const std::vector<double> values = api::number_list(request, "values");
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            throw Refusal("not_finite", fmt::format("values item {} is not a finite number; an "
                                                    "SPC chart needs real values",
                                                    i + 1));
    const spc::Options options;
    const spc::Chart chart = spc::xmr(values, spc::Improvement::neutral, std::nullopt, options);
    Json out;
    out["computed"] = chart.computed;
    out["variation"] = chart.computed ? Json(spc::point_type_name(chart.variation)) : Json();
    out["assurance"] = spc::assurance_name(chart.assurance);
    Json points = Json::array();
    std::size_t special = 0;
    for (const spc::Point& p : chart.points) {
        Json point;
        point["value"] = api::number_or_null(p.value);
        point["mean"] = api::number_or_null(p.mean);
        point["lpl"] = api::number_or_null(p.lpl);
        point["upl"] = api::number_or_null(p.upl);
        point["type"] = spc::point_type_name(p.type);
        points.push_back(std::move(point));
        special += p.special_cause ? 1 : 0;
    }
    out["points"] = std::move(points);
    if (!chart.computed || chart.points.empty()) {
        out["explanation"] = fmt::format("{} values; an SPC chart needs at least {}", values.size(),
                                         options.min_points);
    } else {
        const spc::Point& last = chart.points.back();
        out["explanation"] = fmt::format(
            "{} values: mean {}, process limits {} to {}; {} special-cause point{}; the latest "
            "is {}",
            values.size(), num(last.mean), num(last.lpl), num(last.upl), special,
            special == 1 ? "" : "s", spc::point_type_name(chart.variation));
    }
    return out;
}

}  // namespace

std::string api_period(std::string_view request_json) {
    return api::guarded("period", request_json, [](const Json& request) {
        return period_json(period_of(api::field(request, "text"), "the period"));
    });
}

std::string api_wilson(std::string_view request_json) {
    return api::guarded("wilson", request_json, [](const Json& request) {
        const double k = api::required_number(request, "numerator");
        const double n = api::required_number(request, "denominator");
        const double level = api::optional_number(request, "level").value_or(0.95);
        const std::optional<double> z = stats::z_for_confidence(level);
        if (!z)
            throw Refusal("invalid_level",
                          fmt::format("level {} is not a confidence level between 0 and 1; write "
                                      "0.95 for 95%",
                                      num(level)));
        const std::optional<stats::Interval> ci = stats::wilson_interval(k, n, *z);
        if (!ci)
            throw Refusal("invalid_counts",
                          fmt::format("{} out of {} is not a proportion: the denominator must be "
                                      "above 0 and the numerator from 0 to the denominator",
                                      num(k), num(n)));
        Json out;
        out["lower"] = ci->lower;
        out["upper"] = ci->upper;
        return out;
    });
}

std::string api_status(std::string_view request_json) {
    return api::guarded("status", request_json, status_body);
}

std::string api_rag(std::string_view request_json) {
    return api::guarded("rag", request_json, rag_body);
}

std::string api_trend(std::string_view request_json) {
    return api::guarded("trend", request_json, trend_body);
}

std::string api_spc(std::string_view request_json) {
    return api::guarded("spc", request_json, spc_body);
}

}  // namespace kpimap
