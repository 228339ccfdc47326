#include "core/store/detail/sqlite.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <cmath>
#include <cstdio>

namespace core::store::detail {

Statement::~Statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::bind_int64(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (std::isnan(value))
    sqlite3_bind_null(stmt_, index);
  else
    sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  // A non-null pointer even for "" so that an empty string is stored as '' and not NULL.
  sqlite3_bind_text64(stmt_, index, text.empty() ? "" : text.data(), text.size(), SQLITE_STATIC,
                      SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::byte> bytes) {
  if (bytes.empty())
    sqlite3_bind_null(stmt_, index);
  else
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
  return *this;
}

Statement& Statement::bind_zeroblob(int index, std::uint64_t bytes) {
  if (bytes == 0)
    sqlite3_bind_null(stmt_, index);
  else
    sqlite3_bind_zeroblob64(stmt_, index, bytes);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = connection_->error(rc, "");
  if (e.detail.empty()) {
    if (const char* sql = sqlite3_sql(stmt_)) e.detail = std::string(sql).substr(0, 120);
  }
  sqlite3_reset(stmt_);
  return std::unexpected(std::move(e));
}

Result<void> Statement::run() {
  auto r = step();
  if (!r) return std::unexpected(r.error());
  return {};
}

std::int64_t Statement::column_int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::column_double(int column) const {
  // NULL reads as 0.0, so only a zero asks for the type: one call per value where most are not zero
  // (a run's statistics are millions of them).
  const double value = sqlite3_column_double(stmt_, column);
  if (value == 0.0 && sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nan("");
  return value;
}

std::string Statement::column_text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(p, std::size_t(n)) : std::string();
}

std::string_view Statement::column_text_view(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string_view(p, std::size_t(n)) : std::string_view();
}

std::span<const std::byte> Statement::column_blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  if (!p || n <= 0) return {};
  return {static_cast<const std::byte*>(p), std::size_t(n)};
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& uri, const std::string& path,
                                                     int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(uri.c_str(), &db, flags | SQLITE_OPEN_URI, nullptr);
  std::unique_ptr<Connection> connection(new Connection(db, path));
  if (rc != SQLITE_OK) {
    if (!db) return fail(ErrorCode::Internal, "SQLite could not allocate a connection", path);
    return std::unexpected(connection->error(rc, "opening the session"));
  }
  sqlite3_extended_result_codes(db, 1);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    connection->file_device_ = std::uint64_t(st.st_dev);
    connection->file_inode_ = std::uint64_t(st.st_ino);
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  // sqlite3_close_v2 also checkpoints the WAL and removes it when this is the last connection.
  if (db_) sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) return Statement(*this, it->second);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Error e = error(rc, "");
    if (e.detail.empty()) e.detail = std::string(sql.substr(0, 120));
    return std::unexpected(std::move(e));
  }
  cache_.emplace(std::string(sql), stmt);
  return Statement(*this, stmt);
}

Result<void> Connection::exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, ""));
  return {};
}

Result<std::string> Connection::query_text(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, ""));
  std::string value;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    if (const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) value = p;
  }
  Error e;
  const bool failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
  if (failed) e = error(rc, "");
  sqlite3_finalize(stmt);
  if (failed) return std::unexpected(std::move(e));
  return value;
}

Result<std::int64_t> Connection::query_int(std::string_view sql) {
  auto text = query_text(sql);
  if (!text) return std::unexpected(text.error());
  return text->empty() ? 0 : std::stoll(*text);
}

void Connection::set_busy_timeout(std::chrono::milliseconds timeout) {
  busy_timeout_ = timeout;
  sqlite3_busy_timeout(db_, int(timeout.count()));
}

Error corrupt(const Connection& c, const std::string& what) {
  return Error{ErrorCode::Corrupt, "the session file is corrupt: " + what, c.path(), {}};
}

Error Connection::error(int rc, std::string_view doing) const {
  const int primary = rc & 0xff;
  std::string sqlite_message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  if (sqlite_message == "not an error" || sqlite_message.empty()) sqlite_message = sqlite3_errstr(rc);
  std::string prefix = doing.empty() ? std::string() : std::string(doing) + ": ";
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: {
      char waited[64];
      std::snprintf(waited, sizeof waited, "%.1f s", double(busy_timeout_.count()) / 1000.0);
      return Error{ErrorCode::Locked,
                   prefix + "the session is locked by another connection or process that is writing "
                            "to it; gave up after waiting " + waited + " (try again when it is done)",
                   path_, sqlite_message};
    }
    case SQLITE_READONLY:
      return Error{ErrorCode::ReadOnly,
                   prefix + "the session is open read-only, so changes cannot be saved", path_,
                   sqlite_message};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error{ErrorCode::Corrupt, prefix + "the session file is corrupt: " + sqlite_message,
                   path_, {}};
    case SQLITE_FULL:
      return Error{ErrorCode::Io, prefix + "the disk is full; nothing from this step was saved",
                   path_, sqlite_message};
    case SQLITE_IOERR:
      // A write refused for want of space (ENOSPC, a quota, or the process's file size limit: EFBIG)
      // reaches SQLite as an I/O error; say what it is.
      if (const int os = db_ ? sqlite3_system_errno(db_) : 0; os == ENOSPC || os == EFBIG || os == EDQUOT)
        return Error{ErrorCode::Io, prefix + "the disk is full; nothing from this step was saved", path_,
                     sqlite_message + ": " + std::strerror(os)};
      // SQLite keeps no errno for a failed write by the time it returns; a refused write is most often
      // a full disk or a file size limit (RLIMIT_FSIZE), so the message says so.
      if (rc == SQLITE_IOERR_WRITE)
        return Error{ErrorCode::Io,
                     prefix + "the operating system refused to write the session (the disk may be full); "
                              "nothing from this step was saved",
                     path_, sqlite_message};
      [[fallthrough]];
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Error{ErrorCode::Io, prefix + "the operating system refused to read or write the session",
                   path_, sqlite_message};
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
      return Error{ErrorCode::InvalidInput, prefix + "the session refused the data: " + sqlite_message,
                   path_, {}};
    default:
      return Error{ErrorCode::Internal, prefix + "SQLite failed: " + sqlite_message, path_, {}};
  }
}

