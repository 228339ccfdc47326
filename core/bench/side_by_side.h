#pragma once
// core::bench::measure_side_by_side: the studio's sampling speed (core/analysis/sampler.h) against one
// map's single-stream decoding (model::generate), on the same map and the same number of tokens. Four
// maps side by side: the base, the base under a conditioning prompt, a tuned map and the amplified map
// at a = 2. The speed of a side-by-side set is its decoding steps per second (each step gives every
// column one token); the target is a ratio of at least 1/4. Best of `repeats`; any thread.
#include <cstdint>

#include "core/error.h"
#include "core/model/checkpoint.h"

namespace core::bench {

struct SideBySideMeasure {
  std::int64_t tokens = 0;             // per column
  int columns = 0;
  double single_tokens_per_second = 0;  // generate() on the base map alone, after the prompt
  double side_steps_per_second = 0;    // sample_side_by_side, every column advancing one token a step
  double score_seconds = 0;            // cross-scoring the set afterwards (not in the ratio)
  double ratio() const { return single_tokens_per_second > 0 ? side_steps_per_second / single_tokens_per_second : 0; }
};

// Maps without a tokenizer (the benchmark's random models) get an IdTokenizer.
Result<SideBySideMeasure> measure_side_by_side(model::Checkpoint base, model::Checkpoint tuned, std::int64_t tokens,
                                               int repeats);

}  // namespace core::bench
