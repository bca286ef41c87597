#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "kpimap/period.hpp"

using kpimap::comparable;
using kpimap::find_period;
using kpimap::parse_period;
using kpimap::Period;
using kpimap::period_from_number;
using kpimap::period_from_serial;
using kpimap::PeriodKind;

namespace {

struct Expected {
    const char* text;
    PeriodKind kind;
    const char* start;
    const char* end;
    int years;
    const char* label;
};

void expect_period(const Expected& e) {
    SCOPED_TRACE(e.text);
    auto p = parse_period(e.text);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->kind, e.kind);
    EXPECT_EQ(p->start, e.start);
    EXPECT_EQ(p->end, e.end);
    EXPECT_EQ(p->years, e.years);
    EXPECT_EQ(p->label(), e.label);
}

Period parsed(const char* text) {
    auto p = parse_period(text);
    EXPECT_TRUE(p.has_value()) << text;
    return p.value_or(Period{});
}

}  // namespace

TEST(PeriodTest, KindNames) {
    EXPECT_STREQ(kpimap::period_kind_name(PeriodKind::calendar_year), "calendar_year");
    EXPECT_STREQ(kpimap::period_kind_name(PeriodKind::financial_year), "financial_year");
    EXPECT_STREQ(kpimap::period_kind_name(PeriodKind::calendar_span), "calendar_span");
    EXPECT_STREQ(kpimap::period_kind_name(PeriodKind::financial_span), "financial_span");
    EXPECT_STREQ(kpimap::period_kind_name(PeriodKind::quarter), "quarter");
    EXPECT_STREQ(kpimap::period_kind_name(PeriodKind::month), "month");
    EXPECT_STREQ(kpimap::period_kind_name(PeriodKind::date), "date");
}

// Seed 001: "2012" ... "2016" column headers and Year rows.
TEST(PeriodTest, CalendarYear) {
    expect_period({"2015", PeriodKind::calendar_year, "2015-01-01", "2015-12-31", 1, "2015"});
    expect_period({"2012", PeriodKind::calendar_year, "2012-01-01", "2012-12-31", 1, "2012"});
    expect_period({" 2016 ", PeriodKind::calendar_year, "2016-01-01", "2016-12-31", 1, "2016"});
}

// Seed 001 "13/14", "16/17", "12/13"; Trafford "2006/07", "2013/14"; LGBF "2016-17".
TEST(PeriodTest, FinancialYear) {
    expect_period({"13/14", PeriodKind::financial_year, "2013-04-01", "2014-03-31", 1, "2013/14"});
    expect_period({"16/17", PeriodKind::financial_year, "2016-04-01", "2017-03-31", 1, "2016/17"});
    expect_period({"12/13", PeriodKind::financial_year, "2012-04-01", "2013-03-31", 1, "2012/13"});
    expect_period(
        {"2013/14", PeriodKind::financial_year, "2013-04-01", "2014-03-31", 1, "2013/14"});
    expect_period(
        {"2006/07", PeriodKind::financial_year, "2006-04-01", "2007-03-31", 1, "2006/07"});
    expect_period(
        {"2013-14", PeriodKind::financial_year, "2013-04-01", "2014-03-31", 1, "2013/14"});
    expect_period(
        {"2016-17", PeriodKind::financial_year, "2016-04-01", "2017-03-31", 1, "2016/17"});
    expect_period(
        {"2011-12", PeriodKind::financial_year, "2011-04-01", "2012-03-31", 1, "2011/12"});
    expect_period({"2013\u201314", PeriodKind::financial_year, "2013-04-01", "2014-03-31", 1,
                   "2013/14"});  // en dash
    expect_period(
        {"2013/2014", PeriodKind::financial_year, "2013-04-01", "2014-03-31", 1, "2013/14"});
    expect_period(
        {"2013-2014", PeriodKind::financial_year, "2013-04-01", "2014-03-31", 1, "2013/14"});
    expect_period(
        {"2013 / 14", PeriodKind::financial_year, "2013-04-01", "2014-03-31", 1, "2013/14"});
    // Two-digit pivot: 00-79 are 20xx, 80-99 are 19xx; the century rolls over.
    expect_period({"99/00", PeriodKind::financial_year, "1999-04-01", "2000-03-31", 1, "1999/00"});
    expect_period({"79/80", PeriodKind::financial_year, "2079-04-01", "2080-03-31", 1, "2079/80"});
    expect_period({"80/81", PeriodKind::financial_year, "1980-04-01", "1981-03-31", 1, "1980/81"});
    expect_period(
        {"1999/00", PeriodKind::financial_year, "1999-04-01", "2000-03-31", 1, "1999/00"});
}

