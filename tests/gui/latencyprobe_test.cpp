// The event-loop latency probe: quiet while workers are busy, loud when the GUI thread blocks.
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <cmath>
#include <QEventLoop>
#include <QTest>
#include <atomic>
#include <ctime>
#include <pthread.h>
#include <sched.h>
#include <thread>
#include <vector>

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

namespace {
double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
}  // namespace

TEST(LatencyProbe, CatchesTheGuiThreadComputingWhateverTheLoad) {
  testsupport::LatencyProbe probe(5);
  probe.start();
  QTest::qWait(30);
  const double start = threadCpuMs();
  volatile double x = 0;
  while (threadCpuMs() - start < 180)  // 180 ms of the GUI thread's own CPU: a forward pass done in place
    for (int i = 0; i < 2000; ++i) x = x + std::sqrt(double(i));
  QTest::qWait(30);
  probe.stop();
  EXPECT_GE(probe.maxGapMs(), 170.0);
}

// The kernel keeping the thread off the core is not a stall of ours. The probe's thread is made the
// least important one (SCHED_IDLE) and shares one core with three busy threads, so it waits for that
// core for long stretches while its own code does nothing: the wall gaps are long, the probe's figure
// stays small.
TEST(LatencyProbe, DoesNotCountTimeTheKernelKeptTheThreadWaitingForACore) {
  if (testsupport::runQueueWaitNs() < 0) GTEST_SKIP() << "this kernel does not report run-queue wait";
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  std::atomic<bool> stop{false};
  std::atomic<int> busy{0};
  double wallMs = 0, ownMs = 0;
  // The busy threads first, both on the core, so the probe waits from its first tick.
  std::vector<std::thread> hogs;
  for (int i = 0; i < 3; ++i)
    hogs.emplace_back([&] {
      pthread_setaffinity_np(pthread_self(), sizeof one, &one);
      ++busy;
      volatile double x = 0;
      while (!stop)
        for (int k = 0; k < 2000; ++k) x = x + std::sqrt(double(k));
    });
  while (busy < 3) std::this_thread::yield();
  std::thread prober([&] {
    pthread_setaffinity_np(pthread_self(), sizeof one, &one);
    sched_param none{};
    ASSERT_EQ(pthread_setschedparam(pthread_self(), SCHED_IDLE, &none), 0);
    QEventLoop loop;
    testsupport::LatencyProbe probe(5);
    probe.start();
    // How long the kernel keeps an idle-class thread waiting varies with the kernel and the load (84 ms
    // at most in one 1.2 s window on a CI run, 168 to 416 ms here), so the probe runs until it has
    // waited a long stretch, or 10 s.
    QElapsedTimer elapsed;
    elapsed.start();
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
      if (probe.maxWallGapMs() > 150.0 || elapsed.elapsed() > 10000) loop.quit();
    });
    check.start(100);
    loop.exec();
    probe.stop();
    wallMs = probe.maxWallGapMs();
    ownMs = probe.maxGapMs();
  });
  prober.join();
  stop = true;
  for (auto& h : hogs) h.join();
  std::cout << "[ measured ] SCHED_IDLE probe beside three busy threads: longest wall gap " << wallMs
            << " ms, less run-queue wait " << ownMs << " ms\n";
  // With the busy threads running first the probe waits long stretches (started after them, as this
  // test once did, it sometimes got the core early: 60 ms); its own figure stays under the 50 ms a
  // stall would cost.
  EXPECT_GT(wallMs, 100.0) << "the busy threads should have kept the probe off the core";
  EXPECT_LT(ownMs, 50.0);
}
