#include "durable_fs.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <memory>

namespace kpimap::watch {

namespace fs = std::filesystem;

namespace {

std::error_code last_error() {
    return {errno, std::generic_category()};
}

}  // namespace

std::error_code rename_no_replace(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::create_directories(to.parent_path(), ec);
    if (ec) return ec;
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) != 0)
        return last_error();
    return {};
}

std::error_code replace_folder(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::create_directories(to.parent_path(), ec);
    if (ec) return ec;
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return sync_path(to.parent_path());
    if (errno != EEXIST) return last_error();
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) != 0)
        return last_error();
    ec = sync_path(to.parent_path());
    fs::remove_all(from, ec);  // the old outputs; ours to delete
    return {};
}

std::error_code sync_path(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return last_error();
    std::error_code ec;
    if (::fsync(fd) != 0) ec = last_error();
    ::close(fd);
    return ec;
}

std::error_code sync_tree(const fs::path& dir) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (const std::error_code e = sync_path(it->path())) return e;
    if (ec) return ec;
    return sync_path(dir);
}

std::error_code write_durably(const fs::path& path, const std::string& text) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return ec;
    const fs::path temporary = path.string() + ".partial";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return last_error();
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            ec = last_error();
            break;
        }
        written += static_cast<std::size_t>(n);
    }
    if (!ec && ::fsync(fd) != 0) ec = last_error();
    ::close(fd);
    if (!ec && ::rename(temporary.c_str(), path.c_str()) != 0) ec = last_error();
    if (ec) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return ec;
    }
    return sync_path(path.parent_path());
}

std::string sha256_file(const fs::path& path, std::error_code& error) {
    error.clear();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = last_error();
        return {};
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::array<unsigned char, 1 << 16> buffer;
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            error = last_error();
            ::close(fd);
            return {};
        }
        if (n == 0) break;
        EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    static const char* const hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

fs::path free_name(const fs::path& dir, const std::string& name, long long first) {
    fs::path candidate = dir / name;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(candidate, ec))) return candidate;
    const fs::path p(name);
    for (long long n = first;; ++n) {
        candidate = dir / p.parent_path() /
                    (p.stem().string() + "." + std::to_string(n) + p.extension().string());
        if (!fs::exists(fs::symlink_status(candidate, ec))) return candidate;
    }
}

}  // namespace kpimap::watch
