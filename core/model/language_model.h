#pragma once
// core::model::LanguageModel: a causal LM's forward pass, split into trunk and head so the analysis
// can apply the vocabulary head to a few positions at a time and never hold [batch, time, vocab].
//
// Models are immutable after loading; forward calls are safe from several threads at once only if
// each thread brings its own KvCache. Inputs are int64 token ids, on the CPU or the model's device
// (they are moved to the weights'); outputs stay on the model's device. Right
// padding needs no mask (attention is causal): metrics simply skip the padded positions.
// Forward calls check their input and throw std::invalid_argument (ids outside the vocabulary, a
// cache from another model) or std::length_error (past the context); callers in core catch these
// and return an Error (see generate() in sampling.h).
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace core::model {

enum class Architecture { Llama, Gpt2, TorchScript };
const char* to_string(Architecture a);

// How RoPE pairs the dimensions of a head: llama2.c rotates adjacent pairs (2i, 2i+1); Hugging Face
// Llama rotates halves (i, i + d/2) after its weight permutation.
enum class RopePairing { Adjacent, Halves };

// How a decoder normalises (see docs/ARCHITECTURE.md, "Model families"): RMSNorm times w (Llama),
// RMSNorm times (1 + w) (Gemma), or LayerNorm with a bias (GPT-NeoX).
enum class NormKind { Rms, RmsPlusOne, Layer };
// Query/key normalisation before RoPE: none, per head over head_dim (Qwen3, Gemma 3), or over the
// whole projection width (OLMo 2).
enum class QkNorm { None, PerHead, Full };
// The feed-forward: gated SiLU (Llama), gated GELU-tanh (Gemma), or an ungated GELU (GPT-NeoX, exact
// erf or tanh approximation).
enum class FeedForward { SwiGlu, GeGluTanh, Gelu, GeluTanh };

// RoPE frequency scaling as config.json's `rope_scaling` states it (Hugging Face's
// modeling_rope_utils). None also covers `dynamic`, which equals plain RoPE within
// max_position_embeddings, the longest context the model is run with.
struct RopeScaling {
  enum class Type { None, Linear, Llama3, Yarn } type = Type::None;
  double factor = 1.0;
  double low_freq_factor = 1.0, high_freq_factor = 4.0;  // llama3
  std::int64_t original_max_position_embeddings = 0;     // llama3, yarn
  double beta_fast = 32.0, beta_slow = 1.0;              // yarn
  double attention_factor = 1.0;                         // yarn: multiplies cos and sin
};

struct ModelConfig {
  Architecture architecture = Architecture::Llama;
  std::string hf_architecture;   // as config.json says, e.g. "LlamaForCausalLM"; empty for llama2.c
  std::int64_t dim = 0;          // hidden size
  std::int64_t hidden_dim = 0;   // feed-forward inner size
  std::int64_t n_layers = 0;
  std::int64_t n_heads = 0;
  std::int64_t n_kv_heads = 0;   // grouped-query attention when < n_heads
  std::int64_t vocab_size = 0;
  std::int64_t max_seq_len = 0;  // context length
  double rope_theta = 10000.0;
  double norm_eps = 1e-5;
  bool tied_embeddings = true;   // the head reuses the token embedding
  bool qkv_bias = false;         // Qwen2
  RopePairing rope_pairing = RopePairing::Halves;
  // Model families beyond Llama 2 (docs/ARCHITECTURE.md, "Model families"); the defaults are Llama's.
  std::int64_t head_dim_override = 0;  // config.json head_dim when it differs from dim / n_heads
  std::int64_t rotary_dim = 0;         // dimensions of a head that RoPE turns; 0 = all (partial rotary)
  RopeScaling rope_scaling;
  double rope_local_theta = 0;         // Gemma 3: theta of sliding-window layers (no scaling); 0 = same
  NormKind norm = NormKind::Rms;
  QkNorm qk_norm = QkNorm::None;
  bool pre_norms = true;               // norm before each sublayer (OLMo 2: none)
  bool post_norms = false;             // norm after each sublayer, before the residual add (Gemma, OLMo 2)
  bool parallel_residual = false;      // GPT-NeoX: x + attn(ln1(x)) + mlp(ln2(x))
  FeedForward feed_forward = FeedForward::SwiGlu;
  double embed_scale = 0;              // multiplies the embedding (Gemma: sqrt(dim)); 0 = none
  double attn_scale = 0;               // query scaling; 0 = 1 / sqrt(head_dim)
  double attn_softcap = 0;             // Gemma 2: scores = cap * tanh(scores / cap); 0 = none
  double final_softcap = 0;            // Gemma 2: the same on the logits
  // Per layer, the sliding window (a query reads keys with q - k < window), 0 = full attention.
  // Empty: every layer full.
  std::vector<std::int64_t> layer_window;
  std::int64_t head_dim() const { return head_dim_override ? head_dim_override : n_heads ? dim / n_heads : 0; }
};

// Per-sequence key/value history for incremental decoding.
class KvCache {
 public:
  virtual ~KvCache() = default;
  virtual std::int64_t length() const = 0;  // tokens already in the cache
  // Forgets every position from `length` on, so a cached prefix (a zoom's prompt) serves many
  // continuations. Returns false when this cache cannot (the caller then starts a new one).
  virtual bool truncate(std::int64_t length) {
    (void)length;
    return false;
  }
};

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;

  virtual const ModelConfig& config() const = 0;

  // [B, T] int64 ids -> [B, T, F] float32 features: the final normalised hidden states (F = dim),
  // or, for a model that cannot be split (TorchScript), the logits themselves (F = vocab).
  virtual at::Tensor trunk(const at::Tensor& input_ids) const = 0;
  // trunk()'s features of positions from..T-1 only, [B, T - from, F], for a caller that reads no
  // earlier one (a window whose first positions are context only). Models that can skip the last
  // layer's work on the earlier positions do (docs/ARCHITECTURE.md, "Context-only rows"); the rows
  // returned are those trunk() gives. 0 <= from < T.
  virtual at::Tensor trunk_from(const at::Tensor& input_ids, std::int64_t from) const;
  // [N, F] features -> [N, V] float32 logits. Identity when trunk() already returns logits.
  virtual at::Tensor head(const at::Tensor& features) const = 0;
  // Whether trunk() returns hidden states (usable for the projection view).
  virtual bool has_hidden_states() const = 0;

  // Incremental decoding: feeds `input_ids` [B, T] after what `cache` holds and returns the logits
  // of the last position, [B, V]. A model without a cache (TorchScript) recomputes from scratch.
  virtual std::unique_ptr<KvCache> new_cache(std::int64_t batch) const = 0;
  virtual at::Tensor decode_step(const at::Tensor& input_ids, KvCache& cache) const = 0;
  // Like trunk(), for `input_ids` [B, T] following what `cache` holds (appended to it): [B, T, F].
  // Whether a model can: supports_cached_trunk(); otherwise this throws std::logic_error.
  virtual bool supports_cached_trunk() const { return false; }
  virtual at::Tensor trunk_after(const at::Tensor& input_ids, KvCache& cache) const;

  // Convenience: full logits [B, T, V].
  at::Tensor logits(const at::Tensor& input_ids) const;

  virtual std::int64_t parameter_count() const = 0;
  // The dtype the weight matrices are kept in ("float32", "float16", "bfloat16", or "mixed (…)");
  // norms, biases, activations and logits are float32 whatever it is (weight_dtype.h).
  virtual std::string weights_dtype() const { return "float32"; }
};

// The summary weights_dtype() gives for a set of tensors (undefined ones are skipped).
std::string dtype_summary(const std::vector<const at::Tensor*>& tensors);

}  // namespace core::model
