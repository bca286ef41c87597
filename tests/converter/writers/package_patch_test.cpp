// patch_workbook(): small packages built part by part; the patched parts are compared with
// hand-written expected XML and every other part with the input's bytes.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "formats/zip/zip_package.hpp"
#include "kpimap/package_patch.hpp"
#include "kpimap/reader.hpp"
#include "support/cell_writes.hpp"
#include "support/xlsx_builder.hpp"

namespace kpimap {
namespace {

using test_support::number;
using test_support::parts_of;
using test_support::TempDir;
using test_support::text;
using test_support::XlsxBuilder;

constexpr const char* kDecl = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";

std::vector<std::string> names_of(const std::string& path) {
    detail::ZipPackage package(path, ReadLimits{});
    return package.names();
}

std::string sheet_xml(const std::string& rows, const std::string& before = "",
                      const std::string& after = "") {
    return XlsxBuilder::worksheet(rows, before, after);
}

// Expects every part other than `changed` to be byte-identical, and the entry order kept.
void expect_untouched_except(const std::string& before, const std::string& after,
                             const std::set<std::string>& changed,
                             const std::set<std::string>& removed = {}) {
    auto a = parts_of(before), b = parts_of(after);
    for (const auto& [name, bytes] : a) {
        if (removed.contains(name)) {
            EXPECT_FALSE(b.contains(name)) << name << " should be gone";
            continue;
        }
        ASSERT_TRUE(b.contains(name)) << name << " is missing from the output";
        if (!changed.contains(name)) {
            EXPECT_EQ(b[name], bytes) << name << " changed";
        }
    }
    std::vector<std::string> order_before;
    for (const std::string& n : names_of(before))
        if (!removed.contains(n)) order_before.push_back(n);
    EXPECT_EQ(names_of(after), order_before);
}

struct Fixture {
    TempDir dir;
    std::string in = dir.file("in.xlsx");
    std::string out = dir.file("out.xlsx");
};

TEST(PackagePatch, ReplacesAnExistingValueKeepingItsStyleAndCopiesEverythingElse) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(R"(<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>)");
    b.shared_strings({"<si><t>keep</t></si>"});
    b.set("xl/worksheets/sheet1.xml",
          sheet_xml(R"(<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>)",
                    R"(<dimension ref="A1:B1"/>)",
                    R"(<mergeCells count="1"><mergeCell ref="C3:D4"/></mergeCells>)"));
    b.write(f.in);

