#pragma once
// core::bench::compare_llama_perplexity: Cartograph's `score` against llama.cpp's `llama-perplexity`,
// the tool local users run, on the same random GPT-2-124M float32 weights and the same text, each as
// a whole process (wall time and peak RSS from wait4). The weights are the bench's random GPT-2
// folder (synthetic_model.h) with GPT-2's real tokenizer beside them, and the same weights written as
// a float32 GGUF as llama.cpp's converter lays GPT-2 out (write_gpt2_gguf). Three runs:
//   llama every token   llama-perplexity -c 513 -b 513 --ppl-stride 1023: windows of 1024 tokens
//                       (513 + 1023 / 2), each scoring its last 1023, so every token but the first
//   llama default       llama-perplexity -c 1024: scores the second half of each 1024-token chunk
//   cartograph          cartograph-cli score --context 1024 --stride 1024 --batch 4: every token
// Blocking; safe from any thread (it starts processes and waits for them).
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/bench/process.h"
#include "core/error.h"
#include "core/jobs/job.h"

namespace core::bench {

// GPT-2's vocabulary and merges in a folder: vocab.json + merges.txt (Hugging Face) or
// encoder.json + vocab.bpe (OpenAI's release).
struct Gpt2TokenizerFiles {
  std::filesystem::path vocab, merges;
};
Result<Gpt2TokenizerFiles> find_gpt2_tokenizer(const std::filesystem::path& folder);

// A GPT-2 Hugging Face folder (float32 safetensors, Conv1D weights [in, out]) and GPT-2's tokenizer
// as a float32 GGUF: architecture gpt2, tokenizer gpt2 / pre-tokenizer gpt-2, matrices [out, in],
// the head written out as the embedding (llama.cpp's GPT-2 requires output.weight).
Result<void> write_gpt2_gguf(const std::filesystem::path& folder, const Gpt2TokenizerFiles& tokenizer,
                             const std::filesystem::path& gguf);

// What llama-perplexity printed (stdout and stderr together): chunk count, context and batch, and
// the perplexity (the strided mode's last "[k]ppl," or the default mode's "Final estimate").
struct LlamaPerplexityReport {
  std::int64_t chunks = 0, tokens = 0, n_ctx = 0;
  double perplexity = 0;
};
Result<LlamaPerplexityReport> parse_llama_perplexity(const std::string& output);

struct LlamaComparisonOptions {
  std::filesystem::path llama_perplexity;  // the binary
  std::filesystem::path text;              // the text both score (at least 2048 GPT-2 tokens)
  std::filesystem::path tokenizer;         // folder with GPT-2's tokenizer (find_gpt2_tokenizer)
  std::filesystem::path cache_dir;         // where the random model and its GGUF are kept
  std::filesystem::path cartograph_cli;    // the CLI to run `score` with (this binary)
  int threads = 2;
};

struct LlamaComparison {
  ProcessMeasure llama_every_token, llama_default, ours;
  std::string gguf;  // the converted file
  std::int64_t gguf_bytes = 0;
};
Result<LlamaComparison> compare_llama_perplexity(const LlamaComparisonOptions& options, Job& job = Job::silent());

}  // namespace core::bench
