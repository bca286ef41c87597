// Worksheet parts: cell positions with and without references, every cell type, shared
// formulas, repairs of out-of-order and duplicate input, dates from styles, and the outer
// elements (dimension, merged cells, columns).
#include <gtest/gtest.h>

#include <cmath>

#include "formats/xlsx/xlsx_parts.hpp"
#include "support/part_package.hpp"

namespace kpimap::detail {
namespace {

using test_support::PartPackage;
using test_support::XlsxBuilder;

// A workbook with a shared-string table, three styles (0 default, 1 a date, 2 bold) and a
// worksheet read from XML.
class WorksheetTest : public ::testing::Test {
protected:
    void SetUp() override {
        wb.strings = {"zero", "one", "two"};
        CellStyle date;
        date.number_format = "dd/mm/yyyy";
        date.number_format_id = 164;
        date.is_date = true;
        wb.styles.push_back(date);
        CellStyle bold;
        bold.bold = true;
        wb.styles.push_back(bold);
        xf_to_style = {0, 1, 2};
        sheet.name = "Data";
    }

    void read_xml(const std::string& xml, std::uint64_t max_cells = 1000000) {
        PartPackage package("xl/worksheets/sheet1.xml", xml);
        ZipPartStream stream = package.open();
        SheetContext context;
        context.shared_strings_base = 0;
        context.shared_strings_count = 3;
        context.xf_to_style = &xf_to_style;
        limits.max_cells = max_cells;
        ReadBudget budget(limits);
        DiagnosticLog log(wb.diagnostics);
        context.budget = &budget;
        context.log = &log;
        read_worksheet_part(stream, context, wb, sheet);
        log.flush();
    }
    void read_rows(const std::string& rows, const std::string& after = "") {
        read_xml(XlsxBuilder::worksheet(rows, "", after));
    }

    const Cell& at(const char* a1) {
        const Cell* cell = sheet.find(*parse_a1(a1));
        if (cell == nullptr) {
            ADD_FAILURE() << a1 << " is empty";
            static const Cell empty;
            return empty;
        }
        return *cell;
    }
    bool has(const char* a1) { return sheet.find(*parse_a1(a1)) != nullptr; }
    std::vector<std::string> addresses() {
        std::vector<std::string> out;
        for (const Row& row : sheet.rows)
            for (const Cell& c : row.cells) out.push_back(to_a1({row.index, c.col}));
        return out;
    }
    bool diagnosed(const std::string& cell, const std::string& fragment) {
        for (const ReadDiagnostic& d : wb.diagnostics)
            if (d.cell == cell && d.message.find(fragment) != std::string::npos) return true;
        return false;
    }

