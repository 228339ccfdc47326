// core::model::causal_attention (blocked by query positions, fused scale + mask + softmax on the CPU)
// against naive attention written here in double: repeat the kv heads, full score matrix, -inf above
// the causal diagonal, softmax, weighted sum of values.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include "core/model/attention.h"

namespace {

// q [B, T, H, hd] at positions pos..pos+T-1; k, v [B, KVH, pos+T, hd]. Returns [B, T, H * hd]. With a
// window, query position p reads only keys p - window + 1..p.
at::Tensor naive_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::int64_t pos,
                           std::int64_t window = 0) {
  const std::int64_t B = q.size(0), T = q.size(1), H = q.size(2), hd = q.size(3), L = k.size(2);
  const std::int64_t rep = H / k.size(1);
  const at::Tensor qd = q.to(at::kDouble).permute({0, 2, 1, 3});             // [B, H, T, hd]
  const at::Tensor kd = k.to(at::kDouble).repeat_interleave(rep, 1);       // [B, H, L, hd]
  const at::Tensor vd = v.to(at::kDouble).repeat_interleave(rep, 1);
  at::Tensor scores = at::matmul(qd, kd.transpose(2, 3)) / std::sqrt(double(hd));  // [B, H, T, L]
  // Query t (absolute position pos + t) reads keys 0..pos + t.
  const at::Tensor query_pos = at::arange(T, at::kLong).unsqueeze(1) + pos;
  const at::Tensor key_pos = at::arange(L, at::kLong).unsqueeze(0);
  scores = scores.masked_fill(key_pos > query_pos, -std::numeric_limits<double>::infinity());
  if (window > 0) scores = scores.masked_fill(key_pos <= query_pos - window, -std::numeric_limits<double>::infinity());
  const at::Tensor out = at::matmul(at::softmax(scores, -1), vd);  // [B, H, T, hd]
  return out.permute({0, 2, 1, 3}).reshape({B, T, H * hd});
}

struct Case {
  std::int64_t B, T, H, KVH, hd, pos;
  double q_scale;  // large scales make peaked softmaxes, where an unstable kernel overflows
  std::int64_t window = 0;
};

void expect_matches_naive(const Case& c) {
  SCOPED_TRACE("B " + std::to_string(c.B) + " T " + std::to_string(c.T) + " H " + std::to_string(c.H) + " KVH " +
               std::to_string(c.KVH) + " hd " + std::to_string(c.hd) + " pos " + std::to_string(c.pos) + " window " +
               std::to_string(c.window));
  at::manual_seed(c.B * 1000 + c.T + c.pos);
  const std::int64_t L = c.pos + c.T;
  const at::Tensor q = at::randn({c.B, c.T, c.H, c.hd}) * c.q_scale;
  // Keys and values arrive as the models pass them: [B, L, KVH, hd] permuted, not contiguous.
  const at::Tensor k = at::randn({c.B, L, c.KVH, c.hd}).permute({0, 2, 1, 3});
  const at::Tensor v = at::randn({c.B, L, c.KVH, c.hd}).permute({0, 2, 1, 3});
  core::model::AttentionOptions options;
  options.window = c.window;
  const at::Tensor got = core::model::causal_attention(q, k, v, c.pos, options);
  const at::Tensor want = naive_attention(q, k, v, c.pos, c.window);
  ASSERT_EQ(got.sizes(), want.sizes());
  const double err = (got.to(at::kDouble) - want).abs().max().item<double>();
  EXPECT_LT(err, 2e-5) << "max |difference| from naive attention";
}

TEST(CausalAttention, MatchesNaiveMaskedSoftmaxWithinOneQueryBlock) {
  expect_matches_naive({2, 1, 4, 4, 8, 0, 1.0});   // one token
  expect_matches_naive({2, 37, 4, 4, 8, 0, 1.0});  // multi-head, T below the block
  expect_matches_naive({1, 128, 6, 2, 16, 0, 1.0});  // grouped-query, exactly one block
}

TEST(CausalAttention, MatchesNaiveAcrossQueryBlocksAndPartialLastBlock) {
  expect_matches_naive({2, 300, 6, 2, 16, 0, 1.0});  // blocks of 128, 128 and 44
  expect_matches_naive({1, 257, 4, 1, 32, 0, 4.0});  // multi-query, peaked softmax
}

TEST(CausalAttention, MatchesNaiveWithAHistoryInTheCache) {
  expect_matches_naive({2, 1, 4, 2, 8, 200, 1.0});     // one decoding step after 200 positions
  expect_matches_naive({1, 150, 4, 2, 16, 37, 1.0});   // a chunk after a prefix, crossing a block
  expect_matches_naive({3, 130, 8, 8, 8, 129, 3.0});
}

// Heads of up to 16 dimensions take a fused path (scores, softmax and values per block of query rows;
// on an AVX2 CPU, heads of 8 dimensions with a row in each lane), larger ones the blocked batched
// products: both with groups of query heads whose rows straddle the fused path's blocks of 4 and 8,
// and with windows that start inside a vector of keys.
TEST(CausalAttention, SmallAndLargeHeadsAgreeWithNaiveAcrossGroupsAndWindows) {
  expect_matches_naive({2, 67, 6, 2, 8, 0, 2.0});     // 3 query heads a kv head: blocks mix positions
  expect_matches_naive({1, 300, 8, 4, 8, 0, 1.0});    // stories260K's heads, past one query block
  expect_matches_naive({2, 5, 3, 3, 4, 61, 1.0});     // tiny heads after a history
  expect_matches_naive({1, 90, 4, 2, 8, 0, 1.0, 7});  // a sliding window, small heads
  expect_matches_naive({1, 90, 4, 2, 8, 40, 1.0, 33});
  expect_matches_naive({1, 150, 4, 2, 32, 10, 1.0, 50});  // a sliding window, large heads
}

TEST(CausalAttention, DoublePrecisionInputsTakeTheGenericPathAndAgree) {
  at::manual_seed(5);
  const at::Tensor q = at::randn({1, 140, 4, 8}, at::kDouble);
  const at::Tensor k = at::randn({1, 2, 140, 8}, at::kDouble), v = at::randn({1, 2, 140, 8}, at::kDouble);
  const at::Tensor got = core::model::causal_attention(q, k, v, 0);
  EXPECT_LT((got - naive_attention(q, k, v, 0)).abs().max().item<double>(), 1e-10);
}

}  // namespace
