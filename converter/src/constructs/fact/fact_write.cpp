// The <fact> pass of the model writer: named single values (council, contact, a date) written
// from --set NAME=VALUE or the model's facts into the cell each <fact> rule locates.
#include <fmt/format.h>

#include <algorithm>

#include "constructs/fact/fact_read.hpp"
#include "kpimap/identity.hpp"
#include "kpimap/period.hpp"
#include "kpimap/value.hpp"
#include "write/model_writer.hpp"

namespace kpimap::planning {

// Each <fact> of the mapping is written from --set NAME=VALUE, else from the model's facts of
// that name. A fact the template has a place for but nobody gives is listed as not written
// (the form stays incomplete); one the template has no place for (no such sheet) is only
// listed when a value was given for it.
void ModelWriter::named_facts() {
    for (const FactRule& rule : p_.mapping_.facts) {
        const detail::FactLocation found = detail::locate_fact(p_.wb_, rule, false);
        Provenance place{p_.wb_.source, "", ""};
        if (found.place)
            place = {p_.wb_.source, p_.wb_.sheets[found.place->sheet].name,
                     to_a1(found.place->value)};
        Fact value;
        bool from_set = false;
        if (auto it = options_.constants.find(rule.name); it != options_.constants.end()) {
            value.text = it->second;
            value.where = {"--set", "", ""};
            from_set = true;
        } else if (const Fact* f = model_fact(rule.name)) {
            value = *f;
        } else {
            if (found.place)
                p_.plan.not_written.push_back(
                    {fmt::format("fact '{}'", rule.name), place,
                     fmt::format("neither the model nor --set {}=VALUE gives it; the cell "
                                 "stays as it is",
                                 rule.name)});
            continue;
        }
        const std::string what = fmt::format("fact '{}' = '{}'", rule.name, value.text);
        if (!found.place) {
            p_.plan.not_written.push_back(
                {what, value.where,
                 fmt::format("no place in the template for <fact name=\"{}\"> (line {}): {}",
                             rule.name, rule.line, found.why)});
            continue;
        }
        const CellKey at{found.place->sheet, found.place->value.row, found.place->value.col};
        std::optional<double> number = value.number;
        if (rule.type == FactRule::Type::number && !number) {
            const ParsedValue v = parse_value_text(value.text);
            if (v.is_number()) number = v.value;
        }
        std::optional<double> serial;
        if (rule.type == FactRule::Type::date) {
            serial = iso_to_serial(value.text);
            if (const auto p = parse_period(value.text);
                !serial && p && p->kind == PeriodKind::date)
                serial = iso_to_serial(p->start);
        }
        if ((rule.type == FactRule::Type::number && !number) ||
            (rule.type == FactRule::Type::date && !serial)) {
            p_.plan.not_written.push_back(
                {what, value.where,
                 fmt::format("<fact name=\"{}\"> (line {}) is type=\"{}\" and this is not "
                             "one; {} is left as it is",
                             rule.name, rule.line, fact_type_name(rule.type), place.cell)});
            continue;
        }
        // A date is written as its serial: the cell keeps its own date format.
        if (serial)
            p_.write_number(at, *serial);
        else if (rule.type == FactRule::Type::text)
            p_.write_text(at, value.text);
        else if (number)
            p_.write_number(at, *number);
        else if (from_set)
            p_.write_value(at, value.text);  // "42" typed on the command line is a number
        else
            p_.write_text(at, value.text);
        ++p_.plan.facts_placed;
        ++p_.plan.named_facts;
    }
    // Without a <records> table nothing else takes --set: a name no fact has is a typo.
    if (p_.mapping_.records.empty())
        for (const auto& [name, v] : options_.constants)
            // (Compared through a plain reference: clang 14, the WebAssembly toolchain's,
            // cannot capture a structured binding in a lambda.)
            if (const std::string& wanted = name;
                std::none_of(p_.mapping_.facts.begin(), p_.mapping_.facts.end(),
                             [&](const FactRule& f) { return f.name == wanted; }))
                p_.plan.errors.push_back(
                    {ErrorCode::write_refused, "",
                     fmt::format(
                         "--set {}={}: mapping '{}' has no <fact name=\"{}\"> (nor a <records> "
                         "table with constant columns)",
                         name, v, p_.mapping_.id, name)});
}

// The model's first fact named `name`; several different values under it are noted, since
// only one can be written.
const Fact* ModelWriter::model_fact(const std::string& name) {
    const Fact* first = nullptr;
    for (const Fact& f : model_.facts) {
        if (f.name != name) continue;
        if (!first) {
            first = &f;
        } else if (!same_fact_value(*first, f)) {
            p_.plan.notes.push_back(fmt::format(
                "the model holds '{}' ({}) and '{}' ({}) for fact '{}'; the first is written "
                "(pass --set {}=VALUE to choose)",
                first->text, provenance_text(first->where), f.text, provenance_text(f.where), name,
                name));
        }
    }
    return first;
}

}  // namespace kpimap::planning
