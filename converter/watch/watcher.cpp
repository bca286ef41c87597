// The watcher: readiness, claim, conversion in a child, and the commit order that makes every
// file count exactly once:
//   1. claim: inbox/NAME is renamed to processing/NAME (atomic; never replaces);
//   2. the ledger records the claim (state processing) with the content hash;
//   3. the child converts into ROOT/.work/<row>/; its outputs are fsynced and renamed into
//      out/NAME/ (or failed/NAME.error.txt is written, fsynced and renamed);
//   4. the ledger records the outcome and where the source goes;
//   5. the source is renamed to done/, failed/ or duplicates/ and the ledger row is settled.
// A crash between any two steps is repaired by open(): a row with an outcome finishes its move;
// a file in processing/ without one is converted again (its outputs replace any half-made
// ones), so nothing is lost and nothing counts twice.
#include <fmt/format.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "child.hpp"
#include "durable_fs.hpp"
#include "kpimap/watch.hpp"
#include "ledger.hpp"

namespace kpimap::watch {

namespace fs = std::filesystem;

const char* event_kind_name(EventKind kind) noexcept {
    switch (kind) {
        case EventKind::seen:
            return "seen";
        case EventKind::ready:
            return "ready";
        case EventKind::claimed:
            return "claimed";
        case EventKind::done:
            return "done";
        case EventKind::failed:
            return "failed";
        case EventKind::duplicate:
            return "duplicate";
        case EventKind::requeued:
            return "requeued";
        case EventKind::recovered:
            return "recovered";
        case EventKind::warning:
            return "warning";
        case EventKind::reloaded:
            return "reloaded";
        case EventKind::combined:
            return "combined";
    }
    return "unknown";
}

bool ignored_name(std::string_view name) noexcept {
    const auto ends_with = [&](std::string_view tail) {
        return name.size() >= tail.size() && name.substr(name.size() - tail.size()) == tail;
    };
    if (name.empty() || name.front() == '.') return true;  // dot-files, .~lock.*# among them
    if (name.starts_with("~$")) return true;               // Excel's owner file
    return ends_with(".tmp") || ends_with(".partial") || ends_with(".TMP") || ends_with("#");
}

namespace {

// A file in inbox/ on its way to being ready.
struct Tracked {
    std::uintmax_t size = 0;
    fs::file_time_type mtime;
    Clock::time_point stable_since;  // first sight, or the last change seen
    bool ready_said = false;
};

// A claimed file being converted.
struct Job {
    std::string name;  // relative to inbox/ and processing/
    std::string hash;
    std::int64_t row = 0;
    fs::path work;  // ROOT/.work/<row>/
    Child child;
};

std::string read_text(const fs::path& path, std::size_t limit) {
    std::ifstream in(path, std::ios::binary);
    std::string text(limit, '\0');
    in.read(text.data(), static_cast<std::streamsize>(limit));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

// Why a conversion did not succeed, and what to do about it.
struct Failure {
    std::string reason;
    std::string what_to_do;
};

const char* const fix_the_file =
    "correct the file (or add a mapping that fits it; 'kpimap suggest' drafts one) and drop it "
    "into inbox/ again";
const char* const try_again = "the file itself may be fine: move it back into inbox/ to try again";

Failure failure_reason(const ChildEnd& end, const std::string& log,
                       std::chrono::milliseconds time_limit) {
    if (end.timed_out)
        return {
            fmt::format("the conversion took longer than the time limit ({} s) and was "
                        "stopped",
                        time_limit.count() / 1000.0),
            std::string("if the workbook is really that large, raise --time-limit; ") + try_again};
    if (log.find("bad_alloc") != std::string::npos ||
        log.find("failed to map segment") != std::string::npos ||
        log.find("Cannot allocate memory") != std::string::npos)
        return {"the conversion ran out of its memory limit",
                std::string("if the workbook is really that large, raise --memory-limit-mb; ") +
                    try_again};
    if (end.signal != 0)
        return {fmt::format("the conversion crashed (signal {})", end.signal),
                "this is a bug in kpimap: please report it with the file"};
    switch (end.exit_code) {
        case 2:
            return {"the file could not be read as a workbook", fix_the_file};
        case 3:
            return {"no mapping fits this workbook", fix_the_file};
        case 127:
            return {"the converter could not be started", try_again};
        default:
            return {fmt::format("the converter stopped with exit code {}", end.exit_code),
                    try_again};
    }
}

}  // namespace

struct Watcher::Impl {
    WatchOptions options;
    EventSink sink;
    fs::path inbox, processing, done, failed, duplicates, superseded, out, work;
    std::unique_ptr<Ledger> ledger;
    std::map<std::string, Tracked> tracked;
    std::vector<std::string> requeued;  // in processing/ at start-up, to convert again
    std::vector<std::unique_ptr<Job>> running;
    int notify_fd = -1;                            // inotify, or -1 when scanning on a timer only
    const std::atomic<bool>* stop_flag = nullptr;  // set while run() runs
    bool combined_stale = false;                   // done/ changed since out/_combined/ was made
    Clock::time_point last_change;
    long long combine_count = 0;