    PatchResult r = patch_workbook(f.in, {number("Sheet1", "A1", 2.5)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.report.cells_written, 1u);
    EXPECT_EQ(r.report.cells_changed, 1u);
    const auto out = parts_of(f.out);
    EXPECT_EQ(
        out.at("xl/worksheets/sheet1.xml"),
        sheet_xml(R"(<row r="1"><c r="A1" s="1"><v>2.5</v></c><c r="B1" t="s"><v>0</v></c></row>)",
                  R"(<dimension ref="A1:B1"/>)",
                  R"(<mergeCells count="1"><mergeCell ref="C3:D4"/></mergeCells>)"));
    expect_untouched_except(f.in, f.out, {"xl/worksheets/sheet1.xml", "xl/workbook.xml"});
    EXPECT_NE(out.at("xl/workbook.xml").find(R"(<calcPr fullCalcOnLoad="1"/></workbook>)"),
              std::string::npos)
        << out.at("xl/workbook.xml");
    EXPECT_EQ(r.report.parts_changed,
              (std::vector<std::string>{"xl/workbook.xml", "xl/worksheets/sheet1.xml"}));
    EXPECT_EQ(r.report.parts_copied, parts_of(f.in).size() - 2);
}

TEST(PackagePatch, InsertsCellsAndRowsInOrderAndGrowsTheDimension) {
    Fixture f;
    XlsxBuilder b;
    b.set("xl/worksheets/sheet1.xml",
          sheet_xml(R"(<row r="2" spans="1:4"><c r="A2"><v>1</v></c><c r="D2"><v>4</v></c></row>)"
                    R"(<row r="5"><c r="B5"><v>5</v></c></row>)",
                    R"(<dimension ref="A2:D5"/>)"));
    b.write(f.in);
    PatchResult r = patch_workbook(
        f.in,
        {number("Sheet1", "F2", 6), number("Sheet1", "C2", 3), number("Sheet1", "B3", 7),
         number("Sheet1", "A1", 8), number("Sheet1", "C7", 9), number("Sheet1", "A5", 10)},
        f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"),
              sheet_xml(R"(<row r="1"><c r="A1"><v>8</v></c></row>)"
                        R"(<row r="2" spans="1:6"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c>)"
                        R"(<c r="D2"><v>4</v></c><c r="F2"><v>6</v></c></row>)"
                        R"(<row r="3"><c r="B3"><v>7</v></c></row>)"
                        R"(<row r="5"><c r="A5"><v>10</v></c><c r="B5"><v>5</v></c></row>)"
                        R"(<row r="7"><c r="C7"><v>9</v></c></row>)",
                        R"(<dimension ref="A1:F7"/>)"));
    EXPECT_EQ(r.report.cells_changed, 6u);
    // The reader agrees on the values.
    LoadResult loaded = load_workbook(f.out);
    ASSERT_TRUE(loaded) << loaded.status.message();
    const Sheet& sheet = loaded.workbook->sheets[0];
    EXPECT_EQ(sheet.find(*parse_a1("C2"))->number, 3);
    EXPECT_EQ(sheet.find(*parse_a1("C7"))->number, 9);
    EXPECT_EQ(sheet.find(*parse_a1("D2"))->number, 4);
}

TEST(PackagePatch, FillsEmptyRowsAndAnEmptySheetData) {
    Fixture f;
    XlsxBuilder b;
    b.set("xl/worksheets/sheet1.xml", sheet_xml(R"(<row r="1" ht="20" customHeight="1"/>)"));
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {number("Sheet1", "B1", 1)}, f.out));
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"),
              sheet_xml(R"(<row r="1" ht="20" customHeight="1"><c r="B1"><v>1</v></c></row>)"));

    // An empty row followed at once by a new row: the new row goes after the whole first row.
    b.set("xl/worksheets/sheet1.xml",
          sheet_xml(R"(<row r="1"/><row r="3"><c r="A3"><v>3</v></c></row>)"));
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(
        f.in, {number("Sheet1", "A2", 2), number("Sheet1", "B1", 1), number("Sheet1", "A1", 0)},
        f.out));
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"),
              sheet_xml(R"(<row r="1"><c r="A1"><v>0</v></c><c r="B1"><v>1</v></c></row>)"
                        R"(<row r="2"><c r="A2"><v>2</v></c></row>)"
                        R"(<row r="3"><c r="A3"><v>3</v></c></row>)"));

    XlsxBuilder empty;
    empty.set("xl/worksheets/sheet1.xml",
              std::string(kDecl) + "<worksheet xmlns=\"" + XlsxBuilder::kMain +
                  "\"><sheetData/><pageMargins left=\"0.7\"/></worksheet>");
    empty.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {text("Sheet1", "A2", "x")}, f.out));
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"),
              std::string(kDecl) + "<worksheet xmlns=\"" + XlsxBuilder::kMain +
                  "\"><sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c>"
                  "</row></sheetData><pageMargins left=\"0.7\"/></worksheet>");
}

