// Sharded runs (docs/ARCHITECTURE.md, "Sharded runs") on the real stories260K map and a perturbed
// copy, through the real CLI: `compare --shard I/N` for N = 1, 3, 7, `merge` in several orders, and the
// merged session against one unsharded `compare --session` of the same territory. Per-token metrics
// must be bit-identical, summaries equal to 1e-12; mismatched shards are refused naming the shard and
// the difference, with the output left byte for byte as it was; a partial merge lists what is missing
// and merging the rest completes it; merging again changes nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/store/catalog.h"
#include "core/store/edits.h"
#include "core/store/session_file.h"
#include "tests/support/shard_fixture.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testsupport::expect_same_run;
using testsupport::load_only_run;

using testsupport::cli_json_ok;

TEST(ShardMergeGolden, ShardsMergedInAnyOrderEqualOneUnshardedRunBitForBit) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  cli_json_ok(testsupport::shard_compare_args(f, dir / "whole.cartograph", ""));
  const auto whole = load_only_run(dir / "whole.cartograph");
  ASSERT_EQ(whole.documents.size(), 23u);

  for (int n : {1, 3, 7}) {
    std::vector<std::string> shards;
    std::int64_t documents = 0;
    for (int i = 0; i < n; ++i) {
      const fs::path s = dir / ("s" + std::to_string(n) + "_" + std::to_string(i) + ".cartograph");
      const json out = cli_json_ok(testsupport::shard_compare_args(f, s, std::to_string(i) + "/" + std::to_string(n)));
      EXPECT_EQ(out["shard"]["index"], i);
      EXPECT_EQ(out["shard"]["count"], n);
      EXPECT_EQ(out["territory"]["sha256"], whole.territory.content_hash);  // the whole territory's hash
      documents += out["shard"]["documents"].get<std::int64_t>();
      shards.push_back(s.string());
    }
    EXPECT_EQ(documents, 23) << "every document in exactly one of " << n << " shards";
    // Forward order, reversed, and a rotation.
    std::vector<std::vector<std::string>> orders{shards, std::vector<std::string>(shards.rbegin(), shards.rend())};
    std::vector<std::string> rotated = shards;
    std::rotate(rotated.begin(), rotated.begin() + n / 2, rotated.end());
    orders.push_back(rotated);
    for (std::size_t o = 0; o < orders.size(); ++o) {
      const fs::path merged = dir / ("m" + std::to_string(n) + "_" + std::to_string(o) + ".cartograph");
      std::vector<std::string> args{"--json", "merge", merged.string()};
      args.insert(args.end(), orders[o].begin(), orders[o].end());
      const json out = cli_json_ok(args);
      EXPECT_EQ(out["complete"], true);
      EXPECT_EQ(out["documents"], 23);
      expect_same_run(whole, load_only_run(merged), "N = " + std::to_string(n) + ", order " + std::to_string(o));
    }
  }
}

TEST(ShardMergeGolden, PartialMergeListsMissingShardsAndMergingTheRestCompletesIt) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  cli_json_ok(testsupport::shard_compare_args(f, dir / "whole.cartograph", ""));
  std::vector<std::string> s;
  for (int i = 0; i < 3; ++i) {
    s.push_back((dir / ("s" + std::to_string(i) + ".cartograph")).string());
    cli_json_ok(testsupport::shard_compare_args(f, s.back(), std::to_string(i) + "/3"));
  }
  const std::string out = (dir / "merged.cartograph").string();
  json r = cli_json_ok({"--json", "merge", out, s[2], s[0]});
  EXPECT_EQ(r["present"], json({0, 2}));
  EXPECT_EQ(r["missing"], json({1}));
  EXPECT_EQ(r["complete"], false);
  const auto partial = load_only_run(out);
  EXPECT_EQ(partial.shard_count, 3);
  EXPECT_EQ(partial.shards_present, (std::vector<std::int64_t>{0, 2}));
  EXPECT_LT(partial.documents.size(), 23u);

  // Again with the same shards: nothing new, the file is not rewritten.
  const std::string before = testsupport::read_file(out);
  r = cli_json_ok({"--json", "merge", out, s[0], s[2]});
  EXPECT_EQ(r["added"], json::array());
  EXPECT_EQ(testsupport::read_file(out), before);

  r = cli_json_ok({"--json", "merge", out, s[1], s[0]});
  EXPECT_EQ(r["added"], json({1}));
  EXPECT_EQ(r["complete"], true);
  expect_same_run(load_only_run(dir / "whole.cartograph"), load_only_run(out), "completed partial merge");
  // A merge of merges is the same run too.
  const std::string again = (dir / "again.cartograph").string();
  cli_json_ok({"--json", "merge", again, out, s[1]});
  expect_same_run(load_only_run(dir / "whole.cartograph"), load_only_run(again), "merge of a merge");
}