// Seed 001 "2012-14", "2013-15", "2011-2013".
TEST(PeriodTest, CalendarSpan) {
    expect_period({"2012-14", PeriodKind::calendar_span, "2012-01-01", "2014-12-31", 3, "2012-14"});
    expect_period({"2013-15", PeriodKind::calendar_span, "2013-01-01", "2015-12-31", 3, "2013-15"});
    expect_period(
        {"2011-2013", PeriodKind::calendar_span, "2011-01-01", "2013-12-31", 3, "2011-13"});
    expect_period(
        {"2012 - 14", PeriodKind::calendar_span, "2012-01-01", "2014-12-31", 3, "2012-14"});
    expect_period({"2012\u201314", PeriodKind::calendar_span, "2012-01-01", "2014-12-31", 3,
                   "2012-14"});  // en dash
    expect_period({"2010-12", PeriodKind::calendar_span, "2010-01-01", "2012-12-31", 3, "2010-12"});
    expect_period(
        {"1998-2002", PeriodKind::calendar_span, "1998-01-01", "2002-12-31", 5, "1998-2002"});
}

// Trafford "2015/16 - 19/20"-style pooled years: "2018/19 - 22/23", "2020/21 - 22/23".
TEST(PeriodTest, FinancialSpan) {
    expect_period({"2015/16 - 19/20", PeriodKind::financial_span, "2015-04-01", "2020-03-31", 5,
                   "2015/16-2019/20"});
    expect_period({"2018/19 - 22/23", PeriodKind::financial_span, "2018-04-01", "2023-03-31", 5,
                   "2018/19-2022/23"});
    expect_period({"2020/21 - 22/23", PeriodKind::financial_span, "2020-04-01", "2023-03-31", 3,
                   "2020/21-2022/23"});
    expect_period({"2015/16-2019/20", PeriodKind::financial_span, "2015-04-01", "2020-03-31", 5,
                   "2015/16-2019/20"});
    expect_period({"15/16 \u2013 19/20", PeriodKind::financial_span, "2015-04-01", "2020-03-31", 5,
                   "2015/16-2019/20"});
}

TEST(PeriodTest, Quarters) {
    expect_period({"2016 Q1", PeriodKind::quarter, "2016-01-01", "2016-03-31", 0, "2016 Q1"});
    expect_period({"Q1 2016", PeriodKind::quarter, "2016-01-01", "2016-03-31", 0, "2016 Q1"});
    expect_period({"q4 2016", PeriodKind::quarter, "2016-10-01", "2016-12-31", 0, "2016 Q4"});
    expect_period({"2016Q2", PeriodKind::quarter, "2016-04-01", "2016-06-30", 0, "2016 Q2"});
    expect_period({"2016-Q3", PeriodKind::quarter, "2016-07-01", "2016-09-30", 0, "2016 Q3"});
    expect_period({"Q1 2016/17", PeriodKind::quarter, "2016-04-01", "2016-06-30", 0, "2016/17 Q1"});
    expect_period({"2016/17 Q1", PeriodKind::quarter, "2016-04-01", "2016-06-30", 0, "2016/17 Q1"});
    expect_period({"2016/17 Q3", PeriodKind::quarter, "2016-10-01", "2016-12-31", 0, "2016/17 Q3"});
    expect_period({"Q4 2016/17", PeriodKind::quarter, "2017-01-01", "2017-03-31", 0, "2016/17 Q4"});
    expect_period({"Q2 16/17", PeriodKind::quarter, "2016-07-01", "2016-09-30", 0, "2016/17 Q2"});
    EXPECT_TRUE(parsed("2016/17 Q1").financial_quarter);
    EXPECT_FALSE(parsed("2016 Q2").financial_quarter);
    // Same months, different quarters: the flag keeps them apart.
    EXPECT_NE(parsed("2016 Q2"), parsed("2016/17 Q1"));
}

TEST(PeriodTest, Months) {
    expect_period({"Apr 2016", PeriodKind::month, "2016-04-01", "2016-04-30", 0, "2016-04"});
    expect_period({"April 2016", PeriodKind::month, "2016-04-01", "2016-04-30", 0, "2016-04"});
    expect_period({"2016-04", PeriodKind::month, "2016-04-01", "2016-04-30", 0, "2016-04"});
    expect_period({"Apr-16", PeriodKind::month, "2016-04-01", "2016-04-30", 0, "2016-04"});
    expect_period({"Feb 2016", PeriodKind::month, "2016-02-01", "2016-02-29", 0, "2016-02"});
    expect_period({"Feb-2015", PeriodKind::month, "2015-02-01", "2015-02-28", 0, "2015-02"});
    expect_period({"Sept 2016", PeriodKind::month, "2016-09-01", "2016-09-30", 0, "2016-09"});
    expect_period({"DECEMBER 2016", PeriodKind::month, "2016-12-01", "2016-12-31", 0, "2016-12"});
}

