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

namespace {

// Rows of sampled hidden states go through the products this many at a time, widened to double in one
// reused buffer. The whole matrix in double, and its centred copy, were 4x the samples' own memory,
// faulted afresh at the end of every run: 0.1 s of a 4 s stories260K `score`, most of it the kernel
// zeroing new pages.
constexpr std::int64_t kBlockRows = 2048;

// Calls f(block) for consecutive blocks of the samples, as [rows, hidden_dim] double tensors centred
// on `mean` (undefined: not centred). The block's memory is reused, so f must not keep it.
template <class F>
void for_each_block(const std::vector<DocumentResult>& documents, std::int64_t hidden_dim, const at::Tensor& mean,
                    const F& f) {
  at::Tensor buffer = at::empty({kBlockRows, hidden_dim}, at::kDouble);
  std::int64_t filled = 0;
  const auto flush = [&] {
    if (!filled) return;
    at::Tensor block = buffer.narrow(0, 0, filled);
    if (mean.defined()) block.sub_(mean);
    f(block);
    filled = 0;
  };
  for (const DocumentResult& d : documents) {
    const std::int64_t n = std::int64_t(d.sample_positions.size());
    if (!n || std::int64_t(d.samples.size()) != n * hidden_dim) continue;
    for (std::int64_t at_row = 0; at_row < n;) {
      const std::int64_t take = std::min(n - at_row, kBlockRows - filled);
      buffer.narrow(0, filled, take)
          .copy_(at::from_blob(const_cast<float*>(d.samples.data() + at_row * hidden_dim), {take, hidden_dim},
                               at::kFloat));
      filled += take, at_row += take;
      if (filled == kBlockRows) flush();
    }
  }
  flush();
}

}  // namespace

Projection project(const std::vector<DocumentResult>& documents, std::int64_t hidden_dim) {
  Projection out;
  std::int64_t row = 0;
  for (const DocumentResult& d : documents)
    if (std::int64_t(d.samples.size()) == std::int64_t(d.sample_positions.size()) * hidden_dim)
      row += std::int64_t(d.sample_positions.size());
  if (row < 3 || hidden_dim <= 0) return out;
  // The covariance of the centred samples, summed block by block: first the mean, then the products.
  at::Tensor sum = at::zeros({hidden_dim}, at::kDouble);
  for_each_block(documents, hidden_dim, {}, [&](const at::Tensor& block) { sum.add_(block.sum(0)); });
  const at::Tensor mean = sum / double(row);
  at::Tensor cov = at::zeros({hidden_dim, hidden_dim}, at::kDouble);
  for_each_block(documents, hidden_dim, mean, [&](const at::Tensor& block) { cov.addmm_(block.t(), block); });
  cov.div_(double(std::max<std::int64_t>(1, row - 1)));
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
  for (int c = 0; c < 2; ++c) {
    const at::Tensor col = v.select(1, c);
    out.explained[c] = total > 0 ? (col * at::mv(cov, col)).sum().item<double>() / total : 0.0;
  }
  // Each sample's coordinates on the two axes, in the samples' order.
  std::vector<float> xy;
  xy.reserve(std::size_t(2 * row));
  for_each_block(documents, hidden_dim, mean, [&](const at::Tensor& block) {
    const at::Tensor b = at::mm(block, v).to(at::kFloat).contiguous();
    xy.insert(xy.end(), b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
  });
  out.points.reserve(std::size_t(row));
  row = 0;
  for (std::size_t di = 0; di < documents.size(); ++di) {
    const DocumentResult& d = documents[di];
    if (std::int64_t(d.samples.size()) != std::int64_t(d.sample_positions.size()) * hidden_dim) continue;
    for (std::int32_t pos : d.sample_positions) {
      out.points.push_back({std::int32_t(di), pos, xy[std::size_t(2 * row)], xy[std::size_t(2 * row + 1)]});
      ++row;
    }
  }
  return out;
}

}  // namespace core::analysis
