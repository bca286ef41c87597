#include <gtest/gtest.h>

#include <string>

#include "kpimap/text_match.hpp"

using kpimap::edit_distance;
using kpimap::fold_case;
using kpimap::MatchKind;
using kpimap::normalise_text;
using kpimap::skeleton_text;
using kpimap::Term;
using kpimap::title_key;
using kpimap::Vocabulary;

namespace {

// The trajectory vocabulary of seed 000 ("Year 1 – 20/21" ... grid cells).
Vocabulary trajectory() {
    Vocabulary v;
    v.add(Term{"Baseline", {"Baseline"}});
    v.add(Term{"Improvement", {"Improvement"}});
    v.add(Term{"LongTermImprovement", {"Long Term Improvement", "Long-term improvement"}});
    v.add(Term{"ToBeConfirmed", {"TBC", "To be confirmed"}});
    return v;
}

}  // namespace

TEST(TextMatchTest, KindNames) {
    EXPECT_STREQ(kpimap::match_kind_name(MatchKind::exact), "exact");
    EXPECT_STREQ(kpimap::match_kind_name(MatchKind::normalised), "normalised");
    EXPECT_STREQ(kpimap::match_kind_name(MatchKind::confusable), "confusable");
    EXPECT_STREQ(kpimap::match_kind_name(MatchKind::fuzzy), "fuzzy");
}

TEST(TextMatchTest, Normalise) {
    EXPECT_EQ(normalise_text("  Long  Term "), "long term");
    EXPECT_EQ(normalise_text("Long\u00a0Term"), "long term");  // NBSP
    EXPECT_EQ(normalise_text("Long\tTerm\n Improvement"), "long term improvement");
    EXPECT_EQ(normalise_text("\u3000TBC\u2003"), "tbc");                    // ideographic, em space
    EXPECT_EQ(normalise_text("\uff34\uff22\uff23"), "tbc");                 // fullwidth TBC
    EXPECT_EQ(normalise_text("\ufb01nance"), "finance");                    // fi ligature
    EXPECT_EQ(normalise_text("Stra\u00dfe"), "strasse");                    // full case folding
    EXPECT_EQ(normalise_text("Improve\u200bment"), "improvement");          // zero-width space
    EXPECT_EQ(normalise_text("caf\u0065\u0301"), "caf\u00e9");              // NFKC composes
    EXPECT_EQ(normalise_text("\u0422\u0412\u0421"), "\u0442\u0432\u0441");  // Cyrillic stays
    EXPECT_EQ(normalise_text(""), "");
    EXPECT_EQ(normalise_text("   "), "");
}

// Excel's comparison of sheet names, defined names and list items: case only, in any script.
TEST(TextMatchTest, FoldCaseFoldsCaseAndNothingElse) {
    EXPECT_EQ(fold_case("R\u00C9SUM\u00C9 Sheet"), fold_case("r\u00E9sum\u00E9 sheet"));
    EXPECT_EQ(fold_case("Stra\u00DFe"), fold_case("STRASSE"));  // full folding: sharp s is ss
    EXPECT_NE(fold_case("Red "), fold_case("red"));             // spaces are kept
    EXPECT_NE(fold_case("\uFF21"), fold_case("a"));             // no NFKC: fullwidth A stays
    EXPECT_EQ(fold_case(""), "");
}

TEST(TextMatchTest, Skeleton) {
    // Seed 000: "ТВС" typed in Cyrillic capitals.
    EXPECT_EQ(skeleton_text("\u0422\u0412\u0421"), skeleton_text("TBC"));
    EXPECT_EQ(skeleton_text("tbc"), skeleton_text("TBC"));
    EXPECT_EQ(skeleton_text("\u0442\u0432\u0441"), skeleton_text("tbc"));
    EXPECT_EQ(skeleton_text("TBC"), "tbc");
    EXPECT_NE(skeleton_text("Improvement"), skeleton_text("Baseline"));
    // Case-insensitive even for letters TR39 maps by case (capital I -> l).
    EXPECT_EQ(skeleton_text("Improvement"), skeleton_text("improvement"));
    EXPECT_EQ(skeleton_text("Improvement"), skeleton_text("IMPROVEMENT"));
    EXPECT_EQ(skeleton_text("Improvement"), "lmprovement");
    // TR39 confusables: 0/O and 1/l/I.
    EXPECT_EQ(skeleton_text("B0LT0N"), skeleton_text("Bolton"));
    EXPECT_EQ(skeleton_text("lmprovement"), skeleton_text("Improvement"));
    EXPECT_EQ(skeleton_text("  Long \u00a0Term "), "long term");
    EXPECT_EQ(skeleton_text(""), "");
}

TEST(TextMatchTest, EditDistance) {
    EXPECT_EQ(edit_distance("Improvement", "Improvement", 2), 0);
    EXPECT_EQ(edit_distance("mprovement", "Improvement", 2), 1);
    EXPECT_EQ(edit_distance("kitten", "sitting", 5), 3);
    EXPECT_EQ(edit_distance("kitten", "sitting", 2), 3);  // past the limit: limit + 1
    EXPECT_EQ(edit_distance("ab", "ba", 2), 1);           // adjacent swap
    EXPECT_EQ(edit_distance("ca", "abc", 5), 3);          // OSA, not unrestricted DL (2)
    EXPECT_EQ(edit_distance("", "abc", 5), 3);
    EXPECT_EQ(edit_distance("abc", "", 1), 2);
    EXPECT_EQ(edit_distance("", "", 0), 0);
    EXPECT_EQ(edit_distance("Long Term", "Long Term Improvement", 1), 2);
    EXPECT_EQ(edit_distance("Long Term", "Long Term Improvement", 20), 12);
    // Code points, not bytes: one Cyrillic letter is one edit.
    EXPECT_EQ(edit_distance("\u0422BC", "TBC", 3), 1);
    EXPECT_EQ(edit_distance("caf\u00e9", "cafe", 3), 1);
    EXPECT_EQ(edit_distance("\u00e9\u00e8", "\u00e8\u00e9", 3), 1);
}

