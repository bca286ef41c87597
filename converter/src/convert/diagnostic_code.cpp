// Names and flags of the diagnostic codes, expanded from the one list in diagnostic_code.hpp.
#include "kpimap/diagnostic_code.hpp"

#include <array>

namespace kpimap {

namespace {

struct CodeEntry {
    DiagnosticCode code;
    std::string_view name;
    bool declined;
};

constexpr std::array kCodes = {
#define KPIMAP_DIAGNOSTIC_ENTRY(name, declined) CodeEntry{DiagnosticCode::name, #name, declined},
    KPIMAP_DIAGNOSTIC_CODES(KPIMAP_DIAGNOSTIC_ENTRY)
#undef KPIMAP_DIAGNOSTIC_ENTRY
};

constexpr std::array kOrder = {
#define KPIMAP_DIAGNOSTIC_VALUE(name, declined) DiagnosticCode::name,
    KPIMAP_DIAGNOSTIC_CODES(KPIMAP_DIAGNOSTIC_VALUE)
#undef KPIMAP_DIAGNOSTIC_VALUE
};

// The enum is declared from the same list in the same order, so an entry's index is its value.
static_assert([] {
    for (std::size_t i = 0; i < kCodes.size(); ++i)
        if (static_cast<std::size_t>(kCodes[i].code) != i) return false;
    return true;
}());

}  // namespace

std::string_view diagnostic_code_name(DiagnosticCode code) noexcept {
    const auto i = static_cast<std::size_t>(code);
    return i < kCodes.size() ? kCodes[i].name : std::string_view("unknown");
}

std::optional<DiagnosticCode> diagnostic_code_named(std::string_view name) noexcept {
    for (const CodeEntry& e : kCodes)
        if (e.name == name) return e.code;
    return std::nullopt;
}

bool declined_by_mapping(DiagnosticCode code) noexcept {
    const auto i = static_cast<std::size_t>(code);
    return i < kCodes.size() && kCodes[i].declined;
}

std::span<const DiagnosticCode> all_diagnostic_codes() noexcept { return kOrder; }

}  // namespace kpimap
