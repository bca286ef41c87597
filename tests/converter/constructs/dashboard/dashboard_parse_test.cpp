// <dashboard> in a mapping file -> DashboardRule: its children (theme, priorities, indicators,
// commitments, actions, references), their defaults, and each refusal at its line
// (docs/mapping-reference.md, "<dashboard>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

std::string mapping(const std::string& dashboard) {
    return "<mapping id=\"m\" version=\"1\">\n" + dashboard + "\n</mapping>";
}

}  // namespace

TEST(DashboardParseTest, DefaultsOfARuleWithIndicatorsOnly) {
    const Mapping m = mapping_of(mapping(R"(<dashboard header="Indicators">
  <indicators header="Indicators"/>
</dashboard>)"));
    ASSERT_EQ(m.dashboards.size(), 1u);
    const DashboardRule& d = m.dashboards[0];
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.sheet, "*");
    EXPECT_EQ(d.search_rows, 10);
    EXPECT_TRUE(d.theme_cell.empty());  // the sheet name is the theme
    EXPECT_EQ(d.theme_level, "theme");
    EXPECT_TRUE(d.priority_header.empty());
    EXPECT_EQ(d.indicator_header, "Indicators");
    EXPECT_EQ(d.indicator_marker, "(?:^|\\s)(\\d{1,2})[.):]\\s+");
    EXPECT_TRUE(d.ref_header.empty());
    EXPECT_EQ(d.commitment_level, "commitment");
    EXPECT_EQ(d.action_level, "action");
    EXPECT_EQ(d.not_after, (std::vector<std::string>{"see", "and", "to", "re", "or", "also"}));
    EXPECT_EQ(d.placeholder_pattern, "^\\s*-{2,}\\s*$");
}

TEST(DashboardParseTest, ChildrenAreRead) {
    const Mapping m =
        mapping_of(mapping(R"(<dashboard id="themes" sheet="^Theme" header="Ref" search-rows="5">
  <theme cell="A1" level="ambition"/>
  <priorities header="Priority" level="goal"/>
  <commitments ref-header="Ref" header="Commitment" success-header-pattern="(?i)^success"
               level="pledge"/>
  <actions header="Actions" level="step"/>
  <references code-pattern="\b[A-Z]\d+" not-after="See Under" cue-pattern="(?i)\bcf\b"/>
</dashboard>)"));
    ASSERT_EQ(m.dashboards.size(), 1u);
    const DashboardRule& d = m.dashboards[0];
    EXPECT_EQ(d.id, "themes");
    EXPECT_EQ(d.sheet, "^Theme");
    EXPECT_EQ(d.search_rows, 5);
    EXPECT_EQ(d.theme_cell, "A1");
    EXPECT_EQ(d.theme_level, "ambition");
    EXPECT_EQ(d.priority_header, "Priority");
    EXPECT_EQ(d.priority_level, "goal");
    EXPECT_TRUE(d.indicator_header.empty());
    EXPECT_EQ(d.ref_header, "Ref");
    EXPECT_EQ(d.commitment_header, "Commitment");
    EXPECT_EQ(d.success_header_pattern, "(?i)^success");
    EXPECT_EQ(d.commitment_level, "pledge");
    EXPECT_EQ(d.action_header, "Actions");
    EXPECT_EQ(d.action_level, "step");
    EXPECT_EQ(d.code_pattern, "\\b[A-Z]\\d+");
    EXPECT_EQ(d.cue_pattern, "(?i)\\bcf\\b");
    // The words are lower-cased, as the text they are compared with is.
    EXPECT_EQ(d.not_after, (std::vector<std::string>{"see", "under"}));
}

TEST(DashboardParseTest, RefusalsAreReportedAtTheirLine) {
    auto errors = load_errors(mapping(R"(<dashboard>
  <theme cell="top" level=""/>
  <priorities/>
  <indicators header="Indicators" marker=""/>
  <references code-pattern="["/>
  <notes/>
</dashboard>)"));
    EXPECT_TRUE(has_error(errors, 2, "<dashboard> needs header")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 3, "cell=\"top\" is not a cell address")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 3, "level=\"\" is empty")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 4, "<priorities> needs header")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "marker=\"\" is empty")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "not a valid regular expression")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 7, "<notes> is not allowed inside <dashboard>"))
        << all_text(errors);

    // Nothing to read, and actions with no commitments to link them to.
    errors = load_errors(mapping(R"(<dashboard header="Theme">
  <theme cell="A1"/>
</dashboard>
<dashboard header="Actions">
  <actions header="Actions"/>
</dashboard>)"));
    EXPECT_TRUE(
        has_error(errors, 2, "needs at least one of <indicators>, <commitments> and <actions>"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "<actions> needs <commitments>")) << all_text(errors);
}
