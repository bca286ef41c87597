// <matrix> in a mapping file -> MatrixRule: its children <rows>, <row-detail>, <columns> and
// <cells>, their defaults, and each refusal at its line (docs/mapping-reference.md, "<matrix>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

std::string mapping(const std::string& matrix) {
    return "<mapping id=\"m\" version=\"1\">\n" + matrix +
           "\n<vocabulary id=\"markers\"><term value=\"primary\" text=\"X\"/></vocabulary>"
           "\n<catalogue id=\"nine\"><item code=\"1\" title=\"One\"/></catalogue>"
           "\n</mapping>";
}

}  // namespace

TEST(MatrixParseTest, ChildrenAndDefaultsAreRead) {
    const Mapping m = mapping_of(mapping(R"(<matrix header="OUTCOMES">
  <rows header="OUTCOMES" level="strategic" code-pattern="^(\d+)\s"/>
  <columns first="3" last="5" level="national" catalogue="nine"/>
  <cells vocabulary="markers"/>
</matrix>)"));
    ASSERT_EQ(m.matrices.size(), 1u);
    const MatrixRule& x = m.matrices[0];
    EXPECT_EQ(x.line, 2);
    EXPECT_EQ(x.sheet, "*");
    EXPECT_EQ(x.search_rows, 30);
    EXPECT_EQ(x.row_header, "OUTCOMES");
    EXPECT_EQ(x.row_level, "strategic");
    EXPECT_EQ(x.row_code_pattern, "^(\\d+)\\s");
    EXPECT_TRUE(x.detail_header.empty());
    EXPECT_EQ(x.first_column, 3);
    EXPECT_EQ(x.last_column, 5);
    EXPECT_EQ(x.column_level, "national");
    EXPECT_EQ(x.catalogue, "nine");
    EXPECT_EQ(x.cell_vocabulary, "markers");
    // Checked only through the behaviour of the default (matrix_read_test) from here on:
    // link kinds and detail splits are about to become enums.
}

TEST(MatrixParseTest, RequiredChildrenAreRefusedAtTheMatrixLine) {
    const auto errors = load_errors(mapping(R"(<matrix id="pmf" sheet="*">
  <row-detail header="KPIs"/>
</matrix>)"));
    EXPECT_TRUE(has_error(errors, 2, "<matrix> needs header")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "<matrix> needs <rows")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "<matrix> needs <columns")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "<matrix> needs <cells vocabulary")) << all_text(errors);
}

TEST(MatrixParseTest, ChildRefusalsAreReportedAtTheChildLine) {
    const auto errors = load_errors(mapping(R"(<matrix header="OUTCOMES">
  <rows header="OUTCOMES" code-pattern="(\d+"/>
  <row-detail header="KPIs" role="indicator.code" split="bullets"/>
  <columns first="5" last="3"/>
  <cells vocabulary="markers" colour="red"/>
  <legend/>
</matrix>)"));
    EXPECT_TRUE(has_error(errors, 3, "not a valid regular expression")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 4, "<row-detail> supports role=\"indicator.title\" only"))
        << all_text(errors);
    EXPECT_TRUE(has_error(errors, 4, "split=\"bullets\" is not known")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 5, "M >= N")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 6, "<cells> has no attribute 'colour'")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 7, "<legend> is not allowed inside <matrix>"))
        << all_text(errors);
}

TEST(MatrixParseTest, ItsVocabularyAndCatalogueMustExist) {
    const auto errors = load_errors(R"(<mapping id="m" version="1">
<matrix header="OUTCOMES">
  <rows header="OUTCOMES"/>
  <columns first="2" last="3" catalogue="ten"/>
  <cells vocabulary="marks"/>
</matrix></mapping>)");
    EXPECT_TRUE(has_error(errors, 2, "vocabulary=\"marks\" is not defined")) << all_text(errors);
    EXPECT_TRUE(has_error(errors, 2, "catalogue=\"ten\" is not defined or included"))
        << all_text(errors);
}
