#include "core/model/rope_scaling.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/model/fused_ops.h"

namespace core::model {

std::vector<double> rope_inverse_frequencies(double theta, std::int64_t rotary_dim, const RopeScaling& scaling) {
  const std::int64_t half = rotary_dim / 2;
  std::vector<double> inv(static_cast<std::size_t>(half));
  // In float, as llama2.c and transformers compute them (powf), so plain RoPE keeps its bits.
  for (std::int64_t i = 0; i < half; ++i)
    inv[std::size_t(i)] = double(1.0f / std::pow(float(theta), float(2 * i) / float(rotary_dim)));
  using Type = RopeScaling::Type;
  const double factor = scaling.factor;
  switch (scaling.type) {
    case Type::None:
      break;
    case Type::Linear:  // positions divided by the factor
      for (auto& f : inv) f /= factor;
      break;
    case Type::Llama3: {
      // Long wavelengths are interpolated by the factor, short ones kept, the band between blended.
      const double old_context = double(scaling.original_max_position_embeddings);
      const double low_wavelen = old_context / scaling.low_freq_factor;
      const double high_wavelen = old_context / scaling.high_freq_factor;
      for (auto& f : inv) {
        const double wavelen = 2 * std::numbers::pi / f;
        if (wavelen > low_wavelen) {
          f /= factor;
        } else if (wavelen >= high_wavelen) {
          const double smooth = (old_context / wavelen - scaling.low_freq_factor) /
                                (scaling.high_freq_factor - scaling.low_freq_factor);
          f = (1 - smooth) * f / factor + smooth * f;
        }
      }
      break;
    }
    case Type::Yarn: {
      // YaRN (Peng et al.): interpolate the low frequencies, extrapolate the high ones, with a
      // linear ramp between the correction dimensions of beta_fast and beta_slow rotations.
      const double d = double(rotary_dim), ctx = double(scaling.original_max_position_embeddings);
      const auto correction_dim = [&](double rotations) {
        return d * std::log(ctx / (rotations * 2 * std::numbers::pi)) / (2 * std::log(theta));
      };
      const double low = std::max(0.0, std::floor(correction_dim(scaling.beta_fast)));
      double high = std::min(d - 1, std::ceil(correction_dim(scaling.beta_slow)));
      if (high == low) high += 0.001;
      for (std::int64_t i = 0; i < half; ++i) {
        const double ramp = std::clamp((double(i) - low) / (high - low), 0.0, 1.0);
        const double extrapolation = 1 - ramp;
        auto& f = inv[std::size_t(i)];
        f = f / factor * (1 - extrapolation) + f * extrapolation;
      }
      break;
    }
  }
  return inv;
}

RopeTables rope_tables(double theta, std::int64_t rotary_dim, std::int64_t positions, RopePairing pairing,
                       const RopeScaling& scaling) {
  const std::int64_t half = rotary_dim / 2;
  const auto inv = rope_inverse_frequencies(theta, rotary_dim, scaling);
  const float attention = float(scaling.type == RopeScaling::Type::Yarn ? scaling.attention_factor : 1.0);
  RopeTables t{at::empty({positions, rotary_dim}, at::kFloat), at::empty({positions, rotary_dim}, at::kFloat)};
  float* c = t.cos.data_ptr<float>();
  float* s = t.sin.data_ptr<float>();
  const bool adjacent = pairing == RopePairing::Adjacent;
  for (std::int64_t p = 0; p < positions; ++p)
    for (std::int64_t i = 0; i < half; ++i) {
      const float angle = float(p) * float(inv[std::size_t(i)]);
      const float cv = std::cos(angle) * attention, sv = std::sin(angle) * attention;
      const std::int64_t a = adjacent ? 2 * i : i, b = adjacent ? 2 * i + 1 : i + half;
      c[p * rotary_dim + a] = c[p * rotary_dim + b] = cv;
      s[p * rotary_dim + a] = s[p * rotary_dim + b] = sv;
    }
  return t;
}

at::Tensor apply_rope(const at::Tensor& x, const RopeTables& tables, std::int64_t pos, RopePairing pairing) {
  if (rope_fuses(x, tables)) return rope_cpu(x, tables, pos, pairing);  // one pass (fused_ops.h)
  // out = x * cos + rotate(x) * sin, where rotate maps each pair (a, b) to (-b, a).
  const std::int64_t T = x.size(1), hd = x.size(3), rd = tables.cos.size(1);
  const at::Tensor c = tables.cos.narrow(0, pos, T).view({1, T, 1, rd});
  const at::Tensor s = tables.sin.narrow(0, pos, T).view({1, T, 1, rd});
  const at::Tensor xr = rd == hd ? x : x.narrow(-1, 0, rd);
  at::Tensor rotated;
  if (pairing == RopePairing::Adjacent) {
    const at::Tensor pairs = xr.unflatten(-1, {rd / 2, 2});
    rotated = at::stack({pairs.select(-1, 1).neg(), pairs.select(-1, 0)}, -1).flatten(-2);
  } else {
    rotated = at::cat({xr.narrow(-1, rd / 2, rd / 2).neg(), xr.narrow(-1, 0, rd / 2)}, -1);
  }
  at::Tensor turned = at::addcmul(xr * c, rotated, s);
  if (rd == hd) return turned;
  return at::cat({turned, x.narrow(-1, rd, hd - rd)}, -1);
}

}  // namespace core::model
