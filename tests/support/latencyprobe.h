#pragma once
// testsupport::LatencyProbe: measures how long the GUI event loop goes without running a timer, i.e. the
// longest stall a user would feel. A precise timer ticks every `interval` ms; the probe records the
// largest gap between consecutive ticks. Used to assert the UI never stalls (> 100 ms) during real
// work. GUI thread only (it measures the thread it lives in).
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace testsupport {

class LatencyProbe : public QObject {
  Q_OBJECT
 public:
  explicit LatencyProbe(int intervalMs = 5, QObject* parent = nullptr);

  void start();  // also resets
  void stop();
  void reset();
  bool isRunning() const { return timer_.isActive(); }
  // The largest time between two ticks (ms); about `interval` when the loop never stalled.
  double maxGapMs() const { return maxGapNs_ / 1e6; }
  int ticks() const { return ticks_; }

 private:
  void tick();
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = 0;
  qint64 maxGapNs_ = 0;
  int ticks_ = 0;
};

}  // namespace testsupport
