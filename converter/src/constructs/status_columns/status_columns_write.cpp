// kpimap update's planner: each indicator's statuses into the status columns (<status>) of the
// row the target's own tables read it from, in the words of the mapping's vocabulary.
#include <fmt/format.h>

#include <set>

#include "constructs/status_columns/status_columns_read.hpp"
#include "kpimap/text_match.hpp"
#include "write/planner.hpp"

namespace kpimap {

std::string status_text(const IndicatorStatus& s, StatusShow show) {
    switch (show) {
        case StatusShow::travel:
            return stats::travel_name(s.travel);
        case StatusShow::trajectory:
            return trajectory_status_name(s.trajectory);
        case StatusShow::rag:
            return rag_name(s.rag);
        case StatusShow::significance:
            return significance_name(s.significance);
        case StatusShow::trend:
            return s.trend_label.empty() ? stats::trend_name(s.trend) : s.trend_label;
        case StatusShow::explanation: {
            std::string out = s.travel_explanation;
            auto add = [&](const std::string& more) {
                if (more.empty()) return;
                out += (out.empty() ? "" : "; ") + more;
            };
            if (s.trajectory != TrajectoryStatus::no_expectation) add(s.trajectory_explanation);
            if (s.rag != Rag::not_assessed) add(s.rag_explanation);
            return out;
        }
    }
    return {};
}

WritePlan plan_status_writes(const Workbook& target, const Mapping& mapping,
                             const ConversionResult& target_read, const StatusResult& statuses) {
    planning::Planner p(target, mapping, target_read);
    if (!planning::fits(target, mapping, p.plan)) return std::move(p.plan);
    std::map<std::string, const IndicatorStatus*> by_id;
    for (const IndicatorStatus& s : statuses.indicators) by_id[s.indicator_id] = &s;
    std::set<planning::CellKey> headers_done;
    std::set<std::string> problems;
    // Header row texts by (sheet, row), normalised, to the (last) column holding them.
    std::map<std::pair<std::size_t, std::uint32_t>, std::map<std::string, std::uint32_t>>
        header_texts;
    for (const WriteSlot& slot : target_read.slots) {
        if (slot.kind != WriteSlot::Kind::status_row || !slot.statuses) continue;
        const Sheet& sheet = target.sheets[slot.sheet];
        const Indicator* ind = target_read.model.find_indicator(slot.indicator_id);
        const std::string title = ind ? ind->title : slot.indicator_id;
        auto status = by_id.find(slot.indicator_id);
        for (const StatusTarget& st : *slot.statuses) {
            if (!st.header_pattern.empty()) {
                // One column per period: the trajectory status the indicator has for it.
                for (const Row& row : sheet.rows) {
                    if (row.index != slot.header_row) continue;
                    for (const Cell& c : row.cells) {
                        auto period = detail::status_column_period(st, target.value_text(c));
                        if (!period || status == by_id.end()) continue;
                        const TrajectoryPoint* point = nullptr;
                        for (const TrajectoryPoint& tp : status->second->trajectory_by_period)
                            if (tp.period == period->label()) point = &tp;
                        if (!point) continue;  // no trajectory cell for that period
                        const std::string text =
                            planning::vocabulary_text(mapping, st.vocabulary,
                                                      st.show == StatusShow::explanation
                                                          ? point->explanation
                                                          : trajectory_status_name(point->status));
                        ++p.plan.facts_placed;
                        p.write_text({slot.sheet, slot.cell.row, c.col}, text);
                    }
                }
                continue;
            }
            // The column: a header cell with the status's text, else the declared column.
            std::optional<std::uint32_t> col;
            const std::string wanted = normalise_text(st.header);
            auto header = header_texts.find({slot.sheet, slot.header_row});
            if (header == header_texts.end()) {
                std::map<std::string, std::uint32_t> texts;
                for (const Row& row : sheet.rows)
                    if (row.index == slot.header_row)
                        for (const Cell& c : row.cells)
                            texts[normalise_text(target.value_text(c))] = c.col;
                header =
                    header_texts.emplace(std::make_pair(slot.sheet, slot.header_row), texts).first;
            }
            if (auto it = header->second.find(wanted); it != header->second.end()) {
                col = it->second;
                // The header already there counts as a cell that holds its value, so a second
                // update reports the same total as the first (which wrote it).
                if (headers_done.insert({slot.sheet, slot.header_row, *col}).second)
                    ++p.plan.unchanged;
            }
            if (!col && !st.column.empty()) {
                col = parse_column_name(st.column);
                const planning::CellKey head{slot.sheet, slot.header_row, *col};
                const Cell* now = p.find(head);
                if (now) {
                    const std::string problem = fmt::format(
                        "'{}'!{} holds '{}', not the status header '{}' (line {}); the {} "
                        "statuses of this table are not written: give <status> the header that "
                        "is there, or another column",
                        sheet.name, to_a1({slot.header_row, *col}), target.value_text(*now),
                        st.header, st.line, status_show_name(st.show));
                    if (problems.insert(problem).second)
                        p.plan.not_written.push_back(
                            {fmt::format("status {} column", status_show_name(st.show)),
                             {target.source, sheet.name, to_a1({slot.header_row, *col})},
                             problem});
                    continue;
                }
                if (st.write_header && headers_done.insert(head).second)
                    p.write_text(head, st.header);
            }
            if (!col) {
                const std::string problem = fmt::format(
                    "no header '{}' in row {} of '{}' and no column=\"...\" declared (line {})",
                    st.header, slot.header_row + 1, sheet.name, st.line);
                if (problems.insert(problem).second)
                    p.plan.not_written.push_back(
                        {fmt::format("status {} column", status_show_name(st.show)),
                         {target.source, sheet.name, ""},
                         problem});
                continue;
            }
            const planning::CellKey at{slot.sheet, slot.cell.row, *col};
            if (status == by_id.end()) {
                p.plan.not_written.push_back(
                    {fmt::format("status {} of '{}'", status_show_name(st.show), title),
                     ind ? ind->where : Provenance{}, "no status was computed for this indicator"});
                continue;
            }
            const std::string text = planning::vocabulary_text(
                mapping, st.vocabulary, status_text(*status->second, st.show));
            ++p.plan.facts_placed;
            if (text.empty())
                p.write_blank(at);
            else
                p.write_text(at, text);
        }
    }
    // Indicators read elsewhere (a <series-blocks> sheet) have no row to take their statuses.
    std::set<std::string> with_row;
    for (const WriteSlot& slot : target_read.slots)
        if (slot.kind == WriteSlot::Kind::status_row && slot.statuses)
            with_row.insert(slot.indicator_id);
    std::string declared;
    auto declare = [&](std::string_view what, const std::string& id, const std::string& sheet,
                       const std::vector<StatusTarget>& statuses) {
        if (statuses.empty()) return;
        declared +=
            fmt::format("{}{} '{}' (sheets '{}')", declared.empty() ? "" : ", ", what, id, sheet);
    };
    for (const PeriodTableRule& r : mapping.period_tables)
        declare("<period-table>", r.id, r.sheet, r.statuses);
    for (const TableRule& r : mapping.tables) declare("<table>", r.id, r.sheet, r.statuses);
    if (!declared.empty())
        for (const Indicator& ind : target_read.model.indicators) {
            if (with_row.contains(ind.id) || !by_id.contains(ind.id)) continue;
            p.plan.not_written.push_back(
                {fmt::format("statuses of '{}'", ind.title), ind.where,
                 "no status column for this indicator: the mapping declares <status> only for " +
                     declared + ", and this indicator has no row there"});
        }
    if (!headers_done.empty())
        p.plan.notes.push_back(fmt::format(
            "the cell counts include {} status column header(s) besides the {} status cell(s)",
            headers_done.size(), p.plan.facts_placed));
    p.finish();
    return std::move(p.plan);
}

}  // namespace kpimap
