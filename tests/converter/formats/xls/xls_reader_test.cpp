// XLS reader: the LibreOffice-converted fixture (BIFF8) and damaged input.
#include <gtest/gtest.h>

#include "support/fixture_cells.hpp"

#include <filesystem>
#include <fstream>

#include "kpimap/reader.hpp"

namespace kpimap {
namespace {

namespace fs = std::filesystem;

const std::string& kFixtures = test_support::kFormatFixtures;
using test_support::cell_at;

TEST(XlsFixture, MatchesSource) {
    LoadResult r = load_workbook(kFixtures + "source.xls");
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    EXPECT_EQ(wb.format, SourceFormat::xls);
    EXPECT_FALSE(wb.date1904);
    ASSERT_EQ(wb.sheets.size(), 2u);
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(s.name, "Data");
    EXPECT_EQ(s.state, SheetState::visible);
    EXPECT_EQ(wb.sheets[1].name, "Hidden");
    EXPECT_EQ(wb.sheets[1].state, SheetState::hidden);

    const Cell& a1 = cell_at(s, "A1");
    EXPECT_EQ(wb.text(a1), "Indicator");
    EXPECT_TRUE(wb.style(a1).bold);
    // BIFF fills are palette indexes; the exact index is LibreOffice's choice.
    EXPECT_TRUE(wb.style(a1).fill_rgb.starts_with("indexed:")) << wb.style(a1).fill_rgb;
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
    EXPECT_EQ(wb.value_text(cell_at(s, "E3")), "2017-03-31T09:30:00");
    EXPECT_EQ(wb.value_text(cell_at(s, "E4")), "13:45:00");
    const Cell& a4 = cell_at(s, "A4");
    EXPECT_EQ(wb.text(a4), "Two\nlines");
    EXPECT_TRUE(wb.style(a4).wrap);
    EXPECT_EQ(cell_at(s, "B4").number, -7);
    // Formula cells (LibreOffice stores the OOXML booleans as =TRUE()/=FALSE()) keep their
    // cached results from the BIFF scan; .xls formula text is not read.
    const Cell& f2 = cell_at(s, "F2");
    EXPECT_EQ(wb.value_text(f2), "TRUE");
    EXPECT_EQ(wb.value_text(cell_at(s, "F3")), "FALSE");
    const Cell& b5 = cell_at(s, "B5");
    EXPECT_EQ(b5.type, CellType::number);
    EXPECT_EQ(b5.number, 158);
    EXPECT_EQ(b5.formula, kNoIndex);
    EXPECT_EQ(wb.text(cell_at(s, "A7")), "Merged note");
    ASSERT_EQ(s.merged.size(), 1u);
    EXPECT_EQ(range_to_a1(s.merged[0]), "A7:C7");
    EXPECT_EQ(s.cell_count(), 24u);
    const Sheet& hidden = wb.sheets[1];
    EXPECT_EQ(wb.text(cell_at(hidden, "A1")), "secret");
    EXPECT_EQ(cell_at(hidden, "B1").number, 42);
    // The one diagnostic says formula text was not read.
    ASSERT_EQ(wb.diagnostics.size(), 1u);
    EXPECT_EQ(wb.diagnostics[0].sheet, "Data");
    EXPECT_NE(wb.diagnostics[0].message.find("formula"), std::string::npos);
}

TEST(XlsFixture, OnlySheetListsOthersWithoutCells) {
    ReadOptions options;
    options.only_sheet = "Hidden";
    LoadResult r = load_workbook(kFixtures + "source.xls", options);
    ASSERT_TRUE(r) << r.status.message();
    ASSERT_EQ(r.workbook->sheets.size(), 2u);
    EXPECT_EQ(r.workbook->sheets[0].cell_count(), 0u);
    EXPECT_EQ(r.workbook->sheets[1].state, SheetState::hidden);
    EXPECT_EQ(r.workbook->sheets[1].cell_count(), 2u);
}

TEST(XlsFixture, MaxCellsIsEnforced) {
    ReadOptions options;
    options.limits.max_cells = 5;
    LoadResult r = load_workbook(kFixtures + "source.xls", options);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::too_large);
}

TEST(XlsDamaged, TruncatedCompoundFileIsRefusedWithDetail) {
    // Starts like an OLE file and names a Workbook stream, but holds nothing readable.
    std::string bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    bytes.resize(600, '\0');
    for (char c : std::string("Workbook")) {
        bytes.push_back(c);
        bytes.push_back('\0');
    }
    const fs::path path = fs::temp_directory_path() / "kpimap_xls_truncated.xls";
    std::ofstream(path, std::ios::binary) << bytes;
    LoadResult r = load_workbook(path.string());
    fs::remove(path);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::not_a_workbook);
    EXPECT_NE(r.status.detail.find("compound file is damaged"), std::string::npos)
        << r.status.detail;
}

TEST(XlsDamaged, TruncatedFixtureIsRefused) {
    std::ifstream in(kFixtures + "source.xls", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes.resize(bytes.size() / 2);
    const fs::path path = fs::temp_directory_path() / "kpimap_xls_half.xls";
    std::ofstream(path, std::ios::binary) << bytes;
    LoadResult r = load_workbook(path.string());
    fs::remove(path);
    // Either refused with a reason or read with a diagnostic: never a crash or a silent gap.
    if (r)
        EXPECT_FALSE(r.workbook->diagnostics.empty());
    else
        EXPECT_FALSE(r.status.detail.empty());
}

}  // namespace
}  // namespace kpimap
