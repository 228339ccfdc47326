// A writer killed in the middle of a batch loses that batch and nothing else; the run is then found
// interrupted and resumes where it stopped.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/session_file.h"
#include "tests/support/store_compare.h"
#include "tests/support/test_support.h"
#include "tests/unit/store_test_data.h"

using namespace core::store;
using testsupport::first_difference;

namespace {

constexpr std::size_t kBatch = 2;

// The run as a crash after `documents` committed documents leaves it.
core::analysis::RunResult committed_part(const core::analysis::RunResult& full, std::size_t documents) {
  auto r = storetest::without_tracks(full);
  r.documents.resize(documents);
  r.summaries.clear();
  r.projection = {};
  return r;
}

}  // namespace

TEST(StoreCrash, AWriterKilledMidBatchLosesOnlyThatBatchAndTheRunResumes) {
  testsupport::TempDir dir;
  const auto file = dir / "crash.cartograph";
  const auto f = storetest::make_fixture(9);
  ASSERT_TRUE(SessionFile::create(file));  // created and closed: nothing open crosses the fork

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Commits batches {0,1} and {2,3}, then dies by SIGKILL after writing document 4 of batch {4,5}.
    auto s = SessionFile::open(file);
    if (!s) _exit(3);
    RunWriter writer(*s, {.after_document_written = [](std::int64_t doc) {
                            if (doc == 4) raise(SIGKILL);
                          }});
    auto run = writer.begin_run(f.run, f.territory);
    if (!run) _exit(4);
    for (std::size_t i = 0; i < f.run.documents.size(); i += kBatch)
      if (!writer.commit_documents(*run, std::span(f.run.documents).subspan(i, kBatch))) _exit(5);
    _exit(6);  // not reached: the hook killed the process
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "child exited with " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);

  auto s = SessionFile::open(file);
  ASSERT_TRUE(s) << s.error().what();
  ASSERT_TRUE(s->verify()) << "integrity check after the crash";
  ASSERT_FALSE(s->warnings().empty());
  EXPECT_NE(s->warnings()[0].find("interrupted"), std::string::npos) << s->warnings()[0];

  RunReader reader(*s);
  auto runs = reader.list_runs();
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  const std::int64_t id = runs->front().id;
  EXPECT_EQ(runs->front().status, RunStatus::Interrupted);
  EXPECT_EQ(runs->front().documents_done, 4);
  EXPECT_EQ(runs->front().finished_ms, 0);

  auto done = reader.completed_documents(id);
  ASSERT_TRUE(done);
  EXPECT_EQ(*done, (std::set<std::int64_t>{0, 1, 2, 3}));
  auto loaded = reader.load_run(id);
  ASSERT_TRUE(loaded) << loaded.error().what();
  EXPECT_EQ(first_difference(committed_part(f.run, 4), *loaded), "");
  for (std::int64_t d = 0; d < 4; ++d) {
    auto tracks = reader.load_tracks(id, d);
    ASSERT_TRUE(tracks);
    EXPECT_EQ(first_difference(f.run.documents[std::size_t(d)].maps[2], (*tracks)[2]), "");
  }
  auto lost = reader.load_tracks(id, 4);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, core::ErrorCode::NotFound);

  // Resume: skip what is committed, write the rest, finish. The result equals an uninterrupted run.
  RunWriter writer(*s);
  auto stale = writer.commit_documents(id, std::span(f.run.documents).subspan(4, 1));
  ASSERT_FALSE(stale) << "an interrupted run takes no documents before it is resumed";
  ASSERT_TRUE(writer.resume_run(id));
  std::vector<core::analysis::DocumentResult> rest;
  for (const auto& d : f.run.documents)
    if (!done->contains(d.index)) rest.push_back(d);
  ASSERT_EQ(rest.size(), 5u);
  for (std::size_t i = 0; i < rest.size(); i += kBatch)
    ASSERT_TRUE(writer.commit_documents(id, std::span(rest).subspan(i, std::min(kBatch, rest.size() - i))));
  ASSERT_TRUE(writer.finish_run(id, f.run.summaries, f.run.projection, RunStatus::Complete));

  auto complete = reader.load_run(id, {.samples = true});
  ASSERT_TRUE(complete);
  EXPECT_EQ(first_difference(f.run, *complete, {.tracks = false, .samples = true}), "");
  EXPECT_EQ(reader.run_listing(id)->status, RunStatus::Complete);
  EXPECT_EQ(reader.run_listing(id)->documents_done, 9);
  auto again = writer.resume_run(id);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("complete"), std::string::npos);
}

TEST(StoreCrash, ARunOfALiveWriterIsNotMistakenForAnInterruptedOne) {
  testsupport::TempDir dir;
  const auto file = dir / "live.cartograph";
  const auto f = storetest::make_fixture(3);
  auto writing = SessionFile::create(file);
  ASSERT_TRUE(writing);
  std::int64_t id = 0;
  {
    RunWriter writer(*writing);
    auto run = writer.begin_run(f.run, f.territory);
    ASSERT_TRUE(run);
    id = *run;
    ASSERT_TRUE(writer.commit_documents(id, std::span(f.run.documents).subspan(0, 1)));

    // Another opening (the GUI, say) while this process is still writing: the run stays running and
    // cannot be taken over.
    auto other = SessionFile::open(file);
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->warnings().empty());
    RunReader reader(*other);
    EXPECT_EQ(reader.run_listing(id)->status, RunStatus::Running);
    RunWriter intruder(*other);
    EXPECT_TRUE(intruder.mark_orphaned_runs_interrupted()->empty());
    EXPECT_EQ(reader.run_listing(id)->status, RunStatus::Running);
    ASSERT_TRUE(writer.commit_documents(id, std::span(f.run.documents).subspan(1, 1)));
    EXPECT_EQ(reader.run_listing(id)->documents_done, 2);
  }
  // A writer destroyed before finishing (an error in the engine) leaves its run interrupted.
  RunReader reader(*writing);
  EXPECT_EQ(reader.run_listing(id)->status, RunStatus::Interrupted);
}