// Seed 001 "31/12/2016"; FingertipsNext date_from/date_to "2024-01-01", "2024-12-31".
TEST(PeriodTest, Dates) {
    expect_period({"31/12/2016", PeriodKind::date, "2016-12-31", "2016-12-31", 0, "2016-12-31"});
    expect_period({"2016-12-31", PeriodKind::date, "2016-12-31", "2016-12-31", 0, "2016-12-31"});
    expect_period({"2024-01-01", PeriodKind::date, "2024-01-01", "2024-01-01", 0, "2024-01-01"});
    expect_period({"2024-12-31", PeriodKind::date, "2024-12-31", "2024-12-31", 0, "2024-12-31"});
    expect_period({"1/4/2016", PeriodKind::date, "2016-04-01", "2016-04-01", 0, "2016-04-01"});
    expect_period({"31/03/17", PeriodKind::date, "2017-03-31", "2017-03-31", 0, "2017-03-31"});
    expect_period({"31.12.2016", PeriodKind::date, "2016-12-31", "2016-12-31", 0, "2016-12-31"});
    expect_period({"31 Dec 2016", PeriodKind::date, "2016-12-31", "2016-12-31", 0, "2016-12-31"});
    expect_period({"29/02/2016", PeriodKind::date, "2016-02-29", "2016-02-29", 0, "2016-02-29"});
    expect_period(
        {"2016-12-31T00:00:00", PeriodKind::date, "2016-12-31", "2016-12-31", 0, "2016-12-31"});
}

TEST(PeriodTest, FromSerial) {
    Period p = period_from_serial(42735);
    EXPECT_EQ(p.kind, PeriodKind::date);
    EXPECT_EQ(p.start, "2016-12-31");
    EXPECT_EQ(p.end, "2016-12-31");
    EXPECT_EQ(p.years, 0);
    EXPECT_EQ(p.label(), "2016-12-31");
    EXPECT_EQ(period_from_serial(42735.75).start, "2016-12-31");  // time of day dropped
    EXPECT_EQ(period_from_serial(42461).start, "2016-04-01");
    EXPECT_EQ(period_from_serial(1).start, "1900-01-01");
}

// A number with no cell type to say what it is (an Excel function's argument): a year when it is
// a whole number 1900-2100, else a date serial.
TEST(PeriodTest, FromNumber) {
    ASSERT_TRUE(period_from_number(2015));
    EXPECT_EQ(period_from_number(2015)->kind, PeriodKind::calendar_year);
    EXPECT_EQ(period_from_number(2015)->label(), "2015");
    EXPECT_EQ(period_from_number(1900)->label(), "1900");
    ASSERT_TRUE(period_from_number(2100));
    EXPECT_EQ(period_from_number(2100)->end, "2100-12-31");
    // Not whole, or outside 1900-2100: a date serial.
    EXPECT_EQ(period_from_number(42735)->label(), "2016-12-31");
    EXPECT_EQ(period_from_number(42735.5)->label(), "2016-12-31");
    EXPECT_EQ(period_from_number(2015.5)->kind, PeriodKind::date);
    EXPECT_EQ(period_from_number(2101)->start, "1905-10-01");
    EXPECT_EQ(period_from_number(1)->start, "1900-01-01");
    EXPECT_EQ(period_from_number(2958465)->start, "9999-12-31");
    // Nothing a serial can be.
    EXPECT_FALSE(period_from_number(0));
    EXPECT_FALSE(period_from_number(-2015));
    EXPECT_FALSE(period_from_number(2958466));
    EXPECT_FALSE(period_from_number(std::numeric_limits<double>::quiet_NaN()));
    EXPECT_FALSE(period_from_number(std::numeric_limits<double>::infinity()));
}

TEST(PeriodTest, RejectsNonsense) {
    for (const char* text : {"13/15",       "2016/13",
                             "2013/13",     "14/13",
                             "2016-13-01",  "32/12/2016",
                             "29/02/2015",  "31/04/2016",
                             "1",           "12",
                             "123",         "Year 1",
                             "Year",        "",
                             "   ",         "Q5 2016",
                             "Q0 2016",     "2016 Q",
                             "Apr 2016/17", "Smarch 2016",
                             "15-17",       "16-17",
                             "13-14",       "1000",
                             "2200",        "2013/14 (provisional)",
                             "2016-00",     "2016/17/18",
                             "March 31",    "Baseline",
                             "TBC",         "83.40%",
                             "1,010",       "2015.5",
                             "2012-2099",   "2019/20 - 2015/16",
                             "n/a"}) {
        EXPECT_FALSE(parse_period(text).has_value()) << text;
    }
}

