// core::simd::Lanes<W>::exp2 (core/model/simd_math.h), the 2^x the attention softmax runs on every
// score, against the C library's exp2 in double, at each lane width the kernels are built for that
// this CPU runs (compiled for it as the kernels are): within 2 ulp of float where 2^x is a normal
// float, exact at integers, exactly 0 below -126 and at -inf. And Lanes<W>::greater_bits, the lanes
// the top-k list is offered, against scalar comparisons.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/model/simd_math.h"

namespace simd_exp2_test {

template <int W>
CARTOGRAPH_SIMD_INLINE void exp2_all(const float* x, float* y, std::size_t n) {
  using S = core::simd::Lanes<W>;
  for (std::size_t i = 0; i < n; i += W) S::store(y + i, S::exp2(S::load(x + i)));
}

using Exp2All = void (*)(const float*, float*, std::size_t);
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target("arch=x86-64-v4"))) void exp2_w16(const float* x, float* y, std::size_t n) { exp2_all<16>(x, y, n); }
__attribute__((target("arch=x86-64-v3"))) void exp2_w8(const float* x, float* y, std::size_t n) { exp2_all<8>(x, y, n); }
#endif
void exp2_w4(const float* x, float* y, std::size_t n) { exp2_all<4>(x, y, n); }

// The widths this CPU runs, with their names.
std::vector<std::pair<const char*, Exp2All>> widths() {
  std::vector<std::pair<const char*, Exp2All>> out{{"4 lanes", &exp2_w4}};
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v3")) out.push_back({"8 lanes (AVX2)", &exp2_w8});
  if (__builtin_cpu_supports("x86-64-v4")) out.push_back({"16 lanes (AVX-512)", &exp2_w16});
#endif
  return out;
}

TEST(SimdExp2, WithinTwoUlpOfTheLibraryAndExactWhereItMustBeAtEveryWidth) {
  // A sweep of the range a softmax feeds it, [-130, 0.5], in 1/512 steps (every integer on it), then
  // the special values; a multiple of 16 floats.
  std::vector<float> x;
  for (int i = 0; i <= 130 * 512 + 256; ++i) x.push_back(-130.0f + float(i) / 512.0f);
  for (float special : {0.0f, -126.0f, -std::numeric_limits<float>::infinity()}) x.push_back(special);
  while (x.size() % 16) x.push_back(-1.0f);
  for (const auto& [name, exp2] : widths()) {
    SCOPED_TRACE(name);
    std::vector<float> y(x.size());
    exp2(x.data(), y.data(), x.size());
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double want = std::exp2(double(x[i]));
      if (x[i] < -126.0f) {
        ASSERT_EQ(y[i], 0.0f) << "2^" << x[i] << " is below the smallest normal float: exactly 0";
        continue;
      }
      const double ulp = std::ldexp(1.0, std::ilogb(want) - 23);
      worst = std::max(worst, std::abs(double(y[i]) - want) / ulp);
      if (x[i] == std::floor(x[i])) {
        ASSERT_EQ(double(y[i]), want) << "2^" << x[i] << " is exact";
      }
    }
    EXPECT_LE(worst, 2.0) << "largest error in ulp";
    const std::size_t specials = std::size_t(130 * 512 + 257);
    EXPECT_EQ(y[specials], 1.0f) << "a row's largest score weighs exactly 1";
    EXPECT_EQ(y[specials + 1], std::numeric_limits<float>::min());
    EXPECT_EQ(y[specials + 2], 0.0f) << "a masked score (-inf) weighs exactly 0";
  }
}

template <int W>
CARTOGRAPH_SIMD_INLINE void greater_all(const float* a, float b, std::uint32_t* bits, std::size_t n) {
  using S = core::simd::Lanes<W>;
  for (std::size_t i = 0; i < n; i += W) bits[i / W] = S::greater_bits(S::load(a + i), S::splat(b));
}
using GreaterAll = void (*)(const float*, float, std::uint32_t*, std::size_t);
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target("arch=x86-64-v4"))) void greater_w16(const float* a, float b, std::uint32_t* bits, std::size_t n) {
  greater_all<16>(a, b, bits, n);
}
__attribute__((target("arch=x86-64-v3"))) void greater_w8(const float* a, float b, std::uint32_t* bits, std::size_t n) {
  greater_all<8>(a, b, bits, n);
}
#endif
void greater_w4(const float* a, float b, std::uint32_t* bits, std::size_t n) { greater_all<4>(a, b, bits, n); }

// Bit i of a vector's answer is whether its lane i is above the bound: equal is not, NaN never is,
// and every lane position is tried with a lone value above the bound.
TEST(SimdGreaterBits, OneBitPerLaneAboveTheBoundAtEveryWidth) {
  std::vector<std::pair<int, GreaterAll>> kernels{{4, &greater_w4}};
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v3")) kernels.push_back({8, &greater_w8});
  if (__builtin_cpu_supports("x86-64-v4")) kernels.push_back({16, &greater_w16});
#endif
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  const float bound = 0.5f;
  std::vector<float> a;
  for (int lane = 0; lane < 16; ++lane)  // one value above the bound, in each position of 16
    for (int i = 0; i < 16; ++i) a.push_back(i == lane ? 0.75f : -1.0f);
  for (float v : {0.5f, nan, inf, -inf, 1e-30f, 0.50000006f, 3.0f, -0.0f})  // mixed, twice
    a.push_back(v), a.push_back(-v);
  for (const auto& [width, greater] : kernels) {
    SCOPED_TRACE(width);
    std::vector<std::uint32_t> bits(a.size() / std::size_t(width));
    greater(a.data(), bound, bits.data(), a.size());
    for (std::size_t v = 0; v < bits.size(); ++v) {
      std::uint32_t want = 0;
      for (int lane = 0; lane < width; ++lane)
        if (a[v * std::size_t(width) + std::size_t(lane)] > bound) want |= 1u << lane;
      EXPECT_EQ(bits[v], want) << "vector " << v;
    }
  }
}

}  // namespace simd_exp2_test
