// Layouts kpimap suggest must not mistake for others, on small in-memory sheets.
#include <gtest/gtest.h>

#include "kpimap/suggest.hpp"
#include "support/grid_workbook.hpp"

using namespace kpimap;
using test_support::grid_workbook;

// Short numbers and missing markers under column headers are values, not matrix markers.
TEST(SuggestLayouts, ATableOfShortNumbersIsNoMatrix) {
    const Workbook wb = grid_workbook({{"Area", "Q1", "Q2", "Q3", "Q4"},
                                       {"Kent", "12", "4.5", "[x]", "7"},
                                       {"York", "10", "[x]", "3.1", "8"},
                                       {"Bury", "11", "2", "3.3", "[x]"}},
                                      "numbers.csv", "numbers");
    const Suggestion s = suggest_mapping(wb);
    EXPECT_EQ(s.xml.find("<matrix"), std::string::npos) << s.xml;
}

// A few repeated markers under long headers are a matrix; "(2)" is a marker although it reads
// as the number -2.
TEST(SuggestLayouts, RepeatedMarkersAreAMatrix) {
    const Workbook wb = grid_workbook(
        {{"Priority", "Measures", "1. Healthy lives", "2. Best start", "3. Safe from harm"},
         {"1.1 Reduce smoking", "1) Smoking at delivery", "\u00a9", "", "(2)"},
         {"1.2 Prevent falls", "1) Falls admissions", "", "\u00a9", "\u00a9"},
         {"2.1 Support carers", "1) Carers assessed", "(2)", "", "\u00a9"}},
        "matrix.csv", "matrix");
    const Suggestion s = suggest_mapping(wb);
    ASSERT_NE(s.xml.find("<matrix"), std::string::npos) << s.xml;
    const SuggestionCheck check = check_suggestion(wb, s);
    ASSERT_TRUE(check.result.has_value()) << s.xml;
    std::size_t contributions = 0;
    for (const Link& l : check.result->model.links) contributions += l.kind == "contributes_to";
    EXPECT_EQ(contributions, 6u) << s.xml;
}

// A sheet with nothing suggest knows is listed with the reason, and no draft is written.
TEST(SuggestLayouts, NothingRecognisedSaysWhyPerSheet) {
    const Workbook wb = grid_workbook({{"just a note"}}, "note.csv", "note");
    const Suggestion s = suggest_mapping(wb);
    EXPECT_FALSE(s.drafted());
    EXPECT_TRUE(s.xml.empty());
    ASSERT_EQ(s.skipped.size(), 1u);
    EXPECT_EQ(s.skipped[0].sheet, "note");
    EXPECT_FALSE(s.skipped[0].reason.empty());
}
