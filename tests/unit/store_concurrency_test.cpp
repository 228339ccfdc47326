// WAL lets readers work while a writer commits; a second writer waits, then gets a clear Locked error,
// and the session stays whole (integrity_check) with everything committed kept.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "core/store/library.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/store_compare.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
using testsupport::first_difference;
using namespace std::chrono_literals;

TEST(StoreConcurrency, TwoReadersReadConsistentlyWhileAWriterHoldsItsTransactionOpen) {
  testsupport::TempDir dir;
  const auto file = dir / "concurrent.cartograph";
  constexpr std::size_t kBatches = 6, kBatch = 3;
  const auto f = storetest::make_fixture(kBatches * kBatch);

  auto writing = SessionFile::create(file);
  ASSERT_TRUE(writing);
  std::atomic<int> open_batch{-1};       // batch whose transaction is open and paused, -1 when none
  std::atomic<int> acks[kBatches] = {};  // readers that finished a full read while that batch was open
  std::atomic<bool> writer_done{false};
  std::mutex errors_lock;
  std::vector<std::string> errors;
  auto report = [&](std::string e) {
    std::lock_guard lock(errors_lock);
    errors.push_back(std::move(e));
  };

  int batch_now = 0;
  RunWriter writer(*writing, {.after_document_written = [&](std::int64_t doc) {
                                // Pause inside the transaction after its first document until both
                                // readers have read the session from scratch.
                                if (doc % std::int64_t(kBatch) != 0) return;
                                open_batch = batch_now;
                                const auto deadline = std::chrono::steady_clock::now() + 20s;
                                while (acks[batch_now] < 2 && std::chrono::steady_clock::now() < deadline)
                                  std::this_thread::sleep_for(1ms);
                                if (acks[batch_now] < 2) report("readers never read during batch " + std::to_string(batch_now));
                                open_batch = -1;
                              }});
  auto run = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(run);
  const std::int64_t id = *run;

  auto reader_thread = [&](int who) {
    auto s = SessionFile::open(file, OpenMode::ReadOnly);
    if (!s) return report("reader " + std::to_string(who) + ": " + s.error().what());
    RunReader reader(*s);
    std::vector<bool> acked(kBatches, false);
    while (!writer_done) {
      const int during = open_batch;
      auto listing = reader.run_listing(id);
      auto loaded = reader.load_run(id);
      if (!listing || !loaded)
        return report("reader " + std::to_string(who) + ": " + (listing ? loaded.error() : listing.error()).what());
      // What a reader sees is always a committed state: whole batches, listing and documents agreeing.
      const auto n = loaded->documents.size();
      if (n % kBatch != 0) report("saw a partial batch of " + std::to_string(n) + " documents");
      if (std::int64_t(n) < listing->documents_done) report("the listing ran ahead of the documents");
      for (const auto& d : loaded->documents) {
        auto written = storetest::without_tracks(f.run);
        written.documents = {written.documents[std::size_t(d.index)]};
        auto read = *loaded;
        read.documents = {d};
        read.summaries = written.summaries = {};
        read.projection = written.projection = {};
        if (auto diff = first_difference(written, read); !diff.empty()) report("document differs: " + diff);
        auto tracks = reader.load_tracks(id, d.index);
        if (!tracks) {
          report("tracks of a listed document are missing: " + tracks.error().what());
          continue;
        }
        for (std::size_t m = 0; m < tracks->size(); ++m)
          if (auto diff = first_difference(f.run.documents[std::size_t(d.index)].maps[m], (*tracks)[m]); !diff.empty())
            report("track differs: " + diff);
      }
      if (during >= 0 && open_batch == during && !acked[std::size_t(during)]) {
        // The whole read happened while batch `during` was open: it must not show any of it.
        if (n != std::size_t(during) * kBatch)
          report("a reader saw " + std::to_string(n) + " documents while batch " + std::to_string(during) +
                 " was still open");
        acked[std::size_t(during)] = true;
        ++acks[during];
      }
    }
  };
  std::thread r1(reader_thread, 1), r2(reader_thread, 2);
  for (std::size_t b = 0; b < kBatches; ++b) {
    batch_now = int(b);
    auto ok = writer.commit_documents(id, std::span(f.run.documents).subspan(b * kBatch, kBatch));
    if (!ok) report("writer: " + ok.error().what());
  }
  ASSERT_TRUE(writer.finish_run(id, f.run.summaries, f.run.projection, RunStatus::Complete));
  writer_done = true;
  r1.join();
  r2.join();
  for (const auto& e : errors) ADD_FAILURE() << e;
  for (std::size_t b = 0; b < kBatches; ++b) EXPECT_EQ(acks[b], 2) << "batch " << b;
}

