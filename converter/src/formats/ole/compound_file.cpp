// MS-CFB reader over bytes in memory.
//
// Debian 12's maintained OLE2 libraries both crash on a 12.8 MB compound file whose directory
// is one 100,000-entry sibling chain (libgsf 1.14.50 and libolecf 20181231 walk the directory
// tree recursively and overflow the stack; both are also quadratic in the entry count), see
// docs/reader.md. This reader walks every chain iteratively with a visited set, so a loop or
// a wild sector number ends the chain instead of the process, and every allocation is bounded
// by the file size.
#include "formats/ole/compound_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/utf8.hpp"
#include "kpimap/error.hpp"

namespace kpimap::detail {

namespace {

constexpr unsigned char kSignature[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
constexpr std::size_t kHeaderSize = 512;
constexpr std::uint32_t kMaxRegularSector = 0xFFFFFFFA;
constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr std::uint32_t kNoStream = 0xFFFFFFFF;
constexpr std::size_t kEntrySize = 128;
constexpr std::size_t kMiniSectorSize = 64;
constexpr std::uint8_t kStorage = 1, kStream = 2, kRoot = 5;

std::uint32_t le32(std::string_view d, std::size_t off) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(d[off + i]);
    return v;
}

std::uint16_t le16(std::string_view d, std::size_t off) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(d[off]) |
                                      static_cast<unsigned char>(d[off + 1]) << 8);
}

[[noreturn]] void damaged(std::string_view part, std::string detail, std::uint64_t offset) {
    throw ReadError(ErrorCode::not_a_workbook, std::string(part),
                    fmt::format("the OLE compound file is damaged: {}", detail),
                    static_cast<std::int64_t>(offset));
}

bool ascii_iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

struct Chain {
    std::string bytes;
    std::string problem;  // why the chain stopped early; empty when it ended properly
};

class CfbFile final : public CompoundFile {
public:
    explicit CfbFile(std::string_view data) : data_(data) {
        if (data.size() < kHeaderSize)
            damaged("OLE header", fmt::format("the header is cut short ({} bytes)", data.size()),
                    0);
        const unsigned shift = le16(data, 0x1E);
        if (shift != 9 && shift != 12)
            damaged("OLE header", fmt::format("sector size 2^{} is neither 512 nor 4096", shift),
                    0x1E);
        // The mini sector size is 64 bytes in every version (MS-CFB 2.2); files that say
        // otherwise are read with 64, as LibreOffice does.
        sector_size_ = 1u << shift;
        sector_count_ = data.size() <= sector_size_
                            ? 0
                            : (data.size() - sector_size_ + sector_size_ - 1) / sector_size_;
        major_version_ = le16(data, 0x1A);
        cutoff_ = le32(data, 0x38);
        read_fat();
        const std::uint32_t first_directory = le32(data, 0x30);
        Chain dir = read_chain(first_directory, fat_, false, UINT64_MAX);
        directory_ = std::move(dir.bytes);
        entry_count_ = directory_.size() / kEntrySize;
        if (entry_count_ == 0) {
            damaged("OLE directory",
                    fmt::format("the directory (sector {}) cannot be read: {}", first_directory,
                                dir.problem.empty() ? "it is empty" : dir.problem),
                    0x30);
        }
        Chain minifat = read_chain(le32(data, 0x3C), fat_, false, UINT64_MAX);
        for (std::size_t i = 0; i + 4 <= minifat.bytes.size(); i += 4)
            minifat_.push_back(le32(minifat.bytes, i));
        Chain mini = read_chain(entry_start(0), fat_, false, entry_size(0));
        ministream_ = std::move(mini.bytes);
        ministream_problem_ = std::move(mini.problem);
        find_root_entries();
    }

    std::vector<std::string> root_streams() const override {
        std::vector<std::string> names;
        for (std::uint32_t e : root_entries_)
            if (entry_type(e) == kStream) names.push_back(entry_name(e));
        return names;
    }

