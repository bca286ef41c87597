// <fact> read from a workbook built in memory: which sheet a fact is taken from when its
// pattern takes several, and a fact beside the readers' data. The reader's other cases (labels,
// types, missing values) are in tests/converter/convert/facts_reader_test.cpp
// (docs/mapping-reference.md, "<fact>").
#include <gtest/gtest.h>

#include "converter/constructs/construct_test_support.hpp"

using namespace kpimap;
using namespace kpimap::construct_test;

namespace {

const Fact* fact(const Model& m, std::string_view name) {
    for (const Fact& f : m.facts)
        if (f.name == name) return &f;
    return nullptr;
}

Workbook two_forms() {
    return workbook_of({{"Form A", {{"Notes"}, {"", ""}}},
                        {"Form B", {{"Notes"}, {"Council:", "Kirklees"}, {"", "E08000034"}}},
                        {"Data", {{"", "2020/21", "2021/22"}, {"Smoking", "12", "11"}}}},
                       "forms.xlsx");
}

}  // namespace

TEST(FactReadTest, ALabelIsLookedForOnEverySheetThePatternTakes) {
    const Mapping m = mapping_of(R"(<mapping id="f" version="1">
  <period-table sheet="^Data$"/>
  <fact name="council" sheet="^Form" label="COUNCIL: "/>
</mapping>)");
    const ConversionResult r = convert_workbook(two_forms(), m);
    const Fact* council = fact(r.model, "council");
    ASSERT_NE(council, nullptr) << codes(r);
    EXPECT_EQ(council->text, "Kirklees");
    EXPECT_FALSE(council->number.has_value());
    EXPECT_EQ(council->where.file, "forms.xlsx");
    EXPECT_EQ(council->where.sheet, "Form B");  // Form A, first, has no such label
    EXPECT_EQ(council->where.cell, "B2");
    // The readers' data is read beside it, and the fact's framework is the workbook's.
    ASSERT_EQ(r.model.frameworks.size(), 1u);
    EXPECT_EQ(council->framework_id, r.model.frameworks[0].id);
    EXPECT_EQ(r.model.observations.size(), 2u);
    EXPECT_EQ(r.cells_seen, r.cells_used + r.cells_reported);
}

TEST(FactReadTest, ACellIsTakenFromTheFirstSheetThePatternTakes) {
    const Mapping m = mapping_of(R"(<mapping id="f" version="1">
  <period-table sheet="^Data$"/>
  <fact name="area" sheet="^Form" cell="B3"/>
</mapping>)");
    const ConversionResult r = convert_workbook(two_forms(), m);
    // Form A's B3 is empty: the form is not filled in there, said; Form B is not looked at.
    EXPECT_EQ(fact(r.model, "area"), nullptr);
    const ConvertDiagnostic* empty = diagnostic(r, "fact_empty");
    ASSERT_NE(empty, nullptr) << codes(r);
    EXPECT_EQ(empty->where.sheet, "Form A");
    EXPECT_EQ(empty->where.cell, "B3");
    EXPECT_EQ(empty->severity, Severity::info);
}

TEST(FactReadTest, ALabelIsComparedPunctuationAside) {
    // docs/mapping-reference.md, <fact>: "compared normalised (case, spaces and punctuation
    // aside, as headers are)".
    const Mapping m = mapping_of(R"(<mapping id="f" version="1">
  <period-table sheet="^Data$"/>
  <fact name="council" sheet="^Form" label="Council"/>
</mapping>)");
    const ConversionResult r = convert_workbook(two_forms(), m);
    const Fact* council = fact(r.model, "council");
    ASSERT_NE(council, nullptr) << codes(r);
    EXPECT_EQ(council->where.cell, "B2");
}

TEST(FactReadTest, ALabelWrittenAsTheMappingWritesItIsPreferredToOneWithPunctuation) {
    const Mapping m = mapping_of(R"(<mapping id="f" version="1">
  <period-table sheet="^Data$"/>
  <fact name="council" sheet="^Form" label="Council"/>
</mapping>)");
    const Workbook wb =
        workbook_of({{"Form", {{"Council (previous):", "Calderdale"}, {"Council", "Kirklees"}}},
                     {"Data", {{"", "2020/21"}, {"Smoking", "12"}}}},
                    "form.xlsx");
    const ConversionResult r = convert_workbook(wb, m);
    const Fact* council = fact(r.model, "council");
    ASSERT_NE(council, nullptr) << codes(r);
    // "Council (previous):" is not "Council" even punctuation aside; "Council" is, exactly.
    EXPECT_EQ(council->text, "Kirklees");
    EXPECT_EQ(council->where.cell, "B2");
}

TEST(FactReadTest, ALabelWithOnlyPunctuationIsNotFoundByEveryPunctuationCell) {
    const Mapping m = mapping_of(R"(<mapping id="f" version="1">
  <period-table sheet="^Data$"/>
  <fact name="mark" sheet="^Form" label=":"/>
</mapping>)");
    const Workbook wb = workbook_of(
        {{"Form", {{"-", "x"}}}, {"Data", {{"", "2020/21"}, {"Smoking", "12"}}}}, "form.xlsx");
    const ConversionResult r = convert_workbook(wb, m);
    // The label's title key is empty: only an exact (normalised) ":" cell would do.
    EXPECT_EQ(fact(r.model, "mark"), nullptr);
}
