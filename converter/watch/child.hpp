// One conversion in a child process: its own process group, stdin from /dev/null, stdout and
// stderr into a log file, an address-space limit (RLIMIT_AS) and a deadline after which the
// whole group is killed. A zip bomb, a hang or a crash ends the child, never the watcher.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace kpimap::watch {

using Clock = std::chrono::steady_clock;

struct ChildEnd {
    int exit_code = -1;      // when it exited
    int signal = 0;          // when a signal ended it
    bool timed_out = false;  // killed at its deadline
    double seconds = 0;
};

class Child {
public:
    // Starts `argv` (argv[0] an absolute path). Returns false with `error` when fork fails.
    bool start(const std::vector<std::string>& argv, const std::filesystem::path& log,
               std::uint64_t memory_limit, std::chrono::milliseconds time_limit,
               std::error_code& error);
    // Checks without blocking whether the child has ended (killing it past its deadline);
    // true once it has, with `end` filled in.
    bool poll(ChildEnd& end);
    // Kills the child's process group.
    void kill();
    pid_t pid() const noexcept { return pid_; }

private:
    pid_t pid_ = -1;
    Clock::time_point started_;
    Clock::time_point deadline_;
    bool killed_ = false;
};

}  // namespace kpimap::watch
