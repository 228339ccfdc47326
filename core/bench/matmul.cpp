#include "core/bench/matmul.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <limits>

#include "core/bench/machine.h"

namespace core::bench {

MatmulPeak measure_matmul_peak(const std::vector<std::int64_t>& sizes, int repeats) {
  c10::InferenceMode guard;
  MatmulPeak peak;
  at::manual_seed(7);
  for (const std::int64_t n : sizes) {
    if (n <= 0) continue;
    const at::Tensor a = at::randn({n, n}), b = at::randn({n, n});
    at::Tensor c = at::empty({n, n});
    at::mm_out(c, a, b);  // warm-up: BLAS threads, page faults of c
    double best = std::numeric_limits<double>::infinity(), best_cpu = 0;
    for (int r = 0; r < std::max(1, repeats); ++r) {
      const double c0 = process_cpu_seconds(), t0 = wall_seconds();
      at::mm_out(c, a, b);
      const double seconds = wall_seconds() - t0, cpu = process_cpu_seconds() - c0;
      if (seconds < best) best = seconds, best_cpu = cpu;
    }
    const double flops = 2.0 * double(n) * double(n) * double(n);
    MatmulSize s{n, best, flops / best / 1e9, best_cpu, best_cpu > 0 ? flops / best_cpu / 1e9 : 0};
    if (s.gflops > peak.gflops) peak.gflops = s.gflops, peak.best_n = n;
    peak.cpu_gflops = std::max(peak.cpu_gflops, s.cpu_gflops);
    peak.sizes.push_back(s);
  }
  return peak;
}

}  // namespace core::bench
