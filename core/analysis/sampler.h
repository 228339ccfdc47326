#pragma once
// core::analysis::sample_side_by_side: samples the studio's columns (core/analysis/sample_set.h) all
// continuing the same prompt with the same temperature, top-p, seed and length, then cross-scores
// them: the log-probability of each token under every column's map (temperature 1, whole vocabulary),
// so text one map finds implausible stands out under another.
//
// Columns that share a model and a prefix decode in one batch (the base column with the amplified
// map's base row, a tuned column with its tuned row), so four columns cost three forward calls a step.
// Each column draws from its own generator seeded with `seed`, so a column equals what
// model::generate() samples alone with the same options; the amplified column is computed as
// (1 - a) base + a tuned, exactly the base map at a = 0 and exactly the tuned map at a = 1.
// Every column stops where the longest prefix leaves room in the smallest context (stop reason
// "context"), so every sample can be cross-scored under every map.
// Stateless: safe to call from several threads at once (each call has its own caches).
#include <string>
#include <vector>

#include "core/analysis/sample_set.h"
#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/checkpoint.h"

namespace core::analysis {

// A map as the caller names it (the session's checkpoint name, or its path).
struct NamedCheckpoint {
  std::string name;
  const model::Checkpoint* checkpoint = nullptr;
};

// Where a sample ends: at EOS and at BOS (a generated BOS starts another document, as llama2.c's
// run.c and the demo's `<|bos|>` separators have it). The CLI's `sample` and the studio share it.
std::vector<tokenize::TokenId> sample_stop_ids(const tokenize::Tokenizer& tokenizer);

// The checks sample_side_by_side makes before any forward pass, for callers that sample otherwise
// (the CLI's `sample --tuned`): the settings' ranges, every map loaded with a tokenizer, the same
// vocabulary and the same split of both prompts as the base map.
Result<void> check_sample_maps(const NamedCheckpoint& base, const std::vector<NamedCheckpoint>& tuned,
                               const SampleSettings& settings);

// `tuned` may be empty (then no amplified column). Errors (one message naming the map or the prompt;
// nothing is computed): an amplification outside [-1, 4], a tuned or amplified map whose vocabulary
// or split of the prompt differs from the base map's, a prompt (or zoom prompt) that leaves no room
// in the smallest context, a missing tokenizer, bad temperature/top-p, cancellation.
Result<SampleSet> sample_side_by_side(const NamedCheckpoint& base, const std::vector<NamedCheckpoint>& tuned,
                                      const SampleSettings& settings, Job& job = Job::silent());

// Fills every column's `logp` (see SampleColumn) from one forward pass per map over all the samples
// (right-padded; attention is causal, so padding changes nothing before it). Used by
// sample_side_by_side; callable again on a set whose `logp` is empty, e.g. one read from a session
// made without it. The maps must be the ones the set was sampled with, in the same order.
Result<void> cross_score(SampleSet& set, const NamedCheckpoint& base, const std::vector<NamedCheckpoint>& tuned,
                         Job& job = Job::silent());

}  // namespace core::analysis
