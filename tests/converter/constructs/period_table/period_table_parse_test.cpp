// <period-table> in a mapping file -> PeriodTableRule: its attributes, defaults, the attached-row
// patterns, and each refusal at its line (docs/mapping-reference.md, "<period-table>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

std::string mapping(const std::string& period_table) {
    return "<mapping id=\"m\" version=\"1\">\n" + period_table + "\n</mapping>";
}

}  // namespace

TEST(PeriodTableParseTest, DefaultsOfAMinimalRule) {
    const Mapping m = mapping_of(mapping("<period-table/>"));
    ASSERT_EQ(m.period_tables.size(), 1u);
    const PeriodTableRule& p = m.period_tables[0];
    EXPECT_EQ(p.line, 2);
    EXPECT_EQ(p.sheet, "*");
    EXPECT_EQ(p.title_column, 1);
    EXPECT_EQ(p.min_periods, 2);
    EXPECT_TRUE(p.header.empty());
    EXPECT_EQ(p.section_level, "section");
    EXPECT_TRUE(p.comparator_pattern.empty());
    EXPECT_TRUE(p.lower_ci_pattern.empty());
    EXPECT_TRUE(p.count_pattern.empty());
    EXPECT_TRUE(p.statuses.empty());
}

TEST(PeriodTableParseTest, AttributesAreRead) {
    const Mapping m = mapping_of(mapping(R"(<period-table id="data" sheet="^Data$" title-column="2"
    min-periods="1" header="Indicator" section-level="domain"
    comparator-pattern="(?i)^England" lower-ci-pattern="^Lower" upper-ci-pattern="^Upper"
    count-pattern="^Count$" denominator-pattern="^Denominator$">
  <status show="rag" header="RAG" column="H"/>
</period-table>)"));
    ASSERT_EQ(m.period_tables.size(), 1u);
    const PeriodTableRule& p = m.period_tables[0];
    EXPECT_EQ(p.id, "data");
    EXPECT_EQ(p.sheet, "^Data$");
    EXPECT_EQ(p.title_column, 2);
    EXPECT_EQ(p.min_periods, 1);
    EXPECT_EQ(p.header, "Indicator");
    EXPECT_EQ(p.section_level, "domain");
    EXPECT_EQ(p.comparator_pattern, "(?i)^England");
    EXPECT_EQ(p.lower_ci_pattern, "^Lower");
    EXPECT_EQ(p.upper_ci_pattern, "^Upper");
    EXPECT_EQ(p.count_pattern, "^Count$");
    EXPECT_EQ(p.denominator_pattern, "^Denominator$");
    ASSERT_EQ(p.statuses.size(), 1u);
    EXPECT_EQ(p.statuses[0].header, "RAG");
    EXPECT_EQ(p.statuses[0].column, "H");
    EXPECT_EQ(p.statuses[0].line, 6);
}

TEST(PeriodTableParseTest, RefusalsAreReportedAtTheirLine) {
    const auto errors = load_errors(mapping(R"(<period-table title-column="0" min-periods="two"
    header=" " comparator-pattern="" lower-ci-pattern="^Lower" count-pattern="(">
  <status show="rag" header="RAG"/>
  <status show="rag" header="RAG"/>
  <column header="A"/>
</period-table>)"));
    EXPECT_TRUE(has_error(errors, 2, "title-column=\"0\" must be a whole number of at least 1"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "min-periods=\"two\" must be a whole number"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "header=\"\" is empty")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "comparator-pattern=\"\" is empty")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "lower-ci-pattern and upper-ci-pattern go together"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "'(' is not a valid regular expression")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "a second <status> with header=\"RAG\"")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "<column> is not allowed inside <period-table>"))
        << all_text(errors);
}
