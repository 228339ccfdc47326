// A run of small maps computes batches side by side, one thread each (core/analysis/engine_run.cpp):
// what a researcher gets must not depend on it. The same compare (a base, a tuned map, the base zoomed
// by a prompt) over documents that need many batches, one batch at a time (threads = 1) and side by
// side (threads = 2), must give every track, sample and summary bit for bit, with weights stored in
// float32, float16 and bfloat16 (kept so in memory: their products take other paths).
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "core/analysis/engine.h"
#include "core/threads.h"
#include "tests/support/family_fixtures.h"
#include "tests/support/test_support.h"

using namespace core::analysis;
using testsupport::TempDir;

namespace {

core::model::Checkpoint load(const std::filesystem::path& folder) {
  auto cp = core::model::load_checkpoint(folder, testsupport::fixture_load_options());
  EXPECT_TRUE(cp) << cp.error().what();
  return *cp;
}

RunSpec compare_spec(const TempDir& tmp, int threads) {
  RunSpec spec;
  spec.maps = {{load(tmp / "base"), "base"}, {load(tmp / "tuned"), "tuned"}};
  spec.territory.source = "memory";
  spec.territory.content_hash = "h";
  const std::string line = "the cat ran in the rain, then the other one ran on and on. ";
  for (int d = 0; d < 9; ++d) {
    std::string text;
    for (int i = 0; i <= d * 3; ++i) text += line;  // 1 to 25 lines: from one window to dozens
    spec.territory.documents.push_back({"doc" + std::to_string(d), text, {}});
  }
  spec.settings.context = 24;
  spec.settings.batch = 2;  // groups of 16 windows: several batches each, and pairs of them
  spec.settings.top_k = 5;
  spec.settings.prompt = "a story:";
  spec.settings.projection_samples = 300;
  spec.settings.threads = threads;
  return spec;
}

struct Observed {
  std::shared_ptr<const RunResult> result;
  std::atomic<int> blas_during{-1};  // the BLAS pool's size while the run delivered documents
};

void run_compare(const TempDir& tmp, int threads, Observed& seen) {
  const RunSpec spec = compare_spec(tmp, threads);
  auto plan = plan_run(spec);
  ASSERT_TRUE(plan) << plan.error().what();
  RunOptions options;
  options.sink = [&](const DocumentResult&) -> core::Result<void> {
    seen.blas_during = core::blas_threads();
    return {};
  };
  auto r = run(spec, *plan, core::Job::silent(), options);
  ASSERT_TRUE(r) << r.error().what();
  seen.result = *r;
}

template <typename T>
void expect_same(const std::vector<T>& a, const std::vector<T>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i)
    ASSERT_EQ(a[i], b[i]) << what << " at " << i;  // bit for bit: no tolerance
}

}  // namespace

class SideBySide : public ::testing::TestWithParam<core::model::DType> {};

