#include "core/threads.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <omp.h>

#include <algorithm>
#include <thread>

namespace core {

void configure_threads(int threads) {
  if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  // LibTorch here uses OpenBLAS, whose pool at::set_num_threads does not size. Looked up at run time:
  // Debian chooses the BLAS through alternatives, after Cartograph was built.
  using SetFn = void (*)(int);
  if (auto fn = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) fn(threads);
}

int blas_threads() {
  using GetFn = int (*)();
  auto fn = reinterpret_cast<GetFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return fn ? fn() : 0;
}

ThreadLimit::ThreadLimit(int threads) {
  if (threads <= 0) return;
  // LibTorch sets a thread's OpenMP count from its process default on the thread's first parallel
  // kernel; do that now, or it would later overwrite the limit.
  at::internal::lazy_init_num_threads();
  previous_ = omp_get_max_threads();
  omp_set_num_threads(threads);  // this thread's ICV only, unlike at::set_num_threads
}

ThreadLimit::~ThreadLimit() {
  if (previous_ > 0) omp_set_num_threads(previous_);
}

}  // namespace core
