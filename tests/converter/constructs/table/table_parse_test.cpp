// <table> in a mapping file -> TableRule: the attributes and children read, their defaults, and
// each refusal at the line it is on (docs/mapping-reference.md, "<table>", "<column>",
// "<columns>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

std::string mapping(const std::string& table) {
    return "<mapping id=\"m\" version=\"1\">\n" + table +
           "\n<vocabulary id=\"trajectory\"><term value=\"tbc\" text=\"TBC\"/></vocabulary>"
           "\n</mapping>";
}

}  // namespace

TEST(TableParseTest, DefaultsOfAMinimalTable) {
    const Mapping m = mapping_of(mapping(R"(<table header="Indicator">
  <column header="Indicator" role="indicator.title" key="true"/>
</table>)"));
    ASSERT_EQ(m.tables.size(), 1u);
    const TableRule& t = m.tables[0];
    EXPECT_EQ(t.line, 2);
    EXPECT_EQ(t.sheet, "*");
    EXPECT_EQ(t.header, "Indicator");
    EXPECT_EQ(t.search_rows, 30);
    EXPECT_EQ(t.end_after_blank_rows, 4);
    EXPECT_FALSE(t.stacked);
    EXPECT_TRUE(t.section_level.empty());
    // Continuation joins on every cue unless told otherwise.
    EXPECT_TRUE(t.continuation.key_empty);
    EXPECT_TRUE(t.continuation.key_lowercase);
    EXPECT_TRUE(t.continuation.key_repeated);
    EXPECT_TRUE(t.continuation.dangling_words.empty());
    ASSERT_EQ(t.columns.size(), 1u);
    EXPECT_TRUE(t.columns[0].key);
    EXPECT_EQ(t.columns[0].line, 3);
}

TEST(TableParseTest, AttributesAndChildrenAreRead) {
    const Mapping m =
        mapping_of(mapping(R"x(<table id="grid" sheet="^Data" header="Indicator" search-rows="5"
       end-after-blank-rows="2" stacked="true" section-level="section">
  <column header="Indicator" role="indicator.title" key="true" gap-pattern="(?i)requires development"/>
  <column header-pattern="^Code" role="indicator.code" scheme="ascof"/>
  <columns header-pattern="^Year (\d\d/\d\d)$" role="expectation" period="$1" vocabulary="trajectory"/>
  <breakdown dimension="age" category="18-64"/>
  <breakdown dimension="sex" title-pattern="^Table \d: (\w+)" category="$1"/>
  <continuation key-empty="false" dangling-words="the of and"/>
</table>)x"));
    ASSERT_EQ(m.tables.size(), 1u);
    const TableRule& t = m.tables[0];
    EXPECT_EQ(t.id, "grid");
    EXPECT_EQ(t.sheet, "^Data");
    EXPECT_EQ(t.search_rows, 5);
    EXPECT_EQ(t.end_after_blank_rows, 2);
    EXPECT_TRUE(t.stacked);
    EXPECT_EQ(t.section_level, "section");
    ASSERT_EQ(t.columns.size(), 3u);
    EXPECT_EQ(t.columns[0].gap_pattern, "(?i)requires development");
    EXPECT_EQ(t.columns[1].header_pattern, "^Code");
    EXPECT_EQ(t.columns[1].scheme, "ascof");
    EXPECT_FALSE(t.columns[1].key);
    EXPECT_EQ(t.columns[2].period, "$1");
    EXPECT_EQ(t.columns[2].vocabulary, "trajectory");
    EXPECT_EQ(t.columns[2].line, 6);
    ASSERT_EQ(t.breakdown.size(), 1u);
    EXPECT_EQ(t.breakdown[0], (BreakdownPair{"age", "18-64"}));
    ASSERT_EQ(t.title_breakdowns.size(), 1u);
    EXPECT_EQ(t.title_breakdowns[0].pattern, "^Table \\d: (\\w+)");
    EXPECT_EQ(t.title_breakdowns[0].line, 8);
    EXPECT_FALSE(t.continuation.key_empty);
    EXPECT_TRUE(t.continuation.key_lowercase);
    EXPECT_EQ(t.continuation.dangling_words, (std::vector<std::string>{"the", "of", "and"}));
}

TEST(TableParseTest, ColumnRefusalsAreReportedAtTheColumnLine) {
    const auto errors = load_errors(mapping(R"(<table header="Indicator">
  <column header="Indicator" role="indicator.title" key="true"/>
  <column header="Value" role="observation"/>
  <column header="Domain" role="outcome"/>
  <column header="Sex" role="breakdown"/>
  <column header="Kind" role="colour"/>
  <column role="indicator.aim"/>
  <columns role="observation" period="$1"/>
  <column header="Other" role="indicator.title" split="bullets"/>
</table>)"));
    EXPECT_TRUE(has_error(errors, 4, "role=\"observation\" is for repeated period columns"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "role=\"outcome\" needs level")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "role=\"breakdown\" belongs on a <column> with dimension"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 7, "role=\"colour\" is not known")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 8, "<column> needs header=\"...\" or header-pattern"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 9, "<columns> needs header-pattern")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 10, "split=\"numbered-list\" is the only split"))
        << all_text(errors);
}

TEST(TableParseTest, TableRefusalsAreReportedAtTheTableLine) {
    // No key column, a bad number, an unknown measure.
    auto errors = load_errors(mapping(R"(<table header="Indicator" search-rows="0" measure="median">
  <column header="Indicator" role="indicator.title"/>
</table>)"));
    EXPECT_TRUE(has_error(errors, 2, "<table> needs one <column ... key=\"true\">"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "search-rows=\"0\" must be a whole number of at least 1"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "measure=\"median\" is not known")) << all_text(errors);

    // Constructs of category rows on a table of indicator rows.
    errors = load_errors(mapping(R"(<table header="Indicator">
  <column header="Indicator" role="indicator.title" key="true"/>
  <section title="Gender" dimension="sex"/>
  <comparator category="England"/>
</table>)"));
    EXPECT_TRUE(has_error(errors, 4, "<section> needs the key column to be role=\"breakdown\""))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "<comparator> needs the key column to be role=\"breakdown\""))
        << all_text(errors);

    // Category rows whose values name no indicator.
    errors = load_errors(mapping(R"(<table header="Area">
  <column header="Area" role="breakdown" dimension="area" key="true"/>
  <columns header-pattern="^(\d{4})$" role="observation" period="$1"/>
</table>)"));
    EXPECT_TRUE(has_error(errors, 2, "each value needs an indicator")) << all_text(errors);
}

TEST(TableParseTest, BreakdownAndStatusChildrenAreChecked) {
    const auto errors = load_errors(mapping(R"(<table header="Indicator">
  <column header="Indicator" role="indicator.title" key="true"/>
  <breakdown dimension="age"/>
  <breakdown dimension="age" category="$1" title-pattern=""/>
  <status show="rag" header="RAG"/>
  <status show="rag" header="rag"/>
  <notes/>
</table>)"));
    EXPECT_TRUE(has_error(errors, 4, "<breakdown> needs dimension=\"...\" and category"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "title-pattern=\"\" is empty")) << all_text(errors);
    // Status headers are compared as headers are: case aside.
    EXPECT_TRUE(has_error(errors, 7, "a second <status> with header=\"rag\"")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 8, "<notes> is not allowed inside <table>")) << all_text(errors);
}
