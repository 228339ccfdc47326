#pragma once
// core::model::LlamaModel: the Llama family (Llama 2/3, Mistral, Qwen2 and llama2.c checkpoints):
// RMSNorm, rotary positions (adjacent or half pairing, see RopePairing), grouped-query attention,
// SwiGLU feed-forward, tied or separate vocabulary head, optional projection biases (Qwen2).
// Weights are float32, [out, in] as nn.Linear stores them, and may be zero-copy views of a mapped
// file. Immutable after construction; concurrent forwards are safe with one KvCache per thread.
#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

#include "core/error.h"
#include "core/model/language_model.h"

namespace core::model {

struct LlamaLayerWeights {
  at::Tensor attn_norm;           // [dim]
  at::Tensor wq, wk, wv, wo;      // [H*hd, dim], [KVH*hd, dim], [KVH*hd, dim], [dim, H*hd]
  at::Tensor bq, bk, bv, bo;      // optional biases (undefined when absent)
  at::Tensor ffn_norm;            // [dim]
  at::Tensor w_gate, w_up;        // [hidden, dim]  (llama2.c w1, w3)
  at::Tensor w_down;              // [dim, hidden]  (llama2.c w2)
  at::Tensor b_gate, b_up, b_down;
};

struct LlamaWeights {
  at::Tensor embed;       // [vocab, dim]
  std::vector<LlamaLayerWeights> layers;
  at::Tensor final_norm;  // [dim]
  at::Tensor lm_head;     // [vocab, dim]; undefined when tied to `embed`
};

class LlamaModel final : public LanguageModel {
 public:
  // Checks every tensor's shape against `config`; the error names the tensor.
  static Result<std::shared_ptr<const LlamaModel>> create(ModelConfig config, LlamaWeights weights);

  const ModelConfig& config() const override { return config_; }
  at::Tensor trunk(const at::Tensor& input_ids) const override;
  at::Tensor head(const at::Tensor& features) const override;
  bool has_hidden_states() const override { return true; }
  std::unique_ptr<KvCache> new_cache(std::int64_t batch) const override;
  at::Tensor decode_step(const at::Tensor& input_ids, KvCache& cache) const override;
  bool supports_cached_trunk() const override { return true; }
  at::Tensor trunk_after(const at::Tensor& input_ids, KvCache& cache) const override;
  std::int64_t parameter_count() const override;

  const LlamaWeights& weights() const { return weights_; }

 private:
  LlamaModel(ModelConfig config, LlamaWeights weights);
  at::Tensor forward(const at::Tensor& ids, class DenseKvCache* cache) const;
  at::Tensor rope(const at::Tensor& x, std::int64_t pos) const;

  ModelConfig config_;
  LlamaWeights weights_;
  at::Tensor cos_, sin_;  // [max_seq_len, head_dim], laid out for the configured pairing
};

}  // namespace core::model