TEST_P(SideBySide, BatchesComputedSideBySideGiveTheSameRunBitForBit) {
  TempDir tmp;
  testsupport::write_family_folder(tmp / "base", "llama3", 3, GetParam());
  testsupport::write_family_folder(tmp / "tuned", "llama3", 4, GetParam());
  const int pool = core::blas_threads();

  Observed one, two;
  run_compare(tmp, 1, one);
  run_compare(tmp, 2, two);
  ASSERT_TRUE(one.result && two.result);
  ASSERT_EQ(one.result->maps[0].dtype, core::model::torch_name(GetParam())) << "weights kept as stored";
  if (pool > 0) {  // OpenBLAS: its pool computes each product on the asking thread only side by side
    EXPECT_EQ(one.blas_during.load(), pool) << "one batch at a time keeps the pool";
    EXPECT_EQ(two.blas_during.load(), 1) << "side by side, each batch's products on its own thread";
    EXPECT_EQ(core::blas_threads(), pool) << "the pool's size comes back after the run";
  }

  const RunResult& a = *one.result;
  const RunResult& b = *two.result;
  ASSERT_EQ(a.maps.size(), 3u) << "base, tuned and the zoomed base";
  ASSERT_EQ(a.documents.size(), b.documents.size());
  std::size_t positions = 0;
  for (std::size_t d = 0; d < a.documents.size(); ++d) {
    const DocumentResult& x = a.documents[d];
    const DocumentResult& y = b.documents[d];
    const std::string doc = x.name;
    expect_same(x.sample_positions, y.sample_positions, doc + " sampled positions");
    expect_same(x.samples, y.samples, doc + " sampled hidden states");
    ASSERT_EQ(x.maps.size(), y.maps.size());
    positions += x.scored();
    for (std::size_t m = 0; m < x.maps.size(); ++m) {
      const MapTrack& s = x.maps[m];
      const MapTrack& t = y.maps[m];
      const std::string at = doc + " map " + std::to_string(m) + " ";
      ASSERT_EQ(s.size(), x.scored()) << at;
      expect_same(s.logp, t.logp, at + "logp");
      expect_same(s.entropy, t.entropy, at + "entropy");
      expect_same(s.rank, t.rank, at + "rank");
      expect_same(s.confidence, t.confidence, at + "confidence");
      expect_same(s.sum_p2, t.sum_p2, at + "sum_p2");
      expect_same(s.kl_bt, t.kl_bt, at + "kl_bt");
      expect_same(s.kl_tb, t.kl_tb, at + "kl_tb");
      expect_same(s.js, t.js, at + "js");
      expect_same(s.kl_tz, t.kl_tz, at + "kl_tz");
      expect_same(s.top_ids, t.top_ids, at + "top ids");
      expect_same(s.top_p, t.top_p, at + "top p");
      for (std::size_t j = 0; j < s.temperature_stats.size(); ++j)
        EXPECT_EQ(s.temperature_stats[j], t.temperature_stats[j]) << at << "temperature statistic " << j;
    }
  }
  EXPECT_GT(positions, 1000u) << "enough windows for many pairs of batches";
  EXPECT_FALSE(a.documents[8].samples.empty()) << "the projection sampled positions";
  ASSERT_EQ(a.summaries.size(), b.summaries.size());
  for (std::size_t m = 0; m < a.summaries.size(); ++m) {
    EXPECT_EQ(a.summaries[m].nll_mean, b.summaries[m].nll_mean) << m;
    EXPECT_EQ(a.summaries[m].kl_tb_mean, b.summaries[m].kl_tb_mean) << m;
    EXPECT_EQ(a.summaries[m].temperature, b.summaries[m].temperature) << m;
    EXPECT_EQ(a.summaries[m].zoom_recovered, b.summaries[m].zoom_recovered) << m;
  }
  ASSERT_EQ(a.projection.points.size(), b.projection.points.size());
  for (std::size_t i = 0; i < a.projection.points.size(); ++i) {
    EXPECT_EQ(a.projection.points[i].x, b.projection.points[i].x) << i;
    EXPECT_EQ(a.projection.points[i].y, b.projection.points[i].y) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(StoredDtypes, SideBySide,
                         ::testing::Values(core::model::DType::F32, core::model::DType::F16, core::model::DType::BF16),
                         [](const auto& info) { return std::string(core::model::torch_name(info.param)); });

TEST(SideBySideRun, CancellingStopsTheRunAndGivesTheBlasPoolBack) {
  TempDir tmp;
  testsupport::write_family_folder(tmp / "base", "llama3", 3);
  testsupport::write_family_folder(tmp / "tuned", "llama3", 4);
  const int pool = core::blas_threads();
  const RunSpec spec = compare_spec(tmp, 2);
  auto plan = plan_run(spec);
  ASSERT_TRUE(plan) << plan.error().what();
  core::Job job([](const core::Progress& p) { return p.done < 300; }, {}, std::chrono::milliseconds(0));
  auto r = run(spec, *plan, job);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::Cancelled);
  EXPECT_EQ(core::blas_threads(), pool);
}
