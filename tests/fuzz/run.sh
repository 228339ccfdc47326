#!/usr/bin/env bash
# Fuzzes every parser for a bounded time (see docs/ARCHITECTURE.md, "Fuzzing"): configures and builds
# the clang fuzzing build (the core and tests/fuzz only, ASan + UBSan + libFuzzer), writes the seed
# corpora (tests/fuzz/make_seeds.py), then runs each target in turn. Stops at the first crash, leak or
# timeout, leaving the input in BUILD/fuzz-crashes/ and exiting non-zero.
#   tests/fuzz/run.sh [SECONDS_PER_TARGET (default 10)] [TARGET ...]   e.g. run.sh 60 session
# Environment: CARTOGRAPH_FUZZ_BUILD (build folder, default build-fuzz), JOBS (default 2),
# CC/CXX (default clang-16/clang++-16).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
[ $# -gt 0 ] && shift
build=${CARTOGRAPH_FUZZ_BUILD:-build-fuzz}
export CC=${CC:-clang-16} CXX=${CXX:-clang++-16}

# -O1 with line tables: what libFuzzer's documentation suggests, and quick to compile.
cmake -S . -B "$build" -G Ninja -DCARTOGRAPH_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
cmake --build "$build" -j"${JOBS:-2}"
# The system Python: the GGUF seeds use tests/support/gguf_fixture.py, which needs numpy (install-deps.sh).
/usr/bin/python3 tests/fuzz/make_seeds.py "$build/fuzz-seeds" >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for exe in "$build"/tests/fuzz/*_fuzz; do targets+=("$(basename "${exe%_fuzz}")"); done
fi
mkdir -p "$build/fuzz-crashes" "$build/fuzz-tmp"
export TMPDIR="$PWD/$build/fuzz-tmp"  # the targets' scratch files (fuzz_support.h) stay in the build
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus"
  echo "fuzz: $t for ${seconds}s" >&2
  start=$(date +%s)
  # -timeout: one input may take at most 10 s (a hang is a bug); -rss_limit_mb: a reader must not
  # allocate what its input does not justify. The corpus grows across runs of the same build folder.
  if ! "$build/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$build/fuzz-crashes/$t-" "$corpus" "$build/fuzz-seeds/$t" \
        > "$build/fuzz-$t.log" 2>&1; then
    tail -n 60 "$build/fuzz-$t.log" >&2
    echo "fuzz: $t FAILED; the input is in $build/fuzz-crashes/" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz-$t.log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz: $t clean: $runs inputs in $(( $(date +%s) - start ))s, corpus $(ls "$corpus" | wc -l) files" >&2
done
