// The write planner's cell ledger: every write into the target workbook goes through one Planner,
// which skips a cell that already holds the value and notes a cell written twice. Shared by the
// model writer (model_writer.hpp) and the status writer
// (constructs/status_columns/status_columns_write.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "kpimap/write_plan.hpp"

namespace kpimap::planning {

using CellKey = std::tuple<std::size_t, std::uint32_t, std::uint32_t>;  // sheet, row, column

// Index of the sheet called `name`, or nullopt.
std::optional<std::size_t> sheet_index(const Workbook& wb, std::string_view name);

// The first cell of a provenance's cell or range.
std::optional<CellRef> first_cell(std::string_view cell);

// "'TITLE' PERIOD: VALUE", how a fact is named in the plan's lists.
std::string describe_fact(const Indicator& ind, const std::string& period, const std::string& v);

// describe_fact for an expectation ("target 75" or "expectation improvement").
std::string describe_expectation(const Indicator& ind, const Expectation& e);

// False (and the plan's misfit set) when the target fails the mapping's detection rules; a
// mapping without rules cannot be checked and is trusted.
bool fits(const Workbook& target, const Mapping& mapping, WritePlan& plan);

// How the mapping's vocabulary `vocabulary` spells `value` (its first text for that term), or
// `value` itself when the vocabulary or the term is not there.
std::string vocabulary_text(const Mapping& mapping, const std::string& vocabulary,
                            const std::string& value);

// The cells planned so far for one target workbook, and the plan they become.
class Planner {
public:
    Planner(const Workbook& target, const Mapping& mapping, const ConversionResult& read)
        : wb_(target), mapping_(mapping), read_(read) {}

    // Writes a number, unless the cell already holds it (counted as unchanged).
    void write_number(const CellKey& at, double value, std::optional<CellRef> style_from = {});
    // Writes text, unless the cell already holds it (counted as unchanged).
    void write_text(const CellKey& at, const std::string& text,
                    std::optional<CellRef> style_from = {});
    // Empties a cell that holds something; nothing for an empty cell.
    void write_blank(const CellKey& at);
    // Numbers in their plain form are written as numbers ("012", a code, stays text), anything
    // else as text.
    void write_value(const CellKey& at, const std::string& text,
                     std::optional<CellRef> style_from = {});
    // The target's cell at `at`, or null when there is none or it is empty.
    const Cell* find(const CellKey& at) const;
    // Moves the planned writes into `plan`, in sheet, row, column order.
    void finish();

    WritePlan plan;
    const Workbook& wb_;
    const Mapping& mapping_;
    const ConversionResult& read_;

private:
    CellWrite base(const CellKey& at, std::optional<CellRef> style_from) const;
    void put(CellWrite w);

    std::map<CellKey, CellWrite> writes_;
};

}  // namespace kpimap::planning
