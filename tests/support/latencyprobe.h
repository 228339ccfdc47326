#pragma once
// testsupport::LatencyProbe: measures how long the event loop goes without running a timer, i.e. the
// longest stall a user would feel. A precise timer ticks every `interval` ms; the probe records the
// largest gap between consecutive ticks. Used to assert the UI never stalls (> 100 ms) during real
// work. It lives in, and measures, the thread that creates it (the GUI thread in the tests).
//
// On a loaded machine the kernel may leave the thread waiting for a core for a while; that is not a
// stall our code caused, and it made the 100 ms assertions flake with a dozen compilers running. Where
// Linux reports the thread's run-queue wait (/proc/thread-self/schedstat, second field), maxGapMs()
// subtracts the wait that fell inside each gap: what remains is time the thread ran or blocked (a
// synchronous query, a lock, a sleep), which is what the assertions are about. maxWallGapMs() keeps
// the raw figure.
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
  // The largest gap between two ticks (ms) less the run-queue wait inside it; about `interval` when
  // the loop never stalled.
  double maxGapMs() const { return maxGapNs_ / 1e6; }
  double maxWallGapMs() const { return maxWallGapNs_ / 1e6; }
  bool seesRunQueueWait() const { return waitReadable_; }
  int ticks() const { return ticks_; }

 private:
  void tick();
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = 0, lastWait_ = 0;
  qint64 maxGapNs_ = 0, maxWallGapNs_ = 0;
  bool waitReadable_ = false;
  int ticks_ = 0;
};

// Nanoseconds the calling thread has spent runnable but waiting for a core, or -1 where the kernel
// does not say.
qint64 runQueueWaitNs();

}  // namespace testsupport
