#pragma once
// The thread-pool variables every entry point runs with (core/threads.h says why), with no dependency
// at all, so that the CLI's launcher (app/cli/launcher.cpp), which must not load LibTorch, shares the
// one table with core.
#include <cstdlib>

namespace core {

// Each is set only when the user has not set it: OMP_WAIT_POLICY=PASSIVE (libgomp's idle workers
// sleep instead of spinning), OPENBLAS_THREAD_TIMEOUT=4 (an idle BLAS thread sleeps after 2^4 cycles).
inline constexpr const char* kQuietThreadPools[][2] = {{"OMP_WAIT_POLICY", "PASSIVE"},
                                                      {"OPENBLAS_THREAD_TIMEOUT", "4"}};

// Sets what the user left unset. Only useful before libgomp and OpenBLAS load: each reads its variable
// once, in its initialiser.
inline void set_quiet_thread_pools() {
  for (const auto& [name, value] : kQuietThreadPools)
    if (!std::getenv(name)) ::setenv(name, value, 1);
}

}  // namespace core
