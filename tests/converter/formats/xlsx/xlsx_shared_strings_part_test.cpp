// sharedStrings.xml: plain and rich text items, phonetic runs skipped, ST_Xstring escapes,
// empty items keeping their index, and the pool base when strings already exist.
#include <gtest/gtest.h>

#include "formats/xlsx/xlsx_parts.hpp"
#include "support/part_package.hpp"

namespace kpimap::detail {
namespace {

using test_support::PartPackage;
using test_support::XlsxBuilder;

struct Strings {
    Workbook wb;
    std::uint32_t base = 0;
    std::size_t count = 0;
};

Strings read(const std::vector<std::string>& items, std::vector<std::string> existing = {}) {
    Strings s;
    for (std::string& e : existing) s.wb.add_string(std::move(e));
    PartPackage package("xl/sharedStrings.xml", XlsxBuilder::sst(items));
    ZipPartStream stream = package.open();
    s.base = read_shared_strings_part(stream, s.wb, s.count);
    return s;
}

TEST(XlsxSharedStringsTest, PlainItems) {
    const Strings s = read({"<si><t>Referrals</t></si>", "<si><t>A &amp; E</t></si>",
                            "<si><t xml:space=\"preserve\">  padded  </t></si>"});
    EXPECT_EQ(s.base, 0u);
    ASSERT_EQ(s.count, 3u);
    EXPECT_EQ(s.wb.strings[0], "Referrals");
    EXPECT_EQ(s.wb.strings[1], "A & E");
    EXPECT_EQ(s.wb.strings[2], "  padded  ");
}

TEST(XlsxSharedStringsTest, RichTextRunsAreConcatenated) {
    const Strings s = read(
        {"<si><r><rPr><b/><sz val=\"11\"/></rPr><t>Bold</t></r>"
         "<r><t xml:space=\"preserve\"> and </t></r><r><rPr><i/></rPr><t>italic</t></r></si>"});
    ASSERT_EQ(s.count, 1u);
    EXPECT_EQ(s.wb.strings[0], "Bold and italic");
}

TEST(XlsxSharedStringsTest, PhoneticRunsAreSkipped) {
    const Strings s =
        read({"<si><t>\xE6\xBC\xA2\xE5\xAD\x97</t><rPh sb=\"0\" "
              "eb=\"2\"><t>\xE3\x82\xAB\xE3\x83\xB3\xE3\x82\xB8</t></rPh>"
              "<phoneticPr fontId=\"1\" type=\"noConversion\"/></si>",
              "<si><r><t>ab</t></r><rPh sb=\"0\" eb=\"1\"><t>X</t></rPh><r><t>c</t></r></si>"});
    ASSERT_EQ(s.count, 2u);
    EXPECT_EQ(s.wb.strings[0], "\xE6\xBC\xA2\xE5\xAD\x97");
    EXPECT_EQ(s.wb.strings[1], "abc");
}

TEST(XlsxSharedStringsTest, XstringEscapesAreDecoded) {
    const Strings s = read({"<si><t>line one_x000D_\nline two</t></si>",
                            "<si><t>literal _x005F_x000D_ kept</t></si>",
                            "<si><r><t>tab_x0009_</t></r><r><t>euro _x20AC_</t></r></si>"});
    ASSERT_EQ(s.count, 3u);
    EXPECT_EQ(s.wb.strings[0], "line one\r\nline two");
    EXPECT_EQ(s.wb.strings[1], "literal _x000D_ kept");
    EXPECT_EQ(s.wb.strings[2], "tab\teuro \xE2\x82\xAC");
}

TEST(XlsxSharedStringsTest, EmptyItemsKeepTheirIndex) {
    const Strings s = read({"<si/>", "<si><t/></si>", "<si><t></t></si>", "<si><t>last</t></si>"});
    ASSERT_EQ(s.count, 4u);
    EXPECT_EQ(s.wb.strings[0], "");
    EXPECT_EQ(s.wb.strings[1], "");
    EXPECT_EQ(s.wb.strings[2], "");
    EXPECT_EQ(s.wb.strings[3], "last");
}

TEST(XlsxSharedStringsTest, CdataText) {
    const Strings s = read({"<si><t><![CDATA[<b>not markup</b> & more]]></t></si>"});
    ASSERT_EQ(s.count, 1u);
    EXPECT_EQ(s.wb.strings[0], "<b>not markup</b> & more");
}

TEST(XlsxSharedStringsTest, BaseIsWherePoolStood) {
    const Strings s = read({"<si><t>x</t></si>", "<si><t>y</t></si>"}, {"already", "there"});
    EXPECT_EQ(s.base, 2u);
    EXPECT_EQ(s.count, 2u);
    ASSERT_EQ(s.wb.strings.size(), 4u);
    EXPECT_EQ(s.wb.strings[2], "x");
    EXPECT_EQ(s.wb.strings[3], "y");
}

TEST(XlsxSharedStringsTest, ManyItemsInOrder) {
    std::vector<std::string> items;
    for (int i = 0; i < 20000; ++i) items.push_back("<si><t>s" + std::to_string(i) + "</t></si>");
    const Strings s = read(items);
    ASSERT_EQ(s.count, 20000u);
    EXPECT_EQ(s.wb.strings[0], "s0");
    EXPECT_EQ(s.wb.strings[12345], "s12345");
    EXPECT_EQ(s.wb.strings[19999], "s19999");
}

TEST(XlsxSharedStringsTest, PrefixedItems) {
    PartPackage package(
        "xl/sharedStrings.xml",
        "<x:sst xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<x:si><x:t>a</x:t></x:si><x:si><x:r><x:t>b</x:t></x:r></x:si></x:sst>");
    ZipPartStream stream = package.open();
    Workbook wb;
    std::size_t count = 0;
    read_shared_strings_part(stream, wb, count);
    ASSERT_EQ(count, 2u);
    EXPECT_EQ(wb.strings[0], "a");
    EXPECT_EQ(wb.strings[1], "b");
}

TEST(XlsxSharedStringsTest, ExternalEntityIsRefused) {
    PartPackage package(
        "xl/sharedStrings.xml",
        "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        "<sst><si><t>&xxe;</t></si></sst>");
    ZipPartStream stream = package.open();
    Workbook wb;
    std::size_t count = 0;
    try {
        read_shared_strings_part(stream, wb, count);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::xml_forbidden_dtd);
        EXPECT_EQ(e.part(), "xl/sharedStrings.xml");
    }
    EXPECT_TRUE(wb.strings.empty());
}

TEST(XlsxSharedStringsTest, MalformedIsXmlMalformed) {
    PartPackage package("xl/sharedStrings.xml", "<sst><si><t>a</si></sst>");
    ZipPartStream stream = package.open();
    Workbook wb;
    std::size_t count = 0;
    try {
        read_shared_strings_part(stream, wb, count);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::xml_malformed);
        EXPECT_EQ(e.part(), "xl/sharedStrings.xml");
        EXPECT_GE(e.offset(), 10);
    }
}

TEST(UnescapeXstringTest, DecodesOnlyWellFormedEscapes) {
    EXPECT_EQ(unescape_xstring("_x000D_"), "\r");
    EXPECT_EQ(unescape_xstring("_x000d_"), "\r");
    EXPECT_EQ(unescape_xstring("a_x0041_b"), "aAb");
    EXPECT_EQ(unescape_xstring("_x005F_x000D_"), "_x000D_");
    EXPECT_EQ(unescape_xstring("_x00E9_"), "\xC3\xA9");
    EXPECT_EQ(unescape_xstring("_x20AC_"), "\xE2\x82\xAC");
    EXPECT_EQ(unescape_xstring("_x0041"), "_x0041");
    EXPECT_EQ(unescape_xstring("_x41_"), "_x41_");
    EXPECT_EQ(unescape_xstring("_xZZZZ_"), "_xZZZZ_");
    EXPECT_EQ(unescape_xstring("_X0041_"), "_X0041_");
    EXPECT_EQ(unescape_xstring("plain_text"), "plain_text");
    EXPECT_EQ(unescape_xstring(""), "");
    EXPECT_EQ(unescape_xstring("_x0041__x0042_"), "AB");
}

TEST(RichTextTest, InlineStringNode) {
    pugi::xml_document doc;
    ASSERT_TRUE(
        doc.load_string("<is><r><t>a</t></r><r><t>b_x000A_</t></r><rPh><t>z</t></rPh></is>"));
    EXPECT_EQ(rich_text(doc.document_element()), "ab\n");
}

}  // namespace
}  // namespace kpimap::detail
