// What a shard session holds decides what `merge` folds (core/store/merge.h): a session with a sharded
// run and a sharded token shift folds both, one kind beside the other is refused by name; and zoom runs
// made with another --batch (other batch groups, so other last bits) are refused naming the shard and
// "--batch". Through the real CLI on tiny random maps (tests/unit/tiny_shard_fixture.h).
#include <gtest/gtest.h>

#include "core/store/run_reader.h"
#include "core/store/session_file.h"
#include "core/store/token_shifts.h"
#include "core/store/zoom_store.h"
#include "tests/unit/tiny_shard_fixture.h"

namespace {

using namespace tinyshard;

std::vector<core::store::ZoomListing> zooms_of(const fs::path& path) {
  auto session = core::store::SessionFile::open(path, core::store::OpenMode::ReadOnly);
  EXPECT_TRUE(session) << session.error().what();
  if (!session) return {};
  auto listed = core::store::ZoomStore(*session).list();
  EXPECT_TRUE(listed) << listed.error().what();
  return listed ? *listed : std::vector<core::store::ZoomListing>{};
}

TEST(MergeKinds, ASessionHoldingAShardedRunAndAShardedShiftFoldsBoth) {
  testsupport::TempDir dir;
  const auto f = make(dir);
  std::vector<std::string> shards;
  for (int i = 0; i < 2; ++i) {
    const fs::path s = dir / ("both" + std::to_string(i) + ".cartograph");
    run_ok(compare_args(f, s, std::to_string(i) + "/2"));
    run_ok(shift_args(f, s, std::to_string(i) + "/2"));
    shards.push_back(s.string());
  }
  const fs::path out = dir / "merged.cartograph";
  const json r = run_ok({"--json", "merge", out.string(), shards[1], shards[0]});
  EXPECT_EQ(r["complete"], true);
  EXPECT_GT(r["run_id"].get<std::int64_t>(), 0);
  EXPECT_EQ(r["documents"], 9);
  EXPECT_EQ(r["shift"]["complete"], true);
  EXPECT_EQ(r["shift"]["prompts"], 10);
  auto session = core::store::SessionFile::open(out, core::store::OpenMode::ReadOnly);
  ASSERT_TRUE(session);
  auto runs = core::store::RunReader(*session).list_runs();
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().shards_present, (std::vector<std::int64_t>{0, 1}));
  auto shifts = core::store::token_shifts(*session);
  ASSERT_TRUE(shifts);
  ASSERT_EQ(shifts->size(), 1u);
  EXPECT_EQ(shifts->front().maps[0].prompts.size(), 10u);

  // A shard that holds the run but not the shift cannot complete both: refused by name.
  const fs::path run_only = dir / "run_only.cartograph";
  run_ok(compare_args(f, run_only, "1/2"));
  const auto refused = testsupport::run_cli({"merge", (dir / "x.cartograph").string(), shards[0], run_only.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(run_only.string()), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("holds a sharded run and no sharded token shift where the first shard holds a sharded "
                             "run and a sharded token shift"),
            std::string::npos)
      << refused.err;
  EXPECT_FALSE(fs::exists(dir / "x.cartograph"));
  // A session with neither is refused saying what merge looks for.
  run_ok(shift_args(f, dir / "plain.cartograph", ""));
  const auto nothing = testsupport::run_cli({"merge", (dir / "y.cartograph").string(), (dir / "plain.cartograph").string()});
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_NE(nothing.err.find("no sharded token shift (`shift --shard I/N`)"), std::string::npos) << nothing.err;
}

TEST(MergeKinds, ZoomRunsRecordTheirBatchAndShardsZoomedWithAnotherBatchAreRefused) {
  testsupport::TempDir dir;
  const auto f = make(dir);
  const fs::path a = dir / "a.cartograph", b = dir / "b.cartograph";
  const json za = run_ok(zoom_args(f, a, "0/2", "1"));
  EXPECT_EQ(za["batch"], 1) << "the zoom's settings list its batch";
  // Shard 1 has its unprompted run made with --batch 1, as shard 0's; its zoom reuses that run but
  // batches with 2: the runs agree, the zoom runs do not.
  run_ok(compare_args(f, b, "1/2", "1"));
  const json zb = run_ok(zoom_args(f, b, "1/2", "2"));
  EXPECT_EQ(zb["reused_run"], true);
  EXPECT_EQ(zb["batch"], 2);
  ASSERT_EQ(zooms_of(a).size(), 1u);
  EXPECT_EQ(zooms_of(a)[0].batch, 1);
  ASSERT_EQ(zooms_of(b).size(), 1u);
  EXPECT_EQ(zooms_of(b)[0].batch, 2);
  const fs::path out = dir / "merged.cartograph";
  const auto r = testsupport::run_cli({"merge", out.string(), a.string(), b.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(b.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("made with --batch 2 where the first shard has --batch 1"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  // Zoomed with the same batch they fold, and the merged zoom run keeps it.
  const fs::path c = dir / "c.cartograph";
  run_ok(zoom_args(f, c, "1/2", "1"));
  EXPECT_EQ(run_ok({"--json", "merge", out.string(), a.string(), c.string()})["complete"], true);
  ASSERT_EQ(zooms_of(out).size(), 1u);
  EXPECT_EQ(zooms_of(out)[0].batch, 1);
}

}  // namespace
