// The keywords of a mapping file's closed attribute sets (kpimap/mapping.hpp: ColumnRole,
// FieldRole, StatusShow, ListSplit, TableMeasure, FactRule::Type), each enum with one name table
// in mapping_keywords.cpp: the loader parses a keyword through it once, and the *_name()
// functions give the keyword back for messages and output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kpimap/mapping.hpp"

namespace kpimap::detail {

// The value a keyword names ("indicator.title" gives ColumnRole::indicator_title); nullopt for a
// word the enum's table lacks. Defined for the enums listed above.
template <class Enum>
std::optional<Enum> keyword_value(std::string_view name);

// Every name of the enum's table, in the table's order or sorted, joined by ", ": the
// "(known: ...)" of a message.
enum class KeywordOrder : std::uint8_t { table, alphabetical };
template <class Enum>
std::string known_keywords(KeywordOrder order = KeywordOrder::table);

}  // namespace kpimap::detail
