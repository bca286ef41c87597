// <records> in a mapping file -> RecordsRule: its attributes and <field>s, their defaults, and
// each refusal at its line (docs/mapping-reference.md, "<records>"). Field roles are about to
// become an enum, so they are checked through what loading accepts and refuses.
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

std::string mapping(const std::string& records) {
    return "<mapping id=\"m\" version=\"1\">\n" + records + "\n</mapping>";
}

}  // namespace

TEST(RecordsParseTest, DefaultsAndFieldsAreRead) {
    const Mapping m = mapping_of(mapping(R"(<records header="IndicatorID">
  <field header="IndicatorID" role="indicator.code"/>
  <field header="Period" role="period"/>
  <field header="Value" role="value" empty-value="-1"/>
  <field header="AgeID" role="breakdown" dimension="age" category-as="code"/>
  <field header="Area" role="constant" value="E08000034"/>
  <field header="Blank" role="constant"/>
</records>)"));
    ASSERT_EQ(m.records.size(), 1u);
    const RecordsRule& r = m.records[0];
    EXPECT_EQ(r.line, 2);
    EXPECT_EQ(r.sheet, "*");
    EXPECT_EQ(r.header, "IndicatorID");
    EXPECT_EQ(r.search_rows, 30);
    EXPECT_FALSE(r.replace_existing);
    EXPECT_FALSE(r.financial_years);
    EXPECT_TRUE(r.period.empty());
    ASSERT_EQ(r.fields.size(), 6u);
    EXPECT_EQ(r.fields[0].scheme, "local");  // the default scheme of a code
    EXPECT_EQ(r.fields[0].line, 3);
    EXPECT_EQ(r.fields[2].empty_value, "-1");
    EXPECT_EQ(r.fields[3].dimension, "age");
    EXPECT_TRUE(r.fields[3].category_as_code);
    EXPECT_TRUE(r.fields[4].has_value);
    EXPECT_EQ(r.fields[4].value, "E08000034");
    // A constant without value= is one --set must fill: told apart from value="".
    EXPECT_FALSE(r.fields[5].has_value);
}

TEST(RecordsParseTest, TableAttributesAreRead) {
    const Mapping m =
        mapping_of(mapping(R"(<records id="pholio" sheet="^PHOLIO$" header="IndicatorID"
    search-rows="5" existing="replace" year-type="financial">
  <field header="IndicatorID" role="indicator.code" scheme="fingertips"/>
  <field header="Year" role="period.year"/>
  <field header="YearRange" role="period.year-range"/>
  <field header="Value" role="value"/>
</records>
<records header="Code" period="2021/22">
  <field header="Code" role="indicator.title"/>
  <field header="Value" role="value"/>
</records>)"));
    ASSERT_EQ(m.records.size(), 2u);
    EXPECT_EQ(m.records[0].id, "pholio");
    EXPECT_EQ(m.records[0].sheet, "^PHOLIO$");
    EXPECT_EQ(m.records[0].search_rows, 5);
    EXPECT_TRUE(m.records[0].replace_existing);
    EXPECT_TRUE(m.records[0].financial_years);
    EXPECT_EQ(m.records[0].fields[0].scheme, "fingertips");
    EXPECT_EQ(m.records[1].period, "2021/22");
}

TEST(RecordsParseTest, TableRefusalsAreReportedAtTheRecordsLine) {
    auto errors = load_errors(mapping(R"(<records existing="merge" year-type="fiscal">
  <field header="Notes" role="ignore"/>
</records>)"));
    EXPECT_TRUE(has_error(errors, 2, "<records> needs header")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "existing=\"merge\" is not known")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "year-type=\"fiscal\" is not known")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "needs a <field role=\"indicator.code\">"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "needs a <field role=\"value\">")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "needs either a <field role=\"period\">")) << all_text(errors);

    errors = load_errors(mapping(R"(<records header="Code" period="someday">
  <field header="Code" role="indicator.code"/>
  <field header="Value" role="value"/>
</records>
<records header="Code" period="2021/22">
  <field header="Code" role="indicator.code"/>
  <field header="Period" role="period"/>
  <field header="Value" role="value"/>
</records>
<records header="Code">
  <field header="Code" role="indicator.code"/>
  <field header="Year" role="period.year"/>
  <field header="Value" role="value"/>
</records>)"));
    EXPECT_TRUE(has_error(errors, 2, "period=\"someday\" is no period")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "period=\"...\" is for a <records> table without period"))
        << all_text(errors);
    EXPECT_TRUE(
        has_error(errors, 11, "role=\"period.year\" needs a <field role=\"period.year-range\">"))
        << all_text(errors);
}

TEST(RecordsParseTest, FieldRefusalsAreReportedAtTheFieldLine) {
    const auto errors = load_errors(mapping(R"(<records header="Code">
  <field header="Code" role="indicator.code"/>
  <field header="Period" role="period"/>
  <field header="Value" role="value"/>
  <field header="Value 2" role="value"/>
  <field header="code" role="ignore"/>
  <field header="Kind" role="colour"/>
  <field header="Count" role="count" value="0" scheme="x"/>
  <field header="Sex" role="breakdown"/>
  <field header="Age" role="breakdown" dimension="age" category-as="label"/>
  <field header="AgeID" role="breakdown" dimension="Age"/>
  <field header="Area" role="constant" dimension="area"/>
  <field role="ignore"/>
  <column header="X"/>
</records>)"));
    EXPECT_TRUE(has_error(errors, 6, "role=\"value\" is given to two <field>s"))
        << all_text(errors);
    // Headers are compared as headers are: case aside.
    EXPECT_TRUE(has_error(errors, 7, "header=\"code\" is given to two <field>s"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 8, "role=\"colour\" is not known")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 9, "value=\"...\" belongs on role=\"constant\" fields only"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 9, "scheme=\"...\" belongs on the role=\"indicator.code\""))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 10, "role=\"breakdown\" needs dimension")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 11, "category-as=\"label\" is not known")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 12, "dimension=\"Age\" is given to two <field>s"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 13, "belong on role=\"breakdown\" fields only"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 14, "<field> needs header")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 15, "<column> is not allowed inside <records>"))
        << all_text(errors);
}
