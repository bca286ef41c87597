// Indicator statuses on constructed models: edge cases of the direction of travel, worked
// significance decisions, trajectory, RAG, recent trend and published-summary parsing.
// Methods: docs/statuses.md.
#include <gtest/gtest.h>

#include "kpimap/indicator_status.hpp"
#include "kpimap/model_io.hpp"
#include "kpimap/model_reader.hpp"

using namespace kpimap;
using stats::Travel;

namespace {

Indicator make_indicator(const std::string& id, Polarity polarity = Polarity::unknown,
                         Unit unit = Unit::unknown) {
    Indicator i;
    i.id = id;
    i.title = id;
    i.polarity = polarity;
    i.unit = unit;
    return i;
}

Observation obs(const std::string& id, const std::string& period, std::optional<double> value) {
    Observation o;
    o.indicator_id = id;
    o.period = *parse_period(period);
    o.period_text = period;
    o.value = value;
    if (!value) o.missing = MissingReason::not_available;
    return o;
}

Observation counts(const std::string& id, const std::string& period, double k,
                   std::optional<double> n) {
    Observation o = obs(id, period, n ? 100.0 * k / *n : k);
    o.count = k;
    o.denominator = n;
    return o;
}

IndicatorStatus status_of(const StatusResult& r, const std::string& id) {
    for (const IndicatorStatus& s : r.indicators)
        if (s.indicator_id == id) return s;
    throw std::runtime_error("no status for " + id);
}

Model one(const Indicator& i, std::vector<Observation> observations) {
    Model m;
    m.indicators.push_back(i);
    m.observations = std::move(observations);
    return m;
}

}  // namespace

// ---- Direction of travel: edge cases --------------------------------------------------------

TEST(IndicatorStatusTravel, SinglePointHasNoComparator) {
    Model m = one(make_indicator("a", Polarity::higher_is_better), {obs("a", "2016/17", 1010)});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.travel, Travel::no_comparator);
    EXPECT_FALSE(s.previous);
    EXPECT_EQ(s.travel_explanation,
              "1010 in 2016/17; no earlier financial_year value; no comparator");
}

TEST(IndicatorStatusTravel, EqualValuesAreLittleOrNoChange) {
    Model m = one(make_indicator("a", Polarity::higher_is_better),
                  {obs("a", "2014", 2.7), obs("a", "2015", 2.7)});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.travel, Travel::little_or_no_change);
    EXPECT_EQ(
        s.travel_explanation,
        "2.7 in 2015 vs 2.7 in 2014; higher is better; little or no change (+0%, within ±2%)");
}

TEST(IndicatorStatusTravel, ToleranceIsAnOption) {
    Model m = one(make_indicator("a", Polarity::higher_is_better),
                  {obs("a", "2014", 50), obs("a", "2015", 51)});
    EXPECT_EQ(status_of(compute_statuses(m), "a").travel, Travel::little_or_no_change);
    StatusOptions strict;
    strict.travel_tolerance = 0.01;
    EXPECT_EQ(status_of(compute_statuses(m, strict), "a").travel, Travel::improved);
}

TEST(IndicatorStatusTravel, ZeroDenominatorGivesNoIntervalAndFallsBackToTolerance) {
    Indicator i = make_indicator("a", Polarity::higher_is_better, Unit::percent);
    Observation a = obs("a", "2014", 50), b = obs("a", "2015", 60);
    a.count = 0;
    a.denominator = 0;
    b.count = 0;
    b.denominator = 0;
    const auto& s = status_of(compute_statuses(one(i, {a, b})), "a");
    EXPECT_EQ(s.travel, Travel::improved);
    EXPECT_EQ(s.significance, Significance::not_required);
    // Asked for, significance is then not assessable: never guessed.
    i.aim = parse_aim("Statistically significant improvement on baseline");
    const auto& t = status_of(compute_statuses(one(i, {a, b})), "a");
    EXPECT_EQ(t.significance, Significance::not_assessable);
    EXPECT_NE(t.significance_explanation.find("significance not assessable"), std::string::npos);
}