namespace {

// A child process that holds a write transaction on `file` until told to let go.
struct LockHolder {
  pid_t pid = -1;
  int to_child = -1, from_child = -1;

  LockHolder(const std::filesystem::path& file, const char* sql) {
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0) return;
    pid = fork();
    if (pid == 0) {
      close(down[1]);
      close(up[0]);
      sqlite3* db = nullptr;
      char ok = sqlite3_open(file.c_str(), &db) == SQLITE_OK &&
                        sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK
                    ? 'y'
                    : 'n';
      (void)!write(up[1], &ok, 1);
      char go;
      (void)!read(down[0], &go, 1);
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      sqlite3_close(db);
      _exit(0);
    }
    close(down[0]);
    close(up[1]);
    to_child = down[1];
    from_child = up[0];
  }
  bool holding() {
    char ok = 'n';
    return read(from_child, &ok, 1) == 1 && ok == 'y';
  }
  int release() {
    char go = 'g';
    (void)!write(to_child, &go, 1);
    close(to_child);
    close(from_child);
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
  }
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST(StoreConcurrency, ASecondWriterWaitsForTheTimeoutThenGetsLocked) {
  testsupport::TempDir dir;
  const auto file = dir / "locked.cartograph";
  ASSERT_TRUE(SessionFile::create(file));
  LockHolder holder(file, "BEGIN IMMEDIATE; INSERT INTO view_state VALUES ('from-child', '1');");
  ASSERT_GT(holder.pid, 0);
  ASSERT_TRUE(holder.holding());

  auto s = SessionFile::open(file, OpenMode::ReadWrite, 300ms);
  ASSERT_TRUE(s) << "WAL readers do not wait for a writer: " << s.error().what();
  Library library(*s);
  const auto t = std::chrono::steady_clock::now();
  auto blocked = library.set_view_state("mine", "2");
  const double waited = seconds_since(t);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, core::ErrorCode::Locked);
  EXPECT_NE(blocked.error().message.find("locked by another connection or process"), std::string::npos)
      << blocked.error().message;
  EXPECT_NE(blocked.error().message.find("0.3 s"), std::string::npos) << blocked.error().message;
  EXPECT_GE(waited, 0.25) << "it must wait for the busy timeout before giving up";
  const auto f = storetest::make_fixture(1);
  auto run = RunWriter(*s).begin_run(f.run, f.territory);
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, core::ErrorCode::Locked);
  // Reads still work while the other process writes.
  EXPECT_TRUE(RunReader(*s).list_runs());

  const int status = holder.release();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(library.set_view_state("mine", "2")) << "once the other writer is done, writing works";
  EXPECT_EQ(library.view_state("from-child")->value_or(""), "1");
  EXPECT_EQ(library.view_state("mine")->value_or(""), "2");
}

TEST(StoreConcurrency, AnExclusiveHolderMakesOpeningFailWithLocked) {
  testsupport::TempDir dir;
  const auto file = dir / "exclusive.cartograph";
  ASSERT_TRUE(SessionFile::create(file));
  LockHolder holder(file, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; "
                          "INSERT INTO view_state VALUES ('k', '1');");
  ASSERT_GT(holder.pid, 0);
  ASSERT_TRUE(holder.holding());
  const auto t = std::chrono::steady_clock::now();
  auto s = SessionFile::open(file, OpenMode::ReadWrite, 200ms);
  const double waited = seconds_since(t);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::ErrorCode::Locked);
  EXPECT_EQ(s.error().message.rfind("cannot open the session: the session is locked by another", 0), 0u)
      << s.error().message;
  EXPECT_GE(waited, 0.15);
  holder.release();
  EXPECT_TRUE(SessionFile::open(file, OpenMode::ReadWrite, 200ms));
}