Result<void> Connection::require_writable(std::string_view doing) const {
  std::string prefix = doing.empty() ? std::string() : std::string(doing) + ": ";
  if (read_only_)
    return fail(ErrorCode::ReadOnly, prefix + "the session is open read-only, so changes cannot be saved",
                path_);
  struct stat st {};
  if (file_inode_ != 0 && (::stat(path_.c_str(), &st) != 0 || std::uint64_t(st.st_dev) != file_device_ ||
                           std::uint64_t(st.st_ino) != file_inode_))
    return fail(ErrorCode::Io,
                prefix + "the session file was deleted or replaced while open, so nothing more is written "
                         "to it; what this step computed was not saved (start a new session to keep working)",
                path_);
  return {};
}

Result<Transaction> Transaction::begin(Connection& connection, std::string_view doing) {
  if (auto w = connection.require_writable(doing); !w) return std::unexpected(w.error());
  const bool nested = !sqlite3_get_autocommit(connection.handle());
  const int rc = sqlite3_exec(connection.handle(), nested ? "SAVEPOINT nested" : "BEGIN IMMEDIATE", nullptr,
                              nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(connection.error(rc, doing));
  return Transaction(connection, std::string(doing), nested);
}

Transaction::~Transaction() {
  if (!connection_ || sqlite3_get_autocommit(connection_->handle())) return;
  if (nested_)
    sqlite3_exec(connection_->handle(), "ROLLBACK TO nested; RELEASE nested", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(connection_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> Transaction::commit() {
  Connection* c = std::exchange(connection_, nullptr);
  if (nested_) {
    const int rc = sqlite3_exec(c->handle(), "RELEASE nested", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(c->error(rc, doing_));
    return {};
  }
  const int rc = sqlite3_exec(c->handle(), "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    Error e = c->error(rc, doing_);
    if (!sqlite3_get_autocommit(c->handle()))
      sqlite3_exec(c->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    return std::unexpected(std::move(e));
  }
  return {};
}

ReadSnapshot::ReadSnapshot(Connection& connection) {
  if (!sqlite3_get_autocommit(connection.handle())) return;
  // A failed BEGIN leaves autocommit on; each statement then reads on its own, and its errors report.
  if (sqlite3_exec(connection.handle(), "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK) connection_ = &connection;
}

ReadSnapshot::~ReadSnapshot() {
  // Ending a read-only transaction cannot lose anything; COMMIT and ROLLBACK are alike here.
  if (connection_ && !sqlite3_get_autocommit(connection_->handle()))
    sqlite3_exec(connection_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<std::unique_ptr<Blob>> Blob::open(Connection& connection, const char* table, const char* column,
                                         std::int64_t rowid, bool writable, std::string_view doing) {
  sqlite3_blob* blob = nullptr;
  const int rc = sqlite3_blob_open(connection.handle(), "main", table, column, rowid, writable ? 1 : 0, &blob);
  if (rc != SQLITE_OK) {
    if (blob) sqlite3_blob_close(blob);
    return std::unexpected(connection.error(rc, doing));
  }
  return std::unique_ptr<Blob>(new Blob(connection, blob, std::string(doing)));
}

Blob::~Blob() { sqlite3_blob_close(blob_); }

std::size_t Blob::size() const { return std::size_t(sqlite3_blob_bytes(blob_)); }

Result<void> Blob::read(std::span<std::byte> into, std::size_t offset) {
  if (into.empty()) return {};
  const int rc = sqlite3_blob_read(blob_, into.data(), int(into.size()), int(offset));
  if (rc != SQLITE_OK) return std::unexpected(connection_->error(rc, doing_));
  return {};
}

Result<void> Blob::write(std::span<const std::byte> bytes, std::size_t offset) {
  if (bytes.empty()) return {};
  const int rc = sqlite3_blob_write(blob_, bytes.data(), int(bytes.size()), int(offset));
  if (rc != SQLITE_OK) return std::unexpected(connection_->error(rc, doing_));
  return {};
}

}  // namespace core::store::detail
