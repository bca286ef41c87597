// Streams a part whose body is a long run of sibling items (sheetData/row, sst/si) so that
// memory holds one chunk at a time instead of a DOM of the whole part. Each batch of complete
// items is parsed by pugixml as a fragment and handed to a callback; everything outside the
// container (dimension, cols, mergeCells, ...) comes back as one small document.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <functional>
#include <string_view>

namespace kpimap::detail {

// Produces the part's bytes: fills up to `size` bytes, returns 0 at the end.
using ByteSource = std::function<std::size_t(char* buffer, std::size_t size)>;

// Receives a fragment whose children are complete items (and possibly stray whitespace).
using ItemBatchHandler = std::function<void(pugi::xml_node batch)>;

// Optionally handles a batch of complete items straight from the text, before any DOM is
// built; returns how many bytes (whole items) it consumed. The rest goes to ItemBatchHandler.
using RawBatchHandler = std::function<std::size_t(std::string_view batch)>;

// Work done by a stream, for tests that check it stays linear in the size of the part.
struct StreamStats {
    std::size_t bytes_scanned = 0;  // body bytes looked at for item boundaries
};

struct StreamOptions {
    std::size_t chunk_bytes = 4u << 20;  // bytes read from the source per step
    // XML held at once: one item, the part outside the container, or a whole UTF-16 part;
    // past it, ReadError(too_large) (ReadLimits::max_xml_buffer).
    std::size_t max_buffer = 64u << 20;
    StreamStats* stats = nullptr;  // filled when set
};

// Streams `source`. Items are children of the first element named `container_local` (any
// prefix) and named `item_local`. `outer` receives the document with the container emptied.
// Returns false when the container was not found (then `outer` holds the whole part).
// Each byte is looked at a bounded number of times, whatever the chunk size or the length of
// an item, comment or run of whitespace. Throws ReadError: xml_forbidden_dtd for DTDs,
// xml_malformed with the byte offset, too_large past options.max_buffer.
bool stream_items(const ByteSource& source, std::string_view part, std::string_view container_local,
                  std::string_view item_local, const ItemBatchHandler& on_batch,
                  pugi::xml_document& outer, const StreamOptions& options = {},
                  const RawBatchHandler& on_raw = {});

}  // namespace kpimap::detail
