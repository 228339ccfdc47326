#include "core/demo/training.h"

#include "core/demo/adamw.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>
#include <numbers>
#include <random>

namespace core::demo {
namespace {

using Clock = std::chrono::steady_clock;


// Linear warmup, then cosine from lr to min_lr.
double learning_rate(std::int64_t step, std::int64_t steps, std::int64_t warmup, double lr, double min_lr) {
  if (step < warmup) return lr * double(step + 1) / double(warmup);
  const double progress = double(step - warmup) / double(std::max<std::int64_t>(1, steps - warmup));
  return min_lr + 0.5 * (lr - min_lr) * (1.0 + std::cos(std::numbers::pi * std::min(1.0, progress)));
}

// Matrices decay, norms (1-D) do not.
std::unique_ptr<AdamW> make_adamw(const std::vector<at::Tensor>& params, double lr, double decay) {
  std::vector<at::Tensor> matrices, vectors;
  for (const auto& p : params) (p.dim() >= 2 ? matrices : vectors).push_back(p);
  return std::make_unique<AdamW>(std::vector<AdamW::Group>{{matrices, decay}, {vectors, 0.0}}, lr, 0.9, 0.95, 1e-8);
}

// A portable draw in [0, n): the standard fixes mt19937_64's output, not the distributions'.
std::int64_t draw(std::mt19937_64& rng, std::int64_t n) { return std::int64_t(rng() % std::uint64_t(n)); }

// REINFORCE's per-token advantages, [G, N]. Token t's reward is its token_reward less the batch's
// mean (so a sequence's total is its excess over the batch); its return is
// the discounted sum of the rewards from t on (earlier tokens cannot be credited for later ones);
// the baseline is the batch mean of the return at the same position; the result is standardised.
at::Tensor token_advantages(const at::Tensor& continuation, const RlOptions& o, double mean_reward) {
  const std::int64_t V = std::int64_t(o.token_reward.size()), N = continuation.size(1);
  const at::Tensor table = at::from_blob(const_cast<float*>(o.token_reward.data()), {V}, at::kFloat);
  const at::Tensor r = (table.index_select(0, continuation.reshape({-1})) - mean_reward).view(continuation.sizes());
  at::Tensor returns = at::empty_like(r);
  at::Tensor running = at::zeros({continuation.size(0)}, at::kFloat);
  for (std::int64_t t = N - 1; t >= 0; --t) {
    running = r.select(1, t) + o.discount * running;
    returns.select(1, t).copy_(running);
  }
  const at::Tensor centred = returns - returns.mean(0, true);
  return centred / (centred.std() + 1e-6);
}

}  // namespace

at::Tensor sample_continuations(const model::LanguageModel& model, const at::Tensor& prefix, std::int64_t new_tokens,
                                std::uint64_t seed) {
  c10::NoGradGuard no_grad;  // decode_step runs in InferenceMode itself; the result is a normal tensor
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  auto cache = model.new_cache(prefix.size(0));
  at::Tensor logits = model.decode_step(prefix, *cache);
  std::vector<at::Tensor> generated;
  for (std::int64_t t = 0; t < new_tokens; ++t) {
    generated.push_back(at::multinomial(at::softmax(logits, -1), 1, false, gen));
    if (t + 1 < new_tokens) logits = model.decode_step(generated.back(), *cache);
  }
  return at::cat(generated, 1);
}

at::Tensor mean_token_reward(const at::Tensor& continuation, std::span<const float> token_reward) {
  const at::Tensor table =
      at::from_blob(const_cast<float*>(token_reward.data()), {std::int64_t(token_reward.size())}, at::kFloat);
  return table.index_select(0, continuation.reshape({-1})).view(continuation.sizes()).mean(1);
}

Result<TrainLog> train_language_model(TrainableLlama& model, std::span<const std::int32_t> stream,
                                      const LmTrainOptions& o, Job& job) {
  const std::int64_t T = o.seq_len;
  if (T < 2 || T > model.config().max_seq_len)
    return fail(ErrorCode::InvalidInput, "the training window must be between 2 tokens and the model's context");
  if (std::int64_t(stream.size()) <= T + 1)
    return fail(ErrorCode::InvalidInput, "too little training text for one window (" + o.stage + ")");
  TrainLog log;
  const auto t0 = Clock::now();
  try {
    const std::vector<at::Tensor> params = model.parameters();
    auto opt = make_adamw(params, o.lr, o.weight_decay);
    std::mt19937_64 rng(o.seed);
    const at::Tensor data = at::from_blob(const_cast<std::int32_t*>(stream.data()), {std::int64_t(stream.size())},
                                          at::kInt);
    job.begin(o.stage, o.steps);
    for (std::int64_t step = 0; step < o.steps; ++step) {
      std::vector<at::Tensor> rows;
      for (std::int64_t b = 0; b < o.batch; ++b)
        rows.push_back(data.narrow(0, draw(rng, std::int64_t(stream.size()) - T - 1), T + 1));
      const at::Tensor batch = at::stack(rows).to(at::kLong);
      opt->set_lr(learning_rate(step, o.steps, o.warmup, o.lr, o.min_lr));
      opt->zero_grad();
      const at::Tensor logits = model.forward(batch.narrow(1, 0, T));
      const at::Tensor loss = at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}),
                                                     batch.narrow(1, 1, T).reshape({-1}));
      loss.backward();
      clip_grad_norm(params, o.grad_clip);
      opt->step();
      log.loss.push_back(loss.item<double>());
      if (!std::isfinite(log.loss.back()))
        return fail(ErrorCode::Internal, o.stage + " diverged (loss " + std::to_string(log.loss.back()) + ")");
      if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    }
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, o.stage + " failed", {}, e.what());
  }
  log.seconds = seconds_since(t0);
  return log;
}