    ~Impl() {
        if (notify_fd >= 0) ::close(notify_fd);
    }

    // Watches `dir` (inbox/ or a sub-folder) for files arriving; repeated calls are cheap.
    void watch_folder(const fs::path& dir) {
        if (notify_fd < 0) return;
        if (::inotify_add_watch(notify_fd, dir.c_str(),
                                IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB) < 0 &&
            errno == ENOSPC) {
            emit(EventKind::warning, dir.lexically_relative(inbox).generic_string(),
                 "the inotify watch limit is reached (fs.inotify.max_user_watches); this folder "
                 "is found by the periodic scan only");
        }
    }

    // Empties the inotify queue; true when anything arrived (including an overflow, which
    // only means a full scan, and every wake-up scans in full).
    bool drain_events() {
        if (notify_fd < 0) return false;
        alignas(inotify_event) char buffer[16 * 1024];
        bool any = false;
        while (::read(notify_fd, buffer, sizeof buffer) > 0) any = true;
        return any;
    }

    // When the earliest waiting file's settle time ends (or `fallback` from now).
    std::chrono::milliseconds until_next_ready(std::chrono::milliseconds fallback) const {
        const Clock::time_point now = Clock::now();
        Clock::time_point next = now + fallback;
        if (combined_stale && !options.combine.empty())
            next = std::min(next, last_change + options.combine_after);
        for (const auto& [name, t] : tracked)
            if (t.size > 0 && !t.ready_said)  // ready ones wait for a worker, not the clock
                next = std::min(next, t.stable_since + options.settle);
        return std::max(std::chrono::milliseconds(1),
                        std::chrono::ceil<std::chrono::milliseconds>(next - now));
    }

    void emit(EventKind kind, const std::string& file, std::string detail = {},
              std::string hash = {}, double seconds = -1) {
        if (sink) sink(Event{kind, file, std::move(detail), std::move(hash), seconds});
    }

    [[noreturn]] static void fail(const std::string& what, const std::error_code& ec) {
        throw WatchError(fmt::format("{} ({})", what, ec.message()),
                         "check that ROOT is a folder on one filesystem that the user running "
                         "kpimap watch can write to, and that the disk has space");
    }

    std::string relative_to_root(const fs::path& p) const {
        return p.lexically_relative(options.root).generic_string();
    }

    void open() {
        const fs::path& root = options.root;
        inbox = root / "inbox";
        processing = root / "processing";
        done = root / "done";
        failed = root / "failed";
        duplicates = root / "duplicates";
        superseded = root / "superseded";
        out = root / "out";
        work = root / ".work";
        for (const fs::path& dir : {inbox, processing, done, failed, duplicates, superseded, out}) {
            std::error_code ec;
            fs::create_directories(dir, ec);
            if (ec || !fs::is_directory(dir))
                fail(fmt::format("cannot create the folder {}", dir.string()),
                     ec ? ec : std::make_error_code(std::errc::not_a_directory));
        }
        // Half-made outputs of a stopped run: their files are converted again.
        std::error_code ec;
        fs::remove_all(work, ec);
        fs::create_directories(work, ec);
        if (ec) fail(fmt::format("cannot create the folder {}", work.string()), ec);
        ledger = std::make_unique<Ledger>(root / "ledger.sqlite");
        if (options.inotify) {
            notify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
            if (notify_fd < 0)
                emit(EventKind::warning, "",
                     fmt::format("inotify is not available ({}); scanning every {} s instead",
                                 std::error_code(errno, std::generic_category()).message(),
                                 options.rescan.count() / 1000.0));
        }
        recover();
    }

