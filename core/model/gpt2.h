#pragma once
// core::model::Gpt2Model: GPT-2 (learned positions, pre-LayerNorm blocks, gelu_new = GELU with the
// tanh approximation, multi-head attention, head tied to the token embedding). Projection weights
// keep Hugging Face's Conv1D layout [in, out] (y = x W + b), so float32 files are used zero-copy.
// Immutable after construction; concurrent forwards are safe with one KvCache per thread.
#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

#include "core/error.h"
#include "core/model/language_model.h"

namespace core::model {

struct Gpt2LayerWeights {
  at::Tensor ln1_w, ln1_b;    // [dim]
  at::Tensor attn_w, attn_b;  // [dim, 3*dim], [3*dim]: q | k | v columns
  at::Tensor proj_w, proj_b;  // [dim, dim], [dim]
  at::Tensor ln2_w, ln2_b;    // [dim]
  at::Tensor fc_w, fc_b;      // [dim, inner], [inner]
  at::Tensor out_w, out_b;    // [inner, dim], [dim]
};

struct Gpt2Weights {
  at::Tensor wte;  // [vocab, dim]
  at::Tensor wpe;  // [positions, dim]
  std::vector<Gpt2LayerWeights> layers;
  at::Tensor lnf_w, lnf_b;
};

// The configuration of a GPT-2 (tied embeddings, as many key/value heads as heads), as every reader
// of one fills it: `hf_architecture` says where it came from ("GPT2LMHeadModel", "gguf:gpt2").
ModelConfig gpt2_config(std::string hf_architecture, std::int64_t dim, std::int64_t hidden_dim, std::int64_t layers,
                        std::int64_t heads, std::int64_t vocab, std::int64_t positions, double norm_eps);

class Gpt2Model final : public LanguageModel {
 public:
  // `gelu_tanh`: the tanh approximation (gelu_new), else the exact erf GELU. Checks every shape.
  static Result<std::shared_ptr<const Gpt2Model>> create(ModelConfig config, Gpt2Weights weights, bool gelu_tanh);

  const ModelConfig& config() const override { return config_; }
  const Gpt2Weights& weights() const { return weights_; }
  at::Tensor trunk(const at::Tensor& input_ids) const override;
  at::Tensor trunk_from(const at::Tensor& input_ids, std::int64_t from) const override;
  at::Tensor head(const at::Tensor& features) const override;
  bool has_hidden_states() const override { return true; }
  std::unique_ptr<KvCache> new_cache(std::int64_t batch) const override;
  at::Tensor decode_step(const at::Tensor& input_ids, KvCache& cache) const override;
  bool supports_cached_trunk() const override { return true; }
  at::Tensor trunk_after(const at::Tensor& input_ids, KvCache& cache) const override;
  std::int64_t parameter_count() const override;
  std::string weights_dtype() const override;

 private:
  Gpt2Model(ModelConfig config, Gpt2Weights weights, bool gelu_tanh)
      : config_(std::move(config)), weights_(std::move(weights)), gelu_tanh_(gelu_tanh) {}
  // Features of positions from..T-1 (trunk_from); `from` is 0 with a cache.
  at::Tensor forward(const at::Tensor& ids, class DenseKvCache* cache, std::int64_t from = 0) const;

  ModelConfig config_;
  Gpt2Weights weights_;
  bool gelu_tanh_ = true;
};

}  // namespace core::model
