// patch_workbook() and sheet protection: ranges opened by "Allow Users to Edit Ranges"
// (<protectedRanges>) are editable, password ranges and other locked cells are not, and
// --allow-protected never replaces a locked formula unless replace_locked_formulas says so.
// The real ASCS return template (../shared/real) is checked when present.
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
using test_support::XlsxBuilder;

struct Fixture {
    TempDir dir;
    std::string in = dir.file("in.xlsx");
    std::string out = dir.file("out.xlsx");
};

// Every cell locked (no styles part: the default format locks), sheet protected, two ranges
// opened without a password and one with.
void write_ranged(const std::string& path) {
    XlsxBuilder b;
    b.set("xl/worksheets/sheet1.xml",
          XlsxBuilder::worksheet(
              R"(<row r="1"><c r="A1"><f>B2*2</f><v>0</v></c><c r="B1"><v>5</v></c></row>)"
              R"(<row r="2"><c r="B2"><v>1</v></c></row>)",
              "",
              R"(<sheetProtection sheet="1" objects="1"/><protectedRanges>)"
              R"(<protectedRange sqref="B2:C3 E5" name="Inputs"/>)"
              R"(<protectedRange sqref="D4" name="Secret" algorithmName="SHA-512" )"
              R"(hashValue="abc=" saltValue="def=" spinCount="100000"/></protectedRanges>)"));
    b.write(path);
}

TEST(PackagePatchProtection, CellsOfEditableRangesTakeValuesWithProtectionOn) {
    Fixture f;
    write_ranged(f.in);
    const PatchResult r = patch_workbook(
        f.in, {number("Sheet1", "B2", 7), number("Sheet1", "C3", 8), number("Sheet1", "E5", 9)},
        f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.report.cells_changed, 3u);
    const std::string xml = part_of(f.out, "xl/worksheets/sheet1.xml");
    EXPECT_NE(xml.find(R"(<c r="E5"><v>9</v></c>)"), std::string::npos) << xml;
    EXPECT_NE(xml.find(R"(<sheetProtection sheet="1" objects="1"/>)"), std::string::npos);
    EXPECT_NE(xml.find(R"(<protectedRange sqref="B2:C3 E5" name="Inputs"/>)"), std::string::npos);
}

TEST(PackagePatchProtection, LockedCellsOutsideTheRangesAndPasswordRangesAreRefused) {
    Fixture f;
    write_ranged(f.in);
    for (const char* cell : {"B1", "D3", "F5"}) {
        const PatchResult r = patch_workbook(f.in, {number("Sheet1", cell, 1)}, f.out);
        EXPECT_EQ(r.status.code, ErrorCode::protected_cell) << cell;
    }
    const PatchResult secret = patch_workbook(f.in, {number("Sheet1", "D4", 1)}, f.out);
    EXPECT_EQ(secret.status.code, ErrorCode::protected_cell);
    EXPECT_NE(secret.status.detail.find("'Secret'"), std::string::npos) << secret.status.detail;
    struct stat st {};
    EXPECT_NE(::stat(f.out.c_str(), &st), 0) << "a refused patch leaves no output";
    PatchOptions allow;
    allow.allow_protected = true;
    EXPECT_TRUE(
        patch_workbook(f.in, {number("Sheet1", "D4", 1), number("Sheet1", "B1", 1)}, f.out, allow));
}

TEST(PackagePatchProtection, AllowProtectedNeverReplacesALockedFormulaUnasked) {
    Fixture f;
    write_ranged(f.in);
    PatchOptions allow;
    allow.allow_protected = true;
    const PatchResult refused = patch_workbook(f.in, {number("Sheet1", "A1", 3)}, f.out, allow);
    EXPECT_EQ(refused.status.code, ErrorCode::protected_cell);
    EXPECT_NE(refused.status.detail.find("formula"), std::string::npos);
    allow.replace_locked_formulas = true;
    const PatchResult replaced = patch_workbook(f.in, {number("Sheet1", "A1", 3)}, f.out, allow);
    ASSERT_TRUE(replaced) << replaced.status.message();
    EXPECT_EQ(replaced.report.locked_formulas_replaced, 1u);
    EXPECT_EQ(part_of(f.out, "xl/worksheets/sheet1.xml").find("<f>"), std::string::npos);
}

// NHS Digital's ASCS return template locks every cell of 'Eligible Population' and opens
// D32:F49, D44 and D64:D65 with "Allow Users to Edit Ranges"; D2 holds a locked formula.
TEST(PackagePatchProtection, RealAscsTemplateInputCellsTakeValuesAndFormulasStay) {
    const std::string templ = std::string(KPIMAP_SHARED_DIR) + "/real/ascs_blank_data_return.xlsx";
    struct stat st {};
    if (::stat(templ.c_str(), &st) != 0) GTEST_SKIP() << templ << " is not present";
    TempDir dir;
    const std::string out = dir.file("out.xlsx");
    const std::string sheet = "Eligible Population";
    const PatchResult ok = patch_workbook(
        templ, {number(sheet, "D32", 120), number(sheet, "F49", 7), number(sheet, "D65", 3)}, out);
    ASSERT_TRUE(ok) << ok.status.message();
    EXPECT_EQ(ok.report.cells_changed, 3u);
    EXPECT_EQ(patch_workbook(templ, {number(sheet, "D26", 1)}, out).status.code,
              ErrorCode::protected_cell);
    PatchOptions allow;
    allow.allow_protected = true;
    EXPECT_EQ(patch_workbook(templ, {number(sheet, "D2", 1)}, out, allow).status.code,
              ErrorCode::protected_cell);
}

}  // namespace
}  // namespace kpimap