TEST(PackagePatch, WritesTextAsEscapedInlineStringsAndLeavesSharedStringsAlone) {
    Fixture f;
    XlsxBuilder b;
    b.shared_strings({"<si><t>old</t></si>"});
    b.sheet_data(R"(<row r="1"><c r="A1" s="2" t="s"><v>0</v></c></row>)");
    b.write(f.in);
    PatchResult r = patch_workbook(
        f.in, {text("Sheet1", "A1", "a & <b> _x0041_ \x01"), text("Sheet1", "B1", " pad ")}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"),
              sheet_xml(R"(<row r="1"><c r="A1" s="2" t="inlineStr"><is><t>a &amp; &lt;b&gt; )"
                        R"(_x005F_x0041_ _x0001_</t></is></c>)"
                        R"(<c r="B1" t="inlineStr"><is><t xml:space="preserve"> pad </t></is></c>)"
                        R"(</row>)"));
    expect_untouched_except(f.in, f.out, {"xl/worksheets/sheet1.xml", "xl/workbook.xml"});
    LoadResult loaded = load_workbook(f.out);
    ASSERT_TRUE(loaded) << loaded.status.message();
    const Workbook& wb = *loaded.workbook;
    EXPECT_EQ(wb.strings[wb.sheets[0].find({0, 0})->text], "a & <b> _x0041_ \x01");
    EXPECT_EQ(wb.strings[wb.sheets[0].find({0, 1})->text], " pad ");
}

TEST(PackagePatch, SameValuesChangeNothing) {
    Fixture f;
    XlsxBuilder b;
    b.shared_strings({"<si><t>same</t></si>"});
    b.sheet_data(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c>)"
                 R"(<c r="C1" t="b"><v>1</v></c></row>)");
    b.write(f.in);
    CellWrite flag = number("Sheet1", "C1", 1);
    flag.kind = CellWrite::Kind::boolean;
    PatchResult r = patch_workbook(
        f.in, {text("Sheet1", "A1", "same"), number("Sheet1", "B1", 2.5), flag}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.report.cells_written, 3u);
    EXPECT_EQ(r.report.cells_changed, 0u);
    EXPECT_TRUE(r.report.parts_changed.empty());
    expect_untouched_except(f.in, f.out, {});
}

TEST(PackagePatch, NewCellsTakeTheStyleOfStyleFromOrTheRowOrTheColumn) {
    Fixture f;
    XlsxBuilder b;
    b.set("xl/worksheets/sheet1.xml",
          sheet_xml(R"(<row r="1"><c r="A1" s="3"><v>1</v></c></row>)"
                    R"(<row r="2" s="4" customFormat="1"><c r="A2"><v>1</v></c></row>)",
                    R"(<cols><col min="3" max="4" width="9" style="5" customWidth="1"/></cols>)"));
    b.write(f.in);
    CellWrite below = number("Sheet1", "A3", 2);
    below.style_from = *parse_a1("A1");
    // A4 takes its style from A3, which is new itself and took A1's.
    CellWrite chained = number("Sheet1", "A4", 5);
    chained.style_from = *parse_a1("A3");
    ASSERT_TRUE(patch_workbook(
        f.in, {chained, below, number("Sheet1", "B2", 3), number("Sheet1", "D5", 4)}, f.out));
    EXPECT_EQ(
        parts_of(f.out).at("xl/worksheets/sheet1.xml"),
        sheet_xml(R"(<row r="1"><c r="A1" s="3"><v>1</v></c></row>)"
                  R"(<row r="2" s="4" customFormat="1"><c r="A2"><v>1</v></c>)"
                  R"(<c r="B2" s="4"><v>3</v></c></row>)"
                  R"(<row r="3"><c r="A3" s="3"><v>2</v></c></row>)"
                  R"(<row r="4"><c r="A4" s="3"><v>5</v></c></row>)"
                  R"(<row r="5"><c r="D5" s="5"><v>4</v></c></row>)",
                  R"(<cols><col min="3" max="4" width="9" style="5" customWidth="1"/></cols>)"));
}

// A workbook with a formula in B1 (=A1*2) and C1 (=A1+1) and their calcChain.
XlsxBuilder formula_workbook(const std::string& chain_entries) {
    XlsxBuilder b;
    b.sheet_data(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c>)"
                 R"(<c r="C1"><f>A1+1</f><v>2</v></c></row>)");
    b.add_workbook_rel("rIdChain", "calcChain", "calcChain.xml");
    b.set("xl/calcChain.xml", std::string(kDecl) + "<calcChain xmlns=\"" + XlsxBuilder::kMain +
                                  "\">" + chain_entries + "</calcChain>");
    std::string types = XlsxBuilder::content_types();
    types.insert(
        types.find("</Types>"),
        R"(<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>)");
    b.set("[Content_Types].xml", types);
    std::string wb = XlsxBuilder::workbook({{"Sheet1", "rId1", ""}});
    wb.insert(wb.find("</workbook>"), R"(<calcPr calcId="191029"/>)");
    b.set("xl/workbook.xml", wb);
    return b;
}

