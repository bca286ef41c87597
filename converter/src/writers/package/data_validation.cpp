// Data validation of the cells a patch writes: the rules of a worksheet (<dataValidations> and
// the x14 extension list Excel uses for lists drawn from other sheets) and whether a value
// breaks one. Only rules Excel enforces (showErrorMessage="1") are checked: those are the ones
// that would make Excel reject the value if a person typed it.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/compat.hpp"
#include "formats/xml/xml_util.hpp"
#include "kpimap/text_match.hpp"
#include "writers/package/package_parts.hpp"

namespace kpimap::detail {

namespace {

std::vector<Range> ranges_of(std::string_view sqref) {
    std::vector<Range> out;
    std::size_t i = 0;
    while (i < sqref.size()) {
        while (i < sqref.size() && (sqref[i] == ' ' || sqref[i] == '\n' || sqref[i] == '\t')) ++i;
        std::size_t end = i;
        while (end < sqref.size() && sqref[end] != ' ' && sqref[end] != '\n' && sqref[end] != '\t')
            ++end;
        if (end > i)
            if (auto range = parse_a1_range(sqref.substr(i, end - i))) out.push_back(*range);
        i = end;
    }
    return out;
}

// The formula of <formula1>: its text (classic) or its <xm:f> child's (x14).
std::string formula_of(pugi::xml_node formula) {
    if (!formula) return {};
    if (pugi::xml_node f = child(formula, "f")) return text_content(f);
    return text_content(formula);
}

std::optional<double> plain_number(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    double v = 0;
    auto [end, ec] = detail::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return v;
}

const char* type_text(DataValidationRule::Type type) {
    switch (type) {
        case DataValidationRule::Type::whole:
            return "whole numbers";
        case DataValidationRule::Type::decimal:
            return "numbers";
        case DataValidationRule::Type::date:
            return "dates";
        case DataValidationRule::Type::time:
            return "times";
        case DataValidationRule::Type::text_length:
            return "text whose length is";
        default:
            return "values";
    }
}

// "between 0 and 500", "greater than 3", ...
std::string bounds_text(const DataValidationRule& rule) {
    const std::string& op = rule.op;
    if (op == "between" || op.empty())
        return fmt::format("between {} and {}", rule.formula1, rule.formula2);
    if (op == "notBetween")
        return fmt::format("not between {} and {}", rule.formula1, rule.formula2);
    static const std::pair<const char*, const char*> kWords[] = {{"equal", "equal to"},
                                                                 {"notEqual", "not equal to"},
                                                                 {"greaterThan", "greater than"},
                                                                 {"lessThan", "less than"},
                                                                 {"greaterThanOrEqual", "at least"},
                                                                 {"lessThanOrEqual", "at most"}};
    for (const auto& [name, words] : kWords)
        if (op == name) return fmt::format("{} {}", words, rule.formula1);
    return op + " " + rule.formula1;
}

// Whether `v` meets the rule's operator and bounds; nullopt when a bound is not a plain number
// (a cell reference or a formula kpimap does not evaluate).
std::optional<bool> within(const DataValidationRule& rule, double v) {
    const auto a = plain_number(rule.formula1);
    if (!a) return std::nullopt;
    const std::string& op = rule.op;
    if (op == "between" || op.empty() || op == "notBetween") {
        const auto b = plain_number(rule.formula2);
        if (!b) return std::nullopt;
        const bool in = v >= std::min(*a, *b) && v <= std::max(*a, *b);
        return op == "notBetween" ? !in : in;
    }
    if (op == "equal") return v == *a;
    if (op == "notEqual") return v != *a;
    if (op == "greaterThan") return v > *a;
    if (op == "lessThan") return v < *a;
    if (op == "greaterThanOrEqual") return v >= *a;
    if (op == "lessThanOrEqual") return v <= *a;
    return std::nullopt;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// The items of an inline list: "\"Yes,No\"" -> {"Yes", "No"}; nullopt when it is a reference.
std::optional<std::vector<std::string>> inline_items(std::string_view formula) {
    if (formula.size() < 2 || formula.front() != '"' || formula.back() != '"') return std::nullopt;
    std::string text(formula.substr(1, formula.size() - 2));
    // "" inside a formula string is one quote.
    for (std::size_t at = text.find("\"\""); at != std::string::npos;
         at = text.find("\"\"", at + 1))
        text.erase(at, 1);
    std::vector<std::string> items;
    std::size_t start = 0;
    for (std::size_t comma = text.find(',');; comma = text.find(',', start)) {
        std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        items.push_back(std::move(item));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return items;
}

}  // namespace

std::vector<DataValidationRule> parse_data_validations(std::string_view element) {
    std::vector<DataValidationRule> out;
    pugi::xml_document doc;
    // The fragment may use namespace prefixes without their declarations; pugixml does not care.
    if (!doc.load_buffer(element.data(), element.size(), kParseOptions, pugi::encoding_utf8))
        return out;
    for_each_child(doc.document_element(), "dataValidation", [&](pugi::xml_node dv) {
        DataValidationRule rule;
        const std::string_view type = attribute(dv, "type").value();
        using Type = DataValidationRule::Type;
        if (type == "whole")
            rule.type = Type::whole;
        else if (type == "decimal")
            rule.type = Type::decimal;
        else if (type == "list")
            rule.type = Type::list;
        else if (type == "date")
            rule.type = Type::date;
        else if (type == "time")
            rule.type = Type::time;
        else if (type == "textLength")
            rule.type = Type::text_length;
        else if (type == "custom")
            rule.type = Type::custom;
        else
            return;  // "none" or absent: any value
        rule.op = attribute(dv, "operator").value();
        const std::string_view shows = attribute(dv, "showErrorMessage").value();
        rule.enforced = shows == "1" || shows == "true";
        rule.formula1 = formula_of(child(dv, "formula1"));
        rule.formula2 = formula_of(child(dv, "formula2"));
        std::string sqref = attribute(dv, "sqref").value();
        if (sqref.empty()) sqref = text_content(child(dv, "sqref"));
        rule.cells = ranges_of(sqref);
        if (!rule.cells.empty()) out.push_back(std::move(rule));
    });
    return out;
}

std::optional<std::string> validation_breach(const DataValidationRule& rule, const CellWrite& w,
                                             const ListResolver& resolve_list) {
    using Type = DataValidationRule::Type;
    if (!rule.enforced || w.kind == CellWrite::Kind::blank) return std::nullopt;
    const bool is_number = w.kind == CellWrite::Kind::number;
    switch (rule.type) {
        case Type::whole:
        case Type::decimal:
        case Type::date:
        case Type::time: {
            const std::string allowed =
                fmt::format("allows only {} {}", type_text(rule.type), bounds_text(rule));
            if (!is_number) return allowed;
            if (rule.type == Type::whole && w.number != std::floor(w.number)) return allowed;
            if (within(rule, w.number) == false) return allowed;
            return std::nullopt;
        }
        case Type::text_length: {
            const std::string text = is_number ? number_text(w.number)
                                     : w.kind == CellWrite::Kind::boolean
                                         ? std::string(w.number != 0 ? "TRUE" : "FALSE")
                                         : w.text;
            if (within(rule, static_cast<double>(utf8_length(text))) == false)
                return fmt::format("allows only text whose length is {}", bounds_text(rule));
            return std::nullopt;
        }
        case Type::list: {
            std::optional<std::vector<std::string>> items = inline_items(rule.formula1);
            if (!items && resolve_list) items = resolve_list(rule.formula1);
            if (!items) return std::nullopt;  // a formula kpimap does not evaluate
            const std::string value = is_number ? number_text(w.number)
                                      : w.kind == CellWrite::Kind::boolean
                                          ? std::string(w.number != 0 ? "TRUE" : "FALSE")
                                          : w.text;
            const std::string folded = fold_case(value);
            for (const std::string& item : *items) {
                if (fold_case(item) == folded) return std::nullopt;  // Excel ignores case here
                if (is_number)
                    if (auto n = plain_number(item); n && *n == w.number) return std::nullopt;
            }
            std::string shown;
            for (std::size_t i = 0; i < items->size() && i < 8; ++i)
                shown += (i ? ", " : "") + fmt::format("'{}'", (*items)[i]);
            if (items->size() > 8) shown += fmt::format(", ... ({} in all)", items->size());
            return fmt::format("allows only the list {} ({})", rule.formula1, shown);
        }
        default:
            return std::nullopt;  // custom formulas are not evaluated
    }
}

}  // namespace kpimap::detail