    Workbook wb;
    Sheet sheet;
    std::vector<std::uint32_t> xf_to_style;
    ReadLimits limits;
};

TEST_F(WorksheetTest, CellsWithoutReferenceFollowThePreviousCell) {
    read_rows(
        "<row r=\"2\"><c><v>1</v></c><c><v>2</v></c><c r=\"E2\"><v>3</v></c><c><v>4</v></c></row>");
    const std::vector<std::string> expected{"A2", "B2", "E2", "F2"};
    EXPECT_EQ(addresses(), expected);
    EXPECT_EQ(at("F2").number, 4);
}

TEST_F(WorksheetTest, CellsPastTheLastColumnAreReportedNotPlaced) {
    // After a cell in column XFD a cell without r= has no column left.
    read_rows("<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>"
              "<row r=\"2\"><c><v>4</v></c></row>");
    const std::vector<std::string> expected{"XFD1", "A2"};
    EXPECT_EQ(addresses(), expected);
    std::size_t outside = 0;
    for (const ReadDiagnostic& d : wb.diagnostics)
        if (d.message.find("falls outside the sheet") != std::string::npos) ++outside;
    EXPECT_EQ(outside, 2u);
}

// Issue 9: 43 million rows past the last one gave 43 million diagnostics (and 15 GB).
TEST_F(WorksheetTest, RowsPastTheLastRowEndTheSheetWithOneDiagnostic) {
    std::string rows = "<row r=\"1048575\"><c><v>3</v></c></row>"
                       "<row r=\"1048576\"><c><v>4</v></c></row>";
    for (int i = 0; i < 1000; ++i) rows += "<row><c><v>5</v></c><c><v>6</v></c></row>";
    read_rows(rows, "<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>");
    const std::vector<std::string> expected{"A1048575", "A1048576"};
    EXPECT_EQ(addresses(), expected);
    ASSERT_EQ(wb.diagnostics.size(), 1u);
    EXPECT_NE(wb.diagnostics[0].message.find("rows go on past row 1048576"), std::string::npos)
        << wb.diagnostics[0].message;
    EXPECT_NE(wb.diagnostics[0].message.find("merged ranges"), std::string::npos);
    EXPECT_TRUE(sheet.merged.empty());  // the rest of the part was not read
}

TEST_F(WorksheetTest, ARowNumberedPastTheLastRowEndsTheSheet) {
    read_rows("<row r=\"7\"><c><v>1</v></c></row><row r=\"1048577\"><c><v>2</v></c></row>"
              "<row r=\"8\"><c><v>3</v></c></row>");
    const std::vector<std::string> expected{"A7"};
    EXPECT_EQ(addresses(), expected);
    ASSERT_EQ(wb.diagnostics.size(), 1u);
    EXPECT_NE(wb.diagnostics[0].message.find("(7 rows)"), std::string::npos)
        << wb.diagnostics[0].message;
}

TEST_F(WorksheetTest, RepeatedDiagnosticsAreFoldedAfterTheFirstFew) {
    std::string rows;
    for (int r = 1; r <= 40; ++r)
        rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) +
                "\"><v>n/a</v></c><c r=\"bad\"><v>1</v></c></row>";
    read_rows(rows);
    std::size_t listed_text = 0, listed_refs = 0;
    std::vector<std::string> summaries;
    for (const ReadDiagnostic& d : wb.diagnostics) {
        if (d.message.find("holds 'n/a'") != std::string::npos) ++listed_text;
        if (d.message.find("reference 'bad'") != std::string::npos) ++listed_refs;
        if (d.message.find("not listed one by one") != std::string::npos)
            summaries.push_back(d.message);
    }
    EXPECT_EQ(listed_text, DiagnosticLog::kListed);
    EXPECT_EQ(listed_refs, DiagnosticLog::kListed);
    ASSERT_EQ(summaries.size(), 2u);
    EXPECT_NE(summaries[0].find("35 more of these in this sheet (numeric cell not a number)"),
              std::string::npos)
        << summaries[0];
    EXPECT_EQ(wb.diagnostics.size(), 2 * DiagnosticLog::kListed + 2);
}

TEST_F(WorksheetTest, RowsWithoutNumberFollowThePreviousRow) {
    read_rows(
        "<row><c><v>1</v></c></row><row><c><v>2</v></c></row><row r=\"5\"><c><v>5</v></c></row>"
        "<row><c><v>6</v></c></row>");
    const std::vector<std::string> expected{"A1", "A2", "A5", "A6"};
    EXPECT_EQ(addresses(), expected);
    EXPECT_EQ(at("A6").number, 6);
    EXPECT_TRUE(wb.diagnostics.empty());
}

TEST_F(WorksheetTest, InvalidRowNumberIsDiagnosedAndFollowsThePreviousRow) {
    read_rows(
        "<row r=\"3\"><c><v>1</v></c></row><row r=\"abc\"><c><v>2</v></c></row>"
        "<row r=\"0\"><c><v>3</v></c></row>");
    const std::vector<std::string> expected{"A3", "A4", "A5"};
    EXPECT_EQ(addresses(), expected);
    EXPECT_EQ(wb.diagnostics.size(), 2u);
}

TEST_F(WorksheetTest, EveryCellType) {
    read_rows(
        "<row r=\"1\">"
        "<c r=\"A1\" t=\"s\"><v>2</v></c>"
        "<c r=\"B1\" t=\"str\"><v>formula text</v></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
        "<c r=\"D1\" t=\"b\"><v>1</v></c>"
        "<c r=\"E1\" t=\"b\"><v>0</v></c>"
        "<c r=\"F1\" t=\"e\"><v>#DIV/0!</v></c>"
        "<c r=\"G1\" t=\"d\"><v>2016-12-31T13:45:00</v></c>"
        "<c r=\"H1\" t=\"n\"><v>-1.5E3</v></c>"
        "<c r=\"I1\"><v>0.1</v></c>"
        "<c r=\"J1\"><v></v></c>"
        "<c r=\"K1\" s=\"2\"/>"
        "<c r=\"L1\" t=\"inlineStr\"><is><r><t>ri</t></r><r><t>ch</t></r></is></c>"
        "<c r=\"M1\" t=\"b\"><v>true</v></c>"
        "<c r=\"N1\" t=\"d\"><v>2016-12-31</v></c>"
        "</row>");
    EXPECT_EQ(at("A1").type, CellType::text);
    EXPECT_EQ(wb.text(at("A1")), "two");
    EXPECT_EQ(at("B1").type, CellType::text);
    EXPECT_EQ(wb.text(at("B1")), "formula text");
    EXPECT_EQ(wb.text(at("C1")), "inline");
    EXPECT_EQ(at("D1").type, CellType::boolean);
    EXPECT_EQ(at("D1").number, 1);
    EXPECT_EQ(at("E1").type, CellType::boolean);
    EXPECT_EQ(at("E1").number, 0);
    EXPECT_EQ(at("F1").type, CellType::error);
    EXPECT_EQ(wb.text(at("F1")), "#DIV/0!");
    EXPECT_EQ(at("G1").type, CellType::date_time);
    // 2016-12-31 is serial 42735 in Excel; 13:45 is 825/1440 of a day.
    EXPECT_NEAR(at("G1").number, 42735.0 + 825.0 / 1440.0, 1e-9);
    EXPECT_EQ(at("H1").type, CellType::number);
    EXPECT_EQ(at("H1").number, -1500);
    EXPECT_EQ(at("I1").number, 0.1);
    EXPECT_FALSE(has("J1"));  // <v></v> is no value
    EXPECT_FALSE(has("K1"));  // styled but empty cells are not stored
    EXPECT_EQ(wb.text(at("L1")), "rich");
    EXPECT_EQ(at("M1").number, 1);
    EXPECT_EQ(at("N1").type, CellType::date_time);
    EXPECT_EQ(at("N1").number, 42735);
    EXPECT_TRUE(wb.diagnostics.empty());
    EXPECT_EQ(sheet.cell_count(), 12u);
}

TEST_F(WorksheetTest, TextEscapesInStrAndInlineCells) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a_x000D_b</v></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>c_x000A_d</t></is></c>"
        "<c r=\"C1\" t=\"str\"><v><![CDATA[x<y]]></v></c></row>");
    EXPECT_EQ(wb.text(at("A1")), "a\rb");
    EXPECT_EQ(wb.text(at("B1")), "c\nd");
    EXPECT_EQ(wb.text(at("C1")), "x<y");
}

