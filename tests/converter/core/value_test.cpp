#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "kpimap/value.hpp"
#include "kpimap/workbook.hpp"

using kpimap::Cell;
using kpimap::CellStyle;
using kpimap::CellType;
using kpimap::MissingReason;
using kpimap::parse_value_cell;
using kpimap::parse_value_text;
using kpimap::ParsedValue;
using kpimap::Workbook;
using Kind = kpimap::ParsedValue::Kind;

namespace {

struct Number {
    const char* text;
    double value;
    bool percent;
    int decimals;
};

void expect_number(const Number& n) {
    SCOPED_TRACE(n.text);
    ParsedValue v = parse_value_text(n.text);
    ASSERT_EQ(v.kind, Kind::number);
    EXPECT_TRUE(v.is_number());
    EXPECT_EQ(v.value, n.value);
    EXPECT_EQ(v.percent, n.percent);
    EXPECT_EQ(v.decimals, n.decimals);
    EXPECT_EQ(v.missing, MissingReason::none);
}

void expect_missing(const char* text, MissingReason reason) {
    SCOPED_TRACE(text);
    ParsedValue v = parse_value_text(text);
    EXPECT_EQ(v.kind, Kind::missing);
    EXPECT_FALSE(v.is_number());
    EXPECT_EQ(v.missing, reason);
}

bool has(const std::vector<std::string>& notes, const std::string& note) {
    for (const auto& n : notes) {
        if (n == note) return true;
    }
    return false;
}

// A one-cell workbook helper: a style with `format`, and a cell of `type`.
struct Book {
    Workbook workbook;
    std::uint32_t style(const std::string& format) {
        CellStyle s;
        s.number_format = format;
        workbook.styles.push_back(s);
        return static_cast<std::uint32_t>(workbook.styles.size() - 1);
    }
    Cell number(double value, const std::string& format = "General") {
        Cell c;
        c.type = CellType::number;
        c.number = value;
        c.style = style(format);
        return c;
    }
    Cell text(const std::string& value, CellType type = CellType::text) {
        Cell c;
        c.type = type;
        c.text = workbook.add_string(value);
        return c;
    }
};

}  // namespace

TEST(ValueTest, ReasonNames) {
    EXPECT_STREQ(kpimap::missing_reason_name(MissingReason::none), "none");
    EXPECT_STREQ(kpimap::missing_reason_name(MissingReason::not_available), "not_available");
    EXPECT_STREQ(kpimap::missing_reason_name(MissingReason::suppressed), "suppressed");
    EXPECT_STREQ(kpimap::missing_reason_name(MissingReason::not_applicable), "not_applicable");
    EXPECT_STREQ(kpimap::missing_reason_name(MissingReason::low_quality), "low_quality");
}

// Values from seed 001's Data table and the real CSVs (Trafford, LGBF, Fingertips).
TEST(ValueTest, NumbersFromTheSeedsAndRealFiles) {
    expect_number({"83.40%", 83.4, true, 2});
    expect_number({"42.90%", 42.9, true, 2});
    expect_number({"2.1%", 2.1, true, 1});
    expect_number({"62%", 62, true, 0});
    expect_number({"100%", 100, true, 0});
    expect_number({"1,010", 1010, false, 0});
    expect_number({"0.822", 0.822, false, 3});
    expect_number({"18.5", 18.5, false, 1});
    expect_number({"10.0", 10, false, 1});
    expect_number({"380.50", 380.5, false, 2});
    expect_number({"1062", 1062, false, 0});
    expect_number({"803.0321859", 803.0321859, false, 7});  // LGBF
    expect_number({"12.6", 12.6, false, 1});                // Trafford
    expect_number({"35.3", 35.3, false, 1});                // Fingertips
    expect_number({"-1", -1, false, 0});                    // Fingertips "not set" stays a number
    expect_number({"3456.6", 3456.6, false, 1});            // FingertipsNext
}

