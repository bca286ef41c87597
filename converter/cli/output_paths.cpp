// Inputs are compared by (device, inode), not by name: "./a.xlsx", "dir/../a.xlsx", a symlink
// and a hard link to a.xlsx are all a.xlsx.
#include "output_paths.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <utility>

namespace kpimap::cli {

namespace {

struct InputFile {
    dev_t device;
    ino_t inode;
    std::string path;
};

std::vector<InputFile>& inputs() {
    static std::vector<InputFile> files;
    return files;
}

}  // namespace

void protect_inputs(const std::vector<std::string>& paths) {
    for (const std::string& path : paths) {
        struct stat st {};
        if (!path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
            inputs().push_back({st.st_dev, st.st_ino, path});
    }
}

std::optional<std::string> input_named_by(const std::filesystem::path& output) {
    struct stat st {};
    if (::stat(output.c_str(), &st) != 0) return std::nullopt;  // nothing there yet
    for (const InputFile& in : inputs())
        if (in.device == st.st_dev && in.inode == st.st_ino) return in.path;
    return std::nullopt;
}

void check_not_input(const std::filesystem::path& output) {
    if (auto input = input_named_by(output))
        throw OutputIsInputError(
            fmt::format("the output {} is the input {} (the same file); nothing was written",
                        output.string(), *input));
}

std::optional<Error> output_is_input_error(const std::filesystem::path& output) {
    try {
        check_not_input(output);
    } catch (const OutputIsInputError& e) {
        return Error{ErrorCode::output_is_input, "", e.what()};
    }
    return std::nullopt;
}

}  // namespace kpimap::cli
