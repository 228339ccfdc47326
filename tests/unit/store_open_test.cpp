// Opening a session tells apart every way a file can fail to be one, each with its own message.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "core/store/catalog.h"
#include "core/store/library.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/schema.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
using core::ErrorCode;

namespace {

// A complete session with one finished run of four documents; closed on return.
void make_session(const std::filesystem::path& file) {
  std::int64_t run_id = 0;
  storetest::write_finished_run(file, storetest::make_fixture(4), run_id);
}

using storetest::raw_exec;

std::int64_t raw_int(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr);
  std::int64_t v = -1;
  if (q && sqlite3_step(q) == SQLITE_ROW) v = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return v;
}

// Overwrites page `page` (1-based) of the file with a byte pattern, as a failing disk would.
void clobber_page(const std::filesystem::path& file, std::int64_t page, std::size_t from = 0) {
  const std::int64_t size = raw_int(file, "PRAGMA page_size");
  ASSERT_GT(size, 0);
  std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
  out.seekp(std::streamoff((page - 1) * size + std::int64_t(from)));
  std::string junk(std::size_t(size) - from, '\0');
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = char(0xA5 ^ (i * 37));
  out.write(junk.data(), std::streamsize(junk.size()));
}

// The error code of a failed result; nullopt when it succeeded.
template <class R>
std::optional<ErrorCode> failure(const R& r) {
  if (r) return std::nullopt;
  return r.error().code;
}

}  // namespace

TEST(StoreOpen, AMissingFileIsNotFound) {
  testsupport::TempDir dir;
  auto s = SessionFile::open(dir / "nothing.cartograph");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.error().message, "no session file here");
  EXPECT_FALSE(std::filesystem::exists(dir / "nothing.cartograph")) << "opening must not create it";
}

TEST(StoreOpen, APngOrTextFileIsNotASqliteDatabase) {
  testsupport::TempDir dir;
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xff" "a", 33);
  testsupport::write_file(dir / "picture.cartograph", png);
  testsupport::write_file(dir / "notes.cartograph", "these are my notes about the run\n");
  for (const char* name : {"picture.cartograph", "notes.cartograph"}) {
    for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly, OpenMode::CreateIfMissing}) {
      auto s = SessionFile::open(dir / name, mode);
      ASSERT_FALSE(s) << name;
      EXPECT_EQ(s.error().code, ErrorCode::InvalidInput);
      EXPECT_EQ(s.error().message, "not a Cartograph session (not a SQLite database)");
      EXPECT_EQ(s.error().path, (dir / name).string());
    }
  }
  EXPECT_EQ(testsupport::read_file(dir / "picture.cartograph"), png) << "the file must be left alone";
}

TEST(StoreOpen, AnotherApplicationsSqliteDatabaseIsRefusedAndLeftAlone) {
  testsupport::TempDir dir;
  const auto file = dir / "firefox-places.cartograph";
  raw_exec(file, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places VALUES (1, 'x');");
  const std::string before = testsupport::read_file(file);
  for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly, OpenMode::CreateIfMissing}) {
    auto s = SessionFile::open(file, mode);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::Unsupported);
    EXPECT_EQ(s.error().message, "not a Cartograph session (a SQLite database of another application)");
  }
  EXPECT_EQ(testsupport::read_file(file), before);
}

TEST(StoreOpen, AnOverwrittenTablePageIsCorrupt) {
  testsupport::TempDir dir;
  const auto file = dir / "damaged.cartograph";
  make_session(file);
  const auto root = raw_int(file, "SELECT rootpage FROM sqlite_schema WHERE name = 'runs'");
  ASSERT_GT(root, 1);
  clobber_page(file, root);
  auto s = SessionFile::open(file);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::Corrupt);
  EXPECT_EQ(s.error().message.rfind("the session file is corrupt: ", 0), 0u) << s.error().message;
}

TEST(StoreOpen, AnOverwrittenFirstPageIsCorrupt) {
  testsupport::TempDir dir;
  const auto file = dir / "damaged-header.cartograph";
  make_session(file);
  clobber_page(file, 1, 16);  // keeps "SQLite format 3\0", destroys the header and schema
  auto s = SessionFile::open(file);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::Corrupt);
  EXPECT_EQ(s.error().message.rfind("the session file is corrupt: ", 0), 0u) << s.error().message;
}

