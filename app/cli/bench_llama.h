#pragma once
// `bench --llama-perplexity PATH`: Cartograph's `score` against llama.cpp's llama-perplexity on the
// same random GPT-2-124M float32 weights and the same text, whole processes (core/bench/llama_perplexity.h),
// with the targets: every-token scoring at least 1.5x llama.cpp's, peak memory at most its
// default mode's plus the metrics' own buffers.
#include <filesystem>
#include <string>

#include "app/cli/cli.h"

namespace cli {

int run_llama_bench(const std::string& llama_perplexity, const std::string& text, const std::string& tokenizer,
                    int threads, const std::filesystem::path& cache_dir, const Globals& g, core::Job& job);

}  // namespace cli
