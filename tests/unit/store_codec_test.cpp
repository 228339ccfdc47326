// float16 as IEEE-754 binary16 defines it: exact values, rounding to nearest even, the edges.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/store/blob_codec.h"

using namespace core::store;

TEST(StoreCodec, Float16OfExactlyRepresentableValues) {
  EXPECT_EQ(float_to_half(0.0f), 0x0000);
  EXPECT_EQ(float_to_half(-0.0f), 0x8000);
  EXPECT_EQ(float_to_half(1.0f), 0x3C00);
  EXPECT_EQ(float_to_half(-2.0f), 0xC000);
  EXPECT_EQ(float_to_half(0.5f), 0x3800);
  EXPECT_EQ(float_to_half(65504.0f), 0x7BFF);                 // largest finite
  EXPECT_EQ(float_to_half(std::ldexp(1.0f, -14)), 0x0400);    // smallest normal
  EXPECT_EQ(float_to_half(std::ldexp(1.0f, -24)), 0x0001);    // smallest subnormal
  EXPECT_EQ(float_to_half(std::ldexp(1023.0f, -24)), 0x03FF); // largest subnormal
  EXPECT_EQ(half_to_float(0x3555), 0.333251953125f);
  EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(half_to_float(0x7BFF), 65504.0f);
}

TEST(StoreCodec, Float16RoundsToNearestEven) {
  EXPECT_EQ(float_to_half(1.0f / 3.0f), 0x3555);
  EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11)), 0x3C00);        // halfway, to even (down)
  EXPECT_EQ(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);    // halfway, to even (up)
  EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), 0x3C01);
  EXPECT_EQ(float_to_half(std::ldexp(1.0f, -25)), 0x0000);               // half the smallest subnormal: to even 0
  EXPECT_EQ(float_to_half(std::ldexp(3.0f, -26)), 0x0001);               // 0.75 of it rounds up
  EXPECT_EQ(float_to_half(std::ldexp(3.0f, -25)), 0x0002);               // 1.5 ulps: to even 2
  EXPECT_EQ(float_to_half(65519.0f), 0x7BFF);                            // below the rounding edge
  EXPECT_EQ(float_to_half(65520.0f), 0x7C00);                            // rounds to infinity
  EXPECT_EQ(float_to_half(std::ldexp(2047.0f, -25)), 0x0400);            // subnormal carries into normal
}

TEST(StoreCodec, Float16SpecialValues) {
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(float_to_half(-std::numeric_limits<float>::infinity()), 0xFC00);
  EXPECT_EQ(float_to_half(1e10f), 0x7C00);
  EXPECT_TRUE(std::isnan(half_to_float(float_to_half(std::numeric_limits<float>::quiet_NaN()))));
  // A NaN whose payload lies only in the low bits must not turn into infinity.
  EXPECT_TRUE(std::isnan(half_to_float(float_to_half(std::bit_cast<float>(0x7F800001u)))));
  EXPECT_TRUE(std::isinf(half_to_float(0x7C00)));
}

TEST(StoreCodec, EveryFloat16SurvivesTheRoundTrip) {
  for (std::uint32_t h = 0; h < 0x10000; ++h) {
    const float f = half_to_float(std::uint16_t(h));
    if (std::isnan(f)) continue;
    ASSERT_EQ(float_to_half(f), h) << std::hex << h;
  }
}

TEST(StoreCodec, BlobsAreLittleEndian) {
  std::vector<std::byte> bytes;
  const std::vector<float> values = {1.0f, -2.0f};
  pack_half(values, bytes);
  ASSERT_EQ(bytes.size(), 4u);
  EXPECT_EQ(bytes[0], std::byte{0x00});
  EXPECT_EQ(bytes[1], std::byte{0x3C});
  EXPECT_EQ(bytes[3], std::byte{0xC0});
  const std::vector<std::int32_t> ints = {0x01020304};
  std::vector<std::byte> scratch;
  auto le = le_bytes(std::span<const std::int32_t>(ints), scratch);
  ASSERT_EQ(le.size(), 4u);
  EXPECT_EQ(le[0], std::byte{0x04});
  EXPECT_EQ(le[3], std::byte{0x01});
  std::vector<std::int32_t> back;
  unpack_le(le, back);
  EXPECT_EQ(back, ints);
}
