// Diagnostics of a reader, folded: the first few of each kind in each sheet are listed with
// their cells, the rest only counted and summed up in one line. One problem repeated over
// millions of cells (a zip bomb of cells past the last column) then costs a few lines of
// output and a few bytes of memory, not millions of each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kpimap/workbook.hpp"

namespace kpimap::detail {

class DiagnosticLog {
public:
    // How many diagnostics of one kind in one sheet are listed before the rest are counted.
    static constexpr std::size_t kListed = 5;

    // Appends to `out` (a workbook's diagnostics).
    explicit DiagnosticLog(std::vector<ReadDiagnostic>& out) : out_(&out) {}

    // True when the next diagnostic of `kind` in `sheet` will be listed; callers that build an
    // expensive message can skip it and call count() instead.
    bool wants(std::string_view sheet, std::string_view kind) const;
    // Lists `diagnostic` or, past kListed of its kind in its sheet, only counts it. `kind` is a
    // short description of the problem ("cell reference is not valid"), used in the summary.
    void add(std::string_view kind, ReadDiagnostic diagnostic);
    // Counts one more diagnostic of `kind` in `sheet` that is not listed.
    void count(std::string_view sheet, std::string_view part, std::string_view kind);
    // Appends one summary line per kind and sheet that had more than kListed, and resets.
    void flush();

private:
    struct Tally {
        std::string sheet, part, kind;
        std::uint64_t seen = 0;
    };
    Tally& tally(std::string_view sheet, std::string_view part, std::string_view kind);
    std::vector<ReadDiagnostic>* out_;
    std::unordered_map<std::string, std::size_t> index_;  // sheet \x1F kind -> tallies_
    std::vector<Tally> tallies_;
};

}  // namespace kpimap::detail
