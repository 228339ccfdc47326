#pragma once
// core::bench::compare_llama2c: Cartograph's `score` against llama2.c's `run` (karpathy/llama2.c), the
// single-stream generator the tiny llama2.c checkpoints were made for, on the same checkpoint
// (stories260K) on this machine. Rounds, each in turn (so that the machine's drift falls on all three):
//   llama2.c            run MODEL -z TOKENIZER -t 0 -n STEPS: greedy generation from BOS, one token
//                       per forward pass; its own "achieved tok/s" (timed from its second token on)
//   score (default)     cartograph-cli score --model MODEL --tokenizer TOKENIZER --text-file TEXT (with
//                       --threads N only when the bench was given one): the user's default, windows
//                       of the model's context at half-context stride, so every position but the
//                       first window's is computed twice
//   score (each once)   the same with --stride CONTEXT-1: every position computed once
// Cartograph's figures are whole processes (start, load, tokenize, score, print), scored tokens over
// wall time: the other side's timer leaves out its loading, so the ratio errs in llama2.c's favour.
// The checkpoint is read whole once, for its header's context (its size is checked against it).
// Blocking; safe from any thread (it starts processes and waits for them).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/bench/process.h"
#include "core/error.h"
#include "core/jobs/job.h"

namespace core::bench {

// The generation speed llama2.c's run printed ("achieved tok/s: 5425.531915"); an error when it
// printed none (it failed, or is not llama2.c's run).
Result<double> parse_llama2c_speed(const std::string& output);

struct Llama2cComparisonOptions {
  std::filesystem::path run;             // llama2.c's `run` binary
  std::filesystem::path model;           // a llama2.c checkpoint (stories260K.bin)
  std::filesystem::path tokenizer;       // its tokenizer (tok512.bin)
  std::filesystem::path text;            // what Cartograph scores
  std::filesystem::path work_dir;        // where the logs go
  std::filesystem::path cartograph_cli;  // the CLI to run `score` with (this binary)
  int threads = 0;                       // Cartograph's --threads; 0: score's default, one per core.
                                         // llama2.c's `run` is one stream on one thread.
  int rounds = 3;
  int steps = 256;                       // llama2.c's -n (its own default)
};

struct Llama2cComparison {
  std::int64_t context = 0;            // the checkpoint's, from its header: the window of both scores
  std::vector<double> llama2c;         // tokens/s, each round
  std::vector<ProcessMeasure> score_default, score_once;  // each round
  std::string llama2c_command;
};

// The fastest and the median of some speeds (0 for none).
double fastest(const std::vector<double>& speeds);
double median(std::vector<double> speeds);

Result<Llama2cComparison> compare_llama2c(const Llama2cComparisonOptions& options, Job& job = Job::silent());

}  // namespace core::bench
