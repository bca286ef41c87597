// Cached formula results that would stay stale: LibreOffice (default settings) ignores
// fullCalcOnLoad and shows a formula cell's cached <v>; it computes only formula cells without
// one, and never recomputes a cell whose cached value it kept, even when a precedent changed.
// So every formula that may depend on a written cell loses its <v>, and the sheets whose
// formulas may reach a written sheet are found here.
#include <algorithm>
#include <cctype>

#include "writers/package/package_parts.hpp"
#include "writers/package/xml_splice.hpp"

namespace kpimap::detail {

namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

// Characters that continue a name or a function in a formula.
bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '\\' ||
           static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

FormulaScan scan_formulas(std::string_view xml) {
    FormulaScan scan;
    XmlTagScanner scanner(xml);
    XmlTag tag;
    std::size_t f_text_begin = std::string::npos;
    while (scanner.next(tag)) {
        if (xml_local(tag.name) != "f") continue;
        if (tag.kind == XmlTag::Kind::start) {
            f_text_begin = tag.end;
        } else if (tag.kind == XmlTag::Kind::end && f_text_begin != std::string::npos) {
            scan.text += lowered(xml_unescape(xml.substr(f_text_begin, tag.begin - f_text_begin)));
            scan.text += '\n';
            f_text_begin = std::string::npos;
        }
        if (tag.kind != XmlTag::Kind::end) ++scan.formulas;
    }
    return scan;
}

bool mentions_sheet(std::string_view formulas, std::string_view sheet_name) {
    // 'It''s'!A1 quotes the name and doubles its apostrophes; Sheet1!A1 and the 3-D
    // Sheet1:Sheet3!A1 do not quote it.
    std::string quoted;
    for (char c : lowered(sheet_name)) {
        quoted += c;
        if (c == '\'') quoted += '\'';
    }
    for (const std::string& needle : {lowered(sheet_name), quoted}) {
        if (needle.empty()) continue;
        for (std::size_t at = formulas.find(needle); at != std::string_view::npos;
             at = formulas.find(needle, at + 1)) {
            const std::size_t after = at + needle.size();
            const bool ends =
                after < formulas.size() &&
                (formulas[after] == '!' || formulas[after] == '\'' || formulas[after] == ':');
            const bool starts = at == 0 || !name_char(formulas[at - 1]);
            if (ends && starts) return true;
        }
    }
    return false;
}

bool mentions_name(std::string_view formulas, std::string_view name) {
    const std::string needle = lowered(name);
    if (needle.empty()) return false;
    for (std::size_t at = formulas.find(needle); at != std::string_view::npos;
         at = formulas.find(needle, at + 1)) {
        const std::size_t after = at + needle.size();
        const bool starts = at == 0 || !name_char(formulas[at - 1]);
        const bool ends = after == formulas.size() || !name_char(formulas[after]);
        if (starts && ends) return true;
    }
    return false;
}

std::string drop_formula_values(const std::string& xml, std::size_t& dropped) {
    dropped = 0;
    std::vector<XmlEdit> edits;
    XmlTagScanner scanner(xml);
    XmlTag tag;
    bool in_cell = false, has_formula = false;
    std::size_t v_begin = std::string::npos;
    while (scanner.next(tag)) {
        const std::string_view name = xml_local(tag.name);
        if (name == "c") {
            in_cell = tag.kind == XmlTag::Kind::start;
            has_formula = false;
            v_begin = std::string::npos;
        } else if (!in_cell) {
            continue;
        } else if (name == "f" && tag.kind != XmlTag::Kind::end) {
            has_formula = true;
        } else if (name == "v" && has_formula) {
            if (tag.kind == XmlTag::Kind::empty) {
                edits.push_back(XmlEdit{tag.begin, tag.end, {}});
                ++dropped;
            } else if (tag.kind == XmlTag::Kind::start) {
                v_begin = tag.begin;
            } else if (v_begin != std::string::npos) {
                edits.push_back(XmlEdit{v_begin, tag.end, {}});
                v_begin = std::string::npos;
                ++dropped;
            }
        }
    }
    return edits.empty() ? xml : apply_edits(xml, std::move(edits));
}

}  // namespace kpimap::detail
