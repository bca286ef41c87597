// Writes the patched package with libzip: the input is copied next to the output under a
// temporary name, the changed entries are replaced (or deleted) in place, and libzip's
// zip_close() rewrites the archive copying every untouched entry's compressed bytes as they
// are (no inflate, no deflate), in the original entry order. The temporary file is renamed onto
// the output only when everything succeeded.
//
// Rewritten parts are deflated with zlib at a fast level, large ones in 4 MB blocks on several
// threads (formats/zip/zip_deflated_source), and handed to libzip as already-compressed data:
// libzip 1.7 (Debian 12) resets the level of an entry that keeps its compression method, so it
// would deflate a 12 MB sheet at level 9 on one core, which takes a second. Output bytes do not
// depend on the machine.
#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <optional>
#include <vector>

#include "formats/zip/zip_deflated_source.hpp"
#include "kpimap/error.hpp"
#include "kpimap/temp_files.hpp"
#include "writers/package/package_parts.hpp"

namespace kpimap::detail {

namespace {

namespace fs = std::filesystem;

// A file name next to `output` that nobody else uses; removed on destruction unless kept.
class TempFile {
public:
    explicit TempFile(const std::string& output) {
        fs::path dir = fs::path(output).parent_path();
        if (dir.empty()) dir = ".";
        const std::string prefix =
            (dir / fmt::format(".{}.kpimap-{}-", fs::path(output).filename().string(),
                               static_cast<long>(::getpid())))
                .string();
        // Registered before the file exists: a signal arriving between mkstemp() and the
        // registration would otherwise leave the file behind. libzip's own temporary
        // ("<name>.XXXXXX") shares the prefix, so the handler removes both.
        guard_.emplace(prefix);
        std::string pattern = prefix + "XXXXXX";
        const int fd = mkstemp(pattern.data());
        if (fd < 0)
            throw ReadError(
                ErrorCode::output_failed, "",
                fmt::format("cannot create a file in {} ({})", dir.string(), std::strerror(errno)));
        ::close(fd);
        path_ = pattern;
    }
    ~TempFile() {
        if (!kept_) {
            std::error_code ec;
            fs::remove(path_, ec);
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const noexcept { return path_; }
    void keep() noexcept { kept_ = true; }

private:
    std::string path_;
    bool kept_ = false;
    std::optional<TemporaryFileGuard> guard_;
};

constexpr int kDeflateLevel = 3;  // ~3x faster than 9 on sheet XML, a few % larger

[[noreturn]] void fail(zip_t* za, const std::string& what) {
    std::string message = what;
    if (za != nullptr) {
        message += fmt::format(" ({})", zip_strerror(za));
        zip_discard(za);
    }
    throw ReadError(ErrorCode::output_failed, "", message);
}

}  // namespace

void check_declared_sizes(const std::string& input_path, const ReadLimits& limits) {
    int code = 0;
    zip_t* za = zip_open(input_path.c_str(), ZIP_RDONLY, &code);
    if (za == nullptr) return;  // the reader's own open reports it
    const zip_int64_t count = zip_get_num_entries(za, 0);
    std::uint64_t total = 0;
    std::string bomb;
    for (zip_int64_t i = 0; i < count && bomb.empty(); ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
            !(st.valid & ZIP_STAT_SIZE))
            continue;
        const std::string name = (st.valid & ZIP_STAT_NAME) ? st.name : "";
        total += st.size;
        if (st.size > limits.max_part_uncompressed)
            bomb = fmt::format("{} declares {} bytes uncompressed, over the limit of {}", name,
                               st.size, limits.max_part_uncompressed);
        else if (total > limits.max_total_uncompressed)
            bomb = fmt::format("the package declares more than {} bytes uncompressed",
                               limits.max_total_uncompressed);
        else if (st.size > limits.ratio_grace_bytes && (st.valid & ZIP_STAT_COMP_SIZE) &&
                 st.comp_size > 0 &&
                 static_cast<double>(st.size) / static_cast<double>(st.comp_size) >
                     limits.max_compression_ratio)
            bomb = fmt::format("{} declares a compression ratio over {:g}:1", name,
                               limits.max_compression_ratio);
    }
    zip_discard(za);
    if (!bomb.empty()) throw ReadError(ErrorCode::zip_bomb, "", bomb);
}

void write_patched_package(const std::string& input_path, const std::string& output_path,
                           const std::vector<PartChange>& changes, std::size_t& parts_copied) {
    TempFile temp(output_path);
    std::error_code ec;
    fs::copy_file(input_path, temp.path(), fs::copy_options::overwrite_existing, ec);
    if (ec)
        throw ReadError(ErrorCode::output_failed, "",
                        fmt::format("cannot write {} ({})", temp.path(), ec.message()));
    int code = 0;
    zip_t* za = zip_open(temp.path().c_str(), 0, &code);
    if (za == nullptr) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        std::string text = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw ReadError(ErrorCode::corrupt_zip, "", "not a readable ZIP archive (" + text + ")");
    }
    const auto entries = static_cast<std::size_t>(zip_get_num_entries(za, 0));
    std::size_t touched = 0;
    for (const PartChange& change : changes) {
        const zip_int64_t index = zip_name_locate(za, change.name.c_str(), ZIP_FL_ENC_RAW);
        if (index < 0) fail(za, "the part " + change.name + " vanished while patching");
        const auto i = static_cast<zip_uint64_t>(index);
        ++touched;
        if (!change.content) {
            if (zip_delete(za, i) != 0) fail(za, "cannot remove " + change.name);
            continue;
        }
        // The rewritten part keeps its original time stamp, so output is reproducible.
        zip_stat_t st;
        zip_stat_init(&st);
        const time_t mtime = zip_stat_index(za, i, 0, &st) == 0 && (st.valid & ZIP_STAT_MTIME)
                                 ? st.mtime
                                 : time_t{0};
        zip_source_t* source = make_deflated_source(za, *change.content, kDeflateLevel, mtime);
        if (source == nullptr) fail(za, "cannot prepare " + change.name);
        if (zip_file_replace(za, i, source, ZIP_FL_ENC_RAW) != 0) {
            zip_source_free(source);
            fail(za, "cannot replace " + change.name);
        }
    }
    if (zip_close(za) != 0) fail(za, "cannot write the patched package");
    fs::rename(temp.path(), output_path, ec);
    if (ec)
        throw ReadError(
            ErrorCode::output_failed, "",
            fmt::format("cannot move the result to {} ({})", output_path, ec.message()));
    temp.keep();
    parts_copied = entries - touched;
}

}  // namespace kpimap::detail
