// The wording status explanations share: numbers, periods, values and relative changes.
#include "status_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "kpimap/workbook.hpp"  // format_number

namespace kpimap::status_text {

std::string num(double v) {
    v = remove_float_noise(v);
    // Whole numbers in full: 100000, not the shortest form 1e+05.
    if (v != 0 && v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
    return format_number(v);
}

std::string period_label(const Observation& o) {
    return o.period.start.empty() ? o.period_text : o.period.label();
}

std::string value_text(const Observation& o) {
    if (!o.value) return "no value";
    return num(*o.value) + (o.percent_shown ? "%" : "");
}

std::string percent_text(double fraction) {
    return fmt::format("{:g}%", std::round(fraction * 1000.0) / 10.0);
}

std::string change_text(double latest, double previous) {
    if (previous == 0) return latest == 0 ? "no change" : "from 0";
    const double rel = (latest - previous) / std::fabs(previous);
    return fmt::format("{}{:g}%", rel >= 0 ? "+" : "-", std::round(std::fabs(rel) * 10000) / 100);
}

}  // namespace kpimap::status_text
