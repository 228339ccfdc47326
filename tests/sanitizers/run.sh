#!/usr/bin/env bash
# The sanitizer build (see docs/ARCHITECTURE.md, "Fuzzing and sanitizers"): configures and builds
# everything but the GUI with ASan + UBSan + float-cast-overflow (-DCARTOGRAPH_SANITIZE=ON) in its own
# folder, then runs the unit and golden tiers under it. A finding halts the test that made it (UBSan
# does not recover), so any report fails the run. Prints the build and test times.
#   tests/sanitizers/run.sh          Environment: CARTOGRAPH_SANITIZE_BUILD (default build-asan),
#                                    JOBS (default 2), CARTOGRAPH_TEST_DATA (for the golden tier).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${CARTOGRAPH_SANITIZE_BUILD:-build-asan}
start=$(date +%s)
cmake -S . -B "$build" -G Ninja -DCARTOGRAPH_SANITIZE=ON -DCARTOGRAPH_GUI=OFF >/dev/null
cmake --build "$build" -j"${JOBS:-2}"
built=$(date +%s)
# Every check stays on, leaks included; lsan.supp may name only leaks inside the uninstrumented
# LibTorch and OpenMP, each with its reason.
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=0:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
ctest --test-dir "$build" -L 'unit|golden' --output-on-failure -j"${JOBS:-2}"
echo "sanitizers: build $(( built - start )) s, unit and golden tests $(( $(date +%s) - built )) s" >&2
