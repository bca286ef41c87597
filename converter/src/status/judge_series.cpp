// The series judged for an indicator: which series, and one value per period.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "judging.hpp"

namespace kpimap::judging {

namespace {

std::string place(const Observation& o) {
    if (o.where.sheet.empty()) return o.where.cell;
    return fmt::format("'{}'!{}", o.where.sheet, o.where.cell);
}

}  // namespace

Series resolve_series(const ModelIndex& index, const Indicator& ind, const StatusOptions& options,
                      IndicatorStatus& st) {
    std::vector<const Observation*> all;
    const std::string part = breakdown_key(st.breakdown);  // only this part of the population
    for (const Observation* op : index.observations(ind.id)) {
        const Observation& o = *op;
        if (o.period.start.empty()) continue;
        if (index.part(o) != part) continue;

        if (options.as_of && o.period.end > options.as_of->end) continue;
        all.push_back(&o);
    }
    // The headline series: the first one (model order) with a value.
    std::vector<std::string> names;
    for (const Observation* o : all)
        if (std::find(names.begin(), names.end(), o->series) == names.end())
            names.push_back(o->series);
    std::string chosen;
    for (const Observation* o : all)
        if (o->value) {
            chosen = o->series;
            break;
        }
    if (names.size() > 1) {
        st.series = chosen;
        std::string list;
        for (const std::string& n : names)
            list += (list.empty() ? "" : ", ") + (n.empty() ? "(unnamed)" : n);
        st.notes.push_back(fmt::format(
            "{} series ({}); the first, '{}', is judged and the indicator is counted once",
            names.size(), list, chosen));
    }
    std::map<Period, std::vector<const Observation*>> by_period;
    for (const Observation* o : all)
        if (o->series == chosen) by_period[o->period].push_back(o);
    Series out;
    for (auto& [period, list] : by_period) {
        std::vector<const Observation*> with;
        for (const Observation* o : list)
            if (o->value) with.push_back(o);
        if (with.empty()) {
            out.missing_after_latest.push_back(*list.front());
            continue;
        }
        out.missing_after_latest.clear();
        const Observation* pick = with.front();
        bool all_agree = true;
        for (const Observation* o : with)
            if (!agree(*o, *with.front())) all_agree = false;
        if (all_agree) {
            for (const Observation* o : with)
                if (o->decimals > pick->decimals) pick = o;
        } else {
            std::string list_text;
            for (const Observation* o : with)
                list_text += fmt::format("{}{} ({})", list_text.empty() ? "" : " vs ",
                                         value_text(*o), place(*o));
            st.notes.push_back(fmt::format("{}: sources disagree: {}; the first is used",
                                           period.label(), list_text));
        }
        out.points.push_back(*pick);
    }
    for (const Observation& m : out.missing_after_latest)
        st.notes.push_back(fmt::format(
            "{} has no value ({}{}); the latest period with a value is judged", period_label(m),
            missing_reason_name(m.missing), m.raw.empty() ? "" : ", '" + m.raw + "'"));
    return out;
}

}  // namespace kpimap::judging