    std::optional<OleStream> read_root_stream(std::string_view name,
                                              std::uint64_t max_bytes) const override {
        std::optional<std::uint32_t> found;
        for (std::uint32_t e : root_entries_)
            if (entry_type(e) == kStream && ascii_iequal(entry_name(e), name)) {
                found = e;
                break;
            }
        if (!found) return std::nullopt;
        const std::uint64_t size = entry_size(*found);
        const std::string part = entry_name(*found);
        if (size > max_bytes) {
            throw ReadError(ErrorCode::too_large, part,
                            fmt::format("the {} stream declares {} bytes, more than the limit "
                                        "of {} bytes",
                                        part, size, max_bytes));
        }
        const bool mini = size < cutoff_;
        Chain chain = read_chain(entry_start(*found), mini ? minifat_ : fat_, mini, size);
        OleStream out;
        out.bytes = std::move(chain.bytes);
        if (out.bytes.size() < size) {
            out.truncated = true;
            out.problem = fmt::format(
                "the {} stream declares {} bytes but only {} could be read "
                "({})",
                part, size, out.bytes.size(),
                chain.problem.empty() ? "its chain ends early" : chain.problem);
        }
        return out;
    }

private:
    // The FAT: the sectors named by the header's 109 DIFAT slots, then by the DIFAT chain.
    void read_fat() {
        std::vector<std::uint32_t> fat_sectors;
        for (int i = 0; i < 109; ++i) fat_sectors.push_back(le32(data_, 0x4C + 4 * i));
        std::vector<bool> seen(sector_count_, false);
        std::uint32_t difat = le32(data_, 0x44);
        while (difat < kMaxRegularSector && difat < sector_count_ && !seen[difat]) {
            seen[difat] = true;
            const std::string_view s = sector(difat);
            if (s.size() < sector_size_) break;
            for (std::size_t i = 0; i + 4 < sector_size_; i += 4) fat_sectors.push_back(le32(s, i));
            difat = le32(s, sector_size_ - 4);
        }
        // The header's count says how many slots are in use; writers leave the rest free, but
        // some leave garbage there, and others understate the count. Trust the count when it
        // is plausible, otherwise every slot that names a sector.
        const std::uint32_t declared = le32(data_, 0x2C);
        if (declared > 0 && declared <= fat_sectors.size()) fat_sectors.resize(declared);
        std::fill(seen.begin(), seen.end(), false);
        for (std::uint32_t s : fat_sectors) {
            if (s >= kMaxRegularSector || s >= sector_count_ || seen[s]) continue;
            seen[s] = true;
            const std::string_view bytes = sector(s);
            for (std::size_t i = 0; i + 4 <= bytes.size(); i += 4) fat_.push_back(le32(bytes, i));
        }
    }

    // Sector `id` (sectors after the header, 0-based); shorter than a sector only for the
    // last one of a file cut short, empty past the end.
    std::string_view sector(std::uint32_t id) const {
        const std::uint64_t off = (std::uint64_t{id} + 1) * sector_size_;
        if (off >= data_.size()) return {};
        return data_.substr(off, sector_size_);
    }

    // Follows a chain from `start` through `table` until `wanted` bytes are read or the chain
    // ends. Never throws: a chain that loops, leaves the table or the file stops, and says so.
    Chain read_chain(std::uint32_t start, const std::vector<std::uint32_t>& table, bool mini,
                     std::uint64_t wanted) const {
        Chain out;
        const std::uint64_t units = mini ? ministream_.size() / kMiniSectorSize : sector_count_;
        std::vector<bool> seen(units, false);
        std::uint32_t id = start;
        while (out.bytes.size() < wanted && id != kEndOfChain) {
            if (id >= kMaxRegularSector) {
                out.problem = fmt::format("its chain reaches the reserved sector number {:#x}", id);
                break;
            }
            if (id >= units) {
                out.problem = fmt::format("its chain names sector {}, past the end of the {}", id,
                                          mini ? "mini stream" : "file");
                break;
            }
            if (seen[id]) {
                out.problem = fmt::format("its chain loops back to sector {}", id);
                break;
            }
            seen[id] = true;
            if (mini)
                out.bytes.append(ministream_, std::uint64_t{id} * kMiniSectorSize, kMiniSectorSize);
            else
                out.bytes.append(sector(id));
            if (out.bytes.size() >= wanted) break;
            if (id >= table.size()) {
                out.problem = fmt::format("sector {} has no entry in the allocation table", id);
                break;
            }
            id = table[id];
        }
        if (out.bytes.size() > wanted) out.bytes.resize(wanted);
        if (mini && out.bytes.size() < wanted && out.problem.empty() &&
            !ministream_problem_.empty())
            out.problem = "the mini stream is damaged: " + ministream_problem_;
        return out;
    }

