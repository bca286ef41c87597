// The write planner's cell ledger and the helpers every pass shares (write/planner.hpp).
#include "write/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/compat.hpp"
#include "kpimap/value.hpp"

namespace kpimap::planning {

std::optional<std::size_t> sheet_index(const Workbook& wb, std::string_view name) {
    for (std::size_t i = 0; i < wb.sheets.size(); ++i)
        if (wb.sheets[i].name == name) return i;
    return std::nullopt;
}

std::optional<CellRef> first_cell(std::string_view cell) {
    if (auto r = parse_a1_range(cell)) return r->first;
    return std::nullopt;
}

std::string describe_fact(const Indicator& ind, const std::string& period, const std::string& v) {
    return fmt::format("'{}' {}: {}", ind.title, period, v);
}

std::string describe_expectation(const Indicator& ind, const Expectation& e) {
    const std::string what = e.kind == ExpectationKind::target && e.target
                                 ? "target " + format_number(*e.target)
                                 : std::string("expectation ") + expectation_kind_name(e.kind);
    return describe_fact(ind, e.period.label(), what);
}

bool fits(const Workbook& target, const Mapping& mapping, WritePlan& plan) {
    if (mapping.detect.empty()) return true;
    std::vector<MappingScore> scores = score_mappings(target, std::vector<Mapping>{mapping});
    if (scores.empty() || scores.front().fits()) return true;
    plan.misfit = std::move(scores.front());
    plan.misfit->mapping = &mapping;
    return false;
}

std::string vocabulary_text(const Mapping& mapping, const std::string& vocabulary,
                            const std::string& value) {
    if (auto it = mapping.vocabularies.find(vocabulary); it != mapping.vocabularies.end())
        for (const Term& t : it->second.terms.terms())
            if (t.value == value && !t.texts.empty()) return t.texts.front();
    return value;
}

void Planner::write_number(const CellKey& at, double value, std::optional<CellRef> style_from) {
    const Cell* now = find(at);
    if (now && (now->type == CellType::number) && now->formula == kNoIndex &&
        std::fabs(now->number - value) <= 1e-12 * std::max(1.0, std::fabs(value))) {
        ++plan.unchanged;
        return;
    }
    CellWrite w = base(at, style_from);
    w.kind = CellWrite::Kind::number;
    w.number = value;
    put(std::move(w));
}

void Planner::write_text(const CellKey& at, const std::string& text,
                         std::optional<CellRef> style_from) {
    const Cell* now = find(at);
    if (now && now->type == CellType::text && wb_.text(*now) == text) {
        ++plan.unchanged;
        return;
    }
    CellWrite w = base(at, style_from);
    w.kind = CellWrite::Kind::text;
    w.text = text;
    put(std::move(w));
}

void Planner::write_blank(const CellKey& at) {
    if (!find(at)) return;
    CellWrite w = base(at, {});
    w.kind = CellWrite::Kind::blank;
    put(std::move(w));
}

void Planner::write_value(const CellKey& at, const std::string& text,
                          std::optional<CellRef> style_from) {
    double v = 0;
    const char* b = text.data();
    const char* e = text.data() + text.size();
    auto [end, ec] = detail::from_chars(b, e, v);
    // Only numbers in their plain form: "012" (a code with a leading zero) stays text.
    if (!text.empty() && ec == std::errc{} && end == e && format_number(v) == text)
        write_number(at, v, style_from);
    else
        write_text(at, text, style_from);
}

const Cell* Planner::find(const CellKey& at) const {
    const auto& [s, r, c] = at;
    const Cell* cell = wb_.sheets[s].find({r, c});
    if (cell && cell->type == CellType::empty) return nullptr;
    return cell;
}

void Planner::finish() {
    plan.writes.clear();
    for (auto& [key, w] : writes_) plan.writes.push_back(std::move(w));
}

CellWrite Planner::base(const CellKey& at, std::optional<CellRef> style_from) const {
    CellWrite w;
    w.sheet = wb_.sheets[std::get<0>(at)].name;
    w.cell = {std::get<1>(at), std::get<2>(at)};
    w.style_from = style_from;
    return w;
}

void Planner::put(CellWrite w) {
    const CellKey key{*sheet_index(wb_, w.sheet), w.cell.row, w.cell.col};
    if (auto it = writes_.find(key); it != writes_.end())
        plan.notes.push_back(fmt::format("'{}'!{} is written twice; the later value is kept",
                                         w.sheet, to_a1(w.cell)));
    writes_[key] = std::move(w);
}

}  // namespace kpimap::planning
