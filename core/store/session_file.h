#pragma once
// core::store::SessionFile: one open Cartograph session file (`*.cartograph`, SQLite) — an RAII handle
// over exactly one SQLite connection. The repositories (Catalog, RunWriter, RunReader, Library) are
// built on a SessionFile and hold a reference to it: keep the SessionFile alive (and in place) while they live.
//
// Thread affinity: a SessionFile is NOT thread-safe. Use it, and every repository made on it, from one
// thread at a time; give each worker thread its own SessionFile on the same file. The file is in WAL mode,
// so any number of readers work while one writer commits; a second writer waits up to the busy timeout
// and then gets ErrorCode::Locked.
//
// Opening tells apart, each with its own code and a message a user can act on:
//   missing file                 NotFound      "no session file here"
//   not SQLite (a PNG, a text)   InvalidInput  "not a Cartograph session (not a SQLite database)"
//   another program's SQLite     Unsupported   "not a Cartograph session (a SQLite database of another application)"
//   damaged file                 Corrupt       "the session file is corrupt: ..."
//   newer schema                 NewerVersion  "written by a newer Cartograph (schema 7; this build reads up to 1)"
//   locked by a writer           Locked        "the session is locked by another connection or process ..."
//   not writable                 opens read-only: read_only() is true, warnings() says why; writes then
//                                fail with ReadOnly
// Opening checks the structure of every table except the bulk ones (documents and their texts, tokens,
// statistics, tracks and parts, samples, vocabularies, projections), which would make opening a large
// session slow; damage there is reported as Corrupt when the damaged rows are read, and verify() checks
// everything.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

namespace core::store {

class SessionFile;
namespace detail {
class Connection;
Connection& connection(SessionFile& session);
}  // namespace detail

enum class OpenMode {
  ReadWrite,        // an existing session; falls back to read-only (with a warning) when not writable
  ReadOnly,         // an existing session, never written
  CreateIfMissing,  // like ReadWrite, but creates a new empty session when there is no file
};

class SessionFile {
 public:
  static constexpr std::chrono::milliseconds kDefaultBusyTimeout{5000};

  // Opens (and if needed upgrades, in one transaction) a session. `busy_timeout` is how long any
  // operation waits for another process's write transaction before failing with Locked.
  static Result<SessionFile> open(const std::filesystem::path& path, OpenMode mode = OpenMode::ReadWrite,
                              std::chrono::milliseconds busy_timeout = kDefaultBusyTimeout);
  // A new, empty session; refuses to replace an existing file.
  static Result<SessionFile> create(const std::filesystem::path& path,
                                std::chrono::milliseconds busy_timeout = kDefaultBusyTimeout);

  SessionFile(SessionFile&&) noexcept;
  SessionFile& operator=(SessionFile&&) noexcept;
  ~SessionFile();

  const std::filesystem::path& path() const { return path_; }
  bool read_only() const { return read_only_; }
  int schema_version() const { return schema_version_; }
  // Things the user should know about this opening (why it is read-only, runs found interrupted).
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Full `PRAGMA integrity_check` of every page (seconds on a large session): Corrupt when it fails.
  Result<void> verify();
  // Moves everything from the write-ahead log into the main file (before copying the file by hand).
  Result<void> checkpoint();
  // Writes a compact, consistent copy of the session to `destination` ("Save As"); refuses to overwrite.
  Result<void> save_copy(const std::filesystem::path& destination);

 private:
  SessionFile();
  friend detail::Connection& detail::connection(SessionFile& session);

  std::unique_ptr<detail::Connection> connection_;
  std::filesystem::path path_;
  bool read_only_ = false;
  int schema_version_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace core::store
