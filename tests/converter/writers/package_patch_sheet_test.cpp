// patch_workbook() on the less common shapes of worksheet XML: shared and array formulas,
// merged ranges, namespace prefixes, rows and cells without r, blank and boolean writes,
// calcChain of several sheets, protection inherited from cell styles, .xlsm parts.
#include <gtest/gtest.h>

#include <map>

#include "formats/zip/zip_package.hpp"
#include "kpimap/package_patch.hpp"
#include "kpimap/reader.hpp"
#include "support/cell_writes.hpp"
#include "support/xlsx_builder.hpp"

namespace kpimap {
namespace {

using test_support::part_of;
using test_support::TempDir;
using test_support::XlsxBuilder;

constexpr const char* kDecl = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";

CellWrite write(const std::string& a1, CellWrite::Kind kind, double number = 0,
                const std::string& text = {}, const std::string& sheet = "Sheet1") {
    CellWrite w;
    w.sheet = sheet;
    w.cell = *parse_a1(a1);
    w.kind = kind;
    w.number = number;
    w.text = text;
    return w;
}

struct Fixture {
    TempDir dir;
    std::string in = dir.file("in.xlsx");
    std::string out = dir.file("out.xlsx");
};

TEST(PackagePatchSheet, ReplacingTheCellThatStoresASharedFormulaGivesTheOthersTheirOwnCopy) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(
        R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2+$A$1</f><v>3</v></c></row>)"
        R"(<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>5</v></c></row>)"
        R"(<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>7</v></c></row>)");
    b.write(f.in);
    PatchResult r = patch_workbook(f.in, {write("B1", CellWrite::Kind::number, 10)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(part_of(f.out, "xl/worksheets/sheet1.xml"),
              XlsxBuilder::worksheet(
                  R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>10</v></c></row>)"
                  R"(<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f>A2*2+$A$1</f></c></row>)"
                  R"(<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f>A3*2+$A$1</f></c></row>)"));
    ASSERT_EQ(r.report.notes.size(), 3u);
    EXPECT_NE(r.report.notes[1].find("shared formula of 2 other cells"), std::string::npos)
        << r.report.notes[1];
    EXPECT_NE(r.report.notes[2].find("2 cached formula values dropped"), std::string::npos)
        << r.report.notes[2];
    // The reader sees the same formulas as before in B2 and B3.
    LoadResult loaded = load_workbook(f.out);
    ASSERT_TRUE(loaded) << loaded.status.message();
    const Workbook& wb = *loaded.workbook;
    EXPECT_EQ(wb.strings[wb.sheets[0].find(*parse_a1("B3"))->formula], "A3*2+$A$1");
}

TEST(PackagePatchSheet, ReplacingACellThatBorrowsASharedFormulaLeavesTheGroupAlone) {
    Fixture f;
    XlsxBuilder b;
    const std::string master =
        R"(<row r="1"><c r="B1"><f t="shared" ref="B1:B2" si="0">A1</f><v>0</v></c></row>)";
    b.sheet_data(master + R"(<row r="2"><c r="B2"><f t="shared" si="0"/><v>0</v></c></row>)");
    b.write(f.in);
    PatchResult r = patch_workbook(f.in, {write("B2", CellWrite::Kind::number, 4)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(part_of(f.out, "xl/worksheets/sheet1.xml"),
              XlsxBuilder::worksheet(
                  R"(<row r="1"><c r="B1"><f t="shared" ref="B1:B2" si="0">A1</f></c></row>)"
                  R"(<row r="2"><c r="B2"><v>4</v></c></row>)"));
}

TEST(PackagePatchSheet, OneCellOfAnArrayFormulaCannotBeWritten) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(R"(<row r="1"><c r="A1"><f t="array" ref="A1:A2">B1:B2*2</f><v>2</v></c></row>)"
                 R"(<row r="2"><c r="A2"><v>4</v></c></row>)");
    b.write(f.in);
    PatchResult r = patch_workbook(f.in, {write("A2", CellWrite::Kind::number, 1)}, f.out);
    EXPECT_EQ(r.status.code, ErrorCode::invalid_write);
    EXPECT_NE(r.status.detail.find("A1:A2"), std::string::npos) << r.status.detail;
    EXPECT_FALSE(std::filesystem::exists(f.out));
    // The cell holding the array formula may be replaced.
    EXPECT_TRUE(patch_workbook(f.in, {write("A1", CellWrite::Kind::number, 1)}, f.out));
}

TEST(PackagePatchSheet, AWriteHiddenByAMergedRangeIsNoted) {
    Fixture f;
    XlsxBuilder b;
    b.set("xl/worksheets/sheet1.xml",
          XlsxBuilder::worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)", "",
                                 R"(<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>)"));
    b.write(f.in);
    PatchResult r = patch_workbook(f.in, {write("B2", CellWrite::Kind::number, 1)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    ASSERT_EQ(r.report.notes.size(), 1u);
    EXPECT_NE(r.report.notes[0].find("merged range A1:B2"), std::string::npos) << r.report.notes[0];
}

TEST(PackagePatchSheet, NewElementsUseTheSheetsNamespacePrefix) {
    Fixture f;
    XlsxBuilder b;
    const std::string head = std::string(kDecl) + "<x:worksheet xmlns:x=\"" + XlsxBuilder::kMain +
                             "\"><x:dimension ref=\"A1\"/><x:sheetData>";
    const std::string tail = "</x:sheetData></x:worksheet>";
    b.set("xl/worksheets/sheet1.xml",
          head + R"(<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>)" + tail);
    b.write(f.in);
    PatchResult r = patch_workbook(
        f.in, {write("B1", CellWrite::Kind::text, 0, "t"), write("A3", CellWrite::Kind::number, 2)},
        f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(part_of(f.out, "xl/worksheets/sheet1.xml"),
              std::string(kDecl) + "<x:worksheet xmlns:x=\"" + XlsxBuilder::kMain +
                  "\"><x:dimension ref=\"A1:B3\"/><x:sheetData>"
                  R"(<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>)"
                  R"(<x:c r="B1" t="inlineStr"><x:is><x:t>t</x:t></x:is></x:c></x:row>)"
                  R"(<x:row r="3"><x:c r="A3"><x:v>2</x:v></x:c></x:row>)" +
                  tail);
}

TEST(PackagePatchSheet, RowsAndCellsWithoutReferencesArePlacedByPosition) {
    Fixture f;
    XlsxBuilder b;
    // Row 1 and 2 without r; cells A and B without r.
    b.sheet_data(R"(<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>)"
                 R"(<row r="4"><c r="A4"><v>4</v></c></row>)");
    b.write(f.in);
    PatchResult r = patch_workbook(
        f.in,
        {write("B1", CellWrite::Kind::number, 20), write("C2", CellWrite::Kind::number, 30),
         write("A3", CellWrite::Kind::number, 40)},
        f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(
        part_of(f.out, "xl/worksheets/sheet1.xml"),
        XlsxBuilder::worksheet(
            R"(<row><c><v>1</v></c><c r="B1"><v>20</v></c></row>)"
            R"(<row><c><v>3</v></c><c r="C2"><v>30</v></c></row>)"
            R"(<row r="3"><c r="A3"><v>40</v></c></row><row r="4"><c r="A4"><v>4</v></c></row>)"));
}

TEST(PackagePatchSheet, BlankAndBooleanWritesAndTheLastOfTwoWritesWins) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(R"(<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>)");
    b.shared_strings({"<si><t>x</t></si>"});
    b.write(f.in);
    PatchResult r = patch_workbook(
        f.in,
        {write("A1", CellWrite::Kind::blank), write("B1", CellWrite::Kind::number, 5),
         write("B1", CellWrite::Kind::boolean, 1), write("C1", CellWrite::Kind::blank)},
        f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(part_of(f.out, "xl/worksheets/sheet1.xml"),
              XlsxBuilder::worksheet(
                  R"(<row r="1"><c r="A1" s="1"/><c r="B1" t="b"><v>1</v></c></row>)"));
    EXPECT_EQ(r.report.cells_written, 3u);  // A1, B1 (once), C1
    EXPECT_EQ(r.report.cells_changed, 2u);  // C1 was blank and stays so
}

TEST(PackagePatchSheet, CalcChainEntriesAreMatchedBySheetId) {
    Fixture f;
    XlsxBuilder b;
    // Two sheets whose sheetIds (5 and 2) are not their positions.
    std::string wb = std::string(kDecl) + "<workbook xmlns=\"" + XlsxBuilder::kMain +
                     "\" xmlns:r=\"" + XlsxBuilder::kRelNs +
                     "\"><sheets><sheet name=\"One\" sheetId=\"5\" r:id=\"rId1\"/>"
                     "<sheet name=\"Two\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
    b.set("xl/workbook.xml", wb);
    const std::string formula_row =
        R"(<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>2+2</f><v>4</v></c></row>)";
    b.set("xl/worksheets/sheet1.xml", XlsxBuilder::worksheet(formula_row));
    b.set("xl/worksheets/sheet2.xml", XlsxBuilder::worksheet(formula_row));
    b.add_workbook_rel("rId2", "worksheet", "worksheets/sheet2.xml");
    b.add_workbook_rel("rIdChain", "calcChain", "calcChain.xml");
    const std::string chain_head =
        std::string(kDecl) + "<calcChain xmlns=\"" + XlsxBuilder::kMain + "\">";
    b.set("xl/calcChain.xml", chain_head +
                                  R"(<c r="A1" i="5"/><c r="B1"/><c r="A1" i="2"/><c r="B1"/>)"
                                  "</calcChain>");
    b.write(f.in);
    PatchResult r =
        patch_workbook(f.in, {write("A1", CellWrite::Kind::number, 9, {}, "Two")}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(part_of(f.out, "xl/calcChain.xml"),
              chain_head + R"(<c r="A1" i="5"/><c r="B1"/><c r="B1" i="2"/></calcChain>)");
    EXPECT_EQ(part_of(f.out, "xl/worksheets/sheet1.xml"), XlsxBuilder::worksheet(formula_row));
}

TEST(PackagePatchSheet, ProtectionIsInheritedFromTheCellStyle) {
    Fixture f;
    XlsxBuilder b;
    // xf 0 inherits the unlocked cell style 1; xf 1 applies its own (default, locked) protection.
    b.styles(std::string(kDecl) + "<styleSheet xmlns=\"" + XlsxBuilder::kMain +
             "\"><cellStyleXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"0\">"
             "<protection locked=\"0\"/></xf></cellStyleXfs><cellXfs count=\"2\">"
             "<xf numFmtId=\"0\" xfId=\"1\"/><xf numFmtId=\"0\" xfId=\"1\" applyProtection=\"1\"/>"
             "</cellXfs></styleSheet>");
    b.set("xl/worksheets/sheet1.xml",
          XlsxBuilder::worksheet(
              R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"><v>1</v></c></row>)", "",
              R"(<sheetProtection sheet="true"/>)"));
    b.write(f.in);
    EXPECT_TRUE(patch_workbook(f.in, {write("A1", CellWrite::Kind::number, 2)}, f.out));
    EXPECT_EQ(patch_workbook(f.in, {write("B1", CellWrite::Kind::number, 2)}, f.out).status.code,
              ErrorCode::protected_cell);
}

TEST(PackagePatchSheet, MacroWorkbooksKeepTheirVbaProject) {
    Fixture f;
    f.in = f.dir.file("in.xlsm");
    f.out = f.dir.file("out.xlsm");
    XlsxBuilder b;
    std::string vba(4096, '\0');
    for (std::size_t i = 0; i < vba.size(); ++i) vba[i] = static_cast<char>(i * 7 % 251);
    b.set("xl/vbaProject.bin", vba);
    b.add_workbook_rel("rIdVba", "vbaProject", "vbaProject.bin");
    std::string types = XlsxBuilder::content_types();
    const std::string macro_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";
    types.replace(
        types.find("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        std::string("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
            .size(),
        macro_type);
    b.set("[Content_Types].xml", types);
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {write("A1", CellWrite::Kind::number, 1)}, f.out));
    EXPECT_EQ(part_of(f.out, "xl/vbaProject.bin"), vba);
    EXPECT_EQ(part_of(f.out, "[Content_Types].xml"), types);
    EXPECT_EQ(part_of(f.out, "xl/_rels/workbook.xml.rels"),
              part_of(f.in, "xl/_rels/workbook.xml.rels"));
}

TEST(PackagePatchSheet, TableHeadersStayTheTableColumnNames) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>Item</t></is></c></row>)"
                 R"(<row r="2"><c r="A2"><v>1</v></c></row>)");
    b.set("xl/worksheets/_rels/sheet1.xml.rels",
          XlsxBuilder::relationships({{"rId1", "table", "../tables/table1.xml"}}));
    b.set("xl/tables/table1.xml",
          std::string(kDecl) + "<table xmlns=\"" + XlsxBuilder::kMain +
              "\" id=\"1\" name=\"Table1\" displayName=\"Stock\" ref=\"A1:A2\">"
              "<tableColumns count=\"1\"><tableColumn id=\"1\" name=\"Item\"/></tableColumns>"
              "</table>");
    b.write(f.in);
    PatchResult header =
        patch_workbook(f.in, {write("A1", CellWrite::Kind::text, 0, "Thing")}, f.out);
    EXPECT_EQ(header.status.code, ErrorCode::invalid_write);
    EXPECT_NE(header.status.detail.find("table 'Stock'"), std::string::npos)
        << header.status.detail;
    // The same name again changes nothing; data cells may be written.
    EXPECT_TRUE(patch_workbook(
        f.in,
        {write("A1", CellWrite::Kind::text, 0, "Item"), write("A2", CellWrite::Kind::number, 5)},
        f.out));
}

TEST(PackagePatchSheet, AUtf16SheetIsRewrittenAsUtf8) {
    Fixture f;
    XlsxBuilder b;
    const std::string xml =
        R"(<?xml version="1.0" encoding="UTF-16" standalone="yes"?>)"
        "<worksheet xmlns=\"" +
        std::string(XlsxBuilder::kMain) +
        "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
    std::string utf16 = "\xFF\xFE";
    for (char c : xml) {
        utf16.push_back(c);
        utf16.push_back('\0');
    }
    b.set("xl/worksheets/sheet1.xml", utf16);
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {write("A1", CellWrite::Kind::number, 2)}, f.out));
    std::string expected = xml;
    expected.replace(expected.find("UTF-16"), 6, "UTF-8");
    expected.replace(expected.find("<v>1</v>"), 8, "<v>2</v>");
    EXPECT_EQ(part_of(f.out, "xl/worksheets/sheet1.xml"), expected);
    LoadResult loaded = load_workbook(f.out);
    ASSERT_TRUE(loaded) << loaded.status.message();
    EXPECT_EQ(loaded.workbook->sheets[0].find({0, 0})->number, 2);
}

TEST(PackagePatchSheet, TheOutputMayBeTheInputItself) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(R"(<row r="1"><c r="A1"><v>1</v></c></row>)");
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {write("A1", CellWrite::Kind::number, 3)}, f.in));
    EXPECT_EQ(part_of(f.in, "xl/worksheets/sheet1.xml"),
              XlsxBuilder::worksheet(R"(<row r="1"><c r="A1"><v>3</v></c></row>)"));
}

TEST(PackagePatchSheet, NewCellsGoBeforeARowsExtensionList) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(R"(<row r="1"><c r="A1"><v>1</v><extLst><ext uri="x"/></extLst></c>)"
                 R"(<extLst><ext uri="y"/></extLst></row>)");
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {write("B1", CellWrite::Kind::number, 2)}, f.out));
    EXPECT_EQ(
        part_of(f.out, "xl/worksheets/sheet1.xml"),
        XlsxBuilder::worksheet(R"(<row r="1"><c r="A1"><v>1</v><extLst><ext uri="x"/></extLst></c>)"
                               R"(<c r="B1"><v>2</v></c><extLst><ext uri="y"/></extLst></row>)"));
}

}  // namespace
}  // namespace kpimap
