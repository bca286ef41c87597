// ODS reader: the LibreOffice-converted fixture and small packages built with libzip.
#include <gtest/gtest.h>

#include <zip.h>
#include "support/fixture_cells.hpp"
#include "support/temp_path.hpp"

#include <cmath>
#include <filesystem>

#include "formats/ods/ods_reader.hpp"
#include "kpimap/reader.hpp"

namespace kpimap {
namespace {

namespace fs = std::filesystem;

const std::string& kFixtures = test_support::kFormatFixtures;
using test_support::cell_at;

TEST(OdsFixture, MatchesSource) {
    LoadResult r = load_workbook(kFixtures + "source.ods");
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    EXPECT_EQ(wb.format, SourceFormat::ods);
    ASSERT_EQ(wb.sheets.size(), 2u);
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(s.name, "Data");
    EXPECT_EQ(s.state, SheetState::visible);
    EXPECT_EQ(wb.sheets[1].name, "Hidden");
    EXPECT_EQ(wb.sheets[1].state, SheetState::hidden);

    const Cell& a1 = cell_at(s, "A1");
    EXPECT_EQ(wb.text(a1), "Indicator");
    EXPECT_TRUE(wb.style(a1).bold);
    EXPECT_EQ(wb.style(a1).fill_rgb, "FFFFFF00");
    EXPECT_TRUE(wb.style(cell_at(s, "B1")).bold);
    EXPECT_EQ(wb.text(cell_at(s, "A2")), "Café £5 – ТВС");
    EXPECT_EQ(cell_at(s, "B2").type, CellType::number);
    EXPECT_EQ(cell_at(s, "B2").number, 120);
    EXPECT_EQ(cell_at(s, "C2").number, 0.822);
    const Cell& d2 = cell_at(s, "D2");
    EXPECT_EQ(d2.type, CellType::number);
    EXPECT_EQ(d2.number, 0.834);
    EXPECT_EQ(wb.style(d2).number_format, "0.0%");
    const Cell& e2 = cell_at(s, "E2");
    EXPECT_EQ(e2.type, CellType::date_time);
    EXPECT_EQ(wb.value_text(e2), "2016-12-31");
    EXPECT_TRUE(wb.style(e2).is_date);
    EXPECT_EQ(wb.style(e2).number_format, "yyyy-mm-dd");
    // LibreOffice turns an OOXML boolean into the formula =TRUE() with a numeric result.
    const Cell& f2 = cell_at(s, "F2");
    EXPECT_EQ(f2.type, CellType::number);
    EXPECT_EQ(f2.number, 1);
    EXPECT_EQ(wb.formula(f2), "TRUE()");
    EXPECT_EQ(wb.value_text(cell_at(s, "E3")), "2017-03-31T09:30:00");
    EXPECT_EQ(wb.style(cell_at(s, "E3")).number_format, "yyyy-mm-dd hh:mm:ss");
    const Cell& a4 = cell_at(s, "A4");
    EXPECT_EQ(wb.text(a4), "Two\nlines");
    EXPECT_TRUE(wb.style(a4).wrap);
    EXPECT_EQ(cell_at(s, "B4").number, -7);
    const Cell& e4 = cell_at(s, "E4");
    EXPECT_EQ(e4.type, CellType::date_time);
    EXPECT_EQ(wb.value_text(e4), "13:45:00");
    EXPECT_EQ(wb.style(e4).number_format, "hh:mm:ss");
    const Cell& b5 = cell_at(s, "B5");
    EXPECT_EQ(b5.number, 158);
    EXPECT_EQ(wb.formula(b5), "SUM(B2:B4)");
    EXPECT_EQ(wb.text(cell_at(s, "A7")), "Merged note");
    ASSERT_EQ(s.merged.size(), 1u);
    EXPECT_EQ(range_to_a1(s.merged[0]), "A7:C7");
    // 1M repeated empty rows and 16K repeated empty cells cost nothing.
    EXPECT_EQ(s.rows.size(), 6u);
    EXPECT_EQ(s.cell_count(), 24u);
    ASSERT_FALSE(s.columns.empty());
    EXPECT_EQ(s.columns[0].first, 0u);
    EXPECT_EQ(s.columns[0].last, 0u);
    EXPECT_NEAR(s.columns[0].width, 31.29, 0.01);  // 2.3335in, see odf_length_to_excel_width
    const Sheet& hidden = wb.sheets[1];
    EXPECT_EQ(wb.text(cell_at(hidden, "A1")), "secret");
    EXPECT_EQ(cell_at(hidden, "B1").number, 42);
    EXPECT_TRUE(wb.diagnostics.empty());
}

TEST(OdsFixture, OnlySheetListsOthersWithoutCells) {
    ReadOptions options;
    options.only_sheet = "Hidden";
    LoadResult r = load_workbook(kFixtures + "source.ods", options);
    ASSERT_TRUE(r) << r.status.message();
    ASSERT_EQ(r.workbook->sheets.size(), 2u);
    EXPECT_EQ(r.workbook->sheets[0].cell_count(), 0u);
    EXPECT_EQ(r.workbook->sheets[1].cell_count(), 2u);
}

constexpr const char* kHead =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">)";

class OdsTemp : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = (test_support::unique_temp_path(
                     "kpimap_ods_" +
                     std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                     ".ods"))
                    .string();
    }
    void TearDown() override { fs::remove(path_); }

