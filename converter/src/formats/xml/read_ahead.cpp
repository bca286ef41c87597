#include "formats/xml/read_ahead.hpp"

#include <cstring>

// The build option KPIMAP_READ_AHEAD_THREAD (CMake): 0 where there are no threads to start.
#ifndef KPIMAP_READ_AHEAD_THREAD
#define KPIMAP_READ_AHEAD_THREAD 1
#endif

namespace kpimap::detail {

ReadAheadMode default_read_ahead_mode() noexcept {
    return KPIMAP_READ_AHEAD_THREAD ? ReadAheadMode::worker_thread : ReadAheadMode::inline_reads;
}

ReadAhead::ReadAhead(ByteSource source, std::size_t chunk_bytes, std::size_t depth,
                     ReadAheadMode mode)
    : source_(std::move(source)), chunk_bytes_(chunk_bytes), depth_(depth) {
    if (KPIMAP_READ_AHEAD_THREAD && mode == ReadAheadMode::worker_thread)
        worker_ = std::thread([this] { work(); });
}

ReadAhead::~ReadAhead() {
    if (!worker_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    worker_.join();
}

bool ReadAhead::pull(std::string& chunk) {
    {
        std::lock_guard lock(mutex_);
        if (!spare_.empty()) {
            chunk = std::move(spare_.back());
            spare_.pop_back();
        }
    }
    chunk.resize(chunk_bytes_);
    const std::size_t got = source_(chunk.data(), chunk.size());
    chunk.resize(got);
    return got > 0;
}

void ReadAhead::work() {
    try {
        for (;;) {
            std::string chunk;
            const bool more = pull(chunk);
            std::unique_lock lock(mutex_);
            if (!more) break;
            changed_.wait(lock, [&] { return stop_ || queue_.size() < depth_; });
            if (stop_) return;
            queue_.push_back(std::move(chunk));
            changed_.notify_all();
        }
    } catch (...) {
        std::lock_guard lock(mutex_);
        error_ = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    done_ = true;
    changed_.notify_all();
}

std::size_t ReadAhead::read(char* buffer, std::size_t size) {
    std::size_t written = 0;
    while (written < size) {
        if (current_pos_ == current_.size()) {
            if (!worker_.joinable() && !done_) {
                // Inline: the caller's thread queues one chunk as the worker would, and keeps
                // the source's error as the worker does, so it is thrown below and stays.
                try {
                    std::string chunk;
                    if (pull(chunk)) {
                        queue_.push_back(std::move(chunk));
                    } else {
                        done_ = true;
                    }
                } catch (...) {
                    error_ = std::current_exception();
                    done_ = true;
                }
            }
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return !queue_.empty() || done_; });
            if (queue_.empty()) {
                if (error_) std::rethrow_exception(error_);
                break;
            }
            // Chunks are recycled so steady state allocates (and page-faults) nothing.
            if (current_.capacity() > 0) spare_.push_back(std::move(current_));
            current_ = std::move(queue_.front());
            queue_.pop_front();
            current_pos_ = 0;
            changed_.notify_all();
        }
        const std::size_t n = std::min(size - written, current_.size() - current_pos_);
        std::memcpy(buffer + written, current_.data() + current_pos_, n);
        current_pos_ += n;
        written += n;
    }
    return written;
}

}  // namespace kpimap::detail
