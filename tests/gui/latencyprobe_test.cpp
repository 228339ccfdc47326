// The event-loop latency probe: quiet while workers are busy, loud when the GUI thread blocks.
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <cmath>
#include <QTest>
#include <atomic>

#include "widgets/shell/jobsmodel.h"
#include "tests/support/latencyprobe.h"

namespace {

// Burns CPU on a worker, reporting progress the way the engine does, for `ms` milliseconds.
core::Result<int> spin(core::Job& job, int ms) {
  QElapsedTimer t;
  t.start();
  job.begin("spinning", ms);
  volatile double x = 0;
  while (t.elapsed() < ms) {
    for (int i = 0; i < 20000; ++i) x = x + std::sqrt(double(i));
    if (!job.advance(0)) return core::fail(core::ErrorCode::Cancelled, "cancelled");
  }
  return 1;
}

}  // namespace

TEST(LatencyProbe, StaysQuietWhileWorkersComputeAndReportProgress) {
  widgets::JobsModel jobs;
  QObject context;
  std::atomic<int> done{0};
  testsupport::LatencyProbe probe(5);
  probe.start();
  for (int i = 0; i < 2; ++i)
    jobs.start<int>(QStringLiteral("load %1").arg(i), [](core::Job& job) { return spin(job, 400); }, &context,
                    [&](core::Result<int>) { ++done; });
  ASSERT_TRUE(QTest::qWaitFor([&] { return done == 2; }, 10000));
  probe.stop();
  EXPECT_GT(probe.ticks(), 20);
  EXPECT_LT(probe.maxGapMs(), 100.0) << "the GUI thread stalled while workers ran";
  std::cout << "[ measured ] max event-loop gap under two busy workers: " << probe.maxGapMs() << " ms over "
            << probe.ticks() << " ticks\n";
}

TEST(LatencyProbe, CatchesAStallOfTheGuiThread) {
  testsupport::LatencyProbe probe(5);
  probe.start();
  QTest::qWait(30);
  QThread::msleep(180);  // what a synchronous SQL query or forward pass on the GUI thread would do
  QTest::qWait(30);
  probe.stop();
  EXPECT_GE(probe.maxGapMs(), 170.0);
  EXPECT_LT(probe.maxGapMs(), 1000.0);
}