TEST_F(WorksheetTest, BadSharedStringIndexIsDiagnosedAndEmpty) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c><c r=\"B1\" t=\"s\"><v>-1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>x</v></c><c r=\"D1\" t=\"s\"><v>0</v></c></row>");
    EXPECT_FALSE(has("A1"));
    EXPECT_FALSE(has("B1"));
    EXPECT_FALSE(has("C1"));
    EXPECT_EQ(wb.text(at("D1")), "zero");
    EXPECT_TRUE(diagnosed("A1", "shared string"));
    EXPECT_TRUE(diagnosed("B1", "shared string"));
    EXPECT_TRUE(diagnosed("C1", "shared string"));
    for (const ReadDiagnostic& d : wb.diagnostics) EXPECT_EQ(d.sheet, "Data");
}

TEST_F(WorksheetTest, NonNumericNumberIsKeptAsTextAndDiagnosed) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\"><v>n/a</v></c><c r=\"B1\" t=\"q\"><v>7</v></c>"
        "<c r=\"C1\"><v> 42 </v></c><c r=\"D1\"><v>+3</v></c></row>");
    EXPECT_EQ(at("A1").type, CellType::text);
    EXPECT_EQ(wb.text(at("A1")), "n/a");
    EXPECT_TRUE(diagnosed("A1", "not a number"));
    EXPECT_EQ(at("B1").type, CellType::number);
    EXPECT_EQ(at("B1").number, 7);
    EXPECT_TRUE(diagnosed("B1", "unknown cell type"));
    EXPECT_EQ(at("C1").number, 42);
    EXPECT_EQ(at("D1").number, 3);
}

