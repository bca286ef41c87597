// The identity rules every stage shares: when two indicator codes are the same code, when two
// periods are the same period, and when two values agree. reconcile, status and the write planner
// all call these; none keeps a copy of its own (they once disagreed, see docs/architecture.md).
#pragma once

#include <string>

#include "kpimap/model.hpp"
#include "kpimap/period.hpp"

namespace kpimap {

// A code's scheme and value as compared: each normalised (normalise_text: NFKC, case folded,
// whitespace collapsed). "PHOF " and "phof" are one scheme.
struct ComparedCode {
    std::string scheme;
    std::string value;
};
// The code's scheme and value as two codes are compared (for grouping codes by scheme).
ComparedCode compared_code(const IndicatorCode& code);

// The key two codes share when they are the same code: compared_code's scheme and value.
std::string indicator_code_key(const IndicatorCode& code);

// True when a code is local to one workbook (its scheme is empty or "local", after
// normalisation), so it never identifies an indicator across workbooks.
bool is_local_code(const IndicatorCode& code);

// The key two periods share when they are the same period: their kind and canonical label.
std::string period_key(const Period& period);

// The key two breakdowns share when they describe the same part of the population: each
// dimension and category normalised (normalise_text), the pairs sorted, so "Sex = Female, Age =
// 65+" and "age = 65+, sex = female" are one breakdown. Empty (the whole population) is "".
std::string breakdown_key(const Breakdown& breakdown);

// An observation's place in its indicator's data: its period (period_key), its series and its
// breakdown (breakdown_key). Two values of one indicator agree or conflict only when their keys
// are equal; values of different breakdowns (Male and Female) are different values.
std::string observation_key(const Period& period, const std::string& series,
                            const Breakdown& breakdown);
std::string observation_key(const Observation& observation);

// True when two values agree within the precision each shows: both are rounded to the coarser
// of the two decimal places and compared (92.4 and 92 agree at 0 dp; 16.59 and 16.6 at 1 dp).
// A value exactly halfway at the coarser precision (92.5 against 92 or 93) agrees with both
// neighbours, since sources round halves either way. Decimals -1 (unknown) take the other
// value's; both unknown compare exactly (within 1e-9 relative).
bool agree_within_precision(double a, int decimals_a, double b, int decimals_b) noexcept;

}  // namespace kpimap
