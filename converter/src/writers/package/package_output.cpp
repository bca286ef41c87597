// Writes the patched package with libzip: the input is copied next to the output under a
// temporary name, the changed entries are replaced (or deleted) in place, and libzip's
// zip_close() rewrites the archive copying every untouched entry's compressed bytes as they
// are (no inflate, no deflate), in the original entry order. The temporary file is renamed onto
// the output only when everything succeeded.
#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <fmt/format.h>

#include <cstring>
#include <filesystem>

#include "kpimap/status.hpp"
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
        std::string pattern =
            (dir / ("." + fs::path(output).filename().string() + ".kpimap-XXXXXX")).string();
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
};

[[noreturn]] void fail(zip_t* za, const std::string& what) {
    std::string message = what;
    if (za != nullptr) {
        message += fmt::format(" ({})", zip_strerror(za));
        zip_discard(za);
    }
    throw ReadError(ErrorCode::output_failed, "", message);
}

}  // namespace

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
        zip_stat_t st;
        zip_stat_init(&st);
        const bool have_stat = zip_stat_index(za, i, 0, &st) == 0 && (st.valid & ZIP_STAT_MTIME);
        zip_source_t* source =
            zip_source_buffer(za, change.content->data(), change.content->size(), 0);
        if (source == nullptr) fail(za, "cannot prepare " + change.name);
        if (zip_file_replace(za, i, source, ZIP_FL_ENC_RAW) != 0) {
            zip_source_free(source);
            fail(za, "cannot replace " + change.name);
        }
        if (zip_set_file_compression(za, i, ZIP_CM_DEFLATE, 6) != 0)
            fail(za, "cannot compress " + change.name);
        // The rewritten part keeps its original time stamp, so output is reproducible.
        if (have_stat && zip_file_set_mtime(za, i, st.mtime, 0) != 0)
            fail(za, "cannot date " + change.name);
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
