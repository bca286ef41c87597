// The watched folder on real temporary folders, with the real kpimap binary as the converter:
// readiness, good and bad files mixed, the same file twice, a newer version, limits, and
// restarts after a crash at each step of the commit order.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "kpimap/watch.hpp"
#include "ledger.hpp"
#include "support/ole_builder.hpp"
#include "support/xlsx_builder.hpp"

namespace kpimap::watch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::TempDir;

const fs::path samples = fs::path(KPIMAP_SOURCE_DIR) / "samples";

// A watcher over `root` converting with this build's kpimap, recording every event.
struct Harness {
    explicit Harness(const fs::path& root, std::chrono::milliseconds settle = 100ms) {
        options.root = root;
        options.converter = {KPIMAP_BINARY, "convert", "--mappings",
                             (fs::path(KPIMAP_SOURCE_DIR) / "mappings").string()};
        options.settle = settle;
        options.time_limit = 60s;
    }
    std::unique_ptr<Watcher> make() {
        return std::make_unique<Watcher>(options, [this](const Event& e) { events.push_back(e); });
    }
    std::size_t run_once(std::chrono::milliseconds max_wait = 2s) {
        auto w = make();
        w->open();
        return w->run_once(max_wait);
    }
    std::multiset<std::string> names(EventKind kind) const {
        std::multiset<std::string> out;
        for (const Event& e : events)
            if (e.kind == kind) out.insert(e.file);
        return out;
    }
    WatchOptions options;
    std::vector<Event> events;
};

// Regular files under `dir`, relative and '/'-separated.
std::set<std::string> files_under(const fs::path& dir) {
    std::set<std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.insert(e.path().lexically_relative(dir).generic_string());
    return out;
}

void drop(const fs::path& root, const std::string& name, const fs::path& from) {
    fs::create_directories((root / "inbox" / name).parent_path());
    fs::copy_file(from, root / "inbox" / name);
}

void drop_bytes(const fs::path& root, const std::string& name, const std::string& bytes) {
    fs::create_directories((root / "inbox" / name).parent_path());
    test_support::write_file((root / "inbox" / name).string(), bytes);
}

// Rows per state and name, straight from the ledger file.
std::map<std::string, std::map<std::string, int>> ledger_counts(const fs::path& root) {
    std::map<std::string, std::map<std::string, int>> out;
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2((root / "ledger.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT state, name, count(*) FROM files GROUP BY state, name", -1, &s,
                       nullptr);
    while (sqlite3_step(s) == SQLITE_ROW)
        out[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))]
           [reinterpret_cast<const char*>(sqlite3_column_text(s, 1))] = sqlite3_column_int(s, 2);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

TEST(WatchReadiness, NamesOfFilesBeingWrittenOrLockedAreIgnored) {
    for (const char* name : {"~$trajectory.xlsx", ".~lock.trajectory.xlsx#", ".hidden.xlsx",
                             "copy.tmp", "download.xlsx.partial", ".DS_Store"})
        EXPECT_TRUE(ignored_name(name)) << name;
    for (const char* name : {"trajectory.xlsx", "data 2024.csv", "a~$b.xlsx", "x.ods"})
        EXPECT_FALSE(ignored_name(name)) << name;
}

