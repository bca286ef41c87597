// Writing a model's facts into a target workbook (kpimap return): one ModelWriter runs its passes
// in order, each in its own file: <records> rows (constructs/records/records_write.cpp), named
// <fact> cells (constructs/fact/fact_write.cpp), observation and expectation cells and what
// found no place (cell_writes.cpp).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "constructs/records/records_read.hpp"
#include "write/planner.hpp"

namespace kpimap::planning {

// Matches indicators of one model (the target's) to those of another (the source) by code,
// then by normalised title or alias (the keys of kpimap/identity.hpp).
class IdentityIndex {
public:
    explicit IdentityIndex(const Model& source);
    // The source indicator meaning `target`; nullopt when none, or when several do (ambiguous,
    // reported through `ambiguous`).
    std::optional<std::size_t> match(const Indicator& target, bool& ambiguous) const;

private:
    std::map<std::string, std::set<std::size_t>> by_code_;
    std::map<std::string, std::set<std::size_t>> by_title_;
};

// A fact of the source model: one observation or expectation, with whether it found a place.
struct PlannedFact {
    const Observation* observation = nullptr;
    const Expectation* expectation = nullptr;
    bool placed = false;
};

// The series key under which expectations are kept apart from observations.
inline constexpr const char* kExpectationSeries =
    "\x1e"
    "expectation";

class ModelWriter {
public:
    // Indexes the model's facts by place and by indicator.
    ModelWriter(Planner& p, const Model& model, const ReturnOptions& options);
    // Plans every pass into the Planner's plan.
    void run();

private:
    // A fact's place: indicator, period, series and breakdown (a Female value goes only into a
    // Female cell: observation_key in kpimap/identity.hpp), categories resolved by the mapping's
    // dimensions, so a model that says "65 and over" fills the template's "65+" cells.
    std::string fact_key(const std::string& indicator_id, const Period& period,
                         const std::string& series, const Breakdown& breakdown) const;

    // <records>: one row per observation (constructs/records/records_write.cpp).
    struct RecordRow {
        std::vector<std::string> cells;  // parallel to the rule's fields; "" writes the empty-value
        PlannedFact* fact = nullptr;
    };
    void records(const RecordsRule& rule);
    std::vector<std::string> records_constants(const RecordsRule& rule);
    std::vector<RecordRow> records_rows(const RecordsRule& rule,
                                        const std::vector<std::string>& constant);
    std::string fill_record_row(const RecordsRule& rule, const Indicator& ind, const Observation& o,
                                const std::string& code, const std::vector<std::string>& constant,
                                std::vector<std::string>& cells) const;
    void place_records(const RecordsRule& rule, const detail::RecordsTable& t,
                       std::vector<RecordRow>& rows);
    std::string breakdown_cell(const RecordField& field, const Breakdown& breakdown,
                               const std::string& fallback, std::string& cell) const;

    // <fact> cells: named values such as council and contact (constructs/fact/fact_write.cpp).
    void named_facts();
    const Fact* model_fact(const std::string& name);

    // Observation and expectation cells, and what found no place (cell_writes.cpp).
    void match_indicators();
    std::vector<PlannedFact>* facts_for(const std::string& target_id, const Period& period,
                                        const std::string& series, const Breakdown& breakdown = {});
    bool stores_fraction(const CellKey& at, const std::string& target_id);
    void observation_slots();
    void expectation_slots();
    void unplaced(PlannedFact* f, std::string what, const Provenance& where, std::string reason);
    void report_unplaced();
    bool has_expectation_slots() const;
    bool in_records(const CellKey& at) const;

    Planner& p_;
    const Model& model_;
    const ReturnOptions& options_;
    IdentityIndex identity_;
    std::map<std::string, std::vector<PlannedFact>> facts_;
    std::map<std::string, std::size_t> match_;  // target indicator id -> source index
    std::map<std::string, std::vector<PlannedFact*>> by_indicator_;  // source indicator id -> facts
    struct RecordsArea {
        std::size_t sheet;
        std::uint32_t header_row;
        std::set<std::uint32_t> columns;
    };
    std::vector<RecordsArea> records_areas_;  // cells a <records> rule writes, not the slots'
    std::map<std::string, std::vector<const Observation*>> target_observations_;
};

}  // namespace kpimap::planning
