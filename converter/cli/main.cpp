// kpimap: the command-line shell over the core library. This is the only place that maps
// outcomes and errors (kpimap::Error) to exit codes (through exit_code_for(), exit_codes.hpp)
// and prints fix-it hints.
#include <fmt/format.h>

#include <csignal>
#include <iostream>

#include "kpimap/temp_files.hpp"

#include "command.hpp"
#include "exit_codes.hpp"
#include "output_paths.hpp"

namespace {

using namespace kpimap;
using namespace kpimap::cli;

// "kpimap COMMAND: error: WHERE: WHAT" and the line saying what to do next.
void print_error(const char* command, const Error& error, const char* kind = "error") {
    std::cerr << fmt::format("kpimap {}: {}: {}\n  what to do: {}\n", command, kind, error.text(),
                             error.hint());
}

void print_usage(std::ostream& os, const std::vector<std::unique_ptr<Command>>& commands) {
    os << "kpimap " KPIMAP_VERSION
          " - read, map and report UK health and care performance workbooks\n\n"
          "Usage: kpimap COMMAND [OPTIONS] [ARGS]\n"
          "       kpimap COMMAND --help\n\n"
          "Commands:\n";
    for (const auto& c : commands) os << fmt::format("  {:<10} {}\n", c->name(), c->summary());
    os << "\nOptions:\n  -h, --help     show this help\n  --version      show the version\n\n"
          "Exit codes: 0 ok, 1 ok with warnings, 2 an input could not be read, 3 no mapping fits,\n"
          "4 usage error, 5 internal error, 6 an output could not be written. See "
          "docs/commands/.\n";
}

// SIGINT/SIGTERM/SIGHUP during a write: the temporaries beside the outputs are removed, then
// the signal takes its default course (the exit status says which signal ended the run).
// Outputs are only ever renamed into place whole, so none is left half-written.
extern "C" void on_termination_signal(int signal_number) {
    remove_temporary_files();
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = on_termination_signal;
    sigemptyset(&action.sa_mask);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&action.sa_mask, s);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(s, &action, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
    install_signal_handlers();
    auto commands = make_commands();
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        if (args.size() >= 2) {
            for (const auto& c : commands)
                if (args[1] == c->name()) {
                    std::cout << c->help();
                    return exit_ok;
                }
        }
        print_usage(args.empty() ? std::cerr : std::cout, commands);
        return args.empty() ? exit_code_for(Error(ErrorCode::usage, "", "")) : exit_ok;
    }
    if (args[0] == "--version") {
        std::cout << "kpimap " KPIMAP_VERSION "\n";
        return exit_ok;
    }
    Command* command = nullptr;
    for (const auto& c : commands)
        if (args[0] == c->name()) command = c.get();
    if (command == nullptr) {
        std::cerr << fmt::format(
            "kpimap: unknown command '{}'\n  what to do: run 'kpimap --help' to list the "
            "commands\n",
            args[0]);
        return exit_code_for(Error(ErrorCode::usage, "", ""));
    }
    args.erase(args.begin());
    for (const std::string& a : args)
        if (a == "-h" || a == "--help") {
            std::cout << command->help();
            return exit_ok;
        }
    try {
        command->setup(args);
    } catch (const std::exception& e) {
        std::cerr << fmt::format(
            "kpimap {}: {}\n  what to do: run 'kpimap {} --help' for the options\n",
            command->name(), e.what(), command->name());
        return exit_code_for(Error(ErrorCode::usage, "", ""));
    }
    protect_inputs(command->input_files());
    RunOutcome outcome;
    try {
        outcome = command->run(std::cout);
    } catch (const OutputIsInputError& e) {
        const Error error{ErrorCode::output_is_input, "", e.what()};
        print_error(command->name(), error);
        return exit_code_for(error);
    } catch (const OutputError& e) {
        const Error error{ErrorCode::output_failed, "", e.what(),
                          "check that -o names a folder you can write to (not a file) "
                          "and that the disk has space"};
        print_error(command->name(), error);
        return exit_code_for(error);
    } catch (const std::exception& e) {
        const Error error{ErrorCode::internal, "", e.what()};
        print_error(command->name(), error, "internal error");
        return exit_code_for(error);
    }
    std::cout.flush();
    for (const Error& e : outcome.errors) print_error(command->name(), e);
    return exit_code_for(outcome);
}
