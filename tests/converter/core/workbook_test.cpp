#include <gtest/gtest.h>

#include "kpimap/workbook.hpp"

using namespace kpimap;

TEST(CellRefTest, ParsesAndFormatsA1) {
    EXPECT_EQ(to_a1(CellRef{0, 0}), "A1");
    EXPECT_EQ(to_a1(CellRef{2, 27}), "AB3");
    EXPECT_EQ(to_a1(CellRef{1048575, 16383}), "XFD1048576");
    auto ref = parse_a1("$AB$3");
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->row, 2u);
    EXPECT_EQ(ref->col, 27u);
    EXPECT_FALSE(parse_a1("XFE1"));      // past the last column
    EXPECT_FALSE(parse_a1("A1048577"));  // past the last row
    EXPECT_FALSE(parse_a1("A0"));
    EXPECT_FALSE(parse_a1("1A"));
    EXPECT_FALSE(parse_a1("A1B"));
}

TEST(CellRefTest, RangesAreNormalised) {
    auto r = parse_a1_range("C4:A1");
    ASSERT_TRUE(r);
    EXPECT_EQ(range_to_a1(*r), "A1:C4");
    EXPECT_EQ(range_to_a1(*parse_a1_range("B2")), "B2");
    EXPECT_FALSE(parse_a1_range("A1:"));
}

TEST(SerialDateTest, MatchesExcelCalendar) {
    // Worked values from Excel: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01 (serial 60 is
    // Excel's fictitious 1900-02-29), 42735 = 2016-12-31, 43101.5 = 2018-01-01 12:00.
    EXPECT_EQ(serial_to_iso(1), "1900-01-01");
    EXPECT_EQ(serial_to_iso(59), "1900-02-28");
    EXPECT_EQ(serial_to_iso(61), "1900-03-01");
    EXPECT_EQ(serial_to_iso(42735), "2016-12-31");
    EXPECT_EQ(serial_to_iso(43101.5), "2018-01-01T12:00:00");
    EXPECT_EQ(serial_to_iso(0.75), "18:00:00");
}

TEST(SerialDateTest, IsoRoundTrips) {
    EXPECT_DOUBLE_EQ(*iso_to_serial("2016-12-31"), 42735);
    EXPECT_DOUBLE_EQ(*iso_to_serial("1900-01-01"), 1);
    EXPECT_DOUBLE_EQ(*iso_to_serial("2018-01-01T12:00:00Z"), 43101.5);
    EXPECT_NEAR(*iso_to_serial("2018-01-01T06:00:00.500"), 43101.25 + 0.5 / 86400, 1e-9);
    EXPECT_NEAR(*iso_to_serial("18:00:00"), 0.75, 1e-12);
    EXPECT_FALSE(iso_to_serial("31/12/2016"));
    EXPECT_FALSE(iso_to_serial("2016-13-01"));
}

TEST(FormatNumberTest, ShortestRoundTrip) {
    EXPECT_EQ(format_number(5), "5");
    EXPECT_EQ(format_number(0.822), "0.822");
    EXPECT_EQ(format_number(31.900000000000002), "31.900000000000002");
    EXPECT_EQ(format_number(-0.0), "0");
}

TEST(SheetTest, SparseLookupAndUsedRange) {
    Sheet sheet;
    Row row;
    row.index = 1048575;
    Cell c;
    c.col = 16383;
    c.type = CellType::number;
    c.number = 1;
    row.cells.push_back(c);
    sheet.rows.push_back(row);
    EXPECT_EQ(sheet.cell_count(), 1u);
    EXPECT_EQ(range_to_a1(*sheet.used_range()), "XFD1048576");
    EXPECT_NE(sheet.find({1048575, 16383}), nullptr);
    EXPECT_EQ(sheet.find({0, 0}), nullptr);
    EXPECT_FALSE(Sheet{}.used_range());
}

TEST(SerialDateTest, ElapsedTimeForDurations) {
    // 10.6320601851852 days is 255 h 10 min 10 s (tests__date_1904.xlsx, format [hh]:mm:ss).
    EXPECT_EQ(serial_to_elapsed(10.6320601851852), "255:10:10");
    EXPECT_EQ(serial_to_elapsed(0.5), "12:00:00");
}
