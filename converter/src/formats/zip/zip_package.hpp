// Read-only access to the parts of a ZIP container (OOXML and ODF packages) through libzip,
// with the lookups real producers need (case-insensitive names, backslash separators, leading
// slashes) and decompression limits that stop zip bombs while streaming.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kpimap/reader.hpp"

struct zip;
struct zip_file;

namespace kpimap::detail {

class ZipPackage;

// A part being inflated; read() enforces the package's limits as bytes come out.
class ZipPartStream {
public:
    ZipPartStream(ZipPartStream&& other) noexcept;
    ZipPartStream& operator=(ZipPartStream&&) = delete;
    ~ZipPartStream();
    // Inflates up to `size` bytes into `buffer`; returns 0 at the end. Throws ReadError
    // (corrupt_zip on damaged data, zip_bomb when a limit is passed).
    std::size_t read(char* buffer, std::size_t size);
    // The part's name as stored in the archive.
    const std::string& name() const noexcept { return name_; }
    // Bytes inflated so far.
    std::uint64_t inflated() const noexcept { return inflated_; }
    // The uncompressed size the archive declares (not trusted; for sizing buffers), or 0.
    std::uint64_t declared_size() const noexcept { return declared_; }

private:
    friend class ZipPackage;
    ZipPartStream(ZipPackage& package, zip_file* file, std::string name, std::uint64_t compressed,
                  std::uint64_t declared);
    ZipPackage* package_;
    zip_file* file_;
    std::string name_;
    std::uint64_t compressed_;
    std::uint64_t declared_;
    std::uint64_t inflated_ = 0;
};

class ZipPackage {
public:
    // Opens the archive; throws ReadError(corrupt_zip) when it is not a readable ZIP.
    ZipPackage(const std::string& path, const ReadLimits& limits);
    ~ZipPackage();
    ZipPackage(const ZipPackage&) = delete;
    ZipPackage& operator=(const ZipPackage&) = delete;

    // Normalised form used for lookups: ASCII lower case, '/' separators, no leading '/'.
    static std::string normalise(std::string_view name);
    // True when a part with this name exists (lookup rules as normalise()).
    bool contains(std::string_view name) const { return find(name).has_value(); }
    // Stored names of all entries, in archive order.
    const std::vector<std::string>& names() const noexcept { return names_; }
    // Names (as stored) that two or more entries share once normalised; reading one of them
    // throws corrupt_zip, since which entry is meant is ambiguous.
    const std::vector<std::string>& duplicate_names() const noexcept { return duplicates_; }
    // True when two or more entries share this name once normalised.
    bool is_ambiguous(std::string_view name) const { return ambiguous_.contains(normalise(name)); }
    // Reads a whole part; throws missing_part when absent, too_large past `max_bytes`, or the
    // errors of ZipPartStream.
    std::string read(std::string_view name, std::uint64_t max_bytes = UINT64_MAX);
    // Reads a part if present.
    std::optional<std::string> read_if_present(std::string_view name);
    // Opens a part for streaming; throws missing_part when absent.
    ZipPartStream open(std::string_view name);
    // Total bytes inflated from this package so far.
    std::uint64_t total_inflated() const noexcept { return total_inflated_; }

private:
    friend class ZipPartStream;
    std::optional<std::uint64_t> find(std::string_view name) const;
    zip* archive_ = nullptr;
    ReadLimits limits_;
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::uint64_t> index_;
    std::unordered_set<std::string> ambiguous_;  // normalised names of duplicates
    std::vector<std::string> duplicates_;
    std::uint64_t total_inflated_ = 0;
};

}  // namespace kpimap::detail
