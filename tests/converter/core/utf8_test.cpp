// append_utf8: the encodings from RFC 3629 section 3's table, and U+FFFD for what has none.
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

}  // namespace
}  // namespace kpimap
