// XLS reader: the LibreOffice-converted fixture (BIFF8), workbooks built record by record for
// each BIFF feature, and damaged input.
#include <gtest/gtest.h>

#include "support/fixture_cells.hpp"
#include "support/xls_builder.hpp"
#include "support/xlsx_builder.hpp"

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
    bytes.append(2, '\0');  // the name's terminator, as directory entries hold it
    const test_support::TempDir dir;
    const fs::path path = dir.path() / "truncated.xls";
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
    const test_support::TempDir dir;
    const fs::path path = dir.path() / "half.xls";
    std::ofstream(path, std::ios::binary) << bytes;
    LoadResult r = load_workbook(path.string());
    fs::remove(path);
    // Either refused with a reason or read with a diagnostic: never a crash or a silent gap.
    if (r)
        EXPECT_FALSE(r.workbook->diagnostics.empty());
    else
        EXPECT_FALSE(r.status.detail.empty());
}

namespace b8 = test_support::biff8;
using test_support::biff8_workbook;
using test_support::compound_file;
using test_support::f64;
using test_support::le16;
using test_support::le32;
using test_support::record;
using test_support::XlsSheetSpec;

// Writes `bytes` to a temporary file named `name` and loads it.
LoadResult load_bytes(const std::string& bytes, const std::string& name = "built.xls",
                      const ReadOptions& options = {}) {
    const test_support::TempDir dir;
    const fs::path path = dir.path() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    LoadResult r = load_workbook(path.string(), options);
    fs::remove(path);
    return r;
}

// A workbook in a compound file: the stream padded past 4096 bytes (so it lives in sectors)
// unless `mini`.
std::string xls_file(std::string stream, const std::string& name = "Workbook") {
    return compound_file({{name, std::move(stream)}});
}

bool has_diagnostic(const Workbook& wb, std::string_view text) {
    for (const auto& d : wb.diagnostics)
        if (d.message.find(text) != std::string::npos) return true;
    return false;
}

// Globals with the XF records a workbook needs: 16 default XFs, then XF 16 with a date format
// (built-in 14), XF 17 with a custom time-only format 164 "h:mm", XF 18 bold font (index 5).
std::string globals_with_formats() {
    std::string g;
    for (int i = 0; i < 5; ++i)  // fonts 0-3 and 5 (index 4 does not exist)
        g += record(0x0031, le16(200) + le16(0) + le16(0x7FFF) + le16(i == 4 ? 700 : 400) +
                                std::string(8, '\0') + test_support::xl_string_latin1("Arial", 1));
    g += record(0x041E, le16(164) + test_support::xl_string_latin1("h:mm"));
    auto xf = [](std::uint16_t font, std::uint16_t format) {
        return record(0x00E0, le16(font) + le16(format) + std::string(16, '\0'));
    };
    for (int i = 0; i < 16; ++i) g += xf(0, 0);
    g += xf(0, 14);
    g += xf(0, 164);
    g += xf(5, 0);
    return g;
}

