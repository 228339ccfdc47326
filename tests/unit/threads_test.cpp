// Thread settings are process state set once at start-up; a run's own setting stays on its worker.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "core/analysis/engine.h"
#include "core/threads.h"
#include "tests/support/toy_models.h"

using namespace core::analysis;

namespace {

constexpr std::int64_t V = 259;

int threads_on_a_fresh_thread() {
  int n = 0;
  std::thread([&] { n = at::get_num_threads(); }).join();
  return n;
}

}  // namespace

// The Jobs dock runs two jobs at once: a run asking for one thread used to call at::set_num_threads
// and openblas_set_num_threads for the whole process, under the other job's feet.
TEST(Threads, ARunsThreadSettingLeavesTheOtherJobsAndTheProcessCountAlone) {
  core::configure_threads(3);
  const int blas_before = core::blas_threads();
  std::promise<void> inside;
  std::promise<void> checked;
  auto checked_future = checked.get_future().share();
  std::atomic<int> seen_in_run{0};
  std::atomic<bool> first{true};
  auto logits = [&](std::int64_t, std::int64_t) {
    seen_in_run = at::get_num_threads();
    if (first.exchange(false)) {
      inside.set_value();
      checked_future.wait_for(std::chrono::seconds(30));
    }
    return at::zeros({V});
  };
  RunSpec spec;
  spec.maps = {{testsupport::function_checkpoint(logits, V, 16, testsupport::byte_tokenizer(), "u"), "u"}};
  spec.territory.source = "memory";
  spec.territory.documents.push_back({"doc", "a run with a thread setting of its own", {}});
  spec.territory.content_hash = "h";
  spec.settings.threads = 1;
  auto plan = plan_run(spec);
  ASSERT_TRUE(plan) << plan.error().what();

  int worker_after = 0;
  bool ok = false;
  std::thread job([&] {
    ok = bool(run(spec, *plan, core::Job::silent()));
    worker_after = at::get_num_threads();
  });
  ASSERT_EQ(inside.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  // While the run computes with one thread, everyone else keeps the process's three.
  EXPECT_EQ(at::get_num_threads(), 3) << "the main thread";
  EXPECT_EQ(threads_on_a_fresh_thread(), 3) << "a second job starting now";
  EXPECT_EQ(core::blas_threads(), blas_before) << "the BLAS pool is process-wide";
  checked.set_value();
  job.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(seen_in_run.load(), 1) << "the run's own kernels use its setting";
  EXPECT_EQ(worker_after, 3) << "the worker is given back as it was";
  EXPECT_EQ(at::get_num_threads(), 3);
}

TEST(Threads, ALimitIsRestoredAndZeroChangesNothing) {
  core::configure_threads(2);
  {
    const core::ThreadLimit none(0);
    EXPECT_EQ(at::get_num_threads(), 2);
    const core::ThreadLimit one(1);
    EXPECT_EQ(at::get_num_threads(), 1);
    EXPECT_EQ(threads_on_a_fresh_thread(), 2);
  }
  EXPECT_EQ(at::get_num_threads(), 2);
}

// The bench starts llama.cpp without what run_with_quiet_thread_pools set (llama_perplexity.cpp): the
// entries of exactly those three variables are recognised, not others that share a prefix.
TEST(Threads, TheQuietPoolsSettingsAreRecognisedByName) {
  EXPECT_TRUE(core::is_thread_pool_setting("GOMP_SPINCOUNT=4000"));
  EXPECT_TRUE(core::is_thread_pool_setting("OMP_WAIT_POLICY=PASSIVE"));
  EXPECT_TRUE(core::is_thread_pool_setting("OPENBLAS_THREAD_TIMEOUT=4"));
  EXPECT_FALSE(core::is_thread_pool_setting("OMP_WAIT_POLICY_X=1"));
  EXPECT_FALSE(core::is_thread_pool_setting("OMP_WAIT_POLICY"));
  EXPECT_FALSE(core::is_thread_pool_setting("OMP_NUM_THREADS=2"));
  EXPECT_FALSE(core::is_thread_pool_setting("PATH=/usr/bin"));
}

// A run of small maps computes batches side by side with the BLAS pool at one thread (SerialBlas);
// two such runs at once, and the demo's training (BlasPin), must find the pool as they expect.
TEST(Threads, SerialBlasHoldsThePoolAtOneThreadUntilTheLastHolderEnds) {
  core::configure_threads(3);
  ASSERT_EQ(core::blas_threads(), 3) << "OpenBLAS, as packaging/install-deps.sh installs it";
  {
    core::SerialBlas first;
    EXPECT_TRUE(first.granted());
    EXPECT_EQ(core::blas_threads(), 1);
    {
      core::SerialBlas second;  // a second run side by side, on another worker
      EXPECT_TRUE(second.granted());
      EXPECT_EQ(core::blas_threads(), 1);
    }
    EXPECT_EQ(core::blas_threads(), 1) << "the first run still computes";
  }
  EXPECT_EQ(core::blas_threads(), 3) << "the process's size comes back";

  {
    core::BlasPin pin;  // the demo trains with the size its cache key read
    core::SerialBlas refused;
    EXPECT_FALSE(refused.granted());
    EXPECT_EQ(core::blas_threads(), 3);
  }
  {
    auto serial = std::make_unique<core::SerialBlas>();
    core::BlasPin pin;  // taken while a run holds the pool at one thread: it reads 1 and keeps it
    serial.reset();
    EXPECT_EQ(core::blas_threads(), 1) << "restored only when the pin ends";
  }
  EXPECT_EQ(core::blas_threads(), 3);
}
