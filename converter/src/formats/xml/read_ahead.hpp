// Overlaps decompression with parsing: a worker thread pulls chunks from a ByteSource into a
// small bounded queue while the caller parses the previous ones. On the 2-core machines the
// teams use, this hides most of the inflate time of a large sheet. Without threads (the
// WebAssembly build: KPIMAP_READ_AHEAD_THREAD=OFF) the same class reads each chunk when the
// parser asks for it, through the same queue, so both ways give the same bytes.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "formats/xml/xml_stream.hpp"

namespace kpimap::detail {

// How a ReadAhead reads: on its worker thread, or on the caller's when it asks for bytes.
enum class ReadAheadMode { worker_thread, inline_reads };

// The build's way: worker_thread unless built with KPIMAP_READ_AHEAD_THREAD off.
ReadAheadMode default_read_ahead_mode() noexcept;

class ReadAhead {
public:
    // Starts reading `source` (on a worker thread in worker_thread mode, when the build has
    // threads), keeping at most `depth` chunks queued.
    ReadAhead(ByteSource source, std::size_t chunk_bytes = 1u << 20, std::size_t depth = 4,
              ReadAheadMode mode = default_read_ahead_mode());
    // Stops the worker and waits for it.
    ~ReadAhead();
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;
    // Same contract as ByteSource; rethrows whatever the worker's source threw.
    std::size_t read(char* buffer, std::size_t size);

private:
    void work();
    // Reads the next chunk from the source into `chunk`; false at the end of the source.
    bool pull(std::string& chunk);
    ByteSource source_;
    std::size_t chunk_bytes_;
    std::size_t depth_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> queue_;
    std::vector<std::string> spare_;  // consumed chunks, reused by the worker
    std::string current_;
    std::size_t current_pos_ = 0;
    bool done_ = false;
    bool stop_ = false;
    std::exception_ptr error_;
    std::thread worker_;
};

}  // namespace kpimap::detail
