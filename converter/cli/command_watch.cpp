// kpimap watch: the watched folder. A thin shell over converter/watch: it builds the
// conversion command (this kpimap's own convert), prints the watcher's events as JSON lines on
// stderr, and turns SIGTERM/SIGINT into a clean stop and SIGHUP into a reload.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#if KPIMAP_WITH_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "command.hpp"
#include "kpimap/watch.hpp"
#include "workbook_inputs.hpp"

namespace kpimap::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace std::chrono;

std::atomic<bool> stop_requested{false};
std::atomic<bool> reload_requested{false};
std::atomic<bool> leave_loop{false};

extern "C" void on_stop(int) {
    stop_requested = true;
    leave_loop = true;
}
extern "C" void on_reload(int) {
    reload_requested = true;
    leave_loop = true;
}

// Tells systemd (Type=notify) what the service is doing; nothing outside systemd.
void notify_systemd([[maybe_unused]] const std::string& state) {
#if KPIMAP_WITH_SYSTEMD
    sd_notify(0, state.c_str());
#endif
}

std::string utc_now_precise() {
    const auto now = system_clock::now();
    const std::time_t t = system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    return fmt::format("{}.{:03}Z", text, ms);
}

// One JSON object per line, for journald and for scripts.
void log_event(const watch::Event& e) {
    nlohmann::json line = {
        {"time", utc_now_precise()}, {"event", watch::event_kind_name(e.kind)}, {"file", e.file}};
    if (!e.detail.empty()) line["detail"] = e.detail;
    if (!e.hash.empty()) line["sha256"] = e.hash;
    if (e.seconds >= 0) line["seconds"] = std::round(e.seconds * 1000) / 1000;
    std::cerr << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    std::cerr.flush();
}

class WatchCommand final : public Command {
public:
    const char* name() const override { return "watch"; }
    const char* summary() const override {
        return "convert every workbook dropped into a folder, exactly once";
    }

    std::string help() const override {
        std::ostringstream os;
        os << "Usage: kpimap watch ROOT [--once | --status] [OPTIONS]\n\n"
              "Watches ROOT/inbox/ (and its sub-folders; inotify, with a full scan every 30 s,\n"
              "or a scan every --poll seconds). A file is taken once its size and\n"
              "modification time have held still for --settle seconds (Excel's ~$ files,\n"
              "LibreOffice's .~lock files, dot-files, *.tmp and *.partial are never taken;\n"
              "empty files wait), claimed by renaming it into ROOT/processing/, and converted by\n"
              "'kpimap convert' in a child process with a memory and a time limit:\n"
              "  ROOT/out/NAME/        the outputs of 'kpimap convert' (model.json, CSVs,\n"
              "                        diagnostics)\n"
              "  ROOT/done/NAME        the source, once its outputs are in place\n"
              "  ROOT/failed/NAME      a source that could not be converted, beside\n"
              "                        NAME.error.txt (why, and what to do)\n"
              "  ROOT/duplicates/NAME  the same content under the same name, converted before\n"
              "  ROOT/superseded/NAME  an older version replaced in done/ by a newer one\n"
              "  ROOT/ledger.sqlite    every file, keyed on its content hash and name\n"
              "  ROOT/out/_combined/   after each batch: the reconciled model of everything in\n"
              "                        done/ ('kpimap reconcile') and report.xlsx ('kpimap\n"
              "                        report'), replaced at once; sources.txt lists its files\n"
              "A stopped or killed watcher loses nothing: at start-up, what was left in\n"
              "processing/ is finished or converted again. One JSON line per event goes to\n"
              "stderr. SIGTERM or SIGINT finishes the conversions under way and exits 0; SIGHUP\n"
              "reads --config again (mappings are read afresh for every file anyway).\n\n"
           << options()
           << "\nThe --config file holds the same options as 'name = value' lines (e.g.\n"
              "'workers = 2'); options on the command line win.\n\n"
              "Exit codes: 0 done (or stopped by SIGTERM), 1 with --once: some file went to\n"
              "failed/, 4 usage error, 2 --status on a folder with no ledger, 6 ROOT cannot be\n"
              "set up.\n"
              "Example: kpimap watch /srv/kpi --once\n";
        return os.str();
    }

    void setup(const std::vector<std::string>& args) override {
        args_ = args;
        std::vector<std::string> roots;
        vm_ = parse_command_line(args, options(), "root", roots);
        if (roots.size() != 1) throw UsageError("give exactly one ROOT folder");
        root_ = roots.front();
        if (once_ && status_) throw UsageError("--once and --status do not go together");
        check_mapping_options(mappings_, vm_);
        if (!config_.empty()) read_config();
        check_values();
    }

