#pragma once
// The thread-pool variables every entry point runs with (core/threads.h says why), with no dependency
// at all, so that the CLI's launcher (app/cli/launcher.cpp), which must not load LibTorch, shares the
// one table with core.
#include <cstdlib>

namespace core {

// One variable this process sets for its thread pools: `value`, unless the user set `name` (or
// `unless`, a variable whose choice this one would override).
struct QuietPoolSetting {
  const char* name;
  const char* value;
  const char* unless = nullptr;
};

// GOMP_SPINCOUNT=4000: libgomp's idle workers spin that long (tens of microseconds; libgomp counts
// about 100,000 spins a millisecond) before they sleep, so the next of a forward pass's back-to-back
// parallel regions finds them awake; left to the user's OMP_WAIT_POLICY where they chose one (PASSIVE
// alone means no spinning at all). OMP_WAIT_POLICY=PASSIVE (workers sleep after that, and never spin
// when there are more of them than cores), OPENBLAS_THREAD_TIMEOUT=4 (an idle BLAS thread sleeps after
// 2^4 cycles). The spin count comes first: it is decided before this process sets the policy.
inline constexpr QuietPoolSetting kQuietThreadPools[] = {
    {"GOMP_SPINCOUNT", "4000", "OMP_WAIT_POLICY"},
    {"OMP_WAIT_POLICY", "PASSIVE"},
    {"OPENBLAS_THREAD_TIMEOUT", "4"}};

// Whether this process would set `s`: the user set neither it nor what it would override.
inline bool quiet_setting_wanted(const QuietPoolSetting& s) {
  return !std::getenv(s.name) && !(s.unless && std::getenv(s.unless));
}

// Sets what the user left unset. Only useful before libgomp and OpenBLAS load: each reads its variable
// once, in its initialiser.
inline void set_quiet_thread_pools() {
  for (const QuietPoolSetting& s : kQuietThreadPools)
    if (quiet_setting_wanted(s)) ::setenv(s.name, s.value, 1);
}

}  // namespace core
