// ICU regular expressions over UTF-8, for mapping patterns: Unicode-aware, (?i) supported.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/regex.h>

namespace kpimap::detail {

class IcuRegex {
public:
    // Compiles `pattern`; an invalid pattern never matches (mappings are validated on load).
    explicit IcuRegex(std::string_view pattern);
    ~IcuRegex();
    IcuRegex(IcuRegex&&) noexcept;
    IcuRegex& operator=(IcuRegex&&) noexcept;
    // The groups of the first match anywhere in `text` (group 0 first); nullopt when none.
    std::optional<std::vector<std::string>> search(std::string_view text) const;
    // True when the pattern matches somewhere in `text`.
    bool found_in(std::string_view text) const { return search(text).has_value(); }

private:
    std::unique_ptr<icu::RegexPattern> pattern_;
};

// `pattern` with $1, $2, ... replaced by groups[1], groups[2], ... (the captures search()
// returns): the period="$1" and category="$1" of mapping rules.
std::string expand_captures(std::string pattern, const std::vector<std::string>& groups);

}  // namespace kpimap::detail
