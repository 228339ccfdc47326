#pragma once
// What Cartograph runs on: recorded with every run and shown by `--version` and the About dialog.
#include <string>

namespace core {

struct Versions {
  std::string cartograph;  // this build, e.g. "0.1.0"
  std::string libtorch;    // LibTorch headers this build was compiled against
  std::string blas;        // the BLAS actually loaded at run time (OpenBLAS config or library path)
  std::string sqlite;      // the SQLite library loaded at run time
  std::string compiler;    // the compiler that built core
  int threads = 0;         // intra-op threads LibTorch uses on the calling thread
  std::string omp_wait_policy;  // OMP_WAIT_POLICY the process runs with (PASSIVE, see core/threads.h)
  std::string omp_spin_count;   // GOMP_SPINCOUNT the process runs with (4000, see core/quiet_pools.h)
  std::string blas_thread_timeout;  // OPENBLAS_THREAD_TIMEOUT the process runs with (4, see core/threads.h)
};

// Queries the loaded libraries; cheap, callable from any thread.
Versions versions();

// "key: value" lines, one per component (the GUI appends its Qt line).
std::string format_versions(const Versions& v);

// Keeps freed tensor memory in the heap instead of returning it to the kernel: glibc otherwise maps
// and unmaps every large tensor, and the page faults and zeroing cost about half of a small model's
// scoring time (measured: 8.6 s -> 4.0 s on a 3k-token compare). Call once, first thing in main().
void tune_allocator();

}  // namespace core
