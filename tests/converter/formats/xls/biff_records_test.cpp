// BIFF records: the cursor, bounds-checked fields, strings continued across CONTINUE records,
// code pages and RK numbers.
#include "formats/xls/biff_records.hpp"

#include <gtest/gtest.h>

#include "formats/xls/xls_worksheet.hpp"
#include "support/xls_builder.hpp"

namespace kpimap::detail {
namespace {

using test_support::le16;
using test_support::le32;
using test_support::record;

TEST(BiffCursor, WalksRecordsAndStopsAtACutShortOne) {
    const std::string stream =
        record(0x0809, "abcd") + record(0x000A, "") + le16(0x0203) + le16(100) + "short";
    BiffCursor cursor(stream, 0);
    auto a = cursor.next();
    ASSERT_TRUE(a);
    EXPECT_EQ(a->type, 0x0809);
    EXPECT_EQ(a->body, "abcd");
    EXPECT_EQ(a->offset, 0u);
    auto b = cursor.next();
    ASSERT_TRUE(b);
    EXPECT_EQ(b->offset, 8u);
    EXPECT_FALSE(cursor.next());
    EXPECT_TRUE(cursor.truncated());
}

TEST(BiffCursor, ZeroPaddingAfterTheLastRecordIsNotDamage) {
    const std::string stream = record(0x000A, "") + std::string(508, '\0');
    BiffCursor cursor(stream, 0);
    ASSERT_TRUE(cursor.next());
    // Zero padding reads as records of type 0 and length 0; none runs past the end.
    while (cursor.next()) {
    }
    EXPECT_FALSE(cursor.truncated());
}

TEST(BiffRecord, AFieldPastTheBodyThrowsWithTheRecordOffset) {
    const std::string stream = record(0x000A, "") + record(0x0203, "12345");
    BiffCursor cursor(stream, 0);
    cursor.next();
    auto r = cursor.next();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->u32(0), 0x34333231u);
    try {
        r->u16(4);
        FAIL() << "no error";
    } catch (const BiffError& e) {
        EXPECT_EQ(e.offset, 4u);
        EXPECT_NE(e.what.find("too short"), std::string::npos) << e.what;
    }
    EXPECT_THROW(r->f64(0), BiffError);
    EXPECT_THROW(r->u8(5), BiffError);
}

// An SST whose second string starts 8-bit in the SST record and goes on 16-bit in a CONTINUE
// record, which opens with its own option byte (MS-XLS 2.5.293).
TEST(ContinuedReader, AStringSwitchesWidthAtARecordBoundary) {
    std::string sst = le32(2) + le32(2) + test_support::xl_string_latin1("one");
    sst += le16(5) + std::string(1, '\0') + "ab";  // "ab" of five characters, 8-bit
    std::string cont = std::string(1, '\x01');     // the rest is 16-bit
    for (char16_t c : std::u16string(u"\u0416de")) cont += le16(c);
    const std::string stream = record(0x00FC, sst) + record(0x003C, cont) + record(0x000A, "");
    BiffCursor cursor(stream, 0);
    auto first = cursor.next();
    ContinuedReader in(*first, cursor);
    EXPECT_EQ(in.u32(), 2u);
    EXPECT_EQ(in.u32(), 2u);
    EXPECT_EQ(in.rich_string(), "one");
    EXPECT_EQ(in.rich_string(),
              "ab\xD0\x96"
              "de");
    EXPECT_TRUE(in.at_end());
    // The cursor now stands after the CONTINUE record.
    auto next = cursor.next();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->type, 0x000A);
}

TEST(ContinuedReader, RunsAndPhoneticDataAreSkippedAcrossRecords) {
    // "xy" with 2 formatting runs (8 bytes) and 3 bytes of phonetic data, split mid-runs.
    std::string body = le16(2) + std::string(1, '\x0C') + le16(2) + le32(3) + "xy" + "RUNR";
    std::string cont = "UNR" + std::string("N") + "PHO";
    const std::string stream = record(0x00FC, body) + record(0x003C, cont) +
                               record(0x003C, test_support::xl_string_latin1("z"));
    BiffCursor cursor(stream, 0);
    ContinuedReader in(*cursor.next(), cursor);
    EXPECT_EQ(in.rich_string(), "xy");
    EXPECT_EQ(in.rich_string(), "z");
    EXPECT_TRUE(in.at_end());
}

TEST(ContinuedReader, AStringLongerThanItsRecordsThrows) {
    const std::string stream = record(0x00FC, le16(50) + std::string(1, '\0') + "abc");
    BiffCursor cursor(stream, 0);
    ContinuedReader in(*cursor.next(), cursor);
    EXPECT_THROW(in.rich_string(), BiffError);
}

TEST(CodePage, DecodesWindowsCodePagesAndFallsBackForUnknownOnes) {
    CodePage cyrillic(1251);
    EXPECT_FALSE(cyrillic.fallback());
    EXPECT_EQ(cyrillic.decode("\xCF\xF0\xE8"), "\xD0\x9F\xD1\x80\xD0\xB8");  // "При"
    CodePage western(1252);
    EXPECT_EQ(western.decode("\x80\xA3"), "\xE2\x82\xAC\xC2\xA3");  // "€£"
    CodePage unknown(4242);
    EXPECT_TRUE(unknown.fallback());
    EXPECT_EQ(unknown.decode("\x80"), "\xE2\x82\xAC");
}

TEST(Utf16, LoneSurrogatesBecomeReplacementCharacters) {
    EXPECT_EQ(decode_utf16le(std::string("\x3D\xD8\x00\xDE", 4)), "\xF0\x9F\x98\x80");
    EXPECT_EQ(decode_utf16le(std::string("\x3D\xD8\x41\x00", 4)),
              "\xEF\xBF\xBD"
              "A");
}

TEST(RkNumbers, IntegerDoubleAndHundredths) {
    EXPECT_EQ(decode_rk(100 << 2 | 0x02), 100.0);
    EXPECT_EQ(decode_rk(static_cast<std::uint32_t>(-7 << 2) | 0x02), -7.0);
    EXPECT_EQ(decode_rk(12345 << 2 | 0x03), 123.45);
    // 1.5 as a double is 0x3FF8000000000000: the top 30 bits are kept.
    EXPECT_EQ(decode_rk(0x3FF80000), 1.5);
}

}  // namespace
}  // namespace kpimap::detail