// Seed 000 headers "Year 1 – 20/21" ... "Year 5 – 24/25" (EN DASH).
TEST(PeriodTest, FindInHeaders) {
    auto p = find_period("Year 1 \u2013 20/21");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->kind, PeriodKind::financial_year);
    EXPECT_EQ(p->label(), "2020/21");
    EXPECT_EQ(p->start, "2020-04-01");

    auto five = find_period("Year 5 \u2013 24/25");
    ASSERT_TRUE(five.has_value());
    EXPECT_EQ(five->label(), "2024/25");

    auto value = find_period("Value 2015");
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(value->kind, PeriodKind::calendar_year);
    EXPECT_EQ(value->label(), "2015");

    auto provisional = find_period("2013/14 (provisional)");
    ASSERT_TRUE(provisional.has_value());
    EXPECT_EQ(provisional->label(), "2013/14");

    // The longest run wins: the whole span, not its first year.
    auto span = find_period("Obesity, 2015/16 - 19/20 combined");
    ASSERT_TRUE(span.has_value());
    EXPECT_EQ(span->kind, PeriodKind::financial_span);
    EXPECT_EQ(span->label(), "2015/16-2019/20");

    auto date = find_period("Position at 31/12/2016");
    ASSERT_TRUE(date.has_value());
    EXPECT_EQ(date->label(), "2016-12-31");

    auto quarter = find_period("Performance Q1 2016/17 (draft)");
    ASSERT_TRUE(quarter.has_value());
    EXPECT_EQ(quarter->label(), "2016/17 Q1");

    auto fy = find_period("FY2019/20 outturn");
    ASSERT_TRUE(fy.has_value());
    EXPECT_EQ(fy->label(), "2019/20");
    auto fy_spaced = find_period("FY 2019/20 outturn");
    ASSERT_TRUE(fy_spaced.has_value());
    EXPECT_EQ(fy_spaced->label(), "2019/20");

    EXPECT_EQ(find_period("2015")->label(), "2015");
}

TEST(PeriodTest, FindRejectsNonPeriods) {
    for (const char* text :
         {"Year 1", "Year 1 \u2013 Baseline", "Under 18 conceptions per 1000 females aged 15-17",
          "16-17 year old NEET", "Rate per 100,000 population", "Value 2015.5", "E92000001", "SW08",
          "Number of residents", "People 65+ still at home 91 days after discharge",
          "year to 31 March", ""}) {
        EXPECT_FALSE(find_period(text).has_value()) << text;
    }
}

TEST(PeriodTest, OrdersByEndThenStart) {
    std::vector<Period> periods{parsed("2012-14"), parsed("2015"),    parsed("2014"),
                                parsed("13/14"),   parsed("Q1 2014"), parsed("2013-15")};
    std::sort(periods.begin(), periods.end());
    std::vector<std::string> labels;
    for (const auto& p : periods) labels.push_back(p.label());
    // Equal ends: the later start (the shorter period) first, so Q1 2014 comes before 2013/14
    // and the 3-year span ending 2014 after 2014.
    EXPECT_EQ(labels, (std::vector<std::string>{"2014 Q1", "2013/14", "2014", "2012-14", "2015",
                                                "2013-15"}));
    EXPECT_LT(parsed("13/14"), parsed("14/15"));
    EXPECT_GT(parsed("2012-14"), parsed("2014"));
    EXPECT_EQ(parsed("2013/14"), parsed("13/14"));
    EXPECT_EQ(parsed("2013-14"), parsed("2013\u201314"));
    EXPECT_EQ(parsed("31/12/2016"), period_from_serial(42735));
}

TEST(PeriodTest, Comparable) {
    EXPECT_TRUE(comparable(parsed("13/14"), parsed("2014/15")));
    EXPECT_TRUE(comparable(parsed("2012-14"), parsed("2013-15")));
    EXPECT_TRUE(comparable(parsed("2012"), parsed("2016")));
    EXPECT_FALSE(comparable(parsed("2013"), parsed("13/14")));
    EXPECT_FALSE(comparable(parsed("2012-14"), parsed("2014")));
    EXPECT_FALSE(comparable(parsed("2011-2013"), parsed("1998-2002")));  // 3 years vs 5 years
    EXPECT_FALSE(comparable(parsed("2018/19 - 22/23"), parsed("2020/21 - 22/23")));
    EXPECT_TRUE(comparable(parsed("Apr 2016"), parsed("2016-05")));
}