    // Finishes the moves a stopped run recorded but did not make, and queues every other file
    // left in processing/ for conversion again.
    void recover() {
        for (const LedgerRow& row : ledger->all_unsettled()) {
            const fs::path source = processing / row.name;
            const bool present = fs::exists(fs::symlink_status(source));
            if (row.state == "processing") {
                ledger->abandon(row.id);  // its file, if present, is converted again below
                continue;
            }
            if (present) {
                if (const std::error_code ec = move_source(row.name, row.state, row.destination)) {
                    emit(EventKind::warning, row.name,
                         fmt::format("could not move {} to {}: {}", relative_to_root(source),
                                     row.destination, ec.message()),
                         row.hash);
                    continue;
                }
                if (row.state == "done") combined_stale = true;
                emit(EventKind::recovered, row.name,
                     fmt::format("recorded as {}; moved to {}", row.state, row.destination),
                     row.hash);
            }
            ledger->settle(row.id);
        }
        std::error_code ec;
        for (fs::recursive_directory_iterator it(processing, ec), end; !ec && it != end;
             it.increment(ec))
            if (it->is_regular_file(ec) && !it->is_symlink(ec))
                requeued.push_back(it->path().lexically_relative(processing).generic_string());
        std::sort(requeued.begin(), requeued.end());
        for (const std::string& name : requeued) emit(EventKind::requeued, name);
    }

    // Moves processing/NAME to its recorded destination (relative to ROOT); a newer version
    // for done/ first moves the older one aside to superseded/.
    std::error_code move_source(const std::string& name, const std::string& state,
                                const std::string& destination) {
        const fs::path to = options.root / destination;
        if (state == "done" && fs::exists(fs::symlink_status(to))) {
            const fs::path aside = free_name(superseded, name, 1);
            if (const std::error_code ec = rename_no_replace(to, aside)) return ec;
        }
        if (const std::error_code ec = rename_no_replace(processing / name, to)) return ec;
        (void)sync_path(to.parent_path());
        (void)sync_path((processing / name).parent_path());
        return {};
    }

    // Walks inbox/ and returns the names that are ready, oldest first.
    std::vector<std::string> scan() {
        const Clock::time_point now = Clock::now();
        std::map<std::string, Tracked> next;
        std::vector<std::string> ready;
        std::error_code ec;
        watch_folder(inbox);
        fs::recursive_directory_iterator it(inbox, fs::directory_options::skip_permission_denied,
                                            ec);
        for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
            const fs::path& path = it->path();
            const std::string file_name = path.filename().string();
            std::error_code entry_ec;
            const fs::file_status status = it->symlink_status(entry_ec);
            if (fs::is_directory(status)) {
                if (ignored_name(file_name))
                    it.disable_recursion_pending();
                else
                    watch_folder(path);  // a new sub-folder: watched from now on
                continue;
            }
            if (!fs::is_regular_file(status) || ignored_name(file_name)) continue;
            const std::uintmax_t size = fs::file_size(path, entry_ec);
            const fs::file_time_type mtime = fs::last_write_time(path, entry_ec);
            if (entry_ec) continue;  // gone meanwhile
            const std::string name = path.lexically_relative(inbox).generic_string();
            auto found = tracked.find(name);
            Tracked t;
            if (found == tracked.end()) {
                t = {size, mtime, now, false};
                emit(EventKind::seen, name, fmt::format("{} bytes", size));
            } else {
                t = found->second;
                if (t.size != size || t.mtime != mtime) t = {size, mtime, now, false};
            }
            if (size > 0 && now - t.stable_since >= options.settle) {
                if (!t.ready_said) emit(EventKind::ready, name, fmt::format("{} bytes", size));
                t.ready_said = true;
                ready.push_back(name);
            }
            next.emplace(name, t);
        }
        tracked = std::move(next);
        return ready;
    }

    // Claims inbox/NAME into processing/NAME; false when it cannot be taken now.
    bool claim(const std::string& name) {
        const std::error_code ec = rename_no_replace(inbox / name, processing / name);
        if (ec) {
            // Gone (taken by hand), or a file of that name is still being converted: next time.
            if (ec != std::errc::no_such_file_or_directory && ec != std::errc::file_exists)
                emit(EventKind::warning, name,
                     fmt::format("could not claim it into processing/: {}", ec.message()));
            return false;
        }
        tracked.erase(name);
        (void)sync_path((processing / name).parent_path());
        (void)sync_path((inbox / name).parent_path());
        emit(EventKind::claimed, name);
        return true;
    }

