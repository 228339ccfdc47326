// `shift --shard I/N` and `merge` of token-shift shards (docs/ARCHITECTURE.md, "Sharded runs") through
// the real CLI on tiny random maps: N = 1, 3, 7 shards merged in several orders give exactly the
// unsharded shift (counts, fractions, per-prompt generated ids, their texts and base ranks, prompt
// order); merging again changes nothing; a partial merge lists what is missing and merging the rest
// completes it under the same id; shards of another tuned map, prompt file or --max-new-tokens are
// refused naming the shard and the difference, with the output left as it was.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/analysis/shift.h"
#include "core/store/session_file.h"
#include "core/store/token_shifts.h"
#include "tests/unit/tiny_shard_fixture.h"

namespace {

using namespace tinyshard;
using core::store::ShiftRecord;

// The session's token shifts (a failure is a test failure).
std::vector<ShiftRecord> shifts_of(const fs::path& path) {
  auto session = core::store::SessionFile::open(path, core::store::OpenMode::ReadOnly);
  EXPECT_TRUE(session) << session.error().what();
  if (!session) return {};
  auto all = core::store::token_shifts(*session);
  EXPECT_TRUE(all) << all.error().what();
  return all ? *all : std::vector<ShiftRecord>{};
}

// Everything a person reads from a token shift, equal in both (ids exact, counts exact).
void expect_same_shift(const ShiftRecord& whole, const ShiftRecord& merged, const std::string& what) {
  EXPECT_EQ(merged.base_sha256, whole.base_sha256) << what;
  EXPECT_EQ(merged.prompts_sha256, whole.prompts_sha256) << what;
  EXPECT_EQ(merged.max_new_tokens, whole.max_new_tokens) << what;
  ASSERT_EQ(merged.maps.size(), whole.maps.size()) << what;
  for (std::size_t m = 0; m < whole.maps.size(); ++m) {
    const auto &a = whole.maps[m], &b = merged.maps[m];
    EXPECT_EQ(b.sha256, a.sha256) << what;
    EXPECT_EQ(b.positions, a.positions) << what;
    EXPECT_EQ(b.unshifted, a.unshifted) << what;
    EXPECT_EQ(b.marginal, a.marginal) << what;
    EXPECT_EQ(b.shifted, a.shifted) << what;
    ASSERT_EQ(b.prompts.size(), a.prompts.size()) << what;
    for (std::size_t p = 0; p < a.prompts.size(); ++p) {
      EXPECT_EQ(b.prompts[p].place, std::int64_t(p)) << what << ": prompts in prompt order";
      EXPECT_EQ(b.prompts[p].prompt_text, a.prompts[p].prompt_text) << what << ", prompt " << p;
      EXPECT_EQ(b.prompts[p].generated, a.prompts[p].generated) << what << ", prompt " << p;
      EXPECT_EQ(b.prompts[p].tokens, a.prompts[p].tokens) << what << ", prompt " << p;
      EXPECT_EQ(b.prompts[p].base_rank, a.prompts[p].base_rank) << what << ", prompt " << p;
    }
  }
}

std::vector<std::string> make_shift_shards(const Fixture& f, const testsupport::TempDir& dir, int n,
                                           const std::string& stem = "s") {
  std::vector<std::string> out;
  std::int64_t prompts = 0;
  for (int i = 0; i < n; ++i) {
    const fs::path s = dir / (stem + std::to_string(n) + "_" + std::to_string(i) + ".cartograph");
    const json j = run_ok(shift_args(f, s, std::to_string(i) + "/" + std::to_string(n)));
    EXPECT_EQ(j["shard"]["index"], i);
    EXPECT_EQ(j["shard"]["count"], n);
    EXPECT_EQ(j["prompt_set"]["prompts"], 10) << "a shard records the whole prompt set";
    prompts += j["shard"]["prompts"].get<std::int64_t>();
    out.push_back(s.string());
  }
  EXPECT_EQ(prompts, 10) << "every prompt in exactly one of " << n << " shards";
  return out;
}

TEST(ShiftShards, ShiftWithASessionIsRecordedAsTheStudioReadsIt) {
  testsupport::TempDir dir;
  const auto f = make(dir);
  const json plain = run_ok(shift_args(f, {}, ""));
  const json stored = run_ok(shift_args(f, dir / "whole.cartograph", ""));
  EXPECT_EQ(stored["positions"], plain["positions"]);
  EXPECT_EQ(stored["prompts"], plain["prompts"]) << "recording changes nothing in what is computed";
  const auto all = shifts_of(dir / "whole.cartograph");
  ASSERT_EQ(all.size(), 1u);
  const ShiftRecord& r = all[0];
  EXPECT_EQ(r.id, stored["shift_id"].get<std::int64_t>());
  EXPECT_EQ(r.shard_count, 0) << "an unsharded shift";
  EXPECT_EQ(r.prompt_count, 10);
  EXPECT_EQ(r.prompts_sha256, core::analysis::prompt_set_sha256(prompts()));
  EXPECT_EQ(r.max_new_tokens, 6);
  EXPECT_EQ(r.base_sha256.size(), 64u);
  ASSERT_EQ(r.maps.size(), 1u);
  EXPECT_EQ(r.maps[0].sha256.size(), 64u);
  EXPECT_NE(r.maps[0].sha256, r.base_sha256);
  EXPECT_EQ(r.maps[0].positions, plain["positions"].get<std::int64_t>());
  EXPECT_DOUBLE_EQ(r.maps[0].fraction(r.maps[0].shifted), plain["shifted"].get<double>());
  ASSERT_EQ(r.maps[0].prompts.size(), 10u);
  for (std::size_t p = 0; p < 10; ++p) {
    EXPECT_EQ(r.maps[0].prompts[p].prompt_text, prompts()[p]);
    EXPECT_EQ(r.maps[0].prompts[p].generated, plain["prompts"][p]["ids"].get<std::vector<std::int32_t>>());
    EXPECT_EQ(r.maps[0].prompts[p].base_rank, plain["prompts"][p]["base_rank"].get<std::vector<std::int32_t>>());
  }
  // --shard without --session is a usage error naming what is missing.
  const auto r2 = testsupport::run_cli(shift_args(f, {}, "0/2"));
  EXPECT_EQ(r2.exit_code, 1);
  EXPECT_NE(r2.err.find("needs --session"), std::string::npos) << r2.err;
}

TEST(ShiftShards, ShardsMergedInAnyOrderEqualOneUnshardedShift) {
  testsupport::TempDir dir;
  const auto f = make(dir);
  const json whole_json = run_ok(shift_args(f, dir / "whole.cartograph", ""));
  const auto whole = shifts_of(dir / "whole.cartograph");
  ASSERT_EQ(whole.size(), 1u);
  ASSERT_GT(whole[0].maps[0].positions, 0);
  for (int n : {1, 3, 7}) {
    const auto shards = make_shift_shards(f, dir, n);
    std::vector<std::string> rotated = shards;
    std::rotate(rotated.begin(), rotated.begin() + n / 2, rotated.end());
    const std::vector<std::vector<std::string>> orders{shards, {shards.rbegin(), shards.rend()}, rotated};
    for (std::size_t o = 0; o < orders.size(); ++o) {
      const std::string what = "N = " + std::to_string(n) + ", order " + std::to_string(o);
      const fs::path merged = dir / ("m" + std::to_string(n) + "_" + std::to_string(o) + ".cartograph");
      const json out = run_ok(with({"--json", "merge", merged.string()}, orders[o]));
      EXPECT_EQ(out["complete"], true) << what;
      EXPECT_FALSE(out.contains("run_id")) << what << ": the shards hold no run";
      EXPECT_EQ(out["shift"]["prompts"], 10) << what;
      EXPECT_EQ(out["shift"]["missing"], json::array()) << what;
      const auto m = shifts_of(merged);
      ASSERT_EQ(m.size(), 1u) << what;
      expect_same_shift(whole[0], m[0], what);
      EXPECT_EQ(m[0].shard_count, n) << what;
      EXPECT_EQ(m[0].shards_present.size(), std::size_t(n)) << what;
      // The fractions `shift` prints for the unsharded shift.
      EXPECT_DOUBLE_EQ(m[0].maps[0].fraction(m[0].maps[0].unshifted), whole_json["unshifted"].get<double>()) << what;
      EXPECT_DOUBLE_EQ(m[0].maps[0].fraction(m[0].maps[0].shifted), whole_json["shifted"].get<double>()) << what;
    }
  }
}

TEST(ShiftShards, APartialMergeIsCompletedLaterAndMergingAgainChangesNothing) {
  testsupport::TempDir dir;
  const auto f = make(dir);
  run_ok(shift_args(f, dir / "whole.cartograph", ""));
  const auto shards = make_shift_shards(f, dir, 3);
  const std::string out = (dir / "merged.cartograph").string();
  const json partial = run_ok({"--json", "merge", out, shards[2], shards[0]});
  EXPECT_EQ(partial["complete"], false);
  EXPECT_EQ(partial["shift"]["present"], json({0, 2}));
  EXPECT_EQ(partial["shift"]["missing"], json({1}));
  EXPECT_LT(partial["shift"]["prompts"].get<int>(), 10);
  const auto before = shifts_of(out);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].shards_present, (std::vector<std::int64_t>{0, 2}));
  for (const auto& p : before[0].maps[0].prompts) EXPECT_LT(p.place, 10);

  const json done = run_ok({"--json", "merge", out, shards[1]});
  EXPECT_EQ(done["complete"], true);
  EXPECT_EQ(done["shift"]["added"], json({1}));
  EXPECT_EQ(done["shift"]["shift_id"], partial["shift"]["shift_id"]) << "the merged shift keeps its id";
  auto merged = shifts_of(out);
  ASSERT_EQ(merged.size(), 1u) << "completed in place, not a second shift";
  expect_same_shift(shifts_of(dir / "whole.cartograph")[0], merged[0], "completed partial merge");
  EXPECT_EQ(merged[0].shard_sources[1], shards[1]);

  // Idempotent: every shard again, in another order, leaves the file byte for byte as it was.
  const std::string bytes = testsupport::read_file(out);
  const json again = run_ok({"--json", "merge", out, shards[1], shards[2], shards[0]});
  EXPECT_EQ(again["complete"], true);
  EXPECT_EQ(again["shift"]["added"], json::array());
  EXPECT_EQ(testsupport::read_file(out), bytes);
}

