#pragma once
// Compute threads: how many threads LibTorch's kernels and the BLAS use, and who may change it.
//
// The count is process state (LibTorch's default for new threads, OpenBLAS's one pool), so it is set
// once, at start-up, before any job runs: the CLI from --threads, the GUI with one per core. A run or
// the demo may ask for fewer threads, but only for the thread it runs on (ThreadLimit): another job on
// another worker never sees its OpenMP count change under it. The one exception is a run of small maps,
// which holds the BLAS pool at one thread while it computes (SerialBlas). See docs/ARCHITECTURE.md,
// "Threads".

#include <string>
#include <string_view>

namespace core {

// Two thread pools share the cores, LibTorch's OpenMP threads and OpenBLAS's own, and each spins when
// idle by default, taking the cores from the other: libgomp's workers after each parallel region
// (measured on 2 cores, a compare ran 2-5x slower that way), OpenBLAS's workers calling sched_yield
// between matrix products while LibTorch's element-wise kernels run (GPT-2-124M `score` about 7 %
// slower). A short spin before sleeping (GOMP_SPINCOUNT=4000) keeps libgomp's workers awake across a
// small model's back-to-back parallel regions, which otherwise each paid a wake-up (stories260K
// `score` 13-20 % faster), and is over before a matrix product would miss its core. Both libraries
// read their setting once, when they are loaded, before main. The CLI's
// executable sets them before it loads LibTorch at all (app/cli/launcher.cpp); the GUI and the test
// programs call this first thing in main (the test programs from a static initializer), and it runs
// the program again (same pid, same arguments, read from /proc/self/cmdline) with the settings of
// core/quiet_pools.h, each unless the user set it, and with OPENBLAS_CORETYPE where OpenBLAS chose
// kernels narrower than the CPU (core/blas_kernels.h; docs/ARCHITECTURE.md, "Threads"). Returns only
// when nothing was re-executed (all were already settled, or exec failed: then it runs as it is).
void run_with_quiet_thread_pools();

// Whether `entry` ("NAME=value", as in environ) sets one of the variables run_with_quiet_thread_pools
// sets: a child process that should run with its libraries' own defaults is started without them.
bool is_thread_pool_setting(std::string_view entry);

// OMP_WAIT_POLICY as this process runs with it, empty when unset.
std::string omp_wait_policy();

// GOMP_SPINCOUNT as this process runs with it, empty when unset.
std::string omp_spin_count();

// OPENBLAS_THREAD_TIMEOUT as this process runs with it, empty when unset.
std::string blas_thread_timeout();

// Sets LibTorch's intra-op count (the default every thread starts with) and OpenBLAS's pool size
// (0 = one per core). Call once per process, from main, before any worker starts: changing it while a
// job computes races with that job's BLAS calls.
void configure_threads(int threads);

// Limits the OpenMP parallel regions that the calling thread starts (every at::parallel_for kernel:
// token metrics, attention, element-wise ops) to `threads` until destroyed; 0 leaves them as they are.
// Only the calling thread's OpenMP setting changes (an OpenMP ICV is per thread); LibTorch's process
// default, the BLAS pool and other threads are untouched, so BLAS matmuls keep the process's count.
// Create and destroy it on the same thread.
class ThreadLimit {
 public:
  explicit ThreadLimit(int threads);
  ~ThreadLimit();
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;

 private:
  int previous_ = 0;  // the calling thread's count before; 0 = nothing to restore
};

// While alive, the BLAS computes each product on the thread that asks for it (OpenBLAS's pool at one
// thread), so that several threads can each run small products at once instead of queueing for the
// pool: a run of small maps computes batches side by side this way (core/analysis/engine_run.cpp).
// Process-wide and counted: the pool's size comes back when the last one ends, and not before every
// BlasPin has ended. Refused (granted() false, nothing changed) while a BlasPin is held or when the
// BLAS is not OpenBLAS. Another job's products meanwhile also run on one thread: slower, and their
// last bits may differ (see blas_threads).
class SerialBlas {
 public:
  SerialBlas();
  ~SerialBlas();
  SerialBlas(const SerialBlas&) = delete;
  SerialBlas& operator=(const SerialBlas&) = delete;
  bool granted() const { return granted_; }

 private:
  bool granted_ = false;
};

// While alive, the BLAS pool's size stays as it is (a SerialBlas is refused; one that ends leaves the
// restoring to the last pin): for work whose bits are keyed on the size it read (the demo's training).
class BlasPin {
 public:
  BlasPin();
  ~BlasPin();
  BlasPin(const BlasPin&) = delete;
  BlasPin& operator=(const BlasPin&) = delete;
};

// The BLAS pool's size (set by configure_threads), or 0 when the BLAS does not say (not OpenBLAS).
// A product's last bits depend on it (OpenBLAS 0.3.21 measured: every float32 product of 64..4096
// rows differed between 1 and 4 threads), so results that must be reproducible record it.
int blas_threads();

}  // namespace core