    std::string_view entry(std::uint32_t e) const {
        return std::string_view(directory_).substr(std::size_t{e} * kEntrySize, kEntrySize);
    }
    std::uint8_t entry_type(std::uint32_t e) const {
        return static_cast<std::uint8_t>(entry(e)[0x42]);
    }
    std::uint32_t entry_start(std::uint32_t e) const { return le32(entry(e), 0x74); }
    std::uint64_t entry_size(std::uint32_t e) const {
        const std::uint64_t low = le32(entry(e), 0x78);
        // Version 3 files may hold garbage in the high half (MS-CFB 2.6.3).
        return major_version_ == 3 ? low : low | std::uint64_t{le32(entry(e), 0x7C)} << 32;
    }
    std::string entry_name(std::uint32_t e) const {
        const std::string_view d = entry(e);
        std::string name;
        for (std::size_t i = 0; i + 1 < 64; i += 2) {
            const std::uint16_t unit = le16(d, i);
            if (unit == 0) break;
            append_utf8(name, unit);
        }
        return name;
    }

    // The entries of the root storage: the tree under the root's child, walked with an explicit
    // stack and a visited set (a cycle or a 100,000-deep chain costs a loop, not the stack).
    // Entries that no storage reaches (a damaged tree) are taken as root entries too, unless
    // they lie inside another storage.
    void find_root_entries() {
        std::vector<std::uint8_t> owner(entry_count_, 0);  // 0 none, 1 root, 2 other storage
        auto walk = [&](std::uint32_t first, std::uint8_t mark, std::vector<std::uint32_t>* out) {
            std::vector<std::uint32_t> stack{first};
            while (!stack.empty()) {
                const std::uint32_t e = stack.back();
                stack.pop_back();
                if (e >= entry_count_ || e == 0 || owner[e] != 0) continue;
                owner[e] = mark;
                if (out) out->push_back(e);
                stack.push_back(le32(entry(e), 0x44));
                stack.push_back(le32(entry(e), 0x48));
            }
        };
        walk(le32(entry(0), 0x4C), 1, &root_entries_);
        for (std::uint32_t e = 1; e < entry_count_; ++e)
            if (entry_type(e) == kStorage || entry_type(e) == kRoot)
                walk(le32(entry(e), 0x4C), 2, nullptr);
        for (std::uint32_t e = 1; e < entry_count_; ++e)
            if (owner[e] == 0 && entry_type(e) == kStream) root_entries_.push_back(e);
        std::sort(root_entries_.begin(), root_entries_.end());
    }

    std::string_view data_;
    std::uint32_t sector_size_ = 512;
    std::uint64_t sector_count_ = 0;
    std::uint16_t major_version_ = 3;
    std::uint32_t cutoff_ = 4096;
    std::vector<std::uint32_t> fat_, minifat_;
    std::string directory_, ministream_, ministream_problem_;
    std::size_t entry_count_ = 0;
    std::vector<std::uint32_t> root_entries_;
};

}  // namespace

bool has_compound_file_signature(std::string_view bytes) noexcept {
    return bytes.size() >= 8 && std::memcmp(bytes.data(), kSignature, 8) == 0;
}

std::unique_ptr<CompoundFile> open_compound_file(std::string_view bytes) {
    return std::make_unique<CfbFile>(bytes);
}

}  // namespace kpimap::detail
