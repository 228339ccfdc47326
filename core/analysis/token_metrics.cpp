#include "core/analysis/token_metrics.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>
#include <stdexcept>

#include "core/analysis/row_metrics.h"
#include "core/analysis/run_result.h"
#include "core/model/simd_math.h"

namespace core::analysis {
namespace {

// Rows per parallel task: a row of a 50k vocabulary takes tens of microseconds.
constexpr std::int64_t kRowGrain = 4;

const float* row(const at::Tensor& t, std::int64_t r) { return t.data_ptr<float>() + r * t.stride(0); }

// ---- CPU: fused per-row kernels --------------------------------------------------------------------

ChunkDistribution distribution_cpu(const at::Tensor& logits, std::int64_t base_vocab, bool divergences) {
  ChunkDistribution d;
  d.fused = true;
  at::Tensor z = logits.to(at::kFloat);
  if (z.stride(1) != 1) z = z.contiguous();
  const std::int64_t M = z.size(0), V = z.size(1);
  d.logits = z.narrow(1, 0, base_vocab);
  if (!divergences && V == base_vocab) return d;  // nothing reads the row's log-sum-exp
  d.lse = at::empty({M}, at::kDouble);
  double* lse = d.lse.data_ptr<double>();
  float* added = nullptr;
  if (V > base_vocab) {
    d.added_mass = at::empty({M}, at::kFloat);
    added = d.added_mass.data_ptr<float>();
  }
  at::parallel_for(0, M, kRowGrain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t r = begin; r < end; ++r) {
      const float* zr = row(z, r);
      const rows::Normaliser n = rows::normalise(zr, base_vocab);
      lse[r] = n.lse;
      if (!added) continue;
      // Mass on the added ids = A / (A + B), both relative to the largest logit of the whole row.
      double top = n.max;
      for (std::int64_t v = base_vocab; v < V; ++v) top = std::max(top, double(zr[v]));
      double extra = 0;
      for (std::int64_t v = base_vocab; v < V; ++v) extra += std::exp(double(zr[v]) - top);
      const double base = std::exp(n.lse - top);
      added[r] = float(extra / (extra + base));
    }
  });
  return d;
}

OwnMetrics own_metrics_cpu(const ChunkDistribution& d, const at::Tensor& targets, std::int64_t top_k) {
  const at::Tensor& z = d.logits;
  const std::int64_t M = z.size(0), V = z.size(1);
  const std::int64_t k = std::min<std::int64_t>(std::max<std::int64_t>(top_k, 0), V);
  const at::Tensor tgt = targets.to(at::kCPU, at::kLong).contiguous();
  const auto f32 = at::TensorOptions().dtype(at::kFloat);
  OwnMetrics m;
  m.logp = at::empty({M}, f32), m.entropy = at::empty({M}, f32), m.confidence = at::empty({M}, f32);
  m.sum_p2 = at::empty({M}, f32);
  m.rank = at::empty({M}, at::kInt);
  m.top_ids = at::empty({M, k}, at::kInt);
  m.top_p = at::empty({M, k}, f32);
  m.temperature = at::empty({M, 3 * kTemperatureGrid}, at::kDouble);
  const std::int64_t* y = tgt.data_ptr<std::int64_t>();
  float *logp = m.logp.data_ptr<float>(), *entropy = m.entropy.data_ptr<float>();
  float *confidence = m.confidence.data_ptr<float>(), *sum_p2 = m.sum_p2.data_ptr<float>();
  std::int32_t* rank = m.rank.data_ptr<std::int32_t>();
  std::int32_t* top_ids = m.top_ids.data_ptr<std::int32_t>();
  float* top_p = m.top_p.data_ptr<float>();
  double* temperature = m.temperature.data_ptr<double>();
  at::parallel_for(0, M, kRowGrain, [&](std::int64_t begin, std::int64_t end) {
    const simd::FlushSubnormals flush;  // once for the task, not per row
    rows::OwnRow out;
    for (std::int64_t r = begin; r < end; ++r) {
      rows::own_row(row(z, r), V, y[r], k, top_ids + r * k, top_p + r * k, out);
      logp[r] = out.logp, entropy[r] = out.entropy, confidence[r] = out.confidence, sum_p2[r] = out.sum_p2;
      rank[r] = out.rank;
      std::copy(out.temperature.begin(), out.temperature.end(), temperature + r * 3 * kTemperatureGrid);
    }
  });
  return m;
}

