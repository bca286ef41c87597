// <series-blocks> in a mapping file -> SeriesRule: its attributes, the <outcome> and
// <judgement> children, defaults, and each refusal at its line (docs/mapping-reference.md,
// "<series-blocks>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

std::string mapping(const std::string& series) {
    return "<mapping id=\"m\" version=\"1\">\n" + series + "\n</mapping>";
}

}  // namespace

TEST(SeriesParseTest, DefaultsOfAMinimalRule) {
    const Mapping m = mapping_of(mapping("<series-blocks/>"));
    ASSERT_EQ(m.series.size(), 1u);
    const SeriesRule& s = m.series[0];
    EXPECT_EQ(s.line, 2);
    EXPECT_EQ(s.sheet, "*");
    EXPECT_EQ(s.period_label, "Year");
    EXPECT_EQ(s.value_labels, std::vector<std::string>{"Value"});
    EXPECT_TRUE(s.outcome_cell.empty());
    EXPECT_EQ(s.outcome_level, "outcome");
    EXPECT_TRUE(s.judgement_pattern.empty());
}

TEST(SeriesParseTest, AttributesAndChildrenAreRead) {
    const Mapping m = mapping_of(mapping(R"(<series-blocks id="blocks" sheet="^Outcome \d+$"
    period-label="Period" value-labels="Value||Attended|Completed">
  <outcome cell="A1" level="theme" code-pattern="^(\d+):\s*" summary-cell="A2"/>
  <judgement pattern="\s*([✔✘])\s*$"/>
</series-blocks>)"));
    ASSERT_EQ(m.series.size(), 1u);
    const SeriesRule& s = m.series[0];
    EXPECT_EQ(s.id, "blocks");
    EXPECT_EQ(s.sheet, "^Outcome \\d+$");
    EXPECT_EQ(s.period_label, "Period");
    // Empty labels between bars are dropped.
    EXPECT_EQ(s.value_labels, (std::vector<std::string>{"Value", "Attended", "Completed"}));
    EXPECT_EQ(s.outcome_cell, "A1");
    EXPECT_EQ(s.outcome_level, "theme");
    EXPECT_EQ(s.outcome_code_pattern, "^(\\d+):\\s*");
    EXPECT_EQ(s.summary_cell, "A2");
    EXPECT_EQ(s.judgement_pattern, "\\s*([✔✘])\\s*$");
}

TEST(SeriesParseTest, RefusalsAreReportedAtTheirLine) {
    const auto errors = load_errors(mapping(R"(<series-blocks sheet="[" period-labels="Year">
  <outcome cell="first" summary-cell="A0" code-pattern="(\d"/>
  <judgement pattern="("/>
  <title cell="A1"/>
</series-blocks>)"));
    EXPECT_TRUE(has_error(errors, 2, "not a valid regular expression")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "did you mean 'period-label'?")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 3, "cell=\"first\" is not a cell address")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 3, "summary-cell=\"A0\" is not a cell address"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 3, "'(\\d' is not a valid regular expression"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 4, "not a valid regular expression")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "<title> is not allowed inside <series-blocks>"))
        << all_text(errors);
}