TEST(Watch, GoodAndBadFilesMixedEachEndWhereTheyBelong) {
    TempDir dir;
    const fs::path root = dir.path();
    drop(root, "000_trajectory_grid.xlsx", samples / "000_trajectory_grid.xlsx");
    drop(root, "teamA/002_dashboard.xlsx", samples / "002_dashboard.xlsx");
    drop_bytes(root, "corrupt.xlsx", "PK\x03\x04 this zip stops here");
    drop_bytes(root, "not_a_workbook.xlsx", std::string(2000, '\x7f'));
    drop_bytes(root, "no_mapping_fits.csv", "colour,weight\nred,3\nblue,4\n");
    drop_bytes(root, "empty.xlsx", "");
    drop_bytes(root, "~$000_trajectory_grid.xlsx", "owner");
    drop_bytes(root, ".~lock.000_trajectory_grid.xlsx#", "lock");
    drop_bytes(root, "upload.xlsx.partial", "half");
    Harness h(root);
    const std::size_t waiting = h.run_once();

    EXPECT_EQ(waiting, 1u);  // the empty file waits
    EXPECT_EQ(files_under(root / "done"),
              (std::set<std::string>{"000_trajectory_grid.xlsx", "teamA/002_dashboard.xlsx"}));
    EXPECT_TRUE(fs::exists(root / "out/000_trajectory_grid.xlsx/model.json"));
    EXPECT_TRUE(fs::exists(root / "out/teamA/002_dashboard.xlsx/diagnostics.txt"));
    EXPECT_EQ(files_under(root / "failed"),
              (std::set<std::string>{"corrupt.xlsx", "corrupt.xlsx.error.txt",
                                     "not_a_workbook.xlsx", "not_a_workbook.xlsx.error.txt",
                                     "no_mapping_fits.csv", "no_mapping_fits.csv.error.txt"}));
    const std::string corrupt =
        test_support::read_file((root / "failed/corrupt.xlsx.error.txt").string());
    EXPECT_NE(corrupt.find("could not be read"), std::string::npos) << corrupt;
    EXPECT_NE(corrupt.find("What to do"), std::string::npos);
    const std::string no_fit =
        test_support::read_file((root / "failed/no_mapping_fits.csv.error.txt").string());
    EXPECT_NE(no_fit.find("no mapping fits"), std::string::npos) << no_fit;
    EXPECT_EQ(files_under(root / "inbox"),
              (std::set<std::string>{"empty.xlsx", "~$000_trajectory_grid.xlsx",
                                     ".~lock.000_trajectory_grid.xlsx#", "upload.xlsx.partial"}));
    EXPECT_TRUE(files_under(root / "processing").empty());
    EXPECT_EQ(h.names(EventKind::done).size(), 2u);
    EXPECT_EQ(h.names(EventKind::failed).size(), 3u);

    const WatchSummary s = read_summary(root);
    EXPECT_EQ(s.done, 2);
    EXPECT_EQ(s.failed, 3);
    EXPECT_EQ(s.waiting, 1);
    EXPECT_EQ(s.latest_errors.size(), 3u);
    EXPECT_TRUE(s.combined_at.empty()) << "no combine step configured, no combined output";
}

// Issue 13: 300 files dropped at once, good and bad mixed (cut zips, noise, no mapping fits,
// encrypted), over two workers: every good one converted exactly once, every bad one failed
// with its reason, nothing left behind.
TEST(Watch, ThreeHundredFilesAtOnceEachEndWhereTheyBelongOnce) {
    TempDir dir;
    const fs::path root = dir.path();
    const std::string csv = test_support::read_file((samples / "001_data_section.csv").string());
    std::set<std::string> good, bad;
    for (int i = 0; i < 200; ++i) {  // distinct contents: each its own extra indicator row
        const std::string name =
            "team" + std::to_string(i % 4) + "/data_" + std::to_string(i) + ".csv";
        drop_bytes(root, name,
                   csv + "Indicator planted " + std::to_string(i) + ",1,2,3,4," +
                       std::to_string(i) + "\n");
        good.insert(name);
    }
    for (int i = 0; i < 100; ++i) {
        std::string name, bytes;
        switch (i % 4) {
            case 0:  // a zip cut short
                name = "corrupt_" + std::to_string(i) + ".xlsx";
                bytes = "PK\x03\x04 cut short " + std::to_string(i);
                break;
            case 1:  // not a workbook at all
                name = "noise_" + std::to_string(i) + ".xlsx";
                bytes = std::string(500 + i, '\x7f');
                break;
            case 2:  // a table no mapping fits
                name = "nofit_" + std::to_string(i) + ".csv";
                bytes = "colour,weight\nred," + std::to_string(i) + "\n";
                break;
            default:  // a password-protected (encrypted) workbook, each with a sector of its own
                name = "secret_" + std::to_string(i) + ".xlsx";
                bytes =
                    test_support::minimal_encrypted_ole() + std::string(512, static_cast<char>(i));
        }
        drop_bytes(root, name, bytes);
        bad.insert(name);
    }
    Harness h(root);
    h.options.workers = 2;
    h.run_once(5s);

    EXPECT_EQ(files_under(root / "done"), good);
    std::set<std::string> failed_expected;
    for (const std::string& name : bad) {
        failed_expected.insert(name);
        failed_expected.insert(name + ".error.txt");
    }
    EXPECT_EQ(files_under(root / "failed"), failed_expected);
    EXPECT_TRUE(files_under(root / "inbox").empty());
    EXPECT_TRUE(files_under(root / "processing").empty());
    const std::multiset<std::string> done = h.names(EventKind::done);
    EXPECT_EQ(done.size(), 200u);
    EXPECT_EQ(std::set<std::string>(done.begin(), done.end()).size(), 200u) << "each once";
    EXPECT_EQ(h.names(EventKind::failed).size(), 100u);
    const std::string secret =
        test_support::read_file((root / "failed/secret_3.xlsx.error.txt").string());
    EXPECT_NE(secret.find("encrypted"), std::string::npos) << secret;
    for (const std::string& name : good)
        EXPECT_TRUE(fs::exists(root / "out" / name / "model.json")) << name;
    const WatchSummary summary = read_summary(root);
    EXPECT_EQ(summary.done, 200);
    EXPECT_EQ(summary.failed, 100);
}