TEST(IndicatorStatusTravel, SuppressedLatestUsesTheLatestValueAndSaysSo) {
    Observation x = obs("a", "2016", std::nullopt);
    x.missing = MissingReason::suppressed;
    x.suppressed = true;
    x.raw = "[x]";
    Model m = one(make_indicator("a", Polarity::lower_is_better),
                  {obs("a", "2014", 4.8), obs("a", "2015", 5.1), x});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.latest->period.label(), "2015");
    EXPECT_EQ(s.travel, Travel::worsened);
    ASSERT_EQ(s.notes.size(), 1u);
    EXPECT_EQ(s.notes[0],
              "2016 has no value (suppressed, '[x]'); the latest period with a value is judged");
}

TEST(IndicatorStatusTravel, MixedUnitsAreNotCompared) {
    Observation a = obs("a", "2012/13", 0.822), b = obs("a", "2013/14", 83.4);
    b.percent_shown = true;
    const auto& s =
        status_of(compute_statuses(
                      one(make_indicator("a", Polarity::higher_is_better, Unit::percent), {a, b})),
                  "a");
    EXPECT_EQ(s.travel, Travel::no_comparator);
    EXPECT_NE(s.travel_explanation.find("mixed units"), std::string::npos);
}

TEST(IndicatorStatusTravel, DifferentPeriodTypesHaveNoComparator) {
    Model m = one(make_indicator("a", Polarity::higher_is_better),
                  {obs("a", "2013/14", 20), obs("a", "2012-14", 21), obs("a", "2015", 22)});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.latest->period.label(), "2015");
    EXPECT_EQ(s.travel, Travel::no_comparator);
    EXPECT_NE(s.travel_explanation.find("different period type"), std::string::npos);
}

TEST(IndicatorStatusTravel, PreviousComparablePeriodSkipsOtherTypes) {
    Model m = one(make_indicator("a", Polarity::higher_is_better),
                  {obs("a", "2013/14", 20), obs("a", "2014", 30), obs("a", "2014/15", 22)});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.previous->period.label(), "2013/14");
    EXPECT_EQ(s.travel, Travel::improved);
}

TEST(IndicatorStatusTravel, UnknownPolarityGivesIncreasedOrDecreased) {
    Indicator i = make_indicator("a");
    i.aim = parse_aim("Improvement in staff satisfaction");
    Model m = one(i, {obs("a", "2014/15", 4.4), obs("a", "2015/16", 4.3)});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.travel, Travel::decreased);
    EXPECT_EQ(s.polarity_source, "none");
    EXPECT_EQ(s.travel_explanation,
              "4.3 in 2015/16 vs 4.4 in 2014/15; polarity unknown (the aim 'Improvement in staff "
              "satisfaction' says improve, not which way); decreased (-2.27%, beyond ±2%)");
}

TEST(IndicatorStatusTravel, PolarityImpliedByJudgementMark) {
    Indicator i = make_indicator("infant");
    i.judgement = "✘";
    Model m = one(
        i, {obs("infant", "2013", 3.3), obs("infant", "2014", 4.8), obs("infant", "2015", 5.1)});
    const auto& s = status_of(compute_statuses(m), "infant");
    EXPECT_EQ(s.polarity, Polarity::lower_is_better);
    EXPECT_EQ(s.polarity_source, "judgement");
    EXPECT_EQ(s.travel, Travel::worsened);
    EXPECT_EQ(s.travel_explanation,
              "5.1 in 2015 vs 4.8 in 2014; lower is better (implied by the source's ✘ mark on a "
              "rise); worsened (+6.25%, beyond ±2%)");
    StatusOptions off;
    off.polarity_from_judgement = false;
    EXPECT_EQ(status_of(compute_statuses(m, off), "infant").travel, Travel::increased);
}

TEST(IndicatorStatusTravel, ModelPolarityWinsOverTheMark) {
    Indicator i = make_indicator("a", Polarity::higher_is_better);
    i.judgement = "✘";
    Model m = one(i, {obs("a", "2014", 10), obs("a", "2015", 12)});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.polarity_source, "model");
    EXPECT_EQ(s.travel, Travel::improved);
}

