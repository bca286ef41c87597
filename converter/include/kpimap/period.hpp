// Reporting periods as they appear in these workbooks ("2015", "13/14", "2013/14",
// "Year 1 – 20/21", "2012-14", "2011-2013", "Q1 2016/17", "Apr 2016", "31/12/2016"),
// normalised to a kind, first and last day, and a canonical label, and ordered in time.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kpimap {

enum class PeriodKind : std::uint8_t {
    calendar_year,   // "2015": 1 Jan - 31 Dec
    financial_year,  // "13/14", "2013/14", "2013-14": UK financial year, 1 Apr - 31 Mar
    calendar_span,   // "2012-14", "2011-2013": several calendar years pooled (rolling)
    financial_span,  // "2015/16 - 19/20": several financial years pooled
    quarter,         // "2016 Q1" (calendar) or "Q1 2016/17" (financial: Apr-Jun 2016)
    month,           // "Apr 2016", "April 2016", "2016-04"
    date,            // "31/12/2016" (UK day/month/year) or "2016-12-31": a point in time
};

// "calendar_year", "financial_year", ...
const char* period_kind_name(PeriodKind kind) noexcept;

struct Period {
    PeriodKind kind = PeriodKind::calendar_year;
    std::string start;  // ISO date of the first day, e.g. "2013-04-01"
    std::string end;    // ISO date of the last day, e.g. "2014-03-31"
    int years = 1;      // calendar or financial years covered (3 for "2012-14"); 0 below a year
    bool financial_quarter = false;  // a quarter numbered in its financial year ("2016/17 Q1")

    // Canonical label: "2015", "2013/14", "2012-14", "2015/16-2019/20", "2016 Q1",
    // "2016/17 Q1", "2016-04", "2016-12-31".
    std::string label() const;
    // Periods order by end date, then by start date, later start first (a 3-year span ending
    // 2014 sorts after 2014), then by kind, years and the quarter flag to agree with ==.
    std::strong_ordering operator<=>(const Period& other) const;
    bool operator==(const Period& other) const = default;
};

// Parses a whole cell or header text as one period; nullopt when it is not one.
std::optional<Period> parse_period(std::string_view text);

// Finds a period inside longer text ("Year 1 – 20/21" gives 2020/21); nullopt when none.
std::optional<Period> find_period(std::string_view text);

// The period of a date cell (a 1900-system serial): kind date.
Period period_from_serial(double serial);

// The period of a number standing for one, as a cell or Excel passes it when no cell type says
// which: a whole number from 1900 to 2100 is that calendar year, any other number from 1 to
// 2958465 (9999-12-31) a date serial (period_from_serial); nullopt otherwise (0, negative, not
// finite). A year reads as a year although it is also a serial in 1905.
std::optional<Period> period_from_number(double number);

// True when two periods are directly comparable for direction of travel: same kind and
// same length (a financial year with a financial year, a 3-year span with a 3-year span).
bool comparable(const Period& a, const Period& b) noexcept;

}  // namespace kpimap
