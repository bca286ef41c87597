#include "ledger.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <ctime>

namespace kpimap::watch {

namespace {

const char* const schema = R"sql(
CREATE TABLE IF NOT EXISTS files(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('processing','done','failed','duplicate','abandoned')),
  reason TEXT NOT NULL DEFAULT '',
  output TEXT NOT NULL DEFAULT '',
  destination TEXT NOT NULL DEFAULT '',
  settled INTEGER NOT NULL DEFAULT 0,
  claimed_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS files_by_key ON files(hash, name, state);
CREATE INDEX IF NOT EXISTS files_unsettled ON files(settled, name);
)sql";

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// A prepared statement, finalised on every path out.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail("prepare");
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement& bind(int i, const std::string& text) {
        sqlite3_bind_text(stmt_, i, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, std::int64_t n) {
        sqlite3_bind_int64(stmt_, i, n);
        return *this;
    }
    // True while there is a row to read.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) fail("step");
        return false;
    }
    std::string text(int i) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : "";
    }
    std::int64_t integer(int i) const { return sqlite3_column_int64(stmt_, i); }

private:
    [[noreturn]] void fail(const char* what) const {
        throw WatchError(fmt::format("the watch ledger failed ({}: {})", what, sqlite3_errmsg(db_)),
                         "check that ROOT/ledger.sqlite is writable and the disk has space; "
                         "if it is damaged, move it aside (every file in done/ stays)");
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

LedgerRow read_row(const Statement& s) {
    return {s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5) != 0};
}

}  // namespace

Ledger::Ledger(const std::filesystem::path& path, bool read_only) : path_(path) {
    const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw WatchError(fmt::format("cannot open the watch ledger {} ({})", path.string(), why),
                         read_only ? "check that ROOT is a folder kpimap watch has run on"
                                   : "check that ROOT is writable by the user running kpimap");
    }
    sqlite3_busy_timeout(db_, 5000);
    if (!read_only) {
        // WAL keeps readers (--status) off the writer's back; FULL syncs the WAL at each commit,
        // so a row the watcher acted on is never lost to a crash.
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec(schema);
    }
}

Ledger::~Ledger() {
    sqlite3_close(db_);
}

void Ledger::exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string why = error ? error : "unknown error";
        sqlite3_free(error);
        throw WatchError(fmt::format("the watch ledger {} failed ({})", path_.string(), why),
                         "check that ROOT/ledger.sqlite is writable and the disk has space");
    }
}

std::int64_t Ledger::claim(const std::string& name, const std::string& hash, std::uint64_t size) {
    Statement s(db_,
                "INSERT INTO files(name, hash, size, state, claimed_at) "
                "VALUES(?1, ?2, ?3, 'processing', ?4)");
    s.bind(1, name).bind(2, hash).bind(3, static_cast<std::int64_t>(size)).bind(4, utc_now());
    s.step();
    return sqlite3_last_insert_rowid(db_);
}

void Ledger::finish(std::int64_t id, const std::string& state, const std::string& reason,
                    const std::string& output, const std::string& destination) {
    Statement s(db_,
                "UPDATE files SET state = ?2, reason = ?3, output = ?4, destination = ?5, "
                "finished_at = ?6 WHERE id = ?1");
    s.bind(1, id).bind(2, state).bind(3, reason).bind(4, output).bind(5, destination);
    s.bind(6, utc_now());
    s.step();
}

void Ledger::settle(std::int64_t id) {
    Statement s(db_, "UPDATE files SET settled = 1 WHERE id = ?1");
    s.bind(1, id).step();
}

void Ledger::abandon(std::int64_t id) {
    Statement s(db_, "UPDATE files SET state = 'abandoned', settled = 1 WHERE id = ?1");
    s.bind(1, id).step();
}

bool Ledger::converted(const std::string& name, const std::string& hash) {
    Statement s(db_, "SELECT 1 FROM files WHERE hash = ?1 AND name = ?2 AND state = 'done'");
    s.bind(1, hash).bind(2, name);
    return s.step();
}

std::optional<LedgerRow> Ledger::unsettled(const std::string& name) {
    Statement s(db_,
                "SELECT id, name, hash, state, destination, settled FROM files "
                "WHERE settled = 0 AND name = ?1 ORDER BY id DESC LIMIT 1");
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return read_row(s);
}

std::vector<LedgerRow> Ledger::all_unsettled() {
    Statement s(db_,
                "SELECT id, name, hash, state, destination, settled FROM files "
                "WHERE settled = 0 ORDER BY id");
    std::vector<LedgerRow> rows;
    while (s.step()) rows.push_back(read_row(s));
    return rows;
}

void Ledger::summarise(WatchSummary& summary) {
    {
        Statement s(db_, "SELECT state, count(*) FROM files GROUP BY state");
        while (s.step()) {
            const std::string state = s.text(0);
            if (state == "done") summary.done = s.integer(1);
            if (state == "failed") summary.failed = s.integer(1);
            if (state == "duplicate") summary.duplicates = s.integer(1);
        }
    }
    const auto newest = [&](const char* sql, std::vector<LedgerEntry>& into) {
        Statement s(db_, sql);
        while (s.step()) into.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)});
    };
    newest(
        "SELECT name, hash, state, reason, finished_at FROM files WHERE state = 'failed' "
        "ORDER BY id DESC LIMIT 5",
        summary.latest_errors);
    newest(
        "SELECT name, hash, state, reason, finished_at FROM files "
        "WHERE state IN ('done','failed','duplicate') ORDER BY id DESC LIMIT 5",
        summary.latest);
}

}  // namespace kpimap::watch
