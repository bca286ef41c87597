// File operations the watcher's exactly-once promise rests on: renames that never replace,
// fsync of files and of the folders that name them, and the content hash.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

namespace kpimap::watch {

// Renames `from` to `to` unless `to` exists (renameat2 RENAME_NOREPLACE), creating the parents
// of `to`. Returns the error (file_exists when `to` is taken).
std::error_code rename_no_replace(const std::filesystem::path& from,
                                  const std::filesystem::path& to);

// Puts the folder `from` in the place of `to`, atomically: a rename when `to` is absent,
// otherwise an exchange (RENAME_EXCHANGE) after which the old `to` is at `from` and is removed.
std::error_code replace_folder(const std::filesystem::path& from, const std::filesystem::path& to);

// fsyncs a file or folder; errors are returned, not thrown.
std::error_code sync_path(const std::filesystem::path& path);

// fsyncs every file and folder under `dir`, and `dir` itself.
std::error_code sync_tree(const std::filesystem::path& dir);

// Writes `text` to `path` through a temporary name, fsynced and renamed, then fsyncs the folder.
std::error_code write_durably(const std::filesystem::path& path, const std::string& text);

// SHA-256 of a file's content as 64 hex digits; empty with `error` set when unreadable.
std::string sha256_file(const std::filesystem::path& path, std::error_code& error);

// `name` under `dir` when free, else `stem.N.ext` with the first N >= `first` that is free.
std::filesystem::path free_name(const std::filesystem::path& dir, const std::string& name,
                                long long first);

}  // namespace kpimap::watch
