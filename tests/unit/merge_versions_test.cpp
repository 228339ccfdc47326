// Shard sessions made with other software versions are refused by the first version that differs
// (core/store/detail/merge_parts.h, used for sharded runs and sharded token shifts alike).
#include <gtest/gtest.h>

#include "core/store/detail/merge_parts.h"

namespace {

using core::store::detail::versions_difference;

TEST(MergeVersions, TheFirstDifferingVersionIsNamedWithBothValues) {
  const std::map<std::string, std::string> first{{"cartograph", "0.1.0"}, {"libtorch", "1.13.1"}};
  EXPECT_EQ(versions_difference(first, first, "was made with", "the first shard"), std::nullopt);
  EXPECT_EQ(versions_difference(first, {{"cartograph", "0.1.0"}, {"libtorch", "2.11.0"}}, "was made with", "the first shard"),
            "was made with libtorch '2.11.0' where the first shard has '1.13.1'");
  EXPECT_EQ(versions_difference(first, {{"cartograph", "0.1.0"}}, "has a token shift made with", "the first shard"),
            "has a token shift made with libtorch 'none' where the first shard has '1.13.1'");
  EXPECT_EQ(versions_difference({{"cartograph", "0.1.0"}}, first, "was made with", "the output's merge"),
            "was made with libtorch '1.13.1' where the output's merge has none");
}

}  // namespace
