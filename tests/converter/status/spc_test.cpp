// XmR charts and the Making Data Count rules. The rule expectations are ported from the
// NHSRplotthedots tests (nhs-r-community/NHSRplotthedots):
// - tests/testthat/test-ptd_calculate_point_type.R at 0b49a46faa87622267a3792ae3a90156090c8add
//   (seven points on one side of the mean, seven-point trends, two in three);
// - tests/testthat/test-ptd_calculate_assurance_type.R at 47af41fdbf71eb2edc7aa06e614fd78be1622984;
// - tests/testthat/test-ptd_spc_standard.R at 2ec4e36851c074e231445e94db78e8cd24e6352b (two
//   points close to the limits on opposite sides of the mean are common cause).
// The package flags the whole pattern; its unit tests show the flags before that, so the
// expectations below are the whole-pattern flags the package's ptd_special_cause_flag() gives.
// Limits are computed by hand (mean, mean moving range x 2.66).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kpimap/spc.hpp"

using namespace kpimap::spc;

namespace {
std::vector<bool> b(std::initializer_list<int> v) {
    std::vector<bool> out;
    for (int x : v) out.push_back(x != 0);
    return out;
}
}  // namespace

TEST(SpcRules, ShiftNeedsSevenOnOneSide) {
    EXPECT_EQ(shift_flags({}, 7), b({}));
    EXPECT_EQ(shift_flags({1, 1, 1, 1, 1, 1}, 7), b({0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(shift_flags({1, 1, 1, 1, 1, 1, -1}, 7), b({0, 0, 0, 0, 0, 0, 0}));
    // c(rep(1, 8), -1): the package flags points 7 and 8, then marks the run back to point 1.
    EXPECT_EQ(shift_flags({1, 1, 1, 1, 1, 1, 1, 1, -1}, 7), b({1, 1, 1, 1, 1, 1, 1, 1, 0}));
    EXPECT_EQ(shift_flags({-1, -1, -1, -1, -1, -1, -1, -1, 1}, 7), b({1, 1, 1, 1, 1, 1, 1, 1, 0}));
    EXPECT_EQ(shift_flags({-1, 1, 1, 1, 1, 1, 1, 1, 1, -1}, 7), b({0, 1, 1, 1, 1, 1, 1, 1, 1, 0}));
    // A point on the mean breaks the run.
    EXPECT_EQ(shift_flags({1, 1, 1, 0, 1, 1, 1, 1}, 7), b({0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(SpcRules, TrendNeedsSevenStrictlyMonotonePoints) {
    EXPECT_EQ(trend_flags({}, 7), b({}));
    EXPECT_EQ(trend_flags({1, 2, 3, 4, 5, 6}, 7), b({0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(trend_flags({1, 2, 3, 3, 4, 5, 6}, 7), b({0, 0, 0, 0, 0, 0, 0}));  // a tie
    EXPECT_EQ(trend_flags({1, 2, 3, 4, 5, 6, 7}, 7), b({1, 1, 1, 1, 1, 1, 1}));
    EXPECT_EQ(trend_flags({2, 1, 2, 3, 4, 5, 6, 7, 3}, 7), b({0, 1, 1, 1, 1, 1, 1, 1, 0}));
    EXPECT_EQ(trend_flags({7, 6, 5, 4, 3, 2, 1}, 7), b({1, 1, 1, 1, 1, 1, 1}));
    EXPECT_EQ(trend_flags({2, 7, 6, 5, 4, 3, 2, 1, 3}, 7), b({0, 1, 1, 1, 1, 1, 1, 1, 0}));
}

TEST(SpcRules, TwoInThreeOnTheSameSide) {
    EXPECT_EQ(two_in_three_flags({}, {}), b({}));
    EXPECT_EQ(two_in_three_flags(b({0, 0, 0}), {1, 1, 1}), b({0, 0, 0}));
    EXPECT_EQ(two_in_three_flags(b({1, 0, 1}), {1, 1, 1}), b({1, 0, 1}));
    EXPECT_EQ(two_in_three_flags(b({0, 1, 1}), {1, 1, 1}), b({0, 1, 1}));
    EXPECT_EQ(two_in_three_flags(b({1, 1, 0}), {-1, -1, -1}), b({1, 1, 0}));
    EXPECT_EQ(two_in_three_flags(b({0, 0, 1, 0, 1, 0, 0}), {1, 1, 1, 1, 1, 1, 1}),
              b({0, 0, 1, 0, 1, 0, 0}));
    EXPECT_EQ(two_in_three_flags(b({1, 0, 0, 1}), {1, 1, 1, 1}), b({0, 0, 0, 0}));
    EXPECT_EQ(two_in_three_flags(b({1, 0, 0, 1, 1}), {1, 1, 1, 1, 1}), b({0, 0, 0, 1, 1}));
    // Opposite sides of the mean: not a signal.
    EXPECT_EQ(two_in_three_flags(b({0, 1, 1}), {1, 1, -1}), b({0, 0, 0}));
}

TEST(SpcAssurance, MatchesThePackageTable) {
    // lpl, upl = (1, 3), (5, 7), (1, 5) against target 4.
    EXPECT_EQ(assurance_of(1, 3, 4, Improvement::increase), Assurance::consistent_fail);
    EXPECT_EQ(assurance_of(5, 7, 4, Improvement::increase), Assurance::consistent_pass);
    EXPECT_EQ(assurance_of(1, 5, 4, Improvement::increase), Assurance::inconsistent);
    EXPECT_EQ(assurance_of(1, 3, 4, Improvement::decrease), Assurance::consistent_pass);
    EXPECT_EQ(assurance_of(5, 7, 4, Improvement::decrease), Assurance::consistent_fail);
    EXPECT_EQ(assurance_of(1, 5, 4, Improvement::decrease), Assurance::inconsistent);
    EXPECT_EQ(assurance_of(1, 3, 4, Improvement::neutral), Assurance::not_assessed);
}

TEST(SpcChart, OppositeSidesCloseToLimitsAreCommonCause) {
    // rep(c(1, -1), 8) with points 15 and 16 set to 5.5 and -5.5.
    std::vector<double> v;
    for (int i = 0; i < 8; ++i) {
        v.push_back(1);
        v.push_back(-1);
    }
    v[14] = 5.5;
    v[15] = -5.5;
    const Chart c = xmr(v, Improvement::increase);
    ASSERT_TRUE(c.computed);
    // mean 0; moving ranges 2 x 13, 6.5, 11 -> mean 2.9; 11 >= 3.267 x 2.9 is screened out,
    // leaving mean 32.5 / 14 = 2.321429; limits +/- 6.175, close beyond +/- 4.116667.
    EXPECT_NEAR(c.points[0].mean, 0.0, 1e-12);
    EXPECT_NEAR(c.points[0].upl, 2.66 * 32.5 / 14.0, 1e-12);
    EXPECT_TRUE(c.points[14].close_to_limits);
    EXPECT_TRUE(c.points[15].close_to_limits);
    EXPECT_EQ(c.points[14].type, PointType::common_cause);
    EXPECT_EQ(c.points[15].type, PointType::common_cause);
    EXPECT_EQ(c.variation, PointType::common_cause);
}

TEST(SpcChart, LimitsShiftAndVerdicts) {
    // 12 points around 10 then 8 points around 14: limits from all 20, a shift above the mean
    // at the end; with improvement = increase that is special cause improvement.
    std::vector<double> v = {10, 11, 9,  10, 11, 9,  10, 11, 9,  10,
                             11, 9,  14, 15, 13, 14, 15, 13, 14, 15};
    const Chart up = xmr(v, Improvement::increase, 12.0);
    ASSERT_TRUE(up.computed);
    double sum = 0;
    for (double x : v) sum += x;
    EXPECT_NEAR(up.points[0].mean, sum / 20, 1e-12);
    EXPECT_NEAR(up.points[0].lpl, 11.65 - 2.66 * 4.0 / 3.0, 1e-12);  // 8.103333
    EXPECT_NEAR(up.points[0].upl, 11.65 + 2.66 * 4.0 / 3.0, 1e-12);  // 15.196667
    EXPECT_EQ(up.variation, PointType::special_cause_improvement);
    EXPECT_EQ(up.assurance, Assurance::inconsistent);
    EXPECT_EQ(xmr(v, Improvement::decrease).variation, PointType::special_cause_concern);
    EXPECT_EQ(xmr(v, Improvement::neutral).variation, PointType::special_cause_neutral_high);
    // Rebasing at point 13 gives the last 8 points their own mean: common cause again, and their
    // own limits (10.705 to 17.545) pass a target of 10, which the unrebased limits (8.103 to
    // 15.197) only hit and miss.
    EXPECT_EQ(xmr(v, Improvement::increase, 10.0).assurance, Assurance::inconsistent);
    Options rebased;
    rebased.rebase_at = {12};
    const Chart r = xmr(v, Improvement::increase, 10.0, rebased);
    EXPECT_NEAR(r.points[19].lpl, 14.125 - 2.66 * 9.0 / 7.0, 1e-12);
    EXPECT_EQ(r.points[12].group, 1u);
    EXPECT_NEAR(r.points[19].mean, (14 + 15 + 13 + 14 + 15 + 13 + 14 + 15) / 8.0, 1e-12);
    EXPECT_EQ(r.variation, PointType::common_cause);
    EXPECT_EQ(r.assurance, Assurance::consistent_pass);
}

TEST(SpcChart, TooFewPointsOrBadValues) {
    EXPECT_FALSE(xmr({1, 2, 3}, Improvement::increase).computed);
    std::vector<double> v(12, 1.0);
    v[3] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_FALSE(xmr(v, Improvement::increase).computed);
}

// NHSRplotthedots' summary snapshots (tests/testthat/_snaps/ptd_spc.md @174380d, from
// tests/testthat/test-ptd_spc.R "it outputs expected content"): y = rnorm(20) after
// set.seed(123), improvement "increase", outliers screened. The twenty values are R's, printed
// to 8 decimals; the snapshot prints mean, lpl and upl to 3 significant figures and every point
// as common cause. Faceted by rep(c(0, 1), each = 10), each half gets its own limits.
TEST(SpcParity, NhsrPlotTheDotsSummarySnapshots) {
    const std::vector<double> y = {-0.56047565, -0.23017749, 1.55870831,  0.07050839,  0.12928774,
                                   1.71506499,  0.46091621,  -1.26506123, -0.68685285, -0.44566197,
                                   1.22408180,  0.35981383,  0.40077145,  0.11068272,  -0.55584113,
                                   1.78691314,  0.49785048,  -1.96661716, 0.70135590,  -0.47279141};
    auto three = [](double x) {  // R's print: 3 significant figures
        if (x == 0) return 0.0;
        const double scale = std::pow(10.0, 2 - std::floor(std::log10(std::fabs(x))));
        return std::round(x * scale) / scale;
    };
    Options all_points;
    all_points.min_points = 10;
    auto check = [&](const std::vector<double>& v, double mean, double lpl, double upl) {
        const Chart c = xmr(v, Improvement::increase, std::nullopt, all_points);
        ASSERT_TRUE(c.computed);
        EXPECT_DOUBLE_EQ(three(c.points[0].mean), mean);
        EXPECT_DOUBLE_EQ(three(c.points[0].lpl), lpl);
        EXPECT_DOUBLE_EQ(three(c.points[0].upl), upl);
        for (const Point& p : c.points) EXPECT_EQ(p.type, PointType::common_cause);
        EXPECT_EQ(c.variation, PointType::common_cause);
    };
    check(y, 0.142, -3.01, 3.29);
    check({y.begin(), y.begin() + 10}, 0.0746, -2.60, 2.75);
    check({y.begin() + 10, y.end()}, 0.209, -3.28, 3.70);
    // The snapshot with target 0.5 prints the same limits; -3.01 < 0.5 < 3.29: hit and miss.
    EXPECT_EQ(xmr(y, Improvement::increase, 0.5).assurance, Assurance::inconsistent);
}
