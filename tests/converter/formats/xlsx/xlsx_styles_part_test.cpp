// styles.xml: number formats (custom and built-in) and whether they are dates, bold fonts,
// solid fills and wrapped text, mapped per cellXfs entry.
#include <gtest/gtest.h>

#include "formats/xlsx/xlsx_parts.hpp"

namespace kpimap::detail {
namespace {

std::string stylesheet(const std::string& inner) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
           "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
           inner + "</styleSheet>";
}

const std::string kFonts =
    "<fonts count=\"5\"><font><sz val=\"11\"/></font><font><b/><sz val=\"11\"/></font>"
    "<font><b val=\"0\"/></font><font><b val=\"false\"/></font><font><b "
    "val=\"true\"/></font></fonts>";
const std::string kFills =
    "<fills count=\"6\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill>"
    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFF0000\"/><bgColor "
    "indexed=\"64\"/></patternFill></fill>"
    "<fill><patternFill patternType=\"solid\"><fgColor theme=\"4\" "
    "tint=\"0.5\"/></patternFill></fill>"
    "<fill><patternFill patternType=\"solid\"><fgColor indexed=\"13\"/></patternFill></fill>"
    "<fill><patternFill patternType=\"darkGrid\"><fgColor "
    "rgb=\"FF00FF00\"/></patternFill></fill></fills>";

struct Styles {
    Workbook wb;
    std::vector<std::uint32_t> map;
    const CellStyle& xf(std::size_t i) const { return wb.styles.at(map.at(i)); }
};

Styles read(const std::string& inner) {
    Styles s;
    std::string xml = stylesheet(inner);
    s.map = read_styles_part(xml, "xl/styles.xml", s.wb);
    return s;
}

TEST(XlsxStylesPartTest, MapsEachXfAfterTheDefaultStyle) {
    const Styles s = read(kFonts +
                          "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"0\"/>"
                          "<xf numFmtId=\"0\"/></cellXfs>");
    ASSERT_EQ(s.map.size(), 3u);
    EXPECT_EQ(s.map[0], 1u);  // wb.styles[0] stays the default
    EXPECT_EQ(s.map[1], 2u);
    EXPECT_EQ(s.map[2], 3u);
    EXPECT_EQ(s.wb.styles.size(), 4u);
}

TEST(XlsxStylesPartTest, BuiltinNumberFormats) {
    const Styles s = read(
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"3\"/><xf numFmtId=\"9\"/><xf numFmtId=\"14\"/>"
        "<xf numFmtId=\"22\"/><xf numFmtId=\"46\"/><xf numFmtId=\"49\"/><xf "
        "numFmtId=\"10\"/></cellXfs>");
    EXPECT_EQ(s.xf(0).number_format, "General");
    EXPECT_FALSE(s.xf(0).is_date);
    EXPECT_EQ(s.xf(1).number_format, "#,##0");
    EXPECT_EQ(s.xf(1).number_format_id, 3u);
    EXPECT_FALSE(s.xf(1).is_date);
    EXPECT_EQ(s.xf(2).number_format, "0%");
    EXPECT_FALSE(s.xf(2).is_date);
    EXPECT_EQ(s.xf(3).number_format, "mm-dd-yy");
    EXPECT_EQ(s.xf(3).number_format_id, 14u);
    EXPECT_TRUE(s.xf(3).is_date);
    EXPECT_EQ(s.xf(4).number_format, "m/d/yy h:mm");
    EXPECT_TRUE(s.xf(4).is_date);
    EXPECT_EQ(s.xf(5).number_format, "[h]:mm:ss");
    EXPECT_TRUE(s.xf(5).is_date);
    EXPECT_EQ(s.xf(6).number_format, "@");
    EXPECT_FALSE(s.xf(6).is_date);
    EXPECT_EQ(s.xf(7).number_format, "0.00%");
}

TEST(XlsxStylesPartTest, CustomNumberFormats) {
    const Styles s = read(
        "<numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"0.0%\"/>"
        "<numFmt numFmtId=\"166\" formatCode=\"#,##0;[Red]\\-#,##0\"/>"
        "<numFmt numFmtId=\"167\" formatCode=\"[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy\"/></numFmts>"
        "<cellXfs><xf numFmtId=\"164\" applyNumberFormat=\"1\"/><xf numFmtId=\"165\"/>"
        "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"170\"/></cellXfs>");
    EXPECT_EQ(s.xf(0).number_format, "dd/mm/yyyy");
    EXPECT_EQ(s.xf(0).number_format_id, 164u);
    EXPECT_TRUE(s.xf(0).is_date);
    EXPECT_EQ(s.xf(1).number_format, "0.0%");
    EXPECT_FALSE(s.xf(1).is_date);
    EXPECT_EQ(s.xf(2).number_format, "#,##0;[Red]\\-#,##0");
    EXPECT_FALSE(s.xf(2).is_date);
    EXPECT_TRUE(s.xf(3).is_date);
    // An id with neither a custom nor a built-in code reads as General.
    EXPECT_EQ(s.xf(4).number_format, "General");
    EXPECT_FALSE(s.xf(4).is_date);
}

TEST(XlsxStylesPartTest, CustomCodeOverridesBuiltinId) {
    // Some producers redefine a built-in id with their own code; the declared code wins.
    const Styles s = read(
        "<numFmts><numFmt numFmtId=\"14\" formatCode=\"dd/mm/yyyy\"/>"
        "<numFmt numFmtId=\"2\" formatCode=\"0.000\"/></numFmts>"
        "<cellXfs><xf numFmtId=\"14\"/><xf numFmtId=\"2\"/></cellXfs>");
    EXPECT_EQ(s.xf(0).number_format, "dd/mm/yyyy");
    EXPECT_TRUE(s.xf(0).is_date);
    EXPECT_EQ(s.xf(1).number_format, "0.000");
    EXPECT_FALSE(s.xf(1).is_date);
}

TEST(XlsxStylesPartTest, BoldHonoursVal) {
    const Styles s = read(kFonts +
                          "<cellXfs><xf fontId=\"0\"/><xf fontId=\"1\"/><xf fontId=\"2\"/>"
                          "<xf fontId=\"3\"/><xf fontId=\"4\"/><xf fontId=\"99\"/><xf/></cellXfs>");
    EXPECT_FALSE(s.xf(0).bold);
    EXPECT_TRUE(s.xf(1).bold);
    EXPECT_FALSE(s.xf(2).bold);  // <b val="0"/>
    EXPECT_FALSE(s.xf(3).bold);  // <b val="false"/>
    EXPECT_TRUE(s.xf(4).bold);
    EXPECT_FALSE(s.xf(5).bold);  // font index out of range
    EXPECT_FALSE(s.xf(6).bold);
}

TEST(XlsxStylesPartTest, SolidFillColours) {
    const Styles s =
        read(kFills +
             "<cellXfs><xf fillId=\"0\"/><xf fillId=\"1\"/><xf fillId=\"2\"/>"
             "<xf fillId=\"3\"/><xf fillId=\"4\"/><xf fillId=\"5\"/><xf fillId=\"42\"/></cellXfs>");
    EXPECT_EQ(s.xf(0).fill_rgb, "");
    EXPECT_EQ(s.xf(1).fill_rgb, "");  // gray125 is not a solid fill
    EXPECT_EQ(s.xf(2).fill_rgb, "FFFF0000");
    EXPECT_EQ(s.xf(3).fill_rgb, "theme:4");
    EXPECT_EQ(s.xf(4).fill_rgb, "indexed:13");
    EXPECT_EQ(s.xf(5).fill_rgb, "");  // patterned, not solid
    EXPECT_EQ(s.xf(6).fill_rgb, "");
}

TEST(XlsxStylesPartTest, WrapText) {
    const Styles s = read(
        "<cellXfs><xf><alignment wrapText=\"1\"/></xf><xf><alignment wrapText=\"true\"/></xf>"
        "<xf><alignment wrapText=\"0\"/></xf><xf><alignment "
        "horizontal=\"center\"/></xf><xf/></cellXfs>");
    EXPECT_TRUE(s.xf(0).wrap);
    EXPECT_TRUE(s.xf(1).wrap);
    EXPECT_FALSE(s.xf(2).wrap);
    EXPECT_FALSE(s.xf(3).wrap);
    EXPECT_FALSE(s.xf(4).wrap);
}

TEST(XlsxStylesPartTest, CellStyleXfsAreNotCellFormats) {
    const Styles s = read(kFonts +
                          "<cellStyleXfs><xf fontId=\"1\"/><xf fontId=\"1\"/></cellStyleXfs>"
                          "<cellXfs><xf fontId=\"0\" xfId=\"0\"/></cellXfs>");
    ASSERT_EQ(s.map.size(), 1u);
    EXPECT_FALSE(s.xf(0).bold);
}

TEST(XlsxStylesPartTest, PrefixedElements) {
    std::string xml =
        "<x:styleSheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<x:numFmts><x:numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></x:numFmts>"
        "<x:fonts><x:font/><x:font><x:b/></x:font></x:fonts>"
        "<x:cellXfs><x:xf numFmtId=\"164\" fontId=\"1\"><x:alignment "
        "wrapText=\"1\"/></x:xf></x:cellXfs>"
        "</x:styleSheet>";
    Workbook wb;
    const auto map = read_styles_part(xml, "xl/styles.xml", wb);
    ASSERT_EQ(map.size(), 1u);
    const CellStyle& st = wb.styles.at(map[0]);
    EXPECT_EQ(st.number_format, "yyyy-mm-dd");
    EXPECT_TRUE(st.is_date);
    EXPECT_TRUE(st.bold);
    EXPECT_TRUE(st.wrap);
}

TEST(XlsxStylesPartTest, DoctypeIsRefused) {
    std::string xml =
        "<!DOCTYPE styleSheet [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" +
        stylesheet("<numFmts><numFmt numFmtId=\"164\" formatCode=\"&x;\"/></numFmts>");
    Workbook wb;
    try {
        read_styles_part(xml, "xl/styles.xml", wb);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::xml_forbidden_dtd);
        EXPECT_EQ(e.part(), "xl/styles.xml");
    }
    EXPECT_EQ(wb.styles.size(), 1u);
}

}  // namespace
}  // namespace kpimap::detail