TEST(TextMatchTest, TitleKey) {
    EXPECT_EQ(title_key("A&E attendances"), title_key("A and E attendances"));
    EXPECT_EQ(title_key("A & E attendances"), title_key("A and E Attendances"));
    EXPECT_EQ(title_key("Long-term conditions"), title_key("long term conditions"));
    EXPECT_EQ(title_key("People's experience"), title_key("Peoples experience"));
    EXPECT_EQ(title_key("Excess weight in 4 to 5 year olds"),
              title_key("Excess  weight in 4 to 5 year-olds."));
    EXPECT_EQ(title_key("Rate per 100,000"), title_key("Rate per 100000"));
    // Keys are skeletons, not display text: "i" and "I" both read as "l".
    EXPECT_EQ(title_key("Smoking (SMI)"), "smoklng sml");
    EXPECT_EQ(title_key("A&E"), "a and e");
    EXPECT_EQ(title_key("Caf\u00e9"), "cafe");
    EXPECT_NE(title_key("Infant mortality"), title_key("Child mortality"));
}

TEST(VocabularyTest, ExactNormalisedConfusableFuzzy) {
    const Vocabulary v = trajectory();

    auto exact = v.match("Improvement", 1);
    ASSERT_TRUE(exact.has_value());
    EXPECT_EQ(exact->term->value, "Improvement");
    EXPECT_EQ(exact->kind, MatchKind::exact);
    EXPECT_EQ(exact->matched_text, "Improvement");

    auto folded = v.match("tbc", 1);
    ASSERT_TRUE(folded.has_value());
    EXPECT_EQ(folded->term->value, "ToBeConfirmed");
    EXPECT_EQ(folded->kind, MatchKind::normalised);

    auto spaced = v.match(" long  term\u00a0improvement ", 0);
    ASSERT_TRUE(spaced.has_value());
    EXPECT_EQ(spaced->term->value, "LongTermImprovement");
    EXPECT_EQ(spaced->kind, MatchKind::normalised);

    auto cyrillic = v.match("\u0422\u0412\u0421", 0);  // seed 000 "ТВС"
    ASSERT_TRUE(cyrillic.has_value());
    EXPECT_EQ(cyrillic->term->value, "ToBeConfirmed");
    EXPECT_EQ(cyrillic->kind, MatchKind::confusable);
    EXPECT_EQ(cyrillic->matched_text, "TBC");

    auto ocr = v.match("mprovement", 1);  // seed 000 "mprovement"
    ASSERT_TRUE(ocr.has_value());
    EXPECT_EQ(ocr->term->value, "Improvement");
    EXPECT_EQ(ocr->kind, MatchKind::fuzzy);
    EXPECT_EQ(ocr->distance, 1);
    EXPECT_EQ(ocr->matched_text, "Improvement");

    auto alias = v.match("long-term improvment", 1);
    ASSERT_TRUE(alias.has_value());
    EXPECT_EQ(alias->term->value, "LongTermImprovement");
    EXPECT_EQ(alias->kind, MatchKind::fuzzy);
    EXPECT_EQ(alias->matched_text, "Long-term improvement");
}

TEST(VocabularyTest, NoMatch) {
    const Vocabulary v = trajectory();
    EXPECT_FALSE(v.match("Long Term", 1).has_value());   // seed 000 row split over two lines
    EXPECT_FALSE(v.match("mprovement", 0).has_value());  // fuzzy off
    EXPECT_FALSE(v.match("Reduction", 2).has_value());
    EXPECT_FALSE(v.match("", 3).has_value());
    EXPECT_FALSE(v.match("   ", 3).has_value());
}

TEST(VocabularyTest, TiesAreNoMatch) {
    Vocabulary v;
    v.add(Term{"Cat", {"cat"}});
    v.add(Term{"Cut", {"cut"}});
    EXPECT_FALSE(v.match("cot", 1).has_value());  // one edit from both
    auto near = v.match("cats", 1);
    ASSERT_TRUE(near.has_value());
    EXPECT_EQ(near->term->value, "Cat");

    // Equal texts at the exact tier: the earlier term wins.
    Vocabulary dup;
    dup.add(Term{"First", {"Same"}});
    dup.add(Term{"Second", {"Same"}});
    auto first = dup.match("Same", 0);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->term->value, "First");
    EXPECT_EQ(dup.terms().size(), 2u);
}

TEST(HeaderTolerance, TypingSlipsGrowWithTheHeader) {
    EXPECT_EQ(kpimap::typing_slip_edits("kpi"), 0);   // too short to guess at
    EXPECT_EQ(kpimap::typing_slip_edits("kpis"), 1);  // "KPIs" for "KPI's"
    EXPECT_EQ(kpimap::typing_slip_edits("national outcome"), 2);
    EXPECT_EQ(edit_distance(title_key("KPIs"), title_key("KPI's"), 1), 0);
}

TEST(HeaderTolerance, DamagedCopiesOfARepeatedHeader) {
    const std::string header = title_key("Care setting");
    EXPECT_TRUE(kpimap::damaged_copy_of(title_key("Care settling"), header));  // OCR
    EXPECT_TRUE(kpimap::damaged_copy_of(title_key("Care"), header));           // cut short
    EXPECT_FALSE(kpimap::damaged_copy_of(title_key("Quality of life"), header));
    EXPECT_FALSE(kpimap::damaged_copy_of("", header));
}
