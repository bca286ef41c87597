#include <fmt/format.h>

#include <algorithm>

#include "kpimap/model.hpp"
#include "kpimap/text_match.hpp"

namespace kpimap {

std::string provenance_text(const Provenance& where) {
    std::string out = where.file;
    if (!where.sheet.empty()) out += fmt::format(", '{}'", where.sheet);
    if (!where.cell.empty()) out += (where.sheet.empty() ? ", " : "!") + where.cell;
    return out;
}

std::string breakdown_text(const Breakdown& breakdown) {
    std::string out;
    for (const BreakdownPair& pair : breakdown) {
        if (!out.empty()) out += "; ";
        out += pair.dimension;
        out += '=';
        out += pair.category;
    }
    return out;
}

bool same_fact_value(const Fact& a, const Fact& b) {
    if (a.number && b.number) return *a.number == *b.number;
    return normalise_text(a.text) == normalise_text(b.text);
}

void merge_facts(std::vector<Fact>& into, const std::vector<Fact>& from) {
    for (const Fact& f : from)
        if (std::none_of(into.begin(), into.end(), [&](const Fact& kept) {
                return kept.name == f.name && same_fact_value(kept, f);
            }))
            into.push_back(f);
}

const char* polarity_name(Polarity polarity) noexcept {
    switch (polarity) {
        case Polarity::unknown:
            return "unknown";
        case Polarity::higher_is_better:
            return "higher_is_better";
        case Polarity::lower_is_better:
            return "lower_is_better";
        case Polarity::no_judgement:
            return "no_judgement";
    }
    return "unknown";
}

const char* unit_name(Unit unit) noexcept {
    switch (unit) {
        case Unit::unknown:
            return "unknown";
        case Unit::percent:
            return "percent";
        case Unit::rate:
            return "rate";
        case Unit::count:
            return "count";
        case Unit::score:
            return "score";
        case Unit::currency:
            return "currency";
        case Unit::ratio:
            return "ratio";
        case Unit::years:
            return "years";
    }
    return "unknown";
}

const char* direction_name(Aim::Direction direction) noexcept {
    switch (direction) {
        case Aim::Direction::unknown:
            return "unknown";
        case Aim::Direction::increase:
            return "increase";
        case Aim::Direction::decrease:
            return "decrease";
        case Aim::Direction::maintain:
            return "maintain";
        case Aim::Direction::improve:
            return "improve";
    }
    return "unknown";
}

const char* expectation_kind_name(ExpectationKind kind) noexcept {
    switch (kind) {
        case ExpectationKind::baseline:
            return "baseline";
        case ExpectationKind::improvement:
            return "improvement";
        case ExpectationKind::maintain:
            return "maintain";
        case ExpectationKind::long_term_improvement:
            return "long_term_improvement";
        case ExpectationKind::tbc:
            return "tbc";
        case ExpectationKind::target:
            return "target";
    }
    return "tbc";
}

Aim parse_aim(std::string text) {
    Aim aim;
    const std::string t = normalise_text(text);
    aim.text = std::move(text);
    auto has = [&](std::string_view word) { return t.find(word) != std::string::npos; };
    // Decrease words are checked first: "reduction in admissions" is a decrease whatever else
    // the sentence says; "improvement" alone leaves the direction to the indicator's polarity.
    if (has("reduc") || has("decreas") || has("lower") || has("fewer") || has("reverse")) {
        aim.direction = Aim::Direction::decrease;
    } else if (has("increas") || has("higher") || has("more ") || has("rise") || has("uptake")) {
        aim.direction = Aim::Direction::increase;
    } else if (has("maintain") || has("sustain") || has("stable")) {
        aim.direction = Aim::Direction::maintain;
    } else if (has("improv")) {
        aim.direction = Aim::Direction::improve;
    }
    aim.significance_required = has("statistically significant") || has("significant");
    return aim;
}

const Outcome* Model::find_outcome(std::string_view id) const {
    auto it = std::find_if(outcomes.begin(), outcomes.end(),
                           [&](const Outcome& o) { return o.id == id; });
    return it == outcomes.end() ? nullptr : &*it;
}

const Indicator* Model::find_indicator(std::string_view id) const {
    auto it = std::find_if(indicators.begin(), indicators.end(),
                           [&](const Indicator& i) { return i.id == id; });
    return it == indicators.end() ? nullptr : &*it;
}

const Dimension* find_dimension(const std::vector<Dimension>& dimensions, std::string_view id) {
    const std::string wanted = normalise_text(id);
    auto it = std::find_if(dimensions.begin(), dimensions.end(),
                           [&](const Dimension& d) { return normalise_text(d.id) == wanted; });
    return it == dimensions.end() ? nullptr : &*it;
}

const Dimension* Model::find_dimension(std::string_view id) const {
    return kpimap::find_dimension(dimensions, id);
}

const Category* Dimension::find(std::string_view text) const {
    const std::string wanted = normalise_text(text);
    if (wanted.empty()) return nullptr;
    for (const Category& c : categories) {
        if (normalise_text(c.name) == wanted ||
            (!c.code.empty() && normalise_text(c.code) == wanted))
            return &c;
        for (const std::string& alias : c.aliases)
            if (normalise_text(alias) == wanted) return &c;
    }
    return nullptr;
}

int Dimension::rank(std::string_view category) const {
    for (std::size_t i = 0; i < categories.size(); ++i)
        if (categories[i].name == category) return static_cast<int>(i);
    return -1;
}

CategoryResolution resolve_category(const std::vector<Dimension>& dimensions, BreakdownPair& pair) {
    const Dimension* d = find_dimension(dimensions, pair.dimension);
    if (d == nullptr) return CategoryResolution::undeclared;
    pair.dimension = d->id;
    const Category* c = d->find(pair.category);
    if (!c) return d->open ? CategoryResolution::kept : CategoryResolution::unknown;
    pair.category = c->name;
    return c->total ? CategoryResolution::total : CategoryResolution::kept;
}

Breakdown resolved_breakdown(const std::vector<Dimension>& dimensions, Breakdown breakdown) {
    if (dimensions.empty()) return breakdown;
    std::erase_if(breakdown, [&](BreakdownPair& pair) {
        return resolve_category(dimensions, pair) == CategoryResolution::total;
    });
    return breakdown;
}

}  // namespace kpimap
