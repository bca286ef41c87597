// One way to read a mapping-sized file: a folder or an unreadable file is refused up front,
// since a stream opened on a folder throws when read (found by fuzz_mapping: an <include> whose
// file="" names the mapping's own folder).
#include "kpimap/text_file.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace kpimap {

std::optional<std::string> read_text_file(const std::string& path, std::uintmax_t max_bytes) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || ec) return std::nullopt;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec || size > max_bytes) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    try {
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad()) return std::nullopt;
        return text;
    } catch (const std::exception&) {
        return std::nullopt;  // a read error the stream reports by throwing
    }
}

}  // namespace kpimap
