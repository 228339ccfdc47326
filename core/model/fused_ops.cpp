#include "core/model/fused_ops.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

#include "core/model/rope_scaling.h"
#include "core/model/simd_math.h"

namespace core::model {
namespace {

bool float_cpu(const at::Tensor& t) { return t.is_cpu() && t.scalar_type() == at::kFloat; }

// Rows per task: a few dozen microseconds of work at stories260K's 64 dimensions.
constexpr std::int64_t kRowGrain = 256;

// sum of x[i]^2, in 16 float lanes (vectorised without reassociating) added in double.
CARTOGRAPH_SIMD_INLINE double sum_of_squares(const float* x, std::int64_t n) {
  float part[16] = {};
  std::int64_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (int l = 0; l < 16; ++l) part[l] += x[i + l] * x[i + l];
  double s = 0;
  for (; i < n; ++i) s += double(x[i]) * double(x[i]);
  for (float p : part) s += p;
  return s;
}

// Rows [begin, end) of RMSNorm over n features. Plain loops, compiled per vector width like the
// kernels below (at the x86-64 baseline they ran on SSE2: 2 % of a stories260K `score` on an AVX2 CPU).
template <int W>
CARTOGRAPH_SIMD_INLINE void rms_rows_impl(const float* xp, const float* wp, float* op, std::int64_t n, std::int64_t begin,
                                          std::int64_t end, float eps, float shift) {
  for (std::int64_t r = begin; r < end; ++r) {
    const float* xr = xp + r * n;
    float* o = op + r * n;
    // As the ATen expression rounds: the mean and the epsilon in float, then (x * r) * w.
    const float inv = 1.0f / std::sqrt(float(sum_of_squares(xr, n) / double(n)) + eps);
    for (std::int64_t i = 0; i < n; ++i) o[i] = (xr[i] * inv) * (wp[i] + shift);
  }
}

CARTOGRAPH_SIMD_KERNEL(void, rms_rows, rms_rows_impl,
                       (const float* xp, const float* wp, float* op, std::int64_t n, std::int64_t begin,
                        std::int64_t end, float eps, float shift),
                       (xp, wp, op, n, begin, end, eps, shift))

// v / (1 + e^m) = v sigmoid(-m), the one step silu and tanh-GELU share. e^m is clamped at e^88: past it
// the quotient is about 0 either way (silu(-88) = -88 e^-88), and the vector exp is exact only below.
template <int W>
CARTOGRAPH_SIMD_INLINE typename simd::Lanes<W>::vf over_one_plus_exp(typename simd::Lanes<W>::vf v,
                                                                      typename simd::Lanes<W>::vf m) {
  using S = simd::Lanes<W>;
  const auto top = S::splat(88.0f);
  return v / (S::splat(1.0f) + S::exp(m < top ? m : top));
}
inline float over_one_plus_exp(float v, float m) { return v / (1.0f + std::exp(std::min(m, 88.0f))); }

// gate[i] <- silu(gate[i]) * up[i] = gate[i] / (1 + e^-gate[i]) * up[i].
template <int W>
CARTOGRAPH_SIMD_INLINE void silu_times_impl(float* gate, const float* up, std::int64_t n) {
  using S = simd::Lanes<W>;
  std::int64_t i = 0;
  for (; i + W <= n; i += W) {
    const auto g = S::load(gate + i);
    S::store(gate + i, over_one_plus_exp<W>(g, S::zero() - g) * S::load(up + i));
  }
  for (; i < n; ++i) gate[i] = over_one_plus_exp(gate[i], -gate[i]) * up[i];
}

CARTOGRAPH_SIMD_KERNEL(void, silu_times_run, silu_times_impl, (float* gate, const float* up, std::int64_t n),
                       (gate, up, n))

// x / (1 + e^(-2u)), u = sqrt(2/pi) (x + 0.044715 x^3).
constexpr float kGeluA = 0.7978845608028654f;  // sqrt(2 / pi)
constexpr float kGeluB = 0.044715f;
template <int W>
CARTOGRAPH_SIMD_INLINE void gelu_tanh_impl(float* x, std::int64_t n) {
  using S = simd::Lanes<W>;
  const auto a = S::splat(-2.0f * kGeluA), b = S::splat(kGeluB);
  std::int64_t i = 0;
  for (; i + W <= n; i += W) {
    const auto v = S::load(x + i);
    S::store(x + i, over_one_plus_exp<W>(v, a * (v + b * v * v * v)));
  }
  for (; i < n; ++i) x[i] = over_one_plus_exp(x[i], -2.0f * kGeluA * (x[i] + kGeluB * x[i] * x[i] * x[i]));
}

CARTOGRAPH_SIMD_KERNEL(void, gelu_tanh_run, gelu_tanh_impl, (float* x, std::int64_t n), (x, n))

// Rows bt in [begin, end) of rotary embedding (rows of H heads of hd values at position pos + bt % T):
// out = x * cos + rotate(x) * sin, rotate mapping each pair (a, b) to (-b, a): pairs are (2i, 2i+1)
// when adjacent, (i, i + rd/2) in halves; the tables hold each pair's cos and sin at both members.
// Compiled per vector width, as rms_rows.
template <int W>
CARTOGRAPH_SIMD_INLINE void rope_rows_impl(const float* xp, const float* cp, const float* sp, float* op, std::int64_t begin,
                                           std::int64_t end, std::int64_t T, std::int64_t H, std::int64_t hd,
                                           std::int64_t rd, std::int64_t pos, bool adjacent) {
  const std::int64_t half = rd / 2;
  // Adjacent pairs a vector at a time: (a, b) -> (a c - b s, b c + a s), each lane's partner by a
  // shuffle, its sign by a multiplication with -1 or 1 (exact).
  using S = simd::Lanes<W>;
  typename S::vi swap;
  typename S::vf sign;
  for (int l = 0; l < W; ++l) swap[l] = l ^ 1, sign[l] = l % 2 == 0 ? -1.0f : 1.0f;
  for (std::int64_t bt = begin; bt < end; ++bt) {
    const std::int64_t t = bt % T;
    const float* c = cp + (pos + t) * rd;
    const float* s = sp + (pos + t) * rd;
    for (std::int64_t h = 0; h < H; ++h) {
      const float* xi = xp + (bt * H + h) * hd;
      float* o = op + (bt * H + h) * hd;
      if (adjacent) {
        std::int64_t i = 0;
        for (; i + W <= rd; i += W) {
          const auto v = S::load(xi + i);
          S::store(o + i, v * S::load(c + i) + __builtin_shuffle(v, swap) * (S::load(s + i) * sign));
        }
        for (; i < rd; i += 2) {
          o[i] = xi[i] * c[i] + -xi[i + 1] * s[i];
          o[i + 1] = xi[i + 1] * c[i + 1] + xi[i] * s[i + 1];
        }
      } else {
        for (std::int64_t i = 0; i < half; ++i) {
          o[i] = xi[i] * c[i] + -xi[i + half] * s[i];
          o[i + half] = xi[i + half] * c[i + half] + xi[i] * s[i + half];
        }
      }
      for (std::int64_t i = rd; i < hd; ++i) o[i] = xi[i];
    }
  }
}

CARTOGRAPH_SIMD_KERNEL(void, rope_rows, rope_rows_impl,
                       (const float* xp, const float* cp, const float* sp, float* op, std::int64_t begin,
                        std::int64_t end, std::int64_t T, std::int64_t H, std::int64_t hd, std::int64_t rd,
                        std::int64_t pos, bool adjacent),
                       (xp, cp, sp, op, begin, end, T, H, hd, rd, pos, adjacent))

}  // namespace

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& w, double eps, float shift) {
  if (!float_cpu(x) || !float_cpu(w) || w.dim() != 1 || x.size(-1) != w.size(0)) {
    const at::Tensor scale = shift != 0 ? w + shift : w;
    return x * at::rsqrt(x.pow(2).mean(-1, true).add_(eps)) * scale;
  }
  const at::Tensor xc = x.contiguous(), wc = w.contiguous();
  at::Tensor out = at::empty_like(xc);
  const std::int64_t n = xc.size(-1), rows = n == 0 ? 0 : xc.numel() / n;
  const float* xp = xc.data_ptr<float>();
  const float* wp = wc.data_ptr<float>();
  float* op = out.data_ptr<float>();
  const float feps = float(eps);
  at::parallel_for(0, rows, kRowGrain,
                   [&](std::int64_t begin, std::int64_t end) { rms_rows(xp, wp, op, n, begin, end, feps, shift); });
  return out;
}

