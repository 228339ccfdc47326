#pragma once
// `bench --dtype`: a map stored in bfloat16 (llama-1b-bf16, Llama 3.2 1B's shape with random
// weights, written once to the cache) scored as users run it (weights kept as stored, mapped from
// the file) and through the float32 path (--dtype float32): resident memory against the file's
// size, and tokens/s of each (README, "Benchmark").
#include <filesystem>
#include <string>

#include "app/cli/cli.h"

namespace cli {

int run_dtype_bench(const std::string& model, std::int64_t tokens, int repeats, const std::filesystem::path& cache_dir,
                    const Globals& g, core::Job& job);

}  // namespace cli
