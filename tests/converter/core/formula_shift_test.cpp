#include <gtest/gtest.h>

#include "core/formula_shift.hpp"

using kpimap::detail::shift_formula;

TEST(FormulaShiftTest, MovesRelativeReferencesOnly) {
    EXPECT_EQ(shift_formula("A1+B2", 1, 0), "A2+B3");
    EXPECT_EQ(shift_formula("$A1+B$2+$C$3", 2, 1), "$A3+C$2+$C$3");
    EXPECT_EQ(shift_formula("SUM(A1:A10)", 0, 2), "SUM(C1:C10)");
    EXPECT_EQ(shift_formula("Sheet2!B4*2", 3, 0), "Sheet2!B7*2");
    EXPECT_EQ(shift_formula("'My Sheet'!B4", 1, 1), "'My Sheet'!C5");
}

TEST(FormulaShiftTest, LeavesLiteralsAndFunctionsAlone) {
    EXPECT_EQ(shift_formula("IF(A1=\"B2\",LOG10(A1),1.5E3)", 1, 0),
              "IF(A2=\"B2\",LOG10(A2),1.5E3)");
    EXPECT_EQ(shift_formula("Table1[[#This Row],[A1]]", 1, 1), "Table1[[#This Row],[A1]]");
}

TEST(FormulaShiftTest, WholeRowsAndColumns) {
    EXPECT_EQ(shift_formula("SUM(1:3)", 2, 0), "SUM(3:5)");
    EXPECT_EQ(shift_formula("SUM(A:B)", 0, 1), "SUM(B:C)");
    EXPECT_EQ(shift_formula("SUM($A:B)", 0, 1), "SUM($A:C)");
}

TEST(FormulaShiftTest, OffSheetBecomesRef) {
    EXPECT_EQ(shift_formula("A1", -1, 0), "#REF!");
    EXPECT_EQ(shift_formula("XFD1", 0, 1), "#REF!");
}