TEST(XlsBuilt, EveryCellRecordIsRead) {
    std::string sst = record(0x00FC, le32(2) + le32(2) + test_support::xl_string_latin1("shared") +
                                         test_support::xl_string_utf16(u"\u0416"));
    std::string cells;
    cells += b8::labelsst(0, 0, 0) + b8::labelsst(0, 1, 1);
    cells += b8::label(1, 0, "label");
    cells += b8::number(2, 0, 0.125);
    cells += record(0x027E, b8::cell_head(2, 1, 0) + le32(12345 << 2 | 0x03));  // RK 123.45
    // MULRK: row 3, columns 0-2.
    cells += record(0x00BD, le16(3) + le16(0) + le16(0) + le32(1 << 2 | 2) + le16(0) +
                                le32(2 << 2 | 2) + le16(0) + le32(3 << 2 | 2) + le16(2));
    cells += record(0x0205, b8::cell_head(4, 0, 0) + std::string("\x01\x00", 2));  // TRUE
    cells += record(0x0205, b8::cell_head(4, 1, 0) + std::string("\x07\x01", 2));  // #DIV/0!
    cells += record(0x0201, b8::cell_head(5, 0, 18));                              // BLANK
    cells += record(0x00BE, le16(5) + le16(1) + le16(0) + le16(0) + le16(2));      // MULBLANK
    cells += b8::formula(6, 0, 42);
    cells += b8::formula_special(6, 1, 0, 0) + b8::string_result("text result");
    cells += b8::formula_special(6, 2, 1, 1);     // TRUE
    cells += b8::formula_special(6, 3, 2, 0x2A);  // #N/A
    cells += b8::formula_special(6, 4, 3, 0);     // "" : an empty cell
    cells += b8::number(7, 0, 0.5, 18);           // bold
    const std::string stream = biff8_workbook(globals_with_formats() + sst, {{"Data", cells}});
    LoadResult r = load_bytes(xls_file(stream));
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    ASSERT_EQ(wb.sheets.size(), 1u);
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(wb.text(cell_at(s, "A1")), "shared");
    EXPECT_EQ(wb.text(cell_at(s, "B1")), "\xD0\x96");
    EXPECT_EQ(wb.text(cell_at(s, "A2")), "label");
    EXPECT_EQ(cell_at(s, "A3").number, 0.125);
    EXPECT_EQ(cell_at(s, "B3").number, 123.45);
    EXPECT_EQ(cell_at(s, "A4").number, 1);
    EXPECT_EQ(cell_at(s, "B4").number, 2);
    EXPECT_EQ(cell_at(s, "C4").number, 3);
    EXPECT_EQ(wb.value_text(cell_at(s, "A5")), "TRUE");
    EXPECT_EQ(cell_at(s, "B5").type, CellType::error);
    EXPECT_EQ(wb.text(cell_at(s, "B5")), "#DIV/0!");
    EXPECT_EQ(s.find({5, 0}), nullptr);  // BLANK and MULBLANK store nothing
    EXPECT_EQ(s.find({5, 1}), nullptr);
    EXPECT_EQ(cell_at(s, "A7").number, 42);
    EXPECT_EQ(wb.text(cell_at(s, "B7")), "text result");
    EXPECT_EQ(wb.value_text(cell_at(s, "C7")), "TRUE");
    EXPECT_EQ(wb.text(cell_at(s, "D7")), "#N/A");
    EXPECT_EQ(s.find({6, 4}), nullptr);
    EXPECT_TRUE(wb.style(cell_at(s, "A8")).bold);
    EXPECT_FALSE(wb.style(cell_at(s, "A3")).bold);
    EXPECT_EQ(s.cell_count(), 15u);
    EXPECT_TRUE(has_diagnostic(wb, "formula text is not read"));
}

TEST(XlsBuilt, DatesFollowTheirFormatAndThe1904System) {
    const std::string cells = b8::number(0, 0, 0, 16) +     // 1904-01-01 as a date
                              b8::number(0, 1, 0.75, 17) +  // 18:00 with "h:mm"
                              b8::number(0, 2, 3);
    const std::string globals = record(0x0022, le16(1)) + globals_with_formats();
    LoadResult r = load_bytes(xls_file(biff8_workbook(globals, {{"Dates", cells}})));
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    EXPECT_TRUE(wb.date1904);
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(cell_at(s, "A1").type, CellType::date_time);
    EXPECT_EQ(wb.value_text(cell_at(s, "A1")), "1904-01-01");
    EXPECT_EQ(cell_at(s, "B1").type, CellType::date_time);
    EXPECT_EQ(cell_at(s, "B1").number, 0.75);  // a time of day is not moved
    EXPECT_EQ(wb.style(cell_at(s, "B1")).number_format, "h:mm");
    EXPECT_EQ(cell_at(s, "C1").type, CellType::number);
    EXPECT_EQ(cell_at(s, "C1").number, 3);
}

