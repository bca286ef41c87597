// Red/amber/green against a plan, as NHS England publishes it for operational planning
// (nhsengland/op_planning: balanced scorecard and operational priorities). The rule works on the
// variance (actual - plan) compared with the plan times a threshold, never on a rounded
// percentage, so results at the edges match the published statuses. See docs/statuses.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kpimap {

enum class Rag : std::uint8_t { red, amber, green, not_assessed };

// "red", "amber", "green" or "not_assessed".
const char* rag_name(Rag rag) noexcept;
// "R", "A", "G" or "NA", the letters NHS England publishes.
const char* rag_letter(Rag rag) noexcept;
// Parses "R"/"A"/"G"/"NA" (and the full names, any case); nullopt otherwise.
std::optional<Rag> rag_from(std::string_view text) noexcept;

// Which way is good. NHS England's `directionality`: over, under, on.
enum class PlanDirection : std::uint8_t {
    higher_is_better,  // "over": at or above plan is green
    lower_is_better,   // "under": at or below plan is green
    on_target,         // "on": close to plan either way is green
};

// "higher_is_better", "lower_is_better" or "on_target".
const char* plan_direction_name(PlanDirection direction) noexcept;
// Parses NHS England's "over", "under", "on" (any case, surrounding spaces ignored); nullopt for
// anything else, including "NA".
std::optional<PlanDirection> plan_direction_from(std::string_view text) noexcept;

// Tolerances as fractions of the plan (NHS England: threshold1 = 0.01, threshold2 = 0.05).
// `amber` is only used for on_target (within it is green); for the two directional kinds any
// adverse variance is at least amber, as published. `red`: an adverse variance beyond it is red.
struct RagThresholds {
    double amber = 0.01;
    double red = 0.05;
};

struct RagResult {
    Rag rag = Rag::not_assessed;
    double variance = 0;          // actual - plan; NaN when not assessed for missing data
    double percent_variance = 0;  // variance / |plan| * 100; +-Inf or NaN when plan is 0
    std::string explanation;      // one line a person can check against the numbers
};

// RAG of `actual` against `plan`. Green/amber/red edges are inclusive on the better side, as
// NHS England publishes: an adverse variance of exactly red * |plan| is amber, exactly
// amber * |plan| (on_target) is green. A plan of 0 is assessed as NHS England does: on the good
// side (or exactly 0) is green, any adverse variance is red. Not assessed (with the reason in the
// explanation) when actual or plan is missing or not finite, or the thresholds are invalid
// (negative, not finite, or amber > red). Negative plans use |plan| for the tolerance.
RagResult rag_against_plan(std::optional<double> actual, std::optional<double> plan,
                           PlanDirection direction, RagThresholds thresholds);

}  // namespace kpimap
