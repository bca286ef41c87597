// patch_workbook() and data validation: a value the target cell's rule would make Excel reject
// (whole number, decimal, text length, list; classic <dataValidations> and the x14 extension
// list) is not written and is reported with the rule; rules Excel does not enforce
// (showErrorMessage absent) and custom formulas are not checked.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "formats/zip/zip_package.hpp"
#include "kpimap/package_patch.hpp"
#include "kpimap/reader.hpp"
#include "support/cell_writes.hpp"
#include "support/xlsx_builder.hpp"

namespace kpimap {
namespace {

using test_support::number;
using test_support::part_of;
using test_support::TempDir;
using test_support::text;
using test_support::XlsxBuilder;

// The rejected cells, as "A1=value".
std::vector<std::string> rejected(const PatchResult& r) {
    std::vector<std::string> out;
    for (const RejectedWrite& w : r.report.rejected) out.push_back(to_a1(w.cell) + "=" + w.value);
    return out;
}

constexpr const char* kX14Ext =
    R"(<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" )"
    R"(xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">)"
    R"(<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">)"
    R"(<x14:dataValidation type="list" allowBlank="1" showErrorMessage="1">)"
    R"(<x14:formula1><xm:f>'Code lists'!$A$1:$A$3</xm:f></x14:formula1>)"
    R"(<xm:sqref>E1:E9</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>)";

// Sheet1 with rules on B (whole 0..500), C (decimal > 0), D (inline list), E (x14 list from
// 'Code lists'), F (defined name list), G (text length <= 3), H (whole, not enforced),
// I (custom); 'Code lists' holds Yes / No / 12.
void write_validated(const std::string& path) {
    XlsxBuilder b;
    b.set("xl/workbook.xml",
          XlsxBuilder::workbook(
              {{"Sheet1", "rId1", ""}, {"Code lists", "rId2", ""}}, "",
              R"(<definedName name="Answers">'Code lists'!$A$1:$A$2</definedName>)"));
    b.add_workbook_rel("rId2", "worksheet", "worksheets/sheet2.xml");
    std::string types = XlsxBuilder::content_types();
    types.insert(
        types.find("</Types>"),
        R"(<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)");
    b.set("[Content_Types].xml", types);
    b.set(
        "xl/worksheets/sheet2.xml",
        XlsxBuilder::worksheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>Yes</t></is></c></row>)"
                               R"(<row r="2"><c r="A2" t="inlineStr"><is><t>No</t></is></c></row>)"
                               R"(<row r="3"><c r="A3"><v>12</v></c></row>)"));
    b.set(
        "xl/worksheets/sheet1.xml",
        XlsxBuilder::worksheet(
            R"(<row r="1"><c r="B1"><v>7</v></c></row>)", "",
            R"(<dataValidations count="7">)"
            R"(<dataValidation type="whole" allowBlank="1" showErrorMessage="1" sqref="B1:B9"><formula1>0</formula1><formula2>500</formula2></dataValidation>)"
            R"(<dataValidation type="decimal" operator="greaterThan" showErrorMessage="1" sqref="C1:C9"><formula1>0</formula1></dataValidation>)"
            R"(<dataValidation type="list" showErrorMessage="1" sqref="D1:D9"><formula1>"Red,Amber,Green"</formula1></dataValidation>)"
            R"(<dataValidation type="list" showErrorMessage="1" sqref="F1:F9"><formula1>Answers</formula1></dataValidation>)"
            R"(<dataValidation type="textLength" operator="lessThanOrEqual" showErrorMessage="1" sqref="G1:G9"><formula1>3</formula1></dataValidation>)"
            R"(<dataValidation type="whole" sqref="H1:H9"><formula1>0</formula1><formula2>1</formula2></dataValidation>)"
            R"(<dataValidation type="custom" showErrorMessage="1" sqref="I1:I9"><formula1>ISNUMBER(I1)</formula1></dataValidation>)"
            R"(</dataValidations>)" +
                std::string(kX14Ext)));
    b.write(path);
}

