// The fused CPU kernels behind token_metrics (core/analysis/row_metrics.*) against a straightforward
// reference computed here in double precision with whole-row ATen operations and std::sort: random
// logits over small, odd and GPT-2-sized vocabularies, rows full of ties, and masked (-inf) ids.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/analysis/token_metrics.h"

namespace {

using core::analysis::kTemperatureGrid;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Metrics of one row, in double, straight from the definitions (docs/ARCHITECTURE.md, "Metric definitions").
struct Reference {
  double logp = 0, entropy = 0, confidence = 0, sum_p2 = 0;
  std::int64_t rank = 0;
  std::vector<std::int64_t> top_ids;
  std::vector<double> top_p;
  std::vector<double> temperature;  // per grid beta: nll(beta), d nll / d beta, d2 nll / d beta2
};

Reference reference(const at::Tensor& row_f, std::int64_t target, std::int64_t k) {
  const at::Tensor z = row_f.to(at::kDouble);
  const at::Tensor lp = at::log_softmax(z, 0);
  const at::Tensor p = lp.exp();
  Reference r;
  r.logp = lp[target].item<double>();
  // p log p = 0 where p = 0 (masked ids), so those entries are left out.
  const at::Tensor live = p > 0;
  r.entropy = -(p.masked_select(live) * lp.masked_select(live)).sum().item<double>();
  r.confidence = p.max().item<double>();
  r.sum_p2 = (p * p).sum().item<double>();
  r.rank = 1 + (p > p[target]).sum().item<std::int64_t>();
  const std::int64_t n = z.size(0);
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const double* zp = z.data_ptr<double>();
  std::stable_sort(order.begin(), order.end(), [zp](std::int64_t a, std::int64_t b) { return zp[a] > zp[b]; });
  for (std::int64_t j = 0; j < k; ++j) {
    r.top_ids.push_back(order[static_cast<std::size_t>(j)]);
    r.top_p.push_back(p[order[static_cast<std::size_t>(j)]].item<double>());
  }
  // nll(beta) = -log softmax(beta z)[target]; its derivatives are E_beta[z] - z_target and Var_beta[z].
  const at::Tensor finite = at::isfinite(z);
  const at::Tensor zf = z.masked_select(finite);
  for (int j = 0; j < kTemperatureGrid; ++j) {
    const double beta = core::analysis::temperature_grid_beta(j);
    const at::Tensor q = at::softmax(beta * zf, 0);
    const double mean = (q * zf).sum().item<double>();
    const double var = (q * (zf - mean) * (zf - mean)).sum().item<double>();
    r.temperature.push_back(at::logsumexp(beta * zf, 0).item<double>() - beta * zp[target]);
    r.temperature.push_back(mean - zp[target]);
    r.temperature.push_back(var);
  }
  return r;
}

// |actual - expected| <= abs + rel |expected|, with equal infinities accepted.
::testing::AssertionResult close(double actual, double expected, double abs, double rel) {
  if (std::isinf(expected) && actual == expected) return ::testing::AssertionSuccess();
  if (std::fabs(actual - expected) <= abs + rel * std::fabs(expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " vs reference " << expected << " (diff "
                                       << actual - expected << ")";
}

// Checks every own metric of every row of `logits` [M, V] against the reference.
void expect_own_metrics_match(const at::Tensor& logits, const at::Tensor& targets, std::int64_t top_k) {
  const std::int64_t M = logits.size(0), V = logits.size(1), k = std::min(top_k, V);
  const auto d = core::analysis::distribution(logits, V);
  const auto m = core::analysis::own_metrics(d, targets, top_k);
  ASSERT_EQ(m.top_ids.size(1), k);
  for (std::int64_t r = 0; r < M; ++r) {
    SCOPED_TRACE("row " + std::to_string(r) + " of " + std::to_string(M) + ", vocabulary " + std::to_string(V));
    const std::int64_t y = targets[r].item<std::int64_t>();
    const Reference ref = reference(logits[r], y, k);
    EXPECT_TRUE(close(m.logp[r].item<float>(), ref.logp, 2e-5, 2e-6));
    EXPECT_TRUE(close(m.entropy[r].item<float>(), ref.entropy, 2e-5, 2e-6));
    EXPECT_TRUE(close(m.confidence[r].item<float>(), ref.confidence, 1e-7, 1e-5));
    EXPECT_TRUE(close(m.sum_p2[r].item<float>(), ref.sum_p2, 1e-7, 1e-5));
    EXPECT_EQ(m.rank[r].item<std::int32_t>(), ref.rank);
    for (std::int64_t j = 0; j < k; ++j) {
      EXPECT_EQ(m.top_ids[r][j].item<std::int32_t>(), ref.top_ids[static_cast<std::size_t>(j)]) << "top " << j;
      EXPECT_TRUE(close(m.top_p[r][j].item<float>(), ref.top_p[static_cast<std::size_t>(j)], 1e-7, 1e-5)) << "top " << j;
    }
    for (int s = 0; s < 3 * kTemperatureGrid; ++s)
      EXPECT_TRUE(close(m.temperature[r][s].item<double>(), ref.temperature[static_cast<std::size_t>(s)], 1e-4, 1e-4))
          << "temperature statistic " << s << " (beta " << core::analysis::temperature_grid_beta(s / 3) << ")";
  }
}

// Logits that spread over a few nats, as a trained model's do.
at::Tensor random_logits(std::int64_t M, std::int64_t V, double spread, std::uint64_t seed) {
  at::manual_seed(seed);
  return at::randn({M, V}) * spread;
}

TEST(TokenMetricsKernel, OwnMetricsMatchDoubleReferenceAcrossVocabularySizes) {
  // Sizes below one vector, not a multiple of any vector width, one block of 256 and GPT-2's.
  for (const std::int64_t V : {3, 5, 17, 256, 300, 1000, 50257}) {
    const std::int64_t M = V > 10000 ? 6 : 12;
    const at::Tensor z = random_logits(M, V, 3.0, 7 + std::uint64_t(V));
    at::Tensor y = at::randint(V, {M}, at::kLong);
    // The most probable id as a target too: rank 1, logp = log confidence.
    y[0] = z[0].argmax();
    expect_own_metrics_match(z, y, 10);
  }
}

TEST(TokenMetricsKernel, TiesRankAndTopKOnEqualLogits) {
  // Logits on a grid of 0.5: hundreds of exact ties per row, including with the target.
  at::manual_seed(3);
  const at::Tensor z = (at::randn({16, 2000}) * 4).round() * 0.5;
  const at::Tensor y = at::randint(2000, {16}, at::kLong);
  // 16: the largest k whose list is seeded by a block's run maxima (row_metrics.cpp), tied with many.
  for (const std::int64_t k : {16, 20}) expect_own_metrics_match(z, y, k);
  // A row where every logit is equal: uniform, rank 1, top ids 0..k-1.
  const at::Tensor flat = at::full({1, 700}, 1.25f);
  expect_own_metrics_match(flat, at::full({1}, 123, at::kLong), 5);
  const auto m = core::analysis::own_metrics(core::analysis::distribution(flat, 700), at::full({1}, 123, at::kLong), 5);
  EXPECT_NEAR(m.entropy[0].item<float>(), std::log(700.0), 1e-5);
  EXPECT_EQ(m.rank[0].item<std::int32_t>(), 1);
  EXPECT_EQ(m.top_ids[0][4].item<std::int32_t>(), 4);
}

// The top-k list at its edges: none kept (--top-k 0), every id kept (k = V, the list full only at the
// last id), one, and either side of 16 (up to which the list starts from a seed below which no entry
// of the first block can enter), in ascending logits where every id would enter the list and
// descending where only the first k do.
TEST(TokenMetricsKernel, TopKOfNoneOneAndTheWholeVocabulary) {
  const at::Tensor mixed = random_logits(4, 300, 2.0, 17);
  const at::Tensor rising = at::arange(300, at::kFloat).mul_(0.01f).unsqueeze(0);
  const at::Tensor falling = rising.flip(1);
  for (const at::Tensor& z : {mixed, rising, falling}) {
    const at::Tensor y = at::full({z.size(0)}, 7, at::kLong);
    for (const std::int64_t k : {0, 1, 10, 16, 17, 300}) {
      SCOPED_TRACE("k = " + std::to_string(k));
      expect_own_metrics_match(z, y, k);
    }
  }
}

TEST(TokenMetricsKernel, MaskedIdsAtMinusInfinityAreZeroProbabilityNotNaN) {
  at::Tensor z = random_logits(8, 1500, 2.5, 11);
  // Mask a third of the ids of every row (some whole blocks, some scattered), as a logit bias would.
  z.narrow(1, 256, 300).fill_(-kInf);
  z.slice(1, 3, 1500, 7).fill_(-kInf);
  const at::Tensor y = at::tensor({0L, 1L, 2L, 4L, 600L, 1000L, 1499L, 5L});
  for (std::int64_t r = 0; r < 8; ++r) ASSERT_TRUE(std::isfinite(z[r][y[r]].item<float>()));
  expect_own_metrics_match(z, y, 10);

  // A masked target: logp = -inf, rank counts every live id, the other metrics stay finite.
  const at::Tensor masked_target = at::tensor({300L});
  const auto m = core::analysis::own_metrics(core::analysis::distribution(z.narrow(0, 0, 1), 1500), masked_target, 10);
  EXPECT_EQ(m.logp[0].item<float>(), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(m.rank[0].item<std::int32_t>(), 1 + at::isfinite(z[0]).sum().item<std::int32_t>());
  EXPECT_TRUE(std::isfinite(m.entropy[0].item<float>()));
  EXPECT_TRUE(std::isfinite(m.sum_p2[0].item<float>()));
}

TEST(TokenMetricsKernel, DivergencesMatchDoubleReference) {
  for (const std::int64_t V : {5, 300, 50257}) {
    const std::int64_t M = 6;
    const at::Tensor a = random_logits(M, V, 3.0, 21);
    // Rows from identical to far apart: KL from ~0 (relative precision matters) to several nats.
    at::Tensor b = a.clone();
    const at::Tensor noise = random_logits(M, V, 1.0, 22);
    for (std::int64_t r = 0; r < M; ++r) b[r] += noise[r] * (r == 0 ? 0.0 : std::pow(10.0, double(r) - 4));
    if (V > 10) {
      a[1][3] = -kInf;  // masked in one map only: KL(a || b) stays finite, KL(b || a) is infinite
      b[2][4] = -kInf;
      a[3][5] = -kInf, b[3][5] = -kInf;  // masked in both: contributes nothing
    }
    const auto da = core::analysis::distribution(a, V), db = core::analysis::distribution(b, V);
    const auto div = core::analysis::divergence(da, db);
    const at::Tensor kl_alone = core::analysis::kl(da, db);
    const at::Tensor la = at::log_softmax(a.to(at::kDouble), 1), lb = at::log_softmax(b.to(at::kDouble), 1);
    const at::Tensor pa = la.exp(), pb = lb.exp();
    const auto kl_ref = [](const at::Tensor& p, const at::Tensor& lp, const at::Tensor& lq) {
      const at::Tensor live = p > 0;
      return (p * (lp - lq)).masked_fill(~live, 0).sum(1);
    };
    const at::Tensor ab = kl_ref(pa, la, lb), ba = kl_ref(pb, lb, la);
    const at::Tensor lm = ((pa + pb) * 0.5).log();
    const at::Tensor js = 0.5 * (kl_ref(pa, la, lm) + kl_ref(pb, lb, lm));
    for (std::int64_t r = 0; r < M; ++r) {
      SCOPED_TRACE("row " + std::to_string(r) + ", vocabulary " + std::to_string(V));
      EXPECT_TRUE(close(div.kl_bt[r].item<float>(), ab[r].item<double>(), 1e-7, 1e-4));
      EXPECT_TRUE(close(kl_alone[r].item<float>(), ab[r].item<double>(), 1e-7, 1e-4));
      EXPECT_TRUE(close(div.kl_tb[r].item<float>(), ba[r].item<double>(), 1e-7, 1e-4));
      EXPECT_TRUE(close(div.js[r].item<float>(), js[r].item<double>(), 1e-7, 1e-4));
    }
    EXPECT_EQ(div.kl_bt[0].item<float>(), 0.0f);  // identical rows
  }
}

TEST(TokenMetricsKernel, AddedIdsAreRenormalisedAwayAndTheirMassReported) {
  // A tuned map with 40 ids beyond a base vocabulary of 1000: metrics over the base ids only.
  const at::Tensor z = random_logits(5, 1040, 3.0, 31);
  z.narrow(1, 1000, 40).add_(2.0);  // put visible mass on the added ids
  const at::Tensor y = at::randint(1000, {5}, at::kLong);
  const auto d = core::analysis::distribution(z, 1000);
  const auto m = core::analysis::own_metrics(d, y, 10);
  const at::Tensor p = at::softmax(z.to(at::kDouble), 1);
  for (std::int64_t r = 0; r < 5; ++r) {
    EXPECT_TRUE(close(d.added_mass[r].item<float>(), p[r].narrow(0, 1000, 40).sum().item<double>(), 1e-6, 1e-5));
    const Reference ref = reference(z[r].narrow(0, 0, 1000), y[r].item<std::int64_t>(), 10);
    EXPECT_TRUE(close(m.logp[r].item<float>(), ref.logp, 2e-5, 2e-6));
    EXPECT_TRUE(close(m.entropy[r].item<float>(), ref.entropy, 2e-5, 2e-6));
    EXPECT_EQ(m.rank[r].item<std::int32_t>(), ref.rank);
  }
}

}  // namespace

// A map scored alone (no divergences) skips each row's log-sum-exp: its own metrics are the same
// numbers, and asking it for a divergence is a programming error, not garbage.
TEST(TokenMetricsKernel, OneMapAloneGivesTheSameOwnMetricsWithoutItsLogSumExps) {
  const at::Tensor z = random_logits(9, 700, 3.0, 23);
  const at::Tensor y = at::randint(700, {9}, at::kLong);
  const auto with = core::analysis::distribution(z, 700);
  const auto alone = core::analysis::distribution(z, 700, false);
  EXPECT_FALSE(alone.lse.defined());
  const auto a = core::analysis::own_metrics(with, y, 10), b = core::analysis::own_metrics(alone, y, 10);
  for (const auto& [x, w] : {std::pair{a.logp, b.logp}, std::pair{a.entropy, b.entropy}, std::pair{a.top_p, b.top_p},
                              std::pair{a.temperature, b.temperature}})
    EXPECT_TRUE(at::equal(x, w));
  EXPECT_TRUE(at::equal(a.top_ids, b.top_ids));
  EXPECT_THROW(core::analysis::divergence(with, alone), std::logic_error);
  // An added vocabulary still needs the normaliser for its mass, so it is kept.
  const auto added = core::analysis::distribution(z, 600, false);
  EXPECT_TRUE(added.lse.defined() && added.added_mass.defined());
}
