#include "command.hpp"

namespace kpimap::cli {

std::unique_ptr<Command> make_inspect_command();
std::unique_ptr<Command> make_convert_command();
std::unique_ptr<Command> make_reconcile_command();
std::unique_ptr<Command> make_status_command();
std::unique_ptr<Command> make_report_command();
std::unique_ptr<Command> make_update_command();
std::unique_ptr<Command> make_return_command();
std::unique_ptr<Command> make_watch_command();
std::unique_ptr<Command> make_suggest_command();

std::vector<std::unique_ptr<Command>> make_commands() {
    std::vector<std::unique_ptr<Command>> out;
    out.push_back(make_inspect_command());
    out.push_back(make_convert_command());
    out.push_back(make_reconcile_command());
    out.push_back(make_status_command());
    out.push_back(make_report_command());
    out.push_back(make_update_command());
    out.push_back(make_return_command());
    out.push_back(make_watch_command());
    out.push_back(make_suggest_command());
    return out;
}

boost::program_options::options_description reader_options(ReadLimits& limits) {
    namespace po = boost::program_options;
    po::options_description d("Limits against hostile input");
    d.add_options()(
        "max-uncompressed-mb", po::value<std::uint64_t>()->notifier([&](std::uint64_t mb) {
            // Saturate instead of letting mb << 20 wrap to a tiny limit.
            const std::uint64_t bytes = mb > (UINT64_MAX >> 20) ? UINT64_MAX : mb << 20;
            limits.max_total_uncompressed = bytes;
            limits.max_part_uncompressed = std::min(limits.max_part_uncompressed, bytes);
        }),
        "stop when a workbook inflates past this many MiB (default 4096)")(
        "max-ratio", po::value<double>(&limits.max_compression_ratio),
        "stop when a part's compression ratio passes this (default 1000)")(
        "max-cells", po::value<std::uint64_t>(&limits.max_cells),
        "stop when a workbook holds more cells than this (default 50000000)")(
        "max-model-mb", po::value<std::uint64_t>()->notifier([&](std::uint64_t mb) {
            limits.max_model_bytes = mb > (UINT64_MAX >> 20) ? UINT64_MAX : mb << 20;
        }),
        "stop when a workbook's cells need more than this many MiB: 24 bytes a cell plus its "
        "text and formula (default 256)");
    return d;
}

boost::program_options::variables_map parse_command_line(
    const std::vector<std::string>& args,
    const boost::program_options::options_description& options, const char* positional_name,
    std::vector<std::string>& positional) {
    namespace po = boost::program_options;
    po::options_description all;
    all.add(options);
    all.add_options()(positional_name, po::value<std::vector<std::string>>(&positional), "inputs");
    po::positional_options_description by_position;
    by_position.add(positional_name, -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(by_position).run(), vm);
    po::notify(vm);
    return vm;
}

}  // namespace kpimap::cli
