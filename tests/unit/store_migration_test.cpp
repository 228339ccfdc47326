// Schema versions: migrations run in one transaction, all or nothing, and keep the data.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/schema.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;

namespace {

std::string raw_text(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* q = nullptr;
  std::string v = "<error>";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK) {
    v = "<no row>";
    if (sqlite3_step(q) == SQLITE_ROW)
      v = sqlite3_column_text(q, 0) ? reinterpret_cast<const char*>(sqlite3_column_text(q, 0)) : "<null>";
  }
  sqlite3_finalize(q);
  sqlite3_close(db);
  return v;
}

using storetest::raw_exec;

std::int64_t write_small_run(SessionFile& s) {
  const auto f = storetest::make_fixture(2);
  RunWriter writer(s);
  auto run = writer.begin_run(f.run, f.territory);
  EXPECT_TRUE(run) << run.error().what();
  EXPECT_TRUE(writer.commit_documents(*run, f.run.documents));
  EXPECT_TRUE(writer.finish_run(*run, f.run.summaries, f.run.projection, RunStatus::Complete));
  return *run;
}

}  // namespace

TEST(StoreMigration, ASchemaZeroSessionIsUpgradedOnOpening) {
  // What a session looks like before any migration: Cartograph's application id, user_version 0, no
  // tables (a file whose creation was cut short).
  testsupport::TempDir dir;
  const auto file = dir / "v0.cartograph";
  raw_exec(file, "PRAGMA application_id = " + std::to_string(kApplicationId) + "; PRAGMA user_version = 0;"
                 " CREATE TABLE IF NOT EXISTS placeholder (x); DROP TABLE placeholder;");
  auto read_only = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_FALSE(read_only);
  EXPECT_EQ(read_only.error().code, core::ErrorCode::ReadOnly);
  EXPECT_NE(read_only.error().message.find("must be upgraded"), std::string::npos) << read_only.error().message;

  auto s = SessionFile::open(file);
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->schema_version(), current_schema_version());
  EXPECT_EQ(raw_text(file, "PRAGMA user_version"), std::to_string(current_schema_version()));
  const auto id = write_small_run(*s);
  auto loaded = RunReader(*s).load_run(id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->documents.size(), 2u);
}

TEST(StoreMigration, ANextVersionIsOneMoreEntryAndKeepsTheData) {
  testsupport::TempDir dir;
  const auto file = dir / "v1.cartograph";
  auto s = SessionFile::create(file);
  ASSERT_TRUE(s);
  const auto id = write_small_run(*s);

  std::vector<Migration> next(migrations().begin(), migrations().end());
  const int v2 = current_schema_version() + 1;
  next.push_back({v2, "ALTER TABLE runs ADD COLUMN label TEXT NOT NULL DEFAULT '';"
                      "CREATE INDEX runs_label ON runs(label);"});
  auto migrated = migrate(*s, next);
  ASSERT_TRUE(migrated) << migrated.error().what();
  EXPECT_EQ(*migrated, v2);
  EXPECT_EQ(raw_text(file, "PRAGMA user_version"), std::to_string(v2));
  EXPECT_EQ(raw_text(file, "SELECT label FROM runs WHERE id = " + std::to_string(id)), "");
  EXPECT_EQ(raw_text(file, "SELECT prompt FROM runs WHERE id = " + std::to_string(id)),
            storetest::make_fixture(1).run.settings.prompt);
  auto loaded = RunReader(*s).load_run(id);
  ASSERT_TRUE(loaded) << "the reader keeps working on the migrated tables";
  EXPECT_EQ(loaded->documents.size(), 2u);
  // Applying the same list again is a no-op.
  auto again = migrate(*s, next);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, v2);
}

TEST(StoreMigration, AFailingMigrationLeavesTheSessionExactlyAsItWas) {
  testsupport::TempDir dir;
  const auto file = dir / "v1-fail.cartograph";
  auto s = SessionFile::create(file);
  ASSERT_TRUE(s);
  const auto id = write_small_run(*s);
  const int v = current_schema_version();

  std::vector<Migration> next(migrations().begin(), migrations().end());
  next.push_back({v + 1, "CREATE TABLE extra (x INTEGER); UPDATE runs SET prompt = 'changed';"});
  next.push_back({v + 2, "ALTER TABLE no_such_table ADD COLUMN y INTEGER;"});
  auto migrated = migrate(*s, next);
  ASSERT_FALSE(migrated);
  EXPECT_NE(migrated.error().message.find("schema " + std::to_string(v + 2)), std::string::npos)
      << migrated.error().message;
  EXPECT_NE(migrated.error().message.find("left unchanged"), std::string::npos);
  EXPECT_EQ(raw_text(file, "PRAGMA user_version"), std::to_string(v));
  EXPECT_EQ(raw_text(file, "SELECT count(*) FROM sqlite_schema WHERE name = 'extra'"), "0");
  EXPECT_EQ(raw_text(file, "SELECT prompt FROM runs WHERE id = " + std::to_string(id)),
            storetest::make_fixture(1).run.settings.prompt);
  EXPECT_TRUE(RunReader(*s).load_run(id));
}