TEST(ValueTest, NumberForms) {
    expect_number({"  12.5 ", 12.5, false, 1});
    expect_number({"\u00a012.5\u00a0", 12.5, false, 1});  // NBSP
    expect_number({"12.5\t", 12.5, false, 1});
    expect_number({"(3.2)", -3.2, false, 1});
    expect_number({"\u22125", -5, false, 0});  // U+2212 minus
    expect_number({"-5", -5, false, 0});
    expect_number({"+5", 5, false, 0});
    expect_number({"\u00a31,234.50", 1234.5, false, 2});
    expect_number({"-\u00a31,234.50", -1234.5, false, 2});
    expect_number({"$12", 12, false, 0});
    expect_number({"\u20ac 3.5", 3.5, false, 1});
    expect_number({"1,234,567", 1234567, false, 0});
    expect_number({".5", 0.5, false, 1});
    expect_number({"83.4 %", 83.4, true, 1});
    expect_number({"(3.2%)", -3.2, true, 1});
    expect_number({"5.1*", 5.1, false, 1});
    expect_number({"1.5E+03", 1500, false, 0});
    expect_number({"1e-20", 1e-20, false, 20});
    expect_number({"0", 0, false, 0});
    expect_number({"-0", 0, false, 0});
}

TEST(ValueTest, Corrections) {
    ParsedValue star = parse_value_text("5.1*");
    EXPECT_TRUE(has(star.corrections, "trailing * read as a flag"));
    ParsedValue paren = parse_value_text("(3.2)");
    EXPECT_TRUE(has(paren.corrections, "accounting brackets read as negative"));
    ParsedValue pound = parse_value_text("\u00a31,234.50");
    EXPECT_TRUE(has(pound.corrections, "currency symbol \u00a3 dropped"));
    EXPECT_EQ(pound.text, "");
    ParsedValue minus = parse_value_text("\u22125");
    EXPECT_TRUE(has(minus.corrections, "U+2212 minus read as -"));
    ParsedValue plain = parse_value_text("1,010");
    EXPECT_TRUE(plain.corrections.empty());

    ParsedValue noisy = parse_value_text("31.900000000000002");
    ASSERT_EQ(noisy.kind, Kind::number);
    EXPECT_EQ(noisy.value, 31.9);
    EXPECT_EQ(noisy.decimals, 1);
    EXPECT_TRUE(has(noisy.corrections, "removed float noise"));
}

TEST(ValueTest, MissingMarkers) {
    for (const char* text : {"-", "\u2013", "\u2014", "..", ":", "n/k", " - ", "--"}) {
        expect_missing(text, MissingReason::not_available);
    }
    for (const char* text : {"[x]", "x", "X", "*", "[c]", "[C]"}) {
        expect_missing(text, MissingReason::suppressed);
    }
    for (const char* text : {"[z]", "n/a", "N/A", "NA", "na", "Na"}) {
        expect_missing(text, MissingReason::not_applicable);
    }
    for (const char* text : {"[u]", "[low]"}) {
        expect_missing(text, MissingReason::low_quality);
    }
    ParsedValue dash = parse_value_text(" - ");
    EXPECT_EQ(dash.text, "-");
    ParsedValue na = parse_value_text("NA");  // Trafford's missing value
    EXPECT_EQ(na.text, "NA");
}

TEST(ValueTest, EmptyIsMissingWithoutReason) {
    for (const char* text : {"", " ", "\t\n", "\u00a0"}) {
        SCOPED_TRACE(text);
        ParsedValue v = parse_value_text(text);
        EXPECT_EQ(v.kind, Kind::missing);
        EXPECT_EQ(v.missing, MissingReason::none);
        EXPECT_EQ(v.text, "");
    }
}

