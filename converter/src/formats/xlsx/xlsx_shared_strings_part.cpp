#include "core/utf8.hpp"
#include "formats/xlsx/xlsx_parts.hpp"
#include "formats/xml/xml_stream.hpp"
#include "formats/xml/xml_util.hpp"

namespace kpimap::detail {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_text(std::string& out, pugi::xml_node t) {
    for (pugi::xml_node n = t.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) out += n.value();
}

}  // namespace

std::string unescape_xstring(std::string_view text) {
    if (text.find("_x") == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
            std::uint32_t cp = 0;
            bool ok = true;
            for (std::size_t k = i + 2; k < i + 6; ++k) {
                const int h = hex_value(text[k]);
                if (h < 0) {
                    ok = false;
                    break;
                }
                cp = cp * 16 + static_cast<std::uint32_t>(h);
            }
            if (ok) {
                append_utf8(out, cp);
                i += 6;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

std::string rich_text(pugi::xml_node node) {
    std::string out;
    for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
        if (n.type() != pugi::node_element) continue;
        const std::string_view name = local_name(n);
        if (name == "t")
            append_text(out, n);
        else if (name == "r")
            append_text(out, child(n, "t"));
        // rPh (phonetic reading) and phoneticPr are annotations, not cell text.
    }
    return unescape_xstring(out);
}

std::uint32_t read_shared_strings_part(ZipPartStream& stream, Workbook& wb, std::size_t& count,
                                       ReadBudget* budget, std::uint64_t max_xml_buffer) {
    const auto base = static_cast<std::uint32_t>(wb.strings.size());
    pugi::xml_document outer;
    StreamOptions options;
    options.max_buffer = static_cast<std::size_t>(std::min<std::uint64_t>(max_xml_buffer, SIZE_MAX));
    if (const std::uint64_t declared = stream.declared_size(); declared > 0)
        options.chunk_bytes = static_cast<std::size_t>(
            std::max<std::uint64_t>(4096, std::min<std::uint64_t>(declared + 1, options.chunk_bytes)));
    stream_items([&](char* buffer, std::size_t size) { return stream.read(buffer, size); },
                 stream.name(), "sst", "si",
                 [&](pugi::xml_node batch) {
                     // <sstItem> is <si> in the pre-release Excel 2007 format (Excel 12 beta,
                     // namespace .../office/excel/2006/2), as in POI's sample-beta.xlsx.
                     for (pugi::xml_node si = batch.first_child(); si; si = si.next_sibling()) {
                         if (si.type() != pugi::node_element) continue;
                         const std::string_view name = local_name(si);
                         if (name != "si" && name != "sstItem") continue;
                         std::string text = rich_text(si);
                         if (budget != nullptr)
                             budget->add_bytes(text.size() + sizeof(std::string),
                                               "the shared strings");
                         wb.strings.push_back(std::move(text));
                     }
                 },
                 outer, options);
    count = wb.strings.size() - base;
    return base;
}

}  // namespace kpimap::detail
