// <fact> in a mapping file -> FactRule: the two ways of naming the cell, the defaults and the
// type. Each refusal with its line is tested in tests/converter/convert/facts_reader_test.cpp
// (FactRuleLoader); here, what a fact that loads holds (docs/mapping-reference.md, "<fact>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

std::string mapping(const std::string& facts) {
    return "<mapping id=\"m\" version=\"1\">\n<period-table/>\n" + facts + "\n</mapping>";
}

}  // namespace

TEST(FactParseTest, ByCellAndByLabelWithTheirDefaults) {
    const Mapping m = mapping_of(mapping(R"(<fact name="council" cell="$E$3"/>
<fact name="contact" sheet="^Sign Off" label="Contact Name:" column="AB" search-rows="12"
      type="text"/>
<fact name="submitted" label="Date:" type="date"/>
<fact name="staff" cell="B2" type="number"/>)"));
    ASSERT_EQ(m.facts.size(), 4u);
    const FactRule& council = m.facts[0];
    EXPECT_EQ(council.name, "council");
    EXPECT_EQ(council.line, 3);
    EXPECT_EQ(council.sheet, "*");
    ASSERT_TRUE(council.cell.has_value());
    EXPECT_EQ(*council.cell, (CellRef{2, 4}));  // E3, zero-based, the $ signs aside
    EXPECT_TRUE(council.label.empty());
    EXPECT_FALSE(council.column.has_value());
    EXPECT_EQ(council.type, FactRule::Type::any);

    const FactRule& contact = m.facts[1];
    EXPECT_FALSE(contact.cell.has_value());
    EXPECT_EQ(contact.sheet, "^Sign Off");
    EXPECT_EQ(contact.label, "Contact Name:");
    EXPECT_EQ(contact.column, 27u);  // AB
    EXPECT_EQ(contact.search_rows, 12);
    EXPECT_EQ(contact.type, FactRule::Type::text);

    EXPECT_EQ(m.facts[2].search_rows, 60);
    EXPECT_FALSE(m.facts[2].column.has_value());
    EXPECT_EQ(m.facts[2].type, FactRule::Type::date);
    EXPECT_EQ(m.facts[3].type, FactRule::Type::number);
    EXPECT_STREQ(fact_type_name(m.facts[3].type), "number");
}

TEST(FactParseTest, FactsAloneAreNoReaderAndABadSheetPatternIsRefused) {
    auto errors = load_errors(R"(<mapping id="m" version="1">
<fact name="council" cell="E3"/>
</mapping>)");
    EXPECT_TRUE(has_error(errors, 1, "it would convert nothing")) << all_text(errors);
    errors = load_errors(mapping(R"(<fact name="council" sheet="(" cell="E3" search-rows="0"/>)"));
    EXPECT_TRUE(has_error(errors, 3, "not a valid regular expression")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 3, "belong with label")) << all_text(errors);
}
