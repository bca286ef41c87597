// patch_workbook() and stale formula results: LibreOffice (default settings) ignores
// fullCalcOnLoad and shows cached <v> values, computing only formula cells without one, so the
// patcher drops the cached values of formulas that may depend on written cells. Expected XML is
// hand-written; the LibreOffice behaviour itself is checked in tests/writers_patch.
#include <gtest/gtest.h>

#include <map>

#include "formats/zip/zip_package.hpp"
#include "kpimap/package_patch.hpp"
#include "kpimap/reader.hpp"
#include "support/cell_writes.hpp"
#include "support/xlsx_builder.hpp"
#include "writers/package/package_parts.hpp"

namespace kpimap {
namespace {

using test_support::number;
using test_support::parts_of;
using test_support::TempDir;
using test_support::XlsxBuilder;

struct Fixture {
    TempDir dir;
    std::string in = dir.file("in.xlsx");
    std::string out = dir.file("out.xlsx");
};

TEST(PackagePatchRecalc, FormulaCellsOfAWrittenSheetLoseTheirCachedValues) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(
        R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="2"><f>A1*2</f><v>2</v></c>)"
        R"(<c r="C1" t="str"><f>A1&amp;"x"</f><v>1x</v></c><c r="D1"><f>A1</f><v/></c>)"
        R"(<c r="E1"><v>9</v></c></row>)"
        R"(<row r="2"><c r="A2"><f t="array" ref="A2:B2">A1*{1,2}</f><v>1</v></c>)"
        R"(<c r="B2"><v>2</v></c><c r="C2"><f t="shared" ref="C2:D2" si="0">A1+1</f><v>2</v></c>)"
        R"(<c r="D2"><f t="shared" si="0"/><v>3</v></c><c r="E2"><f>1+1</f></c></row>)");
    b.write(f.in);
    PatchResult r = patch_workbook(f.in, {number("Sheet1", "E1", 5)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    // Every <v> after an <f> goes (the empty <v/> too); values without a formula stay, among
    // them B2, which the array formula in A2 fills and which LibreOffice recomputes anyway.
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"),
              XlsxBuilder::worksheet(
                  R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="2"><f>A1*2</f></c>)"
                  R"(<c r="C1" t="str"><f>A1&amp;"x"</f></c><c r="D1"><f>A1</f></c>)"
                  R"(<c r="E1"><v>5</v></c></row>)"
                  R"(<row r="2"><c r="A2"><f t="array" ref="A2:B2">A1*{1,2}</f></c>)"
                  R"(<c r="B2"><v>2</v></c><c r="C2"><f t="shared" ref="C2:D2" si="0">A1+1</f></c>)"
                  R"(<c r="D2"><f t="shared" si="0"/></c><c r="E2"><f>1+1</f></c></row>)"));
    ASSERT_EQ(r.report.notes.size(), 1u);
    EXPECT_EQ(r.report.notes[0],
              "Sheet1: 6 cached formula values dropped, so they are recalculated when the file "
              "is opened");
    // The reader still sees every formula.
    LoadResult loaded = load_workbook(f.out);
    ASSERT_TRUE(loaded) << loaded.status.message();
    EXPECT_EQ(loaded.workbook->strings[loaded.workbook->sheets[0].find(*parse_a1("D2"))->formula],
              "B1+1");
}

