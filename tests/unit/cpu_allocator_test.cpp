// The caching CPU allocator (core/model/cpu_allocator.h): large buffers are reused instead of mapped
// again, small ones keep LibTorch's allocator, the byte limit holds, and tensors stay correct.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cstdint>

#include "core/model/cpu_allocator.h"

namespace {

using core::model::cpu_cache_stats;

TEST(CachingCpuAllocator, ReusesAFreedLargeBufferInsteadOfMappingAgain) {
  core::model::use_caching_cpu_allocator();
  core::model::release_cpu_cache();
  const auto before = cpu_cache_stats();
  ASSERT_TRUE(before.installed);
  const void* first = nullptr;
  {
    at::Tensor a = at::empty({3 << 20}, at::kFloat);  // 12 MiB
    first = a.data_ptr();
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(first) % (2u << 20), 0u) << "huge-page aligned";
    EXPECT_EQ(cpu_cache_stats().misses, before.misses + 1);
    EXPECT_GE(cpu_cache_stats().live_bytes, before.live_bytes + (12 << 20));
  }
  EXPECT_GE(cpu_cache_stats().cached_bytes, 12 << 20);
  at::Tensor b = at::empty({3 << 20}, at::kFloat);
  EXPECT_EQ(b.data_ptr(), first) << "the freed block comes back";
  EXPECT_EQ(cpu_cache_stats().hits, before.hits + 1);
  // A smaller request within a quarter of the block reuses it too; a much smaller one does not.
  b = at::Tensor();
  at::Tensor c = at::empty({(3 << 20) - 100000}, at::kFloat);
  EXPECT_EQ(c.data_ptr(), first);
}

TEST(CachingCpuAllocator, SmallBuffersKeepTheDefaultAllocator) {
  core::model::use_caching_cpu_allocator();
  const auto before = cpu_cache_stats();
  for (int i = 0; i < 100; ++i) {
    at::Tensor t = at::ones({1000}, at::kFloat);
    ASSERT_EQ(t.sum().item<float>(), 1000.0f);
  }
  const auto after = cpu_cache_stats();
  EXPECT_EQ(after.hits, before.hits);
  EXPECT_EQ(after.misses, before.misses);
}

TEST(CachingCpuAllocator, KeepsNoMoreThanItsLimitAndReleasesOnRequest) {
  core::model::use_caching_cpu_allocator({.cache_limit_bytes = std::size_t(8) << 20});
  core::model::release_cpu_cache();
  {
    at::Tensor a = at::empty({1 << 20}, at::kFloat);  // 4 MiB: kept
    at::Tensor b = at::empty({4 << 20}, at::kFloat);  // 16 MiB: over the limit, unmapped when freed
  }
  EXPECT_LE(cpu_cache_stats().cached_bytes, 8 << 20);
  EXPECT_GE(cpu_cache_stats().cached_bytes, 4 << 20);
  core::model::release_cpu_cache();
  EXPECT_EQ(cpu_cache_stats().cached_bytes, 0);
  core::model::use_caching_cpu_allocator();  // back to the default limit for the other tests
}

// Blocks kept for reuse raise the process's peak by at most a quarter: a request no kept block fits
// gives kept blocks back first, or takes a larger kept block whole, so mapped bytes never pass the
// most that was ever live at once by more than that.
TEST(CachingCpuAllocator, KeptBlocksRaiseMemoryAtMostAQuarterAboveTheLivePeak) {
  core::model::use_caching_cpu_allocator();
  core::model::release_cpu_cache();
  const auto start = cpu_cache_stats();
  // A new live peak, in whole 4 MiB so that its half is whole 2 MiB steps (what live_bytes counts in),
  // whatever peak the tests before left.
  const std::int64_t big = (start.peak_live_bytes + (36 << 20)) / (4 << 20) * (4 << 20);
  { at::Tensor a = at::empty({big / 4}, at::kFloat); }
  const auto after_big = cpu_cache_stats();
  EXPECT_GE(after_big.peak_live_bytes, start.live_bytes + big);
  EXPECT_GE(after_big.cached_bytes, big) << "freed, the block is kept";
  const auto mapped_within_bound = [](const char* when) {
    const auto s = cpu_cache_stats();
    EXPECT_LE(s.mapped_bytes, s.peak_live_bytes + s.peak_live_bytes / 4) << when;
  };
  // Half the big block: it does not fit, and keeping both would pass the peak by half, so the request
  // takes the big block rather than unmap it and map a new one.
  const auto before_half = cpu_cache_stats();
  at::Tensor b = at::empty({big / 8}, at::kFloat);
  mapped_within_bound("after a request the kept block does not fit");
  EXPECT_LT(cpu_cache_stats().cached_bytes, big) << "the big block is in use";
  EXPECT_EQ(cpu_cache_stats().misses, before_half.misses) << "nothing was mapped";
  EXPECT_EQ(cpu_cache_stats().live_bytes, before_half.live_bytes + big / 2) << "live counts what was asked";
  // Reuse still works for what repeats.
  const void* first = b.data_ptr();
  b = at::Tensor();
  at::Tensor c = at::empty({big / 8}, at::kFloat);
  EXPECT_EQ(c.data_ptr(), first);
  c = at::Tensor();
  for (int i = 1; i <= 8; ++i) {  // mixed sizes, some kept, some not
    at::Tensor t = at::empty({std::int64_t(i) << 19}, at::kFloat);
    mapped_within_bound("during mixed sizes");
  }
  mapped_within_bound("at the end");
  const auto end = cpu_cache_stats();
  EXPECT_LE(end.peak_mapped_bytes, end.peak_live_bytes + end.peak_live_bytes / 4);
}

