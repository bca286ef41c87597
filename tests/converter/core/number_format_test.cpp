#include <gtest/gtest.h>

#include "core/number_format.hpp"

using namespace kpimap::detail;

TEST(NumberFormatTest, RecognisesDates) {
    EXPECT_TRUE(is_date_format("dd/mm/yyyy"));
    EXPECT_TRUE(is_date_format("[h]:mm:ss"));
    EXPECT_TRUE(is_date_format("[$-809]dd mmmm yyyy"));
    EXPECT_TRUE(is_date_format("mmm-yy"));
    EXPECT_FALSE(is_date_format("General"));
    EXPECT_FALSE(is_date_format("0.0%"));
    EXPECT_FALSE(is_date_format("#,##0;[Red]-#,##0"));
    EXPECT_FALSE(is_date_format("0.00\" days\""));
    EXPECT_FALSE(is_date_format("0.00E+00"));
    EXPECT_FALSE(is_date_format("@"));
}

TEST(NumberFormatTest, BuiltinTable) {
    EXPECT_EQ(builtin_number_format(0), "General");
    EXPECT_EQ(builtin_number_format(10), "0.00%");
    EXPECT_EQ(builtin_number_format(14), "mm-dd-yy");
    EXPECT_EQ(builtin_number_format(49), "@");
    EXPECT_EQ(builtin_number_format(200), "");
    EXPECT_TRUE(is_builtin_date_id(14));
    EXPECT_TRUE(is_builtin_date_id(46));
    EXPECT_FALSE(is_builtin_date_id(10));
}