TEST(XlsBuilt, SheetStatesChartSheetsAndMergedCells) {
    const std::string merged = record(0x00E5, le16(1) + le16(0) + le16(1) + le16(0) + le16(2));
    const std::string stream = biff8_workbook("", {{"Visible", b8::number(0, 0, 1) + merged, 0},
                                                   {"Hidden", b8::number(0, 0, 2), 1},
                                                   {"VeryHidden", b8::number(0, 0, 3), 2},
                                                   {"Chart", "", 0, 2}});
    LoadResult r = load_bytes(xls_file(stream));
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    ASSERT_EQ(wb.sheets.size(), 4u);
    EXPECT_EQ(wb.sheets[0].state, SheetState::visible);
    EXPECT_EQ(wb.sheets[1].state, SheetState::hidden);
    EXPECT_EQ(wb.sheets[2].state, SheetState::very_hidden);
    EXPECT_EQ(wb.sheets[2].cell_count(), 1u);
    EXPECT_EQ(wb.sheets[3].name, "Chart");
    EXPECT_EQ(wb.sheets[3].cell_count(), 0u);
    ASSERT_EQ(wb.sheets[0].merged.size(), 1u);
    EXPECT_EQ(range_to_a1(wb.sheets[0].merged[0]), "A1:C2");
}

TEST(XlsBuilt, AnUpperCaseBookStreamIsABiff5Workbook) {
    // BIFF5: BOF version 0x0500, 8-bit strings in the code page (1251 here).
    auto bof5 = [](std::uint16_t kind) {
        return record(0x0809, le16(0x0500) + le16(kind) + le16(0) + le16(0));
    };
    const std::string name = "\xCB\xE8\xF1\xF2";  // "Лист" in Windows-1251
    std::string globals = bof5(0x0005) + record(0x0042, le16(1251));
    const std::size_t sheet_at = globals.size() + 4 + 6 + 1 + name.size() + 4;
    globals += record(0x0085, le32(static_cast<std::uint32_t>(sheet_at)) + std::string(2, '\0') +
                                  std::string(1, static_cast<char>(name.size())) + name);
    globals += b8::eof();
    const std::string text = "\xC4\xE0";  // "Да"
    const std::string sheet =
        bof5(0x0010) + record(0x0204, b8::cell_head(0, 0, 0) + le16(2) + text) + b8::eof();
    LoadResult r = load_bytes(xls_file(globals + sheet, "BOOK"));
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    ASSERT_EQ(wb.sheets.size(), 1u);
    EXPECT_EQ(wb.sheets[0].name, "\xD0\x9B\xD0\xB8\xD1\x81\xD1\x82");
    EXPECT_EQ(wb.text(cell_at(wb.sheets[0], "A1")), "\xD0\x94\xD0\xB0");
}

TEST(XlsBuilt, ABareBiff4WorksheetIsOneSheetNamedAfterTheFile) {
    const std::string stream = record(0x0409, le16(0) + le16(0x0010) + le16(0)) +
                               record(0x0203, b8::cell_head(1, 1, 0) + f64(7)) +
                               record(0x0204, b8::cell_head(0, 0, 0) + le16(3) + "Old") + b8::eof();
    LoadResult r = load_bytes(stream, "excel4.xls");
    ASSERT_TRUE(r) << r.status.message();
    ASSERT_EQ(r.workbook->sheets.size(), 1u);
    EXPECT_EQ(r.workbook->sheets[0].name, "excel4");
    EXPECT_EQ(r.workbook->text(cell_at(r.workbook->sheets[0], "A1")), "Old");
    EXPECT_EQ(cell_at(r.workbook->sheets[0], "B2").number, 7);
}

TEST(XlsBuilt, AFilepassRecordIsRefusedAsEncryptedWithItsOffset) {
    const std::string stream =
        b8::bof(0x0005) + record(0x002F, le16(0) + le16(0x1234) + le16(0x5678)) + b8::eof();
    LoadResult r = load_bytes(xls_file(stream));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::encrypted);
    EXPECT_EQ(r.status.part, "Workbook");
    EXPECT_EQ(r.status.offset, 20);
    EXPECT_NE(r.status.detail.find("FILEPASS"), std::string::npos);
}

TEST(XlsBuilt, AWorkbookWithoutSheetsIsRefused) {
    LoadResult r = load_bytes(xls_file(b8::bof(0x0005) + b8::eof()));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::not_a_workbook);
    EXPECT_NE(r.status.detail.find("lists no sheets"), std::string::npos) << r.status.detail;
}

TEST(XlsBuilt, AStreamThatIsNotBiffIsRefused) {
    LoadResult r = load_bytes(xls_file(std::string(5000, 'x')));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::not_a_workbook);
    EXPECT_EQ(r.status.part, "Workbook");
    EXPECT_EQ(r.status.offset, 0);
}