    RunOutcome run(std::ostream& out) override {
        RunOutcome outcome;
        if (status_) return print_status(out);
        watch::WatchOptions options = watch_options();
        std::int64_t failed = 0;
        watch::Watcher watcher(options, [&](const watch::Event& e) {
            if (e.kind == watch::EventKind::failed) ++failed;
            log_event(e);
        });
        try {
            watcher.open();
            if (once_) {
                const std::size_t waiting = watcher.run_once(milliseconds(max_wait_ms()));
                out << fmt::format("{}: {} file(s) failed; {} still waiting in inbox/\n", root_,
                                   failed, waiting);
                outcome.warnings = failed > 0;
                return outcome;
            }
            install_handlers();
            notify_systemd(fmt::format("READY=1\nSTATUS=watching {}/inbox", options.root.string()));
            while (!stop_requested) {
                leave_loop = false;
                watcher.run(leave_loop);
                if (reload_requested.exchange(false)) {
                    notify_systemd("RELOADING=1");
                    reload(watcher);
                    notify_systemd("READY=1");
                }
            }
            notify_systemd("STOPPING=1");
        } catch (const watch::WatchError& e) {
            outcome.errors.push_back({ErrorCode::output_failed, "", e.what(), e.hint()});
        }
        return outcome;
    }

private:
    po::options_description options() const {
        auto* self = const_cast<WatchCommand*>(this);
        po::options_description d("Options");
        d.add(mapping_options(self->mappings_));
        d.add_options()("once", po::bool_switch(&self->once_),
                        "convert what is in inbox/ and exit (for cron and tests)")(
            "status", po::bool_switch(&self->status_),
            "summarise the ledger: converted, failed, duplicates, waiting, latest errors")(
            "workers", po::value<int>(&self->workers_)->default_value(1), "conversions at once")(
            "poll", po::value<double>(&self->poll_seconds_),
            "scan inbox/ every this many seconds instead of waiting for inotify (for network "
            "shares, where inotify does not fire)")(
            "settle", po::value<double>(&self->settle_seconds_)->default_value(2.0),
            "seconds a file's size and time must hold still before it is taken")(
            "memory-limit-mb", po::value<std::uint64_t>(&self->memory_mb_)->default_value(2048),
            "address-space limit of each conversion, MiB (0: none)")(
            "time-limit", po::value<double>(&self->time_limit_seconds_)->default_value(300),
            "seconds a conversion may take before it is stopped")(
            "max-wait", po::value<double>(&self->max_wait_seconds_)->default_value(30),
            "with --once: seconds to wait for files still being written")(
            "crosswalk", po::value<std::string>(&self->crosswalk_),
            "confirmed identities for the combined output (as 'kpimap reconcile')")(
            "no-combined", po::bool_switch(&self->no_combined_), "do not make out/_combined/")(
            "config", po::value<std::string>(&self->config_), "read options from this file");
        return d;
    }

    void read_config() {
        po::options_description file_options;
        file_options.add(options());
        try {
            po::store(po::parse_config_file<char>(config_.c_str(), file_options), vm_);
            po::notify(vm_);
        } catch (const po::reading_file&) {
            throw UsageError(fmt::format("cannot read the config file {}", config_));
        }
    }

    void check_values() const {
        if (workers_ < 1 || workers_ > 64) throw UsageError("--workers must be 1 to 64");
        if (vm_.count("poll") && !(poll_seconds_ > 0))
            throw UsageError("--poll must be more than 0 seconds");
        if (!(settle_seconds_ >= 0)) throw UsageError("--settle must be 0 seconds or more");
        if (!(time_limit_seconds_ > 0)) throw UsageError("--time-limit must be more than 0");
        if (!(max_wait_seconds_ >= 0)) throw UsageError("--max-wait must be 0 or more");
    }

    long max_wait_ms() const { return static_cast<long>(max_wait_seconds_ * 1000); }

