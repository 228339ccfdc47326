#include <gtest/gtest.h>

#include <thread>

#include "core/error.h"
#include "core/jobs/job.h"

using namespace std::chrono_literals;

TEST(Job, ProgressIsThrottledButStagesAndCompletionAlwaysReport) {
  std::vector<core::Progress> seen;
  core::Job job([&](const core::Progress& p) { seen.push_back(p); return true; }, {}, 1000ms);
  job.begin("scoring", 1000);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(job.advance());
  // begin, the first advance (the throttle starts at the epoch), and the final one.
  ASSERT_LE(seen.size(), 3u);
  EXPECT_EQ(seen.front().stage, "scoring");
  EXPECT_EQ(seen.back().done, 1000);
  EXPECT_DOUBLE_EQ(seen.back().fraction(), 1.0);
}

TEST(Job, CallbackReturningFalseCancelsTheJob) {
  core::Job job([](const core::Progress& p) { return p.done < 5; }, {}, 0ms);
  job.begin("work", 10);
  int steps = 0;
  while (job.advance()) ++steps;
  EXPECT_EQ(steps, 4);
  EXPECT_TRUE(job.cancelled());
}

TEST(Job, CancelFromAnotherThreadStopsTheWorker) {
  core::CancelToken token;
  core::Job job({}, token);
  job.begin("spin", 0);
  std::thread canceller([token] {
    std::this_thread::sleep_for(20ms);
    token.cancel();
  });
  long iterations = 0;
  while (job.advance()) ++iterations;
  canceller.join();
  EXPECT_TRUE(job.cancelled());
  EXPECT_GT(iterations, 0);
}

TEST(Job, EtaFollowsTheObservedRate) {
  core::Job job({}, {}, 0ms);
  job.begin("timed", 4);
  std::this_thread::sleep_for(50ms);
  job.advance(1);
  const double eta = job.progress().eta_s;
  // one unit took about 50 ms, three are left: about 150 ms.
  EXPECT_GT(eta, 0.10);
  EXPECT_LT(eta, 0.60);
}

TEST(Error, WhatNamesTheFileTheProblemAndTheDetail) {
  const core::Error e{core::ErrorCode::InvalidInput, "header length 99999999 exceeds the file", "/x/model.safetensors",
                      "file is 1024 bytes"};
  EXPECT_EQ(e.what(), "/x/model.safetensors: header length 99999999 exceeds the file (file is 1024 bytes)");
  core::Result<int> r = core::fail(core::ErrorCode::NotFound, "missing tensor lm_head.weight", "m.safetensors");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::NotFound);
}