TEST(ShiftShards, MismatchedShardsAreRefusedNamingTheShardAndTheDifference) {
  testsupport::TempDir dir;
  const auto f = make(dir);
  const auto shards = make_shift_shards(f, dir, 3);
  struct Case {
    std::string name;
    std::vector<std::string> args;  // shard 1/3 made otherwise
    std::string expected;           // in the message
  };
  const fs::path odd = dir / "odd.cartograph";
  const std::vector<Case> cases{
      {"other tuned map", shift_args(f, odd, "1/3", f.other_tuned), "tuned map 1 (other_tuned.bin) has weights sha256"},
      {"other prompt file", shift_args(f, odd, "1/3", {}, f.other_prompts), "prompt set sha256"},
      {"other --max-new-tokens", shift_args(f, odd, "1/3", {}, {}, "5"), "--max-new-tokens 5 where"},
  };
  // A partial merge to be left alone by every refused merge into it.
  const std::string partial = (dir / "partial.cartograph").string();
  run_ok({"--json", "merge", partial, shards[0]});
  const std::string partial_bytes = testsupport::read_file(partial);
  for (const Case& c : cases) {
    fs::remove(odd);
    run_ok(c.args);
    const fs::path out = dir / "refused.cartograph";
    const auto r = testsupport::run_cli({"merge", out.string(), shards[0], odd.string(), shards[2]});
    EXPECT_EQ(r.exit_code, 1) << c.name;
    EXPECT_NE(r.err.find(odd.string()), std::string::npos) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.name << ": nothing is written";
    const auto into = testsupport::run_cli({"merge", partial, odd.string()});
    EXPECT_EQ(into.exit_code, 1) << c.name;
    EXPECT_NE(into.err.find(c.expected), std::string::npos) << c.name << ": " << into.err;
    EXPECT_EQ(testsupport::read_file(partial), partial_bytes) << c.name << ": the partial merge is untouched";
  }
  // Another shard count: named too.
  run_ok(shift_args(f, dir / "of4.cartograph", "1/4"));
  const auto r = testsupport::run_cli({"merge", (dir / "x.cartograph").string(), shards[0], (dir / "of4.cartograph").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cut into 4 shards where the first shard has 3"), std::string::npos) << r.err;
}

}  // namespace
