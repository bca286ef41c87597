#include "convert/text_split.hpp"

#include <algorithm>

#include "core/icu_regex.hpp"

namespace kpimap::detail {

std::string trim_space(std::string_view s) {
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string_view::npos) return {};
    return std::string(s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1));
}

Split split_numbered(std::string_view text, std::string_view marker_pattern) {
    const IcuRegex marker(marker_pattern);
    Split out;
    std::string rest(text);
    int expected = 0;
    std::vector<std::string> pieces;
    std::string current;
    // Walk the markers in order; a number only counts when it opens the cell, is the next one
    // expected, or restarts a list at 1, so "28 days" inside an item does not split it.
    std::size_t pos = 0;
    std::string before;
    bool in_item = false;
    while (pos < rest.size()) {
        auto m = marker.search(std::string_view(rest).substr(pos));
        if (!m) break;
        const std::string& whole = (*m)[0];
        const std::size_t at = rest.find(whole, pos);
        const int n = std::stoi((*m)[1]);
        // The first marker of a cell may carry any number: a list continued from the row
        // above resumes at "4)" after the tail of item 3.
        const bool first_in_cell = !in_item;
        if (n == expected + 1 || n == 1 || first_in_cell) {
            std::string piece = rest.substr(pos, at - pos);
            if (in_item)
                current += piece;
            else
                before += piece;
            if (in_item) pieces.push_back(current);
            current.clear();
            in_item = true;
            expected = n;
        } else {
            (in_item ? current : before) += rest.substr(pos, at - pos) + whole;
        }
        pos = at + whole.size();
    }
    (in_item ? current : before) += rest.substr(std::min(pos, rest.size()));
    if (in_item) pieces.push_back(current);
    out.lead = trim_space(before);
    for (auto& p : pieces)
        if (auto t = trim_space(p); !t.empty()) out.items.push_back(t);
    return out;
}

}  // namespace kpimap::detail
