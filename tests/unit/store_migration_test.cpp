// Schema versions: migrations run in one transaction, all or nothing, and keep the data.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include "core/analysis/digest.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/schema.h"
#include "core/store/session_file.h"
#include "core/store/token_shifts.h"
#include "core/store/zoom_store.h"
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
  // A writable file opened by a command that only reads it: the message says how to upgrade it, not
  // to copy a file that can be written where it is.
  EXPECT_NE(read_only.error().message.find("with --session"), std::string::npos) << read_only.error().message;
  EXPECT_EQ(read_only.error().message.find("copy it"), std::string::npos) << read_only.error().message;

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

// Schema 9 (issue 18): a token shift recorded before it held its whole prompt set, so the upgrade fills
// in the set's size from its prompts and their places are their indices; it is no shard of anything.
// A zoom run from before has no batch (0: unknown), which merge names as such.
TEST(StoreMigration, ShiftsAndZoomRunsOfSchemaEightKeepTheirPromptsAndHaveNoBatch) {
  testsupport::TempDir dir;
  const auto file = dir / "v8.cartograph";
  std::int64_t run = 0;
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s);
    run = write_small_run(*s);
  }
  storetest::undo_schema_twelve(file);
  storetest::raw_exec(
      file,
      "DROP TABLE run_histograms;"  // schema 11
      "DROP TABLE document_parts;"  // schema 10
      "DROP TABLE token_shift_shards;"
      "ALTER TABLE token_shifts DROP COLUMN base_sha256; ALTER TABLE token_shifts DROP COLUMN prompts_sha256;"
      "ALTER TABLE token_shifts DROP COLUMN prompt_count; ALTER TABLE token_shifts DROP COLUMN settings_json;"
      "ALTER TABLE token_shifts DROP COLUMN versions_json; ALTER TABLE token_shift_maps DROP COLUMN sha256;"
      "ALTER TABLE zoom_runs DROP COLUMN batch;"
      "INSERT INTO token_shifts (id, base_name, base_path, max_new_tokens, created_ms) VALUES (5, 'base', '/m/b', 2, 1);"
      "INSERT INTO token_shift_maps (shift_id, map_index, name, path, positions, unshifted, marginal, shifted) "
      "VALUES (5, 0, 'sft', '/m/sft', 3, 1, 1, 1);"
      "INSERT INTO token_shift_prompts (shift_id, map_index, prompt_index, prompt_version_id, prompt_name, prompt_text, "
      "generated_json) VALUES (5, 0, 0, NULL, 'a', 'A', '{\"ids\":[4],\"tokens\":[\"x\"],\"base_rank\":[1]}'),"
      " (5, 0, 1, NULL, 'b', 'B', '{\"ids\":[5,6],\"tokens\":[\"y\",\"z\"],\"base_rank\":[2,9]}');"
      "INSERT INTO zoom_runs (id, run_id, window, created_ms, versions_json) VALUES (3, " + std::to_string(run) +
          ", 16, 1, '{}');"
      "PRAGMA user_version = 8;");
  auto s = SessionFile::open(file);
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->schema_version(), current_schema_version());
  auto shifts = token_shifts(*s);
  ASSERT_TRUE(shifts) << shifts.error().what();
  ASSERT_EQ(shifts->size(), 1u);
  const ShiftRecord& r = shifts->front();
  EXPECT_EQ(r.prompt_count, 2) << "filled in from the shift's prompts";
  EXPECT_EQ(r.shard_count, 0);
  EXPECT_EQ(r.base_sha256, "");
  ASSERT_EQ(r.maps.size(), 1u);
  EXPECT_EQ(r.maps[0].positions, 3);
  ASSERT_EQ(r.maps[0].prompts.size(), 2u);
  EXPECT_EQ(r.maps[0].prompts[1].place, 1);
  EXPECT_EQ(r.maps[0].prompts[1].base_rank, (std::vector<std::int32_t>{2, 9}));
  auto zooms = ZoomStore(*s).list();
  ASSERT_TRUE(zooms) << zooms.error().what();
  ASSERT_EQ(zooms->size(), 1u);
  EXPECT_EQ(zooms->front().window, 16);
  EXPECT_EQ(zooms->front().batch, 0) << "not recorded before schema 9";
}

// Schema 11 (issue 20): a complete run stores the Overview's histograms when it finishes. A run stored
// before has none after the upgrade, and its digest counts them from its tracks: the same counts the
// store would have held.
TEST(StoreMigration, ARunOfSchemaTenHasNoStoredHistogramsAndIsSummarisedFromItsTracks) {
  testsupport::TempDir dir;
  const auto file = dir / "v10.cartograph";
  std::int64_t run = 0;
  core::analysis::RunHistograms stored;
  {
    auto s = SessionFile::create(file);
    ASSERT_TRUE(s);
    run = write_small_run(*s);
    auto read = RunReader(*s).load_run(run);
    ASSERT_TRUE(read && read->histograms);
    stored = *read->histograms;
  }
  EXPECT_EQ(raw_text(file, "SELECT count(*) FROM run_histograms"), "7") << "entropy of 3 maps, ΔNLL and KL of the tuned and zoomed maps";
  storetest::undo_schema_twelve(file);
  raw_exec(file, "DROP TABLE run_histograms; PRAGMA user_version = 10;");
  auto s = SessionFile::open(file);
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->schema_version(), current_schema_version());
  RunReader reader(*s);
  auto read = reader.load_run(run);
  ASSERT_TRUE(read) << read.error().what();
  EXPECT_FALSE(read->histograms) << "nothing is made up for a run stored before";
  EXPECT_EQ(read->summaries.size(), 3u);
  for (auto& d : read->documents) d.maps = reader.load_tracks(run, d.index).value();
  auto digest = core::analysis::digest_run(std::make_shared<const core::analysis::RunResult>(std::move(*read)), nullptr,
                                           {}, core::Job::silent());
  ASSERT_TRUE(digest) << digest.error().what();
  for (std::size_t m = 0; m < 3; ++m) {
    EXPECT_EQ((*digest)->entropy[m], stored.entropy[m]) << m;
    EXPECT_EQ((*digest)->delta_nll[m], stored.delta_nll[m]) << m;
    EXPECT_EQ((*digest)->kl_base_tuned[m], stored.kl_base_tuned[m]) << m;
  }
}
