#pragma once
// core::model::LlamaModel: the pre-norm rotary decoder that the Llama family (Llama 2/3, Mistral,
// Qwen2/3, Phi-3, llama2.c checkpoints) and its relatives share: RMSNorm, rotary positions (adjacent
// or half pairing, see RopePairing), grouped-query attention, SwiGLU feed-forward, tied or separate
// vocabulary head, optional projection biases (Qwen2). What other families change is in
// ModelConfig (norm kind, q/k norms, post-sublayer norms, parallel residual, feed-forward kind,
// embedding scale, soft-capping, sliding windows, scaled or partial RoPE): Gemma 2/3, OLMo 2 and
// GPT-NeoX run on the same forward, KV cache and head (docs/ARCHITECTURE.md, "Model families").
// Matrices are float32, float16 or bfloat16 (weight_dtype.h), [out, in] as nn.Linear stores them,
// norms and biases float32; weights may be zero-copy views of a mapped
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
  // Model families (undefined when the family has none):
  at::Tensor attn_norm_b, ffn_norm_b;         // [dim] LayerNorm biases (GPT-NeoX)
  at::Tensor q_norm, k_norm;                  // [hd] per head, or [H*hd] / [KVH*hd] (QkNorm::Full)
  at::Tensor post_attn_norm, post_ffn_norm;   // [dim] after each sublayer (Gemma, OLMo 2)
};

struct LlamaWeights {
  at::Tensor embed;       // [vocab, dim]
  std::vector<LlamaLayerWeights> layers;
  at::Tensor final_norm;  // [dim]
  at::Tensor lm_head;     // [vocab, dim]; undefined when tied to `embed`
  at::Tensor final_norm_b;  // [dim] LayerNorm bias (GPT-NeoX); undefined otherwise
};

class LlamaModel final : public LanguageModel {
 public:
  // Checks every tensor's shape against `config`; the error names the tensor.
  static Result<std::shared_ptr<const LlamaModel>> create(ModelConfig config, LlamaWeights weights);

  const ModelConfig& config() const override { return config_; }
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

  const LlamaWeights& weights() const { return weights_; }

 private:
  LlamaModel(ModelConfig config, LlamaWeights weights);
  // Features of positions from..T-1 (trunk_from); `from` is 0 with a cache.
  at::Tensor forward(const at::Tensor& ids, class DenseKvCache* cache, std::int64_t from = 0) const;
  at::Tensor norm(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) const;

  ModelConfig config_;
  LlamaWeights weights_;
  // [max_seq_len, rotary_dim] cos and sin, laid out for the configured pairing: the model's, and
  // the sliding-window layers' own when config.rope_local_theta is set (Gemma 3).
  at::Tensor cos_, sin_, local_cos_, local_sin_;
};

}  // namespace core::model
