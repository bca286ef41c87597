#include "fuzz_support.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace kpimap::fuzz {

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
    std::fflush(stderr);
    __builtin_trap();
}

void put16(std::string& out, std::uint32_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}

void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

// Serialises with nlohmann's strict UTF-8 check, as `kpimap inspect --format json` does.
void check_json(const nlohmann::json& j, const char* what) {
    try {
        (void)j.dump();
    } catch (const std::exception& e) {
        fail(std::string(what) + " does not serialise to JSON: " + e.what());
    }
}

}  // namespace

ReadOptions fuzz_read_options() {
    ReadOptions options;
    options.limits.max_total_uncompressed = 64ull << 20;
    options.limits.max_part_uncompressed = 32ull << 20;
    options.limits.max_cells = 1'000'000;
    return options;
}

const std::string& input_file(std::string_view bytes, std::string_view suffix) {
    static int fd = -1;
    static std::string path;
    if (fd < 0) {
#ifdef MFD_CLOEXEC
        fd = memfd_create("kpimap-fuzz", MFD_CLOEXEC);
#endif
        if (fd >= 0) {
            path = "/proc/self/fd/" + std::to_string(fd);
        } else {
            path = (std::filesystem::temp_directory_path() /
                    ("kpimap-fuzz-" + std::to_string(getpid())))
                       .string();
            fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (fd < 0) fail("cannot create the input file " + path);
        }
    }
    if (ftruncate(fd, 0) != 0) fail("cannot truncate the input file");
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n =
            pwrite(fd, bytes.data() + written, bytes.size() - written, static_cast<off_t>(written));
        if (n <= 0) fail("cannot write the input file");
        written += static_cast<std::size_t>(n);
    }
    // Readers that look at the extension get a symlink named with it.
    static std::string with_suffix;
    if (suffix.empty()) return path;
    with_suffix = (std::filesystem::temp_directory_path() /
                   ("kpimap-fuzz-" + std::to_string(getpid()) + std::string(suffix)))
                      .string();
    std::error_code ec;
    if (!std::filesystem::is_symlink(with_suffix, ec))
        std::filesystem::create_symlink(path, with_suffix, ec);
    return with_suffix;
}

std::vector<std::pair<std::string, std::string>> split_parts(std::string_view bytes) {
    std::vector<std::pair<std::string, std::string>> parts;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        std::size_t end = bytes.find('\0', pos);
        const std::string name(bytes.substr(pos, end - pos));
        if (end == std::string_view::npos) {
            parts.emplace_back(name, "");
            break;
        }
        pos = end + 1;
        end = bytes.find('\0', pos);
        parts.emplace_back(name, std::string(bytes.substr(pos, end - pos)));
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return parts;
}

std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& parts) {
    std::string out, directory;
    for (const auto& [name, content] : parts) {
        const auto crc = static_cast<std::uint32_t>(crc32(
            0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())));
        const auto offset = static_cast<std::uint32_t>(out.size());
        const auto size = static_cast<std::uint32_t>(content.size());
        const auto name_length = static_cast<std::uint32_t>(name.size());
        put32(out, 0x04034b50);  // local file header
        put16(out, 20);
        put16(out, 0);  // flags
        put16(out, 0);  // stored
        put16(out, 0);
        put16(out, 0x21);  // 1980-01-01
        put32(out, crc);
        put32(out, size);
        put32(out, size);
        put16(out, name_length);
        put16(out, 0);
        out += name;
        out += content;
        put32(directory, 0x02014b50);  // central directory entry
        put16(directory, 20);
        put16(directory, 20);
        put16(directory, 0);
        put16(directory, 0);
        put16(directory, 0);
        put16(directory, 0x21);
        put32(directory, crc);
        put32(directory, size);
        put32(directory, size);
        put16(directory, name_length);
        put16(directory, 0);
        put16(directory, 0);
        put16(directory, 0);
        put16(directory, 0);
        put32(directory, 0);
        put32(directory, offset);
        directory += name;
    }
    const auto directory_offset = static_cast<std::uint32_t>(out.size());
    out += directory;
    put32(out, 0x06054b50);  // end of central directory
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(parts.size()));
    put16(out, static_cast<std::uint32_t>(parts.size()));
    put32(out, static_cast<std::uint32_t>(directory.size()));
    put32(out, directory_offset);
    put16(out, 0);
    return out;
}

std::string as_package(std::string_view bytes, const std::pair<std::string, std::string>* first) {
    if (bytes.starts_with("PK")) return std::string(bytes);
    auto parts = split_parts(bytes);
    if (first != nullptr) parts.insert(parts.begin(), *first);
    return stored_zip(parts);
}

void load_and_check(const std::string& path) {
    LoadResult result;
    try {
        result = load_workbook(path, fuzz_read_options());
    } catch (const std::exception& e) {
        fail(std::string("load_workbook threw: ") + e.what());
    }
    if (!result) {
        if (result.status.code == ErrorCode::ok || result.status.detail.empty())
            fail("a failed load has no code or no detail");
        check_json(nlohmann::json{{"detail", result.status.detail}, {"part", result.status.part}},
                   "the error");
        return;
    }
    if (!result.workbook) fail("a successful load has no workbook");
    const Workbook& wb = *result.workbook;
    nlohmann::json j = nlohmann::json::array();
    for (const Sheet& sheet : wb.sheets) {
        j.push_back(sheet.name);
        std::uint32_t previous_row = 0;
        bool first_row = true;
        for (const Row& row : sheet.rows) {
            if (row.index >= kMaxRows) fail("a row past the last row");
            if (!first_row && row.index <= previous_row) fail("rows out of order or repeated");
            first_row = false;
            previous_row = row.index;
            for (const Cell& cell : row.cells) {
                if (cell.col >= kMaxColumns) fail("a cell past the last column");
                if ((cell.type == CellType::text || cell.type == CellType::error) &&
                    cell.text >= wb.strings.size())
                    fail("a cell's text index is out of range");
                if (cell.formula != kNoIndex && cell.formula >= wb.strings.size())
                    fail("a cell's formula index is out of range");
                j.push_back(wb.value_text(cell));
                j.push_back(std::string(wb.formula(cell)));
                j.push_back(wb.style(cell).number_format);
            }
        }
    }
    for (const DefinedName& name : wb.names) {
        j.push_back(name.name);
        j.push_back(name.refers_to);
    }
    for (const ReadDiagnostic& d : wb.diagnostics) {
        j.push_back(d.sheet);
        j.push_back(d.cell);
        j.push_back(d.part);
        j.push_back(d.message);
    }
    check_json(j, "the workbook");
}

}  // namespace kpimap::fuzz
