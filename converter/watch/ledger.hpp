// The watcher's ledger: one SQLite row per attempt at a file, in WAL mode with
// synchronous=FULL so that a committed row survives a crash or power cut. The row is written
// twice: when the file is claimed (state processing) and when its outputs are in place (done,
// failed or duplicate); `settled` records that the source has left processing/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kpimap/watch.hpp"

struct sqlite3;

namespace kpimap::watch {

struct LedgerRow {
    std::int64_t id = 0;
    std::string name;  // relative to inbox/
    std::string hash;
    std::string state;        // processing, done, failed, duplicate
    std::string destination;  // where the source goes (relative to ROOT), once finished
    bool settled = false;
};

class Ledger {
public:
    // Opens (creating) the ledger at `path`. Throws WatchError.
    explicit Ledger(const std::filesystem::path& path, bool read_only = false);
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    // Records that `name` with content `hash` was claimed; returns the row id.
    std::int64_t claim(const std::string& name, const std::string& hash, std::uint64_t size);
    // Records the outcome of a claimed row and where its source goes.
    void finish(std::int64_t id, const std::string& state, const std::string& reason,
                const std::string& output, const std::string& destination);
    // Records that the source of a row has reached its destination.
    void settle(std::int64_t id);
    // Forgets an attempt that never finished (its file is converted again).
    void abandon(std::int64_t id);
    // True when `name` with content `hash` was converted before.
    bool converted(const std::string& name, const std::string& hash);
    // The newest unsettled row for `name`, if any.
    std::optional<LedgerRow> unsettled(const std::string& name);
    // Every unsettled row.
    std::vector<LedgerRow> all_unsettled();

    // Counts and newest rows, for --status.
    void summarise(WatchSummary& summary);

private:
    void exec(const char* sql);
    sqlite3* db_ = nullptr;
    std::filesystem::path path_;
};

}  // namespace kpimap::watch
