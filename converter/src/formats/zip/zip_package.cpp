#include "formats/zip/zip_package.hpp"

#include <zip.h>

#include <fmt/format.h>

namespace kpimap::detail {

namespace {

std::string zip_error_text(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

}  // namespace

ZipPackage::ZipPackage(const std::string& path, const ReadLimits& limits) : limits_(limits) {
    int code = 0;
    archive_ = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (archive_ == nullptr) {
        throw ReadError(ErrorCode::corrupt_zip, "",
                        fmt::format("not a readable ZIP archive ({})", zip_error_text(code)));
    }
    const zip_int64_t count = zip_get_num_entries(archive_, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        if (name == nullptr) continue;
        names_.emplace_back(name);
        // Two entries with one name (or names differing only by case or separator): Excel
        // refuses such a package, and readers disagree about which entry wins.
        std::string key = normalise(name);
        if (!index_.emplace(key, static_cast<std::uint64_t>(i)).second &&
            ambiguous_.insert(std::move(key)).second)
            duplicates_.emplace_back(name);
    }
}

ZipPackage::~ZipPackage() {
    if (archive_ != nullptr) zip_discard(archive_);
}

std::string ZipPackage::normalise(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char c : name) {
        if (c == '\\') c = '/';
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out.push_back(c);
    }
    std::size_t start = out.find_first_not_of('/');
    return start == std::string::npos ? std::string() : out.substr(start);
}

std::optional<std::uint64_t> ZipPackage::find(std::string_view name) const {
    auto it = index_.find(normalise(name));
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

ZipPartStream ZipPackage::open(std::string_view name) {
    auto index = find(name);
    if (!index)
        throw ReadError(ErrorCode::missing_part, std::string(name),
                        "part not found in the package");
    if (is_ambiguous(name))
        throw ReadError(ErrorCode::corrupt_zip, std::string(name),
                        "the package holds two entries with this name, and which one is meant "
                        "cannot be told; re-save the workbook from Excel or LibreOffice");
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, *index, 0, &st) != 0)
        throw ReadError(ErrorCode::corrupt_zip, std::string(name), zip_strerror(archive_));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        throw ReadError(ErrorCode::encrypted, std::string(name), "the ZIP entry is encrypted");
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limits_.max_part_uncompressed)
        throw ReadError(ErrorCode::zip_bomb, std::string(name),
                        fmt::format("declares {} bytes uncompressed, over the limit of {}", st.size,
                                    limits_.max_part_uncompressed));
    zip_file* file = zip_fopen_index(archive_, *index, 0);
    if (file == nullptr) {
        const int code = zip_error_code_zip(zip_get_error(archive_));
        throw ReadError(
            code == ZIP_ER_COMPNOTSUPP ? ErrorCode::unsupported_format : ErrorCode::corrupt_zip,
            std::string(name), zip_strerror(archive_));
    }
    const std::uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    const std::uint64_t declared = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    return ZipPartStream(*this, file, names_.at(*index), compressed, declared);
}

std::string ZipPackage::read(std::string_view name, std::uint64_t max_bytes) {
    ZipPartStream stream = open(name);
    std::string out;
    char buffer[1 << 16];
    while (std::size_t n = stream.read(buffer, sizeof buffer)) {
        out.append(buffer, n);
        if (out.size() > max_bytes)
            throw ReadError(ErrorCode::too_large, stream.name(),
                            fmt::format("the part inflates past {} MiB, and it can only be read "
                                        "whole; if the file is genuine, raise --max-model-mb",
                                        max_bytes >> 20));
    }
    return out;
}

std::optional<std::string> ZipPackage::read_if_present(std::string_view name) {
    if (!contains(name)) return std::nullopt;
    return read(name);
}

ZipPartStream::ZipPartStream(ZipPackage& package, zip_file* file, std::string name,
                             std::uint64_t compressed, std::uint64_t declared)
    : package_(&package),
      file_(file),
      name_(std::move(name)),
      compressed_(compressed),
      declared_(declared) {}

ZipPartStream::ZipPartStream(ZipPartStream&& other) noexcept
    : package_(other.package_),
      file_(other.file_),
      name_(std::move(other.name_)),
      compressed_(other.compressed_),
      declared_(other.declared_),
      inflated_(other.inflated_) {
    other.file_ = nullptr;
}

ZipPartStream::~ZipPartStream() {
    if (file_ != nullptr) zip_fclose(file_);
}

std::size_t ZipPartStream::read(char* buffer, std::size_t size) {
    if (file_ == nullptr) return 0;
    const zip_int64_t n = zip_fread(file_, buffer, size);
    if (n < 0) {
        throw ReadError(ErrorCode::corrupt_zip, name_,
                        fmt::format("damaged compressed data ({})", zip_file_strerror(file_)),
                        static_cast<std::int64_t>(inflated_));
    }
    const auto got = static_cast<std::uint64_t>(n);
    inflated_ += got;
    package_->total_inflated_ += got;
    const ReadLimits& limits = package_->limits_;
    if (inflated_ > limits.max_part_uncompressed)
        throw ReadError(ErrorCode::zip_bomb, name_,
                        fmt::format("inflates past the per-part limit of {} bytes",
                                    limits.max_part_uncompressed));
    if (package_->total_inflated_ > limits.max_total_uncompressed)
        throw ReadError(ErrorCode::zip_bomb, name_,
                        fmt::format("the package inflates past the total limit of {} bytes",
                                    limits.max_total_uncompressed));
    if (inflated_ > limits.ratio_grace_bytes && compressed_ > 0 &&
        static_cast<double>(inflated_) / static_cast<double>(compressed_) >
            limits.max_compression_ratio)
        throw ReadError(ErrorCode::zip_bomb, name_,
                        fmt::format("compression ratio over {:g}:1 ({} bytes from {})",
                                    limits.max_compression_ratio, inflated_, compressed_));
    return static_cast<std::size_t>(got);
}

}  // namespace kpimap::detail
