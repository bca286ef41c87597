// A path in the system's temporary folder that no other process uses.
#pragma once

#include <filesystem>
#include <string>

#include <unistd.h>

namespace kpimap::test_support {

// `name` inside the temporary folder, prefixed with this process's id: copies of the suite run at
// once (several worktrees, repeated ctest runs) otherwise overwrite each other's files.
inline std::filesystem::path unique_temp_path(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("kpimap_" + std::to_string(::getpid()) + "_" + name);
}

}  // namespace kpimap::test_support