// Issue 9: <v>nan</v> and <v>inf</v> became numbers (written as JSON null) while 1e999 became
// text. None is a value a cell can hold: all stay text, each with a diagnostic.
TEST_F(WorksheetTest, NonFiniteNumbersAreTextWithADiagnosticOnBothPaths) {
    for (bool fast : {true, false}) {
        SCOPED_TRACE(fast ? "fast path" : "DOM path");
        wb.diagnostics.clear();
        sheet = Sheet{};
        sheet.name = "Data";
        const std::string rows =
            "<row r=\"1\"><c r=\"A1\"><v>nan</v></c><c r=\"B1\"><v>inf</v></c>"
            "<c r=\"C1\"><v>-INF</v></c><c r=\"D1\"><v>1e999</v></c><c r=\"E1\"><v>1e308</v>"
            "</c></row>";
        PartPackage package("xl/worksheets/sheet1.xml", XlsxBuilder::worksheet(rows));
        ZipPartStream stream = package.open();
        SheetContext context;
        context.shared_strings_count = 3;
        context.xf_to_style = &xf_to_style;
        context.fast_path = fast;
        ReadBudget budget(limits);
        DiagnosticLog log(wb.diagnostics);
        context.budget = &budget;
        context.log = &log;
        read_worksheet_part(stream, context, wb, sheet);
        for (const char* a1 : {"A1", "B1", "C1", "D1"}) {
            EXPECT_EQ(at(a1).type, CellType::text) << a1;
            EXPECT_TRUE(diagnosed(a1, "not a number")) << a1;
        }
        EXPECT_EQ(wb.text(at("D1")), "1e999");
        EXPECT_EQ(at("E1").type, CellType::number);
        EXPECT_EQ(at("E1").number, 1e308);
    }
}

// Issue 9: t="d" accepted 2020-02-30 and hour 25 without a word.
TEST_F(WorksheetTest, InvalidIsoDatesAreTextWithADiagnostic) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\" t=\"d\"><v>2020-02-30</v></c>"
        "<c r=\"B1\" t=\"d\"><v>2020-01-01T25:00:00</v></c>"
        "<c r=\"C1\" t=\"d\"><v>2020-02-29T23:59:59</v></c>"
        "<c r=\"D1\" t=\"d\"><v>2021-04-31</v></c></row>");
    EXPECT_EQ(at("A1").type, CellType::text);
    EXPECT_TRUE(diagnosed("A1", "not a valid ISO 8601"));
    EXPECT_EQ(at("B1").type, CellType::text);
    EXPECT_TRUE(diagnosed("B1", "not a valid ISO 8601"));
    EXPECT_EQ(at("C1").type, CellType::date_time);
    EXPECT_EQ(at("D1").type, CellType::text);
}

TEST_F(WorksheetTest, InvalidDateIsKeptAsText) {
    read_rows("<row r=\"1\"><c r=\"A1\" t=\"d\"><v>31/12/2016</v></c></row>");
    EXPECT_EQ(at("A1").type, CellType::text);
    EXPECT_EQ(wb.text(at("A1")), "31/12/2016");
    EXPECT_TRUE(diagnosed("A1", "ISO 8601"));
}

TEST_F(WorksheetTest, SharedFormulasAreTranslatedForDependentCells) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><f t=\"shared\" ref=\"B1:B3\" "
        "si=\"0\">A1*2</f><v>2</v></c>"
        "<c r=\"C1\"><f t=\"shared\" ref=\"C1:E1\" si=\"1\">$A1+B1</f><v>3</v></c>"
        "<c r=\"D1\"><f t=\"shared\" si=\"1\"/><v>5</v></c><c r=\"E1\"><f t=\"shared\" "
        "si=\"1\"/><v>8</v></c></row>"
        "<row r=\"2\"><c r=\"B2\"><f t=\"shared\" si=\"0\"/><v>4</v></c></row>"
        "<row r=\"3\"><c r=\"B3\"><f t=\"shared\" si=\"0\"></f><v>6</v></c></row>");
    EXPECT_EQ(wb.formula(at("B1")), "A1*2");
    EXPECT_EQ(wb.formula(at("B2")), "A2*2");
    EXPECT_EQ(wb.formula(at("B3")), "A3*2");
    EXPECT_EQ(at("B3").number, 6);  // the cached value is kept
    EXPECT_EQ(wb.formula(at("C1")), "$A1+B1");
    EXPECT_EQ(wb.formula(at("D1")), "$A1+C1");
    EXPECT_EQ(wb.formula(at("E1")), "$A1+D1");
    EXPECT_EQ(wb.formula(at("A1")), "");
}

