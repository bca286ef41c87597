// Inputs shared by the commands that convert workbooks (convert, reconcile, status): loading the
// mapping files, reading each workbook and choosing its mapping, with every problem turned into
// an Error that says what to do next. No printing here; main() reports the errors.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "kpimap/convert.hpp"
#include "kpimap/mapping.hpp"

namespace kpimap::cli {

// The --mappings default: "mappings" in the current folder when there is one (a checkout),
// otherwise the mappings bundled with an installed kpimap (PREFIX/share/kpimap/mappings beside
// PREFIX/bin/kpimap) when they are there, otherwise "mappings".
std::string default_mappings_dir();

// Where the mappings come from: one file for every workbook, or a folder to detect from.
struct MappingSource {
    std::string file;
    std::string dir = default_mappings_dir();
    // The options that choose these mappings again in another command, with a leading space:
    // " --mapping FILE", " --mappings DIR" for a folder other than the default, or "".
    std::string as_options() const;
};

// The --mapping FILE and --mappings DIR options, bound to `source`.
boost::program_options::options_description mapping_options(MappingSource& source);

// Throws UsageError when both --mapping and --mappings were given.
void check_mapping_options(const MappingSource& source,
                           const boost::program_options::variables_map& vm);

// Loads --mapping FILE (when not empty) or every mapping in --mappings DIR into `mappings`.
// Each mapping error goes into `outcome` (and two mappings with one id, or none at all); false
// when there was any.
bool load_mapping_inputs(const std::string& mapping_file, const std::string& mappings_dir,
                         std::vector<Mapping>& mappings, RunOutcome& outcome);

// The no_mapping_fits error for a workbook that no mapping fits, or that two fit equally, listing
// the candidates with their scores and missed rules, and what to do about it.
Error no_fit_error(const std::string& path, const MappingChoice& choice);

// A workbook read and the mapping chosen for it.
struct WorkbookInput {
    Workbook workbook;
    const Mapping* mapping = nullptr;
};

// Reads `path` and picks its mapping: the single mapping when `single_mapping` (--mapping),
// otherwise by detection. On an error records it in `outcome` and returns nullopt.
std::optional<WorkbookInput> read_workbook_input(const std::string& path,
                                                 const std::vector<Mapping>& mappings,
                                                 bool single_mapping, const ReadOptions& options,
                                                 RunOutcome& outcome);

// Writes a whole file; throws OutputError when it cannot, OutputIsInputError when `path` is an
// input of the run (output_paths.hpp).
void write_file(const std::filesystem::path& path, const std::string& text);

// Writes a file through `write`, piece by piece (for outputs too large to hold as one string);
// throws OutputError when it cannot.
void write_file_with(const std::filesystem::path& path,
                     const std::function<void(std::ostream&)>& write);

// Creates an output folder (and its parents); throws OutputError when it cannot.
void make_output_dir(const std::filesystem::path& path);

// Creates the folder an output file goes into when it is missing, as -o folders are made; when
// it cannot be made, the write that follows fails and says so with its own hint.
void make_parent_dir(const std::filesystem::path& file);

}  // namespace kpimap::cli