TEST(PackagePatchValidation, ValuesTheRuleRejectsAreReportedNotWritten) {
    TempDir dir;
    const std::string in = dir.file("in.xlsx"), out = dir.file("out.xlsx");
    write_validated(in);
    const PatchResult r = patch_workbook(
        in,
        {number("Sheet1", "B2", 12), number("Sheet1", "B3", 12.5), number("Sheet1", "B4", -1),
         text("Sheet1", "B5", "n/a"), number("Sheet1", "C2", 0.5), number("Sheet1", "C3", 0),
         text("Sheet1", "D2", "green"), text("Sheet1", "D3", "Blue"), text("Sheet1", "E2", "No"),
         number("Sheet1", "E3", 12), text("Sheet1", "E4", "Maybe"), text("Sheet1", "F2", "yes"),
         number("Sheet1", "F3", 12), text("Sheet1", "G2", "abc"), text("Sheet1", "G3", "abcd"),
         number("Sheet1", "H2", 99), text("Sheet1", "I2", "text")},
        out);
    ASSERT_TRUE(r) << r.status.message();
    // Reported in the order the sheet holds the cells: row by row.
    EXPECT_EQ(rejected(r), (std::vector<std::string>{"B3=12.5", "C3=0", "D3=Blue", "F3=12",
                                                     "G3=abcd", "B4=-1", "E4=Maybe", "B5=n/a"}));
    EXPECT_EQ(r.report.cells_written, 9u);
    ASSERT_EQ(r.report.rejected.size(), 8u);
    auto rule_of = [&](std::string_view cell) {
        for (const RejectedWrite& w : r.report.rejected)
            if (w.cell == *parse_a1(cell)) return w.rule;
        return std::string("(not rejected)");
    };
    EXPECT_EQ(rule_of("B3"), "allows only whole numbers between 0 and 500");
    EXPECT_EQ(rule_of("C3"), "allows only numbers greater than 0");
    EXPECT_NE(rule_of("D3").find("'Red', 'Amber', 'Green'"), std::string::npos);
    EXPECT_NE(rule_of("E4").find("'Yes', 'No', '12'"), std::string::npos) << rule_of("E4");
    EXPECT_EQ(rule_of("F3"), "allows only the list Answers ('Yes', 'No')");
    EXPECT_EQ(rule_of("G3"), "allows only text whose length is at most 3");
    const std::string xml = part_of(out, "xl/worksheets/sheet1.xml");
    EXPECT_NE(xml.find(R"(<c r="B2"><v>12</v></c>)"), std::string::npos) << xml;
    EXPECT_EQ(xml.find(R"(r="B3")"), std::string::npos) << "a rejected value is not written";
    EXPECT_EQ(xml.find("Maybe"), std::string::npos);
    EXPECT_NE(xml.find(R"(r="H2")"), std::string::npos) << "a rule Excel does not enforce";
    EXPECT_NE(xml.find("x14:dataValidations"), std::string::npos) << "rules are kept";
}

TEST(PackagePatchValidation, OnlyRejectedWritesLeaveNoChange) {
    TempDir dir;
    const std::string in = dir.file("in.xlsx"), out = dir.file("out.xlsx");
    write_validated(in);
    const PatchResult r = patch_workbook(in, {number("Sheet1", "B1", 501)}, out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.report.cells_changed, 0u);
    EXPECT_EQ(r.report.rejected.size(), 1u);
    EXPECT_EQ(part_of(out, "xl/worksheets/sheet1.xml"), part_of(in, "xl/worksheets/sheet1.xml"));
}

// 'Eligible Population'!D32:F49 of NHS Digital's ASCS return allows whole numbers 0..1000000.
TEST(PackagePatchValidation, RealAscsTemplateRejectsAFraction) {
    const std::string templ = std::string(KPIMAP_SHARED_DIR) + "/real/ascs_blank_data_return.xlsx";
    struct stat st {};
    if (::stat(templ.c_str(), &st) != 0) GTEST_SKIP() << templ << " is not present";
    TempDir dir;
    const std::string sheet = "Eligible Population";
    const PatchResult r = patch_workbook(
        templ, {number(sheet, "D32", 120), number(sheet, "D33", 12.5)}, dir.file("out.xlsx"));
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.report.cells_written, 1u);
    EXPECT_EQ(rejected(r), std::vector<std::string>{"D33=12.5"});
    EXPECT_EQ(r.report.rejected[0].rule, "allows only whole numbers between 0 and 1000000");
}

}  // namespace
}  // namespace kpimap
