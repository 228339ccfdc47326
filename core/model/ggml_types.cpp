// ggml's tensor types and their block layouts (ggml's ggml-common.h; arithmetic as in its
// ggml-quants.c dequantize_row_* functions). Each product and difference is rounded to float32
// separately, as ggml's reference C does; this file is compiled with -ffp-contract=off so no
// compiler fuses them into an FMA (core/model/CMakeLists.txt), which keeps the results bit-exact.
#include "core/model/ggml_types.h"

#include <c10/util/BFloat16.h>
#include <c10/util/Half.h>

#include <array>
#include <cstring>

namespace core::model {

namespace {

constexpr std::int64_t kQK = 32;    // Q4_0, Q8_0 block size
constexpr std::int64_t kQKK = 256;  // K-quant super-block size

const std::array<GgmlTypeTraits, 8> kRead = {{
    {GgmlType::F32, "F32", 1, 4},
    {GgmlType::F16, "F16", 1, 2},
    {GgmlType::Q4_0, "Q4_0", kQK, 2 + kQK / 2},
    {GgmlType::Q8_0, "Q8_0", kQK, 2 + kQK},
    {GgmlType::Q4_K, "Q4_K", kQKK, 2 + 2 + 12 + kQKK / 2},
    {GgmlType::Q5_K, "Q5_K", kQKK, 2 + 2 + 12 + kQKK / 8 + kQKK / 2},
    {GgmlType::Q6_K, "Q6_K", kQKK, kQKK / 2 + kQKK / 4 + kQKK / 16 + 2},
    {GgmlType::BF16, "BF16", 1, 2},
}};

// Every id ggml defines, for naming the ones Cartograph does not read (ids 4 and 5 were removed).
constexpr const char* kNames[] = {"F32",     "F16",   "Q4_0",   "Q4_1",    "Q4_2 (removed)", "Q4_3 (removed)",
                                  "Q5_0",    "Q5_1",  "Q8_0",   "Q8_1",    "Q2_K",           "Q3_K",
                                  "Q4_K",    "Q5_K",  "Q6_K",   "Q8_K",    "IQ2_XXS",        "IQ2_XS",
                                  "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S",   "IQ2_S",          "IQ4_XS",
                                  "I8",      "I16",   "I32",    "I64",     "F64",            "IQ1_M",
                                  "BF16",    "Q4_0_4_4 (removed)", "Q4_0_4_8 (removed)", "Q4_0_8_8 (removed)",
                                  "TQ1_0",   "TQ2_0", "IQ4_NL_4_4 (removed)", "IQ4_NL_4_8 (removed)",
                                  "IQ4_NL_8_8 (removed)", "MXFP4"};

float half(const std::byte* p) {
  std::uint16_t bits;
  std::memcpy(&bits, p, 2);
  return float(c10::Half(bits, c10::Half::from_bits()));
}

std::uint8_t u8(const std::byte* p, std::int64_t i) { return std::to_integer<std::uint8_t>(p[i]); }

// The 6-bit scale and min of sub-block j (0..7) from a K-quant's 12 packed bytes.
void scale_min(int j, const std::byte* q, std::uint8_t& sc, std::uint8_t& m) {
  if (j < 4) {
    sc = u8(q, j) & 63;
    m = u8(q, j + 4) & 63;
  } else {
    sc = std::uint8_t((u8(q, j + 4) & 0xF) | ((u8(q, j - 4) >> 6) << 4));
    m = std::uint8_t((u8(q, j + 4) >> 4) | ((u8(q, j) >> 6) << 4));
  }
}

// Q4_0: fp16 d; 16 bytes of nibbles. Element j is the low nibble of byte j, j + 16 the high one.
void q4_0(const std::byte* b, float* y) {
  const float d = half(b);
  for (int j = 0; j < kQK / 2; ++j) {
    const int lo = (u8(b, 2 + j) & 0x0F) - 8, hi = (u8(b, 2 + j) >> 4) - 8;
    y[j] = float(lo) * d;
    y[j + kQK / 2] = float(hi) * d;
  }
}

// Q8_0: fp16 d; 32 int8 values.
void q8_0(const std::byte* b, float* y) {
  const float d = half(b);
  for (int j = 0; j < kQK; ++j) y[j] = float(static_cast<std::int8_t>(u8(b, 2 + j))) * d;
}

// Q4_K: fp16 d, fp16 dmin, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles. Each 64 values
// are two sub-blocks: the low nibbles of 32 bytes, then their high nibbles.
void q4_k(const std::byte* b, float* y) {
  const float d = half(b), dmin = half(b + 2);
  const std::byte* scales = b + 4;
  const std::byte* q = b + 16;
  for (int j = 0; j < 4; ++j) {
    std::uint8_t sc, m;
    scale_min(2 * j, scales, sc, m);
    const float d1 = d * float(sc), m1 = dmin * float(m);
    scale_min(2 * j + 1, scales, sc, m);
    const float d2 = d * float(sc), m2 = dmin * float(m);
    for (int l = 0; l < 32; ++l) *y++ = d1 * float(u8(q, l) & 0xF) - m1;
    for (int l = 0; l < 32; ++l) *y++ = d2 * float(u8(q, l) >> 4) - m2;
    q += 32;
  }
}

// Q5_K: as Q4_K plus 32 bytes of fifth bits (qh) before the nibbles: sub-block s takes bit s of qh[l].
void q5_k(const std::byte* b, float* y) {
  const float d = half(b), dmin = half(b + 2);
  const std::byte* scales = b + 4;
  const std::byte* qh = b + 16;
  const std::byte* ql = b + 48;
  unsigned u1 = 1, u2 = 2;
  for (int j = 0; j < 4; ++j) {
    std::uint8_t sc, m;
    scale_min(2 * j, scales, sc, m);
    const float d1 = d * float(sc), m1 = dmin * float(m);
    scale_min(2 * j + 1, scales, sc, m);
    const float d2 = d * float(sc), m2 = dmin * float(m);
    for (int l = 0; l < 32; ++l) *y++ = d1 * float((u8(ql, l) & 0xF) + ((u8(qh, l) & u1) ? 16 : 0)) - m1;
    for (int l = 0; l < 32; ++l) *y++ = d2 * float((u8(ql, l) >> 4) + ((u8(qh, l) & u2) ? 16 : 0)) - m2;
    ql += 32;
    u1 <<= 2;
    u2 <<= 2;
  }
}

// Q6_K: 128 bytes of low nibbles (ql), 64 bytes of 2-bit high parts (qh), 16 int8 scales, fp16 d
// last. Values are 6-bit minus 32, each 16 sharing a scale: y = (d * scale) * q.
void q6_k(const std::byte* b, float* y) {
  const std::byte* ql = b;
  const std::byte* qh = b + 128;
  const std::byte* sc = b + 192;
  const float d = half(b + 208);
  const auto scale = [&](int i) { return float(static_cast<std::int8_t>(u8(sc, i))); };
  for (int n = 0; n < 2; ++n) {
    for (int l = 0; l < 32; ++l) {
      const int is = l / 16;
      const int q1 = ((u8(ql, l) & 0xF) | (((u8(qh, l) >> 0) & 3) << 4)) - 32;
      const int q2 = ((u8(ql, l + 32) & 0xF) | (((u8(qh, l) >> 2) & 3) << 4)) - 32;
      const int q3 = ((u8(ql, l) >> 4) | (((u8(qh, l) >> 4) & 3) << 4)) - 32;
      const int q4 = ((u8(ql, l + 32) >> 4) | (((u8(qh, l) >> 6) & 3) << 4)) - 32;
      y[l + 0] = d * scale(is + 0) * float(q1);
      y[l + 32] = d * scale(is + 2) * float(q2);
      y[l + 64] = d * scale(is + 4) * float(q3);
      y[l + 96] = d * scale(is + 6) * float(q4);
    }
    y += 128;
    ql += 64;
    qh += 32;
    sc += 8;
  }
}

}  // namespace

std::optional<GgmlTypeTraits> ggml_type_traits(std::uint32_t id) {
  for (const auto& t : kRead)
    if (std::uint32_t(t.type) == id) return t;
  return std::nullopt;
}

std::string ggml_type_name(std::uint32_t id) {
  return id < std::size(kNames) ? kNames[id] : "unknown";
}

void dequantize(GgmlType type, const std::byte* src, std::int64_t blocks, float* dst) {
  const auto traits = *ggml_type_traits(std::uint32_t(type));
  const std::int64_t n = traits.block, bytes = traits.block_bytes;
  switch (type) {
    case GgmlType::F32:
      std::memcpy(dst, src, std::size_t(blocks) * 4);
      return;
    case GgmlType::F16:
      for (std::int64_t i = 0; i < blocks; ++i) dst[i] = half(src + 2 * i);
      return;
    case GgmlType::BF16:
      for (std::int64_t i = 0; i < blocks; ++i) {
        std::uint16_t bits;
        std::memcpy(&bits, src + 2 * i, 2);
        dst[i] = float(c10::BFloat16(bits, c10::BFloat16::from_bits()));
      }
      return;
    default:
      break;
  }
  void (*block)(const std::byte*, float*) = nullptr;
  switch (type) {
    case GgmlType::Q4_0: block = q4_0; break;
    case GgmlType::Q8_0: block = q8_0; break;
    case GgmlType::Q4_K: block = q4_k; break;
    case GgmlType::Q5_K: block = q5_k; break;
    case GgmlType::Q6_K: block = q6_k; break;
    default: return;
  }
  for (std::int64_t i = 0; i < blocks; ++i) block(src + i * bytes, dst + i * n);
}

}  // namespace core::model