// Issue 9: an 8k-character shared formula expanded to 200k cells took over 1.7 GB. Past 16 MiB
// of translated formula text a sheet's dependent cells keep their values without formulas,
// and the diagnostic is folded.
TEST_F(WorksheetTest, SharedFormulaExpansionIsBounded) {
    const std::string formula = "A1+" + std::string(8000, '1');
    std::string rows = "<row r=\"1\"><c r=\"B1\"><f t=\"shared\" ref=\"B1:B5000\" si=\"0\">" +
                       formula + "</f><v>1</v></c></row>";
    for (int r = 2; r <= 5000; ++r)
        rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"B" + std::to_string(r) +
                "\"><f t=\"shared\" si=\"0\"/><v>" + std::to_string(r) + "</v></c></row>";
    read_rows(rows);
    // 16 MiB / 8,003 bytes: the first 2,096 dependent cells are translated, the rest are not.
    const std::size_t expanded = (16u << 20) / (formula.size());
    std::size_t with_formula = 0, values = 0;
    for (const Row& row : sheet.rows)
        for (const Cell& c : row.cells) {
            with_formula += c.formula != kNoIndex;
            values += c.type == CellType::number && c.number == row.index + 1;
        }
    EXPECT_EQ(values, 5000u);
    EXPECT_EQ(with_formula, expanded + 1);
    std::size_t listed = 0;
    bool summed = false;
    for (const ReadDiagnostic& d : wb.diagnostics) {
        listed += d.message.find("keeps its value without its formula") != std::string::npos;
        summed = summed || d.message.find("more of these") != std::string::npos;
    }
    EXPECT_EQ(listed, 5u);
    EXPECT_TRUE(summed);
}

TEST_F(WorksheetTest, SharedFormulaUsedBeforeDefinitionKeepsTheValue) {
    read_rows("<row r=\"1\"><c r=\"A1\"><f t=\"shared\" si=\"7\"/><v>9</v></c></row>");
    EXPECT_EQ(at("A1").number, 9);
    EXPECT_EQ(at("A1").formula, kNoIndex);
    EXPECT_TRUE(diagnosed("A1", "shared formula"));
}

TEST_F(WorksheetTest, FormulaWithoutValueIsKept) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\"><f>SUM(B1:B9)</f></c><c r=\"B1\"><f>=1+1</f><v>2</v></c>"
        "<c r=\"C1\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c></row>");
    EXPECT_EQ(at("A1").type, CellType::empty);
    EXPECT_EQ(wb.formula(at("A1")), "SUM(B1:B9)");
    EXPECT_EQ(wb.formula(at("B1")), "1+1");
    EXPECT_EQ(wb.formula(at("C1")), "\"a\"&\"b\"");
    EXPECT_EQ(wb.text(at("C1")), "ab");
}

TEST_F(WorksheetTest, OutOfOrderRowsAndCellsAreSorted) {
    read_rows(
        "<row r=\"3\"><c r=\"B3\"><v>32</v></c><c r=\"A3\"><v>31</v></c></row>"
        "<row r=\"1\"><c r=\"A1\"><v>11</v></c></row>"
        "<row r=\"2\"><c r=\"C2\"><v>23</v></c></row>"
        "<row r=\"1\"><c r=\"B1\"><v>12</v></c></row>");
    const std::vector<std::string> expected{"A1", "B1", "C2", "A3", "B3"};
    EXPECT_EQ(addresses(), expected);
    ASSERT_EQ(sheet.rows.size(), 3u);
    EXPECT_EQ(at("B1").number, 12);
    EXPECT_EQ(at("A3").number, 31);
}

TEST_F(WorksheetTest, DuplicateCellsAreDiagnosedAndTheLastWins) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>5</v></c><c "
        "r=\"A1\"><v>2</v></c></row>"
        "<row r=\"2\"><c r=\"A2\"><v>3</v></c></row><row r=\"2\"><c r=\"A2\"><v>4</v></c></row>");
    EXPECT_EQ(sheet.cell_count(), 3u);
    EXPECT_EQ(at("A1").number, 2);
    EXPECT_EQ(at("B1").number, 5);
    EXPECT_EQ(at("A2").number, 4);
    EXPECT_TRUE(diagnosed("A1", "twice"));
    EXPECT_TRUE(diagnosed("A2", "twice"));
}

TEST_F(WorksheetTest, CellReferenceWinsOverItsRow) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B4\"><v>2</v></c></row><row r=\"2\"><c "
        "r=\"A2\"><v>3</v></c></row>");
    EXPECT_EQ(at("B4").number, 2);
    EXPECT_EQ(at("A2").number, 3);
    const std::vector<std::string> expected{"A1", "A2", "B4"};
    EXPECT_EQ(addresses(), expected);
}

