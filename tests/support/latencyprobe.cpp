#include "tests/support/latencyprobe.h"

#include <cstdio>

namespace testsupport {

qint64 runQueueWaitNs() {
  std::FILE* f = std::fopen("/proc/thread-self/schedstat", "r");
  if (!f) return -1;
  unsigned long long running = 0, waiting = 0;
  const int read = std::fscanf(f, "%llu %llu", &running, &waiting);
  std::fclose(f);
  return read == 2 ? qint64(waiting) : -1;
}

LatencyProbe::LatencyProbe(int intervalMs, QObject* parent) : QObject(parent) {
  timer_.setTimerType(Qt::PreciseTimer);
  timer_.setInterval(intervalMs);
  connect(&timer_, &QTimer::timeout, this, &LatencyProbe::tick);
}

void LatencyProbe::start() {
  reset();
  timer_.start();
}

void LatencyProbe::stop() {
  tick();  // a stall right before stopping still counts
  timer_.stop();
}

void LatencyProbe::reset() {
  clock_.start();
  last_ = 0;
  lastWait_ = runQueueWaitNs();
  waitReadable_ = lastWait_ >= 0;
  maxGapNs_ = maxWallGapNs_ = 0;
  ticks_ = 0;
}

void LatencyProbe::tick() {
  const qint64 now = clock_.nsecsElapsed();
  const qint64 wall = now - last_;
  qint64 waited = 0;
  if (waitReadable_) {
    const qint64 wait = runQueueWaitNs();
    waited = std::max<qint64>(0, wait - lastWait_);
    lastWait_ = wait;
  }
  maxWallGapNs_ = std::max(maxWallGapNs_, wall);
  maxGapNs_ = std::max(maxGapNs_, std::max<qint64>(0, wall - waited));
  last_ = now;
  ++ticks_;
}

}  // namespace testsupport
