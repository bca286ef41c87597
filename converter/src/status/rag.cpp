#include "kpimap/rag.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <limits>

namespace kpimap {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string lower_trimmed(std::string_view text) {
    std::size_t b = 0;
    std::size_t e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    std::string out;
    out.reserve(e - b);
    for (std::size_t i = b; i < e; ++i)
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
    return out;
}

// A number as a person reads it: up to 2 decimals for magnitudes of 1 and more (trailing
// zeros dropped), 4 significant digits below that.
std::string show(double value) {
    if (!std::isfinite(value)) return fmt::format("{}", value);
    std::string s = std::fabs(value) >= 1 || value == 0 ? fmt::format("{:.2f}", value)
                                                        : fmt::format("{:.4g}", value);
    if (s.find('.') != std::string::npos && s.find('e') == std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

// A percentage shown with enough decimals that it does not read as equal to `edge` (a
// threshold in percent) unless it is equal.
std::string show_percent(double percent, double edge) {
    for (int decimals = 1; decimals <= 6; ++decimals) {
        std::string s = fmt::format("{:.{}f}", percent, decimals);
        std::string e = fmt::format("{:.{}f}", edge, decimals);
        if (s != e || percent == edge || decimals == 6) {
            while (s.back() == '0') s.pop_back();
            if (s.back() == '.') s.pop_back();
            return s + "%";
        }
    }
    return fmt::format("{}%", percent);
}

const char* direction_words(PlanDirection direction) {
    switch (direction) {
        case PlanDirection::higher_is_better:
            return "higher is better";
        case PlanDirection::lower_is_better:
            return "lower is better";
        case PlanDirection::on_target:
            return "close to plan is better";
    }
    return "";
}

RagResult not_assessed(std::string why, double variance = kNaN, double percent = kNaN) {
    return RagResult{Rag::not_assessed, variance, percent, "not assessed: " + std::move(why)};
}

}  // namespace

const char* rag_name(Rag rag) noexcept {
    switch (rag) {
        case Rag::red:
            return "red";
        case Rag::amber:
            return "amber";
        case Rag::green:
            return "green";
        case Rag::not_assessed:
            return "not_assessed";
    }
    return "not_assessed";
}

const char* rag_letter(Rag rag) noexcept {
    switch (rag) {
        case Rag::red:
            return "R";
        case Rag::amber:
            return "A";
        case Rag::green:
            return "G";
        case Rag::not_assessed:
            return "NA";
    }
    return "NA";
}

std::optional<Rag> rag_from(std::string_view text) noexcept {
    try {
        const std::string t = lower_trimmed(text);
        if (t == "r" || t == "red") return Rag::red;
        if (t == "a" || t == "amber") return Rag::amber;
        if (t == "g" || t == "green") return Rag::green;
        if (t == "na" || t == "not_assessed") return Rag::not_assessed;
    } catch (...) {
    }
    return std::nullopt;
}

const char* plan_direction_name(PlanDirection direction) noexcept {
    switch (direction) {
        case PlanDirection::higher_is_better:
            return "higher_is_better";
        case PlanDirection::lower_is_better:
            return "lower_is_better";
        case PlanDirection::on_target:
            return "on_target";
    }
    return "";
}

std::optional<PlanDirection> plan_direction_from(std::string_view text) noexcept {
    try {
        const std::string t = lower_trimmed(text);
        if (t == "over") return PlanDirection::higher_is_better;
        if (t == "under") return PlanDirection::lower_is_better;
        if (t == "on") return PlanDirection::on_target;
    } catch (...) {
    }
    return std::nullopt;
}

RagResult rag_against_plan(std::optional<double> actual, std::optional<double> plan,
                           PlanDirection direction, RagThresholds thresholds) {
    if (!actual) return not_assessed("no actual value");
    if (!plan) return not_assessed("no plan value");
    if (!std::isfinite(*actual)) return not_assessed(fmt::format("actual is {}", *actual));
    if (!std::isfinite(*plan)) return not_assessed(fmt::format("plan is {}", *plan));
    const double a = *actual;
    const double p = *plan;
    // As NHS England: variance first, then compare it with plan * threshold (not a percentage).
    const double variance = a - p;
    const double percent = variance / std::fabs(p) * 100;  // +-Inf or NaN when p == 0
    if (!std::isfinite(thresholds.amber) || !std::isfinite(thresholds.red) ||
        thresholds.amber < 0 || thresholds.red < thresholds.amber) {
        return not_assessed(fmt::format("thresholds must satisfy 0 <= amber <= red "
                                        "(got amber {}, red {})",
                                        thresholds.amber, thresholds.red),
                            variance, percent);
    }
    const double red_edge = std::fabs(p) * thresholds.red;
    const double amber_edge = std::fabs(p) * thresholds.amber;
    const double red_pct = thresholds.red * 100;
    const double amber_pct = thresholds.amber * 100;

    // How far the actual sits from the plan, in words.
    std::string where;
    if (variance == 0) {
        where = "on plan";
    } else if (p == 0) {
        where = variance > 0 ? "above a plan of 0" : "below a plan of 0";
    } else {
        const double edge = direction == PlanDirection::on_target && std::fabs(percent) <= red_pct
                                ? amber_pct
                                : red_pct;
        where = fmt::format("{} {}", show_percent(std::fabs(percent), edge),
                            variance > 0 ? "above" : "below");
    }

    Rag rag = Rag::not_assessed;
    std::string why;
    const std::string red_text = show_percent(red_pct, kNaN);
    const std::string amber_text = show_percent(amber_pct, kNaN);
    if (direction == PlanDirection::on_target) {
        const double off = std::fabs(variance);
        if (off <= amber_edge) {
            rag = Rag::green;
            why = p == 0 ? "on a zero plan" : fmt::format("within {}", amber_text);
        } else if (off <= red_edge) {
            rag = Rag::amber;
            why = fmt::format("more than {} but within {}", amber_text, red_text);
        } else {
            rag = Rag::red;
            why = p == 0 ? "any difference from a zero plan"
                         : fmt::format("more than {} off plan", red_text);
        }
    } else {
        const bool higher = direction == PlanDirection::higher_is_better;
        // Positive when the actual is on the bad side of the plan.
        const double adverse = higher ? -variance : variance;
        const char* bad_side = higher ? "below" : "above";
        if (adverse <= 0) {
            rag = Rag::green;
            why = higher ? "at or above plan" : "at or below plan";
        } else if (adverse <= red_edge) {
            rag = Rag::amber;
            why = fmt::format("{} plan by at most {}", bad_side, red_text);
        } else {
            rag = Rag::red;
            why = p == 0 ? fmt::format("any amount {} a zero plan", bad_side)
                         : fmt::format("more than {} {} plan", red_text, bad_side);
        }
    }
    std::string explanation =
        fmt::format("actual {} vs plan {}: {}; {}; {} \u2192 {}", show(a), show(p), where,
                    direction_words(direction), why, rag_name(rag));
    return RagResult{rag, variance, percent, std::move(explanation)};
}

}  // namespace kpimap