TEST(IndicatorStatusTravel, SourcesThatAgreeWithinRoundingUseTheMorePreciseValue) {
    Observation a = obs("a", "2016/17", 92), b = obs("a", "2016/17", 92.4);
    a.decimals = 0;
    b.decimals = 1;
    Observation c = obs("a", "2015/16", 100), d = obs("a", "2015/16", 99);
    c.decimals = d.decimals = 0;
    Model m = one(make_indicator("a", Polarity::higher_is_better), {a, b, c, d});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_DOUBLE_EQ(*s.latest->value, 92.4);
    EXPECT_DOUBLE_EQ(*s.previous->value, 100);  // disagreeing: the first is used
    ASSERT_EQ(s.notes.size(), 1u);
    EXPECT_NE(s.notes[0].find("2015/16: sources disagree: 100"), std::string::npos);
}

// Status and reconcile share one agreement rule (kpimap/identity.hpp): a value of unknown
// precision is compared at the other's. Status once compared 92.4 (unknown) and 92 (0 dp)
// exactly and reported the sources as disagreeing where reconcile called them agreeing.
TEST(IndicatorStatusTravel, UnknownPrecisionAgreesAsReconcileSays) {
    Observation a = obs("a", "2016/17", 92), b = obs("a", "2016/17", 92.4);
    a.decimals = 0;
    b.decimals = -1;
    Model m = one(make_indicator("a", Polarity::higher_is_better), {a, b, obs("a", "2015/16", 90)});
    const auto& s = status_of(compute_statuses(m), "a");
    for (const std::string& note : s.notes)
        EXPECT_EQ(note.find("sources disagree"), std::string::npos) << note;
}

TEST(IndicatorStatusTravel, SeveralSeriesJudgeTheFirstAndCountOnce) {
    Observation a = obs("p", "2015/16", 392), b = obs("p", "2016/17", 436);
    Observation c = obs("p", "2015/16", 335), d = obs("p", "2016/17", 300);
    a.series = b.series = "Attended";
    c.series = d.series = "Completed";
    Model m = one(make_indicator("p", Polarity::higher_is_better), {a, b, c, d});
    const auto& s = status_of(compute_statuses(m), "p");
    EXPECT_EQ(s.series, "Attended");
    EXPECT_EQ(s.travel, Travel::improved);
}

TEST(IndicatorStatusTravel, AsOfIgnoresLaterPeriods) {
    Model m = one(make_indicator("a", Polarity::higher_is_better),
                  {obs("a", "2013", 10), obs("a", "2014", 12), obs("a", "2015", 8)});
    StatusOptions o;
    o.as_of = parse_period("2014");
    const auto& s = status_of(compute_statuses(m, o), "a");
    EXPECT_EQ(s.latest->period.label(), "2014");
    EXPECT_EQ(s.travel, Travel::improved);
}

// ---- Significance: worked examples ----------------------------------------------------------

// Wilson 95%: 15/148 is 6.24%–16.05%, 81/263 is 25.53%–36.62%: no overlap → significant.
TEST(IndicatorStatusSignificance, WilsonIntervalsThatDoNotOverlapAreSignificant) {
    Model m = one(make_indicator("a", Polarity::higher_is_better, Unit::percent),
                  {counts("a", "2014", 15, 148), counts("a", "2015", 81, 263)});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.significance, Significance::significant);
    EXPECT_EQ(s.travel, Travel::improved);
    EXPECT_NE(s.significance_explanation.find("Wilson 6.24–16.05 from 15/148"), std::string::npos)
        << s.significance_explanation;
    EXPECT_NE(s.significance_explanation.find("do not overlap"), std::string::npos);
}

// 48/80 (49.0%–70.0%) and 56/70 (69.2%–87.7%) overlap: the double-overlap rule says "little or
// no change" although Newcombe's interval for the difference (0.0524–0.3339) excludes 0. The
// trajectory, where the aim asks for significance, uses Newcombe and sees the change.
TEST(IndicatorStatusSignificance, OverlapIsConservativeNewcombeIsNot) {
    Indicator i = make_indicator("a", Polarity::higher_is_better, Unit::percent);
    i.aim = parse_aim("Statistically significant improvement on baseline");
    Model m = one(i, {counts("a", "2020/21", 48, 80), counts("a", "2021/22", 56, 70)});
    Expectation base, imp;
    base.indicator_id = imp.indicator_id = "a";
    base.period = *parse_period("2020/21");
    base.kind = ExpectationKind::baseline;
    imp.period = *parse_period("2021/22");
    imp.kind = ExpectationKind::improvement;
    imp.raw = "Improvement";
    m.expectations = {base, imp};
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.significance, Significance::not_significant);
    EXPECT_EQ(s.travel, Travel::little_or_no_change);
    EXPECT_EQ(s.trajectory, TrajectoryStatus::on_track);
    EXPECT_NE(s.trajectory_explanation.find("Newcombe 95% interval for the difference 56/70 − "
                                            "48/80: 0.0524–0.3339 (excludes 0)"),
              std::string::npos)
        << s.trajectory_explanation;
}