TEST(ShardMergeGolden, MismatchedShardsAreRefusedNamingTheShardAndTheDifference) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  const fs::path good0 = dir / "good0.cartograph", good1 = dir / "good1.cartograph";
  cli_json_ok(testsupport::shard_compare_args(f, good0, "0/2"));
  cli_json_ok(testsupport::shard_compare_args(f, good1, "1/2"));
  const fs::path out = dir / "merged.cartograph";
  cli_json_ok({"--json", "merge", out.string(), good0.string()});  // a partial merge that must stay as it is
  const std::string before = testsupport::read_file(out);

  struct Case {
    std::string name;
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases{
      {"checkpoint", testsupport::shard_compare_args(f, dir / "ckpt.cartograph", "1/2", f.other_tuned), "weights sha256"},
      {"territory", testsupport::shard_compare_args(f, dir / "terr.cartograph", "1/2", {}, f.other_corpus), "territory sha256"},
      {"settings", testsupport::shard_compare_args(f, dir / "sett.cartograph", "1/2", {}, {}, "5"), "--top-k 5"},
      {"shard count", testsupport::shard_compare_args(f, dir / "count.cartograph", "1/3"), "3 shards"},
  };
  for (const Case& c : cases) {
    cli_json_ok(c.args);
    const std::string bad = c.args.back() == "1/2" || c.args.back() == "1/3" ? c.args[c.args.size() - 3] : "";
    ASSERT_FALSE(bad.empty());
    const auto r = testsupport::run_cli({"merge", out.string(), bad});
    EXPECT_EQ(r.exit_code, 1) << c.name;
    EXPECT_NE(r.err.find(bad), std::string::npos) << c.name << ": names the shard: " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.name << ": names the difference: " << r.err;
    EXPECT_EQ(testsupport::read_file(out), before) << c.name << ": the output is untouched";
    // Between two shards given at once, likewise, and nothing is created.
    const fs::path fresh = dir / ("fresh_" + std::to_string(&c - cases.data()) + ".cartograph");
    const auto r2 = testsupport::run_cli({"merge", fresh.string(), good1.string(), bad});
    EXPECT_EQ(r2.exit_code, 1) << c.name;
    EXPECT_NE(r2.err.find(bad), std::string::npos) << c.name << ": " << r2.err;
    EXPECT_FALSE(fs::exists(fresh)) << c.name;
  }
  // An unsharded session is not a shard.
  cli_json_ok(testsupport::shard_compare_args(f, dir / "plain.cartograph", ""));
  const auto r = testsupport::run_cli({"merge", out.string(), (dir / "plain.cartograph").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no complete sharded run"), std::string::npos) << r.err;
  EXPECT_EQ(testsupport::read_file(out), before);
}

TEST(ShardMergeGolden, ShardOptionIsCheckedBeforeAnythingRuns) {
  for (const char* bad : {"3/3", "1", "-1/2", "a/b", "0/0"}) {
    const auto r = testsupport::run_cli({"compare", "--base", "x.bin", "--tuned", "y.bin", "--corpus", "c.txt",
                                         "--session", "s.cartograph", "--shard", bad});
    EXPECT_EQ(r.exit_code, 1) << bad;
    EXPECT_NE(r.err.find(std::string("--shard '") + bad + "'"), std::string::npos) << r.err;
  }
}

}  // namespace

// The lineage a shard session holds (a parent set there, schema 8) reaches the merged session: the
// tuned map's parent is the base there too, matched by weights, not by the shard's row ids.
TEST(ShardMergeGolden, AParentSetInAShardSessionIsCarriedIntoTheMerge) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  std::vector<std::string> s;
  for (int i = 0; i < 2; ++i) {
    s.push_back((dir / ("s" + std::to_string(i) + ".cartograph")).string());
    cli_json_ok(testsupport::shard_compare_args(f, s.back(), std::to_string(i) + "/2"));
  }
  std::string base_sha, tuned_sha;
  {
    auto session = core::store::SessionFile::open(s[1]);
    ASSERT_TRUE(session);
    const auto all = core::store::Catalog(*session).checkpoints().value();
    ASSERT_EQ(all.size(), 2u);
    core::store::SessionEdits edits;
    for (const auto& c : all)
      edits.checkpoints.push_back({c.id, c.name, c.path, c.format, c.sha256, c.role, c.notes,
                                   c.role == core::analysis::MapRole::Tuned ? all[0].id : 0});
    ASSERT_EQ(all[0].role, core::analysis::MapRole::Base);
    base_sha = all[0].sha256;
    tuned_sha = all[1].sha256;
    ASSERT_TRUE(core::store::save_edits(*session, edits));
  }
  const std::string out = (dir / "merged.cartograph").string();
  cli_json_ok({"--json", "merge", out, s[0], s[1]});
  auto merged = core::store::SessionFile::open(out, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(merged);
  std::int64_t base_id = 0, tuned_parent = -1;
  const auto checkpoints = core::store::Catalog(*merged).checkpoints().value();
  for (const auto& c : checkpoints) {
    if (c.sha256 == base_sha) {
      base_id = c.id;
      EXPECT_EQ(c.parent_id, 0);
    }
    if (c.sha256 == tuned_sha) tuned_parent = c.parent_id;
  }
  ASSERT_NE(base_id, 0);
  EXPECT_EQ(tuned_parent, base_id);
}
