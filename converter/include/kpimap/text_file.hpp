// Reading a small text input (a mapping, an included catalogue, a crosswalk) whole.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kpimap {

// The whole content of the regular file at `path`; nullopt when it does not exist, is not a
// regular file (a folder), cannot be read or is larger than `max_bytes`. Never throws.
std::optional<std::string> read_text_file(const std::string& path,
                                          std::uintmax_t max_bytes = 64u << 20);

}  // namespace kpimap
