// core::simd::Lanes<W>::exp2 (core/model/simd_math.h), the 2^x the attention softmax runs on
// every score, against the C library's exp2 in double at every lane width the kernels are built for:
// within 2 ulp of float where 2^x is a normal float, exact at integers, exactly 0 below -126 and at -inf.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/model/simd_math.h"

namespace simd_exp2_test {

template <int W>
void check_width() {
  using S = core::simd::Lanes<W>;
  SCOPED_TRACE("lane width " + std::to_string(W));
  double worst = 0;
  // A sweep of the range a softmax feeds it, [-130, 0.5], in steps that land between representable
  // fractions and on every integer; lanes hold neighbouring values so that each lane is checked.
  const int steps = 130 * 256 * 2 + 128;
  for (int i = 0; i <= steps; i += W) {
    typename S::vf x;
    for (int l = 0; l < W; ++l) x[l] = -130.0f + float(std::min(i + l, steps)) / 512.0f;
    const typename S::vf y = S::exp2(x);
    for (int l = 0; l < W; ++l) {
      const double want = std::exp2(double(x[l]));
      if (x[l] < -126.0f) {
        EXPECT_EQ(y[l], 0.0f) << "2^" << x[l] << " is below the smallest normal float: exactly 0";
        continue;
      }
      const double ulp = std::ldexp(1.0, std::ilogb(want) - 23);
      worst = std::max(worst, std::abs(double(y[l]) - want) / ulp);
      if (x[l] == std::floor(x[l])) EXPECT_EQ(double(y[l]), want) << "2^" << x[l] << " is exact";
    }
  }
  EXPECT_LE(worst, 2.0) << "largest error in ulp";
  typename S::vf specials = S::splat(-std::numeric_limits<float>::infinity());
  specials[0] = 0.0f;
  specials[1] = -126.0f;
  const typename S::vf y = S::exp2(specials);
  EXPECT_EQ(y[0], 1.0f) << "a row's largest score weighs exactly 1";
  EXPECT_EQ(y[1], std::numeric_limits<float>::min());
  for (int l = 2; l < W; ++l) EXPECT_EQ(y[l], 0.0f) << "a masked score (-inf) weighs exactly 0";
}

TEST(SimdExp2, WithinTwoUlpOfTheLibraryAndExactWhereItMustBeAtEveryWidth) {
  check_width<4>();
  check_width<8>();
  check_width<16>();
}

}  // namespace simd_exp2_test