    // Writes a package with these parts (name, text); mimetype first, as ODF requires.
    void write(std::vector<std::pair<std::string, std::string>> parts) {
        parts.insert(parts.begin(), {"mimetype", "application/vnd.oasis.opendocument.spreadsheet"});
        int error = 0;
        zip_t* z = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
        ASSERT_NE(z, nullptr);
        for (const auto& [name, text] : parts) {
            zip_source_t* src = zip_source_buffer(z, text.data(), text.size(), 0);
            ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE), 0);
        }
        ASSERT_EQ(zip_close(z), 0);
    }

    LoadResult load_body(const std::string& body, ReadOptions options = {}) {
        write({{"content.xml", std::string(kHead) + body + "</office:document-content>"}});
        return load_workbook(path_, options);
    }

    std::string path_;
};

std::string spreadsheet(const std::string& tables) {
    return "<office:body><office:spreadsheet>" + tables + "</office:spreadsheet></office:body>";
}

TEST_F(OdsTemp, HugeRepeatsAreNotMaterialised) {
    LoadResult r = load_body(spreadsheet(
        R"(<table:table table:name="S">)"
        R"(<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>)"
        R"(<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16380"/>)"
        R"(<table:table-cell office:value-type="float" office:value="7" table:number-columns-repeated="3"/></table:table-row>)"
        R"(<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>)"
        R"(</table:table>)"));
    ASSERT_TRUE(r) << r.status.message();
    const Sheet& s = r.workbook->sheets[0];
    ASSERT_EQ(s.rows.size(), 2u);
    EXPECT_EQ(s.rows[0].index, 1048570u);
    EXPECT_EQ(s.rows[1].index, 1048571u);
    EXPECT_EQ(s.cell_count(), 6u);
    EXPECT_EQ(range_to_a1(*s.used_range()), "XFA1048571:XFC1048572");
    EXPECT_TRUE(r.workbook->diagnostics.empty());
}

TEST_F(OdsTemp, RepeatedContentBeyondMaxCellsIsRefusedBeforeCopying) {
    ReadOptions options;
    options.limits.max_cells = 1000;
    LoadResult r = load_body(
        spreadsheet(
            R"(<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576">)"
            R"(<table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>)"
            R"(</table:table-row></table:table>)"),
        options);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::too_large);
    EXPECT_NE(r.status.detail.find("1000"), std::string::npos);
}

TEST_F(OdsTemp, ContentPastTheLastRowIsReported) {
    LoadResult r = load_body(spreadsheet(
        R"(<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"/>)"
        R"(<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>)"
        R"(</table:table>)"));
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.workbook->sheets[0].cell_count(), 0u);
    ASSERT_EQ(r.workbook->diagnostics.size(), 1u);
    EXPECT_NE(r.workbook->diagnostics[0].message.find("last row"), std::string::npos);
}

// Issue 9: nested table-row-group recursed once per level; ~300,000 levels overflowed the
// stack (SIGSEGV in release). The walk is iterative now.
TEST_F(OdsTemp, DeeplyNestedRowGroupsAreWalkedWithoutRecursion) {
    constexpr int kDepth = 300000;
    std::string groups;
    for (int i = 0; i < kDepth; ++i) groups += "<table:table-row-group>";
    groups += R"(<table:table-row><table:table-cell office:value-type="float" office:value="5"/>)"
              R"(</table:table-row>)";
    for (int i = 0; i < kDepth; ++i) groups += "</table:table-row-group>";
    LoadResult r = load_body(spreadsheet(R"(<table:table table:name="Deep">)" + groups +
                                         R"(<table:table-row><table:table-cell office:value-type="float" office:value="6"/></table:table-row>)"
                                         R"(</table:table>)"));
    ASSERT_TRUE(r) << r.status.message();
    const Sheet& s = r.workbook->sheets[0];
    ASSERT_EQ(s.cell_count(), 2u);
    EXPECT_EQ(cell_at(s, "A1").number, 5);
    EXPECT_EQ(cell_at(s, "A2").number, 6);  // the walk comes back out of the groups in order
}

