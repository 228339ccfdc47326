#pragma once
// core::store blob encodings: how per-position arrays are laid out inside the session's BLOB columns.
// Every array is packed little-endian with no header (its length comes from the row's position
// count), so a blob is readable by any tool that knows the element type:
//   float32 arrays  IEEE-754 binary32           int32 arrays  two's complement
//   float16 arrays  IEEE-754 binary16 (top-k probabilities, projection samples), round to nearest even
//   float64 arrays  IEEE-754 binary64 (temperature statistics)
// Pure functions; safe from any thread.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>
#include <vector>

namespace core::store {

// IEEE-754 binary16 conversion with round-to-nearest-even; overflow goes to infinity, NaN stays NaN.
std::uint16_t float_to_half(float value);
float half_to_float(std::uint16_t bits);
// The float a value becomes after a float16 round trip (what a reloaded top-k probability holds).
inline float quantize_half(float value) { return half_to_float(float_to_half(value)); }

// Views `values` as little-endian bytes. On little-endian hosts this is the vector's own memory (no
// copy); elsewhere the bytes are written to `scratch`, which must outlive the returned span.
template <class T>
std::span<const std::byte> le_bytes(std::span<const T> values, std::vector<std::byte>& scratch) {
  static_assert(std::is_trivially_copyable_v<T>);
  if constexpr (std::endian::native == std::endian::little) {
    return std::as_bytes(values);
  } else {
    scratch.resize(values.size_bytes());
    for (std::size_t i = 0; i < values.size(); ++i) {
      auto bytes = std::bit_cast<std::array<std::byte, sizeof(T)>>(values[i]);
      for (std::size_t b = 0; b < sizeof(T); ++b) scratch[i * sizeof(T) + b] = bytes[sizeof(T) - 1 - b];
    }
    return scratch;
  }
}

// Packs floats as float16, little-endian, into `out` (replacing its contents).
void pack_half(std::span<const float> values, std::vector<std::byte>& out);

// Unpacks `bytes` (exactly count * sizeof(T) of them, checked by the caller) into `out`.
template <class T>
void unpack_le(std::span<const std::byte> bytes, std::vector<T>& out) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.resize(bytes.size() / sizeof(T));
  if (out.empty()) return;
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
  if constexpr (std::endian::native != std::endian::little) {
    for (auto& v : out) {
      auto b = std::bit_cast<std::array<std::byte, sizeof(T)>>(v);
      std::reverse(b.begin(), b.end());
      v = std::bit_cast<T>(b);
    }
  }
}

void unpack_half(std::span<const std::byte> bytes, std::vector<float>& out);

}  // namespace core::store
