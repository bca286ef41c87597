// workbook.xml: sheet order, names, states and relationship ids; the date system; defined names.
#include <gtest/gtest.h>

#include "formats/xlsx/xlsx_parts.hpp"

namespace kpimap::detail {
namespace {

WorkbookPart read(std::string xml) {
    return read_workbook_part(xml, "xl/workbook.xml");
}

std::string workbook(const std::string& inner) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
           "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
           inner + "</workbook>";
}

TEST(XlsxWorkbookPartTest, SheetsInOrderWithStates) {
    const WorkbookPart wb = read(workbook(
        "<sheets><sheet name=\"Summary\" sheetId=\"3\" r:id=\"rId3\"/>"
        "<sheet name=\"Lookups\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
        "<sheet name=\"Secret &amp; Co\" sheetId=\"2\" state=\"veryHidden\" r:id=\"rId2\"/>"
        "<sheet name=\"Shown\" sheetId=\"4\" state=\"visible\" r:id=\"rId4\"/></sheets>"));
    ASSERT_EQ(wb.sheets.size(), 4u);
    EXPECT_EQ(wb.sheets[0].name, "Summary");
    EXPECT_EQ(wb.sheets[0].rel_id, "rId3");
    EXPECT_EQ(wb.sheets[0].state, SheetState::visible);
    EXPECT_EQ(wb.sheets[1].name, "Lookups");
    EXPECT_EQ(wb.sheets[1].state, SheetState::hidden);
    EXPECT_EQ(wb.sheets[2].name, "Secret & Co");
    EXPECT_EQ(wb.sheets[2].state, SheetState::very_hidden);
    EXPECT_EQ(wb.sheets[3].state, SheetState::visible);
    EXPECT_FALSE(wb.date1904);
    EXPECT_TRUE(wb.names.empty());
}

TEST(XlsxWorkbookPartTest, Date1904AcceptsOneAndTrue) {
    EXPECT_TRUE(read(workbook("<workbookPr date1904=\"1\"/><sheets/>")).date1904);
    EXPECT_TRUE(read(workbook("<workbookPr date1904=\"true\"/><sheets/>")).date1904);
    EXPECT_FALSE(read(workbook("<workbookPr date1904=\"0\"/><sheets/>")).date1904);
    EXPECT_FALSE(read(workbook("<workbookPr date1904=\"false\"/><sheets/>")).date1904);
    EXPECT_FALSE(read(workbook("<workbookPr defaultThemeVersion=\"124226\"/><sheets/>")).date1904);
    EXPECT_FALSE(read(workbook("<sheets/>")).date1904);
}

TEST(XlsxWorkbookPartTest, DefinedNamesWithScopeAndHidden) {
    const WorkbookPart wb = read(workbook(
        "<sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"B\" sheetId=\"2\" "
        "r:id=\"rId2\"/></sheets><definedNames>"
        "<definedName name=\"Target\">A!$B$2</definedName>"
        "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"1\">B!$A$1:$D$20</definedName>"
        "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" "
        "hidden=\"1\">A!$A$1:$C$9</definedName>"
        "<definedName name=\"Rate\">=0.05</definedName>"
        "<definedName name=\"Bad\" localSheetId=\"x\">A!$A$1</definedName>"
        "</definedNames>"));
    ASSERT_EQ(wb.names.size(), 5u);
    EXPECT_EQ(wb.names[0].name, "Target");
    EXPECT_EQ(wb.names[0].refers_to, "A!$B$2");
    EXPECT_EQ(wb.names[0].local_sheet, std::nullopt);
    EXPECT_FALSE(wb.names[0].hidden);
    EXPECT_EQ(wb.names[1].name, "_xlnm.Print_Area");
    EXPECT_EQ(wb.names[1].local_sheet, std::optional<std::uint32_t>(1));
    EXPECT_EQ(wb.names[1].refers_to, "B!$A$1:$D$20");
    EXPECT_EQ(wb.names[2].local_sheet, std::optional<std::uint32_t>(0));
    EXPECT_TRUE(wb.names[2].hidden);
    EXPECT_EQ(wb.names[3].refers_to, "0.05");  // a leading '=' is dropped
    EXPECT_EQ(wb.names[4].local_sheet, std::nullopt);
}

TEST(XlsxWorkbookPartTest, PrefixedAndStrictNamespaces) {
    const WorkbookPart wb = read(
        "<x:workbook xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\" "
        "xmlns:rel=\"http://purl.oclc.org/ooxml/officeDocument/relationships\">"
        "<x:workbookPr date1904=\"true\"/><x:sheets><x:sheet name=\"S\" sheetId=\"1\" "
        "rel:id=\"rId9\"/></x:sheets></x:workbook>");
    ASSERT_EQ(wb.sheets.size(), 1u);
    EXPECT_EQ(wb.sheets[0].name, "S");
    EXPECT_EQ(wb.sheets[0].rel_id, "rId9");
    EXPECT_TRUE(wb.date1904);
}

TEST(XlsxWorkbookPartTest, MalformedIsXmlMalformed) {
    try {
        read(workbook("<sheets><sheet name=\"A\"></sheets>"));
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::xml_malformed);
        EXPECT_EQ(e.part(), "xl/workbook.xml");
        EXPECT_GT(e.offset(), 0);
    }
}

TEST(XlsxWorkbookPartTest, BillionLaughsIsRefusedWithoutExpansion) {
    std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
    for (int i = 1; i <= 9; ++i) {
        std::string refs;
        for (int k = 0; k < 10; ++k)
            refs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
        xml += "<!ENTITY lol" + std::to_string(i) + " \"" + refs + "\">";
    }
    xml += "]>" + workbook("<sheets><sheet name=\"&lol9;\" sheetId=\"1\" r:id=\"rId1\"/></sheets>")
                      .substr(std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").size());
    try {
        read(xml);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::xml_forbidden_dtd);
        EXPECT_EQ(e.part(), "xl/workbook.xml");
        EXPECT_EQ(e.offset(), static_cast<std::int64_t>(xml.find("<!DOCTYPE")));
        EXPECT_LT(e.detail().size(), 1000u);
    }
}

}  // namespace
}  // namespace kpimap::detail