// Issue 9: text:c="18446744073709551615" wrapped the space count check and ended as a misleading
// error; it is clipped to a cell's 32,767 characters, with a diagnostic.
TEST_F(OdsTemp, HugeSpaceCountIsClipped) {
    LoadResult r = load_body(spreadsheet(
        R"(<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string">)"
        R"(<text:p>a<text:s text:c="18446744073709551615"/>b<text:s text:c="3"/>c</text:p>)"
        R"(</table:table-cell></table:table-row></table:table>)"));
    ASSERT_TRUE(r) << r.status.message();
    const std::string_view text = r.workbook->text(cell_at(r.workbook->sheets[0], "A1"));
    EXPECT_EQ(text.size(), 32767u + 3u);
    EXPECT_TRUE(text.starts_with("a "));
    EXPECT_TRUE(text.ends_with(" bc"));
    ASSERT_EQ(r.workbook->diagnostics.size(), 1u);
    EXPECT_NE(r.workbook->diagnostics[0].message.find("clipped"), std::string::npos);
}

// content.xml is parsed whole, so it counts against the model budget before it is parsed.
TEST_F(OdsTemp, ContentLargerThanTheModelBudgetIsRefused) {
    ReadOptions options;
    options.limits.max_model_bytes = 64 * 1024;
    std::string rows;
    while (rows.size() < 40 * 1024)
        rows += R"(<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>)";
    LoadResult r = load_body(spreadsheet(R"(<table:table table:name="S">)" + rows + "</table:table>"),
                             options);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::too_large);
    EXPECT_NE(r.status.detail.find("--max-model-mb"), std::string::npos) << r.status.detail;
    options.limits.max_model_bytes = 1 << 20;
    EXPECT_TRUE(load_body(spreadsheet(R"(<table:table table:name="S">)" + rows + "</table:table>"),
                          options));
}

TEST_F(OdsTemp, TextValuesErrorsBooleansAndTimes) {
    LoadResult r = load_body(spreadsheet(
        R"(<table:table table:name="S"><table:table-row>)"
        R"(<table:table-cell office:value-type="string"><text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/><text:span>d<text:s/>e</text:span></text:p><text:p>second</text:p><office:annotation><text:p>comment</text:p></office:annotation></table:table-cell>)"
        R"(<table:table-cell office:value-type="string" calcext:value-type="error" table:formula="of:=1/0"><text:p>#DIV/0!</text:p></table:table-cell>)"
        R"(<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>)"
        R"(<table:table-cell office:value-type="time" office:time-value="PT36H00M00S"/>)"
        R"(<table:table-cell office:value-type="currency" office:currency="GBP" office:value="-1.5"/>)"
        R"(<table:table-cell office:value-type="float" office:value="abc"><text:p>abc</text:p></table:table-cell>)"
        R"(<table:table-cell><text:p>no type</text:p></table:table-cell>)"
        R"(<table:table-cell office:value-type="string" office:string-value="attr wins"><text:p>shown</text:p></table:table-cell>)"
        R"(</table:table-row></table:table>)"));
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(wb.text(cell_at(s, "A1")), "a   b\tc\nd e\nsecond");
    const Cell& b1 = cell_at(s, "B1");
    EXPECT_EQ(b1.type, CellType::error);
    EXPECT_EQ(wb.text(b1), "#DIV/0!");
    EXPECT_EQ(wb.formula(b1), "1/0");
    EXPECT_EQ(cell_at(s, "C1").type, CellType::boolean);
    EXPECT_EQ(cell_at(s, "C1").number, 1);
    EXPECT_EQ(cell_at(s, "D1").type, CellType::date_time);
    EXPECT_DOUBLE_EQ(cell_at(s, "D1").number, 1.5);
    EXPECT_EQ(cell_at(s, "E1").number, -1.5);
    const Cell& f1 = cell_at(s, "F1");
    EXPECT_EQ(f1.type, CellType::text);
    EXPECT_EQ(wb.text(f1), "abc");
    EXPECT_EQ(wb.text(cell_at(s, "G1")), "no type");
    EXPECT_EQ(wb.text(cell_at(s, "H1")), "attr wins");
    ASSERT_EQ(wb.diagnostics.size(), 1u);
    EXPECT_EQ(wb.diagnostics[0].cell, "F1");
    EXPECT_NE(wb.diagnostics[0].message.find("abc"), std::string::npos);
}