TEST(Watch, SameFileTwiceIsRecognisedAndANewerVersionReplacesTheOlder) {
    TempDir dir;
    const fs::path root = dir.path();
    drop(root, "grid.xlsx", samples / "000_trajectory_grid.xlsx");
    Harness h(root);
    h.run_once();
    drop(root, "grid.xlsx", samples / "000_trajectory_grid.xlsx");
    h.run_once();
    EXPECT_EQ(h.names(EventKind::done).size(), 1u);
    EXPECT_EQ(h.names(EventKind::duplicate).size(), 1u);
    EXPECT_EQ(files_under(root / "duplicates").size(), 1u);
    EXPECT_EQ(files_under(root / "done"), std::set<std::string>{"grid.xlsx"});

    // Different content under the same name: converted again, the older copy kept aside.
    drop(root, "grid.xlsx", samples / "001_outcomes_report.xlsx");
    h.run_once();
    EXPECT_EQ(h.names(EventKind::done).size(), 2u);
    EXPECT_EQ(fs::file_size(root / "done/grid.xlsx"),
              fs::file_size(samples / "001_outcomes_report.xlsx"));
    EXPECT_EQ(files_under(root / "superseded").size(), 1u);
    const std::string model = test_support::read_file((root / "out/grid.xlsx/model.json").string());
    EXPECT_NE(model.find("hwb-outcomes-report"), std::string::npos);
    const auto counts = ledger_counts(root);
    EXPECT_EQ(counts.at("done").at("grid.xlsx"), 2);
    EXPECT_EQ(counts.at("duplicate").at("grid.xlsx"), 1);
}

TEST(Watch, AFileStillChangingIsNotTakenUntilItHoldsStill) {
    TempDir dir;
    const fs::path root = dir.path();
    fs::create_directories(root / "inbox");
    const std::string whole =
        test_support::read_file((samples / "000_trajectory_grid.xlsx").string());
    // A slow writer: the workbook arrives in six chunks over 3 s.
    std::thread writer([&] {
        std::ofstream out(root / "inbox/slow.xlsx", std::ios::binary);
        const std::size_t chunk = whole.size() / 6 + 1;
        for (std::size_t at = 0; at < whole.size(); at += chunk) {
            out.write(whole.data() + at,
                      static_cast<std::streamsize>(std::min(chunk, whole.size() - at)));
            out.flush();
            std::this_thread::sleep_for(500ms);
        }
    });
    std::this_thread::sleep_for(100ms);
    Harness h(root, 1000ms);
    h.run_once(10s);
    writer.join();
    EXPECT_EQ(h.names(EventKind::done), std::multiset<std::string>{"slow.xlsx"});
    EXPECT_TRUE(h.names(EventKind::failed).empty());
    EXPECT_EQ(fs::file_size(root / "done/slow.xlsx"), whole.size());
}

