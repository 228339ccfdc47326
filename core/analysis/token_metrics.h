#pragma once
// Per-position metrics from a chunk of logits (docs/ARCHITECTURE.md, "Metric definitions"), computed in float32
// (sums in double) on the logits' device and returned on the CPU. A chunk is a few hundred positions,
// so a run never holds logits for more than one chunk per map: memory grows with positions, not
// vocabulary.
//
// On the CPU every metric of a position comes from one fused kernel over that position's row of
// logits (row_metrics.h), rows in parallel; on other devices (CUDA) from ATen operations on the whole
// chunk. Both compute the same quantities; tests/unit/token_metrics_kernel_test.cpp holds the CPU
// kernels against a double-precision reference (including ties and masked, -inf logits).
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace core::analysis {

// One map's distribution over the base vocabulary for a chunk of positions.
struct ChunkDistribution {
  at::Tensor logits;      // [M, Vb] float32, the map's logits restricted to base ids (on the CPU a view
                          // whose rows may be longer than Vb)
  at::Tensor lse;         // CPU: [M] float64, log-sum-exp of each row of `logits` (undefined when made
                          // without divergences); else undefined
  bool fused = false;     // the CPU path: rows go through the fused kernels of row_metrics.h
  at::Tensor logprobs;    // other devices: [M, Vb] log-softmax of `logits`; undefined on the CPU
  at::Tensor added_mass;  // [M] CPU float32, mass the map puts on ids >= Vb; undefined when it has none
};

// Restricts `logits` [M, V] (V >= base_vocab) to the base ids and renormalises. Without `divergences`
// (a map with no other to compare it with) the CPU path skips each row's log-sum-exp, which only
// divergence() and kl() read (own_metrics computes its own): a pass of one exponential per logit.
ChunkDistribution distribution(const at::Tensor& logits, std::int64_t base_vocab, bool divergences = true);

// A map's own metrics at each position, all CPU tensors with M rows.
struct OwnMetrics {
  at::Tensor logp, entropy, confidence, sum_p2;  // float32 [M]
  at::Tensor rank;                               // int32 [M]
  at::Tensor top_ids;                            // int32 [M, k]
  at::Tensor top_p;                              // float32 [M, k]
  at::Tensor temperature;                        // float64 [M, 3 * kTemperatureGrid]
};
OwnMetrics own_metrics(const ChunkDistribution& d, const at::Tensor& targets, std::int64_t top_k);

// Divergences of `self` from `base` at each position (float32 CPU [M]).
struct Divergence {
  at::Tensor kl_bt, kl_tb, js;
};
Divergence divergence(const ChunkDistribution& base, const ChunkDistribution& self);
// KL(self || other) alone (used against the zoomed base).
at::Tensor kl(const ChunkDistribution& self, const ChunkDistribution& other);

}  // namespace core::analysis
