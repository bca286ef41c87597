#include "formats/xml/read_ahead.hpp"

#include <cstring>

namespace kpimap::detail {

ReadAhead::ReadAhead(ByteSource source, std::size_t chunk_bytes, std::size_t depth)
    : source_(std::move(source)), chunk_bytes_(chunk_bytes), depth_(depth) {
    worker_ = std::thread([this] { work(); });
}

ReadAhead::~ReadAhead() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    worker_.join();
}

void ReadAhead::work() {
    try {
        for (;;) {
            std::string chunk;
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
            std::unique_lock lock(mutex_);
            if (got == 0) break;
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
