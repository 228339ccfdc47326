#include "core/threads.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/blas_kernels.h"
#include "core/quiet_pools.h"

namespace core {

void run_with_quiet_thread_pools() {
  std::vector<const char*> unset;  // the names the user left unset, set below
  for (const QuietPoolSetting& s : kQuietThreadPools)
    if (quiet_setting_wanted(s)) unset.push_back(s.name);
  // OpenBLAS is loaded already: its choice of kernels can be read here, and forced in the new image.
  const bool raised = raise_blas_kernels(loaded_blas_core()) != nullptr;
  if (unset.empty() && !raised) return;
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = text.find('\0', begin);
    args.push_back(text.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  if (args.empty()) return;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  set_quiet_thread_pools();
  std::fflush(nullptr);
  ::execv("/proc/self/exe", argv.data());
  for (const char* name : unset) ::unsetenv(name);  // exec failed: run as we are, and report them as unset
  if (raised) ::unsetenv("OPENBLAS_CORETYPE");
}

bool is_thread_pool_setting(std::string_view entry) {
  for (const QuietPoolSetting& s : kQuietThreadPools) {
    const std::string_view n(s.name);
    if (entry.size() > n.size() && entry.substr(0, n.size()) == n && entry[n.size()] == '=') return true;
  }
  return false;
}

std::string omp_wait_policy() {
  const char* p = std::getenv("OMP_WAIT_POLICY");
  return p ? p : "";
}

std::string omp_spin_count() {
  const char* n = std::getenv("GOMP_SPINCOUNT");
  return n ? n : "";
}

std::string blas_thread_timeout() {
  const char* t = std::getenv("OPENBLAS_THREAD_TIMEOUT");
  return t ? t : "";
}

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

namespace {

using BlasSetFn = void (*)(int);
BlasSetFn blas_set() { return reinterpret_cast<BlasSetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")); }

// Who holds the BLAS pool's size (SerialBlas, BlasPin).
struct BlasHolders {
  std::mutex mutex;
  int serial = 0, pins = 0;
  int saved = 0;                 // the pool's size before the first SerialBlas
  bool restore_pending = false;  // the last SerialBlas ended while a pin was held
};

BlasHolders& blas_holders() {
  static BlasHolders h;
  return h;
}

}  // namespace

SerialBlas::SerialBlas() {
  BlasHolders& h = blas_holders();
  const std::lock_guard lock(h.mutex);
  const BlasSetFn set = blas_set();
  if (!set || h.pins > 0) return;
  if (h.serial++ == 0) {
    h.saved = blas_threads();
    set(1);
  }
  granted_ = true;
}

SerialBlas::~SerialBlas() {
  if (!granted_) return;
  BlasHolders& h = blas_holders();
  const std::lock_guard lock(h.mutex);
  if (--h.serial > 0) return;
  if (h.pins > 0) h.restore_pending = true;
  else blas_set()(h.saved);
}

BlasPin::BlasPin() {
  BlasHolders& h = blas_holders();
  const std::lock_guard lock(h.mutex);
  ++h.pins;
}

BlasPin::~BlasPin() {
  BlasHolders& h = blas_holders();
  const std::lock_guard lock(h.mutex);
  if (--h.pins == 0 && h.restore_pending) {
    blas_set()(h.saved);
    h.restore_pending = false;
  }
}

}  // namespace core