// Counts alone: exact Poisson for 1 event (0.03–5.57), Byar for 20 (12.21–30.89): no overlap.
// 1 and 10 (exact 4.80–18.39 ... Byar 4.79–18.39) overlap.
TEST(IndicatorStatusSignificance, ByarAndExactPoissonOnCounts) {
    Observation a = obs("a", "2014", 1), b = obs("a", "2015", 20), c = obs("b", "2015", 10);
    a.count = 1;
    b.count = 20;
    c.count = 10;
    Model m;
    m.indicators = {make_indicator("a", Polarity::lower_is_better, Unit::count),
                    make_indicator("b", Polarity::lower_is_better, Unit::count)};
    Observation a2 = a;
    a2.indicator_id = "b";
    m.observations = {a, b, a2, c};
    const StatusResult r = compute_statuses(m);
    const auto& s = status_of(r, "a");
    EXPECT_EQ(s.significance, Significance::significant);
    EXPECT_EQ(s.travel, Travel::worsened);
    EXPECT_NE(s.significance_explanation.find("exact Poisson 0.03–5.57 from 1 events"),
              std::string::npos)
        << s.significance_explanation;
    EXPECT_NE(s.significance_explanation.find("Byar"), std::string::npos);
    const auto& t = status_of(r, "b");
    EXPECT_EQ(t.significance, Significance::not_significant);
    EXPECT_EQ(t.travel, Travel::little_or_no_change);
}

// Rates: 5 events in 20,000 is 25 per 100,000 (exact 8.12–58.34); 60 in 20,000 is 300
// (Byar 228.9–386.2): no overlap.
TEST(IndicatorStatusSignificance, RatesUsePopulationAndPer) {
    Indicator i = make_indicator("r", Polarity::lower_is_better, Unit::rate);
    i.unit_per = 100000;
    Observation a = obs("r", "2014", 25), b = obs("r", "2015", 300);
    a.count = 5;
    a.denominator = 20000;
    b.count = 60;
    b.denominator = 20000;
    const auto& s = status_of(compute_statuses(one(i, {a, b})), "r");
    EXPECT_EQ(s.significance, Significance::significant);
    EXPECT_EQ(s.travel, Travel::worsened);
    EXPECT_NE(s.significance_explanation.find("exact Poisson 8.12–58.34 from 5 events in 20000"),
              std::string::npos)
        << s.significance_explanation;
}

TEST(IndicatorStatusSignificance, PublishedIntervalsDoubleOverlap) {
    Observation a = obs("a", "2014", 10), b = obs("a", "2015", 13), c = obs("a", "2016", 13.5);
    a.lower_ci = 9;
    a.upper_ci = 11;
    b.lower_ci = 11.5;
    b.upper_ci = 14.5;
    c.lower_ci = 12;
    c.upper_ci = 15;
    Model m = one(make_indicator("a", Polarity::higher_is_better), {a, b});
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.significance, Significance::significant);
    EXPECT_EQ(s.travel, Travel::improved);
    Model m2 = one(make_indicator("a", Polarity::higher_is_better), {b, c});
    const auto& t = status_of(compute_statuses(m2), "a");
    EXPECT_EQ(t.significance, Significance::not_significant);
    EXPECT_EQ(t.travel, Travel::little_or_no_change);  // 3.8% change, but the intervals overlap
}

// ---- Trajectory -----------------------------------------------------------------------------

namespace {

Expectation expect(const std::string& id, const std::string& period, ExpectationKind kind,
                   std::string raw, std::optional<double> target = std::nullopt) {
    Expectation e;
    e.indicator_id = id;
    e.period = *parse_period(period);
    e.period_text = period;
    e.kind = kind;
    e.raw = std::move(raw);
    e.target = target;
    return e;
}

}  // namespace

