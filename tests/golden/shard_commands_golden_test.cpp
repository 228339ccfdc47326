// `--shard I/N` on `score` and `zoom` (docs/ARCHITECTURE.md, "Sharded runs"), on the real stories260K
// map and a perturbed copy through the real CLI: shards merged in several orders equal one unsharded
// run of the same command (per-token metrics and the zoom's per-position KL bit for bit, summaries and
// zoom rows to 1e-12). Also what merge refuses or keeps: zoom runs that not every shard has, shards
// made with another --threads, the merged run's id when a partial merge is completed, and a stop at
// every point of a merge (the cancel hook Ctrl-C uses) leaving the output as it was.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/store/merge.h"
#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "core/store/zoom_store.h"
#include "tests/support/shard_fixture.h"

namespace shard_commands {

namespace fs = std::filesystem;
using nlohmann::json;
using testsupport::expect_same_run;
using testsupport::load_only_run;

using testsupport::cli_json_ok;

std::vector<std::string> score_args(const testsupport::ShardFixture& f, const fs::path& session,
                                    const std::string& shard) {
  std::vector<std::string> a{"--json", "--threads", "1", "score", "--model", f.base.string(), "--tokenizer",
                             f.tokenizer.string(), "--corpus", f.corpus.string(), "--context", "64", "--batch", "2",
                             "--session", session.string()};
  if (!shard.empty()) a.insert(a.end(), {"--shard", shard});
  return a;
}

const std::vector<std::string> kPrompts{"Once upon a time, in a quiet village,", "The little girl said:"};

std::vector<std::string> zoom_args(const testsupport::ShardFixture& f, const fs::path& session, const std::string& shard,
                                   const std::vector<std::string>& prompts = kPrompts) {
  std::vector<std::string> a{"--json", "--threads", "1", "zoom", "--base", f.base.string(), "--tuned", f.tuned.string(),
                             "--tokenizer", f.tokenizer.string(), "--corpus", f.corpus.string(), "--context", "64",
                             "--batch", "2", "--session", session.string()};
  for (const std::string& p : prompts) a.insert(a.end(), {"--prompt", p});
  if (!shard.empty()) a.insert(a.end(), {"--shard", shard});
  return a;
}

// Shards I/N of one command, in files named after `stem`.
std::vector<std::string> make_shards(int n, const testsupport::TempDir& dir, const std::string& stem,
                                     const std::function<std::vector<std::string>(const fs::path&, const std::string&)>& args) {
  std::vector<std::string> out;
  std::int64_t documents = 0;
  for (int i = 0; i < n; ++i) {
    const fs::path s = dir / (stem + std::to_string(n) + "_" + std::to_string(i) + ".cartograph");
    const json j = cli_json_ok(args(s, std::to_string(i) + "/" + std::to_string(n)));
    EXPECT_EQ(j["shard"]["index"], i);
    EXPECT_EQ(j["shard"]["count"], n);
    documents += j["shard"]["documents"].get<std::int64_t>();
    out.push_back(s.string());
  }
  EXPECT_EQ(documents, 23) << "every document in exactly one of " << n << " shards";
  return out;
}

std::vector<std::vector<std::string>> orders_of(const std::vector<std::string>& shards) {
  std::vector<std::string> rotated = shards;
  std::rotate(rotated.begin(), rotated.begin() + std::ptrdiff_t(shards.size() / 2), rotated.end());
  return {shards, std::vector<std::string>(shards.rbegin(), shards.rend()), rotated};
}

// The session's zoom runs, whole.
std::vector<std::pair<core::store::ZoomListing, core::analysis::ZoomResult>> zooms_of(const fs::path& path) {
  std::vector<std::pair<core::store::ZoomListing, core::analysis::ZoomResult>> out;
  auto session = core::store::SessionFile::open(path, core::store::OpenMode::ReadOnly);
  EXPECT_TRUE(session) << session.error().what();
  if (!session) return out;
  core::store::ZoomStore store(*session);
  auto listed = store.list();
  EXPECT_TRUE(listed) << listed.error().what();
  for (const auto& l : *listed) {
    auto z = store.load(l.id);
    EXPECT_TRUE(z) << z.error().what();
    if (z) out.emplace_back(l, std::move(*z));
  }
  return out;
}

TEST(ShardCommandsGolden, ScoreShardsMergedInAnyOrderEqualOneUnshardedScore) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  const json whole_json = cli_json_ok(score_args(f, dir / "whole.cartograph", ""));
  const auto whole = load_only_run(dir / "whole.cartograph");
  ASSERT_EQ(whole.documents.size(), 23u);
  ASSERT_EQ(whole.maps.size(), 1u);
  for (int n : {1, 3, 7}) {
    const auto shards = make_shards(n, dir, "score", [&](const fs::path& s, const std::string& i) { return score_args(f, s, i); });
    const auto orders = orders_of(shards);
    for (std::size_t o = 0; o < orders.size(); ++o) {
      const fs::path merged = dir / ("m" + std::to_string(n) + "_" + std::to_string(o) + ".cartograph");
      std::vector<std::string> args{"--json", "merge", merged.string()};
      args.insert(args.end(), orders[o].begin(), orders[o].end());
      EXPECT_EQ(cli_json_ok(args)["complete"], true);
      const auto run = load_only_run(merged);
      expect_same_run(whole, run, "score, N = " + std::to_string(n) + ", order " + std::to_string(o));
      // score's own TOTAL line is the merged summary.
      EXPECT_NEAR(run.summaries[0].nll_mean, whole_json["summary"]["nll_mean"].get<double>(), 1e-12);
    }
  }
}