TEST(StoreOpen, DamageInBulkDataIsReportedWhenReadAndByVerify) {
  // Opening skips the bulk tables to stay fast (session.h); their damage shows when read.
  testsupport::TempDir dir;
  const auto file = dir / "damaged-tracks.cartograph";
  make_session(file);
  const auto root = raw_int(file, "SELECT rootpage FROM sqlite_schema WHERE name = 'tracks'");
  ASSERT_GT(root, 1);
  clobber_page(file, root);
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().what();
  RunReader reader(*s);
  auto runs = reader.list_runs();
  ASSERT_TRUE(runs) << "the run list does not touch the tracks";
  auto tracks = reader.load_tracks(runs->front().id, 1);
  ASSERT_FALSE(tracks);
  EXPECT_EQ(tracks.error().code, ErrorCode::Corrupt);
  EXPECT_EQ(tracks.error().message.rfind("the session file is corrupt: ", 0), 0u) << tracks.error().message;
  auto verdict = s->verify();
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().code, ErrorCode::Corrupt);
}

// The documents' rows grow with the territory (checking them took 0.7 s for a million short documents),
// so opening skips them too; reading the run reports their damage.
TEST(StoreOpen, DamageInTheDocumentRowsIsReportedWhenTheRunIsReadAndByVerify) {
  for (const std::string table : {"documents", "run_documents"}) {
    SCOPED_TRACE(table);
    testsupport::TempDir dir;
    const auto file = dir / ("damaged-" + table + ".cartograph");
    make_session(file);
    const auto root = raw_int(file, "SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'");
    ASSERT_GT(root, 1);
    clobber_page(file, root);
    auto s = SessionFile::open(file, OpenMode::ReadOnly);
    ASSERT_TRUE(s) << s.error().what();
    RunReader reader(*s);
    auto runs = reader.list_runs();
    ASSERT_TRUE(runs) << "the run list does not touch the documents";
    // On one connection, and in two halves on two.
    for (const std::size_t parallel_from : {std::size_t(0), std::size_t(1)}) {
      auto run = reader.load_run(runs->front().id, {.parallel_from = parallel_from});
      ASSERT_FALSE(run) << "parallel_from " << parallel_from;
      EXPECT_EQ(run.error().code, ErrorCode::Corrupt);
      EXPECT_EQ(run.error().message.rfind("the session file is corrupt", 0), 0u) << run.error().message;
    }
    auto verdict = s->verify();
    ASSERT_FALSE(verdict);
    EXPECT_EQ(verdict.error().code, ErrorCode::Corrupt);
  }
}

// A document's statistics blob that is not one record per map of the run (cut short, or a map too many)
// is corruption naming the file and the document, in the first half of the documents or the second.
TEST(StoreOpen, StatisticsThatAreNotOneRecordPerMapAreCorrupt) {
  const char* damage[] = {"UPDATE run_documents SET stats = substr(stats, 1, length(stats) - 8) WHERE doc_index = 0",
                          "UPDATE run_documents SET stats = stats || substr(stats, 1, 72) WHERE doc_index = 3"};
  for (const char* sql : damage) {
    SCOPED_TRACE(sql);
    testsupport::TempDir dir;
    const auto file = dir / "damaged-statistics.cartograph";
    make_session(file);
    raw_exec(file, sql);
    auto s = SessionFile::open(file, OpenMode::ReadOnly);
    ASSERT_TRUE(s) << s.error().what();
    RunReader reader(*s);
    auto runs = reader.list_runs();
    ASSERT_TRUE(runs);
    for (const std::size_t parallel_from : {std::size_t(0), std::size_t(1)}) {
      auto run = reader.load_run(runs->front().id, {.parallel_from = parallel_from});
      ASSERT_FALSE(run) << "parallel_from " << parallel_from;
      EXPECT_EQ(run.error().code, ErrorCode::Corrupt);
      EXPECT_NE(run.error().message.find("statistics hold"), std::string::npos) << run.error().message;
      EXPECT_NE(run.error().message.find("document "), std::string::npos) << run.error().message;
      EXPECT_EQ(run.error().path, file.string());
    }
  }
}