TEST(ValueTest, ErrorTextIsMissing) {
    ParsedValue v = parse_value_text("#N/A");
    EXPECT_EQ(v.kind, Kind::missing);
    EXPECT_EQ(v.missing, MissingReason::not_available);
    EXPECT_EQ(v.text, "#N/A");
    EXPECT_TRUE(has(v.corrections, "error value #N/A"));
    EXPECT_EQ(parse_value_text("#DIV/0!").missing, MissingReason::not_available);
}

TEST(ValueTest, TextStaysText) {
    for (const char* text : {"1,01", "12,34,567", ",5", "1,", "Baseline", "TBC",
                             "\u0422\u0412\u0421", "Improvement", "12.5.3", "5 apples", "(-3)",
                             "\u00a35%", "1 010", "2013/14", "**", "Long Term Improvement"}) {
        SCOPED_TRACE(text);
        ParsedValue v = parse_value_text(text);
        EXPECT_EQ(v.kind, Kind::text);
        EXPECT_EQ(v.text, text);
        EXPECT_EQ(v.missing, MissingReason::none);
    }
    EXPECT_EQ(parse_value_text("  Baseline  ").text, "Baseline");
}

TEST(ValueTest, RemoveFloatNoise) {
    EXPECT_EQ(kpimap::remove_float_noise(31.900000000000002), 31.9);
    EXPECT_EQ(kpimap::remove_float_noise(0.1 + 0.2), 0.3);
    EXPECT_EQ(kpimap::remove_float_noise(0.834 * 100), 83.4);
    EXPECT_EQ(kpimap::remove_float_noise(1e-20), 1e-20);
    EXPECT_EQ(kpimap::remove_float_noise(123456789012.0), 123456789012.0);
    EXPECT_EQ(kpimap::remove_float_noise(1e300), 1e300);
    EXPECT_EQ(kpimap::remove_float_noise(-2.675), -2.675);
    EXPECT_EQ(kpimap::remove_float_noise(0.0), 0.0);
    EXPECT_TRUE(std::isnan(kpimap::remove_float_noise(std::numeric_limits<double>::quiet_NaN())));
    EXPECT_EQ(kpimap::remove_float_noise(std::numeric_limits<double>::infinity()),
              std::numeric_limits<double>::infinity());
}

TEST(ValueTest, FormatDecimalsAndPercent) {
    EXPECT_EQ(kpimap::format_decimals("0.00%"), 2);
    EXPECT_TRUE(kpimap::format_is_percent("0.00%"));
    EXPECT_EQ(kpimap::format_decimals("#,##0.0"), 1);
    EXPECT_FALSE(kpimap::format_is_percent("#,##0.0"));
    EXPECT_EQ(kpimap::format_decimals("0%"), 0);
    EXPECT_TRUE(kpimap::format_is_percent("0%"));
    EXPECT_EQ(kpimap::format_decimals("General"), -1);
    EXPECT_FALSE(kpimap::format_is_percent("General"));
    EXPECT_EQ(kpimap::format_decimals("@"), -1);
    EXPECT_EQ(kpimap::format_decimals("0"), 0);
    EXPECT_EQ(kpimap::format_decimals("#,##0"), 0);
    EXPECT_EQ(kpimap::format_decimals("0.0#"), 2);
    EXPECT_EQ(kpimap::format_decimals("0.00E+00"), 2);
    // First section only; quoted text and brackets ignored.
    EXPECT_EQ(kpimap::format_decimals("#,##0.00_);[Red](#,##0.000)"), 2);
    EXPECT_EQ(kpimap::format_decimals("0.0\" per 1.000\""), 1);
    EXPECT_FALSE(kpimap::format_is_percent("0.0\"%\""));
    EXPECT_FALSE(kpimap::format_is_percent("0.0;0.0%"));
    EXPECT_TRUE(kpimap::format_is_percent("[Red]0.0%"));
    EXPECT_EQ(kpimap::format_decimals("[$\u00a3-809]#,##0.00"), 2);
    EXPECT_EQ(kpimap::format_decimals("dd/mm/yyyy"), -1);
    EXPECT_FALSE(kpimap::format_is_percent("\\%0.0"));  // escaped percent is a literal
}

