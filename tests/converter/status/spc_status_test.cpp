// SPC and the source's own verdict as `kpimap status` computes them for an indicator: which
// values are charted (the latest run of one period type, gaps named), the target, rebasing, the
// outputs; and the seed-001 rule (a ✔/✘ mark, else fairly stable or no comparator) with its
// audit against the direction of travel. Methods: docs/status-methods.md, docs/statuses.md.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "kpimap/indicator_status.hpp"

using namespace kpimap;

namespace {

Observation monthly(const std::string& id, int index, double value) {
    Observation o;
    o.indicator_id = id;
    const int year = 2019 + (index + 3) / 12, month = (index + 3) % 12 + 1;  // from 2019-04
    o.period_text = fmt::format("{}-{:02d}", year, month);
    o.period = *parse_period(o.period_text);
    o.value = value;
    return o;
}

Model monthly_model(const std::vector<double>& values, Polarity polarity) {
    Model m;
    Indicator i;
    i.id = "a";
    i.title = "A&E within 4 hours";
    i.polarity = polarity;
    m.indicators.push_back(i);
    for (std::size_t k = 0; k < values.size(); ++k)
        m.observations.push_back(monthly("a", static_cast<int>(k), values[k]));
    return m;
}

// 12 months around 10, then 8 around 14 (spc_test.cpp's LimitsShiftAndVerdicts).
const std::vector<double> shifted = {10, 11, 9,  10, 11, 9,  10, 11, 9,  10,
                                     11, 9,  14, 15, 13, 14, 15, 13, 14, 15};

}  // namespace

TEST(SpcStatus, MonthlySeriesGetsAChartWithVerdicts) {
    Model m = monthly_model(shifted, Polarity::higher_is_better);
    Expectation target;
    target.indicator_id = "a";
    target.period = *parse_period("2020-11");  // the 20th month
    target.kind = ExpectationKind::target;
    target.target = 12.0;
    m.expectations.push_back(target);
    const IndicatorStatus s = compute_statuses(m).indicators.at(0);
    ASSERT_TRUE(s.spc.computed) << s.spc.explanation;
    EXPECT_EQ(s.spc.periods.size(), 20u);
    EXPECT_EQ(s.spc.periods.front(), "2019-04");
    EXPECT_EQ(s.spc.periods.back(), "2020-11");
    EXPECT_EQ(s.spc.chart.variation, spc::PointType::special_cause_improvement);
    EXPECT_EQ(s.spc.chart.assurance, spc::Assurance::inconsistent);
    ASSERT_TRUE(s.spc.target);
    EXPECT_EQ(*s.spc.target, 12.0);
    EXPECT_NE(s.spc.explanation.find("20 monthly values 2019-04 to 2020-11: mean 11.65, process "
                                     "limits 8.103 to 15.197"),
              std::string::npos)
        << s.spc.explanation;
    EXPECT_NE(s.spc.explanation.find("target 12: inconsistent"), std::string::npos);
    // The outputs carry the verdicts.
    const StatusResult r = compute_statuses(m);
    const std::string csv = statuses_to_csv(r);
    EXPECT_NE(csv.find(",spc_variation,spc_assurance,spc_explanation,source_verdict,audit,breakdown\n"),
              std::string::npos);
    EXPECT_NE(csv.find(",special_cause_improvement,inconsistent,"), std::string::npos);
    const std::string json = statuses_to_json(r);
    EXPECT_NE(json.find("\"spc\": {\"computed\": true, \"variation\": "
                        "\"special_cause_improvement\", \"assurance\": \"inconsistent\""),
              std::string::npos);
    EXPECT_NE(json.find("{\"period\": \"2020-11\", \"value\": 15, \"mean\": 11.65"),
              std::string::npos);
    EXPECT_NE(statuses_to_text(r).find("    spc:          special_cause_improvement, "
                                       "inconsistent: 20 monthly values"),
              std::string::npos);
}

TEST(SpcStatus, LowerIsBetterMakesTheShiftAConcern) {
    const IndicatorStatus s =
        compute_statuses(monthly_model(shifted, Polarity::lower_is_better)).indicators.at(0);
    ASSERT_TRUE(s.spc.computed);
    EXPECT_EQ(s.spc.chart.variation, spc::PointType::special_cause_concern);
    EXPECT_EQ(s.spc.chart.assurance, spc::Assurance::not_assessed);
    EXPECT_NE(s.spc.explanation.find("no target for 2020-11"), std::string::npos);
}

