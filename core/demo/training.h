#pragma once
// The demo's training loops (LibTorch autograd + AdamW), each deterministic for a given seed and
// thread count: next-token training (pretraining and supervised fine-tuning) and REINFORCE with a
// KL penalty to a reference model (the RL descendants). Both run on the calling thread with
// LibTorch's current intra-op thread count; the caller fixes it, since reductions depend on it.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/demo/trainable_llama.h"
#include "core/error.h"
#include "core/jobs/job.h"

namespace core::demo {

struct LmTrainOptions {
  std::string stage = "training";   // the Job stage name
  std::int64_t steps = 100;
  std::int64_t batch = 16;          // windows per step
  std::int64_t seq_len = 128;       // tokens per window (<= the model's context)
  double lr = 3e-3;                 // peak learning rate, after `warmup` linear steps; cosine to min_lr
  double min_lr = 3e-4;
  std::int64_t warmup = 20;
  double weight_decay = 0.1;        // matrices only; norms are not decayed
  double grad_clip = 1.0;           // global gradient norm
  std::uint64_t seed = 1;           // window positions
};

struct TrainLog {
  std::vector<double> loss;  // per step, nats per token
  double seconds = 0;
};

// Next-token cross-entropy on windows drawn uniformly from `stream` (documents joined, each after a
// BOS). The stream must be longer than seq_len + 1 tokens.
Result<TrainLog> train_language_model(TrainableLlama& model, std::span<const std::int32_t> stream,
                                      const LmTrainOptions& options, Job& job = Job::silent());

struct RlOptions {
  std::string stage = "reinforcement learning";
  std::int64_t steps = 50;
  std::int64_t samples = 32;      // continuations per step
  std::int64_t new_tokens = 48;   // tokens sampled per continuation (temperature 1)
  std::int64_t max_prefix = 16;   // each step starts from the first k tokens (BOS included) of
                                  // training documents, k uniform in [1, max_prefix]
  double kl_coef = 0.1;           // beta: weight of mean KL(policy || reference) per sampled position
  double discount = 0.9;          // of later tokens' rewards in a token's return
  double lr = 1e-3;
  double grad_clip = 1.0;
  std::uint64_t seed = 1;
  // The reward of a continuation is the mean of token_reward over its tokens (indexed by token id).
  std::vector<float> token_reward;
};

struct RlLog {
  std::vector<double> reward;  // mean reward of each step's samples
  std::vector<double> kl;      // mean KL(policy || reference) per sampled position
  double seconds = 0;
};

// Samples `new_tokens` tokens at temperature 1 after each row of `prefix` ([G, k] int64) with the
// model's KV cache: [G, new_tokens] int64. Deterministic for a seed.
at::Tensor sample_continuations(const model::LanguageModel& model, const at::Tensor& prefix, std::int64_t new_tokens,
                                std::uint64_t seed);

// The RL reward of each row of `continuation` ([G, N] ids): the mean of token_reward over it, [G] float.
at::Tensor mean_token_reward(const at::Tensor& continuation, std::span<const float> token_reward);

// REINFORCE with reward-to-go: loss = -mean_it(A_it * log pi(x_it)) + beta * mean KL(pi || ref), where
// A_it is token t's discounted return less the batch mean at that position (the baseline),
// standardised. Samples are drawn with the real runtime (core::model::LlamaModel and its KV cache) over the policy's current weights.
// `prompts` are tokenized training documents (BOS first).
Result<RlLog> train_reinforce(TrainableLlama& policy, const TrainableLlama& reference,
                              std::span<const std::vector<std::int32_t>> prompts, const RlOptions& options,
                              Job& job = Job::silent());

}  // namespace core::demo
