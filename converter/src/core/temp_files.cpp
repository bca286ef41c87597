// The registry is a fixed array of slots claimed with atomics, so a signal handler can walk it
// at any moment without locks or allocation.
#include "kpimap/temp_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace kpimap {

namespace {

constexpr int kSlots = 32;
constexpr std::size_t kMaxPath = 4096;

enum SlotState : int { slot_free = 0, slot_filling = 1, slot_ready = 2 };

struct Slot {
    std::atomic<int> state{slot_free};
    char folder[kMaxPath];
    char prefix[256];
};

Slot g_slots[kSlots];

#if defined(__linux__)
// The getdents64 record layout (linux_dirent64), read straight from the kernel's buffer.
struct LinuxDirent64 {
    ino64_t d_ino;
    off64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

void remove_matching(const char* folder, const char* prefix) noexcept {
    const int fd = ::open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    const std::size_t prefix_size = std::strlen(prefix);
    alignas(8) char buffer[8192];
    for (;;) {
        const long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (n <= 0) break;
        for (long at = 0; at < n;) {
            const auto* entry = reinterpret_cast<const LinuxDirent64*>(buffer + at);
            if (std::strncmp(entry->d_name, prefix, prefix_size) == 0)
                ::unlinkat(fd, entry->d_name, 0);
            at += entry->d_reclen;
        }
    }
    ::close(fd);
}
#else
// Elsewhere (the WebAssembly build: no raw system calls, and no signals to clean up after): the
// same removal through readdir.
void remove_matching(const char* folder, const char* prefix) noexcept {
    DIR* dir = ::opendir(folder);
    if (dir == nullptr) return;
    const std::size_t prefix_size = std::strlen(prefix);
    while (const dirent* entry = ::readdir(dir)) {
        if (std::strncmp(entry->d_name, prefix, prefix_size) == 0)
            ::unlinkat(::dirfd(dir), entry->d_name, 0);
    }
    ::closedir(dir);
}
#endif

}  // namespace

TemporaryFileGuard::TemporaryFileGuard(const std::string& path) noexcept {
    const std::size_t slash = path.rfind('/');
    const std::string_view folder = slash == std::string::npos
                                        ? std::string_view(".")
                                        : std::string_view(path).substr(0, slash + 1);
    const std::string_view name = slash == std::string::npos
                                      ? std::string_view(path)
                                      : std::string_view(path).substr(slash + 1);
    if (name.empty() || folder.size() >= kMaxPath || name.size() >= sizeof(Slot::prefix)) return;
    for (int i = 0; i < kSlots; ++i) {
        int expected = slot_free;
        if (!g_slots[i].state.compare_exchange_strong(expected, slot_filling)) continue;
        std::memcpy(g_slots[i].folder, folder.data(), folder.size());
        g_slots[i].folder[folder.size()] = '\0';
        std::memcpy(g_slots[i].prefix, name.data(), name.size());
        g_slots[i].prefix[name.size()] = '\0';
        g_slots[i].state.store(slot_ready);
        slot_ = i;
        return;
    }
}

TemporaryFileGuard::~TemporaryFileGuard() {
    if (slot_ >= 0) g_slots[slot_].state.store(slot_free);
}

void remove_temporary_files() noexcept {
    for (Slot& slot : g_slots)
        if (slot.state.load() == slot_ready) remove_matching(slot.folder, slot.prefix);
}

}  // namespace kpimap
