// The XML of one written cell: numbers as <v>, booleans as t="b", text as an inline string so
// sharedStrings.xml never has to change.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/compat.hpp"
#include "writers/package/package_parts.hpp"

namespace kpimap::detail {

namespace {

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// True when text[i..] is "_xHHHH_", which a reader would decode as an escape.
bool looks_like_escape(std::string_view text, std::size_t i) {
    if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_')
        return false;
    for (std::size_t k = 2; k < 6; ++k)
        if (!is_hex(text[i + k])) return false;
    return true;
}

}  // namespace

std::string number_text(double value) {
    char buffer[64];
    auto [end, ec] = detail::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc{}) return fmt::format("{}", value);
    std::string out(buffer, end);
    if (out == "-0") out = "0";
    return out;
}

std::string inline_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '_' && looks_like_escape(text, i)) {
            out += "_x005F_";
        } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            // XML 1.0 cannot carry most control characters, and a bare CR would be read back
            // as LF; ST_Xstring escapes keep them.
            out += fmt::format("_x{:04X}_", static_cast<unsigned>(c));
        } else if (c == 0xEF && i + 2 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xBE ||
                    static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
            // U+FFFE and U+FFFF are not XML characters either.
            out += static_cast<unsigned char>(text[i + 2]) == 0xBE ? "_xFFFE_" : "_xFFFF_";
            i += 2;
        } else if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::string cell_xml(const CellWrite& write, std::string_view prefix, std::string_view style,
                     std::string_view extra_attrs) {
    std::string out;
    out.reserve(64 + write.text.size());
    out += '<';
    out += prefix;
    out += "c r=\"";
    out += to_a1(write.cell);
    out += '"';
    if (!style.empty()) {
        out += " s=\"";
        out += style;
        out += '"';
    }
    out += extra_attrs;
    switch (write.kind) {
        case CellWrite::Kind::blank:
            out += "/>";
            return out;
        case CellWrite::Kind::number:
            out += "><";
            out += prefix;
            out += "v>";
            out += number_text(write.number);
            break;
        case CellWrite::Kind::boolean:
            out += " t=\"b\"><";
            out += prefix;
            out += "v>";
            out += write.number != 0 ? "1" : "0";
            break;
        case CellWrite::Kind::text: {
            out += " t=\"inlineStr\"><";
            out += prefix;
            out += "is><";
            out += prefix;
            out += 't';
            const bool edge_space =
                !write.text.empty() && (write.text.front() == ' ' || write.text.back() == ' ' ||
                                        write.text.front() == '\t' || write.text.back() == '\t' ||
                                        write.text.front() == '\n' || write.text.back() == '\n' ||
                                        write.text.find("  ") != std::string::npos);
            if (edge_space) out += " xml:space=\"preserve\"";
            out += '>';
            out += inline_text(write.text);
            out += "</";
            out += prefix;
            out += "t></";
            out += prefix;
            out += "is></";
            out += prefix;
            out += "c>";
            return out;
        }
    }
    out += "</";
    out += prefix;
    out += "v></";
    out += prefix;
    out += "c>";
    return out;
}

std::string write_value_text(const CellWrite& write) {
    switch (write.kind) {
        case CellWrite::Kind::number:
            return number_text(write.number);
        case CellWrite::Kind::boolean:
            return write.number != 0 ? "TRUE" : "FALSE";
        case CellWrite::Kind::text:
            return write.text;
        case CellWrite::Kind::blank:
            return {};
    }
    return {};
}

}  // namespace kpimap::detail
