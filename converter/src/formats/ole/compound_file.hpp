// OLE2 compound files (MS-CFB): the container of .xls workbooks. A small interface, so the
// container layer can be replaced (a library, a build without it) without touching BIFF.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpimap::detail {

// One stream read out of a compound file.
struct OleStream {
    std::string bytes;
    // Set when the stream's sector chain ended before its declared size (a truncated or
    // damaged file): `bytes` holds what could be read, `problem` says why it stopped.
    bool truncated = false;
    std::string problem;
};

// A compound file's root storage, read-only. Never prints; throws kpimap::ReadError.
class CompoundFile {
public:
    virtual ~CompoundFile() = default;
    // Names of the streams directly inside the root storage, in directory order.
    virtual std::vector<std::string> root_streams() const = 0;
    // The root-level stream called `name`, ASCII case ignored ("WORKBOOK" is "Workbook");
    // nullopt when there is none. Throws ReadError(too_large) past `max_bytes`.
    virtual std::optional<OleStream> read_root_stream(std::string_view name,
                                                      std::uint64_t max_bytes) const = 0;
};

// True when `bytes` starts with the compound file signature D0 CF 11 E0 A1 B1 1A E1.
bool has_compound_file_signature(std::string_view bytes) noexcept;

// Parses the header, allocation tables and directory of the compound file in `bytes`, which
// must outlive the result. Throws ReadError(not_a_workbook) with the byte offset of the
// damage when the header or the directory cannot be read. Memory is bounded by the file
// size and time is linear in it: every chain is cut at its first repeated or invalid sector.
std::unique_ptr<CompoundFile> open_compound_file(std::string_view bytes);

}  // namespace kpimap::detail
