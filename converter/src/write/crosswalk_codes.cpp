// Codes a crosswalk gives an indicator, added to the model before a return is planned, matched
// by the identity keys reconcile uses (kpimap/identity.hpp).
#include <set>

#include "kpimap/identity.hpp"
#include "kpimap/write_plan.hpp"

namespace kpimap {

std::size_t apply_crosswalk_codes(Model& model, const Crosswalk& crosswalk) {
    std::size_t added = 0;
    for (Indicator& ind : model.indicators) {
        std::set<std::string> keys{title_key(ind.title)};
        for (const std::string& a : ind.aliases) keys.insert(title_key(a));
        std::set<std::string> codes;
        for (const IndicatorCode& c : ind.codes) codes.insert(indicator_code_key(c));
        for (const CrosswalkEntry& e : crosswalk.entries) {
            bool named = keys.contains(title_key(e.canonical_title));
            for (const std::string& t : e.titles) named = named || keys.contains(title_key(t));
            for (const IndicatorCode& c : e.codes)
                named = named || codes.contains(indicator_code_key(c));
            if (!named) continue;
            for (const IndicatorCode& c : e.codes)
                if (codes.insert(indicator_code_key(c)).second) {
                    ind.codes.push_back(c);
                    ++added;
                }
        }
    }
    return added;
}

}  // namespace kpimap
