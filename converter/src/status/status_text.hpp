// The wording every status explanation shares (numbers, periods, values, relative changes), in
// one place so that the methods' explanations (judge_<stage>.cpp, breakdown_gap.cpp) agree.
#pragma once

#include <string>

#include "kpimap/model.hpp"

namespace kpimap::status_text {

// A number as explanations show it: float noise removed, whole numbers in full (100000, never
// 1e+05), others in their shortest form.
std::string num(double v);
// The observation's period label ("2021/22"), or the period as written when none was parsed.
std::string period_label(const Observation& o);
// The value as shown: "83.4%" when the source showed a percentage, "5.1", or "no value".
std::string value_text(const Observation& o);
// A fraction as a percentage to one decimal: 0.02 gives "2%".
std::string percent_text(double fraction);
// The relative change of `latest` from `previous`: "+6.3%"; "from 0" when `previous` is 0.
std::string change_text(double latest, double previous);

}  // namespace kpimap::status_text
