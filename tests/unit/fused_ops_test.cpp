// The one-pass element-wise steps of a decoder layer (core/model/fused_ops.h) against the same
// formulas in double: RMSNorm with and without Gemma's +1, RoPE in both pairings with partial rotary
// dimensions and a position offset, and silu(gate) * up out to where e^-gate overflows. Row lengths
// off the 16-lane blocks exercise the loops' tails.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include "core/model/fused_ops.h"
#include "core/model/rope_scaling.h"

namespace {

using namespace core::model;

double max_relative(const at::Tensor& got, const at::Tensor& want) {
  const at::Tensor w = want.to(at::kDouble);
  return ((got.to(at::kDouble) - w).abs() / (w.abs() + 1e-6)).max().item<double>();
}

TEST(FusedOps, RmsNormMatchesDoubleAtEveryRowLength) {
  at::manual_seed(3);
  for (std::int64_t n : {1, 7, 16, 17, 64, 100}) {
    SCOPED_TRACE(n);
    const at::Tensor x = at::randn({3, 5, n}) * 4, w = at::randn({n});
    for (float shift : {0.0f, 1.0f}) {
      const at::Tensor xd = x.to(at::kDouble);
      const at::Tensor want = xd * at::rsqrt(xd.pow(2).mean(-1, true) + 1e-5) * (w.to(at::kDouble) + shift);
      const at::Tensor got = rms_norm(x, w, 1e-5, shift);
      EXPECT_EQ(got.sizes(), x.sizes());
      EXPECT_LT(max_relative(got, want), 1e-5) << "shift " << shift;
    }
  }
  // A transposed (non-contiguous) input normalises its own last dimension.
  const at::Tensor x = at::randn({6, 9}).t(), w = at::randn({6});
  const at::Tensor xd = x.to(at::kDouble);
  EXPECT_LT(max_relative(rms_norm(x, w, 1e-6, 0), xd * at::rsqrt(xd.pow(2).mean(-1, true) + 1e-6) * w.to(at::kDouble)),
            1e-5);
}

// RoPE in double from the tables: each pair (a, b) becomes (a cos - b sin, b cos + a sin).
at::Tensor rope_double(const at::Tensor& x, const RopeTables& t, std::int64_t pos, RopePairing pairing) {
  at::Tensor out = x.to(at::kDouble).clone();
  const std::int64_t T = x.size(1), rd = t.cos.size(1), half = rd / 2;
  for (std::int64_t i = 0; i < half; ++i) {
    const std::int64_t a = pairing == RopePairing::Adjacent ? 2 * i : i;
    const std::int64_t b = pairing == RopePairing::Adjacent ? 2 * i + 1 : i + half;
    const at::Tensor c = t.cos.narrow(0, pos, T).select(1, a).to(at::kDouble).view({1, T, 1});
    const at::Tensor s = t.sin.narrow(0, pos, T).select(1, a).to(at::kDouble).view({1, T, 1});
    const at::Tensor xa = x.select(3, a).to(at::kDouble), xb = x.select(3, b).to(at::kDouble);
    out.select(3, a).copy_(xa * c - xb * s);
    out.select(3, b).copy_(xb * c + xa * s);
  }
  return out;
}

TEST(FusedOps, RopeTurnsEachPairInBothPairingsWithPartialRotaryDimensions) {
  at::manual_seed(4);
  for (RopePairing pairing : {RopePairing::Adjacent, RopePairing::Halves}) {
    // All 8 dimensions, or the first 4 (the rest pass through); 36 of 40: whole vectors of pairs at
    // 8 and 16 lanes, then pairs one at a time.
    for (auto [hd, rd] : {std::pair<std::int64_t, std::int64_t>{8, 8}, {8, 4}, {40, 36}}) {
      SCOPED_TRACE(int(pairing) * 1000 + hd * 10 + rd);
      const RopeTables tables = rope_tables(10000.0, rd, 64, pairing, RopeScaling{});
      const at::Tensor x = at::randn({2, 5, 3, hd});
      ASSERT_TRUE(rope_fuses(x, tables));
      const at::Tensor got = apply_rope(x, tables, 7, pairing);
      EXPECT_LT((got.to(at::kDouble) - rope_double(x, tables, 7, pairing)).abs().max().item<double>(), 1e-5);
      if (rd < hd) {
        EXPECT_TRUE(at::equal(got.narrow(3, rd, hd - rd), x.narrow(3, rd, hd - rd)));
      }
    }
  }
}

TEST(FusedOps, SiluTimesUpMatchesDoubleIncludingWhereTheExponentialOverflows) {
  at::manual_seed(5);
  at::Tensor gate = at::randn({37, 19}) * 6;
  gate[0][0] = 100.0f, gate[0][1] = -100.0f, gate[0][2] = 0.0f, gate[0][3] = -87.0f, gate[0][4] = 88.5f;
  const at::Tensor up = at::randn({37, 19});
  const at::Tensor g = gate.to(at::kDouble);
  const at::Tensor want = g / (1 + at::exp(-g)) * up.to(at::kDouble);
  at::Tensor got = gate.clone();
  silu_times_(got, up);
  EXPECT_LT((got.to(at::kDouble) - want).abs().max().item<double>(), 1e-5 * (want.abs().max().item<double>() + 1));
  EXPECT_FLOAT_EQ(got[0][0].item<float>(), 100.0f * up[0][0].item<float>());
  EXPECT_NEAR(got[0][1].item<float>(), 0.0f, 1e-30);
  EXPECT_EQ(got[0][2].item<float>(), 0.0f);
  EXPECT_FALSE(at::isnan(got).any().item<bool>());
}

}  // namespace

namespace {

TEST(FusedOps, TanhGeluMatchesTheTanhFormulaInDouble) {
  at::manual_seed(6);
  at::Tensor x = at::randn({41, 23}) * 5;
  x[0][0] = 100.0f, x[0][1] = -100.0f, x[0][2] = 0.0f, x[0][3] = -10.0f, x[0][4] = 30.0f;
  const at::Tensor d = x.to(at::kDouble);
  const at::Tensor want = 0.5 * d * (1 + at::tanh(std::sqrt(2.0 / M_PI) * (d + 0.044715 * d.pow(3))));
  at::Tensor got = x.clone();
  core::model::tanh_gelu_(got);
  EXPECT_LT((got.to(at::kDouble) - want).abs().max().item<double>(), 2e-6 * (want.abs().max().item<double>() + 1));
  EXPECT_EQ(got[0][0].item<float>(), 100.0f);
  EXPECT_NEAR(got[0][1].item<float>(), 0.0f, 1e-30);
  EXPECT_EQ(got[0][2].item<float>(), 0.0f);
  // LibTorch's own tanh GELU, which this replaces, agrees to float rounding.
  EXPECT_LT((got - at::gelu(x, "tanh")).abs().max().item<float>(), 1e-5f * 100);
}

}  // namespace