    // Starts converting processing/NAME, or settles it at once as a duplicate.
    void start(const std::string& name) {
        const fs::path source = processing / name;
        std::error_code ec;
        const std::string hash = sha256_file(source, ec);
        if (ec) {
            emit(EventKind::warning, name,
                 fmt::format("could not read it in processing/: {}", ec.message()));
            return;
        }
        const std::uintmax_t size = fs::file_size(source, ec);
        const bool seen_before = ledger->converted(name, hash);
        const std::int64_t row = ledger->claim(name, hash, ec ? 0 : size);
        if (seen_before) {
            const std::string destination = relative_to_root(free_name(duplicates, name, row));
            ledger->finish(row, "duplicate",
                           "the same content under the same name was "
                           "converted before",
                           "", destination);
            settle(row, name, "duplicate", destination, hash);
            emit(EventKind::duplicate, name,
                 fmt::format("converted before; outputs in out/{}/; source moved to {}", name,
                             destination),
                 hash);
            return;
        }
        auto job = std::make_unique<Job>();
        job->name = name;
        job->hash = hash;
        job->row = row;
        job->work = work / std::to_string(row);
        fs::create_directories(job->work / "out", ec);
        std::vector<std::string> argv = options.converter;
        argv.push_back(source.string());
        argv.push_back("-o");
        argv.push_back((job->work / "out").string());
        if (ec || !job->child.start(argv, job->work / "log.txt", options.memory_limit,
                                    options.time_limit, ec)) {
            conclude_failure(
                *job,
                {fmt::format("the converter could not be started ({})", ec.message()), try_again},
                "", -1);
            return;
        }
        running.push_back(std::move(job));
    }

    void settle(std::int64_t row, const std::string& name, const std::string& state,
                const std::string& destination, const std::string& hash) {
        if (const std::error_code ec = move_source(name, state, destination)) {
            // The ledger has the outcome: the next start-up finishes the move.
            emit(EventKind::warning, name,
                 fmt::format("could not move it to {}: {}", destination, ec.message()), hash);
            return;
        }
        ledger->settle(row);
    }

    // Puts a finished job's outputs in place and its source where it belongs.
    void conclude(Job& job, const ChildEnd& end) {
        const std::string log = read_text(job.work / "log.txt", 64 * 1024);
        const bool converted =
            !end.timed_out && end.signal == 0 && (end.exit_code == 0 || end.exit_code == 1);
        if (!converted) {
            conclude_failure(job, failure_reason(end, log, options.time_limit), log, end.seconds);
            return;
        }
        const fs::path made = job.work / "out" / fs::path(job.name).filename();
        const fs::path target = out / job.name;
        std::error_code ec = sync_tree(made);
        if (!ec) ec = replace_folder(made, target);
        if (ec) {
            conclude_failure(
                job,
                {fmt::format("its outputs could not be put in {} ({})", relative_to_root(target),
                             ec.message()),
                 std::string("check the disk space and the permissions of out/; ") + try_again},
                log, end.seconds);
            return;
        }
        const std::string destination = relative_to_root(done / job.name);
        ledger->finish(job.row, "done", end.exit_code == 1 ? "converted with warnings" : "",
                       relative_to_root(target), destination);
        settle(job.row, job.name, "done", destination, job.hash);
        combined_stale = true;
        last_change = Clock::now();
        emit(EventKind::done, job.name,
             fmt::format("outputs in {}/{}", relative_to_root(target),
                         end.exit_code == 1 ? " (with warnings: see diagnostics.txt)" : ""),
             job.hash, end.seconds);
        remove_work(job);
    }

    void conclude_failure(Job& job, const Failure& failure, const std::string& log,
                          double seconds) {
        const std::string& reason = failure.reason;
        const fs::path destination_path = free_name(failed, job.name, job.row);
        const std::string destination = relative_to_root(destination_path);
        const std::string report = fmt::format(
            "kpimap watch could not convert {}\n\n"
            "Why: {}\n\n"
            "What to do: {}. This copy is kept unchanged.\n"
            "{}{}",
            job.name, reason, failure.what_to_do, log.empty() ? "" : "\nWhat the converter said:\n",
            trim(log) + (log.empty() ? "" : "\n"));
        if (const std::error_code ec =
                write_durably(destination_path.string() + ".error.txt", report))
            emit(EventKind::warning, job.name,
                 fmt::format("could not write {}.error.txt: {}", destination, ec.message()),
                 job.hash);
        ledger->finish(job.row, "failed", reason, "", destination);
        settle(job.row, job.name, "failed", destination, job.hash);
        emit(EventKind::failed, job.name,
             fmt::format("{}; source moved to {} (see {}.error.txt)", reason, destination,
                         destination),
             job.hash, seconds);
        remove_work(job);
    }