TEST(XlsBuilt, ACompoundFileWithoutAWorkbookStreamNamesItsStreams) {
    LoadResult r = load_bytes(compound_file({{"WordDocument", std::string(100, 'w')}}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::not_a_workbook);
}

TEST(XlsBuilt, AWrongSheetOffsetFallsBackToTheSubstreamsInOrder) {
    std::string stream =
        biff8_workbook("", {{"One", b8::number(0, 0, 1)}, {"Two", b8::number(0, 0, 2)}});
    // The first BOUNDSHEET's offset (4 bytes after its header) now points into nowhere.
    const std::size_t boundsheet = stream.find(std::string("\x85\x00", 2));
    stream.replace(boundsheet + 4, 4, le32(3));
    LoadResult r = load_bytes(xls_file(stream));
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(cell_at(r.workbook->sheets[0], "A1").number, 1);
    EXPECT_EQ(cell_at(r.workbook->sheets[1], "A1").number, 2);
}

TEST(XlsBuilt, TwoSheetsOnOneSubstreamReadItOnce) {
    std::string stream =
        biff8_workbook("", {{"One", b8::number(0, 0, 1)}, {"Two", b8::number(0, 0, 2)}});
    const std::size_t first = stream.find(std::string("\x85\x00", 2));
    const std::size_t second = stream.find(std::string("\x85\x00", 2), first + 1);
    stream.replace(second + 4, 4, stream.substr(first + 4, 4));
    LoadResult r = load_bytes(xls_file(stream));
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.workbook->sheets[1].cell_count(), 0u);
    EXPECT_TRUE(has_diagnostic(*r.workbook, "records of an earlier sheet"));
}

TEST(XlsBuilt, DamagedRecordsCostThemselvesAndTheirDiagnosticsAreBounded) {
    std::string cells = b8::number(0, 0, 1);
    for (int i = 0; i < 100; ++i) cells += record(0x0203, "xx");  // NUMBER too short
    cells += b8::number(1, 0, 2);
    LoadResult r = load_bytes(xls_file(biff8_workbook("", {{"S", cells}})));
    ASSERT_TRUE(r) << r.status.message();
    const Workbook& wb = *r.workbook;
    EXPECT_EQ(wb.sheets[0].cell_count(), 2u);
    EXPECT_EQ(wb.diagnostics.size(), 21u);
    EXPECT_TRUE(has_diagnostic(wb, "80 more problems"));
}

TEST(XlsBuilt, NonFiniteNumbersAreReadAsNumErrors) {
    const std::string cells = b8::number(0, 0, std::numeric_limits<double>::quiet_NaN());
    LoadResult r = load_bytes(xls_file(biff8_workbook("", {{"S", cells}})));
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.workbook->text(cell_at(r.workbook->sheets[0], "A1")), "#NUM!");
    EXPECT_TRUE(has_diagnostic(*r.workbook, "not finite"));
}

TEST(XlsBuilt, TheLaterOfTwoRecordsForOneCellWins) {
    const std::string cells = b8::number(0, 0, 1) + b8::label(0, 0, "later");
    LoadResult r = load_bytes(xls_file(biff8_workbook("", {{"S", cells}})));
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.workbook->sheets[0].cell_count(), 1u);
    EXPECT_EQ(r.workbook->text(cell_at(r.workbook->sheets[0], "A1")), "later");
}

TEST(XlsBuilt, AnUnnamedSheetGetsAName) {
    LoadResult r = load_bytes(xls_file(biff8_workbook("", {{"", b8::number(0, 0, 1)}})));
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.workbook->sheets[0].name, "Sheet1");
    EXPECT_TRUE(has_diagnostic(*r.workbook, "has no name"));
}

TEST(XlsBuilt, ACutShortSheetKeepsItsCellsAndSaysSo) {
    std::string stream = biff8_workbook("", {{"S", b8::number(0, 0, 1) + b8::number(1, 0, 2)}});
    stream.resize(stream.size() - 6);  // the EOF and half of the last NUMBER are gone
    LoadResult r = load_bytes(xls_file(stream));
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.workbook->sheets[0].cell_count(), 1u);
    EXPECT_TRUE(has_diagnostic(*r.workbook, "without an EOF record"));
}

}  // namespace
}  // namespace kpimap
