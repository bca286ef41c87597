// <status> and <status-columns> in a mapping file -> StatusTarget: the columns `kpimap update`
// fills, in a <table> or a <period-table>; their defaults, and each refusal at its line
// (docs/mapping-reference.md, "<status>"). What `show` holds is about to become an enum, so it
// is checked through what loading accepts and refuses; the period-table refusals of <status>
// are in tests/converter/mapping/mapping_writing_test.cpp.
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

std::string table(const std::string& statuses) {
    return R"(<mapping id="m" version="1">
<table header="Indicator">
  <column header="Indicator" role="indicator.title" key="true"/>
  <columns header-pattern="^Year (\d\d/\d\d)$" role="expectation" period="$1"/>
)" + statuses +
           R"(
</table>
<vocabulary id="rag"><term value="on_track" text="Green"/></vocabulary>
</mapping>)";
}

}  // namespace

TEST(StatusColumnsParseTest, StatusAndStatusColumnsWithTheirDefaults) {
    const Mapping m = mapping_of(table(R"(<status show="trajectory" header="Status"/>
<status show="rag" header="RAG" column="J" write-header="false" vocabulary="rag"/>
<status-columns show="trajectory" header-pattern="^RAG (\d\d/\d\d)$" vocabulary="rag"/>
<status-columns show="explanation" header-pattern="^Why (\d{4})$" period="$1/next"/>)"));
    ASSERT_EQ(m.tables.size(), 1u);
    const auto& statuses = m.tables[0].statuses;
    ASSERT_EQ(statuses.size(), 4u);
    EXPECT_EQ(statuses[0].header, "Status");
    EXPECT_EQ(statuses[0].line, 5);
    EXPECT_TRUE(statuses[0].column.empty());
    EXPECT_TRUE(statuses[0].write_header);  // the header is written into an empty cell
    EXPECT_TRUE(statuses[0].header_pattern.empty());
    EXPECT_EQ(statuses[1].column, "J");
    EXPECT_FALSE(statuses[1].write_header);
    EXPECT_EQ(statuses[1].vocabulary, "rag");
    // A per-period family: found by its pattern, never written as a header.
    EXPECT_TRUE(statuses[2].header.empty());
    EXPECT_EQ(statuses[2].header_pattern, "^RAG (\\d\\d/\\d\\d)$");
    EXPECT_EQ(statuses[2].period, "$1");
    EXPECT_FALSE(statuses[2].write_header);
    EXPECT_EQ(statuses[3].period, "$1/next");
}

TEST(StatusColumnsParseTest, StatusColumnsRefusalsAreReportedAtTheirLine) {
    const auto errors =
        load_errors(table(R"(<status-columns show="rag" header-pattern="^RAG (\d\d)$"/>
<status-columns show="trajectory"/>
<status-columns show="trajectory" header-pattern="(RAG"/>
<status-columns show="trajectory" header-pattern="^Plan (\d\d)$" header="Plan"/>
<status-columns show="trajectory" header-pattern="^rag (\d\d)$"/>
<status show="travel" header="Travel" vocabulary="words"/>)"));
    EXPECT_TRUE(has_error(errors, 5, "show=\"rag\" is not known for <status-columns>"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "<status-columns> needs header-pattern")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 7, "not a valid regular expression")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 8, "<status-columns> has no attribute 'header'"))
        << all_text(errors);
    // Two families whose patterns differ only in case name the same columns.
    EXPECT_TRUE(has_error(errors, 9, "a second <status>")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 10, "vocabulary=\"words\" is not defined")) << all_text(errors);
}