TEST(Watch, AHangingOrCrashingConversionFailsThatFileAndTheWatcherGoesOn) {
    TempDir dir;
    const fs::path root = dir.path();
    drop_bytes(root, "hangs.xlsx", "x");
    Harness h(root);
    h.options.converter = {"/bin/sh", "-c", "sleep 30", "sh"};
    h.options.time_limit = 300ms;
    h.run_once();
    drop_bytes(root, "crashes.xlsx", "y");
    h.options.converter = {"/bin/sh", "-c", "kill -SEGV $$", "sh"};
    h.run_once();
    EXPECT_EQ(files_under(root / "failed"),
              (std::set<std::string>{"hangs.xlsx", "hangs.xlsx.error.txt", "crashes.xlsx",
                                     "crashes.xlsx.error.txt"}));
    EXPECT_NE(
        test_support::read_file((root / "failed/hangs.xlsx.error.txt").string()).find("time limit"),
        std::string::npos);
    EXPECT_NE(
        test_support::read_file((root / "failed/crashes.xlsx.error.txt").string()).find("crashed"),
        std::string::npos);
}

TEST(Watch, AConversionOverItsMemoryLimitFailsThatFileWithTheReason) {
    TempDir dir;
    const fs::path root = dir.path();
    drop(root, "grid.xlsx", samples / "000_trajectory_grid.xlsx");
    Harness h(root);
    h.options.memory_limit = std::uint64_t{10} << 20;  // kpimap cannot even load ICU's data
    h.run_once();
    const std::string error =
        test_support::read_file((root / "failed/grid.xlsx.error.txt").string());
    EXPECT_NE(error.find("memory limit"), std::string::npos) << error;
    EXPECT_NE(error.find("--memory-limit-mb"), std::string::npos) << error;
    // With room to work, the same file goes through.
    fs::rename(root / "failed/grid.xlsx", root / "inbox/grid.xlsx");
    h.options.memory_limit = std::uint64_t{2} << 30;
    h.run_once();
    EXPECT_TRUE(fs::exists(root / "done/grid.xlsx"));
}

TEST(WatchRestart, AFileLeftInProcessingIsConvertedOnce) {
    TempDir dir;
    const fs::path root = dir.path();
    Harness h(root);
    h.run_once();  // makes the layout
    // A crash right after the claim: the file is in processing/, claimed in the ledger or not.
    fs::copy_file(samples / "000_trajectory_grid.xlsx", root / "processing/claimed.xlsx");
    fs::copy_file(samples / "002_dashboard.xlsx", root / "processing/unrecorded.xlsx");
    {
        Ledger ledger(root / "ledger.sqlite");
        ledger.claim("claimed.xlsx", "0123", 1);
    }
    h.run_once();
    EXPECT_EQ(h.names(EventKind::requeued),
              (std::multiset<std::string>{"claimed.xlsx", "unrecorded.xlsx"}));
    EXPECT_EQ(files_under(root / "done"),
              (std::set<std::string>{"claimed.xlsx", "unrecorded.xlsx"}));
    EXPECT_TRUE(files_under(root / "processing").empty());
    const auto counts = ledger_counts(root);
    EXPECT_EQ(counts.at("done").at("claimed.xlsx"), 1);
    EXPECT_EQ(counts.at("done").at("unrecorded.xlsx"), 1);
    EXPECT_EQ(counts.at("abandoned").at("claimed.xlsx"), 1);
}

TEST(WatchRestart, AnOutcomeRecordedButNotMovedIsFinishedNotRedone) {
    TempDir dir;
    const fs::path root = dir.path();
    Harness h(root);
    h.run_once();
    // A crash after the ledger recorded the outcome, before the source left processing/.
    fs::copy_file(samples / "000_trajectory_grid.xlsx", root / "processing/grid.xlsx");
    fs::copy_file(samples / "000_trajectory_grid.xlsx", root / "processing/bad.xlsx");
    {
        Ledger ledger(root / "ledger.sqlite");
        const auto good = ledger.claim("grid.xlsx", "abc", 1);
        ledger.finish(good, "done", "", "out/grid.xlsx", "done/grid.xlsx");
        const auto bad = ledger.claim("bad.xlsx", "def", 1);
        ledger.finish(bad, "failed", "no mapping fits", "", "failed/bad.xlsx");
    }
    h.run_once();
    EXPECT_EQ(h.names(EventKind::recovered), (std::multiset<std::string>{"bad.xlsx", "grid.xlsx"}));
    EXPECT_TRUE(h.names(EventKind::done).empty());  // nothing converted again
    EXPECT_EQ(files_under(root / "done"), std::set<std::string>{"grid.xlsx"});
    EXPECT_EQ(files_under(root / "failed"), std::set<std::string>{"bad.xlsx"});
    EXPECT_TRUE(files_under(root / "processing").empty());
    EXPECT_TRUE(Ledger(root / "ledger.sqlite").all_unsettled().empty());
}

