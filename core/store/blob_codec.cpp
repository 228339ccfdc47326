#include "core/store/blob_codec.h"

namespace core::store {

std::uint16_t float_to_half(float value) {
  const std::uint32_t f = std::bit_cast<std::uint32_t>(value);
  const std::uint32_t sign = (f >> 16) & 0x8000u;
  const std::uint32_t exponent = (f >> 23) & 0xffu;
  std::uint32_t mantissa = f & 0x7fffffu;

  if (exponent == 0xff) {  // infinity or NaN; keep a NaN a NaN even when its payload is in low bits
    if (mantissa == 0) return std::uint16_t(sign | 0x7c00u);
    return std::uint16_t(sign | 0x7e00u | (mantissa >> 13));
  }
  // Unbiased exponent; half's normal range is [-14, 15].
  const int e = int(exponent) - 127;
  if (e > 15) return std::uint16_t(sign | 0x7c00u);  // overflow to infinity
  if (e >= -14) {
    // Normal half: 10 mantissa bits; round the dropped 13 bits to nearest even.
    std::uint32_t half = sign | (std::uint32_t(e + 15) << 10) | (mantissa >> 13);
    const std::uint32_t rest = mantissa & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;  // may carry into the exponent
    return std::uint16_t(half);
  }
  if (e < -25) return std::uint16_t(sign);  // below half the smallest subnormal: zero
  // Subnormal half: value = m * 2^-24 with the implicit bit made explicit.
  mantissa |= 0x800000u;
  const int shift = -e - 1;  // 14..24 bits dropped from the 24-bit significand
  std::uint32_t half = mantissa >> shift;
  const std::uint32_t rest = mantissa & ((1u << shift) - 1u);
  const std::uint32_t halfway = 1u << (shift - 1);
  if (rest > halfway || (rest == halfway && (half & 1u))) ++half;
  return std::uint16_t(sign | half);
}

float half_to_float(std::uint16_t bits) {
  const std::uint32_t sign = std::uint32_t(bits & 0x8000u) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1fu;
  std::uint32_t mantissa = bits & 0x3ffu;
  std::uint32_t f;
  if (exponent == 0x1f) {
    f = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    f = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    f = sign;
  } else {  // subnormal: normalise
    int e = -1;
    do {
      ++e;
      mantissa <<= 1;
    } while ((mantissa & 0x400u) == 0);
    f = sign | (std::uint32_t(112 - e) << 23) | ((mantissa & 0x3ffu) << 13);
  }
  return std::bit_cast<float>(f);
}

void pack_half(std::span<const float> values, std::vector<std::byte>& out) {
  out.resize(values.size() * 2);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint16_t h = float_to_half(values[i]);
    out[2 * i] = std::byte(h & 0xffu);
    out[2 * i + 1] = std::byte(h >> 8);
  }
}

void unpack_half(std::span<const std::byte> bytes, std::vector<float>& out) {
  out.resize(bytes.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto h = std::uint16_t(std::uint16_t(bytes[2 * i]) | (std::uint16_t(bytes[2 * i + 1]) << 8));
    out[i] = half_to_float(h);
  }
}

}  // namespace core::store
