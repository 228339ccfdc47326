#pragma once
// core::bench::measure_matmul_peak: this machine's float32 matrix-multiply rate through LibTorch
// (at::mm, which runs the BLAS LibTorch was built with), with the threads currently configured.
// The reference against which the benchmark states how close scoring comes to the machine.
// Not thread-safe with other compute: it is meant to own the CPU while it runs.
#include <cstdint>
#include <vector>

namespace core::bench {

struct MatmulSize {
  std::int64_t n = 0;   // square n x n by n x n
  double seconds = 0;   // fastest repeat
  double gflops = 0;    // 2 n^3 / seconds / 1e9
  double cpu_seconds = 0;  // process CPU time of the fastest repeat, every thread
  double cpu_gflops = 0;   // 2 n^3 / cpu_seconds / 1e9: the rate per core-second actually used
};

struct MatmulPeak {
  std::vector<MatmulSize> sizes;
  double gflops = 0;    // the best of every size and repeat
  double cpu_gflops = 0;  // the best rate per CPU-second (robust to other processes taking cores)
  std::int64_t best_n = 0;
};

// Multiplies random square matrices of each size, `repeats` times each after one warm-up, and keeps
// the fastest repeat of each size. On a shared machine the best repeat is the closest to the
// machine's capability.
MatmulPeak measure_matmul_peak(const std::vector<std::int64_t>& sizes, int repeats);

}  // namespace core::bench
