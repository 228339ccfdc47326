#pragma once
// core::bench machine facts: what the benchmark reports next to its timings so a reader can judge
// them (cores, load average, BLAS, thread settings) and the process's own memory and age.
// Plain functions reading /proc; safe from any thread (reset_peak_rss affects the whole process).
#include <cstdint>
#include <string>

namespace core::bench {

struct MachineInfo {
  std::string cpu;          // model name from /proc/cpuinfo
  int cores = 0;            // online logical CPUs
  int threads = 0;          // LibTorch intra-op threads in use
  double load[3] = {0, 0, 0};  // 1, 5 and 15 minute load averages
  std::string blas;         // the BLAS loaded at run time
  std::string libtorch;     // LibTorch version
  std::string simd;         // widest vector width the Cartograph kernels use ("avx512", "avx2", "baseline")
  std::string omp_wait_policy;   // OMP_WAIT_POLICY as set in the environment, empty when unset
  std::string omp_spin_count;    // GOMP_SPINCOUNT as set in the environment, empty when unset
  std::string blas_thread_timeout;  // OPENBLAS_THREAD_TIMEOUT as set in the environment, empty when unset
  std::string openblas_coretype; // OPENBLAS_CORETYPE as set in the environment, empty when unset
  bool cuda = false;        // whether this LibTorch was built with CUDA and sees a device
};
MachineInfo machine_info();

// The 1, 5 and 15 minute load averages, now.
void load_average(double out[3]);

// Seconds since this process was started (exec), from /proc/self/stat: for the CLI, its startup cost.
double process_age_seconds();

// Peak resident set size (VmHWM) in bytes, and the current one (VmRSS); 0 when unreadable.
std::int64_t peak_rss_bytes();
std::int64_t current_rss_bytes();
// Resets the peak to the current RSS (Linux clear_refs "5"); false when the kernel refuses.
bool reset_peak_rss();

// A monotonic wall clock and the CPU time of the whole process (every thread), in seconds.
double wall_seconds();
double process_cpu_seconds();

}  // namespace core::bench