// A layer's pattern: two blocks of one size live together, then one block of another, over and over.
// Both sizes together are a quarter above the live peak: within the margin they stay mapped, and
// nothing is mapped again after the first round (held to the peak itself, every round mapped again).
TEST(CachingCpuAllocator, AlternatingSizesAreMappedOnce) {
  core::model::use_caching_cpu_allocator();
  core::model::release_cpu_cache();
  // The large block sets the live peak (at least this process's earlier peak, so that peak adds no
  // margin of its own); the small ones are an eighth of it, two at a time.
  constexpr std::int64_t kStep = 16 << 20;
  const std::int64_t earlier = std::max<std::int64_t>(cpu_cache_stats().peak_live_bytes, kStep);
  const std::int64_t large = (earlier + kStep - 1) / kStep * kStep, small = large / 8;
  const auto round = [&] {
    {
      at::Tensor a = at::empty({small / 4}, at::kFloat), b = at::empty({small / 4}, at::kFloat);
    }
    at::Tensor c = at::empty({large / 4}, at::kFloat);
  };
  round();
  const auto after_first = cpu_cache_stats();
  for (int i = 0; i < 10; ++i) round();
  EXPECT_EQ(cpu_cache_stats().misses, after_first.misses) << "blocks were unmapped and mapped again";
  // What must stay mapped is more than the live peak: the margin is what kept it.
  EXPECT_GT(2 * small + large, cpu_cache_stats().peak_live_bytes);
}

// GPT-2-124M's layer at batch 4: activations held through the layer, then attention scores, then a
// larger feed-forward block, each freed before the next. The two transient blocks together pass the
// live peak by more than the quarter, so one of them cannot stay mapped beside the other: the scores
// take the feed-forward's block while it is free, and nothing is mapped again after the first round
// (unmapping the largest free block instead, each mapped the other's size again at every layer).
TEST(CachingCpuAllocator, ABlockTooManyForTheBoundServesTheSmallerRequest) {
  core::model::use_caching_cpu_allocator();
  core::model::release_cpu_cache();
  // A unit large enough that this pattern sets the live peak (8 units) whatever ran before.
  constexpr std::int64_t kStep = 4 << 20;
  const std::int64_t earlier = std::max<std::int64_t>(cpu_cache_stats().peak_live_bytes, 8 * kStep);
  const std::int64_t unit = (earlier / 8 + kStep - 1) / kStep * kStep;
  const at::Tensor held = at::empty({unit}, at::kFloat);  // 4 units of activations
  const auto layer = [&] {
    { at::Tensor scores = at::empty({unit * 5 / 8}, at::kFloat); }  // 2.5 units
    const at::Tensor ffn = at::empty({unit}, at::kFloat);           // 4 units
  };
  layer();
  layer();
  const auto settled = cpu_cache_stats();
  for (int i = 0; i < 10; ++i) layer();
  const auto end = cpu_cache_stats();
  EXPECT_EQ(end.misses, settled.misses) << "the layer's blocks were unmapped and mapped again";
  EXPECT_LE(end.peak_mapped_bytes, end.peak_live_bytes + end.peak_live_bytes / 4);
  EXPECT_GT(21 * unit / 2, end.peak_live_bytes + end.peak_live_bytes / 4)
      << "all three blocks kept would pass the bound";
}

TEST(CachingCpuAllocator, ReusedBuffersComputeCorrectly) {
  core::model::use_caching_cpu_allocator();
  at::manual_seed(1);
  const at::Tensor a = at::randn({700, 600}), b = at::randn({600, 800});
  const at::Tensor want = at::matmul(a.to(at::kDouble), b.to(at::kDouble));
  for (int i = 0; i < 3; ++i) {
    at::Tensor dirty = at::full({700, 800}, 12345.0f);  // leaves garbage in a block that is reused
    dirty = at::Tensor();
    const at::Tensor got = at::matmul(a, b);
    EXPECT_LT((got.to(at::kDouble) - want).abs().max().item<double>(), 1e-3);
  }
  EXPECT_GT(cpu_cache_stats().hits, 0);
}

}  // namespace
