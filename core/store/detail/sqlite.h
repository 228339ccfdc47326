#pragma once
// Private to core/store: a thin RAII layer over SQLite's C API (connection, cached prepared statements,
// transactions) and the mapping of SQLite result codes to core::Error. Nothing outside core/store
// includes this header, so SQL and <sqlite3.h> stay in one folder.
//
// Thread affinity: a Connection and its statements belong to the thread that uses its SessionFile.
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "core/error.h"

// Early returns for Result-returning functions inside core/store (private to this folder).
#define STORE_TRY(expr)                                                    \
  do {                                                                     \
    if (auto store_try_ = (expr); !store_try_)                             \
      return std::unexpected(std::move(store_try_.error()));               \
  } while (0)
#define STORE_ASSIGN(var, expr)                                            \
  auto var##_result_ = (expr);                                             \
  if (!var##_result_) return std::unexpected(std::move(var##_result_.error())); \
  auto& var = *var##_result_

namespace core::store::detail {

class Connection;

// A prepared statement borrowed from the connection's cache. Resets itself and clears its bindings
// when it goes out of scope, so the next user always finds it fresh.
class Statement {
 public:
  Statement(Connection& connection, sqlite3_stmt* stmt) : connection_(&connection), stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : connection_(other.connection_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQL. Text and blobs are bound SQLITE_STATIC: the caller keeps the
  // bytes alive until the statement is stepped for the last time.
  template <class Int>
    requires std::is_integral_v<Int>
  Statement& bind(int index, Int value) {
    return bind_int64(index, static_cast<std::int64_t>(value));
  }
  Statement& bind_int64(int index, std::int64_t value);
  Statement& bind(int index, double value);  // NaN is stored as NULL (SQLite has no NaN)
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind_blob(int index, std::span<const std::byte> bytes);  // empty binds NULL
  Statement& bind_null(int index);
  Statement& bind_zeroblob(int index, std::uint64_t bytes);  // 0 binds NULL

  // true: a row is ready; false: done.
  Result<bool> step();
  // Steps a statement that returns no rows.
  Result<void> run();

  std::int64_t column_int64(int column) const;
  double column_double(int column) const;  // NULL reads back as NaN
  std::string column_text(int column) const;
  // The text without a copy: valid until the next step, reset or finalize.
  std::string_view column_text_view(int column) const;
  std::span<const std::byte> column_blob(int column) const;
  bool column_is_null(int column) const;

 private:
  Connection* connection_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens with sqlite3_open_v2; `uri` may be a file: URI. Result codes are extended.
  static Result<std::unique_ptr<Connection>> open(const std::string& uri, const std::string& path,
                                                  int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // A cached prepared statement for `sql` (keyed by its text), so loops never re-prepare.
  Result<Statement> prepare(std::string_view sql);
  // Runs one or more statements that return no rows (schema, pragmas), uncached.
  Result<void> exec(std::string_view sql);
  // Runs a pragma or query returning one value in the first row (an empty string when no row).
  Result<std::string> query_text(std::string_view sql);
  Result<std::int64_t> query_int(std::string_view sql);

  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }

  void set_busy_timeout(std::chrono::milliseconds timeout);
  std::chrono::milliseconds busy_timeout() const { return busy_timeout_; }
  void set_read_only(bool read_only) { read_only_ = read_only; }
  bool read_only() const { return read_only_; }

  // The core::Error for SQLite result code `rc` while `doing` something ("committing documents").
  Error error(int rc, std::string_view doing) const;
  // Refuses a write on a read-only session before SQLite is asked, and on a session whose file was
  // deleted or replaced since it was opened (SQLite would write on into the unlinked file, which
  // vanishes with the last handle: the user would lose every later commit without a word).
  Result<void> require_writable(std::string_view doing) const;

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::chrono::milliseconds busy_timeout_{0};
  bool read_only_ = false;
  std::uint64_t file_device_ = 0, file_inode_ = 0;  // the file opened (0: unknown, not checked)
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// A Corrupt error naming the connection's file: "the session file is corrupt: <what>".
Error corrupt(const Connection& c, const std::string& what);

// One column of one row opened for incremental blob I/O (sqlite3_blob_*): reads and writes a byte range
// of a blob in place without loading the whole value. Closed by the destructor.
class Blob {
 public:
  static Result<std::unique_ptr<Blob>> open(Connection& connection, const char* table, const char* column,
                                            std::int64_t rowid, bool writable, std::string_view doing);
  ~Blob();
  Blob(const Blob&) = delete;
  Blob& operator=(const Blob&) = delete;

  std::size_t size() const;
  Result<void> read(std::span<std::byte> into, std::size_t offset);
  Result<void> write(std::span<const std::byte> bytes, std::size_t offset);

 private:
  Blob(Connection& connection, sqlite3_blob* blob, std::string doing)
      : connection_(&connection), blob_(blob), doing_(std::move(doing)) {}
  Connection* connection_;
  sqlite3_blob* blob_;
  std::string doing_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed. IMMEDIATE takes the
// write lock up front, so a busy file fails at the start (after the busy timeout) rather than half way.
// Begun inside another transaction it is a SAVEPOINT of it: its commit releases the savepoint and only the
// outer commit writes, so several writes (a merge: begin_run, commit_documents, finish_run) can be made
// one all-or-nothing transaction by opening an outer one around them.
class Transaction {
 public:
  static Result<Transaction> begin(Connection& connection, std::string_view doing);
  Transaction(Transaction&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)), doing_(std::move(other.doing_)), nested_(other.nested_) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Result<void> commit();

 private:
  Transaction(Connection& connection, std::string doing, bool nested)
      : connection_(&connection), doing_(std::move(doing)), nested_(nested) {}
  Connection* connection_;
  std::string doing_;
  bool nested_ = false;
};

// A read transaction: every statement inside sees the same committed state of the file, so a read
// made of several statements never mixes two of a writer's commits. Ends when it goes out of scope.
// Nested inside another transaction it does nothing (the outer one already holds a snapshot).
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& connection);
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ~ReadSnapshot();

 private:
  Connection* connection_ = nullptr;  // null when nested
};

}  // namespace core::store::detail