bool rope_fuses(const at::Tensor& x, const RopeTables& tables) {
  return float_cpu(x) && x.dim() == 4 && float_cpu(tables.cos) && float_cpu(tables.sin) && tables.cos.is_contiguous() &&
         tables.sin.is_contiguous() && tables.cos.size(1) % 2 == 0 && tables.cos.size(1) <= x.size(3);
}

at::Tensor rope_cpu(const at::Tensor& x, const RopeTables& tables, std::int64_t pos, RopePairing pairing) {
  const at::Tensor xc = x.contiguous();
  const std::int64_t B = xc.size(0), T = xc.size(1), H = xc.size(2), hd = xc.size(3), rd = tables.cos.size(1);
  at::Tensor out = at::empty_like(xc);
  const float* xp = xc.data_ptr<float>();
  const float* cp = tables.cos.data_ptr<float>();
  const float* sp = tables.sin.data_ptr<float>();
  float* op = out.data_ptr<float>();
  const bool adjacent = pairing == RopePairing::Adjacent;
  at::parallel_for(0, B * T, std::max<std::int64_t>(1, kRowGrain / std::max<std::int64_t>(H, 1)),
                   [&](std::int64_t begin, std::int64_t end) {
                     rope_rows(xp, cp, sp, op, begin, end, T, H, hd, rd, pos, adjacent);
                   });
  return out;
}

void silu_times_(at::Tensor& gate, const at::Tensor& up) {
  if (!float_cpu(gate) || !float_cpu(up) || !gate.is_contiguous() || gate.sizes() != up.sizes()) {
    at::silu_(gate).mul_(up);
    return;
  }
  const at::Tensor uc = up.contiguous();
  float* g = gate.data_ptr<float>();
  const float* u = uc.data_ptr<float>();
  const std::int64_t n = gate.numel();
  constexpr std::int64_t kGrain = 1 << 14;
  at::parallel_for(0, n, kGrain, [&](std::int64_t begin, std::int64_t end) {
    const simd::FlushSubnormals flush;
    silu_times_run(g + begin, u + begin, end - begin);
  });
}

void tanh_gelu_(at::Tensor& x) {
  if (!float_cpu(x) || !x.is_contiguous()) {
    at::gelu_(x, "tanh");
    return;
  }
  float* p = x.data_ptr<float>();
  constexpr std::int64_t kGrain = 1 << 14;
  at::parallel_for(0, x.numel(), kGrain, [&](std::int64_t begin, std::int64_t end) {
    const simd::FlushSubnormals flush;
    gelu_tanh_run(p + begin, end - begin);
  });
}

}  // namespace core::model
