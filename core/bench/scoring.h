#pragma once
// core::bench scoring measurements: the throughput of the distortion engine (core::analysis::run,
// the code behind `score` and `compare`) on synthetic documents, the FLOP count it is judged by,
// and the process's peak memory while it runs. Not thread-safe: a measurement owns the CPU.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/checkpoint.h"

namespace core::bench {

// Floating-point operations of scoring one window of `tokens` positions of which `scored` get
// metrics, counting matrix products only (2 per multiply-add), the convention of "model FLOPs":
//   projections  2 T (d (d + 2 kv) + d d + m d F) per layer, kv = kv_heads * head_dim, m = 2 for
//                GPT-2's MLP, 3 for SwiGLU (gate, up, down);
//   attention    2 d T (T + 1) per layer: causal QK^T and PV, each query t reading t + 1 keys;
//   head         2 S d V for the S scored positions.
// Norms, activations, softmax and the metrics are not counted (elementwise, O(T d) and O(S V)).
struct FlopCount {
  double projections = 0, attention = 0, head = 0;
  double total() const { return projections + attention + head; }
};
FlopCount scoring_flops(const model::ModelConfig& config, std::int64_t tokens, std::int64_t scored);

// What the first window's first positions scored, to check a peer computed the same thing.
struct ScoredSample {
  std::vector<float> logp, entropy;
  std::vector<std::int32_t> rank, top1;
  std::vector<float> kl;  // KL(base || tuned) when two maps ran
};

struct ScoringMeasure {
  std::int64_t context = 0;     // tokens per window (each document is one window)
  std::int64_t batch = 0;       // windows per forward pass
  std::int64_t windows = 0;     // documents scored per repeat
  std::int64_t maps = 1;        // 2: a base and a tuned map (a compare run)
  std::int64_t tokens = 0;      // scored positions per repeat (per map)
  int repeats = 0;
  double seconds = 0;           // fastest repeat
  double median_seconds = 0;
  double cpu_seconds = 0;       // process CPU time of the fastest repeat (all threads)
  double tokens_per_second = 0; // tokens / seconds
  double flops = 0;             // per repeat, every map
  double gflops = 0;            // flops / seconds / 1e9
  std::int64_t peak_rss_bytes = 0;  // process peak while the repeats ran (0 when unknown)
  double nll_mean = 0;          // of the base map, over every scored position
  ScoredSample sample;
};

// Scores `documents` (token ids; each exactly one window of `context` tokens) with `maps` (a base,
// optionally one tuned map; their tokenizers are replaced by IdTokenizer) `repeats` times through
// core::analysis::run with the given batch size, keeping the fastest repeat.
Result<ScoringMeasure> measure_scoring(const std::vector<model::Checkpoint>& maps,
                                       const std::vector<std::vector<std::int32_t>>& documents, std::int64_t context,
                                       int batch, int repeats, int top_k, const std::string& device,
                                       std::int64_t sample_positions, Job& job = Job::silent());

}  // namespace core::bench