TEST(PackagePatch, ReplacingAFormulaDropsItsCalcChainEntryAndNotesIt) {
    Fixture f;
    formula_workbook(R"(<c r="B1" i="1"/><c r="C1"/>)").write(f.in);
    PatchResult r =
        patch_workbook(f.in, {number("Sheet1", "B1", 7), number("Sheet1", "A1", 5)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    const auto out = parts_of(f.out);
    EXPECT_EQ(out.at("xl/worksheets/sheet1.xml"),
              sheet_xml(R"(<row r="1"><c r="A1"><v>5</v></c><c r="B1"><v>7</v></c>)"
                        R"(<c r="C1"><f>A1+1</f></c></row>)"));
    // C1 inherited i="1" from B1's entry; it now says so itself.
    EXPECT_EQ(out.at("xl/calcChain.xml"), std::string(kDecl) + "<calcChain xmlns=\"" +
                                              XlsxBuilder::kMain +
                                              "\"><c r=\"C1\" i=\"1\"/></calcChain>");
    EXPECT_NE(out.at("xl/workbook.xml").find(R"(<calcPr calcId="191029" fullCalcOnLoad="1"/>)"),
              std::string::npos);
    ASSERT_GE(r.report.notes.size(), 2u);
    EXPECT_NE(r.report.notes[0].find("Sheet1!B1"), std::string::npos) << r.report.notes[0];
    expect_untouched_except(f.in, f.out,
                            {"xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/calcChain.xml"});
}

TEST(PackagePatch, ACalcChainLeftEmptyIsRemovedWithItsRelationshipAndContentType) {
    Fixture f;
    formula_workbook(R"(<c r="B1" i="1"/><c r="C1"/>)").write(f.in);
    PatchResult r =
        patch_workbook(f.in, {number("Sheet1", "B1", 7), number("Sheet1", "C1", 8)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    const auto out = parts_of(f.out);
    EXPECT_FALSE(out.contains("xl/calcChain.xml"));
    EXPECT_EQ(out.at("xl/_rels/workbook.xml.rels").find("calcChain"), std::string::npos);
    EXPECT_EQ(out.at("[Content_Types].xml").find("calcChain"), std::string::npos);
    EXPECT_EQ(out.at("[Content_Types].xml"), XlsxBuilder::content_types());
    expect_untouched_except(f.in, f.out,
                            {"xl/worksheets/sheet1.xml", "xl/workbook.xml",
                             "xl/_rels/workbook.xml.rels", "[Content_Types].xml"},
                            {"xl/calcChain.xml"});
    LoadResult loaded = load_workbook(f.out);
    ASSERT_TRUE(loaded) << loaded.status.message();
}

TEST(PackagePatch, FullCalcOnLoadCanBeLeftOff) {
    Fixture f;
    formula_workbook(R"(<c r="B1" i="1"/><c r="C1"/>)").write(f.in);
    PatchOptions options;
    options.full_calc_on_load = false;
    ASSERT_TRUE(patch_workbook(f.in, {number("Sheet1", "A1", 5)}, f.out, options));
    expect_untouched_except(f.in, f.out, {"xl/worksheets/sheet1.xml"});
}

// Styles: xf 0 locked (the default), xf 1 unlocked.
std::string protection_styles() {
    return std::string(kDecl) + "<styleSheet xmlns=\"" + XlsxBuilder::kMain +
           "\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/>"
           "<xf numFmtId=\"0\" applyProtection=\"1\"><protection locked=\"0\"/></xf>"
           "</cellXfs></styleSheet>";
}

TEST(PackagePatch, LockedCellsOfProtectedSheetsAreRefusedUnlessAllowed) {
    Fixture f;
    XlsxBuilder b;
    b.styles(protection_styles());
    const std::string protection =
        R"(<sheetProtection algorithmName="SHA-512" sheet="1" objects="1" scenarios="1"/>)";
    b.set("xl/worksheets/sheet1.xml",
          sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"><v>2</v></c></row>)", "",
                    protection));
    b.write(f.in);

    PatchResult refused = patch_workbook(f.in, {number("Sheet1", "A1", 9)}, f.out);
    EXPECT_EQ(refused.status.code, ErrorCode::protected_cell);
    EXPECT_NE(refused.status.detail.find("Sheet1!A1"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(f.out));
    // A new cell takes the default (locked) format too.
    EXPECT_EQ(patch_workbook(f.in, {number("Sheet1", "C3", 9)}, f.out).status.code,
              ErrorCode::protected_cell);
    // Only the input is in the folder: no output, no temporary file.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(f.dir.path()),
                            std::filesystem::directory_iterator()),
              1);

    // The unlocked cell may be written.
    PatchResult unlocked = patch_workbook(f.in, {number("Sheet1", "B1", 9)}, f.out);
    ASSERT_TRUE(unlocked) << unlocked.status.message();

    PatchOptions allow;
    allow.allow_protected = true;
    PatchResult allowed = patch_workbook(f.in, {number("Sheet1", "A1", 9)}, f.out, allow);
    ASSERT_TRUE(allowed) << allowed.status.message();
    ASSERT_EQ(allowed.report.notes.size(), 1u);
    EXPECT_NE(allowed.report.notes[0].find("'Sheet1': 1 locked cell(s)"), std::string::npos);
    EXPECT_TRUE(unlocked.report.notes.empty());
    EXPECT_NE(parts_of(f.out).at("xl/worksheets/sheet1.xml").find(protection), std::string::npos);
}

TEST(PackagePatch, StructureProtectionIsReported) {
    Fixture f;
    XlsxBuilder b;
    std::string wb = XlsxBuilder::workbook({{"Sheet1", "rId1", ""}});
    wb.insert(wb.find("<sheets>"), R"(<workbookProtection lockStructure="1"/>)");
    b.set("xl/workbook.xml", wb);
    b.write(f.in);
    PatchResult r = patch_workbook(f.in, {number("Sheet1", "A1", 1)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_TRUE(r.report.structure_protected);
    EXPECT_NE(
        parts_of(f.out).at("xl/workbook.xml").find(R"(<workbookProtection lockStructure="1"/>)"),
        std::string::npos);
}

TEST(PackagePatch, AMissingSheetIsNamed) {
    Fixture f;
    XlsxBuilder().write(f.in);
    PatchResult r = patch_workbook(f.in, {number("Data", "A1", 1)}, f.out);
    EXPECT_EQ(r.status.code, ErrorCode::sheet_not_found);
    EXPECT_NE(r.status.detail.find("'Data'"), std::string::npos) << r.status.detail;
    EXPECT_NE(r.status.detail.find("'Sheet1'"), std::string::npos) << r.status.detail;
    EXPECT_FALSE(std::filesystem::exists(f.out));
}

TEST(PackagePatch, InvalidWritesAreRefused) {
    Fixture f;
    XlsxBuilder().write(f.in);
    EXPECT_EQ(patch_workbook(f.in, {number("Sheet1", "A1", std::nan(""))}, f.out).status.code,
              ErrorCode::invalid_write);
    CellWrite far = number("Sheet1", "A1", 1);
    far.cell.col = kMaxColumns;
    EXPECT_EQ(patch_workbook(f.in, {far}, f.out).status.code, ErrorCode::invalid_write);
    EXPECT_EQ(
        patch_workbook(f.in, {text("Sheet1", "A1", std::string(32768, 'x'))}, f.out).status.code,
        ErrorCode::invalid_write);
    EXPECT_FALSE(std::filesystem::exists(f.out));
}

TEST(PackagePatch, BadInputsGetTheReadersErrorsAndLeaveNothingBehind) {
    Fixture f;
    const auto code_for = [&](const std::string& path, PatchOptions options = {}) {
        PatchResult r = patch_workbook(path, {number("Sheet1", "A1", 1)}, f.out, options);
        EXPECT_FALSE(std::filesystem::exists(f.out)) << path;
        return r.status.code;
    };
    EXPECT_EQ(code_for(f.dir.file("absent.xlsx")), ErrorCode::file_not_found);

    test_support::write_file(f.dir.file("text.xlsx"), "a,b\n1,2\n");
    EXPECT_EQ(code_for(f.dir.file("text.xlsx")), ErrorCode::unsupported_format);

    XlsxBuilder().write(f.in);
    const std::string zip = test_support::read_file(f.in);
    test_support::write_file(f.dir.file("cut.xlsx"), zip.substr(0, zip.size() / 2));
    EXPECT_EQ(code_for(f.dir.file("cut.xlsx")), ErrorCode::corrupt_zip);

    test_support::write_zip(f.dir.file("ods.ods"),
                            {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}});
    EXPECT_EQ(code_for(f.dir.file("ods.ods")), ErrorCode::unsupported_format);

    XlsxBuilder dtd;
    dtd.set("xl/worksheets/sheet1.xml",
            std::string(kDecl) + "<!DOCTYPE x [<!ENTITY e \"boom\">]><worksheet xmlns=\"" +
                XlsxBuilder::kMain + "\"><sheetData/></worksheet>");
    dtd.write(f.dir.file("dtd.xlsx"));
    EXPECT_EQ(code_for(f.dir.file("dtd.xlsx")), ErrorCode::xml_forbidden_dtd);

    XlsxBuilder broken;
    broken.set("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row></sheetData>");
    broken.write(f.dir.file("broken.xlsx"));
    EXPECT_EQ(code_for(f.dir.file("broken.xlsx")), ErrorCode::xml_malformed);

    XlsxBuilder big;
    big.entry("xl/worksheets/sheet1.xml").repeat_unit = "<!-- padding padding -->";
    big.entry("xl/worksheets/sheet1.xml").repeat_count = 100000;
    big.set("xl/worksheets/sheet1.xml", sheet_xml(""));
    big.write(f.dir.file("big.xlsx"));
    PatchOptions tight;
    tight.limits.max_part_uncompressed = 100000;
    EXPECT_EQ(code_for(f.dir.file("big.xlsx"), tight), ErrorCode::zip_bomb);

    // A part that is only copied counts too: a 2 MB run of zeros in an image part.
    XlsxBuilder copied;
    copied.entry("xl/media/image1.png").repeat_unit = std::string(1024, '\0');
    copied.entry("xl/media/image1.png").repeat_count = 2 * 1024;
    copied.write(f.dir.file("copied.xlsx"));
    PatchOptions ratio;
    ratio.limits.ratio_grace_bytes = 1 << 20;
    ratio.limits.max_compression_ratio = 100;
    EXPECT_EQ(code_for(f.dir.file("copied.xlsx"), ratio), ErrorCode::zip_bomb);
    EXPECT_TRUE(patch_workbook(f.dir.file("copied.xlsx"), {number("Sheet1", "A1", 1)},
                               f.dir.file("copied.out.xlsx")));  // within the default limits
    std::filesystem::remove(f.dir.file("copied.out.xlsx"));

    // (The libzip of the wasm build has no crypto, so it cannot make the AES entry.)
    if (zip_encryption_method_supported(ZIP_EM_AES_128, 1)) {
        XlsxBuilder locked;
        locked.entry("xl/worksheets/sheet1.xml").password = "secret";
        locked.write(f.dir.file("aes.xlsx"));
        EXPECT_EQ(code_for(f.dir.file("aes.xlsx")), ErrorCode::encrypted);
    }

    // Nothing but the inputs is left in the folder: no temporary files either.
    for (const auto& entry : std::filesystem::directory_iterator(f.dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".kpimap-"), std::string::npos)
            << entry.path();
}

TEST(PackagePatch, AnExistingOutputIsReplacedAndAnUnwritableOneFails) {
    Fixture f;
    XlsxBuilder().write(f.in);
    test_support::write_file(f.out, "old");
    ASSERT_TRUE(patch_workbook(f.in, {number("Sheet1", "A1", 1)}, f.out));
    EXPECT_TRUE(load_workbook(f.out));
    PatchResult r =
        patch_workbook(f.in, {number("Sheet1", "A1", 1)}, f.dir.file("no/such/folder/out.xlsx"));
    EXPECT_EQ(r.status.code, ErrorCode::output_failed);
}

TEST(PackagePatch, CalcPrGoesInSchemaOrderOrIsSwitchedOn) {
    Fixture f;
    XlsxBuilder b;
    std::string wb = XlsxBuilder::workbook({{"Sheet1", "rId1", ""}}, "",
                                           R"(<definedName name="N">Sheet1!$A$1</definedName>)");
    wb.insert(wb.find("</workbook>"), R"(<extLst><ext uri="{x}"/></extLst>)");
    b.set("xl/workbook.xml", wb);
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {number("Sheet1", "A1", 1)}, f.out));
    std::string expected = wb;
    expected.insert(expected.find("<extLst>"), R"(<calcPr fullCalcOnLoad="1"/>)");
    EXPECT_EQ(parts_of(f.out).at("xl/workbook.xml"), expected);

    wb = XlsxBuilder::workbook({{"Sheet1", "rId1", ""}});
    wb.insert(wb.find("</workbook>"), R"(<calcPr calcId="1" fullCalcOnLoad="0"/>)");
    b.set("xl/workbook.xml", wb);
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {number("Sheet1", "A1", 1)}, f.out));
    expected = wb;
    expected.replace(expected.find(R"(fullCalcOnLoad="0")"), 18, R"(fullCalcOnLoad="1")");
    EXPECT_EQ(parts_of(f.out).at("xl/workbook.xml"), expected);
}

