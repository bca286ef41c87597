// CSV reader: the LibreOffice-exported fixtures (UTF-8 and Windows-1252) and edge cases
// built in temporary files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "formats/csv/csv_reader.hpp"
#include "kpimap/reader.hpp"
#include "support/temp_path.hpp"

namespace kpimap {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(KPIMAP_FIXTURES_DIR) + "/formats/";

class CsvTemp : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = test_support::unique_temp_path(
            "kpimap_csv_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& bytes) {
        const fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    }

    Workbook load(const std::string& name, const std::string& bytes, ReadOptions options = {}) {
        LoadResult r = load_workbook(write(name, bytes), options);
        EXPECT_TRUE(r) << r.status.message();
        return r ? std::move(*r.workbook) : Workbook{};
    }

    fs::path dir_;
};

std::string text_at(const Workbook& wb, const Sheet& sheet, const char* a1) {
    const Cell* cell = sheet.find(*parse_a1(a1));
    if (!cell) return "<empty>";
    EXPECT_EQ(cell->type, CellType::text) << a1;
    return std::string(wb.text(*cell));
}

double number_at(const Sheet& sheet, const char* a1) {
    const Cell* cell = sheet.find(*parse_a1(a1));
    if (!cell) {
        ADD_FAILURE() << a1 << " is empty";
        return 0;
    }
    EXPECT_EQ(cell->type, CellType::number) << a1;
    return cell->number;
}

// Source content: tests/fixtures/formats/make_fixtures.sh. CSV keeps the first sheet only,
// values as LibreOffice displays them; everything but plain numbers is text.
void expect_source_content(const Workbook& wb, const std::string& a2) {
    ASSERT_EQ(wb.sheets.size(), 1u);
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(wb.format, SourceFormat::csv);
    EXPECT_EQ(text_at(wb, s, "A1"), "Indicator");
    EXPECT_EQ(text_at(wb, s, "F1"), "Met");
    EXPECT_EQ(text_at(wb, s, "A2"), a2);
    EXPECT_EQ(number_at(s, "B2"), 120);
    EXPECT_EQ(number_at(s, "C2"), 0.822);
    EXPECT_EQ(text_at(wb, s, "D2"), "83.4%");
    EXPECT_EQ(text_at(wb, s, "E2"), "2016-12-31");
    EXPECT_EQ(text_at(wb, s, "F2"), "TRUE");
    EXPECT_EQ(number_at(s, "C3"), 1.25);
    EXPECT_EQ(text_at(wb, s, "E3"), "2017-03-31 09:30:00");
    EXPECT_EQ(text_at(wb, s, "F3"), "FALSE");
    EXPECT_EQ(text_at(wb, s, "A4"), "Two\nlines");
    EXPECT_EQ(number_at(s, "B4"), -7);
    EXPECT_EQ(s.find(*parse_a1("C4")), nullptr);
    EXPECT_EQ(text_at(wb, s, "E4"), "13:45:00");
    // The formula's value as computed by LibreOffice; CSV has no formulas or merges.
    EXPECT_EQ(number_at(s, "B5"), 158);
    EXPECT_EQ(s.find(*parse_a1("B5"))->formula, kNoIndex);
    EXPECT_EQ(text_at(wb, s, "A7"), "Merged note");
    EXPECT_TRUE(s.merged.empty());
    ASSERT_EQ(s.rows.size(), 6u);  // row 6 is blank and not stored
    EXPECT_EQ(s.rows[5].index, 6u);
    EXPECT_EQ(s.cell_count(), 24u);
    EXPECT_TRUE(wb.diagnostics.empty());
}

TEST(CsvFixture, Utf8MatchesSource) {
    LoadResult r = load_workbook(kFixtures + "source_utf8.csv");
    ASSERT_TRUE(r) << r.status.message();
    EXPECT_EQ(r.workbook->sheets[0].name, "source_utf8");
    expect_source_content(*r.workbook, "Café £5 – ТВС");
}

TEST(CsvFixture, Windows1252MatchesSource) {
    // Cyrillic has no Windows-1252 code; LibreOffice wrote '?' for it.
    LoadResult r = load_workbook(kFixtures + "source_1252.csv");
    ASSERT_TRUE(r) << r.status.message();
    expect_source_content(*r.workbook, "Café £5 – ???");
}

