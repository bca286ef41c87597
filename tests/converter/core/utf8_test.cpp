// append_utf8: the encodings from RFC 3629 section 3's table, and U+FFFD for what has none;
// is_valid_utf8 and repair_utf8: ill-formed sequences as Unicode 15 section 3.9 defines them
// (table 3-7), each maximal subpart replaced by one U+FFFD (its "U+FFFD substitution of
// maximal subparts" practice).
#include <gtest/gtest.h>

#include "core/utf8.hpp"

namespace kpimap {
namespace {

std::string encode(std::uint32_t cp) {
    std::string out;
    append_utf8(out, cp);
    return out;
}

TEST(AppendUtf8, EncodesEachLengthAsRfc3629) {
    EXPECT_EQ(encode(0x41), "A");
    EXPECT_EQ(encode(0xE9), "\xC3\xA9");              // é
    EXPECT_EQ(encode(0x20AC), "\xE2\x82\xAC");        // €
    EXPECT_EQ(encode(0x1F600), "\xF0\x9F\x98\x80");   // 😀
    EXPECT_EQ(encode(0x10FFFF), "\xF4\x8F\xBF\xBF");  // the last code point
}

TEST(AppendUtf8, SurrogatesAndOutOfRangeBecomeReplacementCharacter) {
    EXPECT_EQ(encode(0xD83D), "\xEF\xBF\xBD");
    EXPECT_EQ(encode(0xDFFF), "\xEF\xBF\xBD");
    EXPECT_EQ(encode(0x110000), "\xEF\xBF\xBD");
}

TEST(AppendUtf8, Appends) {
    std::string out = "x";
    append_utf8(out, 0x20AC);
    append_utf8(out, 0x79);
    EXPECT_EQ(out, "x\xE2\x82\xACy");
}

TEST(Utf8Validation, AcceptsWellFormedAndRejectsEveryIllFormedKind) {
    EXPECT_TRUE(is_valid_utf8("plain"));
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("Caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80"));
    EXPECT_FALSE(is_valid_utf8("Caf\xE9"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE2\x80"));          // truncated
    EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation byte
}

TEST(Utf8Repair, ValidTextIsLeftAlone) {
    std::string text = "Caf\xC3\xA9";
    EXPECT_EQ(repair_utf8(text), 0u);
    EXPECT_EQ(text, "Caf\xC3\xA9");
}

TEST(Utf8Repair, EachMaximalSubpartBecomesOneReplacementCharacter) {
    const std::string fffd = "\xEF\xBF\xBD";
    std::string latin1 = "Caf\xE9!";
    EXPECT_EQ(repair_utf8(latin1), 1u);
    EXPECT_EQ(latin1, "Caf" + fffd + "!");
    // A truncated three-byte sequence is one maximal subpart: one U+FFFD, not two.
    std::string cut = "a\xE2\x82z";
    EXPECT_EQ(repair_utf8(cut), 1u);
    EXPECT_EQ(cut, "a" + fffd + "z");
    // Table 3-8 of Unicode 15: "\xC0\xAF" is two ill-formed bytes, each replaced.
    std::string overlong = "\xC0\xAF";
    EXPECT_EQ(repair_utf8(overlong), 2u);
    EXPECT_EQ(overlong, fffd + fffd);
    std::string surrogate = "\xED\xA0\x80";
    EXPECT_EQ(repair_utf8(surrogate), 3u);
    EXPECT_TRUE(is_valid_utf8(surrogate));
}

TEST(Utf8Census, CountsValidMultibyteAndIllFormedSequences) {
    const Utf8Census census = utf8_census("\xC3\xA9t\xC3\xA9 \xFF ascii \xF0\x9F\x98\x80");
    EXPECT_EQ(census.multibyte, 3u);
    EXPECT_EQ(census.invalid, 1u);
    EXPECT_EQ(utf8_census("plain").multibyte, 0u);
}

}  // namespace
}  // namespace kpimap