TEST_F(WorksheetTest, InvalidCellReferenceIsDiagnosedAndPlacedInSequence) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"ZZZZ1\"><v>2</v></c><c "
        "r=\"1A\"><v>3</v></c></row>");
    EXPECT_EQ(at("B1").number, 2);
    EXPECT_EQ(at("C1").number, 3);
    EXPECT_TRUE(diagnosed("B1", "ZZZZ1"));
    EXPECT_TRUE(diagnosed("C1", "1A"));
}

TEST_F(WorksheetTest, AbsoluteReference) {
    read_rows("<row r=\"1\"><c r=\"$C$1\"><v>1</v></c></row>");
    // Not what Excel writes, but unambiguous: the general parser accepts it.
    EXPECT_EQ(at("C1").number, 1);
    EXPECT_TRUE(wb.diagnostics.empty());
}

TEST_F(WorksheetTest, StylesMapThroughCellXfs) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\" s=\"2\"><v>1</v></c><c r=\"B1\" s=\"99\"><v>2</v></c>"
        "<c r=\"C1\" s=\"x\"><v>3</v></c><c r=\"D1\" s=\"0\"><v>4</v></c></row>");
    EXPECT_EQ(at("A1").style, 2u);
    EXPECT_TRUE(wb.style(at("A1")).bold);
    EXPECT_EQ(at("B1").style, 0u);  // out of range: default style
    EXPECT_EQ(at("C1").style, 0u);
    EXPECT_EQ(at("D1").style, 0u);
}

TEST_F(WorksheetTest, NumberWithDateStyleIsDateTime) {
    read_rows(
        "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>42735.5</v></c><c r=\"B1\" s=\"2\"><v>42735</v></c>"
        "<c r=\"C1\" s=\"1\" t=\"s\"><v>0</v></c></row>");
    EXPECT_EQ(at("A1").type, CellType::date_time);
    EXPECT_EQ(at("A1").number, 42735.5);
    EXPECT_EQ(at("B1").type, CellType::number);
    EXPECT_EQ(at("C1").type, CellType::text);  // a date style does not turn text into a date
}

TEST_F(WorksheetTest, Date1904SerialsAreNormalisedTo1900) {
    wb.date1904 = true;
    read_rows(
        "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>41273.25</v></c>"
        "<c r=\"C1\"><v>100</v></c></row>");
    // 1904-01-01 is serial 1462 in the 1900 system.
    EXPECT_EQ(at("A1").type, CellType::date_time);
    EXPECT_EQ(at("A1").number, 1462);
    EXPECT_EQ(at("B1").number, 41273.25 + 1462);
    EXPECT_EQ(at("C1").number, 100);  // plain numbers are not shifted
}

TEST_F(WorksheetTest, OuterElements) {
    read_xml(XlsxBuilder::worksheet(
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
        "<dimension ref=\"A1:XFD1048576\"/><cols><col min=\"2\" max=\"4\" width=\"12.5\" "
        "hidden=\"1\"/>"
        "<col min=\"6\" max=\"6\" width=\"3\"/></cols>",
        "<mergeCells count=\"2\"><mergeCell ref=\"A1:B2\"/><mergeCell ref=\"C3:\"/></mergeCells>"));
    ASSERT_TRUE(sheet.declared_dimension.has_value());
    EXPECT_EQ(range_to_a1(*sheet.declared_dimension), "A1:XFD1048576");
    ASSERT_EQ(sheet.merged.size(), 1u);
    EXPECT_EQ(range_to_a1(sheet.merged[0]), "A1:B2");
    ASSERT_EQ(wb.diagnostics.size(), 1u);
    EXPECT_NE(wb.diagnostics[0].message.find("C3:"), std::string::npos);
    EXPECT_EQ(wb.diagnostics[0].part, "xl/worksheets/sheet1.xml");
    ASSERT_EQ(sheet.columns.size(), 2u);
    EXPECT_EQ(sheet.columns[0].first, 1u);
    EXPECT_EQ(sheet.columns[0].last, 3u);
    EXPECT_EQ(sheet.columns[0].width, 12.5);
    EXPECT_TRUE(sheet.columns[0].hidden);
    EXPECT_EQ(sheet.columns[1].first, 5u);
    EXPECT_EQ(sheet.columns[1].last, 5u);
    EXPECT_FALSE(sheet.columns[1].hidden);
}

