// A `compare --session` killed with SIGKILL mid-run loses at most the batch in flight, and a rerun
// resumes it instead of starting over (issue: "Session store: nothing lost").
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <algorithm>
#include <thread>

#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(SessionCrash, SigkillMidRunKeepsCommittedBatchesAndARerunCompletesTheRun) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  // Many documents: Shakespeare's speeches, one per paragraph.
  const std::string text = testsupport::read_file(data / "corpus" / "tinyshakespeare" / "input.txt");
  std::string jsonl;
  std::size_t start = 0;
  int docs = 0;
  while (start < text.size() && docs < 200) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    jsonl += nlohmann::json{{"text", text.substr(start, end - start)}}.dump() + "\n";
    start = end + 2;
    ++docs;
  }
  testsupport::write_file(dir / "speeches.jsonl", jsonl);
  const fs::path model = data / "stories260K" / "stories260K.bin";
  const fs::path session = dir / "crash.cartograph";
  const std::vector<std::string> args{"compare", "--base", model.string(), "--tuned", model.string(), "--corpus",
                                      (dir / "speeches.jsonl").string(), "--session", session.string(),
                                      "--batch", "2", "--commit-every", "1", "--json"};

  const int pid = testsupport::spawn_cli(args, dir / "out1", dir / "err1");
  ASSERT_GT(pid, 0);
  // Wait for the first committed batch, then kill the writer without warning.
  std::int64_t seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + 300s;
  while (std::chrono::steady_clock::now() < deadline && seen == 0) {
    std::this_thread::sleep_for(50ms);
    if (!fs::exists(session)) continue;
    auto s = core::store::SessionFile::open(session, core::store::OpenMode::ReadOnly);
    if (!s) continue;
    auto runs = core::store::RunReader(*s).list_runs();
    if (runs && !runs->empty()) seen = runs->front().documents_done;
  }
  ASSERT_GT(seen, 0) << "no batch was committed in time: " << testsupport::read_file(dir / "err1");
  ASSERT_LT(seen, docs) << "the run finished before it could be killed";
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  std::int64_t kept = 0;
  {
    auto s = core::store::SessionFile::open(session, core::store::OpenMode::ReadWrite);
    ASSERT_TRUE(s) << s.error().what();
    ASSERT_TRUE(s->verify()) << "PRAGMA integrity_check must pass after SIGKILL";
    auto runs = core::store::RunReader(*s).list_runs();
    ASSERT_TRUE(runs);
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ(runs->front().status, core::store::RunStatus::Interrupted);
    kept = runs->front().documents_done;
    EXPECT_GE(kept, seen) << "every batch seen committed must survive";
  }

  // The rerun resumes: it takes the kept documents from the session and completes the run.
  const auto rerun = testsupport::run_cli(args);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  const auto doc = nlohmann::json::parse(rerun.out);
  EXPECT_EQ(doc["resumed_documents"], kept);
  auto s = core::store::SessionFile::open(session, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(s);
  auto runs = core::store::RunReader(*s).list_runs();
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().status, core::store::RunStatus::Complete);
  EXPECT_EQ(runs->front().documents_done, docs);

  // And the resumed run's numbers are those of an uninterrupted run (to float32 rounding: the
  // recomputed documents were batched with different neighbours).
  std::vector<std::string> fresh = args;
  fresh.erase(fresh.begin() + 7, fresh.begin() + 9);    // no --session FILE
  fresh.erase(fresh.begin() + 9, fresh.begin() + 11);   // no --commit-every N
  ASSERT_EQ(std::find(fresh.begin(), fresh.end(), "--session"), fresh.end());
  const auto full = testsupport::run_cli(fresh);
  ASSERT_EQ(full.exit_code, 0) << full.err;
  const auto expected = nlohmann::json::parse(full.out);
  for (std::size_t m = 0; m < 2; ++m)
    for (const char* key : {"nll_mean", "entropy_mean", "ece", "temperature", "bits_per_byte"})
      EXPECT_NEAR(doc["checkpoints"][m][key].get<double>(), expected["checkpoints"][m][key].get<double>(), 1e-6) << key;
}

// Ctrl-C (SIGINT) stops a `compare --session` cleanly: exit 130, the run marked interrupted with
// every finished document committed, a message saying so; the same command then resumes it.
TEST(SessionCrash, CtrlCMidRunCommitsWhatFinishedMarksTheRunInterruptedAndTheRerunResumes) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const std::string text = testsupport::read_file(data / "corpus" / "tinyshakespeare" / "input.txt");
  std::string jsonl;
  int docs = 0;
  for (std::size_t start = 0; start < text.size() && docs < 200; ++docs) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    jsonl += nlohmann::json{{"text", text.substr(start, end - start)}}.dump() + "\n";
    start = end + 2;
  }
  testsupport::write_file(dir / "speeches.jsonl", jsonl);
  const fs::path model = data / "stories260K" / "stories260K.bin";
  const fs::path session = dir / "ctrl-c.cartograph";
  const std::vector<std::string> args{"compare", "--base", model.string(), "--tuned", model.string(), "--corpus",
                                      (dir / "speeches.jsonl").string(), "--session", session.string(),
                                      "--batch", "2", "--commit-every", "1", "--json"};
  const int pid = testsupport::spawn_cli(args, dir / "out1", dir / "err1");
  ASSERT_GT(pid, 0);
  std::int64_t seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + 300s;
  while (std::chrono::steady_clock::now() < deadline && seen == 0) {
    std::this_thread::sleep_for(50ms);
    if (!fs::exists(session)) continue;
    auto s = core::store::SessionFile::open(session, core::store::OpenMode::ReadOnly);
    if (!s) continue;
    auto runs = core::store::RunReader(*s).list_runs();
    if (runs && !runs->empty()) seen = runs->front().documents_done;
  }
  ASSERT_GT(seen, 0) << "no batch was committed in time: " << testsupport::read_file(dir / "err1");
  ASSERT_LT(seen, docs) << "the run finished before it could be interrupted";
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "Ctrl-C must stop the command, not kill it";
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const std::string err = testsupport::read_file(dir / "err1");
  EXPECT_NE(err.find("interrupted"), std::string::npos) << err;
  EXPECT_NE(err.find("resumes"), std::string::npos) << err;
  EXPECT_TRUE(testsupport::read_file(dir / "out1").empty()) << "no half result on stdout";

  std::int64_t kept = 0;
  {
    auto s = core::store::SessionFile::open(session, core::store::OpenMode::ReadOnly);
    ASSERT_TRUE(s) << s.error().what();
    auto runs = core::store::RunReader(*s).list_runs();
    ASSERT_TRUE(runs);
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ(runs->front().status, core::store::RunStatus::Interrupted);
    kept = runs->front().documents_done;
    EXPECT_GE(kept, seen);
    EXPECT_LT(kept, docs);
  }
  const auto rerun = testsupport::run_cli(args);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(nlohmann::json::parse(rerun.out)["resumed_documents"], kept);
}