    void remove_work(Job& job) {
        std::error_code ignored;
        fs::remove_all(job.work, ignored);
    }

    // Concludes every job that has ended; returns how many did.
    std::size_t reap() {
        std::size_t ended = 0;
        for (auto it = running.begin(); it != running.end();) {
            ChildEnd end;
            if ((*it)->child.poll(end)) {
                conclude(**it, end);
                it = running.erase(it);
                ++ended;
            } else {
                ++it;
            }
        }
        return ended;
    }

    std::size_t capacity() const {
        const std::size_t workers = static_cast<std::size_t>(std::max(1, options.workers));
        return running.size() >= workers ? 0 : workers - running.size();
    }

    std::size_t step() {
        reap();
        while (capacity() > 0 && !requeued.empty()) {
            const std::string name = requeued.front();
            requeued.erase(requeued.begin());
            start(name);
        }
        const std::vector<std::string> ready = scan();
        std::size_t waiting = tracked.size();
        for (const std::string& name : ready) {
            if (capacity() == 0) break;
            if (claim(name)) {
                start(name);
                --waiting;
            }
        }
        return waiting;
    }

    // Waits up to `timeout` for a running job to end or an inotify event; returns early on
    // either.
    void wait(std::chrono::milliseconds timeout) {
        const Clock::time_point until = Clock::now() + timeout;
        while (Clock::now() < until) {
            if (stop_flag != nullptr && stop_flag->load()) return;
            if (!running.empty() && reap() > 0) return;
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now());
            // With children running, look at them every 5 ms; otherwise sleep until woken, looking
            // at the stop flag every 100 ms (a signal also cuts the wait short).
            const auto slice = std::min(left, running.empty() ? std::chrono::milliseconds(100)
                                                              : std::chrono::milliseconds(5));
            if (notify_fd >= 0) {
                pollfd fd{notify_fd, POLLIN, 0};
                const int n = ::poll(&fd, 1, static_cast<int>(std::max<long>(slice.count(), 0)));
                if (n > 0) drain_events();
                if (n != 0) return;  // an event, or a signal (EINTR)
            } else {
                std::this_thread::sleep_for(slice);
            }
        }
    }

    // Makes out/_combined/ again from everything in done/ once a batch is over (no conversion
    // running or ready, none finished for `combine_after`; `now` skips that wait). A failed step
    // keeps the previous combined output and says why.
    void maybe_combine(bool now) {
        if (!combined_stale || options.combine.empty() || !running.empty() || !requeued.empty())
            return;
        for (const auto& [name, t] : tracked)
            if (t.ready_said) return;
        if (!now && Clock::now() - last_change < options.combine_after) return;
        combined_stale = false;
        std::vector<std::string> names;
        std::error_code ec;
        for (fs::recursive_directory_iterator it(done, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec) && !ignored_name(it->path().filename().string()))
                names.push_back(it->path().lexically_relative(done).generic_string());
        std::sort(names.begin(), names.end());
        std::vector<std::string> models;
        std::vector<std::string> sources_paths;
        std::string sources;
        for (const std::string& name : names) {
            const fs::path model = out / name / "model.json";
            if (!fs::exists(model, ec)) continue;
            models.push_back(model.string());
            sources_paths.push_back((done / name).string());
            sources += name + "\n";
        }
        if (models.empty()) return;
        const fs::path made = work / fmt::format("combined-{}", ++combine_count);
        fs::remove_all(made, ec);
        fs::create_directories(made, ec);
        for (std::size_t i = 0; i < options.combine.size(); ++i) {
            const WatchOptions::CombineStep& step = options.combine[i];
            std::vector<std::string> argv = step.argv;
            const std::vector<std::string>& inputs = step.from_sources ? sources_paths : models;
            argv.insert(argv.end(), inputs.begin(), inputs.end());
            argv.push_back("-o");
            argv.push_back(step.output.empty() ? made.string() : (made / step.output).string());
            const fs::path log = work / fmt::format("combined-{}-{}.log", combine_count, i);
            Child child;
            ChildEnd end;
            bool ok = child.start(argv, log, options.memory_limit, options.time_limit, ec);
            if (ok) {
                while (!child.poll(end)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                ok =
                    !end.timed_out && end.signal == 0 && (end.exit_code == 0 || end.exit_code == 1);
            }
            const std::string said = trim(read_text(log, 4096));
            fs::remove(log, ec);
            if (!ok) {
                emit(EventKind::warning, "",
                     fmt::format("the combined output could not be made ({}); the previous one "
                                 "stays in out/_combined/{}{}",
                                 fs::path(step.argv.size() > 1 ? step.argv[1] : step.argv[0])
                                     .filename()
                                     .string(),
                                 said.empty() ? "" : ": ", said));
                fs::remove_all(made, ec);
                return;
            }
        }
        if (write_durably(made / "sources.txt", sources) || sync_tree(made) ||
            replace_folder(made, out / "_combined")) {
            emit(EventKind::warning, "", "the combined output could not be put in out/_combined/");
            fs::remove_all(made, ec);
            return;
        }
        emit(EventKind::combined, "_combined",
             fmt::format("out/_combined/ made from the {} file(s) in done/", models.size()));
    }

    std::chrono::milliseconds scan_interval() const {
        return std::clamp(options.settle / 4, std::chrono::milliseconds(20),
                          std::chrono::milliseconds(500));
    }
};

Watcher::Watcher(WatchOptions options, EventSink sink) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->sink = std::move(sink);
}

