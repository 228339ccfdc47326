// The Overview's histograms: the two-read count finish_run stores (TwoReadHistograms) must equal the
// pass the digest makes over values kept in memory (HistogramPass), bin for bin and range for range,
// also when a kind has so many values that its ranges come from a strided sample.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/analysis/digest.h"

namespace {

using namespace core::analysis;

// Three maps over `positions` scored positions: a base, a tuned map with KL, a map without KL arrays
// (as a zoomed base has none of its own), with heavy tails and a few NaNs.
std::vector<MapTrack> document(std::size_t positions, std::mt19937& rng) {
  std::student_t_distribution<float> heavy(2.0f);
  std::vector<MapTrack> maps(3);
  for (std::size_t m = 0; m < maps.size(); ++m) {
    MapTrack& t = maps[m];
    for (std::size_t p = 0; p < positions; ++p) {
      t.logp.push_back(-std::fabs(heavy(rng)) - 0.1f * float(m));
      t.entropy.push_back(std::fabs(heavy(rng)) + 0.5f * float(m));
      t.rank.push_back(1);
      if (m == 1) t.kl_bt.push_back(p % 997 == 0 ? std::numeric_limits<float>::quiet_NaN() : std::fabs(heavy(rng)));
    }
  }
  return maps;
}

TEST(Histograms, TwoReadsCountExactlyWhatThePassOverKeptValuesCounts) {
  std::mt19937 rng(20261205);
  std::vector<std::vector<MapTrack>> documents;
  for (std::size_t size : {90000u, 1u, 0u, 120000u, 77777u}) documents.push_back(document(size, rng));

  HistogramPass pass(3);
  std::vector<TwoReadHistograms::Totals> totals(3);
  for (std::size_t d = 0; d < documents.size(); ++d) {
    pass.add(documents[d], nullptr, d);
    for (std::size_t m = 0; m < 3; ++m) {
      const auto n = std::int64_t(documents[d][m].size());
      totals[m].entropy += n;
      if (m > 0) totals[m].delta_nll += n;
      if (m == 1) totals[m].kl_base_tuned += n;
    }
  }
  TwoReadHistograms two(totals);
  for (const bool first : {true, false})
    for (const auto& d : documents) two.add(d, first);
  const RunHistograms a = pass.finish(), b = two.finish();
  ASSERT_EQ(a.entropy.size(), 3u);
  EXPECT_EQ(a, b);
  // The values are many enough that each kind's range came from a strided sample, not every value.
  EXPECT_GT(totals[0].entropy * 3, 400000);
  EXPECT_EQ(b.entropy[2].total(), 287778) << "every finite value is counted";
  EXPECT_EQ(b.kl_base_tuned[1].total(), 287778 - 292) << "NaNs are left out";
  EXPECT_EQ(b.kl_base_tuned[2].total(), 0) << "a map without KL arrays counts none";
  EXPECT_TRUE(b.delta_nll[0].counts.empty()) << "the base has no ΔNLL against itself";
  EXPECT_GT(b.entropy[0].counts.back(), 0) << "the heavy tail beyond the 99.5th percentile lands in the edge bin";
  EXPECT_LT(b.entropy[0].counts.back(), b.entropy[0].total() / 50);
}

}  // namespace
