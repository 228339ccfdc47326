#include "core/store/session_file.h"

#include "core/store/annotation_anchor.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>

#include "core/store/detail/access.h"
#include "core/store/detail/owner.h"
#include "core/store/detail/sqlite.h"
#include "core/store/schema.h"

namespace core::store {
namespace fs = std::filesystem;

namespace detail {
Connection& connection(SessionFile& session) { return *session.connection_; }
}  // namespace detail

namespace {

// Tables whose size follows the territory or the results: checking their pages at every opening would
// cost seconds on a large session (`documents` and `document_stats` alone 0.7 s for a million documents).
// `document_stats` is gone from schema 12 on, but a file of an earlier schema is checked before its
// upgrade.
const std::set<std::string> kBulkTables = {"documents",      "document_texts", "document_stats", "document_parts",
                                           "vocabularies",   "run_projections", "run_documents",  "run_samples",
                                           "tracks"};

constexpr char kSqliteMagic[16] = "SQLite format 3";  // 15 characters and the terminating NUL

// "file:" URI for sqlite3_open_v2 with `query` appended; only what URIs treat specially is escaped.
std::string file_uri(const fs::path& path, const std::string& query) {
  std::string uri = "file:";
  for (const unsigned char ch : fs::absolute(path).string()) {
    if (ch == '%' || ch == '?' || ch == '#' || ch < 0x20 || ch == 0x7f) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      uri += buf;
    } else {
      uri += char(ch);
    }
  }
  if (!query.empty()) uri += "?" + query;
  return uri;
}

std::string hex32(std::int64_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", unsigned(std::uint32_t(v)));
  return buf;
}

Error with_message(Error e, std::string message) {
  e.message = std::move(message);
  return e;
}

// What is at the path before SQLite is asked: nothing (create it), an empty file (create into it), or
// a file that must start like a SQLite database.
struct FileAtPath {
  bool exists = false;
  bool creating = false;
};

fs::path folder_of(const fs::path& path) { return path.has_parent_path() ? path.parent_path() : fs::path("."); }

Result<FileAtPath> inspect_file(const fs::path& path, OpenMode mode, const std::string& where) {
  std::error_code ec;
  FileAtPath file;
  file.exists = fs::exists(path, ec);
  if (!file.exists) {
    if (mode != OpenMode::CreateIfMissing) return fail(ErrorCode::NotFound, "no session file here", where);
    if (!fs::is_directory(folder_of(path), ec))
      return fail(ErrorCode::NotFound, "the folder for the new session does not exist", where);
    file.creating = true;
    return file;
  }
  if (!fs::is_regular_file(path, ec))
    return fail(ErrorCode::InvalidInput, "not a Cartograph session (not a regular file)", where);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail(ErrorCode::Io, "cannot read the session file (permission denied?)", where, std::strerror(errno));
  std::array<char, 16> head{};
  in.read(head.data(), head.size());
  const auto got = in.gcount();
  if (got == 0) {
    if (mode != OpenMode::CreateIfMissing)
      return fail(ErrorCode::InvalidInput, "not a Cartograph session (the file is empty)", where);
    file.creating = true;
  } else if (got < 16 || std::memcmp(head.data(), kSqliteMagic, 16) != 0) {
    return fail(ErrorCode::InvalidInput, "not a Cartograph session (not a SQLite database)", where);
  }
  return file;
}

// Decides writability ourselves: root ignores file permissions, and SQLite would only discover a
// read-only file at the first write.
bool decide_read_only(const fs::path& path, OpenMode mode, const FileAtPath& file,
                      std::vector<std::string>& warnings) {
  if (mode == OpenMode::ReadOnly) return true;
  if (!file.exists || file.creating) return false;
  if (::access(path.c_str(), W_OK) != 0) {
    warnings.emplace_back("opened read-only: you do not have permission to write this file, so changes "
                          "cannot be saved");
    return true;
  }
  if (::access(folder_of(path).c_str(), W_OK | X_OK) != 0) {
    warnings.emplace_back("opened read-only: the folder holding the session is not writable (SQLite "
                          "keeps its -wal and -shm files beside it), so changes cannot be saved");
    return true;
  }
  return false;
}

struct OpenedConnection {
  std::unique_ptr<detail::Connection> connection;
  std::int64_t schema_entries = 0;  // count(*) of sqlite_schema, read by the first probe
};

// A connection to the file at `path` (with URI `query`), set up as the session uses it.
Result<std::unique_ptr<detail::Connection>> connect_uri(const fs::path& path, const std::string& query,
                                                        const std::string& where, int flags, bool read_only,
                                                        std::chrono::milliseconds busy_timeout) {
  STORE_ASSIGN(connection, detail::Connection::open(file_uri(path, query), where, flags));
  connection->set_busy_timeout(busy_timeout);
  connection->set_read_only(read_only);
  return std::move(connection);
}

// Opens the connection and reads page 1 and the schema: the first place a damaged or locked file
// shows itself. Foreign keys are on from here.
Result<OpenedConnection> open_connection(const fs::path& path, const std::string& where, bool read_only,
                                         std::chrono::milliseconds busy_timeout,
                                         std::vector<std::string>& warnings) {
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  STORE_ASSIGN(connection, connect_uri(path, "", where, flags, read_only, busy_timeout));
  auto probe = connection->query_int("SELECT count(*) FROM sqlite_schema");
  if (!probe && read_only &&
      (probe.error().code == ErrorCode::Io || probe.error().code == ErrorCode::ReadOnly)) {
    // A WAL session in a read-only folder without its -shm file can only be read as immutable.
    STORE_ASSIGN(immutable, connect_uri(path, "immutable=1", where, flags, true, busy_timeout));
    connection = std::move(immutable);
    probe = connection->query_int("SELECT count(*) FROM sqlite_schema");
    if (probe) warnings.emplace_back("the session is read as a snapshot: it cannot be written in this folder");
  }
  if (!probe) {
    const Error& e = probe.error();
    if (e.code == ErrorCode::Locked)
      return std::unexpected(with_message(e, "cannot open the session: " + e.message));
    return std::unexpected(e);
  }
  if (auto r = connection->exec("PRAGMA foreign_keys = ON"); !r) return std::unexpected(r.error());
  return OpenedConnection{std::move(connection), *probe};
}

struct FileStamp {
  std::int64_t application_id = 0;
  std::int64_t version = 0;  // PRAGMA user_version: the migrations applied
};

// Tells a Cartograph session (or an empty database about to become one) from another application's
// SQLite file and from a session written by a newer build.
Result<FileStamp> identify(detail::Connection& c, std::int64_t schema_entries, bool may_create, bool read_only,
                           const std::string& where) {
  STORE_ASSIGN(app_id, c.query_int("PRAGMA application_id"));
  STORE_ASSIGN(version, c.query_int("PRAGMA user_version"));
  if (app_id != kApplicationId) {
    const bool empty = app_id == 0 && version == 0 && schema_entries == 0;
    if (!(empty && may_create)) {
      if (empty)
        return fail(ErrorCode::Unsupported, "not a Cartograph session (an empty SQLite database)", where);
      return fail(ErrorCode::Unsupported, "not a Cartograph session (a SQLite database of another application)",
                  where,
                  "application_id " + hex32(app_id) + ", " + std::to_string(schema_entries) + " schema entries");
    }
    if (read_only)
      return fail(ErrorCode::ReadOnly, "cannot create a session here: the location is read-only", where);
  }
  const int known = current_schema_version();
  if (version > known)
    return fail(ErrorCode::NewerVersion,
                "written by a newer Cartograph (schema " + std::to_string(version) + "; this build reads up to " +
                    std::to_string(known) + ")",
                where, "open it with a newer Cartograph");
  return FileStamp{app_id, version};
}

// quick_check of every table but the bulk ones (see the header for why).
Result<void> check_small_tables(detail::Connection& c, const std::string& where) {
  std::vector<std::string> names;
  STORE_ASSIGN(q, c.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
  while (true) {
    STORE_ASSIGN(row, q.step());
    if (!row) break;
    std::string name = q.column_text(0);
    if (!kBulkTables.contains(name)) names.push_back(std::move(name));
  }
  for (const std::string& name : names) {
    std::string quoted = "\"";
    for (char ch : name) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    STORE_ASSIGN(verdict, c.query_text("PRAGMA quick_check(" + quoted + "\")"));
    if (verdict != "ok")
      return fail(ErrorCode::Corrupt, "the session file is corrupt: " + verdict, where, "table " + name);
  }
  return {};
}

Result<void> use_write_ahead_log(detail::Connection& c, std::vector<std::string>& warnings) {
  STORE_ASSIGN(journal, c.query_text("PRAGMA journal_mode"));
  if (journal != "wal") {
    STORE_ASSIGN(set, c.query_text("PRAGMA journal_mode = WAL"));
    if (set != "wal")
      warnings.push_back("the session could not switch to write-ahead logging (journal mode " + set +
                         "); readers may wait for writers");
  }
  // FULL: each committed batch survives a power cut, not only a crash of the process.
  return c.exec("PRAGMA synchronous = FULL");
}

// Runs left 'running' by a process that is gone become 'interrupted', and the user is told.
void note_interrupted_runs(detail::Connection& c, std::vector<std::string>& warnings) {
  auto orphaned = detail::interrupt_orphaned_runs(c);
  // A Locked error here only means another process is busy writing; its runs are alive anyway.
  if (!orphaned || orphaned->empty()) return;
  std::string ids;
  for (auto id : *orphaned) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
  warnings.push_back("run " + ids + " stopped before finishing (its process is gone) and is " +
                     "marked interrupted; it can be resumed");
}

}  // namespace

SessionFile::SessionFile() = default;
SessionFile::SessionFile(SessionFile&&) noexcept = default;
SessionFile& SessionFile::operator=(SessionFile&&) noexcept = default;
SessionFile::~SessionFile() = default;

Result<SessionFile> SessionFile::create(const fs::path& path, std::chrono::milliseconds busy_timeout) {
  std::error_code ec;
  if (fs::exists(path, ec))
    return fail(ErrorCode::InvalidInput,
                "a file already exists here; choose another name or open it instead", path.string());
  return open(path, OpenMode::CreateIfMissing, busy_timeout);
}

Result<SessionFile> SessionFile::open(const fs::path& path, OpenMode mode, std::chrono::milliseconds busy_timeout) {
  const std::string where = path.string();
  STORE_ASSIGN(file, inspect_file(path, mode, where));

  SessionFile session;
  session.path_ = path;
  std::vector<std::string>& warnings = session.warnings_;
  const bool read_only = decide_read_only(path, mode, file, warnings);
  STORE_ASSIGN(opened, open_connection(path, where, read_only, busy_timeout, warnings));
  session.connection_ = std::move(opened.connection);
  session.read_only_ = read_only;
  detail::Connection& c = *session.connection_;

  const bool may_create = file.creating || mode == OpenMode::CreateIfMissing;
  STORE_ASSIGN(stamp, identify(c, opened.schema_entries, may_create, read_only, where));
  STORE_TRY(check_small_tables(c, where));
  const int known = current_schema_version();
  if (stamp.version < known && read_only)
    return fail(ErrorCode::ReadOnly,
                "the session uses schema " + std::to_string(stamp.version) + " and must be upgraded to " +
                    std::to_string(known) +
                    (mode == OpenMode::ReadOnly
                         ? ", but this only reads it; open it once in the workbench or with a command that "
                           "writes to it (compare, score or zoom with --session), which upgrades it"
                         : ", but it is read-only; copy it somewhere writable"),
                where);
  if (!read_only) STORE_TRY(use_write_ahead_log(c, warnings));

  std::int64_t version = stamp.version;
  if (stamp.version < known || stamp.application_id != kApplicationId) {
    // Every missing migration in one transaction (see schema.h).
    STORE_ASSIGN(migrated, migrate(session, migrations()));
    version = migrated;
  }
  session.schema_version_ = int(version);
  if (!read_only) note_interrupted_runs(c, warnings);
  if (!read_only) {
    // Notes from before schema 8 get their place in the text where a run allows (annotation_anchor.h).
    if (auto anchored = anchor_token_annotations(session); !anchored)
      warnings.push_back("notes pinned to token positions were left as they are: " + anchored.error().message);
  }
  return session;
}

Result<void> SessionFile::verify() {
  auto verdict = connection_->query_text("PRAGMA integrity_check(1)");
  if (!verdict) return std::unexpected(verdict.error());
  if (*verdict != "ok")
    return fail(ErrorCode::Corrupt, "the session file is corrupt: " + *verdict, path_.string());
  auto fk = connection_->query_text("PRAGMA foreign_key_check");
  if (!fk) return std::unexpected(fk.error());
  if (!fk->empty())
    return fail(ErrorCode::Corrupt, "the session file is corrupt: rows of " + *fk +
                                        " refer to rows that do not exist",
                path_.string());
  return {};
}

Result<void> SessionFile::checkpoint() {
  if (auto w = connection_->require_writable("checkpointing the session"); !w) return w;
  return connection_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

Result<void> SessionFile::save_copy(const fs::path& destination) {
  std::error_code ec;
  if (fs::exists(destination, ec))
    return fail(ErrorCode::InvalidInput, "a file already exists here; choose another name",
                destination.string());
  auto q = connection_->prepare("VACUUM INTO ?");
  if (!q) return std::unexpected(q.error());
  const std::string target = destination.string();
  q->bind(1, std::string_view(target));
  if (auto r = q->run(); !r) return std::unexpected(with_path(r.error(), target));
  return {};
}

}  // namespace core::store
