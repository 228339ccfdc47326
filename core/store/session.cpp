#include "core/store/session.h"

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
Connection& connection(Session& session) { return *session.connection_; }
}  // namespace detail

namespace {

// Tables whose rows are large and many; checking their pages at every opening would cost seconds.
const std::set<std::string> kBulkTables = {"document_texts", "vocabularies",  "run_projections",
                                           "run_documents",  "run_samples",   "tracks"};

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

}  // namespace

Session::Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

Result<Session> Session::create(const fs::path& path, std::chrono::milliseconds busy_timeout) {
  std::error_code ec;
  if (fs::exists(path, ec))
    return fail(ErrorCode::InvalidInput,
                "a file already exists here; choose another name or open it instead", path.string());
  return open(path, OpenMode::CreateIfMissing, busy_timeout);
}

Result<Session> Session::open(const fs::path& path, OpenMode mode, std::chrono::milliseconds busy_timeout) {
  const std::string where = path.string();
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  bool creating = false;
  if (!exists) {
    if (mode != OpenMode::CreateIfMissing) return fail(ErrorCode::NotFound, "no session file here", where);
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
      return fail(ErrorCode::NotFound, "the folder for the new session does not exist", where);
    creating = true;
  } else {
    if (!fs::is_regular_file(path, ec))
      return fail(ErrorCode::InvalidInput, "not a Cartograph session (not a regular file)", where);
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return fail(ErrorCode::Io, "cannot read the session file (permission denied?)", where,
                  std::strerror(errno));
    std::array<char, 16> head{};
    in.read(head.data(), head.size());
    const auto got = in.gcount();
    if (got == 0) {
      if (mode != OpenMode::CreateIfMissing)
        return fail(ErrorCode::InvalidInput, "not a Cartograph session (the file is empty)", where);
      creating = true;
    } else if (got < 16 || std::memcmp(head.data(), kSqliteMagic, 16) != 0) {
      return fail(ErrorCode::InvalidInput, "not a Cartograph session (not a SQLite database)", where);
    }
  }

  Session session;
  session.path_ = path;
  std::vector<std::string>& warnings = session.warnings_;

  // Decide writability ourselves: root ignores file permissions, and SQLite would only discover a
  // read-only file at the first write.
  bool read_only = mode == OpenMode::ReadOnly;
  if (!read_only && exists && !creating) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (::access(path.c_str(), W_OK) != 0) {
      read_only = true;
      warnings.emplace_back("opened read-only: you do not have permission to write this file, so changes "
                         "cannot be saved");
    } else if (::access(dir.c_str(), W_OK | X_OK) != 0) {
      read_only = true;
      warnings.emplace_back("opened read-only: the folder holding the session is not writable (SQLite "
                         "keeps its -wal and -shm files beside it), so changes cannot be saved");
    }
  }

  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  auto connection = detail::Connection::open(file_uri(path, ""), where, flags);
  if (!connection) return std::unexpected(connection.error());
  (*connection)->set_busy_timeout(busy_timeout);
  (*connection)->set_read_only(read_only);

  // Reads page 1 and the schema: the first place a damaged or locked file shows itself.
  auto probe = (*connection)->query_int("SELECT count(*) FROM sqlite_schema");
  if (!probe && read_only &&
      (probe.error().code == ErrorCode::Io || probe.error().code == ErrorCode::ReadOnly)) {
    // A WAL session in a read-only folder without its -shm file can only be read as immutable.
    connection = detail::Connection::open(file_uri(path, "immutable=1"), where, flags);
    if (!connection) return std::unexpected(connection.error());
    (*connection)->set_busy_timeout(busy_timeout);
    (*connection)->set_read_only(true);
    probe = (*connection)->query_int("SELECT count(*) FROM sqlite_schema");
    if (probe)
      warnings.emplace_back("the session is read as a snapshot: it cannot be written in this folder");
  }
  if (!probe) {
    const Error& e = probe.error();
    if (e.code == ErrorCode::Locked)
      return std::unexpected(with_message(e, "cannot open the session: " + e.message));
    return std::unexpected(e);
  }
  session.connection_ = std::move(*connection);
  session.read_only_ = read_only;
  detail::Connection& c = *session.connection_;

  if (auto r = c.exec("PRAGMA foreign_keys = ON"); !r) return std::unexpected(r.error());

  auto app_id = c.query_int("PRAGMA application_id");
  if (!app_id) return std::unexpected(app_id.error());
  auto version = c.query_int("PRAGMA user_version");
  if (!version) return std::unexpected(version.error());
  const std::int64_t tables = *probe;

  if (*app_id != kApplicationId) {
    const bool empty = *app_id == 0 && *version == 0 && tables == 0;
    if (!(empty && (creating || mode == OpenMode::CreateIfMissing))) {
      if (empty)
        return fail(ErrorCode::Unsupported, "not a Cartograph session (an empty SQLite database)", where);
      return fail(ErrorCode::Unsupported,
                  "not a Cartograph session (a SQLite database of another application)", where,
                  "application_id " + hex32(*app_id) + ", " + std::to_string(tables) +
                      " schema entries");
    }
    if (read_only)
      return fail(ErrorCode::ReadOnly, "cannot create a session here: the location is read-only", where);
  }
  const int known = current_schema_version();
  if (*version > known)
    return fail(ErrorCode::NewerVersion,
                "written by a newer Cartograph (schema " + std::to_string(*version) +
                    "; this build reads up to " + std::to_string(known) + ")",
                where, "open it with a newer Cartograph");

  // Structure of the small tables (see the header for why not the bulk ones).
  {
    std::vector<std::string> names;
    auto q = c.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    if (!q) return std::unexpected(q.error());
    while (true) {
      auto row = q->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      std::string name = q->column_text(0);
      if (!kBulkTables.contains(name)) names.push_back(std::move(name));
    }
    for (const std::string& name : names) {
      std::string quoted = "\"";
      for (char ch : name) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      auto verdict = c.query_text("PRAGMA quick_check(" + quoted + "\")");
      if (!verdict) return std::unexpected(verdict.error());
      if (*verdict != "ok")
        return fail(ErrorCode::Corrupt, "the session file is corrupt: " + *verdict, where,
                    "table " + name);
    }
  }

  if (*version < known) {
    if (read_only)
      return fail(ErrorCode::ReadOnly,
                  "the session uses schema " + std::to_string(*version) + " and must be upgraded to " +
                      std::to_string(known) + ", but it is read-only; copy it somewhere writable",
                  where);
  }
  if (!read_only) {
    auto journal = c.query_text("PRAGMA journal_mode");
    if (!journal) return std::unexpected(journal.error());
    if (*journal != "wal") {
      auto set = c.query_text("PRAGMA journal_mode = WAL");
      if (!set) return std::unexpected(set.error());
      if (*set != "wal")
        warnings.push_back("the session could not switch to write-ahead logging (journal mode " + *set +
                           "); readers may wait for writers");
    }
    // FULL: each committed batch survives a power cut, not only a crash of the process.
    if (auto r = c.exec("PRAGMA synchronous = FULL"); !r) return std::unexpected(r.error());
  }
  if (*version < known || *app_id != kApplicationId) {
    auto migrated = migrate(session, migrations());
    if (!migrated) return std::unexpected(migrated.error());
    version = *migrated;
  }
  session.schema_version_ = int(*version);

  if (!read_only) {
    auto orphaned = detail::interrupt_orphaned_runs(c);
    if (orphaned && !orphaned->empty()) {
      std::string ids;
      for (auto id : *orphaned) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
      warnings.push_back("run " + ids + " stopped before finishing (its process is gone) and is " +
                         "marked interrupted; it can be resumed");
    }
    // A Locked error here only means another process is busy writing; its runs are alive anyway.
  }
  return session;
}

Result<void> Session::verify() {
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

Result<void> Session::checkpoint() {
  if (auto w = connection_->require_writable("checkpointing the session"); !w) return w;
  return connection_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

Result<void> Session::save_copy(const fs::path& destination) {
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