TEST_F(OdsTemp, MergesInRepeatedRowsAndHiddenSheetStyles) {
    LoadResult r = load_body(
        R"(<office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="false"/></style:style>)"
        R"(<number:percentage-style style:name="N1"><number:number number:decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>)"
        R"(<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/></office:automatic-styles>)" +
        spreadsheet(
            R"(<table:table table:name="Vis"><table:table-row-group><table:table-row table:number-rows-repeated="2">)"
            R"(<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1"/><table:covered-table-cell/>)"
            R"(<table:table-cell table:style-name="ce1" office:value-type="percentage" office:value="0.25"/>)"
            R"(</table:table-row></table:table-row-group></table:table>)"
            R"(<table:table table:name="Gone" table:style-name="ta1"/>)"));
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    const Sheet& s = wb.sheets[0];
    ASSERT_EQ(s.merged.size(), 2u);
    EXPECT_EQ(range_to_a1(s.merged[0]), "A1:B1");
    EXPECT_EQ(range_to_a1(s.merged[1]), "A2:B2");
    EXPECT_EQ(wb.style(cell_at(s, "C2")).number_format, "0.00%");
    EXPECT_EQ(wb.sheets[1].state, SheetState::hidden);
}

TEST_F(OdsTemp, EncryptedManifestIsRefused) {
    write(
        {{"META-INF/manifest.xml",
          R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">)"
          R"(<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>)"},
         {"content.xml", "\x01\x02binary"}});
    LoadResult r = load_workbook(path_);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::encrypted);
}

TEST_F(OdsTemp, DtdIsRefused) {
    write({{"content.xml", R"(<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>)"}});
    LoadResult r = load_workbook(path_);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::xml_forbidden_dtd);
    EXPECT_EQ(r.status.part, "content.xml");
}

TEST_F(OdsTemp, MalformedAndMissingContent) {
    write({{"content.xml", "<office:document-content><unclosed>"}});
    LoadResult bad = load_workbook(path_);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.status.code, ErrorCode::xml_malformed);
    write({{"styles.xml", "<x/>"}});
    LoadResult missing = load_workbook(path_);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.status.code, ErrorCode::missing_part);
}

TEST(OdsUnit, FormulaConversion) {
    using detail::odf_formula_to_excel;
    EXPECT_EQ(odf_formula_to_excel("of:=SUM([.A1:.A3])"), "SUM(A1:A3)");
    EXPECT_EQ(odf_formula_to_excel("of:=IF([.B2]>0;[.$C$2];\"a;[.b]\")"),
              "IF(B2>0,$C$2,\"a;[.b]\")");
    EXPECT_EQ(odf_formula_to_excel("of:=[$Sheet2.A1]+['My ''Data'''.B2:.C3]"),
              "Sheet2!A1+'My ''Data'''!B2:C3");
    EXPECT_EQ(odf_formula_to_excel("of:=SUM([$'Sheet 1'.A1:$'Sheet 1'.B2])"),
              "SUM('Sheet 1'!A1:B2)");
    EXPECT_EQ(odf_formula_to_excel("of:=[$S1.A1:$S2.A1]"), "S1!A1:S2!A1");
    EXPECT_EQ(odf_formula_to_excel("oooc:=TODAY()"), "TODAY()");
    EXPECT_EQ(odf_formula_to_excel("msoxl:=SUM(A1;B1)"), "SUM(A1;B1)");
    EXPECT_EQ(odf_formula_to_excel("=1+2"), "1+2");
    EXPECT_EQ(odf_formula_to_excel("of:=[unclosed"), "[unclosed");
}

TEST(OdsUnit, Durations) {
    using detail::odf_duration_to_days;
    EXPECT_DOUBLE_EQ(*odf_duration_to_days("PT12H00M00S"), 0.5);
    EXPECT_DOUBLE_EQ(*odf_duration_to_days("PT13H45M00S"), 13.75 / 24);
    EXPECT_DOUBLE_EQ(*odf_duration_to_days("P1DT6H"), 1.25);
    EXPECT_DOUBLE_EQ(*odf_duration_to_days("-PT6H"), -0.25);
    EXPECT_NEAR(*odf_duration_to_days("PT0H0M0.5S"), 0.5 / 86400, 1e-15);
    for (const char* bad : {"", "P", "PT", "12:00", "P1Y", "PT5X", "PT5"})
        EXPECT_FALSE(odf_duration_to_days(bad).has_value()) << bad;
}

TEST(OdsUnit, ColumnWidths) {
    using detail::odf_length_to_excel_width;
    EXPECT_NEAR(*odf_length_to_excel_width("1in"), (96.0 - 5) / 7, 0.01);
    EXPECT_NEAR(*odf_length_to_excel_width("2.54cm"), (96.0 - 5) / 7, 0.01);
    EXPECT_NEAR(*odf_length_to_excel_width("69px"), 9.14, 0.01);
    EXPECT_EQ(*odf_length_to_excel_width("0in"), 0.0);
    EXPECT_FALSE(odf_length_to_excel_width("3em").has_value());
    EXPECT_FALSE(odf_length_to_excel_width("in").has_value());
}

}  // namespace
}  // namespace kpimap