Result<RlLog> train_reinforce(TrainableLlama& policy, const TrainableLlama& reference,
                              std::span<const std::vector<std::int32_t>> prompts, const RlOptions& o, Job& job) {
  const std::int64_t V = policy.config().vocab_size;
  if (std::int64_t(o.token_reward.size()) != V)
    return fail(ErrorCode::Internal, "the reward table must have one entry per token id");
  if (o.max_prefix < 1 || o.max_prefix + o.new_tokens > policy.config().max_seq_len || o.samples < 2)
    return fail(ErrorCode::InvalidInput, "the RL prefix and continuation must fit the model's context");
  std::vector<const std::vector<std::int32_t>*> pool;
  for (const auto& p : prompts)
    if (!p.empty()) pool.push_back(&p);
  if (pool.empty()) return fail(ErrorCode::InvalidInput, "no prompts for reinforcement learning");

  RlLog log;
  const auto t0 = Clock::now();
  try {
    const std::vector<at::Tensor> params = policy.parameters();
    auto opt = make_adamw(params, o.lr, 0.0);  // the KL term, not decay, keeps it near the reference
    std::mt19937_64 rng(o.seed);
    job.begin(o.stage, o.steps);
    for (std::int64_t step = 0; step < o.steps; ++step) {
      // Prefixes of k tokens from documents long enough to have them.
      const std::int64_t k = 1 + draw(rng, o.max_prefix);
      std::vector<at::Tensor> rows;
      for (std::int64_t i = 0, tries = 0; i < o.samples; ++tries) {
        const auto& doc = *pool[std::size_t(draw(rng, std::int64_t(pool.size())))];
        if (std::int64_t(doc.size()) < k && tries < 1000 * o.samples) continue;
        std::vector<std::int64_t> ids(doc.begin(), doc.begin() + std::min<std::int64_t>(k, doc.size()));
        ids.resize(std::size_t(k), ids.empty() ? 0 : ids.back());
        rows.push_back(at::tensor(ids, at::kLong));
        ++i;
      }
      const at::Tensor prefix = at::stack(rows);

      // Sample continuations with the real runtime over the policy's current weights.
      auto runtime = policy.runtime_model();
      if (!runtime) return std::unexpected(runtime.error());
      const at::Tensor continuation =
          sample_continuations(**runtime, prefix, o.new_tokens, o.seed + 0x9e3779b97f4a7c15ull * std::uint64_t(step + 1));
      const at::Tensor sequences = at::cat({prefix, continuation}, 1);
      const at::Tensor reward = mean_token_reward(continuation, o.token_reward);
      const at::Tensor advantage = token_advantages(continuation, o, reward.mean().item<double>());
      const at::Tensor input = sequences.narrow(1, 0, k + o.new_tokens - 1);
      at::Tensor ref_logp;
      {
        c10::NoGradGuard no_grad;
        ref_logp = at::log_softmax(reference.forward(input).narrow(1, k - 1, o.new_tokens), -1);
      }
      opt->zero_grad();
      const at::Tensor logp = at::log_softmax(policy.forward(input).narrow(1, k - 1, o.new_tokens), -1);
      const at::Tensor taken = logp.gather(-1, continuation.unsqueeze(-1)).squeeze(-1);  // [G, N]
      const at::Tensor kl = (logp.exp() * (logp - ref_logp)).sum(-1).mean();
      const at::Tensor pg = -(advantage * taken).mean();
      const at::Tensor loss = pg + o.kl_coef * kl;
      loss.backward();
      clip_grad_norm(params, o.grad_clip);
      opt->step();
      log.reward.push_back(reward.mean().item<double>());
      log.kl.push_back(kl.item<double>());
      if (!std::isfinite(log.kl.back())) return fail(ErrorCode::Internal, o.stage + " diverged");
      if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
    }
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, o.stage + " failed", {}, e.what());
  }
  log.seconds = seconds_since(t0);
  return log;
}

}  // namespace core::demo