TEST(IndicatorStatusTrajectory, BaselineImprovementTbcAndLongTerm) {
    Indicator i = make_indicator("a", Polarity::lower_is_better);
    i.aim = parse_aim("Reduction in turnover");
    Model m = one(i, {obs("a", "2019/20", 16), obs("a", "2020/21", 15), obs("a", "2021/22", 14),
                      obs("a", "2022/23", 15.1), obs("a", "2023/24", 15.5)});
    m.expectations = {
        expect("a", "2020/21", ExpectationKind::baseline, "Baseline"),
        expect("a", "2021/22", ExpectationKind::improvement, "Improvement"),
        expect("a", "2022/23", ExpectationKind::improvement, "Improvement"),
        expect("a", "2023/24", ExpectationKind::long_term_improvement, "Long Term Improvement"),
        expect("a", "2024/25", ExpectationKind::tbc, "TBC")};
    const auto& s = status_of(compute_statuses(m), "a");
    ASSERT_EQ(s.trajectory_by_period.size(), 5u);
    EXPECT_EQ(s.trajectory_by_period[0].status, TrajectoryStatus::baseline_set);
    EXPECT_EQ(s.trajectory_by_period[0].explanation,
              "2020/21 is the baseline year (Baseline); baseline value 15");
    EXPECT_EQ(s.trajectory_by_period[1].status, TrajectoryStatus::on_track);
    EXPECT_EQ(s.trajectory_by_period[1].explanation,
              "14 in 2021/22 vs baseline 15 in 2020/21; lower is better; improved (-6.67%, "
              "tolerance ±2%); Improvement expected → on track");
    EXPECT_EQ(s.trajectory_by_period[2].status, TrajectoryStatus::off_track);  // 15.1 vs 15
    // Long Term Improvement compares with the first value (16 in 2019/20): 15.5 is 3.1% lower.
    EXPECT_EQ(s.trajectory_by_period[3].status, TrajectoryStatus::on_track);
    EXPECT_NE(s.trajectory_by_period[3].explanation.find("vs first value 16 in 2019/20"),
              std::string::npos);
    EXPECT_EQ(s.trajectory_by_period[4].status, TrajectoryStatus::not_assessable);
    // The headline is the latest period's cell (2023/24).
    EXPECT_EQ(s.trajectory, TrajectoryStatus::on_track);
}

TEST(IndicatorStatusTrajectory, ImproveWithUnknownPolarityIsNotAssessable) {
    Indicator i = make_indicator("a");
    i.aim = parse_aim("Improvement in staff satisfaction");
    Model m = one(i, {obs("a", "2020/21", 60), obs("a", "2021/22", 65)});
    m.expectations = {expect("a", "2020/21", ExpectationKind::baseline, "Baseline"),
                      expect("a", "2021/22", ExpectationKind::improvement, "Improvement")};
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.trajectory, TrajectoryStatus::not_assessable);
    EXPECT_NE(s.trajectory_explanation.find("does not say whether higher or lower is better"),
              std::string::npos)
        << s.trajectory_explanation;
}

TEST(IndicatorStatusTrajectory, SignificanceRequiredWithoutCountsIsNotAssessable) {
    Indicator i = make_indicator("a", Polarity::lower_is_better);
    i.aim = parse_aim("Statistically significant reduction on baseline");
    Model m = one(i, {obs("a", "2020/21", 800), obs("a", "2021/22", 600)});
    m.expectations = {expect("a", "2020/21", ExpectationKind::baseline, "Baseline"),
                      expect("a", "2021/22", ExpectationKind::improvement, "Improvement")};
    const auto& s = status_of(compute_statuses(m), "a");
    EXPECT_EQ(s.trajectory, TrajectoryStatus::not_assessable);
    EXPECT_NE(s.trajectory_explanation.find("significance not assessable"), std::string::npos);
    EXPECT_EQ(s.significance, Significance::not_assessable);
}