TEST(ShardCommandsGolden, ZoomShardsMergedEqualOneUnshardedZoomRun) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  const json whole_json = cli_json_ok(zoom_args(f, dir / "whole.cartograph", ""));
  const auto whole = load_only_run(dir / "whole.cartograph");
  const auto whole_zooms = zooms_of(dir / "whole.cartograph");
  ASSERT_EQ(whole_zooms.size(), 1u);
  const auto& [wl, wz] = whole_zooms[0];
  ASSERT_EQ(wl.rows.size(), 2u);  // two prompts x one tuned map
  for (int n : {1, 3, 7}) {
    const auto shards = make_shards(n, dir, "zoom", [&](const fs::path& s, const std::string& i) { return zoom_args(f, s, i); });
    const auto orders = orders_of(shards);
    for (std::size_t o = 0; o < orders.size(); ++o) {
      const std::string what = "zoom, N = " + std::to_string(n) + ", order " + std::to_string(o);
      const fs::path merged = dir / ("m" + std::to_string(n) + "_" + std::to_string(o) + ".cartograph");
      std::vector<std::string> args{"--json", "merge", merged.string()};
      args.insert(args.end(), orders[o].begin(), orders[o].end());
      EXPECT_EQ(cli_json_ok(args)["complete"], true) << what;
      expect_same_run(whole, load_only_run(merged), what);
      const auto zooms = zooms_of(merged);
      ASSERT_EQ(zooms.size(), 1u) << what;
      const auto& [ml, mz] = zooms[0];
      ASSERT_EQ(mz.prompts.size(), kPrompts.size());
      for (std::size_t p = 0; p < kPrompts.size(); ++p) EXPECT_EQ(mz.prompts[p].text, kPrompts[p]);
      EXPECT_EQ(mz.prefix_tokens, wz.prefix_tokens);
      ASSERT_EQ(mz.kl_tz.size(), wz.kl_tz.size());
      for (std::size_t p = 0; p < wz.kl_tz.size(); ++p)
        for (std::size_t t = 0; t < wz.kl_tz[p].size(); ++t)
          for (std::size_t d = 0; d < 23; ++d)
            ASSERT_EQ(mz.kl_tz[p][t][d], wz.kl_tz[p][t][d]) << what << ": prompt " << p << ", document " << d;
      ASSERT_EQ(ml.rows.size(), wl.rows.size());
      for (std::size_t r = 0; r < wl.rows.size(); ++r) {
        EXPECT_EQ(ml.rows[r].tokens, wl.rows[r].tokens) << what;
        EXPECT_NEAR(ml.rows[r].zoom_recovered, wl.rows[r].zoom_recovered, 1e-12) << what;
        EXPECT_NEAR(ml.rows[r].kp, wl.rows[r].kp, 1e-12 * std::max(1.0, wl.rows[r].kp)) << what;
        // and the CLI's own numbers for the unsharded zoom
        EXPECT_NEAR(ml.rows[r].zoom_recovered, whole_json["rows"][r]["zoom_recovered"].get<double>(), 1e-12) << what;
      }
    }
  }
  // A shard zoomed with other prompts is refused, naming it and the zoom run it lacks.
  const fs::path odd = dir / "odd.cartograph";
  cli_json_ok(zoom_args(f, odd, "1/3", {"The end."}));
  const auto r = testsupport::run_cli({"merge", (dir / "refused.cartograph").string(), (dir / "zoom3_0.cartograph").string(),
                                       odd.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(odd.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("zoom run of 1 prompt ('The end.')"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "refused.cartograph"));
}

TEST(ShardCommandsGolden, CompletingAPartialMergeKeepsItsRunIdAndItsZoomRuns) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  const auto shards = make_shards(3, dir, "zoom", [&](const fs::path& s, const std::string& i) { return zoom_args(f, s, i); });
  const std::string out = (dir / "merged.cartograph").string();
  const json partial = cli_json_ok({"--json", "merge", out, shards[0], shards[2]});
  EXPECT_EQ(partial["complete"], false);
  ASSERT_EQ(zooms_of(out).size(), 1u);
  const json done = cli_json_ok({"--json", "merge", out, shards[1]});
  EXPECT_EQ(done["complete"], true);
  EXPECT_EQ(done["run_id"], partial["run_id"]) << "the merged run keeps its id";
  const auto run = load_only_run(out);
  EXPECT_EQ(run.shards_present, (std::vector<std::int64_t>{0, 1, 2}));
  const auto zooms = zooms_of(out);
  ASSERT_EQ(zooms.size(), 1u) << "the zoom runs are folded again, not duplicated";
  EXPECT_EQ(zooms[0].first.run_id, partial["run_id"].get<std::int64_t>());
  // Every document's KL is there: the whole run's positions.
  std::int64_t positions = 0;
  for (const auto& d : run.documents) positions += std::int64_t(d.scored());
  EXPECT_EQ(zooms[0].first.rows[0].tokens, positions);
}

