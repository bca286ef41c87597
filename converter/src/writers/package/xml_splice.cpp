#include "writers/package/xml_splice.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "core/utf8.hpp"

namespace kpimap::detail {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

bool XmlTagScanner::next(XmlTag& tag) {
    while (true) {
        const std::size_t lt = text_.find('<', pos_);
        if (lt == std::string_view::npos) {
            pos_ = text_.size();
            return false;
        }
        std::string_view rest = text_.substr(lt);
        std::size_t close = std::string_view::npos;
        if (rest.starts_with("<?")) {
            close = text_.find("?>", lt);
            pos_ = close == std::string_view::npos ? text_.size() : close + 2;
            continue;
        }
        if (rest.starts_with("<!--")) {
            close = text_.find("-->", lt + 4);
            pos_ = close == std::string_view::npos ? text_.size() : close + 3;
            continue;
        }
        if (rest.starts_with("<![CDATA[")) {
            close = text_.find("]]>", lt + 9);
            pos_ = close == std::string_view::npos ? text_.size() : close + 3;
            continue;
        }
        if (rest.starts_with("<!")) {
            close = text_.find('>', lt);
            pos_ = close == std::string_view::npos ? text_.size() : close + 1;
            continue;
        }
        tag.begin = lt;
        std::size_t i = lt + 1;
        tag.kind = XmlTag::Kind::start;
        if (i < text_.size() && text_[i] == '/') {
            tag.kind = XmlTag::Kind::end;
            ++i;
        }
        const std::size_t name_begin = i;
        while (i < text_.size() && !is_space(text_[i]) && text_[i] != '>' && text_[i] != '/') ++i;
        tag.name = text_.substr(name_begin, i - name_begin);
        const std::size_t attrs_begin = i;
        char quote = 0;
        for (; i < text_.size(); ++i) {
            const char c = text_[i];
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                break;
            }
        }
        if (i >= text_.size()) {
            pos_ = text_.size();
            return false;
        }
        std::size_t attrs_end = i;
        if (tag.kind == XmlTag::Kind::start && attrs_end > attrs_begin &&
            text_[attrs_end - 1] == '/') {
            tag.kind = XmlTag::Kind::empty;
            --attrs_end;
        }
        tag.attrs = text_.substr(attrs_begin, attrs_end - attrs_begin);
        tag.end = i + 1;
        pos_ = tag.end;
        return true;
    }
}

std::string_view xml_local(std::string_view qualified) {
    const auto colon = qualified.find(':');
    return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

std::string_view xml_prefix(std::string_view qualified) {
    const auto colon = qualified.find(':');
    return colon == std::string_view::npos ? std::string_view() : qualified.substr(0, colon + 1);
}

std::optional<XmlAttr> xml_attr(std::string_view attrs, std::string_view name) {
    std::optional<XmlAttr> by_local;
    std::size_t i = 0;
    while (i < attrs.size()) {
        while (i < attrs.size() && is_space(attrs[i])) ++i;
        const std::size_t name_begin = i;
        while (i < attrs.size() && attrs[i] != '=' && !is_space(attrs[i])) ++i;
        const std::string_view attr_name = attrs.substr(name_begin, i - name_begin);
        while (i < attrs.size() && attrs[i] != '"' && attrs[i] != '\'') ++i;
        if (i >= attrs.size()) break;
        const char quote = attrs[i++];
        const std::size_t value_begin = i;
        while (i < attrs.size() && attrs[i] != quote) ++i;
        const XmlAttr found{attrs.substr(value_begin, i - value_begin), value_begin};
        ++i;
        if (attr_name == name) return found;
        // xmlns declarations are never the attribute asked for by local name.
        if (!by_local && !attr_name.starts_with("xmlns") && xml_local(attr_name) == name)
            by_local = found;
    }
    return by_local;
}

std::string xml_escape(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += attribute ? "&quot;" : "\"";
                break;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                break;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

std::string xml_unescape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out.push_back(text[i]);
            continue;
        }
        const std::size_t semi = text.find(';', i);
        if (semi == std::string_view::npos) {
            out.push_back(text[i]);
            continue;
        }
        const std::string_view entity = text.substr(i + 1, semi - i - 1);
        if (entity == "amp") {
            out.push_back('&');
        } else if (entity == "lt") {
            out.push_back('<');
        } else if (entity == "gt") {
            out.push_back('>');
        } else if (entity == "quot") {
            out.push_back('"');
        } else if (entity == "apos") {
            out.push_back('\'');
        } else if (entity.starts_with("#")) {
            std::uint32_t cp = 0;
            const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
            const std::string_view digits = entity.substr(hex ? 2 : 1);
            std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
            append_utf8(out, cp);
        } else {
            out.append(text.substr(i, semi - i + 1));
        }
        i = semi;
    }
    return out;
}

std::string apply_edits(std::string_view original, std::vector<XmlEdit> edits) {
    // Inserts at an offset go before a replacement starting there.
    std::stable_sort(edits.begin(), edits.end(), [](const XmlEdit& a, const XmlEdit& b) {
        const bool a_replaces = a.end != a.begin, b_replaces = b.end != b.begin;
        return a.begin < b.begin || (a.begin == b.begin && !a_replaces && b_replaces);
    });
    std::size_t total = original.size();
    for (const XmlEdit& e : edits) total += e.text.size();
    std::string out;
    out.reserve(total);
    std::size_t pos = 0;
    for (XmlEdit& e : edits) {
        if (e.begin < pos) continue;  // overlaps an earlier replacement; callers never do this
        out.append(original.substr(pos, e.begin - pos));
        out += e.text;
        pos = std::max(pos, e.end);
    }
    out.append(original.substr(pos));
    return out;
}

std::string set_tag_attr(std::string_view tag, std::string_view name, std::string_view value) {
    // The attribute text starts after the tag name.
    std::size_t name_end = 1;
    while (name_end < tag.size() && !is_space(tag[name_end]) && tag[name_end] != '>' &&
           tag[name_end] != '/')
        ++name_end;
    std::size_t attrs_end = tag.size() - 1;  // the '>'
    if (attrs_end > 0 && tag[attrs_end - 1] == '/') --attrs_end;
    const std::string_view attrs = tag.substr(name_end, attrs_end - name_end);
    std::string out(tag);
    if (auto found = xml_attr(attrs, name); found && found->value.size() + 1 > 0) {
        const std::size_t at = name_end + found->value_begin;
        out.replace(at, found->value.size(), value);
        return out;
    }
    std::string insert = " ";
    insert += name;
    insert += "=\"";
    insert += value;
    insert += '"';
    out.insert(attrs_end, insert);
    return out;
}

}  // namespace kpimap::detail
