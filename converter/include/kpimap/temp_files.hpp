// Temporary files a write keeps beside its output until it renames them into place. They are
// registered here so that a shell's SIGINT/SIGTERM handler can remove them: the core installs no
// handler and never exits; the shell calls remove_temporary_files() from its handler.
#pragma once

#include <string>

namespace kpimap {

// Registers, for its lifetime, every file of the folder of `path` whose name starts with the
// file name of `path`: the temporary itself and any temporary a library derives from its name
// (libzip writes "<name>.XXXXXX" beside the archive it closes). At most 32 at once; more, or a
// path longer than 4095 bytes, are not registered (the write itself still works).
class TemporaryFileGuard {
public:
    explicit TemporaryFileGuard(const std::string& path) noexcept;
    ~TemporaryFileGuard();
    TemporaryFileGuard(const TemporaryFileGuard&) = delete;
    TemporaryFileGuard& operator=(const TemporaryFileGuard&) = delete;

private:
    int slot_ = -1;
};

// Removes every registered temporary file now. Async-signal-safe (open, getdents64, unlinkat,
// close only): meant for a signal handler, which then ends the process itself.
void remove_temporary_files() noexcept;

}  // namespace kpimap