TEST(IndicatorStatusTrajectory, NoValueAndNoExpectation) {
    Model m = one(make_indicator("a", Polarity::lower_is_better), {obs("a", "2015", 3)});
    EXPECT_EQ(status_of(compute_statuses(m), "a").trajectory, TrajectoryStatus::no_expectation);
    m.expectations = {expect("a", "2016", ExpectationKind::improvement, "Improvement")};
    StatusOptions o;
    o.as_of = parse_period("2016");
    const auto& s = status_of(compute_statuses(m, o), "a");
    EXPECT_EQ(s.trajectory, TrajectoryStatus::not_assessable);
    EXPECT_NE(s.trajectory_explanation.find("no value for 2016"), std::string::npos);
}

// ---- RAG ------------------------------------------------------------------------------------

TEST(IndicatorStatusRag, TargetUsesRagAgainstPlanWithPolarity) {
    Model m;
    m.indicators = {make_indicator("hi", Polarity::higher_is_better),
                    make_indicator("lo", Polarity::lower_is_better),
                    make_indicator("on", Polarity::no_judgement),
                    make_indicator("un", Polarity::unknown)};
    for (const char* id : {"hi", "lo", "on", "un"}) {
        m.observations.push_back(obs(id, "2016/17", 95));
        m.expectations.push_back(expect(id, "2016/17", ExpectationKind::target, "100", 100));
    }
    const StatusResult r = compute_statuses(m);
    EXPECT_EQ(status_of(r, "hi").rag, Rag::amber);  // 5% below: amber (edge inclusive)
    EXPECT_EQ(status_of(r, "lo").rag, Rag::green);
    EXPECT_EQ(status_of(r, "on").rag, Rag::amber);
    EXPECT_EQ(status_of(r, "un").rag, Rag::not_assessed);
    EXPECT_NE(status_of(r, "un").rag_explanation.find("polarity unknown"), std::string::npos);
    EXPECT_EQ(status_of(r, "hi").rag_explanation,
              "2016/17: actual 95 vs plan 100: 5% below; higher is better; below plan by at most "
              "5% → amber");
    EXPECT_EQ(status_of(r, "hi").trajectory, TrajectoryStatus::off_track);
}

// ---- Recent trend ---------------------------------------------------------------------------

TEST(IndicatorStatusTrend, SeriesAOfTheMethodsIsIncreasing) {
    const double values[] = {20, 21.5, 22.4, 24.1, 25};
    const double half[] = {1.0, 1.2, 0.8, 1.1, 0.9};
    std::vector<Observation> list;
    for (int k = 0; k < 5; ++k) {
        Observation o = obs("a", std::to_string(2011 + k), values[k]);
        o.lower_ci = values[k] - half[k];
        o.upper_ci = values[k] + half[k];
        list.push_back(o);
    }
    const auto& s = status_of(
        compute_statuses(one(make_indicator("a", Polarity::higher_is_better), list)), "a");
    EXPECT_EQ(s.trend, stats::Trend::increasing);
    EXPECT_EQ(s.trend_label, "Increasing and getting better");
    // Four points: not enough.
    list.erase(list.begin());
    const auto& t = status_of(
        compute_statuses(one(make_indicator("a", Polarity::higher_is_better), list)), "a");
    EXPECT_EQ(t.trend, stats::Trend::not_enough_data);
    EXPECT_EQ(t.trend_label, "Cannot be calculated");
}

TEST(IndicatorStatusTrend, AGapBreaksTheRun) {
    std::vector<Observation> list;
    for (int y : {2010, 2011, 2013, 2014, 2015, 2016}) {
        Observation o = obs("a", std::to_string(y), y - 2000.0);
        o.lower_ci = y - 2000.5;
        o.upper_ci = y - 1999.5;
        list.push_back(o);
    }
    const auto& s = status_of(
        compute_statuses(one(make_indicator("a", Polarity::higher_is_better), list)), "a");
    EXPECT_EQ(s.trend, stats::Trend::not_enough_data);
    EXPECT_NE(s.trend_explanation.find("4 available"), std::string::npos);
}

// ---- Outcome summaries and published counts ---------------------------------------------------

