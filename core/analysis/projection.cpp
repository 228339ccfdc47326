#include "core/analysis/projection.h"

#include <ATen/ATen.h>

#include <cmath>

namespace core::analysis {

bool sampled(std::uint64_t seed, std::int32_t document, std::int64_t position, double rate) {
  if (rate >= 1.0) return true;
  std::uint64_t x = seed ^ (std::uint64_t(std::uint32_t(document)) << 32) ^ std::uint64_t(position);
  x += 0x9e3779b97f4a7c15ULL;  // splitmix64
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return double(x >> 11) * 0x1.0p-53 < rate;
}

Projection project(const std::vector<DocumentResult>& documents, std::int64_t hidden_dim) {
  Projection out;
  std::int64_t count = 0;
  for (const DocumentResult& d : documents) count += std::int64_t(d.sample_positions.size());
  if (count < 3 || hidden_dim <= 0) return out;
  at::Tensor x = at::empty({count, hidden_dim}, at::kDouble);
  std::int64_t row = 0;
  for (const DocumentResult& d : documents) {
    const std::int64_t n = std::int64_t(d.sample_positions.size());
    if (!n || std::int64_t(d.samples.size()) != n * hidden_dim) continue;
    x.narrow(0, row, n).copy_(at::from_blob(const_cast<float*>(d.samples.data()), {n, hidden_dim}, at::kFloat));
    row += n;
  }
  x = x.narrow(0, 0, row);
  x = x - x.mean(0, true);
  const at::Tensor cov = at::mm(x.t(), x) / double(std::max<std::int64_t>(1, row - 1));
  const double total = cov.trace().item<double>();
  // Subspace iteration for the two leading eigenvectors: no LAPACK needed, and d is small.
  // A fixed, generic starting basis keeps the result reproducible run to run.
  const at::Tensor i = at::arange(hidden_dim, at::kDouble);
  at::Tensor v = at::stack({at::sin(i * 1.3 + 0.1) + 1e-3, at::cos(i * 0.7 + 0.3)}, 1);
  for (int it = 0; it < 200; ++it) {
    v = at::mm(cov, v);
    at::Tensor a = v.select(1, 0);
    a = a / a.norm().clamp_min(1e-300);
    at::Tensor b = v.select(1, 1);
    b = b - (a * b).sum() * a;
    b = b / b.norm().clamp_min(1e-300);
    v = at::stack({a, b}, 1);
  }
  // Deterministic orientation: the largest-magnitude loading of each axis is positive.
  for (int c = 0; c < 2; ++c) {
    at::Tensor col = v.select(1, c);
    if (col.index_select(0, col.abs().argmax().reshape({1})).item<double>() < 0) v.select(1, c).neg_();
  }
  const at::Tensor xy = at::mm(x, v).to(at::kFloat).contiguous();
  for (int c = 0; c < 2; ++c) {
    const at::Tensor col = v.select(1, c);
    out.explained[c] = total > 0 ? (col * at::mv(cov, col)).sum().item<double>() / total : 0.0;
  }
  const float* p = xy.data_ptr<float>();
  out.points.reserve(std::size_t(row));
  row = 0;
  for (std::size_t di = 0; di < documents.size(); ++di) {
    const DocumentResult& d = documents[di];
    if (std::int64_t(d.samples.size()) != std::int64_t(d.sample_positions.size()) * hidden_dim) continue;
    for (std::int32_t pos : d.sample_positions) {
      out.points.push_back({std::int32_t(di), pos, p[2 * row], p[2 * row + 1]});
      ++row;
    }
  }
  return out;
}

}  // namespace core::analysis
