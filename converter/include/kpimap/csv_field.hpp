// One CSV field as every CSV kpimap writes quotes it (observations, expectations, statuses,
// inspect): a core rule, so the layers that write CSV share it without depending on each other.
#pragma once

#include <string>
#include <string_view>

namespace kpimap {

// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);

}  // namespace kpimap