TEST(IndicatorStatusOutcome, CountsEachLinkedIndicatorOnce) {
    Model m;
    m.outcomes.push_back({"o1", "", "outcome", "1", "Best start", "", "", {}});
    m.indicators = {make_indicator("a", Polarity::higher_is_better),
                    make_indicator("b", Polarity::higher_is_better), make_indicator("c")};
    m.observations = {obs("a", "2014", 10), obs("a", "2015", 12), obs("b", "2015", 3),
                      obs("c", "2014", 10), obs("c", "2015", 5)};
    m.links = {{"indicator_of", "a", "o1", "", "", {}},
               {"indicator_of", "a", "o1", "", "", {}},
               {"indicator_of", "b", "o1", "", "", {}},
               {"indicator_of", "c", "o1", "", "", {}}};
    const StatusResult r = compute_statuses(m);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_EQ(r.outcomes[0].indicators, 3);
    EXPECT_EQ(r.outcomes[0].sentence,
              "Of 3 indicators, 1 improved, 0 little or no change, 0 worsened, 1 no comparator, 1 "
              "changed where polarity is unknown (increased or decreased)");
}

TEST(StatusPublishedSummary, ParsesTheSeedSentences) {
    auto c = parse_published_summary(
        "Of 13 indicators identified for this outcome, 5 have seen a positive change, 3 remain "
        "fairly stable and 3 have changed negatively. For 2 indicators there is not a comparator "
        "year.");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->indicators, 13);
    EXPECT_EQ(c->improved, 5);
    EXPECT_EQ(c->little_or_no_change, 3);
    EXPECT_EQ(c->worsened, 3);
    EXPECT_EQ(c->no_comparator, 2);
    c = parse_published_summary(
        "Of 6 indicators identified for this outcome, 3 have seen a "
        "positive change, 1 remains fairly stable and 1 has changed "
        "negatively. For 1 indicator there is not a comparator year.");
    EXPECT_EQ(c->little_or_no_change, 1);
    EXPECT_EQ(c->no_comparator, 1);
    c = parse_published_summary("The one indicator identified has changed positively.");
    EXPECT_EQ(c->indicators, 1);
    EXPECT_EQ(c->improved, 1);
    c = parse_published_summary(
        "Of 5 indicators identified for this outcome, 3 have seen a "
        "positive change and 2 have changed negatively.");
    EXPECT_FALSE(c->little_or_no_change);
    EXPECT_EQ(c->worsened, 2);
    EXPECT_FALSE(parse_published_summary("All outputs do not yet have assigned measures."));
}

// ---- model.json round trip --------------------------------------------------------------------

TEST(StatusModelReader, RoundTripsAConstructedModel) {
    Model m = one(make_indicator("a", Polarity::lower_is_better, Unit::rate),
                  {counts("a", "2012-14", 5, 20000), obs("a", "2016/17 Q1", 3),
                   obs("a", "31/12/2016", std::nullopt)});
    m.indicators[0].aim = parse_aim("Statistically significant reduction");
    m.indicators[0].unit_per = 100000;
    m.observations[1].period_text = "Q1 2016/17";
    m.expectations = {expect("a", "2015/16 - 19/20", ExpectationKind::target, "12", 12)};
    m.links = {{"indicator_of", "a", "o", "primary", "©", {"f.xlsx", "S", "A1"}}};
    const std::string json = model_to_json(m);
    ModelReadResult r = model_from_json(json);
    ASSERT_TRUE(r) << r.error.text();
    EXPECT_EQ(model_to_json(*r.model), json);
    EXPECT_EQ(r.model->observations[1].period, m.observations[1].period);
    EXPECT_EQ(r.model->expectations[0].period, m.expectations[0].period);
}

TEST(StatusModelReader, ErrorsSayWhatToDo) {
    ModelReadResult r = model_from_json("{not json", "x.json");
    EXPECT_FALSE(r);
    EXPECT_NE(r.error.text().find("x.json: not valid JSON; give a model.json"), std::string::npos);
    EXPECT_EQ(r.error.code, ErrorCode::model_unreadable);
    EXPECT_EQ(r.error.file, "x.json");
    r = model_from_json(R"({"indicators": [{"id": "a", "polarity": "sideways"}]})", "y.json");
    EXPECT_FALSE(r);
    EXPECT_NE(r.error.text().find("unknown polarity 'sideways'"), std::string::npos);
    EXPECT_FALSE(read_model_file("/nonexistent/model.json"));
}

// ---- Recent trend: which series get one (issue 12 §1; docs/status-methods.md) ---------------