TEST(ValueTest, NumberCells) {
    Book book;
    ParsedValue pct = parse_value_cell(book.workbook, book.number(0.834, "0.0%"));
    ASSERT_EQ(pct.kind, Kind::number);
    EXPECT_EQ(pct.value, 83.4);
    EXPECT_TRUE(pct.percent);
    EXPECT_EQ(pct.decimals, 1);
    EXPECT_TRUE(pct.corrections.empty());

    ParsedValue pct2 = parse_value_cell(book.workbook, book.number(0.834, "0.00%"));
    EXPECT_EQ(pct2.value, 83.4);
    EXPECT_EQ(pct2.decimals, 2);

    ParsedValue general = parse_value_cell(book.workbook, book.number(0.822));
    EXPECT_EQ(general.value, 0.822);
    EXPECT_FALSE(general.percent);
    EXPECT_EQ(general.decimals, 3);

    ParsedValue thousands = parse_value_cell(book.workbook, book.number(1010, "#,##0"));
    EXPECT_EQ(thousands.value, 1010);
    EXPECT_EQ(thousands.decimals, 0);

    ParsedValue noisy = parse_value_cell(book.workbook, book.number(31.900000000000002));
    EXPECT_EQ(noisy.value, 31.9);
    EXPECT_EQ(noisy.decimals, 1);
    EXPECT_TRUE(has(noisy.corrections, "removed float noise"));

    ParsedValue shown = parse_value_cell(book.workbook, book.number(83.456, "0.0"));
    EXPECT_EQ(shown.value, 83.456);  // the stored value, not the rounded display
    EXPECT_EQ(shown.decimals, 1);

    ParsedValue whole_pct = parse_value_cell(book.workbook, book.number(0.62, "0%"));
    EXPECT_EQ(whole_pct.value, 62);
    EXPECT_EQ(whole_pct.decimals, 0);

    ParsedValue text_format = parse_value_cell(book.workbook, book.number(5.25, "@"));
    EXPECT_EQ(text_format.value, 5.25);
    EXPECT_EQ(text_format.decimals, 2);
}

TEST(ValueTest, OtherCells) {
    Book book;
    ParsedValue text = parse_value_cell(book.workbook, book.text("83.40%"));
    ASSERT_EQ(text.kind, Kind::number);
    EXPECT_EQ(text.value, 83.4);
    EXPECT_TRUE(text.percent);
    EXPECT_EQ(text.decimals, 2);

    ParsedValue marker = parse_value_cell(book.workbook, book.text("[x]"));
    EXPECT_EQ(marker.kind, Kind::missing);
    EXPECT_EQ(marker.missing, MissingReason::suppressed);

    ParsedValue error = parse_value_cell(book.workbook, book.text("#N/A", CellType::error));
    EXPECT_EQ(error.kind, Kind::missing);
    EXPECT_EQ(error.missing, MissingReason::not_available);
    EXPECT_EQ(error.text, "#N/A");
    EXPECT_TRUE(has(error.corrections, "error value #N/A"));

    Cell flag;
    flag.type = CellType::boolean;
    flag.number = 1;
    ParsedValue boolean = parse_value_cell(book.workbook, flag);
    EXPECT_EQ(boolean.kind, Kind::text);
    EXPECT_EQ(boolean.text, "TRUE");

    Cell date;
    date.type = CellType::date_time;
    date.number = 42735;
    ParsedValue when = parse_value_cell(book.workbook, date);
    EXPECT_EQ(when.kind, Kind::text);
    EXPECT_EQ(when.text, "2016-12-31");

    Cell empty;
    ParsedValue none = parse_value_cell(book.workbook, empty);
    EXPECT_EQ(none.kind, Kind::missing);
    EXPECT_EQ(none.missing, MissingReason::none);
}