TEST(PackagePatch, AppendedRowsTakeTheLookOfTheStyleFromRow) {
    Fixture f;
    XlsxBuilder b;
    // The x14ac prefix must be declared for the input to be well-formed.
    std::string sheet = XlsxBuilder::worksheet(
        R"(<row r="1" spans="1:2" s="4" customFormat="1" ht="20" customHeight="1" )"
        R"(hidden="1" outlineLevel="1" x14ac:dyDescent="0.25"><c r="A1" s="3"><v>1</v></c></row>)");
    sheet.insert(sheet.find("<worksheet ") + 11,
                 R"(xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" )");
    b.set("xl/worksheets/sheet1.xml", sheet);
    b.write(f.in);
    CellWrite appended = number("Sheet1", "A2", 2);
    appended.style_from = *parse_a1("A1");
    ASSERT_TRUE(patch_workbook(f.in, {appended}, f.out));
    std::string expected = sheet;
    expected.insert(expected.find("</sheetData>"),
                    R"(<row r="2" s="4" customFormat="1" ht="20" customHeight="1" )"
                    R"(x14ac:dyDescent="0.25"><c r="A2" s="3"><v>2</v></c></row>)");
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"), expected);
}

TEST(PackagePatch, ALargeSheetIsDeflatedInBlocksThatReadBackWhole) {
    Fixture f;
    XlsxBuilder b;
    // About 9 MB of rows: three deflate blocks.
    std::string rows;
    for (int r = 1; r <= 120000; ++r)
        rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" +
                std::to_string(r * 7 % 1000) + "</v></c><c r=\"B" + std::to_string(r) +
                "\" t=\"inlineStr\"><is><t>row " + std::to_string(r) + "</t></is></c></row>";
    b.sheet_data(rows);
    b.write(f.in);
    ASSERT_TRUE(patch_workbook(f.in, {number("Sheet1", "A60000", 0.5)}, f.out));
    std::string expected = sheet_xml(rows);
    const std::string old_cell = R"(<c r="A60000"><v>)" + std::to_string(60000 * 7 % 1000) + "</v>";
    expected.replace(expected.find(old_cell), old_cell.size(), R"(<c r="A60000"><v>0.5</v>)");
    ASSERT_GT(expected.size(), 8u << 20);
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"), expected);
}

}  // namespace
}  // namespace kpimap
