// The cell passes of the model writer: each observation and expectation goes into the target's
// cell that reads the same indicator, period, series and breakdown; whatever found no place is
// listed with the reason.
#include <fmt/format.h>

#include <cmath>

#include "kpimap/identity.hpp"
#include "kpimap/value.hpp"
#include "write/model_writer.hpp"

namespace kpimap::planning {

namespace {

// Prefers the fact read from this very cell (writing a model back into its own workbook),
// then one with a value, then the first.
PlannedFact* choose(std::vector<PlannedFact>& list, const std::string& sheet,
                    const std::string& cell) {
    for (PlannedFact& f : list) {
        const Provenance& w = f.observation ? f.observation->where : f.expectation->where;
        if (w.sheet == sheet && first_cell(w.cell) == first_cell(cell)) return &f;
    }
    for (PlannedFact& f : list)
        if (f.observation && f.observation->value) return &f;
    return &list.front();
}

}  // namespace

void ModelWriter::match_indicators() {
    for (const Indicator& ind : p_.read_.model.indicators) {
        bool ambiguous = false;
        if (auto s = identity_.match(ind, ambiguous))
            match_[ind.id] = *s;
        else if (ambiguous)
            p_.plan.notes.push_back(fmt::format(
                "'{}' ({}) matches several indicators of the model; nothing written for it",
                ind.title, provenance_text(ind.where)));
    }
}

// The source facts for a target indicator, period and series.
std::vector<PlannedFact>* ModelWriter::facts_for(const std::string& target_id, const Period& period,
                                                 const std::string& series,
                                                 const Breakdown& breakdown) {
    auto m = match_.find(target_id);
    if (m == match_.end()) return nullptr;
    const std::string& source_id = model_.indicators[m->second].id;
    auto it = facts_.find(fact_key(source_id, period, series, breakdown));
    return it == facts_.end() ? nullptr : &it->second;
}

// True when the target stores this indicator's values as fractions under a percent format
// (or as plain fractions the converter scaled): the writer divides by 100.
bool ModelWriter::stores_fraction(const CellKey& at, const std::string& target_id) {
    const Cell* c = p_.find(at);
    if (c && c->type == CellType::number) {
        if (parse_value_cell(p_.wb_, *c).percent) return true;
    }
    if (target_observations_.empty())
        for (const Observation& o : p_.read_.model.observations)
            target_observations_[o.indicator_id].push_back(&o);
    auto list = target_observations_.find(target_id);
    if (list == target_observations_.end()) return false;
    for (const Observation* op : list->second) {
        const Observation& o = *op;
        if (!o.value) continue;
        auto s = sheet_index(p_.wb_, o.where.sheet);
        auto cell = first_cell(o.where.cell);
        if (!s || !cell || *s != std::get<0>(at)) continue;
        const Cell* oc = p_.wb_.sheets[*s].find(*cell);
        if (!oc || oc->type != CellType::number) continue;
        if (parse_value_cell(p_.wb_, *oc).percent) return true;
        // A plain fraction the converter scaled (0.822 read as 82.2): not a zero.
        if (oc->number != 0 && std::fabs(oc->number) <= 1 &&
            std::fabs(oc->number * 100 - *o.value) < 1e-6)
            return true;
    }
    return false;
}

void ModelWriter::observation_slots() {
    struct Slot {
        std::string indicator_id;
        Period period;
        std::string series;
        Breakdown breakdown;
    };
    std::map<CellKey, Slot> slots;
    for (const WriteSlot& s : p_.read_.slots)
        if (s.kind == WriteSlot::Kind::observation)
            slots.emplace(CellKey{s.sheet, s.cell.row, s.cell.col},
                          Slot{s.indicator_id, s.period, s.series, s.breakdown});
    for (const Observation& o : p_.read_.model.observations) {
        auto sheet = sheet_index(p_.wb_, o.where.sheet);
        auto cell = parse_a1(o.where.cell);  // a single cell only
        if (!sheet || !cell) continue;
        slots.emplace(CellKey{*sheet, cell->row, cell->col},
                      Slot{o.indicator_id, o.period, o.series, o.breakdown});
    }
    for (const auto& [at, slot] : slots) {
        if (in_records(at)) continue;
        std::vector<PlannedFact>* list =
            facts_for(slot.indicator_id, slot.period, slot.series, slot.breakdown);
        if (!list) continue;
        PlannedFact* f = choose(*list, p_.wb_.sheets[std::get<0>(at)].name,
                                to_a1({std::get<1>(at), std::get<2>(at)}));
        if (!f->observation) continue;
        for (PlannedFact& other : *list)
            if (&other != f && other.observation && other.observation->value &&
                f->observation->value &&
                !agree_within_precision(*f->observation->value, f->observation->decimals,
                                        *other.observation->value, other.observation->decimals))
                p_.plan.notes.push_back(fmt::format(
                    "{}: the model holds {} ({}) and {} ({}); {} is written to '{}'!{}",
                    p_.read_.model.find_indicator(slot.indicator_id)->title,
                    format_number(*f->observation->value), provenance_text(f->observation->where),
                    format_number(*other.observation->value),
                    provenance_text(other.observation->where),
                    format_number(*f->observation->value), p_.wb_.sheets[std::get<0>(at)].name,
                    to_a1({std::get<1>(at), std::get<2>(at)})));
        for (PlannedFact& other : *list) other.placed = other.placed || other.observation;
        const Observation& o = *f->observation;
        if (o.value) {
            const double v = stores_fraction(at, slot.indicator_id) ? *o.value / 100 : *o.value;
            p_.write_number(at, v);
        } else if (!o.raw.empty()) {
            p_.write_text(at, o.raw);
        } else {
            continue;
        }
        ++p_.plan.facts_placed;
    }
}

void ModelWriter::expectation_slots() {
    struct Slot {
        std::string indicator_id;
        Period period;
        std::string vocabulary;
        const Expectation* now = nullptr;  // the target's expectation read there
    };
    std::map<CellKey, Slot> slots;
    for (const WriteSlot& s : p_.read_.slots)
        if (s.kind == WriteSlot::Kind::expectation)
            slots[CellKey{s.sheet, s.cell.row, s.cell.col}] =
                Slot{s.indicator_id, s.period, s.vocabulary, nullptr};
    for (const Expectation& e : p_.read_.model.expectations) {
        auto sheet = sheet_index(p_.wb_, e.where.sheet);
        auto cell = first_cell(e.where.cell);
        if (!sheet || !cell) continue;
        Slot& s = slots[CellKey{*sheet, cell->row, cell->col}];
        if (s.indicator_id.empty()) s = Slot{e.indicator_id, e.period, "", nullptr};
        s.now = &e;
    }
    for (const auto& [at, slot] : slots) {
        std::vector<PlannedFact>* list =
            facts_for(slot.indicator_id, slot.period, kExpectationSeries);
        if (!list) continue;
        PlannedFact* f = choose(*list, p_.wb_.sheets[std::get<0>(at)].name,
                                to_a1({std::get<1>(at), std::get<2>(at)}));
        for (PlannedFact& other : *list) other.placed = true;
        const Expectation& e = *f->expectation;
        ++p_.plan.facts_placed;
        if (slot.now && slot.now->kind == e.kind &&
            (e.kind != ExpectationKind::target || slot.now->target == e.target)) {
            ++p_.plan.unchanged;
            continue;
        }
        if (e.kind == ExpectationKind::target && e.target) {
            p_.write_number(at, *e.target);
        } else {
            p_.write_text(
                at, vocabulary_text(p_.mapping_, slot.vocabulary, expectation_kind_name(e.kind)));
        }
        // A term split over several cells ("Long Term" / "Improvement") is replaced whole.
        if (slot.now)
            if (auto range = parse_a1_range(slot.now->where.cell))
                for (std::uint32_t r = range->first.row; r <= range->last.row; ++r)
                    for (std::uint32_t c = range->first.col; c <= range->last.col; ++c)
                        if (CellRef{r, c} != range->first) p_.write_blank({std::get<0>(at), r, c});
    }
}

void ModelWriter::unplaced(PlannedFact* f, std::string what, const Provenance& where,
                           std::string reason) {
    f->placed = true;  // reported: not listed again as "no place"
    p_.plan.not_written.push_back({std::move(what), where, std::move(reason)});
}

void ModelWriter::report_unplaced() {
    std::set<std::size_t> matched;
    for (const auto& [target, source] : match_) matched.insert(source);
    std::set<std::string> reported_indicators;
    for (const Indicator& ind : model_.indicators) {
        std::vector<const PlannedFact*> left;
        if (auto it = by_indicator_.find(ind.id); it != by_indicator_.end())
            for (const PlannedFact* f : it->second)
                if (!f->placed) left.push_back(f);
        if (left.empty()) continue;
        const auto index = static_cast<std::size_t>(&ind - model_.indicators.data());
        const bool known = matched.contains(index);
        for (const PlannedFact* f : left) {
            if (!known || f->expectation) {
                const bool records_only = !p_.mapping_.records.empty() && !has_expectation_slots();
                const std::string reason =
                    f->expectation && records_only
                        ? "a <records> table has no place for trajectory expectations"
                    : !known ? "no place in the template: it has no indicator with this code or "
                               "title"
                             : "no place in the template for this period";
                if (f->observation) {
                    const Observation& o = *f->observation;
                    p_.plan.not_written.push_back(
                        {describe_fact(ind,
                                       o.period.label() + (o.series.empty() ? "" : " " + o.series),
                                       o.value ? format_number(*o.value) : o.raw),
                         o.where, reason});
                } else {
                    p_.plan.not_written.push_back({describe_expectation(ind, *f->expectation),
                                                   f->expectation->where, reason});
                }
                continue;
            }
            if (f->observation) {
                const Observation& o = *f->observation;
                // A value of a part of the population goes only into that part's cell.
                const std::string part =
                    o.breakdown.empty() ? "" : " (" + breakdown_text(o.breakdown) + ")";
                p_.plan.not_written.push_back(
                    {describe_fact(
                         ind, o.period.label() + (o.series.empty() ? "" : " " + o.series) + part,
                         o.value ? format_number(*o.value) : o.raw),
                     o.where,
                     o.breakdown.empty()
                         ? "no place in the template for this period"
                         : "no place in the template for this period and breakdown; it is "
                           "not written into another part's cell"});
            }
        }
    }
    if (p_.plan.facts_placed == 0 && p_.plan.warnings.empty())
        p_.plan.warnings.push_back(fmt::format(
            "nothing to write: none of the model's {} observation(s) and {} expectation(s) "
            "has a place in the template, so the copy is unchanged",
            model_.observations.size(), model_.expectations.size()));
}

bool ModelWriter::has_expectation_slots() const {
    for (const WriteSlot& s : p_.read_.slots)
        if (s.kind == WriteSlot::Kind::expectation) return true;
    return !p_.read_.model.expectations.empty();
}

bool ModelWriter::in_records(const CellKey& at) const {
    for (const RecordsArea& a : records_areas_)
        if (a.sheet == std::get<0>(at) && std::get<1>(at) > a.header_row &&
            a.columns.contains(std::get<2>(at)))
            return true;
    return false;
}

}  // namespace kpimap::planning
