// The watched folder (kpimap watch): workbooks dropped into ROOT/inbox/ are taken once they
// are complete, converted one by one in a child process with memory and time limits, and
// moved to done/ (outputs in out/<name>/) or failed/ (with <name>.error.txt). A SQLite ledger
// keyed on content hash and name makes every file count exactly once, across crashes.
//
// Layout under ROOT (one filesystem, so every move is an atomic rename):
//   inbox/        where teams drop files (sub-folders too)
//   processing/   claimed files, being converted
//   done/         converted sources; out/<name>/ holds their outputs
//   failed/       sources that could not be converted, each beside <name>.error.txt
//   duplicates/   sources whose content and name were already converted
//   superseded/   older versions of a name in done/, replaced by a newer one
//   out/          outputs, one folder per source name; out/_combined/ the reconciled model and
//                 one report of everything in done/, replaced atomically after each batch
//   ledger.sqlite the ledger
// The core never prints: everything that happens is an Event handed to the caller's sink.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kpimap::watch {

// Settings of one watched root.
struct WatchOptions {
    std::filesystem::path root;
    // The conversion run for each file, as argv (argv[0] an absolute path); the watcher appends
    // the claimed file, "-o" and a temporary output folder. Exit 0 or 1 means converted; any
    // other exit, a signal or the time limit sends the file to failed/.
    std::vector<std::string> converter;
    // A file is ready once its size and mtime have not changed for this long, timed from when
    // the watcher first saw it (a copy keeps its old mtime, so the mtime alone proves nothing).
    std::chrono::milliseconds settle{2000};
    std::uint64_t memory_limit = std::uint64_t{2} << 30;  // RLIMIT_AS per conversion; 0: none
    std::chrono::milliseconds time_limit{std::chrono::minutes(5)};  // per conversion
    int workers = 1;                                                // conversions at once
    // Wake on inotify events (close-after-write, moved-to, create) in inbox/ and every
    // sub-folder; false: only scan every `rescan` (network shares, where inotify does not fire).
    bool inotify = true;
    // A full scan at least this often, whatever inotify says (events can be lost on overflow).
    std::chrono::milliseconds rescan{std::chrono::seconds(30)};

    // One step that makes the combined output: argv (argv[0] an absolute path) to which the
    // watcher appends the model.json of every file in done/, "-o" and `output` inside the new
    // folder (the folder itself when `output` is empty). Exit 0 or 1 means made.
    struct CombineStep {
        std::vector<std::string> argv;
        std::string output;
        bool from_sources = false;  // the files in done/ rather than their model.json
    };
    // Steps that build out/_combined/ after each batch, in order; none: no combined output.
    std::vector<CombineStep> combine;
    // A batch is over once no file has been converted for this long.
    std::chrono::milliseconds combine_after{std::chrono::seconds(2)};
};

// What happened, one per log line.
enum class EventKind {
    seen,       // a new file in inbox/ (not yet ready)
    ready,      // its size and mtime held still for the settle time
    claimed,    // renamed into processing/
    done,       // converted; outputs in out/<name>/, source in done/
    failed,     // not converted; source in failed/ beside <name>.error.txt
    duplicate,  // same content and name converted before; source in duplicates/
    requeued,   // found in processing/ at start-up (a stopped run): converted again
    recovered,  // found in processing/ already recorded in the ledger: its move finished
    warning,    // something the watcher could not do for one file (it goes on)
    reloaded,   // the configuration was read again (SIGHUP)
    combined,   // out/_combined/ was replaced by one made from everything in done/
};

// Stable name of a kind, e.g. "done"; used in the JSON log.
const char* event_kind_name(EventKind kind) noexcept;

struct Event {
    EventKind kind = EventKind::seen;
    std::string file;     // path relative to inbox/, '/'-separated
    std::string detail;   // the reason, or where the outputs went
    std::string hash;     // SHA-256 of the content (hex), once known
    double seconds = -1;  // how long the conversion took, for done and failed
};

using EventSink = std::function<void(const Event&)>;

// The watcher could not do its own work (root not writable, ledger unreadable); `hint` says
// what to do. Problems with one file never throw: they send that file to failed/.
class WatchError : public std::runtime_error {
public:
    WatchError(const std::string& what, std::string hint)
        : std::runtime_error(what), hint_(std::move(hint)) {}
    const std::string& hint() const noexcept { return hint_; }

private:
    std::string hint_;
};

// True for names the watcher never takes: Excel's ~$ owner files, LibreOffice's .~lock.*#,
// dot-files, *.tmp and *.partial (a copy or download in progress).
bool ignored_name(std::string_view file_name) noexcept;

// One ledger row, for --status.
struct LedgerEntry {
    std::string name;
    std::string hash;
    std::string state;  // processing, done, failed, duplicate
    std::string reason;
    std::string finished_at;  // UTC, ISO 8601
};

// What the ledger and the folders say, for --status.
struct WatchSummary {
    std::int64_t done = 0;                   // ledger rows converted
    std::int64_t failed = 0;                 // ledger rows not converted
    std::int64_t duplicates = 0;             // ledger rows recognised as already converted
    std::int64_t waiting = 0;                // files in inbox/ now (ignored names not counted)
    std::int64_t processing = 0;             // files in processing/ now
    std::vector<LedgerEntry> latest_errors;  // newest first, at most 5
    std::vector<LedgerEntry> latest;         // newest first, at most 5
    // The last combined output (out/_combined/): how many files of done/ it holds and when it
    // was put in place (UTC, "2026-12-05T10:29:27Z"); combined_at is empty when none exists yet.
    std::int64_t combined_sources = 0;
    std::string combined_at;
};

// Reads the summary of ROOT's ledger and folders without changing anything. Throws WatchError
// when ROOT has no ledger.
WatchSummary read_summary(const std::filesystem::path& root);

class Watcher {
public:
    Watcher(WatchOptions options, EventSink sink);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // Creates the folders, opens the ledger, clears half-written outputs and takes back what a
    // stopped run left in processing/. Throws WatchError.
    void open();

    // One pass: scans inbox/, updates readiness and converts every ready file (up to `workers`
    // at once). Returns the number of files in inbox/ still waiting to become ready.
    std::size_t step();

    // Converts what is in inbox/ now and returns when nothing is left that can become ready:
    // files still changing after `max_wait` and empty files are left waiting. Returns their
    // number.
    std::size_t run_once(std::chrono::milliseconds max_wait);

    // Runs until `stop` is set: scans on every inotify event, when a waiting file's settle
    // time ends, and every `rescan`. Work in flight when `stop` is set is finished first.
    void run(const std::atomic<bool>& stop);

    // Replaces the conversion command (after a reload of the configuration).
    void set_converter(std::vector<std::string> converter);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kpimap::watch
