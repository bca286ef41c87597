// One name table per keyword enum of kpimap/mapping.hpp: the only place a keyword's spelling is
// written. keyword_value (the loader) and the *_name functions (messages, output) both read it.
#include "mapping/mapping_keywords.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace kpimap {

namespace {

template <class Enum>
struct KeywordTable;

template <>
struct KeywordTable<ColumnRole> {
    static constexpr std::pair<ColumnRole, const char*> rows[] = {
        {ColumnRole::outcome, "outcome"},
        {ColumnRole::outcome_code, "outcome.code"},
        {ColumnRole::outcome_summary, "outcome.summary"},
        {ColumnRole::outcome_outputs, "outcome.outputs"},
        {ColumnRole::indicator_title, "indicator.title"},
        {ColumnRole::indicator_aim, "indicator.aim"},
        {ColumnRole::indicator_capture, "indicator.capture"},
        {ColumnRole::indicator_code, "indicator.code"},
        {ColumnRole::indicator_unit, "indicator.unit"},
        {ColumnRole::indicator_polarity, "indicator.polarity"},
        {ColumnRole::expectation, "expectation"},
        {ColumnRole::observation, "observation"},
        {ColumnRole::breakdown, "breakdown"},
        {ColumnRole::breakdown_code, "breakdown.code"},
        {ColumnRole::denominator, "denominator"},
        {ColumnRole::ignore, "ignore"},
    };
};

template <>
struct KeywordTable<FieldRole> {
    static constexpr std::pair<FieldRole, const char*> rows[] = {
        {FieldRole::indicator_code, "indicator.code"},
        {FieldRole::indicator_title, "indicator.title"},
        {FieldRole::period, "period"},
        {FieldRole::period_year, "period.year"},
        {FieldRole::period_year_range, "period.year-range"},
        {FieldRole::period_quarter, "period.quarter"},
        {FieldRole::period_month, "period.month"},
        {FieldRole::value, "value"},
        {FieldRole::count, "count"},
        {FieldRole::denominator, "denominator"},
        {FieldRole::lower_ci, "lower-ci"},
        {FieldRole::upper_ci, "upper-ci"},
        {FieldRole::lower_ci_99_8, "lower-ci-99.8"},
        {FieldRole::upper_ci_99_8, "upper-ci-99.8"},
        {FieldRole::breakdown, "breakdown"},
        {FieldRole::constant, "constant"},
        {FieldRole::ignore, "ignore"},
    };
};

template <>
struct KeywordTable<StatusShow> {
    static constexpr std::pair<StatusShow, const char*> rows[] = {
        {StatusShow::travel, "travel"}, {StatusShow::trajectory, "trajectory"},
        {StatusShow::rag, "rag"},       {StatusShow::significance, "significance"},
        {StatusShow::trend, "trend"},   {StatusShow::explanation, "explanation"},
    };
};

template <>
struct KeywordTable<ListSplit> {
    static constexpr std::pair<ListSplit, const char*> rows[] = {
        {ListSplit::numbered_list, "numbered-list"},
        {ListSplit::none, "none"},
    };
};

template <>
struct KeywordTable<TableMeasure> {
    static constexpr std::pair<TableMeasure, const char*> rows[] = {
        {TableMeasure::value, "value"},
        {TableMeasure::margin_95, "margin-95"},
    };
};

template <>
struct KeywordTable<FactRule::Type> {
    static constexpr std::pair<FactRule::Type, const char*> rows[] = {
        {FactRule::Type::any, "any"},
        {FactRule::Type::text, "text"},
        {FactRule::Type::number, "number"},
        {FactRule::Type::date, "date"},
    };
};

// Each table lists its enum's values in declaration order, so a value's row is its index.
template <class Enum>
constexpr bool in_declaration_order() {
    std::size_t index = 0;
    for (const auto& row : KeywordTable<Enum>::rows)
        if (static_cast<std::size_t>(row.first) != index++) return false;
    return true;
}
static_assert(in_declaration_order<ColumnRole>() && in_declaration_order<FieldRole>() &&
              in_declaration_order<StatusShow>() && in_declaration_order<ListSplit>() &&
              in_declaration_order<TableMeasure>() && in_declaration_order<FactRule::Type>());

template <class Enum>
const char* name_of(Enum value) noexcept {
    const auto index = static_cast<std::size_t>(value);
    const auto& rows = KeywordTable<Enum>::rows;
    return index < std::size(rows) ? rows[index].second : "";
}

}  // namespace

const char* column_role_name(ColumnRole role) noexcept {
    return name_of(role);
}
const char* field_role_name(FieldRole role) noexcept {
    return name_of(role);
}
const char* status_show_name(StatusShow show) noexcept {
    return name_of(show);
}
const char* list_split_name(ListSplit split) noexcept {
    return name_of(split);
}
const char* table_measure_name(TableMeasure measure) noexcept {
    return name_of(measure);
}
const char* fact_type_name(FactRule::Type type) noexcept {
    return name_of(type);
}

namespace detail {

template <class Enum>
std::optional<Enum> keyword_value(std::string_view name) {
    for (const auto& [value, keyword] : KeywordTable<Enum>::rows)
        if (name == keyword) return value;
    return std::nullopt;
}

template <class Enum>
std::string known_keywords(KeywordOrder order) {
    std::vector<std::string_view> names;
    for (const auto& row : KeywordTable<Enum>::rows) names.emplace_back(row.second);
    if (order == KeywordOrder::alphabetical) std::sort(names.begin(), names.end());
    std::string out;
    for (std::string_view n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

#define KPIMAP_KEYWORD_ENUM(Enum)                                       \
    template std::optional<Enum> keyword_value<Enum>(std::string_view); \
    template std::string known_keywords<Enum>(KeywordOrder);
KPIMAP_KEYWORD_ENUM(ColumnRole)
KPIMAP_KEYWORD_ENUM(FieldRole)
KPIMAP_KEYWORD_ENUM(StatusShow)
KPIMAP_KEYWORD_ENUM(ListSplit)
KPIMAP_KEYWORD_ENUM(TableMeasure)
KPIMAP_KEYWORD_ENUM(FactRule::Type)
#undef KPIMAP_KEYWORD_ENUM

}  // namespace detail

}  // namespace kpimap
