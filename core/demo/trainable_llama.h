#pragma once
// core::demo::TrainableLlama: a Llama-architecture model whose parameters require gradients, for the
// demo's training. It is a second, independent implementation of the forward pass that core/model's
// LlamaModel computes (Hugging Face conventions: RMSNorm, RoPE on halves, SwiGLU, tied embeddings,
// no biases); the demo trains with this one and evaluates the exported folder with the real loader,
// and a test checks that the two agree.
//
// Owns its parameter tensors. forward() builds an autograd graph unless called under
// at::NoGradGuard / InferenceMode. Not thread-safe while training (the optimiser mutates it).
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/error.h"
#include "core/model/language_model.h"
#include "core/model/llama.h"

namespace core::demo {

class TrainableLlama {
 public:
  // Fresh weights: N(0, 0.02) for every matrix, output projections scaled by 1/sqrt(2 * layers)
  // (GPT-2's residual scaling), norms at 1. Deterministic from `seed`. The config must describe a
  // Llama with tied embeddings, n_kv_heads == n_heads and RopePairing::Halves.
  static Result<TrainableLlama> create(const model::ModelConfig& config, std::uint64_t seed);

  // Trainable copies of a loaded model's weights (the same restrictions as create()).
  static Result<TrainableLlama> from_model(const model::LlamaModel& model);

  const model::ModelConfig& config() const { return config_; }
  // Every parameter, in a fixed order (the optimiser's).
  std::vector<at::Tensor> parameters() const;

  // [B, T] int64 ids (T <= max_seq_len) -> [B, T, V] float32 logits.
  at::Tensor forward(const at::Tensor& ids) const;

  // A deep copy whose parameters require gradients (the start of a fine-tune).
  TrainableLlama clone() const;

  // The real runtime's model over the current weights: detached views, no copy. Valid while this
  // object lives and is not trained further (the views share storage).
  Result<std::shared_ptr<const model::LlamaModel>> runtime_model() const;

 private:
  TrainableLlama() = default;
  model::ModelConfig config_;
  at::Tensor embed_;
  std::vector<model::LlamaLayerWeights> layers_;  // only the fields a bias-free Llama uses
  at::Tensor final_norm_;
  at::Tensor cos_, sin_;  // [max_seq_len, head_dim], RoPE on halves
};

}  // namespace core::demo