TEST_F(WorksheetTest, PrefixedWorksheet) {
    read_xml(
        "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<x:dimension ref=\"B2\"/><x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\">"
        "<x:is><x:t>p</x:t></x:is></x:c><x:c "
        "r=\"C2\"><x:f>B2</x:f><x:v>4</x:v></x:c></x:row></x:sheetData>"
        "<x:mergeCells><x:mergeCell ref=\"B2:C2\"/></x:mergeCells></x:worksheet>");
    EXPECT_EQ(wb.text(at("B2")), "p");
    EXPECT_EQ(at("C2").number, 4);
    EXPECT_EQ(wb.formula(at("C2")), "B2");
    ASSERT_EQ(sheet.merged.size(), 1u);
    EXPECT_EQ(range_to_a1(*sheet.declared_dimension), "B2");
}

TEST_F(WorksheetTest, WorksheetWithoutSheetData) {
    read_xml("<worksheet><dimension ref=\"A1\"/></worksheet>");
    EXPECT_TRUE(sheet.rows.empty());
    EXPECT_EQ(range_to_a1(*sheet.declared_dimension), "A1");
}

TEST_F(WorksheetTest, OneCellAtTheLastAddressCostsOneRow) {
    read_xml(XlsxBuilder::worksheet("<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>",
                                    "<dimension ref=\"A1:XFD1048576\"/>"));
    ASSERT_EQ(sheet.rows.size(), 1u);
    EXPECT_EQ(sheet.rows[0].index, kMaxRows - 1);
    ASSERT_EQ(sheet.rows[0].cells.size(), 1u);
    EXPECT_EQ(sheet.rows[0].cells[0].col, kMaxColumns - 1);
    EXPECT_EQ(range_to_a1(*sheet.used_range()), "XFD1048576");
}

TEST_F(WorksheetTest, CellBudgetIsTooLarge) {
    try {
        read_xml(XlsxBuilder::worksheet("<row r=\"1\"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c>"
                                        "<c><v>4</v></c></row>"),
                 3);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::too_large);
        EXPECT_NE(e.detail().find("--max-cells"), std::string::npos) << e.detail();
    }
}

TEST_F(WorksheetTest, EmptyCellsDoNotCountAgainstTheBudget) {
    read_xml(XlsxBuilder::worksheet(
                 "<row r=\"1\"><c s=\"1\"/><c s=\"1\"/><c><v>1</v></c><c/><c><v>2</v></c></row>"),
             2);  // a third counted cell would throw
    EXPECT_EQ(sheet.cell_count(), 2u);
}

TEST_F(WorksheetTest, MalformedRowIsXmlMalformed) {
    const std::string xml = XlsxBuilder::worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></row>");
    try {
        read_xml(xml);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.code(), ErrorCode::xml_malformed);
        EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
        EXPECT_GE(e.offset(), static_cast<std::int64_t>(xml.find("<row")));
        EXPECT_LE(e.offset(), static_cast<std::int64_t>(xml.size()));
    }
}

TEST_F(WorksheetTest, LargeSheetStreamsInOrder) {
    // Bigger than the read-ahead and stream chunks (1 MB / 4 MB) so several batches are parsed.
    std::string rows;
    const int n = 120000;
    rows.reserve(static_cast<std::size_t>(n) * 60);
    for (int i = 1; i <= n; ++i) {
        const std::string r = std::to_string(i);
        rows += "<row r=\"" + r + "\"><c r=\"A" + r + "\"><v>" + r + "</v></c><c r=\"B" + r +
                "\" t=\"s\"><v>" + std::to_string(i % 3) + "</v></c></row>";
    }
    read_rows(rows);
    ASSERT_EQ(sheet.rows.size(), static_cast<std::size_t>(n));
    EXPECT_EQ(sheet.cell_count(), static_cast<std::size_t>(2 * n));
    for (int i : {1, 2, 65536, 99999, n}) {
        const std::string a = "A" + std::to_string(i);
        const std::string b = "B" + std::to_string(i);
        EXPECT_EQ(at(a.c_str()).number, i);
        EXPECT_EQ(wb.text(at(b.c_str())), wb.strings[static_cast<std::size_t>(i % 3)]);
    }
    EXPECT_TRUE(wb.diagnostics.empty());
}

}  // namespace
}  // namespace kpimap::detail
