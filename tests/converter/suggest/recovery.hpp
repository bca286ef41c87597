// Comparing two models by their facts, not their ids (ids carry the mapping's id): what share of
// the indicators, observations, expectations and links of a reference model another model has.
#pragma once

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kpimap/model.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap::test_support {

struct Recovery {
    std::size_t indicators = 0, indicators_found = 0;
    std::size_t observations = 0, observations_found = 0;
    std::size_t expectations = 0, expectations_found = 0;
    std::size_t links = 0, links_found = 0;
    // For the links found: the candidate's strengths met for each reference strength (one each
    // when the candidate's marker terms group the markers as the reference's do).
    std::map<std::string, std::set<std::string>> strengths;
    std::size_t total() const { return indicators + observations + expectations + links; }
    std::size_t found() const {
        return indicators_found + observations_found + expectations_found + links_found;
    }
    double share() const { return total() == 0 ? 1.0 : double(found()) / double(total()); }
    std::string text() const {
        return fmt::format("{:.1f}% ({}/{}): indicators {}/{}, observations {}/{}, "
                           "expectations {}/{}, links {}/{}",
                           100 * share(), found(), total(), indicators_found, indicators,
                           observations_found, observations, expectations_found, expectations,
                           links_found, links);
    }
};

namespace recovery_detail {

inline std::string indicator_key(const Model& m, const std::string& id) {
    const Indicator* i = m.find_indicator(id);
    return i ? title_key(i->title) : id;
}

// The names an end of a link goes by: an indicator by its title; an outcome by its code and by
// its title (a draft may know one of the two).
inline std::vector<std::string> end_keys(const Model& m, const std::string& id) {
    if (const Indicator* i = m.find_indicator(id)) return {"i:" + title_key(i->title)};
    if (const Outcome* o = m.find_outcome(id)) {
        std::vector<std::string> keys{"t:" + title_key(o->title)};
        if (!o->code.empty()) keys.push_back("c:" + normalise_text(o->code));
        return keys;
    }
    return {"?:" + id};
}

inline std::string value_key(const std::optional<double>& v) {
    return v ? fmt::format("{:.6g}", *v) : std::string("none");
}

}  // namespace recovery_detail

// The share of `reference`'s facts that `candidate` also has.
inline Recovery recovery(const Model& reference, const Model& candidate) {
    using namespace recovery_detail;
    Recovery r;
    std::set<std::string> indicators, observations, expectations;
    std::map<std::string, std::map<std::string, std::string>> links;  // key -> cell -> strength
    for (const Indicator& i : candidate.indicators) indicators.insert(title_key(i.title));
    for (const Observation& o : candidate.observations)
        observations.insert(fmt::format("{}|{}|{}|{}", indicator_key(candidate, o.indicator_id),
                                        o.period.label(), value_key(o.value), o.series));
    for (const Expectation& e : candidate.expectations)
        expectations.insert(fmt::format("{}|{}|{}", indicator_key(candidate, e.indicator_id),
                                        e.period.label(), expectation_kind_name(e.kind)));
    for (const Link& l : candidate.links)
        for (const std::string& from : end_keys(candidate, l.from_id))
            for (const std::string& to : end_keys(candidate, l.to_id))
                links[l.kind + "|" + from + "|" + to][l.where.sheet + "!" + l.where.cell] =
                    l.strength;

    std::set<std::string> seen;
    for (const Indicator& i : reference.indicators) {
        const std::string k = title_key(i.title);
        if (!seen.insert(k).second) continue;
        ++r.indicators;
        r.indicators_found += indicators.contains(k);
    }
    for (const Observation& o : reference.observations) {
        ++r.observations;
        r.observations_found += observations.contains(
            fmt::format("{}|{}|{}|{}", indicator_key(reference, o.indicator_id), o.period.label(),
                        value_key(o.value), o.series));
    }
    for (const Expectation& e : reference.expectations) {
        ++r.expectations;
        r.expectations_found +=
            expectations.contains(fmt::format("{}|{}|{}", indicator_key(reference, e.indicator_id),
                                              e.period.label(), expectation_kind_name(e.kind)));
    }
    for (const Link& l : reference.links) {
        ++r.links;
        const std::string* strength = nullptr;
        for (const std::string& from : end_keys(reference, l.from_id))
            for (const std::string& to : end_keys(reference, l.to_id))
                if (auto it = links.find(l.kind + "|" + from + "|" + to);
                    it != links.end() && !strength) {
                    // The same pair may be marked twice: the strength of the same cell.
                    const auto at = it->second.find(l.where.sheet + "!" + l.where.cell);
                    strength = at != it->second.end() ? &at->second : &it->second.begin()->second;
                }
        r.links_found += strength != nullptr;
        if (strength && !l.strength.empty()) r.strengths[l.strength].insert(*strength);
    }
    return r;
}

}  // namespace kpimap::test_support
