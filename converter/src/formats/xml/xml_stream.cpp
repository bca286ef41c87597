#include "formats/xml/xml_stream.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "formats/xml/xml_util.hpp"
#include "kpimap/status.hpp"

namespace kpimap::detail {

namespace {

bool is_name_end(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
}

// Position of the '>' closing the tag that starts at `pos`, skipping quoted attribute values
// (which may contain '>'); npos when the tag is not complete in `text`.
std::size_t tag_end(std::string_view text, std::size_t pos) {
    char quote = 0;
    for (std::size_t i = pos + 1; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i;
        }
    }
    return std::string_view::npos;
}

struct StartTag {
    std::size_t begin = std::string_view::npos;  // position of '<'
    std::size_t end = 0;                         // position of '>'
    std::string prefix;                          // "x:" or ""
    bool self_closing = false;
    bool incomplete = false;  // more bytes are needed to decide
};

// Finds the start tag of the first element whose local name is `local`, skipping comments,
// processing instructions and CDATA. Sets `incomplete` when the text ends mid-construct.
StartTag find_start_tag(std::string_view text, std::string_view local) {
    StartTag tag;
    std::size_t pos = 0;
    while ((pos = text.find('<', pos)) != std::string_view::npos) {
        std::string_view rest = text.substr(pos);
        std::size_t skip_to = std::string_view::npos;
        std::string_view terminator;
        if (rest.starts_with("<?"))
            terminator = "?>";
        else if (rest.starts_with("<!--"))
            terminator = "-->";
        else if (rest.starts_with("<![CDATA["))
            terminator = "]]>";
        if (!terminator.empty()) {
            skip_to = text.find(terminator, pos);
            if (skip_to == std::string_view::npos) break;
            pos = skip_to + terminator.size();
            continue;
        }
        if (rest.size() < 2) break;
        if (rest[1] == '/' || rest[1] == '!') {
            ++pos;
            continue;
        }
        std::size_t name_end = pos + 1;
        while (name_end < text.size() && !is_name_end(text[name_end])) ++name_end;
        if (name_end >= text.size()) break;
        std::string_view qname = text.substr(pos + 1, name_end - pos - 1);
        if (local_name(std::string(qname).c_str()) == local) {
            const std::size_t close = tag_end(text, pos);
            if (close == std::string_view::npos) break;
            tag.begin = pos;
            tag.end = close;
            tag.prefix = std::string(qname.substr(0, qname.size() - local.size()));
            tag.self_closing = text[close - 1] == '/';
            return tag;
        }
        pos = name_end;
    }
    tag.incomplete = true;
    return tag;
}

void throw_malformed(std::string_view part, const pugi::xml_parse_result& result,
                     std::size_t base) {
    throw ReadError(ErrorCode::xml_malformed, std::string(part),
                    fmt::format("not well-formed XML ({})", result.description()),
                    static_cast<std::int64_t>(base + static_cast<std::size_t>(result.offset)));
}

}  // namespace

