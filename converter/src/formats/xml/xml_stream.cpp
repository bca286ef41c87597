#include "formats/xml/xml_stream.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

#include "formats/xml/xml_util.hpp"
#include "kpimap/error.hpp"

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

// The terminator of a comment, CDATA section or processing instruction starting at `rest`, and
// the length of its opening; empty when `rest` starts none. `undecided` is set when `rest` is
// too short to tell.
std::string_view opaque_terminator(std::string_view rest, std::size_t& opening, bool& undecided) {
    static constexpr std::string_view kComment = "<!--", kCdata = "<![CDATA[", kPi = "<?";
    undecided = false;
    for (const auto& [open, close] :
         {std::pair{kComment, std::string_view("-->")}, std::pair{kCdata, std::string_view("]]>")},
          std::pair{kPi, std::string_view("?>")}}) {
        if (rest.starts_with(open)) {
            opening = open.size();
            return close;
        }
        if (rest.size() < open.size() && open.starts_with(rest)) undecided = true;
    }
    return {};
}

// True when `text` at `pos` is `name` followed by a character that ends an XML name; sets
// `undecided` when the text ends before that can be told.
bool name_at(std::string_view text, std::size_t pos, std::string_view name, bool& undecided) {
    undecided = false;
    const std::string_view rest = text.substr(pos);
    if (rest.size() <= name.size()) {
        undecided = name.starts_with(rest);
        return false;
    }
    return rest.starts_with(name) && is_name_end(rest[name.size()]);
}

struct StartTag {
    std::size_t begin = std::string_view::npos;  // position of '<'
    std::size_t end = 0;                         // position of '>'
    std::string prefix;                          // "x:" or ""
    bool self_closing = false;
    std::size_t resume = 0;  // where to search again once more bytes have arrived
};