    watch::WatchOptions watch_options() const {
        watch::WatchOptions o;
        o.root = fs::absolute(root_);
        // The conversion is this very binary's convert command, so a watcher and the command
        // line always agree.
        std::error_code ec;
        fs::path self = fs::read_symlink("/proc/self/exe", ec);
        o.converter = {self.string(), "convert"};
        if (!mappings_.file.empty()) {
            o.converter.push_back("--mapping");
            o.converter.push_back(fs::absolute(mappings_.file).string());
        } else {
            o.converter.push_back("--mappings");
            o.converter.push_back(fs::absolute(mappings_.dir).string());
        }
        o.settle = milliseconds(static_cast<long>(settle_seconds_ * 1000));
        o.memory_limit = memory_mb_ << 20;
        o.time_limit = milliseconds(static_cast<long>(time_limit_seconds_ * 1000));
        o.workers = workers_;
        // The combined output: this kpimap's reconcile and report over every model in done/.
        if (!no_combined_) {
            std::vector<std::string> crosswalk;
            if (!crosswalk_.empty()) crosswalk = {"--crosswalk", fs::absolute(crosswalk_).string()};
            // reconcile reads workbooks (the sources in done/), report reads the models.
            watch::WatchOptions::CombineStep reconcile{
                {self.string(), "reconcile", "--mappings", fs::absolute(mappings_.dir).string()},
                "",
                true};
            if (!mappings_.file.empty())
                reconcile.argv = {self.string(), "reconcile", "--mapping",
                                  fs::absolute(mappings_.file).string()};
            watch::WatchOptions::CombineStep report{{self.string(), "report"}, "report.xlsx"};
            for (auto* step : {&reconcile, &report})
                step->argv.insert(step->argv.end(), crosswalk.begin(), crosswalk.end());
            o.combine = {reconcile, report};
        }
        // Without --poll, inotify wakes the watcher and a full scan runs every 30 s anyway.
        o.inotify = poll_seconds_ <= 0;
        o.rescan =
            o.inotify ? milliseconds(30000) : milliseconds(static_cast<long>(poll_seconds_ * 1000));
        return o;
    }

    void install_handlers() {
        struct sigaction stop {};
        stop.sa_handler = on_stop;
        sigemptyset(&stop.sa_mask);
        sigaction(SIGTERM, &stop, nullptr);
        sigaction(SIGINT, &stop, nullptr);
        struct sigaction reload {};
        reload.sa_handler = on_reload;
        sigemptyset(&reload.sa_mask);
        sigaction(SIGHUP, &reload, nullptr);
    }

    void reload(watch::Watcher& watcher) {
        if (!config_.empty()) {
            try {
                std::vector<std::string> roots;
                vm_ = parse_command_line(args_, options(), "root", roots);
                read_config();
                check_values();
            } catch (const std::exception& e) {
                log_event({watch::EventKind::warning, "",
                           fmt::format("reload: {}; the previous settings stay", e.what()), "",
                           -1});
                return;
            }
        }
        watcher.set_converter(watch_options().converter);
        log_event({watch::EventKind::reloaded, "", "read the configuration again", "", -1});
    }

    RunOutcome print_status(std::ostream& out) const {
        RunOutcome outcome;
        try {
            const watch::WatchSummary s = watch::read_summary(root_);
            out << fmt::format(
                "{}: {} converted, {} failed, {} duplicate(s); {} waiting in inbox/, {} in "
                "processing/\n",
                root_, s.done, s.failed, s.duplicates, s.waiting, s.processing);
            if (s.combined_at.empty())
                out << "No combined output yet (out/_combined/ is made after a batch).\n";
            else
                out << fmt::format(
                    "Combined output: out/_combined/ made {} from the {} file(s) in done/\n",
                    s.combined_at, s.combined_sources);
            if (!s.latest_errors.empty()) out << "Latest errors:\n";
            for (const watch::LedgerEntry& e : s.latest_errors)
                out << fmt::format("  {}  {}: {}\n", e.finished_at, e.name, e.reason);
            if (!s.latest.empty()) out << "Latest files:\n";
            for (const watch::LedgerEntry& e : s.latest)
                out << fmt::format("  {}  {} {}\n", e.finished_at, e.state, e.name);
        } catch (const watch::WatchError& e) {
            outcome.errors.push_back({ErrorCode::io_error, "", e.what(), e.hint()});
        }
        return outcome;
    }

    std::vector<std::string> args_;
    std::string root_;
    MappingSource mappings_;
    po::variables_map vm_;
    bool once_ = false;
    bool status_ = false;
    int workers_ = 1;
    double poll_seconds_ = 0;  // 0: inotify
    double settle_seconds_ = 2.0;
    std::uint64_t memory_mb_ = 2048;
    double time_limit_seconds_ = 300;
    double max_wait_seconds_ = 30;
    std::string config_;
    std::string crosswalk_;
    bool no_combined_ = false;
};

}  // namespace

std::unique_ptr<Command> make_watch_command() {
    return std::make_unique<WatchCommand>();
}

}  // namespace kpimap::cli