TEST(CsvFixture, OnlySheetOtherNameListsSheetWithoutCells) {
    ReadOptions options;
    options.only_sheet = "Elsewhere";
    LoadResult r = load_workbook(kFixtures + "source_utf8.csv", options);
    ASSERT_TRUE(r) << r.status.message();
    ASSERT_EQ(r.workbook->sheets.size(), 1u);
    EXPECT_EQ(r.workbook->sheets[0].cell_count(), 0u);
}

TEST_F(CsvTemp, BomIsStripped) {
    Workbook wb = load("bom.csv", "\xEF\xBB\xBFName,Value\nx,1\n");
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(text_at(wb, s, "A1"), "Name");
    EXPECT_EQ(number_at(s, "B2"), 1);
}

TEST_F(CsvTemp, SemicolonDelimiterIsSniffed) {
    Workbook wb = load("semi.csv", "Area;Rate;Note\nE1;1,5;\"a;b\"\nE2;2;x\n");
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(text_at(wb, s, "A1"), "Area");
    EXPECT_EQ(text_at(wb, s, "B2"), "1,5");  // decimal commas stay text
    EXPECT_EQ(text_at(wb, s, "C2"), "a;b");
    EXPECT_EQ(number_at(s, "B3"), 2);
}

TEST_F(CsvTemp, TabDelimiterIsSniffed) {
    Workbook wb = load("tab.tsv", "a\tb, c\n1\t2\n");
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(text_at(wb, s, "B1"), "b, c");
    EXPECT_EQ(number_at(s, "B2"), 2);
}

TEST_F(CsvTemp, QuotedNewlinesQuotesAndLineEndings) {
    Workbook wb = load("quoted.csv", "a,\"line1\r\nline2\",\"say \"\"hi\"\"\"\r\nb,c\rd,e\n");
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(text_at(wb, s, "B1"), "line1\nline2");
    EXPECT_EQ(text_at(wb, s, "C1"), "say \"hi\"");
    EXPECT_EQ(text_at(wb, s, "A2"), "b");
    EXPECT_EQ(text_at(wb, s, "A3"), "d");
    EXPECT_EQ(text_at(wb, s, "B3"), "e");
    EXPECT_TRUE(wb.diagnostics.empty());
}

TEST_F(CsvTemp, UnterminatedQuoteIsReportedAndKept) {
    Workbook wb = load("open.csv", "a,b\n1,\"never closed\nstill here");
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(text_at(wb, s, "B2"), "never closed\nstill here");
    ASSERT_EQ(wb.diagnostics.size(), 1u);
    EXPECT_EQ(wb.diagnostics[0].cell, "B2");
    EXPECT_NE(wb.diagnostics[0].message.find("not closed"), std::string::npos);
}

TEST_F(CsvTemp, TextAfterClosingQuoteIsKeptWithDiagnostic) {
    Workbook wb = load("junk.csv", "\"ab\"cd,e\nf,g\n");
    EXPECT_EQ(text_at(wb, wb.sheets[0], "A1"), "abcd");
    ASSERT_EQ(wb.diagnostics.size(), 1u);
    EXPECT_EQ(wb.diagnostics[0].cell, "A1");
}

TEST_F(CsvTemp, EmptyFieldsAndBlankLinesStoreNothing) {
    Workbook wb = load("sparse.csv", "a,,c\n\n,,\nd\n");
    const Sheet& s = wb.sheets[0];
    ASSERT_EQ(s.rows.size(), 2u);
    EXPECT_EQ(s.rows[0].cells.size(), 2u);
    EXPECT_EQ(s.rows[1].index, 3u);
    EXPECT_EQ(text_at(wb, s, "A4"), "d");
}

TEST_F(CsvTemp, InvalidUtf8IsReadAsWindows1252) {
    Workbook wb = load("ansi.csv",
                       "name,cost\n\x93"
                       "Caf\xE9\x94,\xA3"
                       "5\n");
    const Sheet& s = wb.sheets[0];
    EXPECT_EQ(text_at(wb, s, "A2"), "\u201CCaf\u00E9\u201D");
    EXPECT_EQ(text_at(wb, s, "B2"),
              "\u00A3"
              "5");
}

TEST_F(CsvTemp, MaxCellsIsEnforced) {
    ReadOptions options;
    options.limits.max_cells = 3;
    LoadResult r = load_workbook(write("big.csv", "1,2\n3,4\n"), options);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status.code, ErrorCode::too_large);
}