Watcher::~Watcher() {
    if (!impl_) return;
    // Work in flight is given back: its file stays in processing/ and is converted again at
    // the next start.
    for (auto& job : impl_->running) {
        job->child.kill();
        ChildEnd end;
        while (!job->child.poll(end)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void Watcher::open() {
    impl_->open();
}

std::size_t Watcher::step() {
    return impl_->step();
}

void Watcher::set_converter(std::vector<std::string> converter) {
    impl_->options.converter = std::move(converter);
}

std::size_t Watcher::run_once(std::chrono::milliseconds max_wait) {
    const Clock::time_point give_up = Clock::now() + impl_->options.settle + max_wait;
    for (;;) {
        const std::size_t waiting = impl_->step();
        const bool busy = !impl_->running.empty() || !impl_->requeued.empty();
        if (!busy) {
            // Nothing converting: stop when nothing can still become ready.
            const bool only_empty = std::all_of(impl_->tracked.begin(), impl_->tracked.end(),
                                                [](const auto& t) { return t.second.size == 0; });
            if (waiting == 0 || only_empty || Clock::now() >= give_up) {
                impl_->maybe_combine(true);
                return waiting;
            }
        }
        impl_->wait(busy ? std::chrono::milliseconds(20) : impl_->scan_interval());
    }
}

void Watcher::run(const std::atomic<bool>& stop) {
    impl_->stop_flag = &stop;
    while (!stop.load()) {
        impl_->step();
        impl_->maybe_combine(false);
        impl_->wait(impl_->until_next_ready(impl_->options.rescan));
    }
    // Stopping: what is converting now is finished; claimed files not yet started stay in
    // processing/ and are converted again at the next start.
    impl_->stop_flag = nullptr;
    while (!impl_->running.empty()) impl_->wait(std::chrono::milliseconds(50));
}

WatchSummary read_summary(const fs::path& root) {
    const fs::path db = root / "ledger.sqlite";
    if (!fs::exists(db))
        throw WatchError(
            fmt::format("{} has no ledger ({} is missing)", root.string(), db.string()),
            "check ROOT: it is the folder given to 'kpimap watch ROOT'");
    WatchSummary summary;
    Ledger(db, true).summarise(summary);
    const auto count = [](const fs::path& dir) {
        std::int64_t n = 0;
        std::error_code ec;
        for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
             it.increment(ec)) {
            if (it->is_directory(ec) && ignored_name(it->path().filename().string()))
                it.disable_recursion_pending();
            else if (it->is_regular_file(ec) && !ignored_name(it->path().filename().string()))
                ++n;
        }
        return n;
    };
    summary.waiting = count(root / "inbox");
    summary.processing = count(root / "processing");
    // sources.txt is written last into the folder that replaces out/_combined/ whole, so its
    // time is when that output was put in place.
    const fs::path sources = root / "out" / "_combined" / "sources.txt";
    struct stat st {};
    if (::stat(sources.c_str(), &st) == 0) {
        std::ifstream in(sources);
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) ++summary.combined_sources;
        std::tm utc{};
        char text[32];
        if (::gmtime_r(&st.st_mtime, &utc) != nullptr &&
            std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc) > 0)
            summary.combined_at = text;
    }
    return summary;
}

}  // namespace kpimap::watch