// Runs the divergence kernel over every row; `full` adds KL(b || a) and JS.
void divergence_cpu(const ChunkDistribution& a, const ChunkDistribution& b, bool full, at::Tensor* kl_ab,
                    at::Tensor* kl_ba, at::Tensor* js) {
  const std::int64_t M = a.logits.size(0), V = a.logits.size(1);
  const auto f32 = at::TensorOptions().dtype(at::kFloat);
  *kl_ab = at::empty({M}, f32);
  float* ab = kl_ab->data_ptr<float>();
  float *ba = nullptr, *j = nullptr;
  if (full) {
    *kl_ba = at::empty({M}, f32), *js = at::empty({M}, f32);
    ba = kl_ba->data_ptr<float>(), j = js->data_ptr<float>();
  }
  const double* lse_a = a.lse.data_ptr<double>();
  const double* lse_b = b.lse.data_ptr<double>();
  at::parallel_for(0, M, kRowGrain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t r = begin; r < end; ++r) {
      const rows::DivergenceRow d = rows::divergence_row(row(a.logits, r), lse_a[r], row(b.logits, r), lse_b[r], V, full);
      ab[r] = float(d.kl_ab);
      if (full) ba[r] = float(d.kl_ba), j[r] = float(d.js);
    }
  });
}

// ---- other devices: whole-chunk ATen operations --------------------------------------------------

ChunkDistribution distribution_aten(const at::Tensor& logits, std::int64_t base_vocab) {
  ChunkDistribution d;
  at::Tensor z = logits.to(at::kFloat);
  if (z.size(1) > base_vocab) {
    at::Tensor full_lse = at::logsumexp(z, 1);
    d.logits = z.narrow(1, 0, base_vocab).contiguous();
    d.logprobs = at::log_softmax(d.logits, 1);
    // Mass on the added ids = 1 - exp(lse(base ids) - lse(all ids)).
    d.added_mass = (-at::expm1(at::logsumexp(d.logits, 1) - full_lse)).to(at::kCPU);
  } else {
    d.logits = z.contiguous();
    d.logprobs = at::log_softmax(d.logits, 1);
  }
  return d;
}

