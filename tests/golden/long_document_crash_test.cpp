// A `compare --session` over one long document, killed with SIGKILL once the document has committed
// part of its windows, resumes it from its last committed window, and the finished run equals an
// uninterrupted one bit for bit (issue 20: "a SIGKILL in the middle of a long document resumes from
// its last committed window with results equal to an uninterrupted run").
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <bit>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/store/document_parts.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using core::store::OpenMode;
using core::store::RunReader;
using core::store::SessionFile;

namespace {

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// Scored positions committed in parts of the file's only run (0 while there are none).
std::int64_t committed_positions(const fs::path& session) {
  if (!fs::exists(session)) return 0;
  auto s = SessionFile::open(session, OpenMode::ReadOnly);
  if (!s) return 0;
  auto runs = RunReader(*s).list_runs();
  if (!runs || runs->empty()) return 0;
  auto parts = core::store::load_document_parts(*s, runs->front().id);
  return parts && !parts->empty() ? parts->front().positions : 0;
}

}  // namespace

TEST(LongDocumentCrash, SigkillInsideALongDocumentResumesFromItsLastCommittedWindowWithIdenticalResults) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  // One plain-text document of about 100,000 tokens (the first 400 kB of the King James Bible): several
  // seconds of scoring, so that parts are committed (every 2 s) well before it ends. A quarter of it
  // once ran a second and a half on this 2-core machine, ending before its first commit.
  const std::string kjv = testsupport::read_file(data / "corpus" / "kjv" / "kjv.txt");
  ASSERT_GE(kjv.size(), 400000u);
  testsupport::write_file(dir / "long.txt", kjv.substr(0, 400000));
  const fs::path model = data / "stories260K" / "stories260K.bin";
  const auto args_for = [&](const fs::path& session) {
    return std::vector<std::string>{"compare", "--base",  model.string(), "--tuned", model.string(),
                                    "--corpus", (dir / "long.txt").string(), "--session", session.string(),
                                    "--batch", "4", "--json"};
  };
  const fs::path session = dir / "killed.cartograph";

  const int pid = testsupport::spawn_cli(args_for(session), dir / "out1", dir / "err1");
  ASSERT_GT(pid, 0);
  std::int64_t seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + 300s;
  while (std::chrono::steady_clock::now() < deadline && seen == 0) {
    std::this_thread::sleep_for(50ms);
    seen = committed_positions(session);
  }
  ASSERT_GT(seen, 0) << "no part of the document was committed in time: " << testsupport::read_file(dir / "err1");
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";

  std::int64_t document_positions = 0;
  {
    auto s = SessionFile::open(session, OpenMode::ReadWrite);
    ASSERT_TRUE(s) << s.error().what();
    ASSERT_TRUE(s->verify()) << "PRAGMA integrity_check must pass after SIGKILL";
    auto runs = RunReader(*s).list_runs();
    ASSERT_TRUE(runs);
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ(runs->front().status, core::store::RunStatus::Interrupted);
    EXPECT_EQ(runs->front().documents_done, 0);
    auto parts = core::store::load_document_parts(*s, runs->front().id);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_GE(parts->front().positions, seen) << "every part seen committed must survive";
  }

  // The same command resumes the run and completes it.
  const auto rerun = testsupport::run_cli(args_for(session));
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  // An uninterrupted run into a fresh session.
  const fs::path fresh = dir / "whole.cartograph";
  const auto whole = testsupport::run_cli(args_for(fresh));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;

  auto sa = SessionFile::open(fresh, OpenMode::ReadOnly);
  auto sb = SessionFile::open(session, OpenMode::ReadOnly);
  ASSERT_TRUE(sa && sb);
  RunReader ra(*sa), rb(*sb);
  auto runs_a = ra.list_runs(), runs_b = rb.list_runs();
  ASSERT_TRUE(runs_a && runs_b);
  ASSERT_EQ(runs_b->size(), 1u) << "the rerun resumed the killed run instead of starting another";
  EXPECT_EQ(runs_b->front().status, core::store::RunStatus::Complete);
  const std::int64_t a = runs_a->front().id, b = runs_b->front().id;
  auto la = ra.load_run(a), lb = rb.load_run(b);
  ASSERT_TRUE(la && lb);
  ASSERT_EQ(la->summaries.size(), lb->summaries.size());
  for (std::size_t m = 0; m < la->summaries.size(); ++m)
    for (const auto& [name, x, y] : {std::tuple{"nll_mean", la->summaries[m].nll_mean, lb->summaries[m].nll_mean},
                                     std::tuple{"kl_tb_mean", la->summaries[m].kl_tb_mean, lb->summaries[m].kl_tb_mean},
                                     std::tuple{"entropy_mean", la->summaries[m].entropy_mean, lb->summaries[m].entropy_mean},
                                     std::tuple{"ece", la->summaries[m].ece, lb->summaries[m].ece},
                                     std::tuple{"temperature", la->summaries[m].temperature, lb->summaries[m].temperature}})
      EXPECT_EQ(std::bit_cast<std::uint64_t>(x), std::bit_cast<std::uint64_t>(y)) << "map " << m << " " << name;
  auto ta = ra.load_tracks(a, 0), tb = rb.load_tracks(b, 0);
  ASSERT_TRUE(ta && tb);
  ASSERT_EQ(ta->size(), tb->size());
  document_positions = std::int64_t(ta->front().size());
  EXPECT_LT(seen, document_positions);
  for (std::size_t m = 0; m < ta->size(); ++m) {
    const auto &x = (*ta)[m], &y = (*tb)[m];
    EXPECT_TRUE(same_bits(x.logp, y.logp)) << "map " << m;
    EXPECT_TRUE(same_bits(x.entropy, y.entropy)) << "map " << m;
    EXPECT_TRUE(same_bits(x.rank, y.rank)) << "map " << m;
    EXPECT_TRUE(same_bits(x.kl_tb, y.kl_tb)) << "map " << m;
    EXPECT_TRUE(same_bits(x.js, y.js)) << "map " << m;
    EXPECT_TRUE(same_bits(x.top_ids, y.top_ids)) << "map " << m;
    EXPECT_TRUE(same_bits(x.top_p, y.top_p)) << "map " << m;
    EXPECT_EQ(std::memcmp(x.temperature_stats.data(), y.temperature_stats.data(), sizeof(x.temperature_stats)), 0);
  }
  EXPECT_TRUE(core::store::load_document_parts(*sb, b)->empty()) << "a complete run keeps no parts";
}
