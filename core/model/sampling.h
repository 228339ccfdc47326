#pragma once
// core::model::generate: continues a prompt one token at a time through the model's KV cache.
// Temperature 0 is greedy (the first maximum wins ties); otherwise softmax(logits / T), optionally
// cut to the nucleus of mass top_p, sampled with a generator seeded by `seed` (same seed, same
// model, same options: same tokens). Optionally samples the amplified map between a base model and
// `model` (the tuned map; docs/ARCHITECTURE.md, "Amplification"): logits = base + a * (tuned - base),
// computed as (1 - a) * base + a * tuned so that a = 0 is exactly the base map and a = 1 exactly the
// tuned map, bit for bit.
// Stateless: safe to call from several threads at once (each call has its own caches).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/language_model.h"
#include "core/tokenize/tokenizer.h"

namespace core::model {

inline constexpr double kMinAmplification = -1.0;
inline constexpr double kMaxAmplification = 4.0;

// logits_a = (1 - a) * base + a * tuned, in place over `tuned` ([V] float32); exact at a = 0 and a = 1.
void amplify_logits(float* tuned, const float* base, std::int64_t vocab, double a);

struct SampleOptions {
  std::int64_t max_new_tokens = 256;  // generated tokens at most (the prompt not counted)
  double temperature = 1.0;           // 0 = greedy argmax
  double top_p = 1.0;                 // nucleus mass in (0, 1]; 1 = the whole distribution
  std::uint64_t seed = 0;
  // Generation ends after one of these is generated (it is included in `ids`), e.g. EOS; llama2.c
  // models also end at BOS, which delimits their training documents.
  std::vector<tokenize::TokenId> stop_ids;
  // Amplification against a base model with the same vocabulary. No base = plain sampling of the
  // model; with a base, `amplification` is a in [kMinAmplification, kMaxAmplification]: 0 samples the
  // base map, 1 the tuned map, above 1 magnifies what tuning changed, below 0 reverses it.
  const LanguageModel* base = nullptr;
  double amplification = 1.0;
};

struct SampleResult {
  std::vector<tokenize::TokenId> ids;  // generated tokens only
  std::string stop_reason;             // "stop_token", "max_new_tokens" or "context"
  double prefill_seconds = 0;          // the prompt's forward pass
  double decode_seconds = 0;           // everything after it
};

// Errors: an empty prompt, a prompt longer than the context, ids outside the vocabulary,
// mismatched base vocabulary, an amplification outside [-1, 4], cancellation.
Result<SampleResult> generate(const LanguageModel& model, std::span<const tokenize::TokenId> prompt,
                              const SampleOptions& options, Job& job = Job::silent());

// Multiply-adds of one token's forward pass through a map of this shape, roughly (the projections,
// the feed-forward and the head; attention over the cache not counted).
std::int64_t decode_work(const ModelConfig& config);

// The choice of one step, exposed for tests: picks a token from `logits` ([V] float32 CPU) with
// the options' temperature and top_p, consuming randomness from `state` (advanced in place).
tokenize::TokenId pick_token(const float* logits, std::int64_t vocab, const SampleOptions& options,
                             std::uint64_t& state);

}  // namespace core::model