TEST(ShardCommandsGolden, ShardsMadeWithAnotherThreadCountAreRefused) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  const fs::path one = dir / "one.cartograph", two = dir / "two.cartograph";
  cli_json_ok(testsupport::shard_compare_args(f, one, "0/2"));
  auto args = testsupport::shard_compare_args(f, two, "1/2");
  *(std::find(args.begin(), args.end(), "--threads") + 1) = "2";
  cli_json_ok(args);
  const auto r = testsupport::run_cli({"merge", (dir / "out.cartograph").string(), one.string(), two.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(two.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ran with --threads 2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out.cartograph"));
}

TEST(ShardCommandsGolden, StoppingAMergeAtAnyPointLeavesTheOutputAsItWas) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto f = testsupport::make_shard_fixture(data, dir);
  std::vector<fs::path> s;
  for (int i = 0; i < 3; ++i) {
    s.push_back(dir / ("s" + std::to_string(i) + ".cartograph"));
    cli_json_ok(testsupport::shard_compare_args(f, s.back(), std::to_string(i) + "/3"));
  }
  const fs::path out = dir / "merged.cartograph";
  cli_json_ok({"--json", "merge", out.string(), s[0].string()});
  const std::string before = testsupport::read_file(out);
  const fs::path fresh = dir / "fresh.cartograph";
  // Stop at the k-th progress report (what the CLI's Ctrl-C does: its progress callback says stop),
  // for every k until the merge gets through.
  int stops = 0;
  bool fresh_done = false;
  for (int k = 1; k < 1000; ++k) {
    int calls = 0;
    core::Job job([&](const core::Progress&) { return ++calls < k; }, {}, std::chrono::milliseconds(0));
    auto into_partial = core::store::merge_shards(out, {s[1], s[2]}, job);
    if (into_partial) {
      EXPECT_EQ(into_partial->missing, std::vector<std::int64_t>{});
      break;
    }
    ++stops;
    EXPECT_EQ(into_partial.error().code, core::ErrorCode::Cancelled) << into_partial.error().what();
    ASSERT_EQ(testsupport::read_file(out), before) << "stopped at report " << k << ": the partial merge is untouched";
    calls = 0;
    core::Job job2([&](const core::Progress&) { return ++calls < k; }, {}, std::chrono::milliseconds(0));
    if (fresh_done) continue;
    auto into_fresh = core::store::merge_shards(fresh, {s[0], s[1], s[2]}, job2);
    fresh_done = bool(into_fresh);
    if (!into_fresh) { EXPECT_FALSE(fs::exists(fresh)) << "stopped at report " << k << ": nothing is left behind"; }
  }
  if (!fresh_done) { ASSERT_TRUE(core::store::merge_shards(fresh, {s[0], s[1], s[2]})); }
  EXPECT_GE(stops, 4) << "reading each shard and writing are all points a stop can come at";
  expect_same_run(load_only_run(dir / "merged.cartograph"), load_only_run(fresh), "merged after the stops");
}

}  // namespace shard_commands
