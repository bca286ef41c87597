// The phrases and comparisons the stages of judging share (judging.hpp).
#include "judging.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kpimap::judging {

// "5.1 in 2015"
std::string point_text(const Observation& o) {
    return fmt::format("{} in {}", value_text(o), period_label(o));
}

std::string polarity_phrase(Polarity p) {
    switch (p) {
        case Polarity::higher_is_better:
            return "higher is better";
        case Polarity::lower_is_better:
            return "lower is better";
        case Polarity::no_judgement:
            return "no judgement of better or worse";
        case Polarity::unknown:
            break;
    }
    return "polarity unknown";
}

std::string travel_phrase(Travel t) {
    // The name with spaces for underscores: one table of travel names (stats.cpp).
    std::string phrase = stats::travel_name(t);
    std::replace(phrase.begin(), phrase.end(), '_', ' ');
    return phrase;
}

Mark judgement_mark(std::string_view text) {
    if (text.find("\u2714") != std::string_view::npos ||
        text.find("\u2713") != std::string_view::npos)
        return Mark::positive;
    if (text.find("\u2718") != std::string_view::npos ||
        text.find("\u2717") != std::string_view::npos)
        return Mark::negative;
    return Mark::none;
}

bool mixed_units(const Observation& a, const Observation& b) {
    if (a.percent_shown == b.percent_shown || !a.value || !b.value) return false;
    const Observation& plain = a.percent_shown ? b : a;
    const Observation& pct = a.percent_shown ? a : b;
    return std::fabs(*plain.value) <= 1.0 && std::fabs(*pct.value) > 1.0;
}

bool agree(const Observation& a, const Observation& b) {
    if (a.percent_shown != b.percent_shown && mixed_units(a, b)) return false;
    return agree_within_precision(*a.value, a.decimals, *b.value, b.decimals);
}

const Observation* point_at(const Series& s, const Period& p) {
    for (const Observation& o : s.points)
        if (o.period == p) return &o;
    return nullptr;
}

std::string expectation_period(const Expectation& e) {
    return e.period.start.empty() ? e.period_text : e.period.label();
}

std::string comparison_phrase(stats::Comparison c) {
    return c == stats::Comparison::not_compared ? "not compared" : stats::comparison_name(c);
}

}  // namespace kpimap::judging
