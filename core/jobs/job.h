#pragma once
// core::Job: the one progress + cancellation mechanism every long core operation uses.
//
// A long operation takes `core::Job&`, declares its stages with `begin()`, reports with `advance()`
// and stops early (returning ErrorCode::Cancelled) once `advance()` or `cancelled()` says so.
// The progress callback runs on the worker's thread, throttled (default 20 Hz) so a GUI can forward
// every call across threads; it returns false to request cancellation.
//
// Thread-safety: `cancel()` and `cancelled()` may be called from any thread (the GUI's cancel button);
// everything else belongs to the thread running the operation.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace core {

// Seconds of steady-clock time since `start`: the one way core code times its stages.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Progress {
  std::string stage;          // what is being done, e.g. "scoring base"
  std::int64_t done = 0;      // units finished in this stage
  std::int64_t total = 0;     // units in this stage (0 = unknown)
  double elapsed_s = 0;       // since the stage began
  double eta_s = -1;          // estimated seconds left in the stage, -1 when unknown
  double fraction() const { return total > 0 ? double(done) / double(total) : 0.0; }
};

using ProgressCallback = std::function<bool(const Progress&)>;

// Shared cancellation flag: the GUI keeps one end, the worker's Job the other.
class CancelToken {
 public:
  CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  void cancel() const { flag_->store(true, std::memory_order_relaxed); }
  bool cancelled() const { return flag_->load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

class Job {
 public:
  explicit Job(ProgressCallback callback = {}, CancelToken token = {},
               std::chrono::milliseconds min_interval = std::chrono::milliseconds(50));

  // Starts a stage of `total` units (0 = unknown); always reported, not throttled.
  void begin(std::string stage, std::int64_t total);
  // Marks `n` more units done. Returns false when the job should stop.
  bool advance(std::int64_t n = 1);
  // Reports the current state now (end of a stage), ignoring the throttle.
  bool flush();

  void cancel() const { token_.cancel(); }
  bool cancelled() const { return token_.cancelled(); }
  const CancelToken& token() const { return token_; }
  const Progress& progress() const { return progress_; }

  // A job that reports nothing and is never cancelled, for callers that do not care.
  static Job& silent();

 private:
  bool emit();

  ProgressCallback callback_;
  CancelToken token_;
  std::chrono::milliseconds min_interval_;
  Progress progress_;
  std::chrono::steady_clock::time_point stage_start_{};
  std::chrono::steady_clock::time_point last_emit_{};
};

}  // namespace core