// Finds the start tag of the first element whose local name is `local`, from `from`, skipping
// comments, processing instructions and CDATA. When the text ends mid-construct, `begin` is
// npos and `resume` is where that construct starts.
StartTag find_start_tag(std::string_view text, std::string_view local, std::size_t from) {
    StartTag tag;
    std::size_t pos = from;
    while ((pos = text.find('<', pos)) != std::string_view::npos) {
        std::size_t opening = 0;
        bool undecided = false;
        const std::string_view terminator = opaque_terminator(text.substr(pos), opening, undecided);
        if (undecided) break;
        if (!terminator.empty()) {
            const std::size_t skip_to = text.find(terminator, pos + opening);
            if (skip_to == std::string_view::npos) break;
            pos = skip_to + terminator.size();
            continue;
        }
        if (text.size() - pos < 2) break;
        if (text[pos + 1] == '/' || text[pos + 1] == '!') {
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
    tag.resume = pos == std::string_view::npos ? text.size() : pos;
    return tag;
}

void throw_malformed(std::string_view part, const pugi::xml_parse_result& result,
                     std::size_t base) {
    throw ReadError(ErrorCode::xml_malformed, std::string(part),
                    fmt::format("not well-formed XML ({})", result.description()),
                    static_cast<std::int64_t>(base + static_cast<std::size_t>(result.offset)));
}

[[noreturn]] void throw_too_large(std::string_view part, std::string_view what, std::size_t limit,
                                  std::size_t offset) {
    throw ReadError(ErrorCode::too_large, std::string(part),
                    fmt::format("{} holds more than {} MiB of XML, which no workbook needs; "
                                "reading it would hold all of it in memory at once",
                                what, limit >> 20),
                    static_cast<std::int64_t>(offset));
}

// Finds the boundaries of items in the body of the container as bytes arrive, looking at each
// byte once: where the bytes before are complete items (or whitespace, comments and CDATA
// between them) and can be parsed, and where the container ends. Positions are indexes into
// the caller's buffer; drop() moves them when the caller erases delivered bytes.
class BodyScanner {
public:
    BodyScanner(std::string item_open, std::string item_close, std::string container_close)
        : item_open_(std::move(item_open)),
          item_close_(std::move(item_close)),
          container_close_(std::move(container_close)) {}

    // Scans what arrived since the last call. Returns the position of the container's end tag
    // when it is found, npos otherwise. Comments, CDATA and processing instructions between
    // items are overwritten with spaces (same length, so byte offsets stay true): they hold
    // nothing a reader uses, and as spaces they can be handed on before they end, so a long one
    // never has to be held whole.
    std::size_t scan(std::string& body, StreamStats* stats) {
        if (stats != nullptr) stats->bytes_scanned += body.size() - scan_;
        while (scan_ < body.size()) {
            if (!terminator_.empty()) {
                const std::size_t end = body.find(terminator_, scan_);
                const std::size_t stop =
                    end == std::string::npos
                        // Keep the last bytes: the terminator may straddle the next chunk.
                        ? std::max(scan_,
                                   body.size() - std::min(body.size(), terminator_.size() - 1))
                        : end + terminator_.size();
                if (!inside_) {
                    std::fill(body.begin() + static_cast<std::ptrdiff_t>(blank_from_),
                              body.begin() + static_cast<std::ptrdiff_t>(stop), ' ');
                    blank_from_ = stop;
                    safe_ = stop;
                }
                scan_ = stop;
                if (end == std::string::npos) return std::string::npos;
                terminator_ = {};
                continue;
            }
            const std::size_t lt = body.find('<', scan_);
            if (lt == std::string::npos) {
                scan_ = body.size();
                if (!inside_) safe_ = scan_;
                return std::string::npos;
            }
            if (!inside_) safe_ = lt;
            scan_ = lt;
            std::size_t opening = 0;
            bool undecided = false;
            const std::string_view terminator =
                opaque_terminator(std::string_view(body).substr(lt), opening, undecided);
            if (undecided) return std::string::npos;
            if (!terminator.empty()) {
                terminator_ = terminator;
                blank_from_ = lt;
                scan_ = lt + opening;
                continue;
            }
            bool wait = false;
            if (name_at(body, lt, container_close_, wait)) return lt;
            if (wait) return std::string::npos;
            if (name_at(body, lt, item_close_, wait)) {
                const std::size_t gt = body.find('>', lt);
                if (gt == std::string::npos) return std::string::npos;
                scan_ = gt + 1;
                if (!foreign_) {
                    inside_ = false;
                    safe_ = scan_;
                }
                continue;
            }
            if (wait) return std::string::npos;
            if (name_at(body, lt, item_open_, wait)) {
                const std::size_t gt = tag_end(body, lt);
                if (gt == std::string::npos) {
                    safe_ = lt;
                    return std::string::npos;
                }
                // Whatever came before an item's start is complete (or malformed, which the
                // parser then reports).
                safe_ = lt;
                foreign_ = false;
                scan_ = gt + 1;
                inside_ = body[gt - 1] != '/';
                item_start_ = lt;
                if (!inside_) safe_ = scan_;
                continue;
            }
            if (wait) return std::string::npos;
            // Any other tag: the children of an item, or (outside one) an element the schema
            // does not put here, which is only delivered whole, up to the next item.
            if (!inside_ && lt + 1 < body.size() && body[lt + 1] != '/') {
                inside_ = true;
                foreign_ = true;
                item_start_ = lt;
            }
            scan_ = lt + 1;
        }
        return std::string::npos;
    }

    // Bytes from the start of the buffer that are complete items and can be parsed.
    std::size_t safe() const noexcept { return safe_; }
    // Where the item (or foreign element) that is still open started, when one is.
    std::optional<std::size_t> open_item() const {
        return inside_ ? std::optional<std::size_t>(item_start_) : std::nullopt;
    }
    // The caller erased the first `n` bytes.
    void drop(std::size_t n) {
        scan_ -= n;
        safe_ -= n;
        blank_from_ = blank_from_ >= n ? blank_from_ - n : 0;
        if (item_start_ >= n)
            item_start_ -= n;
        else
            item_start_ = 0;
    }

private:
    std::string item_open_, item_close_, container_close_;
    std::size_t scan_ = 0;         // next byte to look at
    std::size_t safe_ = 0;         // bytes before this are complete items
    std::size_t item_start_ = 0;   // start of the open item, when inside_
    std::size_t blank_from_ = 0;   // first byte of a comment between items not yet blanked
    bool inside_ = false;          // inside an item (or a foreign element)
    bool foreign_ = false;         // ...a foreign element, which ends only at the next item
    std::string_view terminator_;  // inside a comment, CDATA or PI ending with this
};

}  // namespace

bool stream_items(const ByteSource& source, std::string_view part, std::string_view container_local,
                  std::string_view item_local, const ItemBatchHandler& on_batch,
                  pugi::xml_document& outer, const StreamOptions& options,
                  const RawBatchHandler& on_raw) {
    const std::size_t limit = options.max_buffer;
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
        while (fill())
            if (buffer.size() > limit) throw_too_large(part, "a UTF-16 part", limit, 0);
        utf16_to_utf8(buffer);
    }
    std::size_t search_from = 0;
    for (;;) {
        tag = find_start_tag(buffer, container_local, search_from);
        if (tag.begin != std::string_view::npos) break;
        search_from = tag.resume;
        if (buffer.size() > limit)
            throw_too_large(part, fmt::format("the part before <{}>", container_local), limit, 0);
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
        while (fill())
            if (buffer.size() > limit)
                throw_too_large(part, fmt::format("a part without <{}> items", container_local),
                                limit, 0);
        parse_outer(buffer);
        return tag.begin != std::string_view::npos;
    }

    std::string document(buffer, 0, tag.end + 1);  // head
    std::string body = buffer.substr(tag.end + 1);
    buffer.clear();
    buffer.shrink_to_fit();
    std::size_t body_offset = tag.end + 1;  // offset of body[0] within the part

    BodyScanner scanner("<" + tag.prefix + std::string(item_local),
                        "</" + tag.prefix + std::string(item_local),
                        "</" + tag.prefix + std::string(container_local));
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
        scanner.drop(length);
    };

    for (;;) {
        const std::size_t close = scanner.scan(body, options.stats);
        if (close != std::string::npos) {
            deliver(close);
            head_length = document.size();
            skipped = body_offset - head_length;
            document += body;
            body.clear();
            body.shrink_to_fit();
            std::string more(options.chunk_bytes, '\0');
            while (const std::size_t got = source(more.data(), more.size())) {
                document.append(more.data(), got);
                if (document.size() > limit)
                    throw_too_large(part, fmt::format("the part outside <{}>", container_local),
                                    limit, body_offset);
            }
            parse_outer(document);
            return true;
        }
        deliver(scanner.safe());
        if (body.size() > limit) {
            const std::size_t start = scanner.open_item().value_or(0);
            throw_too_large(part,
                            fmt::format("one <{}{}> (from byte {})", tag.prefix, item_local,
                                        body_offset + start),
                            limit, body_offset + start);
        }
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