TEST(WatchRestart, KillNineMidBatchThenRestartConvertsEachFileExactlyOnce) {
    TempDir dir;
    const fs::path root = dir.path();
    const int files = 12;
    for (int i = 0; i < files; ++i)
        drop(root, "grid_" + std::to_string(i) + ".xlsx", samples / "000_trajectory_grid.xlsx");
    const std::string mappings = (fs::path(KPIMAP_SOURCE_DIR) / "mappings").string();
    const auto spawn = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = {KPIMAP_BINARY, "watch",  root.string(),
                                         "--mappings",  mappings, "--settle",
                                         "0.05",        "--poll", "0.05"};
        args.insert(args.end(), extra.begin(), extra.end());
        const pid_t pid = fork();
        if (pid == 0) {
            std::vector<char*> argv;
            for (std::string& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            const int null_fd = ::open("/dev/null", O_WRONLY);
            dup2(null_fd, 1);
            dup2(null_fd, 2);
            execv(argv[0], argv.data());
            _exit(127);
        }
        return pid;
    };
    const pid_t first = spawn({});
    // Kill it once a few files are through (or after 20 s, whatever it has done).
    for (int i = 0; i < 400 && files_under(root / "done").size() < 3; ++i)
        std::this_thread::sleep_for(50ms);
    kill(first, SIGKILL);
    int status = 0;
    waitpid(first, &status, 0);
    ASSERT_LT(files_under(root / "done").size(), static_cast<std::size_t>(files))
        << "the watcher finished before it could be killed; the test proves nothing";
    const pid_t second = spawn({"--once"});
    waitpid(second, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);

    EXPECT_EQ(files_under(root / "done").size(), static_cast<std::size_t>(files));
    EXPECT_TRUE(files_under(root / "inbox").empty());
    EXPECT_TRUE(files_under(root / "processing").empty());
    EXPECT_TRUE(files_under(root / "failed").empty());
    const auto counts = ledger_counts(root);
    ASSERT_TRUE(counts.count("done"));
    EXPECT_EQ(counts.at("done").size(), static_cast<std::size_t>(files));
    for (const auto& [name, n] : counts.at("done")) EXPECT_EQ(n, 1) << name;
}

TEST(Watch, RunStopsWhenAskedAfterFinishingWhatIsUnderWay) {
    TempDir dir;
    const fs::path root = dir.path();
    Harness h(root, 50ms);
    auto w = h.make();
    w->open();
    std::atomic<bool> stop{false};
    std::thread loop([&] { w->run(stop); });
    drop(root, "grid.xlsx", samples / "000_trajectory_grid.xlsx");
    for (int i = 0; i < 200 && !fs::exists(root / "done/grid.xlsx"); ++i)
        std::this_thread::sleep_for(50ms);
    stop = true;
    loop.join();
    EXPECT_TRUE(fs::exists(root / "done/grid.xlsx"));
    EXPECT_TRUE(fs::exists(root / "out/grid.xlsx/model.json"));
}