// A run's stored histograms (schema 11) are checked before use: a damaged row is named as corruption
// of that file, and nothing is drawn from it.
TEST(StoreOpen, DamagedHistogramRowsAreCorruptionNamingTheFile) {
  struct Damage {
    const char* what;
    const char* sql;
    const char* says;
  };
  const Damage cases[] = {
      {"a negative count", "UPDATE run_histograms SET counts = x'ffffffffffffffff' WHERE map_index = 0", "negative"},
      {"a range with no width", "UPDATE run_histograms SET hi = lo WHERE kind = 'entropy'", "empty range"},
      {"a bin list cut mid-count", "UPDATE run_histograms SET counts = x'0102030405' WHERE map_index = 1", "damaged bin list"},
      {"a map the run lacks", "UPDATE run_histograms SET map_index = 7 WHERE map_index = 2 AND kind = 'entropy'", "map 7"},
      {"a missing map", "DELETE FROM run_histograms WHERE map_index = 1 AND kind = 'kl_base_tuned'", "lack map 1"},
      {"a ΔNLL for the base", "UPDATE run_histograms SET map_index = 0 WHERE map_index = 1 AND kind = 'delta_nll'", "base map"},
  };
  for (const Damage& d : cases) {
    SCOPED_TRACE(d.what);
    testsupport::TempDir dir;
    const auto file = dir / "histograms.cartograph";
    make_session(file);
    ASSERT_EQ(raw_int(file, "SELECT count(*) FROM run_histograms"), 7);
    raw_exec(file, d.sql);
    auto s = SessionFile::open(file, OpenMode::ReadOnly);
    ASSERT_TRUE(s) << s.error().what();
    RunReader reader(*s);
    auto runs = reader.list_runs();
    ASSERT_TRUE(runs && runs->size() == 1u) << "the run list does not read histograms";
    auto run = reader.load_run(runs->front().id);
    ASSERT_FALSE(run) << "damaged histograms are not drawn";
    EXPECT_EQ(run.error().code, ErrorCode::Corrupt);
    EXPECT_EQ(run.error().path, file.string());
    EXPECT_NE(run.error().message.find(d.says), std::string::npos) << run.error().message;
  }
}

TEST(StoreOpen, ASessionFromANewerCartographIsRefusedNamingBothVersions) {
  testsupport::TempDir dir;
  const auto file = dir / "future.cartograph";
  make_session(file);
  raw_exec(file, "PRAGMA user_version = 99");
  for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
    auto s = SessionFile::open(file, mode);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::NewerVersion);
    EXPECT_EQ(s.error().message, "written by a newer Cartograph (schema 99; this build reads up to " +
                                     std::to_string(current_schema_version()) + ")");
  }
  EXPECT_EQ(raw_int(file, "PRAGMA user_version"), 99) << "a newer file must not be touched";
}

TEST(StoreOpen, ReadOnlyModeReadsEverythingAndRefusesEveryWrite) {
  testsupport::TempDir dir;
  const auto file = dir / "readonly.cartograph";
  make_session(file);
  const std::string before = testsupport::read_file(file);
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_TRUE(s->read_only());
  RunReader reader(*s);
  auto runs = reader.list_runs();
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  ASSERT_TRUE(reader.load_run(runs->front().id));

  const auto f = storetest::make_fixture(2);
  RunWriter writer(*s);
  auto begun = writer.begin_run(f.run, f.territory);
  ASSERT_FALSE(begun);
  EXPECT_EQ(begun.error().code, ErrorCode::ReadOnly);
  EXPECT_NE(begun.error().message.find("read-only"), std::string::npos);
  auto committed = writer.commit_documents(runs->front().id, f.run.documents);
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, ErrorCode::ReadOnly);
  EXPECT_EQ(failure(Catalog(*s).rename_checkpoint(1, "x")), ErrorCode::ReadOnly);
  EXPECT_EQ(failure(Library(*s).save_prompt("p", "text")), ErrorCode::ReadOnly);
  EXPECT_EQ(failure(Library(*s).set_view_state("k", "{}")), ErrorCode::ReadOnly);
  EXPECT_EQ(failure(writer.delete_run(runs->front().id)), ErrorCode::ReadOnly);
  EXPECT_EQ(failure(s->checkpoint()), ErrorCode::ReadOnly);
  s = SessionFile::open(file, OpenMode::ReadOnly);  // closes the first
  EXPECT_EQ(testsupport::read_file(file), before);
}

