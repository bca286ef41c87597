// No output of a command ever names one of its inputs: the files a command reads are recorded
// by device and inode (so a symlink or a hard link to an input is the input), and every output
// is checked against them before it is written. main() records the inputs after setup().
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.hpp"

namespace kpimap::cli {

// An output path that names an input; main() reports it as an output_is_input error.
class OutputIsInputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Records the files a run reads (paths that do not exist yet are ignored).
void protect_inputs(const std::vector<std::string>& paths);

// The input that `output` names (the same file through any path, symlink or hard link), or
// nullopt when writing `output` replaces no input.
std::optional<std::string> input_named_by(const std::filesystem::path& output);

// Throws OutputIsInputError when `output` names an input.
void check_not_input(const std::filesystem::path& output);

// The output_is_input error for an output that names an input, or nullopt when it does not.
std::optional<Error> output_is_input_error(const std::filesystem::path& output);

}  // namespace kpimap::cli