namespace {

// Fingertips' data set 1 (TrendMarkerCalculatorTest.cs, fingertips-open at 678089724a51): counts
// and denominators, values per 1,000, published 95% limits; 2014 first.
std::vector<Observation> fingertips_set1(bool with_limits) {
    const double k[] = {994, 1023, 1199, 1332, 1367};
    const double n[] = {40299, 41527, 42811, 44064, 44701};
    const double v[] = {24.67, 24.6, 28, 30.2, 30.6};
    const double lo[] = {23.16, 23.15, 26.44, 28.63, 28.98};
    const double hi[] = {26.25, 26.19, 29.64, 31.9, 32.25};
    std::vector<Observation> list;
    for (int i = 0; i < 5; ++i) {
        Observation o = obs("p", std::to_string(2014 + i), v[i]);
        o.count = k[i];
        o.denominator = n[i];
        if (with_limits) {
            o.lower_ci = lo[i];
            o.upper_ci = hi[i];
        }
        list.push_back(o);
    }
    return list;
}

}  // namespace

TEST(IndicatorStatusTrend, ProportionsUseTheChiSquaredTestForTrend) {
    const auto& s = status_of(compute_statuses(one(make_indicator("p", Polarity::lower_is_better),
                                                   fingertips_set1(true))),
                              "p");
    EXPECT_EQ(s.trend, stats::Trend::increasing);
    EXPECT_EQ(s.trend_label, "Increasing and getting worse");
    // 47.9 is the chi-square Fingertips' own test asserts for these counts.
    EXPECT_NE(
        s.trend_explanation.find("chi-squared test for trend on counts and denominators 47.9"),
        std::string::npos)
        << s.trend_explanation;
}

TEST(IndicatorStatusTrend, LatestMissingCannotBeCalculated) {
    auto list = fingertips_set1(true);
    list.push_back(obs("p", "2019", std::nullopt));
    const auto& s =
        status_of(compute_statuses(one(make_indicator("p", Polarity::lower_is_better), list)), "p");
    EXPECT_EQ(s.trend, stats::Trend::not_enough_data);
    EXPECT_EQ(s.trend_label, "Cannot be calculated");
    EXPECT_NE(s.trend_explanation.find("the latest period 2019 has no value"), std::string::npos)
        << s.trend_explanation;
}

TEST(IndicatorStatusTrend, CountsGetNoTrend) {
    std::vector<Observation> list;
    for (int i = 0; i < 5; ++i) {
        Observation o = obs("c", std::to_string(2014 + i), 100.0 + 20 * i);
        o.count = 100.0 + 20 * i;
        list.push_back(o);
    }
    const auto& s = status_of(
        compute_statuses(one(make_indicator("c", Polarity::higher_is_better, Unit::count), list)),
        "c");
    EXPECT_EQ(s.trend, stats::Trend::not_enough_data);
    EXPECT_NE(s.trend_explanation.find("not calculated for counts"), std::string::npos)
        << s.trend_explanation;
}

TEST(IndicatorStatusTrend, CountEqualToDenominatorCannotBeCalculated) {
    auto list = fingertips_set1(false);
    list[2].count = list[2].denominator;
    list[2].value = 1000.0;
    const auto& s = status_of(compute_statuses(one(make_indicator("p"), list)), "p");
    EXPECT_EQ(s.trend, stats::Trend::not_enough_data);
    EXPECT_NE(s.trend_explanation.find("a count equals its denominator"), std::string::npos)
        << s.trend_explanation;
}

TEST(IndicatorStatusTrend, PublishedAndCountDerivedLimitsAreNotMixed) {
    // Rates (no denominator relation): two years with published limits, three with counts only.
    std::vector<Observation> list;
    for (int i = 0; i < 5; ++i) {
        Observation o = obs("r", std::to_string(2014 + i), 50.0 + i);
        o.count = 50.0 + i;
        if (i < 2) {
            o.lower_ci = 45.0 + i;
            o.upper_ci = 55.0 + i;
        }
        list.push_back(o);
    }
    const auto& s = status_of(
        compute_statuses(one(make_indicator("r", Polarity::higher_is_better, Unit::rate), list)),
        "r");
    EXPECT_EQ(s.trend, stats::Trend::not_enough_data);
    EXPECT_NE(s.trend_explanation.find("not mixed"), std::string::npos) << s.trend_explanation;
}