TEST(SpcStatus, RebaseFromTheOptionsRecalculatesTheLimits) {
    StatusOptions options;
    options.spc_rebase.push_back({"A&E within 4 hours", *parse_period("2020-04")});
    const IndicatorStatus s =
        compute_statuses(monthly_model(shifted, Polarity::higher_is_better), options)
            .indicators.at(0);
    ASSERT_TRUE(s.spc.computed);
    EXPECT_EQ(s.spc.chart.points[12].group, 1u);
    EXPECT_EQ(s.spc.chart.variation, spc::PointType::common_cause);
    EXPECT_NE(s.spc.explanation.find(", rebased at 2020-04:"), std::string::npos);
    // A rebase for another indicator changes nothing.
    StatusOptions other;
    other.spc_rebase.push_back({"b", *parse_period("2020-04")});
    EXPECT_EQ(compute_statuses(monthly_model(shifted, Polarity::higher_is_better), other)
                  .indicators.at(0)
                  .spc.chart.variation,
              spc::PointType::special_cause_improvement);
}

TEST(SpcStatus, TooFewValuesOrAnotherPeriodTypeGiveNoChart) {
    const std::vector<double> eleven(shifted.begin(), shifted.begin() + 11);
    const IndicatorStatus few =
        compute_statuses(monthly_model(eleven, Polarity::higher_is_better)).indicators.at(0);
    EXPECT_FALSE(few.spc.computed);
    EXPECT_EQ(few.spc.explanation,
              "11 monthly values up to 2020-02; an SPC chart needs at least 12 values of one "
              "period type");
    EXPECT_NE(statuses_to_csv(compute_statuses(monthly_model(eleven, Polarity::higher_is_better)))
                  .find(",,,11 monthly values up to 2020-02;"),
              std::string::npos);
    // A yearly value after the months: the chart is of the latest period type only.
    Model m = monthly_model(shifted, Polarity::higher_is_better);
    Observation year;
    year.indicator_id = "a";
    year.period_text = "2021/22";
    year.period = *parse_period("2021/22");
    year.value = 12;
    m.observations.push_back(year);
    const IndicatorStatus mixed = compute_statuses(m).indicators.at(0);
    EXPECT_FALSE(mixed.spc.computed);
    EXPECT_EQ(mixed.spc.explanation,
              "1 yearly value up to 2021/22; an SPC chart needs at least 12 values of one period "
              "type");
}

TEST(SpcStatus, MissingMonthsAreLeftOutAndNamed) {
    Model m = monthly_model(shifted, Polarity::higher_is_better);
    m.observations.erase(m.observations.begin() + 5);  // 2019-09
    const IndicatorStatus s = compute_statuses(m).indicators.at(0);
    ASSERT_TRUE(s.spc.computed);
    EXPECT_EQ(s.spc.periods.size(), 19u);
    EXPECT_NE(s.spc.explanation.find("; no value between 2019-08 and 2019-10 (left out)"),
              std::string::npos)
        << s.spc.explanation;
}

TEST(SpcStatus, MinimumPointsIsAnOption) {
    StatusOptions options;
    options.spc.min_points = 20;
    const std::vector<double> nineteen(shifted.begin(), shifted.begin() + 19);
    EXPECT_FALSE(compute_statuses(monthly_model(nineteen, Polarity::higher_is_better), options)
                     .indicators.at(0)
                     .spc.computed);
    EXPECT_TRUE(compute_statuses(monthly_model(shifted, Polarity::higher_is_better), options)
                    .indicators.at(0)
                    .spc.computed);
}

// ---- The source's own verdict and the audit ---------------------------------------------------

namespace {

// Indicator "v" with the mark and values, in a source file that marks another indicator (so the
// source gives verdicts) unless `source_marks` is false.
Model yearly(const std::string& mark, std::vector<double> values, bool source_marks = true) {
    Model m;
    Indicator i;
    i.id = "v";
    i.title = "v";
    i.judgement = mark;
    i.where.file = "report.xlsx";
    i.where.sheet = "Outcome 1";
    m.indicators.push_back(i);
    if (source_marks) {
        Indicator marked = i;
        marked.id = marked.title = "marked";
        marked.judgement = "\u2714";
        m.indicators.push_back(marked);
    }
    for (std::size_t k = 0; k < values.size(); ++k) {
        Observation o;
        o.indicator_id = "v";
        o.period_text = std::to_string(2014 + k);
        o.period = *parse_period(o.period_text);
        o.value = values[k];
        m.observations.push_back(o);
    }
    return m;
}

}  // namespace

