// Passes over what the readers produced, before units: declared dimensions (one place decides
// how a source's category text becomes the model's category; docs/mapping-reference.md,
// "Dimension catalogues") and margins of error joined to their values (after dimensions, so
// both sides' categories are the declared names).
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "convert/convert_context.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/identity.hpp"

namespace kpimap::detail {

namespace {

// Resolves every pair of `breakdown`, dropping totals; the pairs no catalogue knows are
// returned (as written) for reporting.
std::vector<BreakdownPair> apply(const Mapping& mapping, Breakdown& breakdown,
                                 std::set<std::string>& used) {
    std::vector<BreakdownPair> unknown;
    std::erase_if(breakdown, [&](BreakdownPair& pair) {
        const BreakdownPair written = pair;
        switch (resolve_category(mapping.dimensions, pair)) {
            case CategoryResolution::total:
                used.insert(pair.dimension);
                return true;
            case CategoryResolution::unknown:
                unknown.push_back(written);
                [[fallthrough]];
            case CategoryResolution::kept:
                used.insert(pair.dimension);
                return false;
            case CategoryResolution::undeclared:
                return false;
        }
        return false;
    });
    return unknown;
}

}  // namespace

void apply_dimensions(ConvertContext& ctx) {
    const Mapping& mapping = ctx.mapping;
    if (mapping.dimensions.empty()) return;
    std::set<std::string> used;
    std::set<std::string> reported;  // one diagnostic per dimension and category
    for (Observation& o : ctx.result.model.observations) {
        for (const BreakdownPair& pair : apply(mapping, o.breakdown, used)) {
            if (!reported.insert(pair.dimension + '\x1f' + pair.category).second) continue;
            ctx.note(Severity::warning, DiagnosticCode::category_not_declared, o.where, pair.category,
                     fmt::format("'{}' is not a category of dimension '{}' (mappings/catalogues/"
                                 "dimensions.xml or the mapping's <dimension>): the value keeps "
                                 "it as written; add it as an alias of the category it means",
                                 pair.category, pair.dimension));
        }
    }
    for (WriteSlot& slot : ctx.result.slots) apply(mapping, slot.breakdown, used);
    for (const Dimension& d : mapping.dimensions)
        if (used.contains(d.id)) ctx.result.model.dimensions.push_back(d);
}

void apply_margins(ConvertContext& ctx) {
    if (ctx.margins.empty()) return;
    std::set<std::string> used;
    for (Observation& m : ctx.margins) apply(ctx.mapping, m.breakdown, used);
    auto key = [](const Observation& o) {
        return o.indicator_id + '\x1f' + o.period_text + '\x1f' + breakdown_key(o.breakdown);
    };
    std::unordered_map<std::string, Observation*> values;
    for (Observation& o : ctx.result.model.observations) values.emplace(key(o), &o);
    for (const Observation& m : ctx.margins) {
        if (!m.value) continue;  // a marker ([x]) gives no margin, as its value gives none
        auto it = values.find(key(m));
        if (it == values.end() || !it->second->value) {
            ctx.note(Severity::warning, DiagnosticCode::margin_without_value, m.where, m.raw,
                     fmt::format("a margin of error with no value of the same indicator, period "
                                 "and breakdown ({}); not used",
                                 breakdown_text(m.breakdown)));
            continue;
        }
        Observation& o = *it->second;
        o.lower_ci = *o.value - *m.value;
        o.upper_ci = *o.value + *m.value;
    }
    ctx.margins.clear();
}

}  // namespace kpimap::detail
