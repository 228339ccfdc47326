// Faults while a session is being written: the disk filling up (RLIMIT_FSIZE in a forked child), the
// file made read-only or deleted while open. Each gives one clear message, the file passes
// `PRAGMA integrity_check` (SessionFile::verify) and nothing committed before the fault is lost.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
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

// A complete run written and closed, so that a fault later must not touch it.
std::int64_t faults_complete_run(const std::filesystem::path& file, const storetest::Fixture& f) {
  auto s = SessionFile::open(file);
  EXPECT_TRUE(s) << s.error().what();
  RunWriter writer(*s);
  auto id = writer.begin_run(f.run, f.territory);
  EXPECT_TRUE(id) << id.error().what();
  EXPECT_TRUE(writer.commit_documents(*id, std::span(f.run.documents)));
  EXPECT_TRUE(writer.finish_run(*id, f.run.summaries, f.run.projection, RunStatus::Complete));
  return *id;
}

// Runs `body` in a forked child and returns what it wrote to the pipe plus its exit code.
template <class F>
std::pair<std::string, int> faults_in_child(F body) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    const std::string report = body();
    (void)!write(fds[1], report.data(), report.size());
    _exit(0);
  }
  close(fds[1]);
  std::string report;
  char buf[1024];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) report.append(buf, std::size_t(n));
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return {report, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

}  // namespace

TEST(StoreFaults, TheDiskFillingUpMidRunFailsOnceClearlyAndKeepsEveryCommittedBatch) {
  testsupport::TempDir dir;
  const auto file = dir / "full.cartograph";
  ASSERT_TRUE(SessionFile::create(file));
  const auto before = storetest::make_fixture(3, false, "/data/before.jsonl");
  const std::int64_t kept = faults_complete_run(file, before);
  const auto big = storetest::make_fixture(400, false, "/data/big.jsonl");
  const auto size = std::int64_t(std::filesystem::file_size(file));

  // The child may grow any file to the session's size + 96 KiB: the run's batches fill that up.
  auto [report, code] = faults_in_child([&]() -> std::string {
    signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing the process
    const rlimit limit{rlim_t(size + (96 << 10)), rlim_t(size + (96 << 10))};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return "setrlimit failed";
    auto s = SessionFile::open(file);
    if (!s) return "open failed: " + s.error().what();
    RunWriter writer(*s);
    auto id = writer.begin_run(big.run, big.territory);
    if (!id) return "0|" + id.error().what();
    std::size_t done = 0;
    for (; done < big.run.documents.size(); done += 4) {
      auto c = writer.commit_documents(*id, std::span(big.run.documents).subspan(done, 4));
      if (!c) return std::to_string(done) + "|" + c.error().what();
    }
    return "never full";
  });
  ASSERT_EQ(code, 0);
  const auto bar = report.find('|');
  ASSERT_NE(bar, std::string::npos) << report;
  const std::int64_t committed = std::stoll(report.substr(0, bar));
  const std::string message = report.substr(bar + 1);
  std::cout << "[disk full] after " << committed << " documents: " << message << "\n";
  EXPECT_NE(message.find("full.cartograph"), std::string::npos) << message;
  EXPECT_TRUE(message.find("the disk is full") != std::string::npos ||
              message.find("the disk may be full") != std::string::npos)
      << message;
  EXPECT_NE(message.find("nothing from this step was saved"), std::string::npos) << message;

  auto s = SessionFile::open(file);
  ASSERT_TRUE(s) << s.error().what();
  ASSERT_TRUE(s->verify()) << "PRAGMA integrity_check after the disk filled up";
  RunReader reader(*s);
  auto earlier = reader.load_run(kept);
  ASSERT_TRUE(earlier) << earlier.error().what();
  EXPECT_EQ(first_difference(storetest::without_tracks(before.run), storetest::without_tracks(*earlier)), "");
  auto runs = reader.list_runs();
  ASSERT_TRUE(runs);
  if (committed > 0) {
    ASSERT_EQ(runs->size(), 2u);
    const auto& cut = runs->back();
    EXPECT_EQ(cut.status, RunStatus::Interrupted) << "the writer is gone: resumable";
    EXPECT_EQ(cut.documents_done, committed) << "every committed batch is there, the failed one is not";
    for (std::int64_t d = 0; d < committed; ++d) {
      auto tracks = reader.load_tracks(cut.id, d);
      ASSERT_TRUE(tracks) << "document " << d << ": " << tracks.error().what();
      EXPECT_EQ(first_difference(big.run.documents[std::size_t(d)].maps[1], (*tracks)[1]), "");
    }
  }
}

