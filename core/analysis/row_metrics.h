#pragma once
// Fused per-row kernels behind token_metrics on the CPU: each reads one row of logits (one position's
// scores over the vocabulary) a few times while it is in cache and computes every metric of that row,
// instead of a dozen whole-chunk ATen passes with [rows, vocab] temporaries.
//
// Sums are taken in float over 16 lanes for a block of 256 entries, then added in double, so rounding
// does not grow with the vocabulary. Plain functions of their arguments; safe from any thread.
#include <array>
#include <cstdint>

#include "core/analysis/run_result.h"

namespace core::analysis::rows {

// max_v z_v and log sum_v exp(z_v), the normaliser of log_softmax(z) = z - lse.
struct Normaliser {
  float max = 0;
  double lse = 0;
};
Normaliser normalise(const float* z, std::int64_t n);

// The metrics of one position (docs/ARCHITECTURE.md, "Metric definitions") from its logits z[0..n).
struct OwnRow {
  float logp = 0, entropy = 0, confidence = 0, sum_p2 = 0;
  std::int32_t rank = 0;
  // Per grid beta j: nll(beta_j), d nll / d beta, d2 nll / d beta2 (see run_result.h).
  std::array<double, 3 * kTemperatureGrid> temperature{};
};
// `top_ids`/`top_p` receive the `k` most probable entries, most probable first (ties: lower id first).
// `k` <= n. `target` in [0, n).
void own_row(const float* z, std::int64_t n, std::int64_t target, std::int64_t k, std::int32_t* top_ids,
             float* top_p, OwnRow& out);

// Divergences between two distributions over the same n ids, given as logits and their normalisers
// (log p = z - lse). With `full` false only kl_ab is computed.
struct DivergenceRow {
  double kl_ab = 0, kl_ba = 0, js = 0;  // KL(a || b), KL(b || a), Jensen-Shannon; each >= 0
};
DivergenceRow divergence_row(const float* za, double lse_a, const float* zb, double lse_b, std::int64_t n, bool full);

}  // namespace core::analysis::rows
