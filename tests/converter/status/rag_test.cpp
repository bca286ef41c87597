// Worked examples of rag_against_plan: each direction, the edges exactly at the thresholds,
// missing data, a zero plan and negative plans. The published-data check is in
// rag_conformance_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "kpimap/rag.hpp"

namespace {

using kpimap::PlanDirection;
using kpimap::Rag;
using kpimap::rag_against_plan;
using kpimap::RagThresholds;

constexpr RagThresholds kNhse{0.01, 0.05};
constexpr auto kHigher = PlanDirection::higher_is_better;
constexpr auto kLower = PlanDirection::lower_is_better;
constexpr auto kOn = PlanDirection::on_target;

Rag rag(double actual, double plan, PlanDirection direction, RagThresholds t = kNhse) {
    return rag_against_plan(actual, plan, direction, t).rag;
}

TEST(Rag, ParsesNhsDirectionality) {
    EXPECT_EQ(kpimap::plan_direction_from("over"), kHigher);
    EXPECT_EQ(kpimap::plan_direction_from("under"), kLower);
    EXPECT_EQ(kpimap::plan_direction_from("on"), kOn);
    EXPECT_EQ(kpimap::plan_direction_from(" Under "), kLower);
    EXPECT_EQ(kpimap::plan_direction_from("ON"), kOn);
    EXPECT_EQ(kpimap::plan_direction_from("NA"), std::nullopt);
    EXPECT_EQ(kpimap::plan_direction_from(""), std::nullopt);
    EXPECT_EQ(kpimap::plan_direction_from("overall"), std::nullopt);
    EXPECT_STREQ(kpimap::plan_direction_name(kOn), "on_target");
}

TEST(Rag, NamesAndLetters) {
    EXPECT_STREQ(kpimap::rag_letter(Rag::red), "R");
    EXPECT_STREQ(kpimap::rag_letter(Rag::amber), "A");
    EXPECT_STREQ(kpimap::rag_letter(Rag::green), "G");
    EXPECT_STREQ(kpimap::rag_letter(Rag::not_assessed), "NA");
    EXPECT_STREQ(kpimap::rag_name(Rag::not_assessed), "not_assessed");
    EXPECT_EQ(kpimap::rag_from("G"), Rag::green);
    EXPECT_EQ(kpimap::rag_from("amber"), Rag::amber);
    EXPECT_EQ(kpimap::rag_from("NA"), Rag::not_assessed);
    EXPECT_EQ(kpimap::rag_from("X"), std::nullopt);
}

// The example from the published scorecard (E.B.23c, RYE): 37.2% above a lower-is-better plan.
TEST(Rag, ExplanationCanBeCheckedByAPerson) {
    const auto r = rag_against_plan(37.30854642, 27.2, kLower, kNhse);
    EXPECT_EQ(r.rag, Rag::red);
    EXPECT_NEAR(r.variance, 10.10854642, 1e-12);
    EXPECT_NEAR(r.percent_variance, 37.16377360294118, 1e-9);
    EXPECT_EQ(r.explanation,
              "actual 37.31 vs plan 27.2: 37.2% above; lower is better; more than 5% above plan "
              "\u2192 red");
}

TEST(Rag, HigherIsBetter) {
    // At or above plan is green, however little.
    EXPECT_EQ(rag(100, 100, kHigher), Rag::green);
    EXPECT_EQ(rag(100.0001, 100, kHigher), Rag::green);
    EXPECT_EQ(rag(150, 100, kHigher), Rag::green);
    // Any shortfall is amber: threshold1 does not give a green band (published: -0.04% is A).
    EXPECT_EQ(rag(99.9999, 100, kHigher), Rag::amber);
    EXPECT_EQ(rag(99.5, 100, kHigher), Rag::amber);
    EXPECT_EQ(rag(99, 100, kHigher), Rag::amber);
    // Exactly 5% below is still amber; beyond it red.
    EXPECT_EQ(rag(95, 100, kHigher), Rag::amber);
    EXPECT_EQ(rag(190, 200, kHigher), Rag::amber);
    EXPECT_EQ(rag(94.99, 100, kHigher), Rag::red);
    EXPECT_EQ(rag(189.99, 200, kHigher), Rag::red);
    EXPECT_EQ(rag(0, 100, kHigher), Rag::red);

    const auto amber = rag_against_plan(95, 100, kHigher, kNhse);
    EXPECT_EQ(amber.variance, -5);
    EXPECT_EQ(amber.percent_variance, -5);
    EXPECT_EQ(amber.explanation,
              "actual 95 vs plan 100: 5% below; higher is better; below plan by at most 5% "
              "\u2192 amber");
    EXPECT_EQ(rag_against_plan(100, 100, kHigher, kNhse).explanation,
              "actual 100 vs plan 100: on plan; higher is better; at or above plan \u2192 green");
    // Close to the edge the percentage shows enough decimals not to read as the edge itself.
    EXPECT_EQ(rag_against_plan(94.99, 100, kHigher, kNhse).explanation,
              "actual 94.99 vs plan 100: 5.01% below; higher is better; more than 5% below plan "
              "\u2192 red");
}

TEST(Rag, LowerIsBetter) {
    EXPECT_EQ(rag(100, 100, kLower), Rag::green);
    EXPECT_EQ(rag(50, 100, kLower), Rag::green);
    EXPECT_EQ(rag(100.0001, 100, kLower), Rag::amber);
    EXPECT_EQ(rag(101, 100, kLower), Rag::amber);
    EXPECT_EQ(rag(105, 100, kLower), Rag::amber);  // exactly 5% above: amber
    EXPECT_EQ(rag(210, 200, kLower), Rag::amber);
    EXPECT_EQ(rag(105.01, 100, kLower), Rag::red);
    EXPECT_EQ(rag(210.01, 200, kLower), Rag::red);
    EXPECT_EQ(rag_against_plan(103, 100, kLower, kNhse).explanation,
              "actual 103 vs plan 100: 3% above; lower is better; above plan by at most 5% "
              "\u2192 amber");
}

TEST(Rag, OnTarget) {
    EXPECT_EQ(rag(100, 100, kOn), Rag::green);
    EXPECT_EQ(rag(101, 100, kOn), Rag::green);  // exactly 1% either way: green
    EXPECT_EQ(rag(99, 100, kOn), Rag::green);
    EXPECT_EQ(rag(202, 200, kOn), Rag::green);
    EXPECT_EQ(rag(101.01, 100, kOn), Rag::amber);
    EXPECT_EQ(rag(98.99, 100, kOn), Rag::amber);
    EXPECT_EQ(rag(105, 100, kOn), Rag::amber);  // exactly 5% either way: amber
    EXPECT_EQ(rag(95, 100, kOn), Rag::amber);
    EXPECT_EQ(rag(105.01, 100, kOn), Rag::red);
    EXPECT_EQ(rag(94.99, 100, kOn), Rag::red);
    EXPECT_EQ(rag_against_plan(101, 100, kOn, kNhse).explanation,
              "actual 101 vs plan 100: 1% above; close to plan is better; within 1% \u2192 green");
    EXPECT_EQ(rag_against_plan(97, 100, kOn, kNhse).explanation,
              "actual 97 vs plan 100: 3% below; close to plan is better; more than 1% but within "
              "5% \u2192 amber");
    EXPECT_EQ(rag_against_plan(110, 100, kOn, kNhse).explanation,
              "actual 110 vs plan 100: 10% above; close to plan is better; more than 5% off plan "
              "\u2192 red");
}

TEST(Rag, OtherThresholds) {
    const RagThresholds wide{0.02, 0.10};
    EXPECT_EQ(rag(91, 100, kHigher, wide), Rag::amber);
    EXPECT_EQ(rag(89, 100, kHigher, wide), Rag::red);
    EXPECT_EQ(rag(102, 100, kOn, wide), Rag::green);
    // Zero tolerances: only exactly on plan (or the good side) is green, everything else red.
    const RagThresholds none{0, 0};
    EXPECT_EQ(rag(100, 100, kOn, none), Rag::green);
    EXPECT_EQ(rag(100.5, 100, kOn, none), Rag::red);
    EXPECT_EQ(rag(99.5, 100, kHigher, none), Rag::red);
}

TEST(Rag, MissingDataIsNotAssessed) {
    auto r = rag_against_plan(std::nullopt, 100, kHigher, kNhse);
    EXPECT_EQ(r.rag, Rag::not_assessed);
    EXPECT_TRUE(std::isnan(r.variance));
    EXPECT_EQ(r.explanation, "not assessed: no actual value");
    r = rag_against_plan(32.19, std::nullopt, kLower, kNhse);
    EXPECT_EQ(r.rag, Rag::not_assessed);
    EXPECT_EQ(r.explanation, "not assessed: no plan value");
    EXPECT_EQ(rag_against_plan(std::nullopt, std::nullopt, kOn, kNhse).rag, Rag::not_assessed);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(rag_against_plan(nan, 100, kHigher, kNhse).rag, Rag::not_assessed);
    EXPECT_EQ(rag_against_plan(100, inf, kHigher, kNhse).rag, Rag::not_assessed);
    EXPECT_EQ(rag_against_plan(nan, 100, kHigher, kNhse).explanation,
              "not assessed: actual is nan");
}

TEST(Rag, InvalidThresholdsAreNotAssessed) {
    EXPECT_EQ(rag(100, 100, kOn, {0.05, 0.01}), Rag::not_assessed);  // amber wider than red
    EXPECT_EQ(rag(100, 100, kOn, {-0.01, 0.05}), Rag::not_assessed);
    EXPECT_EQ(rag(100, 100, kOn, {0.01, std::numeric_limits<double>::quiet_NaN()}),
              Rag::not_assessed);
    const auto r = rag_against_plan(90, 100, kOn, {0.05, 0.01});
    EXPECT_EQ(r.variance, -10);  // the variance is still reported
    EXPECT_EQ(r.explanation,
              "not assessed: thresholds must satisfy 0 <= amber <= red (got amber 0.05, red 0.01)");
}

// As NHS England publishes (E.B.20, plan 0, actual 8: R): with a zero plan every tolerance is
// zero, so any adverse amount is red and anything else green. The percentage is infinite.
TEST(Rag, ZeroPlan) {
    auto r = rag_against_plan(8, 0, kLower, kNhse);
    EXPECT_EQ(r.rag, Rag::red);
    EXPECT_EQ(r.variance, 8);
    EXPECT_TRUE(std::isinf(r.percent_variance) && r.percent_variance > 0);
    EXPECT_EQ(r.explanation,
              "actual 8 vs plan 0: above a plan of 0; lower is better; any amount above a zero "
              "plan \u2192 red");
    r = rag_against_plan(0, 0, kLower, kNhse);
    EXPECT_EQ(r.rag, Rag::green);
    EXPECT_TRUE(std::isnan(r.percent_variance));
    EXPECT_EQ(r.explanation,
              "actual 0 vs plan 0: on plan; lower is better; at or below plan \u2192 green");
    EXPECT_EQ(rag(-1, 0, kLower), Rag::green);
    EXPECT_EQ(rag(3, 0, kHigher), Rag::green);
    EXPECT_EQ(rag(-3, 0, kHigher), Rag::red);
    EXPECT_EQ(rag(0, 0, kOn), Rag::green);
    EXPECT_EQ(rag(0.001, 0, kOn), Rag::red);
    EXPECT_EQ(rag(-0.001, 0, kOn), Rag::red);
}

// Negative plans (a deficit, a net change): tolerances are fractions of |plan| and the
// percentage is relative to |plan|, so "above"/"below" keep their meaning.
TEST(Rag, NegativePlan) {
    auto r = rag_against_plan(-103, -100, kHigher, kNhse);
    EXPECT_EQ(r.rag, Rag::amber);
    EXPECT_EQ(r.variance, -3);
    EXPECT_EQ(r.percent_variance, -3);
    EXPECT_EQ(r.explanation,
              "actual -103 vs plan -100: 3% below; higher is better; below plan by at most 5% "
              "\u2192 amber");
    EXPECT_EQ(rag(-90, -100, kHigher), Rag::green);
    EXPECT_EQ(rag(-105, -100, kHigher), Rag::amber);
    EXPECT_EQ(rag(-106, -100, kHigher), Rag::red);
    EXPECT_EQ(rag(-110, -100, kLower), Rag::green);
    EXPECT_EQ(rag(-97, -100, kLower), Rag::amber);
    EXPECT_EQ(rag(-94, -100, kLower), Rag::red);
    EXPECT_EQ(rag(-101, -100, kOn), Rag::green);
    EXPECT_EQ(rag(-96, -100, kOn), Rag::amber);
    EXPECT_EQ(rag(-94, -100, kOn), Rag::red);
}

}  // namespace
