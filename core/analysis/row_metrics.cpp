#include "core/analysis/row_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/model/simd_math.h"

namespace core::analysis::rows {
namespace {

constexpr std::int64_t kBlock = 256;  // entries summed in float before the sums move to double
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kLowest = -1e30f;  // below any u = z - max whose exponential is not 0
// The temperature grid beta_j = 2^((j - 6) / 2): the even j are powers 2^(2^i) of e^(u/8), the odd j
// powers of e^(u 2^-2.5), so two exponentials and squarings give all 13 points (e^(2x) = (e^x)^2).
constexpr float kBetaEven = 0.125f;
constexpr float kBetaOdd = 0.17677669529663688f;  // 2^-2.5
constexpr int kStats = 3 * kTemperatureGrid;

// The k largest entries seen so far, largest first; an entry equal to one already kept goes after it,
// so ties keep the lower id first. Writes straight into the caller's arrays.
class TopK {
 public:
  TopK(std::int64_t k, std::int32_t* ids, float* values) : k_(k), ids_(ids), values_(values) {}
  // With k = 0 the list is always full and nothing beats +inf.
  bool wants(float v) const { return count_ < k_ || v > floor_; }
  // Whether every later entry must beat floor() to enter (the list is full).
  bool full() const { return count_ == k_; }
  bool empty() const { return count_ == 0; }
  std::int64_t k() const { return k_; }
  float floor() const { return floor_; }
  void offer(float v, std::int64_t id) {
    if (!wants(v)) return;
    std::int64_t pos = count_ < k_ ? count_++ : k_ - 1;
    while (pos > 0 && values_[pos - 1] < v) {
      values_[pos] = values_[pos - 1];
      ids_[pos] = ids_[pos - 1];
      --pos;
    }
    values_[pos] = v;
    ids_[pos] = std::int32_t(id);
    if (count_ == k_) floor_ = values_[k_ - 1];
  }

