#include "workbook_inputs.hpp"

#include "output_paths.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include <stdexcept>
#include "kpimap/temp_files.hpp"

namespace kpimap::cli {

namespace po = boost::program_options;

namespace {

// An argument as a shell reads it back: quoted when it holds anything but plain path characters.
std::string shell_word(const std::string& text) {
    const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("/._-+:,=@").find(c) != std::string_view::npos;
    });
    if (plain) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string default_mappings_dir() {
    std::error_code ec;
    if (std::filesystem::is_directory("mappings", ec)) return "mappings";
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const std::filesystem::path bundled =
            self.parent_path().parent_path() / "share" / "kpimap" / "mappings";
        if (std::filesystem::is_directory(bundled, ec)) return bundled.string();
    }
    return "mappings";
}

std::string MappingSource::as_options() const {
    if (!file.empty()) return " --mapping " + shell_word(file);
    if (dir != MappingSource{}.dir) return " --mappings " + shell_word(dir);
    return {};
}

po::options_description mapping_options(MappingSource& source) {
    po::options_description d("Mappings");
    d.add_options()("mapping", po::value<std::string>(&source.file),
                    "use this mapping file for every workbook")(
        "mappings", po::value<std::string>(&source.dir)->default_value(source.dir),
        "folder of mappings to choose from by detection");
    return d;
}

void check_mapping_options(const MappingSource& source, const po::variables_map& vm) {
    if (!source.file.empty() && vm.count("mappings") && !vm["mappings"].defaulted())
        throw UsageError("give either --mapping or --mappings, not both");
}

bool load_mapping_inputs(const std::string& mapping_file, const std::string& mappings_dir,
                         std::vector<Mapping>& mappings, RunOutcome& outcome) {
    const std::size_t errors_before = outcome.errors.size();
    std::vector<MappingLoadResult> loaded;
    if (!mapping_file.empty())
        loaded.push_back(load_mapping(mapping_file));
    else
        loaded = load_mappings_in(mappings_dir);
    for (MappingLoadResult& r : loaded) {
        outcome.errors.insert(outcome.errors.end(), r.errors.begin(), r.errors.end());
        if (r.mapping) mappings.push_back(std::move(*r.mapping));
    }
    // Two files with one id would make reports ambiguous about which mapping read a workbook.
    for (std::size_t i = 0; i < mappings.size(); ++i)
        for (std::size_t j = i + 1; j < mappings.size(); ++j)
            if (mappings[i].id == mappings[j].id)
                outcome.errors.push_back(
                    {ErrorCode::mapping_id_repeated, "",
                     fmt::format("mappings {} and {} have the same id '{}'", mappings[i].path,
                                 mappings[j].path, mappings[i].id)});
    if (mappings.empty() && outcome.errors.size() == errors_before)
        outcome.errors.push_back({ErrorCode::no_mappings, "",
                                  fmt::format("no mapping files found in '{}'", mappings_dir)});
    return outcome.errors.size() == errors_before;
}

Error no_fit_error(const std::string& path, const MappingChoice& choice) {
    std::string list;
    for (const MappingScore& s : choice.scores) {
        list += fmt::format("\n    {} ({}): {} of {} detection rules, {} needed", s.mapping_id,
                            s.path, s.score, s.rules, s.min_score);
        for (const std::string& miss : s.missed) list += fmt::format("\n      missing {}", miss);
    }
    const bool ambiguous = choice.outcome == MappingChoice::Outcome::ambiguous;
    return {
        ErrorCode::no_mapping_fits, path,
        fmt::format("{}; candidates:{}",
                    ambiguous ? "two mappings fit equally well" : "no mapping fits this workbook",
                    list),
        ambiguous ? "pass --mapping FILE to choose one, or make the detection rules of "
                    "one mapping stricter"
                  : fmt::format("pass --mapping FILE if one of these is meant for it, "
                                "or let 'kpimap suggest {} -o mapping.xml' draft a "
                                "mapping for this layout (docs/commands/suggest.md)",
                                path)};
}

std::optional<WorkbookInput> read_workbook_input(const std::string& path,
                                                 const std::vector<Mapping>& mappings,
                                                 bool single_mapping, const ReadOptions& options,
                                                 RunOutcome& outcome) {
    LoadResult loaded = load_workbook(path, options);
    if (!loaded) {
        outcome.errors.push_back(std::move(loaded.status));
        return std::nullopt;
    }
    WorkbookInput input{std::move(*loaded.workbook), &mappings.front()};
    if (!single_mapping) {
        const MappingChoice choice = choose_mapping(input.workbook, mappings);
        if (choice.outcome != MappingChoice::Outcome::chosen) {
            outcome.errors.push_back(no_fit_error(path, choice));
            return std::nullopt;
        }
        input.mapping = choice.mapping;
    }
    return input;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    write_file_with(path, [&](std::ostream& out) { out << text; });
}

// Written under a temporary name in the same folder and renamed into place when complete, so
// an interrupted run (a signal, a full disk) never leaves a half-written output; the
// temporary is registered for the signal handler main() installs.
void write_file_with(const std::filesystem::path& path,
                     const std::function<void(std::ostream&)>& write) {
    check_not_input(path);
    const std::filesystem::path temporary =
        path.parent_path() /
        fmt::format(".{}.kpimap-{}.tmp", path.filename().string(), static_cast<long>(::getpid()));
    const TemporaryFileGuard on_signal(temporary.string());
    std::error_code ec;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (out) write(out);
        out.flush();
        if (!out) {
            std::filesystem::remove(temporary, ec);
            throw OutputError(fmt::format("cannot write {}", path.string()));
        }
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw OutputError(fmt::format("cannot write {} ({})", path.string(), ec.message()));
    }
}

void make_output_dir(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec || !std::filesystem::is_directory(path))
        throw OutputError(fmt::format("cannot create the output folder {} ({})", path.string(),
                                      ec ? ec.message() : "a file of that name is in the way"));
}

void make_parent_dir(const std::filesystem::path& file) {
    if (const std::filesystem::path parent = file.parent_path(); !parent.empty()) {
        std::error_code ignored;
        std::filesystem::create_directories(parent, ignored);
    }
}

}  // namespace kpimap::cli
