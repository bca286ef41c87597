// The shape every kpimap command has (after osmium-tool): setup() parses and validates the
// arguments without touching any file; run() does the work and reports what happened, errors
// included (run_outcome.hpp). Only main() turns outcomes and errors into exit codes
// (exit_codes.hpp) and prints the fix-it hints.
#pragma once

#include <boost/program_options.hpp>

#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kpimap/error.hpp"
#include "kpimap/reader.hpp"
#include "run_outcome.hpp"

namespace kpimap::cli {

// An output that could not be written (a folder that is a file, a full disk, no permission);
// main() reports it as an output_failed error.
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A command-line mistake; main() prints it with the command's --help hint (a usage error).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Command {
public:
    virtual ~Command() = default;
    // The name used on the command line, e.g. "inspect".
    virtual const char* name() const = 0;
    // One line for `kpimap --help`.
    virtual const char* summary() const = 0;
    // Full help text for `kpimap COMMAND --help`.
    virtual std::string help() const = 0;
    // Parses and validates arguments; no I/O. Throws UsageError.
    virtual void setup(const std::vector<std::string>& args) = 0;
    // Does the work, writing results to `out`. Throws only for bugs.
    virtual RunOutcome run(std::ostream& out) = 0;
    // The files run() reads (after setup()); main() refuses any output that names one of them.
    virtual std::vector<std::string> input_files() const { return {}; }
};

// All commands, in the order `kpimap --help` lists them.
std::vector<std::unique_ptr<Command>> make_commands();

// Options every reading command accepts: limits against hostile input.
boost::program_options::options_description reader_options(ReadLimits& limits);

// Parses `args` against `options`, every positional argument going into `positional` (stored
// under the hidden option `positional_name`); throws what boost reports for a wrong option.
boost::program_options::variables_map parse_command_line(
    const std::vector<std::string>& args,
    const boost::program_options::options_description& options, const char* positional_name,
    std::vector<std::string>& positional);

}  // namespace kpimap::cli
