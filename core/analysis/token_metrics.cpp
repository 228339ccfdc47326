#include "core/analysis/token_metrics.h"

#include <ATen/ATen.h>

#include <cmath>

#include "core/analysis/run_result.h"

namespace core::analysis {

ChunkDistribution distribution(const at::Tensor& logits, std::int64_t base_vocab) {
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

OwnMetrics own_metrics(const ChunkDistribution& d, const at::Tensor& targets, std::int64_t top_k) {
  OwnMetrics m;
  const at::Tensor& lp = d.logprobs;
  const at::Tensor tgt = targets.to(lp.device(), at::kLong).unsqueeze(1);
  const at::Tensor p = lp.exp();
  const at::Tensor logp = lp.gather(1, tgt);
  m.logp = logp.squeeze(1);
  m.entropy = -(p * lp).sum(1);
  m.sum_p2 = (p * p).sum(1);
  m.rank = ((lp > logp).sum(1) + 1).to(at::kInt);
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

Divergence divergence(const ChunkDistribution& base, const ChunkDistribution& self) {
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

at::Tensor kl(const ChunkDistribution& self, const ChunkDistribution& other) {
  const at::Tensor& ls = self.logprobs;
  return (ls.exp() * (ls - other.logprobs)).sum(1).clamp_min(0).to(at::kCPU).contiguous();
}

}  // namespace core::analysis
