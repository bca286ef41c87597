#include "core/icu_regex.hpp"

#include <unicode/regex.h>

namespace kpimap::detail {

IcuRegex::IcuRegex(std::string_view pattern) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError pe;
    pattern_.reset(
        icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                       pattern.data(), static_cast<int32_t>(pattern.size()))),
                                   pe, status));
    if (U_FAILURE(status)) pattern_.reset();
}

IcuRegex::~IcuRegex() = default;
IcuRegex::IcuRegex(IcuRegex&&) noexcept = default;
IcuRegex& IcuRegex::operator=(IcuRegex&&) noexcept = default;

std::optional<std::vector<std::string>> IcuRegex::search(std::string_view text) const {
    if (!pattern_) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString input = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    std::unique_ptr<icu::RegexMatcher> m(pattern_->matcher(input, status));
    if (U_FAILURE(status) || !m->find(status)) return std::nullopt;
    std::vector<std::string> groups;
    for (int32_t g = 0; g <= m->groupCount(); ++g) {
        std::string out;
        m->group(g, status).toUTF8String(out);
        groups.push_back(std::move(out));
    }
    return groups;
}

std::string expand_captures(std::string pattern, const std::vector<std::string>& groups) {
    for (std::size_t g = 1; g < groups.size(); ++g) {
        const std::string token = "$" + std::to_string(g);
        for (auto pos = pattern.find(token); pos != std::string::npos; pos = pattern.find(token))
            pattern.replace(pos, token.size(), groups[g]);
    }
    return pattern;
}

}  // namespace kpimap::detail
