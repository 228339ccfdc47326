#pragma once
// `bench --llama2c PATH`: Cartograph's `score` against llama2.c's single-stream `run` on the same
// llama2.c checkpoint (core/bench/llama2c_run.h), with the target: scoring at least 10x
// llama2.c's generation speed, at the default stride and with each position computed once.
#include <filesystem>
#include <string>

#include "app/cli/cli.h"

namespace cli {

struct Llama2cBenchArgs {
  std::string run, model, tokenizer, text;
  int rounds = 3;
};

int run_llama2c_bench(const Llama2cBenchArgs& args, int threads, const std::filesystem::path& cache_dir, const Globals& g,
                      core::Job& job);

}  // namespace cli
