// Shards of a territory (core/analysis/shard.h, docs/ARCHITECTURE.md "Sharded runs"): batch groups of
// whole documents, shards of whole groups balanced by tokens, and the --shard I/N parser, on cases
// worked out by hand.
#include <gtest/gtest.h>

#include "core/analysis/shard.h"

namespace {

using core::analysis::DocumentRange;

std::vector<std::vector<std::int32_t>> documents_of_lengths(const std::vector<int>& lengths) {
  std::vector<std::vector<std::int32_t>> out;
  for (int n : lengths) out.emplace_back(std::size_t(n), 7);
  return out;
}

TEST(ShardSlicing, BatchGroupsAreWholeDocumentsWithAtLeastTheGroupsWindows) {
  // Windows per document 3, 2, 9, 1, 1, 1 with groups of 4: {3, 2} = 5, {9}, {1, 1, 1} = 3 (the rest).
  const auto groups = core::analysis::batch_groups({3, 2, 9, 1, 1, 1}, 4);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].first, 0u);
  EXPECT_EQ(groups[0].last, 2u);
  EXPECT_EQ(groups[1].first, 2u);
  EXPECT_EQ(groups[1].last, 3u);
  EXPECT_EQ(groups[2].first, 3u);
  EXPECT_EQ(groups[2].last, 6u);
  EXPECT_TRUE(core::analysis::batch_groups({}, 4).empty());
}

TEST(ShardSlicing, ShardsAreContiguousWholeGroupsBalancedByTokens) {
  // Four groups of one document each, 10, 10, 10, 70 tokens (100 in all), cut in 2: the middles are at
  // 5, 15, 25, 65 -> shards 0, 0, 0, 1 (65 * 2 / 100 = 1.3).
  const auto tokens = documents_of_lengths({10, 10, 10, 70});
  const std::vector<DocumentRange> groups{{0, 1}, {1, 2}, {2, 3}, {3, 4}};
  EXPECT_EQ(core::analysis::shard_documents(tokens, groups, 2), (std::vector<std::int64_t>{0, 0, 0, 1}));
  // In 4: middles 5, 15, 25, 65 of 100 -> 0.2, 0.6, 1.0, 2.6 -> 0, 0, 1, 2 (shard 3 is empty).
  EXPECT_EQ(core::analysis::shard_documents(tokens, groups, 4), (std::vector<std::int64_t>{0, 0, 1, 2}));
  // A group's documents stay together: documents 1 and 2 are one group (middle at 20 of 100, in 2: 0).
  const std::vector<DocumentRange> joined{{0, 1}, {1, 3}, {3, 4}};
  EXPECT_EQ(core::analysis::shard_documents(tokens, joined, 2), (std::vector<std::int64_t>{0, 0, 0, 1}));
  // One shard: everything in shard 0.
  EXPECT_EQ(core::analysis::shard_documents(tokens, groups, 1), (std::vector<std::int64_t>{0, 0, 0, 0}));
}

TEST(ShardSlicing, EveryDocumentIsInExactlyOneShardAndShardsAreInOrder) {
  std::vector<int> lengths;
  for (int i = 0; i < 200; ++i) lengths.push_back(1 + (i * 37) % 101);
  const auto tokens = documents_of_lengths(lengths);
  std::vector<std::int64_t> windows(lengths.size(), 1);
  const auto groups = core::analysis::batch_groups(windows, 4);
  for (std::int64_t n : {1, 3, 7, 64}) {
    const auto shard = core::analysis::shard_documents(tokens, groups, n);
    ASSERT_EQ(shard.size(), lengths.size());
    for (std::size_t d = 0; d < shard.size(); ++d) {
      EXPECT_GE(shard[d], 0);
      EXPECT_LT(shard[d], n);
      if (d) { EXPECT_LE(shard[d - 1], shard[d]) << "contiguous"; }
    }
    // Balanced: no shard holds more than its share plus one group's tokens.
    std::vector<std::int64_t> sums(std::size_t(n), 0);
    std::int64_t total = 0, largest_group = 0;
    for (std::size_t d = 0; d < shard.size(); ++d) sums[std::size_t(shard[d])] += lengths[d], total += lengths[d];
    for (const auto& g : groups) {
      std::int64_t t = 0;
      for (std::size_t d = g.first; d < g.last; ++d) t += lengths[d];
      largest_group = std::max(largest_group, t);
    }
    for (std::int64_t s : sums) EXPECT_LE(s, total / n + 2 * largest_group) << "N = " << n;
  }
}

TEST(ShardSlicing, PromptsAreWholeAndBalancedByTheTokensTheyCostAtMost) {
  // Prompts of 2, 2, 2 and 14 tokens, 2 decoded each: sizes 4, 4, 4, 16 (28 in all), middles at 2, 6, 10
  // and 20; in 2 shards (x 2 / 28): 0.14, 0.43, 0.71, 1.43 -> 0, 0, 0, 1.
  EXPECT_EQ(core::analysis::shard_prompts({2, 2, 2, 14}, 2, 2), (std::vector<std::int64_t>{0, 0, 0, 1}));
  // With 30 decoded each the decoding dominates: sizes 32, 32, 32, 44 (140), middles 16, 48, 80, 118
  // -> 0.23, 0.69, 1.14, 1.69 -> 0, 0, 1, 1.
  EXPECT_EQ(core::analysis::shard_prompts({2, 2, 2, 14}, 30, 2), (std::vector<std::int64_t>{0, 0, 1, 1}));
  // More shards than prompts: some shards are empty, every prompt is in one, in order.
  EXPECT_EQ(core::analysis::shard_prompts({1, 1}, 0, 5), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(core::analysis::shard_prompts({5, 1, 7}, 3, 1), (std::vector<std::int64_t>{0, 0, 0}));
  EXPECT_TRUE(core::analysis::shard_prompts({}, 3, 4).empty());
}

TEST(ShardSlicing, ShardOptionTakesIOfNCountedFromZero) {
  auto s = core::analysis::parse_shard("2/7");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 2);
  EXPECT_EQ(s->count, 7);
  for (const char* bad : {"7/7", "-1/3", "1", "/3", "1/", "a/3", "1/0", "1/3x", "0/200000"}) {
    auto r = core::analysis::parse_shard(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find(std::string("'") + bad + "'"), std::string::npos) << r.error().message;
  }
}

}  // namespace
