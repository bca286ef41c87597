// The recent trend against the published Fingertips reference series. Source (figures only):
// ukhsa-collaboration/fingertips-open, PholioVisualisationWS/AnalysisTest/
// TrendMarkerCalculatorTest.cs at commit 678089724a516138232d273c4c7f511ed3c5a338. That test
// asserts chi-square 46.77 (weighted regression, se = (U - L) / 3.92) and 47.9 (chi-squared test
// for trend, comparator method "SPC for proportions") for data set 1, no significant trend for
// data set 2, and "cannot be calculated" for a series in which a count equals its denominator.
// The other expected figures were computed by hand (plain Python, formulas written out).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kpimap/stats.hpp"

using namespace kpimap::stats;

namespace {

struct Row {
    double count, denominator, value, lower, upper;
};

// Data set 1, oldest (2014) first.
const std::vector<Row> kSet1 = {{994, 40299, 24.67, 23.16, 26.25},
                                {1023, 41527, 24.6, 23.15, 26.19},
                                {1199, 42811, 28, 26.44, 29.64},
                                {1332, 44064, 30.2, 28.63, 31.9},
                                {1367, 44701, 30.6, 28.98, 32.25}};
// Data set 2, oldest (2014) first.
const std::vector<Row> kSet2 = {{209, 1017, 20.5506, 18.1803, 23.1427},
                                {213, 1087, 19.5952, 17.3444, 22.0602},
                                {213, 1119, 19.0349, 16.8421, 21.4394},
                                {239, 1117, 21.3966, 19.0918, 23.8975},
                                {210, 1139, 18.4372, 16.2925, 20.7941}};

std::vector<TrendPoint> points(const std::vector<Row>& rows) {
    std::vector<TrendPoint> out;
    for (const Row& r : rows) out.push_back({r.value, r.lower, r.upper});
    return out;
}

std::vector<ProportionCount> counts(const std::vector<Row>& rows) {
    std::vector<ProportionCount> out;
    for (const Row& r : rows) out.push_back({r.count, r.denominator});
    return out;
}

double round2(double x) {
    return std::round(x * 100.0) / 100.0;
}

}  // namespace

TEST(TrendReference, WeightedRegressionSet1MatchesFingertips4677) {
    // Fingertips divides the interval width by 3.92 (z = 1.96); so does kpimap by default.
    const TrendResult r = recent_trend(points(kSet1));
    EXPECT_EQ(round2(r.full.chi_square), 46.77);
    EXPECT_NEAR(r.full.chi_square, 46.765316, 1e-6);
    EXPECT_NEAR(r.full.slope, 1.751566, 1e-6);
    EXPECT_EQ(r.trend, Trend::increasing);
    ASSERT_EQ(r.leave_one_out.size(), 5u);
    EXPECT_NEAR(r.leave_one_out[0], 2.048019, 1e-6);
    EXPECT_NEAR(r.leave_one_out[1], 1.569783, 1e-6);
    // The exact quantile z = 1.959964 (width / 3.919928) gives 46.763597, which rounds to 46.76:
    // why the default is 1.96.
    TrendOptions exact;
    exact.ci_z = z95;
    const TrendResult d = recent_trend(points(kSet1), exact);
    EXPECT_NEAR(d.full.chi_square, 46.763597, 1e-6);
    EXPECT_EQ(round2(d.full.chi_square), 46.76);
    EXPECT_EQ(d.trend, Trend::increasing);
}

TEST(TrendReference, WeightedRegressionSet2IsNotSignificant) {
    const TrendResult r = recent_trend(points(kSet2));
    EXPECT_NEAR(r.full.chi_square, 0.464243, 1e-6);  // published: 0.464
    EXPECT_FALSE(r.significant);
    EXPECT_EQ(r.trend, Trend::no_significant_change);
}

TEST(TrendReference, ChiSquaredTestForTrendSet1MatchesFingertips479) {
    const TrendResult r = proportion_trend(counts(kSet1));
    EXPECT_EQ(std::round(r.full.chi_square * 10) / 10, 47.9);
    EXPECT_NEAR(r.full.chi_square, 47.896677, 1e-5);
    EXPECT_NEAR(r.full.slope, 0.0652496, 1e-6);  // log-odds per year
    ASSERT_EQ(r.leave_one_out.size(), 5u);
    EXPECT_NEAR(r.leave_one_out[0], 0.0745661, 1e-6);
    EXPECT_NEAR(r.leave_one_out[4], 0.0759071, 1e-6);
    EXPECT_TRUE(r.significant);
    EXPECT_TRUE(r.consistent);
    EXPECT_EQ(r.trend, Trend::increasing);
}

TEST(TrendReference, ChiSquaredTestForTrendSet2IsNotSignificant) {
    const TrendResult r = proportion_trend(counts(kSet2));
    EXPECT_NEAR(r.full.chi_square, 0.400264, 1e-5);
    // The last leave-one-out slope is positive while the full slope is negative.
    ASSERT_EQ(r.leave_one_out.size(), 5u);
    EXPECT_LT(r.full.slope, 0);
    EXPECT_GT(r.leave_one_out[4], 0);
    EXPECT_FALSE(r.consistent);
    EXPECT_EQ(r.trend, Trend::no_significant_change);
}

TEST(TrendReference, CountEqualToDenominatorCannotBeCalculated) {
    // GetTrendDataForProportion_Set2: 5/5, 3/5, 1/5, 1/4, 2/4 -> "cannot be calculated".
    const TrendResult r = proportion_trend({{5, 5}, {3, 5}, {1, 5}, {1, 4}, {2, 4}});
    EXPECT_EQ(r.trend, Trend::not_enough_data);
    EXPECT_EQ(r.full.chi_square, 0.0);
}

TEST(TrendReference, ProportionTrendEdgeCases) {
    EXPECT_EQ(proportion_trend({{1, 10}, {2, 10}, {3, 10}, {4, 10}}).trend,
              Trend::not_enough_data);  // four points
    EXPECT_EQ(proportion_trend({{0, 10}, {2, 10}, {3, 10}, {4, 10}, {5, 10}}).trend,
              Trend::not_enough_data);  // a zero count: log-odds -infinity
    EXPECT_EQ(proportion_trend({{1, 10}, {2, 10}, {NAN, 10}, {4, 10}, {5, 10}}).trend,
              Trend::not_enough_data);
    // A clear fall: 50, 40, 30, 20, 10 in 100 each.
    const TrendResult fall =
        proportion_trend({{50, 100}, {40, 100}, {30, 100}, {20, 100}, {10, 100}});
    EXPECT_EQ(fall.trend, Trend::decreasing);
    EXPECT_NEAR(fall.full.chi_square, 47.619048, 1e-5);  // 1000/21
}