 private:
  std::int64_t k_, count_ = 0;
  float floor_ = std::numeric_limits<float>::infinity();  // the k-th value once the list is full
  std::int32_t* ids_;
  float* values_;
};

template <int W>
CARTOGRAPH_SIMD_INLINE Normaliser normalise_impl(const float* z, std::int64_t n) {
  using S = simd::Lanes<W>;
  typename S::vf mx = S::splat(-kInf);
  std::int64_t i = 0;
  for (; i + W <= n; i += W) mx = S::max(mx, S::load(z + i));
  float max = S::hmax(mx);
  for (; i < n; ++i) max = z[i] > max ? z[i] : max;

  typename S::Sum total;
  for (std::int64_t b = 0; b < n; b += kBlock) {
    const std::int64_t end = std::min(n, b + kBlock);
    typename S::vf s = S::zero();
    std::int64_t j = b;
    for (; j + W <= end; j += W) s += S::exp(S::load(z + j) - S::splat(max));
    if (j < end) {
      const auto e = S::exp(S::load_partial(z + j, end - j, max) - S::splat(max));
      s += S::keep(S::lanes_below(end - j), e);
    }
    total.add(s);
  }
  return {max, double(max) + std::log(total.total())};
}

// A floor for the top k of one block, or -inf: the k-th largest of the maxima of its 16 runs of 16
// entries. Those maxima are k distinct entries at least that large, so the block's k largest entries
// (and ties with the smallest of them) are all at least the seed, and an entry below it can never
// enter the list. -inf where k is 0 or above 16. Once per row, so kept out of the vector kernels (whose
// machine code tests/unit/simd_lowering_test.cpp reads for scalar comparisons).
__attribute__((noinline)) float block_seed(const float* z, std::int64_t k) {
  constexpr int kRuns = 16, kRun = int(kBlock) / kRuns;
  if (k <= 0 || k > kRuns) return -kInf;
  float run_max[kRuns];
  for (int r = 0; r < kRuns; ++r) {
    float m = z[r * kRun];
    for (int j = 1; j < kRun; ++j) m = z[r * kRun + j] > m ? z[r * kRun + j] : m;
    run_max[r] = m;
  }
  // The k-th largest: the smallest maximum with fewer than k others above it.
  float seed = kInf;
  for (int r = 0; r < kRuns; ++r) {
    int above = 0;
    for (int o = 0; o < kRuns; ++o) above += run_max[o] > run_max[r];
    if (above < k && run_max[r] < seed) seed = run_max[r];
  }
  return seed == kInf ? -kInf : seed;
}

// Pass 1 of own_row: the maximum, the number of logits above the target's (its rank minus one,
// counted on logits, where the order is exact) and the top k, examined only in blocks whose maximum
// could enter it.
template <int W>
CARTOGRAPH_SIMD_INLINE float scan_row(const float* z, std::int64_t n, float zy, TopK& top, std::int64_t& above) {
  using S = simd::Lanes<W>;
  typename S::vf mx = S::splat(-kInf);
  typename S::vi count{};
  std::int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    typename S::vf block_max = S::splat(-kInf);
    for (std::int64_t q = i; q < i + kBlock; q += W) {
      const auto v = S::load(z + q);
      count -= v > S::splat(zy);
      block_max = S::max(block_max, v);
    }
    mx = S::max(mx, block_max);
    if (top.wants(S::hmax(block_max))) {
      // Once the list is full, only the lanes above its floor are offered (the others would be
      // refused): at 512 ids nearly every block reaches the list, but few of its entries do. Into an
      // empty list, only the entries at least the block's seed (below), which keeps the list from
      // taking, and then pushing out, every rising entry of the first block: each taken entry walks
      // down the list, and those walks were a third of own_row at 512 ids.
      constexpr std::uint32_t kAll = (1u << W) - 1;
      const float seed = top.empty() ? block_seed(z + i, top.k()) : -kInf;
      for (std::int64_t q = i; q < i + kBlock; q += W) {
        const auto v = S::load(z + q);
        const std::uint32_t lanes = top.full()    ? S::greater_bits(v, S::splat(top.floor()))
                                    : seed > -kInf ? ~S::greater_bits(S::splat(seed), v) & kAll  // v >= seed
                                                   : kAll;
        for (std::uint32_t left = lanes; left != 0; left &= left - 1) {
          const int lane = __builtin_ctz(left);
          top.offer(z[q + lane], q + lane);
        }
      }
    }
  }
  float max = S::hmax(mx);
  above = S::hsum(count);
  for (; i < n; ++i) {
    max = z[i] > max ? z[i] : max;
    above += z[i] > zy;
    top.offer(z[i], i);
  }
  return max;
}

// Pass 2 of own_row over one block of at most kBlock entries: with u = z - max and, per grid beta,
// e = exp(beta u), the float sums of e, e u and e u^2, added to the double accumulators.
template <int W>
CARTOGRAPH_SIMD_INLINE void temperature_block(const float* z, std::int64_t count, float max,
                                              typename simd::Lanes<W>::Sum* acc) {
  using S = simd::Lanes<W>;
  using vf = typename S::vf;
  constexpr std::int64_t kVectors = kBlock / W;
  vf u[kVectors], a[kVectors], b[kVectors];
  const std::int64_t full = count / W, rest = count % W;
  // A logit of -inf (a masked id) gives e = 0; u is clamped to a finite value so that e u and e u^2
  // are 0 too, not 0 * inf = NaN.
  const auto lowest = S::splat(kLowest);
  for (std::int64_t q = 0; q < full; ++q) {
    u[q] = S::max(S::load(z + q * W) - S::splat(max), lowest);
    a[q] = S::exp(u[q] * S::splat(kBetaEven));
    b[q] = S::exp(u[q] * S::splat(kBetaOdd));
  }
  std::int64_t vectors = full;
  if (rest) {
    // Lanes past the row hold u = 0 and e = 0, so they add nothing to any sum.
    const auto valid = S::lanes_below(rest);
    u[full] = S::max(S::load_partial(z + full * W, rest, max) - S::splat(max), lowest);
    a[full] = S::keep(valid, S::exp(u[full] * S::splat(kBetaEven)));
    b[full] = S::keep(valid, S::exp(u[full] * S::splat(kBetaOdd)));
    ++vectors;
  }
  for (int j = 0; j < kTemperatureGrid; ++j) {
    vf* e = (j % 2 == 0) ? a : b;
    // Two sets of sums, even and odd vectors: each sum is a chain of dependent additions (the last a
    // multiply-add, 5 cycles on Zen 2), and one set kept the loop waiting on them (own_row 8 % faster).
    vf sums[2][3] = {};
    const auto add = [&](std::int64_t q, vf* s) {
      const vf t = e[q] * u[q];
      s[0] += e[q];
      s[1] += t;
      s[2] += t * u[q];
      e[q] *= e[q];  // the next grid point of this chain, e^(2 beta u)
    };
    std::int64_t q = 0;
    for (; q + 2 <= vectors; q += 2) add(q, sums[0]), add(q + 1, sums[1]);
    if (q < vectors) add(q, sums[0]);
    for (int s = 0; s < 3; ++s) acc[3 * j + s].add(sums[0][s] + sums[1][s]);
  }
}

template <int W>
CARTOGRAPH_SIMD_INLINE void own_row_impl(const float* z, std::int64_t n, std::int64_t target, std::int64_t k,
                                         std::int32_t* top_ids, float* top_p, OwnRow& out) {
  const simd::FlushSubnormals flush;  // the squarings underflow often
  const float zy = z[target];
  TopK top(k, top_ids, top_p);
  std::int64_t above = 0;
  const float max = scan_row<W>(z, n, zy, top, above);

  typename simd::Lanes<W>::Sum acc[kStats];
  for (std::int64_t b = 0; b < n; b += kBlock) temperature_block<W>(z + b, std::min(kBlock, n - b), max, acc);
  double sums[kStats];
  for (int s = 0; s < kStats; ++s) sums[s] = acc[s].total();

  constexpr int kOne = (kTemperatureGrid - 1) / 2;  // beta = 1: the softmax itself
  const double total = sums[3 * kOne], log_total = std::log(total);
  const double uy = double(zy) - double(max);
  out.logp = float(uy - log_total);
  out.entropy = float(log_total - sums[3 * kOne + 1] / total);
  out.sum_p2 = float(sums[3 * (kOne + 2)] / (total * total));  // beta = 2: sum e^(2u) = sum e^2
  out.confidence = float(1.0 / total);
  out.rank = std::int32_t(above + 1);
  for (std::int64_t j = 0; j < k; ++j) top_p[j] = float(std::exp(double(top_p[j]) - double(max) - log_total));
  for (int j = 0; j < kTemperatureGrid; ++j) {
    const double s0 = sums[3 * j], mean = sums[3 * j + 1] / s0, mean2 = sums[3 * j + 2] / s0;
    out.temperature[std::size_t(3 * j)] = std::log(s0) - temperature_grid_beta(j) * uy;
    out.temperature[std::size_t(3 * j + 1)] = mean - uy;
    out.temperature[std::size_t(3 * j + 2)] = std::max(0.0, mean2 - mean * mean);
  }
}

// One vector of the divergence sums; lanes outside `valid` add nothing. log pa - log pb is taken as
// (za - zb) - (lse_a - lse_b), not as the difference of two rounded log-probabilities, so a small
// KL between two close maps keeps its relative precision.
template <int W, bool Full>
CARTOGRAPH_SIMD_INLINE void divergence_lanes(typename simd::Lanes<W>::vf za, typename simd::Lanes<W>::vf zb, float lse_a,
                                             float lse_b, float lse_diff, typename simd::Lanes<W>::vi valid,
                                             typename simd::Lanes<W>::vf& kl_ab, typename simd::Lanes<W>::vf& kl_ba,
                                             typename simd::Lanes<W>::vf& js) {
  using S = simd::Lanes<W>;
  // Terms with p = 0 are 0 (p log p -> 0), never 0 * inf = NaN where a logit is -inf. Lanes outside
  // `valid` get p = 0 too. Each select is one comparison (simd_math.h: no combined masks).
  const auto zero = S::zero();
  const auto la = za - S::splat(lse_a);
  const auto pa = S::keep(valid, S::exp(la)), d = (za - zb) - S::splat(lse_diff);
  kl_ab += pa > zero ? pa * d : zero;
  if constexpr (Full) {
    const auto lb = zb - S::splat(lse_b);
    const auto pb = S::keep(valid, S::exp(lb));
    kl_ba -= pb > zero ? pb * d : zero;
    // JS against the mixture m = (pa + pb) / 2, positive wherever either is (each is at least
    // e^-86.5, so half their sum is still a normal float).
    const auto mix = (pa + pb) * S::splat(0.5f);
    const auto lm = S::log(mix > zero ? mix : S::splat(1.0f));
    js += (pa > zero ? pa * (la - lm) : zero) + (pb > zero ? pb * (lb - lm) : zero);
  }
}

template <int W, bool Full>
CARTOGRAPH_SIMD_INLINE DivergenceRow divergence_pass(const float* za, double lse_a, const float* zb, double lse_b,
                                                     std::int64_t n) {
  using S = simd::Lanes<W>;
  const float la = float(lse_a), lb = float(lse_b), diff = float(lse_a - lse_b);
  const auto all = S::splat_i(-1);
  typename S::Sum kl_ab, kl_ba, js;
  for (std::int64_t b = 0; b < n; b += kBlock) {
    const std::int64_t end = std::min(n, b + kBlock);
    auto s_ab = S::zero(), s_ba = s_ab, s_js = s_ab;
    std::int64_t j = b;
    for (; j + W <= end; j += W)
      divergence_lanes<W, Full>(S::load(za + j), S::load(zb + j), la, lb, diff, all, s_ab, s_ba, s_js);
    if (j < end)
      divergence_lanes<W, Full>(S::load_partial(za + j, end - j, la), S::load_partial(zb + j, end - j, lb), la, lb,
                                diff, S::lanes_below(end - j), s_ab, s_ba, s_js);
    kl_ab.add(s_ab), kl_ba.add(s_ba), js.add(s_js);
  }
  return {std::max(0.0, kl_ab.total()), std::max(0.0, kl_ba.total()), std::max(0.0, 0.5 * js.total())};
}

template <int W>
CARTOGRAPH_SIMD_INLINE DivergenceRow divergence_impl(const float* za, double lse_a, const float* zb, double lse_b,
                                                     std::int64_t n, bool full) {
  return full ? divergence_pass<W, true>(za, lse_a, zb, lse_b, n) : divergence_pass<W, false>(za, lse_a, zb, lse_b, n);
}

}  // namespace

CARTOGRAPH_SIMD_KERNEL(Normaliser, normalise, normalise_impl, (const float* z, std::int64_t n), (z, n))

CARTOGRAPH_SIMD_KERNEL(void, own_row, own_row_impl,
                       (const float* z, std::int64_t n, std::int64_t target, std::int64_t k, std::int32_t* top_ids,
                        float* top_p, OwnRow& out),
                       (z, n, target, k, top_ids, top_p, out))

CARTOGRAPH_SIMD_KERNEL(DivergenceRow, divergence_row, divergence_impl,
                       (const float* za, double lse_a, const float* zb, double lse_b, std::int64_t n, bool full),
                       (za, lse_a, zb, lse_b, n, full))

}  // namespace core::analysis::rows