OwnMetrics own_metrics_aten(const ChunkDistribution& d, const at::Tensor& targets, std::int64_t top_k) {
  OwnMetrics m;
  const at::Tensor& lp = d.logprobs;
  const at::Tensor tgt = targets.to(lp.device(), at::kLong).unsqueeze(1);
  const at::Tensor p = lp.exp();
  const at::Tensor logp = lp.gather(1, tgt);
  m.logp = logp.squeeze(1);
  m.entropy = -(p * lp).sum(1);
  m.sum_p2 = (p * p).sum(1);
  // Counted on logits, as the CPU kernel does: the order of the logits is exact.
  m.rank = ((d.logits > d.logits.gather(1, tgt)).sum(1) + 1).to(at::kInt);
  const std::int64_t k = std::max<std::int64_t>(1, std::min<std::int64_t>(top_k, lp.size(1)));
  auto [top_lp, top_i] = lp.topk(k, 1);
  m.confidence = top_lp.select(1, 0).exp();
  if (top_k > 0) {
    m.top_p = top_lp.exp();
    m.top_ids = top_i.to(at::kInt);
  } else {
    m.top_p = at::empty({lp.size(0), 0}, lp.options());
    m.top_ids = at::empty({lp.size(0), 0}, lp.options().dtype(at::kInt));
  }
  // Temperature statistics: at each grid beta, nll(beta) = lse(beta z) - beta z_y and its first two
  // derivatives, E_q[z] - z_y and Var_q[z] with q = softmax(beta z).
  const at::Tensor z = d.logits - std::get<0>(d.logits.max(1, true));  // shift for stability
  const at::Tensor zy = z.gather(1, tgt).squeeze(1);
  std::vector<at::Tensor> cols;
  cols.reserve(3 * kTemperatureGrid);
  for (int j = 0; j < kTemperatureGrid; ++j) {
    const double beta = temperature_grid_beta(j);
    const at::Tensor s = z * beta;
    const at::Tensor lse = at::logsumexp(s, 1, true);
    const at::Tensor q = (s - lse).exp();
    const at::Tensor ez = (q * z).sum(1);
    const at::Tensor ez2 = (q * z * z).sum(1);
    cols.push_back(lse.squeeze(1) - beta * zy);
    cols.push_back(ez - zy);
    cols.push_back((ez2 - ez * ez).clamp_min(0));
  }
  m.temperature = at::stack(cols, 1).to(at::kDouble);

  const auto cpu = [](at::Tensor& t) { t = t.to(at::kCPU).contiguous(); };
  cpu(m.logp), cpu(m.entropy), cpu(m.sum_p2), cpu(m.rank), cpu(m.confidence), cpu(m.top_p), cpu(m.top_ids),
      cpu(m.temperature);
  return m;
}

Divergence divergence_aten(const ChunkDistribution& base, const ChunkDistribution& self) {
  const at::Tensor& lb = base.logprobs;
  const at::Tensor& lt = self.logprobs;
  const at::Tensor pb = lb.exp(), pt = lt.exp();
  const at::Tensor diff = lb - lt;
  Divergence d;
  d.kl_bt = (pb * diff).sum(1).clamp_min(0);
  d.kl_tb = (pt * (-diff)).sum(1).clamp_min(0);
  const at::Tensor log_m = at::logaddexp(lb, lt) - std::log(2.0);
  d.js = (0.5 * ((pb * (lb - log_m)).sum(1) + (pt * (lt - log_m)).sum(1))).clamp_min(0);
  d.kl_bt = d.kl_bt.to(at::kCPU).contiguous();
  d.kl_tb = d.kl_tb.to(at::kCPU).contiguous();
  d.js = d.js.to(at::kCPU).contiguous();
  return d;
}

// A fused distribution made without divergences has no log-sum-exps for them to read.
void check_normalised(const ChunkDistribution& a, const ChunkDistribution& b) {
  if (!a.lse.defined() || !b.lse.defined())
    throw std::logic_error("a divergence of a distribution made without divergences");
}

}  // namespace

ChunkDistribution distribution(const at::Tensor& logits, std::int64_t base_vocab, bool divergences) {
  return logits.is_cpu() ? distribution_cpu(logits, base_vocab, divergences) : distribution_aten(logits, base_vocab);
}

OwnMetrics own_metrics(const ChunkDistribution& d, const at::Tensor& targets, std::int64_t top_k) {
  return d.fused ? own_metrics_cpu(d, targets, top_k) : own_metrics_aten(d, targets, top_k);
}

Divergence divergence(const ChunkDistribution& base, const ChunkDistribution& self) {
  if (!base.fused) return divergence_aten(base, self);
  check_normalised(base, self);
  Divergence d;
  divergence_cpu(base, self, true, &d.kl_bt, &d.kl_tb, &d.js);
  return d;
}

at::Tensor kl(const ChunkDistribution& self, const ChunkDistribution& other) {
  if (!self.fused) {
    const at::Tensor& ls = self.logprobs;
    return (ls.exp() * (ls - other.logprobs)).sum(1).clamp_min(0).to(at::kCPU).contiguous();
  }
  check_normalised(self, other);
  at::Tensor out, unused_ba, unused_js;
  divergence_cpu(self, other, false, &out, &unused_ba, &unused_js);
  return out;
}

}  // namespace core::analysis