TEST(Watch, CombinedOutputReflectsExactlyTheFilesInDone) {
    TempDir dir;
    const fs::path root = dir.path();
    drop(root, "grid.xlsx", samples / "000_trajectory_grid.xlsx");
    drop(root, "teamA/dashboard.xlsx", samples / "002_dashboard.xlsx");
    drop_bytes(root, "corrupt.xlsx", "PK\x03\x04 broken");
    Harness h(root);
    h.options.combine = {{{KPIMAP_BINARY, "reconcile", "--mappings",
                           (fs::path(KPIMAP_SOURCE_DIR) / "mappings").string()},
                          "",
                          true},
                         {{KPIMAP_BINARY, "report"}, "report.xlsx"}};
    h.run_once();
    const fs::path combined = root / "out/_combined";
    EXPECT_EQ(test_support::read_file((combined / "sources.txt").string()),
              "grid.xlsx\nteamA/dashboard.xlsx\n");
    EXPECT_TRUE(fs::exists(combined / "model.json"));
    EXPECT_TRUE(fs::exists(combined / "reconciliation.txt"));
    EXPECT_GT(fs::file_size(combined / "report.xlsx"), 0u);
    EXPECT_EQ(h.names(EventKind::combined).size(), 1u);
    const WatchSummary summary = read_summary(root);
    EXPECT_EQ(summary.combined_sources, 2);
    EXPECT_EQ(summary.combined_at.size(), 20u) << summary.combined_at;  // 2026-12-05T10:29:27Z
    const std::string before = test_support::read_file((combined / "model.json").string());

    // A newer version of grid.xlsx replaces the older one's contribution; a failure changes
    // nothing; the same content again is not a change.
    drop(root, "grid.xlsx", samples / "001_outcomes_report.xlsx");
    drop_bytes(root, "broken.xlsx", "not a workbook at all");
    drop(root, "teamA/dashboard.xlsx", samples / "002_dashboard.xlsx");
    h.run_once();
    EXPECT_EQ(test_support::read_file((combined / "sources.txt").string()),
              "grid.xlsx\nteamA/dashboard.xlsx\n");
    EXPECT_NE(test_support::read_file((combined / "model.json").string()), before);
    EXPECT_EQ(h.names(EventKind::combined).size(), 2u);
    EXPECT_EQ(h.names(EventKind::duplicate).size(), 1u);
}

// The continuous watcher, woken by inotify (with its periodic scan set far beyond the test) or
// scanning on a short timer as on a network share: both must see every way a file arrives.
class WatchArrivals : public ::testing::TestWithParam<bool> {};

TEST_P(WatchArrivals, EveryWayAFileArrivesIsConvertedOnce) {
    TempDir dir;
    const fs::path root = dir.path();
    Harness h(root, 200ms);
    h.options.inotify = GetParam();
    h.options.rescan = GetParam() ? 60s : 200ms;
    auto w = h.make();
    w->open();
    std::atomic<bool> stop{false};
    std::thread loop([&] { w->run(stop); });
    std::this_thread::sleep_for(100ms);
    // A sub-folder created elsewhere with a file already inside, then moved in.
    fs::create_directories(root / "staging/new_team");
    fs::copy_file(samples / "000_trajectory_grid.xlsx", root / "staging/new_team/grid.xlsx");
    fs::rename(root / "staging/new_team", root / "inbox/new_team");
    // A file written under a temporary name, then renamed.
    fs::copy_file(samples / "002_dashboard.xlsx", root / "inbox/dashboard.xlsx.partial");
    fs::rename(root / "inbox/dashboard.xlsx.partial", root / "inbox/dashboard.xlsx");
    // A copy that keeps an old modification time.
    fs::copy_file(samples / "004_mh_pmf_matrix.xlsx", root / "inbox/matrix.xlsx");
    fs::last_write_time(root / "inbox/matrix.xlsx",
                        fs::file_time_type::clock::now() - std::chrono::hours(48));
    for (int i = 0; i < 300 && files_under(root / "done").size() < 3; ++i)
        std::this_thread::sleep_for(50ms);
    stop = true;
    loop.join();
    EXPECT_EQ(files_under(root / "done"),
              (std::set<std::string>{"new_team/grid.xlsx", "dashboard.xlsx", "matrix.xlsx"}));
    EXPECT_EQ(h.names(EventKind::done),
              (std::multiset<std::string>{"new_team/grid.xlsx", "dashboard.xlsx", "matrix.xlsx"}));
    EXPECT_TRUE(files_under(root / "inbox").empty());
}

INSTANTIATE_TEST_SUITE_P(InotifyAndPoll, WatchArrivals, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "inotify" : "poll"; });

TEST(Watch, SummaryOfAFolderWithNoLedgerSaysSo) {
    TempDir dir;
    EXPECT_THROW(read_summary(dir.path()), WatchError);
}

}  // namespace
}  // namespace kpimap::watch
