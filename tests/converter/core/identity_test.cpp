// The identity rules reconcile, status and the write planner share (kpimap/identity.hpp).
#include <gtest/gtest.h>

#include "kpimap/identity.hpp"

using namespace kpimap;

TEST(IdentityTest, CodesCompareNormalised) {
    // Case, surrounding space and compatibility forms (full-width digits) do not make two codes.
    EXPECT_EQ(indicator_code_key({"ASCOF ", "1A"}), indicator_code_key({"ascof", "1a"}));
    EXPECT_EQ(indicator_code_key({"PHOF", "\xEF\xBC\x92.01"}), indicator_code_key({"phof", "2.01"}));
    EXPECT_NE(indicator_code_key({"ascof", "1A"}), indicator_code_key({"phof", "1A"}));
    // Scheme and value are kept apart: ("a b", "c") is not ("a", "b c").
    EXPECT_NE(indicator_code_key({"a b", "c"}), indicator_code_key({"a", "b c"}));
}

TEST(IdentityTest, ComparedCodeIsTheKeysTwoParts) {
    // Reconcile groups codes by scheme with these parts; they must be the key's own parts.
    const ComparedCode c = compared_code({" PHOF ", "\xEF\xBC\x92.01A"});
    EXPECT_EQ(c.scheme, "phof");
    EXPECT_EQ(c.value, "2.01a");
    EXPECT_EQ(indicator_code_key({" PHOF ", "\xEF\xBC\x92.01A"}), c.scheme + '\n' + c.value);
}

TEST(IdentityTest, EmptyAndLocalSchemesAreLocal) {
    EXPECT_TRUE(is_local_code({"", "7"}));
    EXPECT_TRUE(is_local_code({" Local ", "7"}));
    EXPECT_FALSE(is_local_code({"ascof", "1A"}));
}

TEST(IdentityTest, PeriodKeysFollowTheCanonicalPeriod) {
    EXPECT_EQ(period_key(*parse_period("2013/14")), period_key(*parse_period("13/14")));
    EXPECT_NE(period_key(*parse_period("2013/14")), period_key(*parse_period("2013")));
    EXPECT_NE(period_key(*parse_period("2012-14")), period_key(*parse_period("2013/14")));
}

TEST(IdentityTest, UnknownDecimalsTakeTheOtherValues) {
    // 92.4 with unknown decimals against 92 shown at 0 dp: equal at 0 dp (status once said no).
    EXPECT_TRUE(agree_within_precision(92.4, -1, 92, 0));
    EXPECT_TRUE(agree_within_precision(92, 0, 92.4, -1));
    EXPECT_FALSE(agree_within_precision(92.6, -1, 92, 0));
    // Both unknown: exact.
    EXPECT_FALSE(agree_within_precision(92.4, -1, 92, -1));
    EXPECT_TRUE(agree_within_precision(0.1 + 0.2, -1, 0.3, -1));
    // A half rounds either way.
    EXPECT_TRUE(agree_within_precision(92.5, 1, 93, 0));
    EXPECT_TRUE(agree_within_precision(92.5, 1, 92, 0));
}
