// Splitting one cell's text into the items it lists: "1) A 2) B", "1. A\n2. B".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kpimap::detail {

// The items of a numbered list; text before the first number is `lead` (a continuation of the
// previous item, or the only item when there are no numbers).
struct Split {
    std::string lead;
    std::vector<std::string> items;
};

// The default marker: "1." or "1)" after the start or a space, followed by space.
inline constexpr std::string_view kNumberedMarker = "(?:^|\\s)(\\d{1,2})[.)]\\s+";

// Splits at number markers matching `marker` (an ICU regex whose first capture is the
// number). A number only counts when it is the first marker of the text (a list continued
// from the cell above resumes at "4)"), the next one expected, or a restart at 1, so "28 days"
// inside an item does not split it. Items are trimmed; the
// numbers themselves are dropped.
Split split_numbered(std::string_view text, std::string_view marker = kNumberedMarker);

// Trims spaces, tabs and line breaks at both ends.
std::string trim_space(std::string_view text);

}  // namespace kpimap::detail