// Opening a file the user may not write. As root, permissions do not stop writes, so the check runs in
// a child process that gives up root (to nobody) first; as any other user it runs directly. Either way
// it exercises the real detection: access(W_OK) fails and the session opens read-only.
TEST(StoreOpen, AFileOrFolderWithoutWritePermissionOpensReadOnlyWithAWarning) {
  testsupport::TempDir dir;
  const auto locked_file_dir = dir / "file-0444";
  const auto locked_dir = dir / "dir-0555";
  std::filesystem::create_directories(locked_file_dir);
  std::filesystem::create_directories(locked_dir);
  make_session(locked_file_dir / "s.cartograph");
  make_session(locked_dir / "s.cartograph");
  ASSERT_FALSE(std::filesystem::exists(locked_dir / "s.cartograph-shm")) << "closing removes the WAL files";
  chmod(dir.path().c_str(), 0755);
  chmod(locked_file_dir.c_str(), 0777);
  chmod((locked_file_dir / "s.cartograph").c_str(), 0444);
  chmod((locked_dir / "s.cartograph").c_str(), 0666);
  chmod(locked_dir.c_str(), 0555);

  // Returns "" when the case behaves, else what went wrong.
  auto check = [](const std::filesystem::path& file, const std::string& warning_part) -> std::string {
    auto s = SessionFile::open(file, OpenMode::ReadWrite);
    if (!s) return "open failed: " + s.error().what();
    if (!s->read_only()) return "not read-only";
    if (s->warnings().empty() || s->warnings()[0].find(warning_part) == std::string::npos)
      return "warning missing: " + (s->warnings().empty() ? std::string("none") : s->warnings()[0]);
    auto runs = RunReader(*s).list_runs();
    if (!runs || runs->size() != 1) return "cannot list runs";
    auto loaded = RunReader(*s).load_run(runs->front().id);
    if (!loaded || loaded->documents.size() != 4) return "cannot load the run";
    auto write = Library(*s).save_prompt("p", "t");
    if (write || write.error().code != ErrorCode::ReadOnly) return "a write did not fail with ReadOnly";
    return "";
  };

  if (geteuid() != 0) {
    EXPECT_EQ(check(locked_file_dir / "s.cartograph", "permission to write this file"), "");
    EXPECT_EQ(check(locked_dir / "s.cartograph", "folder holding the session is not writable"), "");
  } else {
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(pipe_fds[0]);
      std::string report;
      if (setgid(65534) != 0 || setuid(65534) != 0) {
        report = "cannot drop root";
      } else {
        report = check(locked_file_dir / "s.cartograph", "permission to write this file");
        if (report.empty()) report = check(locked_dir / "s.cartograph", "folder holding the session is not writable");
      }
      (void)!write(pipe_fds[1], report.data(), report.size());
      _exit(report.empty() ? 0 : 1);
    }
    close(pipe_fds[1]);
    std::string report;
    char buf[512];
    ssize_t n;
    while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) report.append(buf, std::size_t(n));
    close(pipe_fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << report;
    EXPECT_EQ(report, "");
  }
  chmod(locked_dir.c_str(), 0755);
}

TEST(StoreOpen, CreateMakesAnEmptyCurrentSessionAndRefusesToReplaceAFile) {
  testsupport::TempDir dir;
  const auto file = dir / "new.cartograph";
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s) << s.error().what();
    EXPECT_FALSE(s->read_only());
    EXPECT_EQ(s->schema_version(), current_schema_version());
    EXPECT_TRUE(s->warnings().empty());
    EXPECT_TRUE(s->verify());
  }
  EXPECT_EQ(raw_int(file, "PRAGMA application_id"), kApplicationId);
  EXPECT_EQ(raw_int(file, "PRAGMA user_version"), current_schema_version());
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, nullptr);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "wal");
  sqlite3_finalize(q);
  sqlite3_close(db);

  auto again = SessionFile::create(file);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::InvalidInput);
  auto reopened = SessionFile::open(file, OpenMode::CreateIfMissing);
  ASSERT_TRUE(reopened) << "CreateIfMissing opens an existing session";
  auto copy = reopened->save_copy(dir / "copy.cartograph");
  ASSERT_TRUE(copy) << copy.error().what();
  EXPECT_TRUE(SessionFile::open(dir / "copy.cartograph", OpenMode::ReadOnly));
}