TEST_F(CsvTemp, EmptyFileGivesOneEmptySheet) {
    Workbook wb = load("empty.csv", "");
    ASSERT_EQ(wb.sheets.size(), 1u);
    EXPECT_EQ(wb.sheets[0].name, "empty");
    EXPECT_TRUE(wb.sheets[0].rows.empty());
}

TEST_F(CsvTemp, AbsurdlyWideLineIsCappedWithDiagnostic) {
    std::string line(kMaxColumns + 10, ',');
    line += "tail\n";
    Workbook wb = load("wide.csv", "x\n" + line);
    EXPECT_EQ(wb.sheets[0].cell_count(), 1u);
    ASSERT_EQ(wb.diagnostics.size(), 1u);
    EXPECT_NE(wb.diagnostics[0].message.find("dropped"), std::string::npos);
}

TEST(CsvUnit, PlainNumberRules) {
    using detail::csv_plain_number;
    EXPECT_EQ(csv_plain_number("0"), 0.0);
    EXPECT_EQ(csv_plain_number("-12"), -12.0);
    EXPECT_EQ(csv_plain_number("0.822"), 0.822);
    EXPECT_EQ(csv_plain_number("1.5E-3"), 0.0015);
    EXPECT_EQ(csv_plain_number("2e10"), 2e10);
    EXPECT_EQ(csv_plain_number("123456789012345"), 123456789012345.0);
    for (const char* text :
         {"007",  "-007", "00.5", "+1", "1,000", "5%",   " 1",    "1 ",  ".5",  "5.",
          "1e",   "1e+",  "--1",  "-",  "",      "TRUE", "1e999", "NaN", "inf", "1234567890123456",
          "0x10", "£5"})
        EXPECT_FALSE(csv_plain_number(text).has_value()) << text;
}

TEST(CsvUnit, DelimiterSniffing) {
    using detail::csv_sniff_delimiter;
    EXPECT_EQ(csv_sniff_delimiter("a,b,c\n1,2,3\n"), ',');
    EXPECT_EQ(csv_sniff_delimiter("a;b;c\n1,5;2;3\n"), ';');
    EXPECT_EQ(csv_sniff_delimiter("a\tb\n1\t2\n"), '\t');
    EXPECT_EQ(csv_sniff_delimiter("\"x;y\",b\n\"1;2\",3\n"), ',');  // quotes respected
    EXPECT_EQ(csv_sniff_delimiter("single column\nvalues\n"), ',');
    EXPECT_EQ(csv_sniff_delimiter(""), ',');
}

TEST(CsvUnit, DecodeReportsEncoding) {
    std::string bom =
        "\xEF\xBB\xBF"
        "a";
    EXPECT_EQ(detail::csv_decode(bom), detail::CsvEncoding::utf8_bom);
    EXPECT_EQ(bom, "a");
    std::string ansi = "\x80";
    EXPECT_EQ(detail::csv_decode(ansi), detail::CsvEncoding::windows1252);
    EXPECT_EQ(ansi, "\u20AC");
}

// A byte-order mark says UTF-8, but the bytes decide (issue 9: a BOM followed by
// Windows-1252 text ended in an internal error).
TEST(CsvUnit, ByteOrderMarkIsNotTrustedOverTheBytes) {
    std::string lying = "\xEF\xBB\xBF" "Caf\xE9 \x80";
    EXPECT_EQ(detail::csv_decode(lying), detail::CsvEncoding::windows1252_bom);
    EXPECT_EQ(lying, "Caf\u00E9 \u20AC");
    // Mostly UTF-8 with one damaged byte: kept as UTF-8, for load_workbook to repair per cell.
    std::string damaged = "\xEF\xBB\xBF" "Caf\xC3\xA9 \xC2\xA3 and \xFF";
    EXPECT_EQ(detail::csv_decode(damaged), detail::CsvEncoding::utf8_damaged);
    EXPECT_EQ(damaged, "Caf\xC3\xA9 \xC2\xA3 and \xFF");
    // (split: "\xA9b" would be one hex escape, 0xA9B, and not the bytes A9 and "b")
    std::string plain_damaged = "a\xC3\xA9" "b\xFF";
    EXPECT_EQ(detail::csv_decode(plain_damaged), detail::CsvEncoding::utf8_damaged);
}

}  // namespace
}  // namespace kpimap