TEST(SourceVerdict, MarksAndTheUnmarkedRule) {
    auto verdict = [](const Model& m) {
        return compute_statuses(m).indicators.at(0).source_verdict;
    };
    EXPECT_EQ(verdict(yearly("\u2714", {70, 75})), SourceVerdict::positive);
    EXPECT_EQ(verdict(yearly("\u2713", {70, 75})), SourceVerdict::positive);
    EXPECT_EQ(verdict(yearly("\u2718", {70, 65})), SourceVerdict::negative);
    EXPECT_EQ(verdict(yearly("\u2717", {70, 65})), SourceVerdict::negative);
    EXPECT_EQ(verdict(yearly("", {70, 75})), SourceVerdict::fairly_stable);
    EXPECT_EQ(verdict(yearly("", {70})), SourceVerdict::no_comparator);
    // A sheet that marks none of its indicators gives no verdicts, and nothing is audited.
    const IndicatorStatus none = compute_statuses(yearly("", {4.4, 4.3}, false)).indicators.at(0);
    EXPECT_EQ(none.source_verdict, SourceVerdict::not_given);
    EXPECT_EQ(none.audit, "");
}

TEST(SourceVerdict, AuditListsWhereTheMarkOutrunsTheData) {
    // Seed 001's Overall satisfaction: ✓ on 66.7% → 68.0% (+1.95%, within the 2% tolerance).
    const IndicatorStatus within =
        compute_statuses(yearly("\u2713", {66.7, 68.0})).indicators.at(0);
    EXPECT_EQ(within.travel, stats::Travel::little_or_no_change);
    EXPECT_EQ(within.source_verdict, SourceVerdict::positive);
    EXPECT_EQ(within.audit.rfind("the source says positive ('\u2713'); kpimap's direction of "
                                 "travel says little_or_no_change: 68 in 2015 vs 66.7 in 2014",
                                 0),
              0u)
        << within.audit;
    // An unmarked change beyond the tolerance: the source calls it fairly stable.
    const IndicatorStatus unmarked = compute_statuses(yearly("", {4.4, 4.3})).indicators.at(0);
    EXPECT_EQ(unmarked.source_verdict, SourceVerdict::fairly_stable);
    EXPECT_EQ(unmarked.audit.rfind("the source shows no mark (fairly stable) where kpimap finds a "
                                   "change: 4.3 in 2015 vs 4.4 in 2014",
                                   0),
              0u)
        << unmarked.audit;
    // Agreement: nothing to list.
    EXPECT_EQ(compute_statuses(yearly("\u2714", {70, 75})).indicators.at(0).audit, "");
    EXPECT_EQ(compute_statuses(yearly("", {70, 70.5})).indicators.at(0).audit, "");
    EXPECT_EQ(compute_statuses(yearly("", {70})).indicators.at(0).audit, "");
}

TEST(SpcStatus, QuarterlySeriesIsChartedToo) {
    Model m;
    Indicator i;
    i.id = "q";
    i.title = "q";
    i.polarity = Polarity::higher_is_better;
    m.indicators.push_back(i);
    for (int k = 0; k < 12; ++k) {  // 2018 Q1 .. 2020 Q4, around 10 then a rise
        Observation o;
        o.indicator_id = "q";
        o.period_text = fmt::format("{} Q{}", 2018 + k / 4, k % 4 + 1);
        o.period = *parse_period(o.period_text);
        o.value = shifted[k + 8];
        m.observations.push_back(o);
    }
    const IndicatorStatus s = compute_statuses(m).indicators.at(0);
    ASSERT_TRUE(s.spc.computed) << s.spc.explanation;
    EXPECT_EQ(s.spc.periods.front(), "2018 Q1");
    EXPECT_EQ(s.spc.periods.back(), "2020 Q4");
    EXPECT_EQ(s.spc.explanation.rfind("12 quarterly values 2018 Q1 to 2020 Q4:", 0), 0u)
        << s.spc.explanation;
    // No quarter is missing, so nothing is named as left out.
    EXPECT_EQ(s.spc.explanation.find("left out"), std::string::npos);
}
