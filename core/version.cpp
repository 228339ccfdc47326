#include "core/version.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <malloc.h>
#include <sqlite3.h>
#include <torch/version.h>

#include <cstdlib>
#include <fstream>

#include "core/threads.h"

namespace core {
namespace {

// OpenBLAS exports openblas_get_config; the reference BLAS does not. Looked up at run time because
// Debian chooses the BLAS through alternatives, after Cartograph was built.
std::string loaded_blas() {
  using ConfigFn = char* (*)();
  if (auto fn = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
    // Its kernels forced by the environment: the user's, or ours where its CPU table fell short
    // (core/blas_kernels.h).
    const char* forced = std::getenv("OPENBLAS_CORETYPE");
    return std::string(fn()) + (forced ? std::string(", kernels forced by OPENBLAS_CORETYPE=") + forced : "");
  }
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const auto pos = line.find('/');
    if (pos == std::string::npos) continue;
    const std::string path = line.substr(pos);
    if (path.find("libblas") != std::string::npos || path.find("mkl") != std::string::npos)
      return "reference or unknown BLAS at " + path + " (slow: install libopenblas0-pthread)";
  }
  return "unknown";
}

std::string compiler() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "g++ " __VERSION__;
#else
  return "unknown";
#endif
}

}  // namespace

Versions versions() {
  Versions v;
  v.cartograph = CARTOGRAPH_VERSION;
  v.libtorch = TORCH_VERSION;
  v.blas = loaded_blas();
  v.sqlite = sqlite3_libversion();
  v.compiler = compiler();
  v.threads = at::get_num_threads();
  v.omp_wait_policy = omp_wait_policy();
  v.omp_spin_count = omp_spin_count();
  v.blas_thread_timeout = blas_thread_timeout();
  return v;
}

std::string format_versions(const Versions& v) {
  return "Cartograph: " + v.cartograph + "\n" + "LibTorch: " + v.libtorch + " (" +
         std::to_string(v.threads) + (v.threads == 1 ? " thread" : " threads") + ", OpenMP waiting " +
         (v.omp_wait_policy.empty() ? std::string("default") : v.omp_wait_policy) +
         (v.omp_spin_count.empty() ? std::string() : " after " + v.omp_spin_count + " spins") + ")\n" + "BLAS: " + v.blas +
         " (idle threads sleep after 2^" + (v.blas_thread_timeout.empty() ? std::string("default") : v.blas_thread_timeout) +
         " cycles)\n" + "SQLite: " + v.sqlite +
         "\n" + "Compiler: " + v.compiler + "\n";
}

void tune_allocator() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc accepts; larger blocks are rare
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace core
