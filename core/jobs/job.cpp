#include "core/jobs/job.h"

namespace core {

Job::Job(ProgressCallback callback, CancelToken token, std::chrono::milliseconds min_interval)
    : callback_(std::move(callback)), token_(std::move(token)), min_interval_(min_interval) {}

void Job::begin(std::string stage, std::int64_t total) {
  progress_ = Progress{};
  progress_.stage = std::move(stage);
  progress_.total = total;
  stage_start_ = std::chrono::steady_clock::now();
  emit();
}

bool Job::advance(std::int64_t n) {
  progress_.done += n;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_emit_ >= min_interval_ || (progress_.total > 0 && progress_.done >= progress_.total))
    return emit();
  return !cancelled();
}

bool Job::flush() { return emit(); }

bool Job::emit() {
  const auto now = std::chrono::steady_clock::now();
  last_emit_ = now;
  progress_.elapsed_s = std::chrono::duration<double>(now - stage_start_).count();
  progress_.eta_s = -1;
  if (progress_.total > 0 && progress_.done > 0 && progress_.elapsed_s > 0) {
    const double rate = double(progress_.done) / progress_.elapsed_s;
    progress_.eta_s = double(progress_.total - progress_.done) / rate;
  }
  if (callback_ && !callback_(progress_)) token_.cancel();
  return !cancelled();
}

Job& Job::silent() {
  thread_local Job job;
  return job;
}

}  // namespace core