// Issue 17's "session locked by another writer": another process holds an exclusive transaction
// while this one is in the middle of a run and while it saves an edit. Each write fails once, after
// the busy timeout, with a Locked error naming the session; nothing committed before (a finished
// run, a saved slice, the run's earlier batches) or by the other writer is lost, the file passes
// `PRAGMA integrity_check`, and the run carries on from where it stopped once the lock is gone.
TEST(StoreConcurrency, AnExclusiveWriterMidRunAndMidSaveFailsOnceAndLosesNothingCommitted) {
  testsupport::TempDir dir;
  const auto file = dir / "held.cartograph";
  const auto earlier = storetest::make_fixture(3, false, "/data/earlier.jsonl");
  const auto current = storetest::make_fixture(6, false, "/data/current.jsonl");
  auto s = SessionFile::create(file, 300ms);
  ASSERT_TRUE(s) << s.error().what();
  RunWriter writer(*s);
  Library library(*s);
  auto kept = writer.begin_run(earlier.run, earlier.territory);
  ASSERT_TRUE(kept) << kept.error().what();
  ASSERT_TRUE(writer.commit_documents(*kept, std::span(earlier.run.documents)));
  ASSERT_TRUE(writer.finish_run(*kept, earlier.run.summaries, earlier.run.projection, RunStatus::Complete));
  ASSERT_TRUE(library.save_slice("kept", R"({"kind":"metadata","field":"category","values":["story"]})"));
  auto id = writer.begin_run(current.run, current.territory);
  ASSERT_TRUE(id) << id.error().what();
  const auto docs = std::span(current.run.documents);
  ASSERT_TRUE(writer.commit_documents(*id, docs.subspan(0, 3)));

  LockHolder holder(file, "BEGIN EXCLUSIVE; INSERT INTO view_state VALUES ('from-child', '1');");
  ASSERT_GT(holder.pid, 0);
  ASSERT_TRUE(holder.holding());
  for (const char* what : {"run batch", "slice save"}) {
    const auto t = std::chrono::steady_clock::now();
    core::Result<void> failed;
    if (std::string(what) == "run batch") {
      failed = writer.commit_documents(*id, docs.subspan(3, 3));
    } else if (auto saved = library.save_slice("new", R"({"kind":"all"})"); !saved) {
      failed = std::unexpected(saved.error());
    }
    const double waited = seconds_since(t);
    ASSERT_FALSE(failed) << what << " went through another process's exclusive transaction";
    EXPECT_EQ(failed.error().code, core::ErrorCode::Locked) << what << ": " << failed.error().what();
    const std::string message = failed.error().what();
    EXPECT_NE(message.find("held.cartograph"), std::string::npos) << what << ": " << message;
    EXPECT_NE(message.find("locked by another connection or process"), std::string::npos) << what << ": " << message;
    EXPECT_EQ(message.find("locked by another", message.find("locked by another") + 1), std::string::npos)
        << what << ": one message, not a chain: " << message;
    EXPECT_GE(waited, 0.25) << what << " must wait for the busy timeout before giving up";
    EXPECT_LT(waited, 5.0) << what << " must not hang";
  }
  const int status = holder.release();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  ASSERT_TRUE(s->verify()) << "PRAGMA integrity_check after the locked writes";
  RunReader reader(*s);
  auto finished = reader.load_run(*kept);
  ASSERT_TRUE(finished) << finished.error().what();
  EXPECT_EQ(first_difference(storetest::without_tracks(earlier.run), storetest::without_tracks(*finished)), "");
  auto runs = reader.list_runs();
  ASSERT_TRUE(runs) << runs.error().what();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ(runs->back().documents_done, 3) << "the batch before the lock is kept, the locked one is not half-written";
  auto slices = library.slices();
  ASSERT_TRUE(slices);
  ASSERT_EQ(slices->size(), 1u) << "the saved slice is kept and the locked save left nothing";
  EXPECT_EQ(slices->front().name, "kept");
  EXPECT_EQ(library.view_state("from-child")->value_or(""), "1") << "the other writer's commit is kept too";

  ASSERT_TRUE(writer.commit_documents(*id, docs.subspan(3, 3))) << "the run carries on once the lock is gone";
  ASSERT_TRUE(writer.finish_run(*id, current.run.summaries, current.run.projection, RunStatus::Complete));
  auto whole = reader.load_run(*id);
  ASSERT_TRUE(whole) << whole.error().what();
  EXPECT_EQ(first_difference(storetest::without_tracks(current.run), storetest::without_tracks(*whole)), "");
  ASSERT_TRUE(s->verify());
}