TEST(PackagePatchRecalc, SheetsWhoseFormulasReachAWrittenSheetLoseThemTooOthersStayByteForByte) {
    Fixture f;
    XlsxBuilder b;
    // Inputs is written. Board reads it by name, Named through the defined name Total, Chain
    // reads Board (so, transitively, Inputs); Other reads only a sheet named Inputs2 (which
    // is not Inputs) and Plain has no formula.
    const std::vector<std::pair<std::string, std::string>> sheets = {
        {"Inputs", R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c></row>)"},
        {"Board view", R"(<row r="1"><c r="A1"><f>SUM(inputs!B1,1)</f><v>3</v></c></row>)"},
        {"Named", R"(<row r="1"><c r="A1"><f>Total*2</f><v>4</v></c></row>)"},
        {"Chain", R"(<row r="1"><c r="A1"><f>'Board view'!A1+1</f><v>4</v></c></row>)"},
        {"Other", R"(<row r="1"><c r="A1"><f>Inputs2!A1+1</f><v>1</v></c></row>)"},
        {"Inputs2", R"(<row r="1"><c r="A1"><v>0</v></c></row>)"},
        {"Plain", R"(<row r="1"><c r="A1"><v>7</v></c></row>)"},
    };
    std::vector<XlsxBuilder::SheetDecl> decls;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        decls.push_back({sheets[i].first, "rId" + n, ""});
        if (i > 0) b.add_workbook_rel("rId" + n, "worksheet", "worksheets/sheet" + n + ".xml");
        b.set("xl/worksheets/sheet" + n + ".xml", XlsxBuilder::worksheet(sheets[i].second));
    }
    b.set(
        "xl/workbook.xml",
        XlsxBuilder::workbook(decls, "", R"(<definedName name="Total">Inputs!$B$1</definedName>)"));
    b.write(f.in);

    PatchResult r = patch_workbook(f.in, {number("Inputs", "A1", 5)}, f.out);
    ASSERT_TRUE(r) << r.status.message();
    const auto in = parts_of(f.in), out = parts_of(f.out);
    EXPECT_EQ(out.at("xl/worksheets/sheet1.xml"),
              XlsxBuilder::worksheet(
                  R"(<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>A1*2</f></c></row>)"));
    EXPECT_EQ(out.at("xl/worksheets/sheet2.xml"),
              XlsxBuilder::worksheet(R"(<row r="1"><c r="A1"><f>SUM(inputs!B1,1)</f></c></row>)"));
    EXPECT_EQ(out.at("xl/worksheets/sheet3.xml"),
              XlsxBuilder::worksheet(R"(<row r="1"><c r="A1"><f>Total*2</f></c></row>)"));
    EXPECT_EQ(out.at("xl/worksheets/sheet4.xml"),
              XlsxBuilder::worksheet(R"(<row r="1"><c r="A1"><f>'Board view'!A1+1</f></c></row>)"));
    for (const char* same : {"xl/worksheets/sheet5.xml", "xl/worksheets/sheet6.xml",
                             "xl/worksheets/sheet7.xml", "xl/_rels/workbook.xml.rels"})
        EXPECT_EQ(out.at(same), in.at(same)) << same;
    EXPECT_EQ(r.report.parts_changed,
              (std::vector<std::string>{"xl/workbook.xml", "xl/worksheets/sheet1.xml",
                                        "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
                                        "xl/worksheets/sheet4.xml"}));
    const std::vector<std::string> notes = {
        "Inputs: 1 cached formula value dropped, so it is recalculated when the file is opened",
        "Board view: 1 cached formula value dropped (its formulas refer to a written sheet), so "
        "it is recalculated when the file is opened",
        "Named: 1 cached formula value dropped (its formulas refer to a written sheet), so it "
        "is recalculated when the file is opened",
        "Chain: 1 cached formula value dropped (its formulas refer to a written sheet), so it "
        "is recalculated when the file is opened"};
    EXPECT_EQ(r.report.notes, notes);
}

TEST(PackagePatchRecalc, NothingIsDroppedWhenNothingChangedOrRecalculationIsOff) {
    Fixture f;
    XlsxBuilder b;
    b.sheet_data(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c></row>)");
    b.write(f.in);
    // The same value: the sheet is not rewritten, so nothing is stale.
    PatchResult same = patch_workbook(f.in, {number("Sheet1", "A1", 1)}, f.out);
    ASSERT_TRUE(same) << same.status.message();
    EXPECT_EQ(parts_of(f.out), parts_of(f.in));
    PatchOptions options;
    options.full_calc_on_load = false;
    PatchResult off = patch_workbook(f.in, {number("Sheet1", "A1", 3)}, f.out, options);
    ASSERT_TRUE(off) << off.status.message();
    EXPECT_EQ(parts_of(f.out).at("xl/worksheets/sheet1.xml"),
              XlsxBuilder::worksheet(
                  R"(<row r="1"><c r="A1"><v>3</v></c><c r="B1"><f>A1*2</f><v>2</v></c></row>)"));
    EXPECT_TRUE(off.report.notes.empty());
}

TEST(PackagePatchRecalc, SheetNamesAndDefinedNamesAreMatchedAsReferencesOnly) {
    using detail::mentions_name;
    using detail::mentions_sheet;
    // Formula text as scan_formulas() gives it: lower-cased.
    EXPECT_TRUE(mentions_sheet("data!a1+1", "Data"));
    EXPECT_TRUE(mentions_sheet("sum('my data'!a1:b2)", "My Data"));
    EXPECT_TRUE(mentions_sheet("'o''brien'!a1", "O'Brien"));
    EXPECT_TRUE(mentions_sheet("sum(jan:data!a1)", "Data"));  // the end of a 3-D range
    EXPECT_TRUE(mentions_sheet("sum(data:mar!a1)", "Data"));  // its start
    EXPECT_FALSE(mentions_sheet("data2!a1", "Data"));
    EXPECT_FALSE(mentions_sheet("olddata!a1", "Data"));
    EXPECT_FALSE(mentions_sheet("a1*2", "A"));
    EXPECT_TRUE(mentions_name("total*2", "Total"));
    EXPECT_TRUE(mentions_name("sum(table1[value])", "Table1"));
    EXPECT_FALSE(mentions_name("subtotal(9,a1)", "Total"));
    EXPECT_FALSE(mentions_name("total_2*2", "Total"));

    const detail::FormulaScan scan =
        detail::scan_formulas(R"(<worksheet><sheetData><row><c><f>Data!A1&amp;"x"</f><v>1</v></c>)"
                              R"(<c><f t="shared" si="0"/></c></row></sheetData></worksheet>)");
    EXPECT_EQ(scan.formulas, 2u);
    EXPECT_EQ(scan.text, "data!a1&\"x\"\n");
}

}  // namespace
}  // namespace kpimap