TEST(StoreFaults, ASessionDeletedWhileOpenRefusesFurtherWritesByNameAndKeepsWhatWasWritten) {
  testsupport::TempDir dir;
  const auto file = dir / "gone.cartograph";
  ASSERT_TRUE(SessionFile::create(file));
  const auto f = storetest::make_fixture(6, false);
  auto s = SessionFile::open(file);
  ASSERT_TRUE(s) << s.error().what();
  RunWriter writer(*s);
  auto id = writer.begin_run(f.run, f.territory);
  ASSERT_TRUE(id) << id.error().what();
  ASSERT_TRUE(writer.commit_documents(*id, std::span(f.run.documents).first(2)));
  // A copy made before the deletion (a backup, or another program's) is what the user still has.
  std::filesystem::copy_file(file, dir / "copy.cartograph");
  std::filesystem::remove(file);
  auto more = writer.commit_documents(*id, std::span(f.run.documents).subspan(2, 2));
  ASSERT_FALSE(more) << "wrote into a deleted file: the user would lose it on close";
  EXPECT_EQ(more.error().code, core::ErrorCode::Io);
  EXPECT_NE(more.error().what().find("gone.cartograph: "), std::string::npos) << more.error().what();
  EXPECT_NE(more.error().message.find("deleted or replaced while open"), std::string::npos) << more.error().what();
  // A new file at the same path is not the session either.
  testsupport::write_file(file, "someone else's file");
  EXPECT_FALSE(writer.commit_documents(*id, std::span(f.run.documents).subspan(2, 2)));
  EXPECT_EQ(testsupport::read_file(file), "someone else's file") << "the stranger's file was not touched";
}

TEST(StoreFaults, ASessionMadeReadOnlyWhileOpenKeepsWritingThroughItsHandleAndReopensReadOnly) {
  testsupport::TempDir dir;
  chmod(dir.path().c_str(), 0777);
  const auto file = dir / "ro.cartograph";
  ASSERT_TRUE(SessionFile::create(file));
  ASSERT_EQ(chown(file.c_str(), 65534, 65534), 0) << "the test runs as root or as the file's owner";
  const auto f = storetest::make_fixture(6, false);
  // As an unprivileged user (root ignores file permissions), the run's owner.
  auto [report, code] = faults_in_child([&]() -> std::string {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) return "cannot drop root";
    auto s = SessionFile::open(file);
    if (!s) return "open failed: " + s.error().what();
    RunWriter writer(*s);
    auto id = writer.begin_run(f.run, f.territory);
    if (!id) return "begin: " + id.error().what();
    if (!writer.commit_documents(*id, std::span(f.run.documents).first(3))) return "first batch failed";
    if (chmod(file.c_str(), 0444) != 0) return "chmod failed";
    // The open handle may still write: SQLite checked permissions when it opened the file.
    auto rest = writer.commit_documents(*id, std::span(f.run.documents).subspan(3));
    if (!rest) return "second batch: " + rest.error().what();
    auto done = writer.finish_run(*id, f.run.summaries, f.run.projection, RunStatus::Complete);
    if (!done) return "finish: " + done.error().what();
    s = std::unexpected(core::Error{});  // close before reopening
    auto again = SessionFile::open(file, OpenMode::ReadWrite);
    if (!again) return "reopen: " + again.error().what();
    if (!again->read_only()) return "reopened writable";
    if (again->warnings().empty() || again->warnings()[0].find("permission to write this file") == std::string::npos)
      return "no read-only warning";
    auto write = RunWriter(*again).begin_run(f.run, f.territory);
    if (write || write.error().code != core::ErrorCode::ReadOnly) return "a write did not fail with ReadOnly";
    std::cout << "[read-only] " << write.error().what() << "\n";
    return "";
  });
  ASSERT_EQ(code, 0);
  EXPECT_EQ(report, "");
  auto s = SessionFile::open(file, OpenMode::ReadOnly);
  ASSERT_TRUE(s) << s.error().what();
  ASSERT_TRUE(s->verify());
  auto runs = RunReader(*s).list_runs();
  ASSERT_TRUE(runs && runs->size() == 1u);
  EXPECT_EQ(runs->front().status, RunStatus::Complete);
  EXPECT_EQ(runs->front().documents_done, 6);
}
