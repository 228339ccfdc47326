#include "core/model/sampling.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace core::model {

namespace {

// splitmix64: tiny, fast, and the same stream on every platform (std distributions are not).
std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double uniform01(std::uint64_t& state) { return double(next_random(state) >> 11) * 0x1.0p-53; }

using Clock = std::chrono::steady_clock;

std::string format_amplification(double a) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", a);
  return text;
}

}  // namespace

std::int64_t decode_work(const ModelConfig& c) {
  const std::int64_t head_dim = c.head_dim_override > 0 ? c.head_dim_override : c.dim / std::max<std::int64_t>(1, c.n_heads);
  const std::int64_t kv_heads = c.n_kv_heads > 0 ? c.n_kv_heads : c.n_heads;
  const std::int64_t attention = c.dim * head_dim * (2 * c.n_heads + 2 * kv_heads);  // Q and O; K and V
  const bool gated = c.feed_forward == FeedForward::SwiGlu || c.feed_forward == FeedForward::GeGluTanh;
  return c.n_layers * (attention + (gated ? 3 : 2) * c.dim * c.hidden_dim) + c.dim * c.vocab_size;
}

void amplify_logits(float* tuned, const float* base, std::int64_t vocab, double a) {
  // (1 - a) * b + a * t rather than b + a * (t - b): the latter is not exactly t at a = 1 in floating
  // point, and "a = 1 is the tuned map, token for token" is what users check first.
  const float wb = float(1.0 - a), wt = float(a);
  for (std::int64_t i = 0; i < vocab; ++i) tuned[i] = wb * base[i] + wt * tuned[i];
}

tokenize::TokenId pick_token(const float* logits, std::int64_t vocab, const SampleOptions& options,
                             std::uint64_t& state) {
  if (options.temperature <= 0) {
    std::int64_t best = 0;
    for (std::int64_t i = 1; i < vocab; ++i)
      if (logits[i] > logits[best]) best = i;
    return tokenize::TokenId(best);
  }
  const double max = *std::max_element(logits, logits + vocab);
  std::vector<double> p(static_cast<std::size_t>(vocab));
  double sum = 0;
  for (std::int64_t i = 0; i < vocab; ++i) sum += p[std::size_t(i)] = std::exp((logits[i] - max) / options.temperature);
  for (auto& v : p) v /= sum;

  const double r = uniform01(state);
  if (options.top_p >= 1.0 || vocab == 1) {
    double acc = 0;
    for (std::int64_t i = 0; i < vocab; ++i)
      if ((acc += p[std::size_t(i)]) > r) return tokenize::TokenId(i);
    return tokenize::TokenId(vocab - 1);
  }
  // A token below (1 - top_p) / (V - 1) can never be in the nucleus (all smaller ones together
  // weigh less than 1 - top_p), so only the rest is sorted.
  const double cutoff = (1.0 - options.top_p) / double(vocab - 1);
  std::vector<std::int32_t> order;
  for (std::int64_t i = 0; i < vocab; ++i)
    if (p[std::size_t(i)] >= cutoff) order.push_back(std::int32_t(i));
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return p[std::size_t(a)] > p[std::size_t(b)]; });
  double mass = 0;
  std::size_t keep = order.size();
  for (std::size_t i = 0; i < order.size(); ++i) {
    mass += p[std::size_t(order[i])];
    if (mass >= options.top_p) {
      keep = i + 1;
      break;
    }
  }
  const double target = r * mass;
  double acc = 0;
  for (std::size_t i = 0; i < keep; ++i)
    if ((acc += p[std::size_t(order[i])]) > target) return order[i];
  return order[keep - 1];
}

Result<SampleResult> generate(const LanguageModel& model, std::span<const tokenize::TokenId> prompt,
                              const SampleOptions& options, Job& job) {
  const ModelConfig& config = model.config();
  if (prompt.empty()) return fail(ErrorCode::InvalidInput, "the prompt has no tokens (and the tokenizer no BOS)");
  if (config.max_seq_len > 0 && std::int64_t(prompt.size()) > config.max_seq_len)
    return fail(ErrorCode::InvalidInput, "the prompt has " + std::to_string(prompt.size()) +
                                             " tokens, more than the model's context of " +
                                             std::to_string(config.max_seq_len));
  for (auto id : prompt)
    if (id < 0 || id >= config.vocab_size)
      return fail(ErrorCode::InvalidInput, "prompt token " + std::to_string(id) + " is outside the model's vocabulary of " +
                                               std::to_string(config.vocab_size));
  if (!(options.temperature >= 0) || !(options.top_p > 0 && options.top_p <= 1))
    return fail(ErrorCode::InvalidInput, "temperature must be >= 0 and top_p in (0, 1]");
  const bool amplify = options.base != nullptr;
  if (amplify && !(options.amplification >= kMinAmplification && options.amplification <= kMaxAmplification))
    return fail(ErrorCode::InvalidInput, "amplification " + format_amplification(options.amplification) +
                                             " is outside [-1, 4]");
  if (amplify && options.base->config().vocab_size != config.vocab_size)
    return fail(ErrorCode::Mismatch, "base vocabulary " + std::to_string(options.base->config().vocab_size) +
                                         " ≠ tuned vocabulary " + std::to_string(config.vocab_size));

  SampleResult result;
  try {
    c10::InferenceMode guard;
    job.begin("sampling", options.max_new_tokens);
    auto start = Clock::now();
    std::vector<std::int64_t> ids64(prompt.begin(), prompt.end());
    const at::Tensor prompt_ids = at::tensor(ids64, at::kLong).view({1, std::int64_t(ids64.size())});
    auto cache = model.new_cache(1);
    at::Tensor logits = model.decode_step(prompt_ids, *cache);
    std::unique_ptr<KvCache> base_cache;
    at::Tensor base_logits;
    if (amplify) {
      base_cache = options.base->new_cache(1);
      base_logits = options.base->decode_step(prompt_ids, *base_cache);
    }
    result.prefill_seconds = seconds_since(start);
    start = Clock::now();

    std::uint64_t state = options.seed;
    at::Tensor next_id = at::empty({1, 1}, at::kLong);
    result.stop_reason = "max_new_tokens";
    for (std::int64_t step = 0; step < options.max_new_tokens; ++step) {
      at::Tensor row = logits.reshape({-1}).to(at::kCPU, at::kFloat).contiguous();
      if (amplify) {
        row = row.clone();
        const at::Tensor b = base_logits.reshape({-1}).to(at::kCPU, at::kFloat).contiguous();
        amplify_logits(row.data_ptr<float>(), b.data_ptr<float>(), row.numel(), options.amplification);
      }
      const auto token = pick_token(row.data_ptr<float>(), row.numel(), options, state);
      result.ids.push_back(token);
      if (!job.advance()) return fail(ErrorCode::Cancelled, "sampling cancelled");
      if (std::find(options.stop_ids.begin(), options.stop_ids.end(), token) != options.stop_ids.end()) {
        result.stop_reason = "stop_token";
        break;
      }
      if (step + 1 == options.max_new_tokens) break;
      if (config.max_seq_len > 0 && cache->length() >= config.max_seq_len) {
        result.stop_reason = "context";
        break;
      }
      next_id.fill_(std::int64_t(token));
      logits = model.decode_step(next_id, *cache);
      if (amplify) base_logits = options.base->decode_step(next_id, *base_cache);
    }
    result.decode_seconds = seconds_since(start);
    job.flush();
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return fail(ErrorCode::InvalidInput, "generation failed", {}, what);
  }
  return result;
}

}  // namespace core::model
