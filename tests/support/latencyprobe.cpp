#include "tests/support/latencyprobe.h"

namespace testsupport {

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
  maxGapNs_ = 0;
  ticks_ = 0;
}

void LatencyProbe::tick() {
  const qint64 now = clock_.nsecsElapsed();
  maxGapNs_ = std::max(maxGapNs_, now - last_);
  last_ = now;
  ++ticks_;
}

}  // namespace testsupport
