// The sharded run on a real Slurm cluster (docs/ARCHITECTURE.md, "Sharded runs"): a single-node
// cluster started here from Debian's slurm-wlm and munge, packaging/slurm/submit.sh submitting N
// shards as `sbatch --array` and the merge as an afterok dependent job, exactly as the README tells a
// user; the merged session must equal one unsharded run (per-token metrics bit for bit). Skipped, with
// the reason, where the machine cannot start the daemons. Label `cluster`.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "tests/cluster/slurm_cluster.h"
#include "tests/support/shard_fixture.h"

namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) { return "'" + s + "'"; }

TEST(SlurmArray, ShardsSubmittedAsAJobArrayAndMergedByADependentJobEqualOneRun) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const auto t0 = std::chrono::steady_clock::now();
  testsupport::TempDir dir;
  testcluster::SlurmCluster cluster(dir / "slurm");
  if (const std::string why = cluster.start(); !why.empty())
    GTEST_SKIP() << "no Slurm cluster on this machine: " << why;
  std::cerr << "slurm cluster up in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s\n";

  const auto f = testsupport::make_shard_fixture(data, dir);
  const auto whole_args = testsupport::shard_compare_args(f, dir / "whole.cartograph", "");
  const auto whole_run = testsupport::run_cli(whole_args);
  ASSERT_EQ(whole_run.exit_code, 0) << whole_run.err;

  // The compare options a user gives (those of shard_compare_args without --json, --session, --shard).
  auto args = testsupport::shard_compare_args(f, dir / "unused", "");
  std::string compare;
  for (std::size_t i = 4; i + 2 < args.size(); ++i) compare += " " + shell_quote(args[i]);
  const fs::path out = dir / "out";
  const int n = 3;
  std::string submitted;
  const int rc = cluster.shell("CARTOGRAPH_CLI=" + shell_quote(CARTOGRAPH_CLI) + " " +
                                   shell_quote(std::string(CARTOGRAPH_SOURCE_DIR) + "/packaging/slurm/submit.sh") +
                                   // One CPU per task: the array script gives cartograph-cli --threads from
                                   // it, and the unsharded run above used one thread (the BLAS pool's size
                                   // changes a product's last bits, docs/ARCHITECTURE.md "Threads").
                                   " --sbatch --cpus-per-task=1 " +
                                   std::to_string(n) + " " + shell_quote(out.string()) + compare,
                               &submitted);
  ASSERT_EQ(rc, 0) << submitted << cluster.logs();
  std::cerr << submitted;
  ASSERT_TRUE(cluster.wait_idle(90)) << "jobs still queued after 90 s\n" << cluster.logs();

  ASSERT_TRUE(fs::exists(out / "merged.cartograph"))
      << "merge.log: " << testsupport::read_file(out / "merge.log") << "\nshard-0.log: "
      << testsupport::read_file(out / "shard-0.log") << cluster.logs();
  for (int i = 0; i < n; ++i) EXPECT_TRUE(fs::exists(out / ("shard-" + std::to_string(i) + "-of-3.cartograph")));
  const auto merged = testsupport::load_only_run(out / "merged.cartograph");
  EXPECT_EQ(merged.shard_count, n);
  EXPECT_EQ(merged.shards_present, (std::vector<std::int64_t>{0, 1, 2}));
  testsupport::expect_same_run(testsupport::load_only_run(dir / "whole.cartograph"), merged, "slurm array of 3");
  std::cerr << "merged: " << testsupport::read_file(out / "merge.log") << "whole test "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s\n";
}

}  // namespace
