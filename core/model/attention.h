#pragma once
// Pieces the decoder architectures share: the key/value cache and causal (grouped-query) attention.
// Internal to core/model; the public face is LanguageModel.
#include <ATen/core/Tensor.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/model/language_model.h"

namespace core::model {

// Keys and values of every layer for a batch of sequences that advance together, stored as
// [B, kv_heads, capacity, head_dim] per layer. Capacity grows by doubling up to the model's context,
// so a short generation with a long-context model does not reserve the whole context up front.
// Owned by one decoding loop; not thread-safe.
class DenseKvCache final : public KvCache {
 public:
  DenseKvCache(std::int64_t batch, std::int64_t layers, std::int64_t kv_heads, std::int64_t head_dim,
               std::int64_t max_length, at::TensorOptions options);
  std::int64_t length() const override { return length_; }
  bool truncate(std::int64_t length) override {
    length_ = std::min(length_, std::max<std::int64_t>(0, length));
    return true;
  }
  std::int64_t batch() const { return batch_; }
  std::int64_t max_length() const { return max_length_; }
  // Whether this cache has the layout a model with these sizes needs.
  bool fits(std::int64_t layers, std::int64_t kv_heads, std::int64_t head_dim) const {
    return std::int64_t(k_.size()) == layers && kv_heads == kv_heads_ && head_dim == head_dim_;
  }

  // Makes room for `t` more positions; throws std::length_error past the model's context.
  void reserve_more(std::int64_t t);
  // Stores layer `layer`'s new keys/values ([B, T, kv_heads, head_dim], after RoPE) at positions
  // length()..length()+T and returns all keys and values so far, [B, kv_heads, length()+T, head_dim].
  std::pair<at::Tensor, at::Tensor> append(std::size_t layer, const at::Tensor& k, const at::Tensor& v);
  // Marks the `t` positions appended to every layer as part of the history.
  void commit(std::int64_t t) { length_ += t; }

 private:
  std::int64_t batch_, kv_heads_, head_dim_, max_length_;
  std::int64_t capacity_ = 0;
  std::int64_t length_ = 0;
  at::TensorOptions options_;
  std::vector<at::Tensor> k_, v_;
};

// What some families change in attention (docs/ARCHITECTURE.md, "Model families").
struct AttentionOptions {
  double scale = 0;          // multiplies the scores; 0 = 1 / sqrt(head_dim)
  double softcap = 0;        // Gemma 2: scores = softcap * tanh(scores / softcap) after scaling; 0 = none
  std::int64_t window = 0;   // sliding window: query q reads keys k with q - k < window; 0 = all
};

// Causal softmax attention. q: [B, T, H, hd] for the positions pos..pos+T-1; k, v: [B, KVH, L, hd]
// with L = pos + T (the history plus the new positions). Query head h reads kv head h / (H / KVH),
// as Hugging Face's repeat_kv and llama2.c do. Returns [B, T, H * hd].
at::Tensor causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::int64_t pos,
                            const AttentionOptions& options = {});

// Checks a forward's input: int64 [B, T] with ids in [0, vocab) and pos + T within the context.
// Throws std::invalid_argument / std::length_error with a message a user can act on.
void check_input(const at::Tensor& ids, const ModelConfig& config, std::int64_t pos);
// Throws std::invalid_argument unless positions from..T-1 of a forward can be kept alone
// (LanguageModel::trunk_from): 0 <= from < T, and 0 with a cache.
void check_kept_rows(std::int64_t from, std::int64_t T, bool cached);

}  // namespace core::model
