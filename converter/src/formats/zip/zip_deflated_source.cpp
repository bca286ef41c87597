#include "formats/zip/zip_deflated_source.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <thread>
#include <vector>

// The build option KPIMAP_READ_AHEAD_THREAD (CMake): 0 where there are no threads to start.
#ifndef KPIMAP_READ_AHEAD_THREAD
#define KPIMAP_READ_AHEAD_THREAD 1
#endif

namespace kpimap::detail {

namespace {

constexpr std::size_t kBlockBytes = 4u << 20;  // deflated independently, in parallel

// A part compressed with raw deflate, served to libzip as compressed data with its CRC, so
// libzip stores it without recompressing.
struct DeflatedPart {
    std::string compressed;
    std::uint64_t size = 0;
    std::uint32_t crc = 0;
    time_t mtime = 0;
    std::uint64_t pos = 0;
    bool failed = false;  // zlib failed
    zip_error_t error;

    DeflatedPart(const std::string& content, int level, time_t when)
        : size(content.size()), mtime(when) {
        zip_error_init(&error);
        crc = static_cast<std::uint32_t>(
            crc32_z(0L, reinterpret_cast<const Bytef*>(content.data()), content.size()));
        // Large parts are deflated in fixed 4 MB blocks on up to four threads, as pigz does:
        // each block is primed with the 32 KB before it and all but the last end on a sync
        // flush, so the blocks concatenate into one deflate stream. The block size, not the
        // machine, decides the bytes, so the output is the same everywhere.
        const std::size_t blocks =
            std::max<std::size_t>(1, (content.size() + kBlockBytes - 1) / kBlockBytes);
        std::vector<std::string> outputs(blocks);
        std::vector<char> ok(blocks, 0);  // not vector<bool>: threads write neighbours
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            for (std::size_t b = next++; b < blocks; b = next++) {
                const std::size_t begin = b * kBlockBytes;
                const std::size_t end = std::min(content.size(), begin + kBlockBytes);
                const std::size_t window = std::min<std::size_t>(begin, 32768);
                ok[b] = deflate_block(std::string_view(content).substr(begin, end - begin),
                                      std::string_view(content).substr(begin - window, window),
                                      b + 1 == blocks, level, outputs[b]);
            }
        };
        // Without threads (KPIMAP_READ_AHEAD_THREAD off: the WebAssembly build) this thread
        // deflates every block, to the same bytes.
        const std::size_t threads =
            KPIMAP_READ_AHEAD_THREAD
                ? std::min<std::size_t>(
                      {blocks, 4, std::max(1u, std::thread::hardware_concurrency())})
                : 1;
        std::vector<std::thread> pool;
        for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (std::thread& t : pool) t.join();
        for (std::size_t b = 0; b < blocks; ++b) {
            if (!ok[b]) {
                failed = true;
                return;
            }
            compressed += outputs[b];
        }
    }

    // Raw deflate of `text` into `out`, its window primed with `dictionary`; ends the stream
    // when `last`, else on a byte boundary (sync flush). False when zlib fails.
    static bool deflate_block(std::string_view text, std::string_view dictionary, bool last,
                              int level, std::string& out) {
        z_stream z{};
        if (deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return false;
        if (!dictionary.empty() &&
            deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()),
                                 static_cast<uInt>(dictionary.size())) != Z_OK) {
            deflateEnd(&z);
            return false;
        }
        out.resize(deflateBound(&z, text.size()) + 64);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
        z.avail_in = static_cast<uInt>(text.size());
        int rc = Z_OK;
        while (true) {
            z.next_out = reinterpret_cast<Bytef*>(out.data() + z.total_out);
            z.avail_out = static_cast<uInt>(out.size() - z.total_out);
            rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
            if (rc == Z_STREAM_END || (rc == Z_OK && z.avail_out > 0 && z.avail_in == 0)) break;
            if (rc != Z_OK && rc != Z_BUF_ERROR) break;
            out.resize(out.size() * 2);  // more output than the bound allowed for: grow
        }
        out.resize(z.total_out);
        deflateEnd(&z);
        return last ? rc == Z_STREAM_END : rc == Z_OK;
    }

    static zip_int64_t callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        auto* self = static_cast<DeflatedPart*>(user);
        switch (cmd) {
            case ZIP_SOURCE_OPEN:
                self->pos = 0;
                return 0;
            case ZIP_SOURCE_READ: {
                const std::uint64_t n =
                    std::min<std::uint64_t>(len, self->compressed.size() - self->pos);
                std::memcpy(data, self->compressed.data() + self->pos, n);
                self->pos += n;
                return static_cast<zip_int64_t>(n);
            }
            case ZIP_SOURCE_CLOSE:
                return 0;
            case ZIP_SOURCE_STAT: {
                auto* st = static_cast<zip_stat_t*>(data);
                zip_stat_init(st);
                st->size = self->size;
                st->comp_size = self->compressed.size();
                st->comp_method = ZIP_CM_DEFLATE;
                st->crc = self->crc;
                st->mtime = self->mtime;
                st->valid |= ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
                             ZIP_STAT_CRC | ZIP_STAT_MTIME;
                return sizeof(zip_stat_t);
            }
            case ZIP_SOURCE_ERROR:
                return zip_error_to_data(&self->error, data, len);
            case ZIP_SOURCE_FREE:
                zip_error_fini(&self->error);
                delete self;
                return 0;
            case ZIP_SOURCE_SUPPORTS:
                return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
                                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
            default:
                zip_error_set(&self->error, ZIP_ER_OPNOTSUPP, 0);
                return -1;
        }
    }
};

}  // namespace

zip_source_t* make_deflated_source(zip_t* archive, const std::string& content, int level,
                                   time_t mtime) {
    auto* part = new DeflatedPart(content, level, mtime);
    zip_source_t* source =
        part->failed ? nullptr : zip_source_function(archive, &DeflatedPart::callback, part);
    if (source == nullptr) delete part;
    return source;
}

}  // namespace kpimap::detail