bool stream_items(const ByteSource& source, std::string_view part, std::string_view container_local,
                  std::string_view item_local, const ItemBatchHandler& on_batch,
                  pugi::xml_document& outer, const StreamOptions& options,
                  const RawBatchHandler& on_raw) {
    std::string buffer;
    bool at_end = false;
    auto fill = [&]() {
        if (at_end) return false;
        const std::size_t old = buffer.size();
        buffer.resize(old + options.chunk_bytes);
        const std::size_t got = source(buffer.data() + old, options.chunk_bytes);
        buffer.resize(old + got);
        if (got == 0) at_end = true;
        return got != 0;
    };

    // Head: everything up to and including the container's start tag. The prolog is checked
    // for a DTD only once it is complete (the container was found, or the part ended), so a
    // long comment cannot hide a DOCTYPE behind it.
    StartTag tag;
    fill();
    if (buffer.size() >= 2 && ((buffer[0] == '\xFF' && buffer[1] == '\xFE') ||
                               (buffer[0] == '\xFE' && buffer[1] == '\xFF'))) {
        // UTF-16 parts are rare enough to be read whole and re-encoded rather than streamed.
        while (fill()) {
        }
        utf16_to_utf8(buffer);
    }
    for (;;) {
        tag = find_start_tag(buffer, container_local);
        if (tag.begin != std::string_view::npos) break;
        if (!fill()) break;
    }
    refuse_dtd(buffer, part);
    // The outer document is the head plus the tail; `skipped` bytes of items were between
    // them, so offsets past the head are moved back to where they are in the part.
    std::size_t head_length = 0, skipped = 0;
    auto parse_outer = [&](std::string& text) {
        pugi::xml_parse_result r =
            outer.load_buffer(text.data(), text.size(), kParseOptions, pugi::encoding_utf8);
        if (!r) {
            if (static_cast<std::size_t>(r.offset) >= head_length && head_length > 0)
                r.offset += static_cast<std::ptrdiff_t>(skipped);
            throw_malformed(part, r, 0);
        }
    };
    if (tag.begin == std::string_view::npos || tag.self_closing) {
        while (fill()) {
        }
        parse_outer(buffer);
        return tag.begin != std::string_view::npos;
    }

    std::string document(buffer, 0, tag.end + 1);  // head
    std::string body = buffer.substr(tag.end + 1);
    buffer.clear();
    buffer.shrink_to_fit();
    std::size_t body_offset = tag.end + 1;  // offset of body[0] within the part

    const std::string item_open = "<" + tag.prefix + std::string(item_local);
    const std::string container_close = "</" + tag.prefix + std::string(container_local);

    pugi::xml_document batch;
    auto deliver = [&](std::size_t length) {
        if (length == 0) return;
        const std::size_t raw = on_raw ? on_raw(std::string_view(body.data(), length)) : 0;
        if (raw < length) {
            pugi::xml_parse_result r = batch.load_buffer_inplace(
                body.data() + raw, length - raw, kParseOptions | pugi::parse_fragment,
                pugi::encoding_utf8);
            if (!r) throw_malformed(part, r, body_offset + raw);
            on_batch(batch);
        }
        body.erase(0, length);
        body_offset += length;
    };
    // CDATA sections and comments may hold text that looks like tags ("<row", "</sheetData>");
    // boundaries are only taken outside them. Sheet data rarely has any, so this is one memmem.
    std::vector<std::pair<std::size_t, std::size_t>> opaque;
    auto find_opaque = [&]() {
        opaque.clear();
        std::size_t pos = 0;
        while ((pos = body.find("<!", pos)) != std::string::npos) {
            std::string_view rest(body.data() + pos, body.size() - pos);
            std::string_view end_mark = rest.starts_with("<![CDATA[") ? "]]>"
                                        : rest.starts_with("<!--")    ? "-->"
                                                                      : "";
            if (end_mark.empty()) {
                pos += 2;
                continue;
            }
            const std::size_t end = body.find(end_mark, pos + 4);
            const std::size_t stop = end == std::string::npos ? body.size() : end + end_mark.size();
            opaque.emplace_back(pos, stop);
            pos = stop;
        }
    };
    auto inside_opaque = [&](std::size_t pos) {
        for (const auto& [a, b] : opaque)
            if (pos > a && pos < b) return true;
        return false;
    };
    // The last start of an item in body; everything before it is complete items.
    auto last_item_start = [&]() -> std::size_t {
        std::size_t pos = body.size();
        while (pos > 0) {
            pos = body.rfind(item_open, pos - 1);
            if (pos == std::string::npos) return 0;
            const std::size_t after = pos + item_open.size();
            if (after < body.size() && is_name_end(body[after]) && !inside_opaque(pos)) return pos;
            if (pos == 0) return 0;
        }
        return 0;
    };
    auto container_end = [&]() -> std::size_t {
        std::size_t pos = body.find(container_close);
        while (pos != std::string::npos && inside_opaque(pos))
            pos = body.find(container_close, pos + 1);
        return pos;
    };

    for (;;) {
        find_opaque();
        const std::size_t close = container_end();
        if (close != std::string::npos) {
            deliver(close);
            head_length = document.size();
            skipped = body_offset - head_length;
            document += body;
            while (true) {
                std::string more(options.chunk_bytes, '\0');
                const std::size_t got = source(more.data(), more.size());
                if (got == 0) break;
                document.append(more.data(), got);
            }
            parse_outer(document);
            return true;
        }
        deliver(last_item_start());
        const std::size_t old = body.size();
        body.resize(old + options.chunk_bytes);
        const std::size_t got = source(body.data() + old, options.chunk_bytes);
        body.resize(old + got);
        if (got == 0) {
            throw ReadError(ErrorCode::xml_malformed, std::string(part),
                            fmt::format("the part ends inside <{}{}>", tag.prefix, container_local),
                            static_cast<std::int64_t>(body_offset + body.size()));
        }
    }
}

}  // namespace kpimap::detail
