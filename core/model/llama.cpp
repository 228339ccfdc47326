#include "core/model/llama.h"

#include <ATen/ATen.h>

#include <cmath>
#include <sstream>

#include "core/model/attention.h"
#include "core/model/fused_ops.h"
#include "core/model/rope_scaling.h"
#include "core/model/weight_dtype.h"

namespace core::model {

namespace {

std::string shape_text(at::IntArrayRef s) {
  std::ostringstream o;
  o << s;
  return o.str();
}

// Matrices and the embedding may be kept in half precision (docs/ARCHITECTURE.md, "Weight dtypes");
// vectors (norms, biases) are float32.
Result<void> expect_shape(const at::Tensor& t, std::vector<std::int64_t> shape, const std::string& name,
                          bool optional = false) {
  if (!t.defined()) {
    if (optional) return {};
    return fail(ErrorCode::NotFound, "tensor " + name + " is missing");
  }
  if (t.sizes() != at::IntArrayRef(shape))
    return fail(ErrorCode::Mismatch,
                "tensor " + name + " has shape " + shape_text(t.sizes()) + ", the configuration needs " +
                    shape_text(shape));
  const auto type = t.scalar_type();
  const bool half = shape.size() >= 2 && (type == at::kHalf || type == at::kBFloat16);
  if (type != at::kFloat && !half)
    return fail(ErrorCode::Internal, "tensor " + name + " is " + dtype_name(type) +
                                         (shape.size() >= 2 ? ", not float32, float16 or bfloat16" : ", not float32"));
  return {};
}

}  // namespace

LlamaModel::LlamaModel(ModelConfig config, LlamaWeights weights)
    : config_(std::move(config)), weights_(std::move(weights)) {
  const std::int64_t hd = config_.head_dim(), S = config_.max_seq_len;
  const std::int64_t rd = config_.rotary_dim > 0 ? config_.rotary_dim : hd;
  auto tables = rope_tables(config_.rope_theta, rd, S, config_.rope_pairing, config_.rope_scaling);
  cos_ = tables.cos, sin_ = tables.sin;
  if (config_.rope_local_theta > 0) {
    auto local = rope_tables(config_.rope_local_theta, rd, S, config_.rope_pairing, RopeScaling{});
    local_cos_ = local.cos, local_sin_ = local.sin;
  }
  // With weights on a GPU the tables go there too.
  const auto device = weights_.embed.device();
  if (!device.is_cpu())
    for (at::Tensor* t : {&cos_, &sin_, &local_cos_, &local_sin_})
      if (t->defined()) *t = t->to(device);
}

Result<std::shared_ptr<const LlamaModel>> LlamaModel::create(ModelConfig config, LlamaWeights w) {
  const auto d = config.dim, hd = config.head_dim(), H = config.n_heads, KVH = config.n_kv_heads;
  const auto F = config.hidden_dim, V = config.vocab_size;
  if (d <= 0 || H <= 0 || KVH <= 0 || F <= 0 || V <= 0 || config.n_layers <= 0 || config.max_seq_len <= 0)
    return fail(ErrorCode::InvalidInput, "model sizes must be positive");
  const std::int64_t rd = config.rotary_dim > 0 ? config.rotary_dim : hd;
  if ((config.head_dim_override == 0 && d % H != 0) || H % KVH != 0 || hd % 2 != 0 || rd % 2 != 0 || rd > hd)
    return fail(ErrorCode::InvalidInput,
                "dim must divide into heads of even size (rotating an even part of each) and heads into kv heads");
  if (std::int64_t(w.layers.size()) != config.n_layers)
    return fail(ErrorCode::Internal, "layer count differs from the configuration");
  if (!config.layer_window.empty() && std::int64_t(config.layer_window.size()) != config.n_layers)
    return fail(ErrorCode::Internal, "sliding windows are not given for every layer");
  const bool layer_norm = config.norm == NormKind::Layer, gated = config.feed_forward == FeedForward::SwiGlu ||
                                                              config.feed_forward == FeedForward::GeGluTanh;
  if (auto r = expect_shape(w.embed, {V, d}, "embed"); !r) return std::unexpected(r.error());
  if (auto r = expect_shape(w.final_norm, {d}, "final norm"); !r) return std::unexpected(r.error());
  if (auto r = expect_shape(w.final_norm_b, {d}, "final norm bias", !layer_norm); !r) return std::unexpected(r.error());
  if (auto r = expect_shape(w.lm_head, {V, d}, "lm_head", config.tied_embeddings); !r)
    return std::unexpected(r.error());
  const bool per_head = config.qk_norm == QkNorm::PerHead, qk = config.qk_norm != QkNorm::None;
  for (std::size_t l = 0; l < w.layers.size(); ++l) {
    const auto& L = w.layers[l];
    const std::string n = "layer " + std::to_string(l) + " ";
    const struct {
      const at::Tensor* t;
      std::vector<std::int64_t> shape;
      const char* name;
      bool optional;
    } checks[] = {{&L.attn_norm, {d}, "attention norm", !config.pre_norms},
                  {&L.attn_norm_b, {d}, "attention norm bias", !layer_norm || !config.pre_norms},
                  {&L.wq, {H * hd, d}, "wq", false},
                  {&L.wk, {KVH * hd, d}, "wk", false},
                  {&L.wv, {KVH * hd, d}, "wv", false},
                  {&L.wo, {d, H * hd}, "wo", false},
                  {&L.bq, {H * hd}, "q bias", !config.qkv_bias},
                  {&L.bk, {KVH * hd}, "k bias", !config.qkv_bias},
                  {&L.bv, {KVH * hd}, "v bias", !config.qkv_bias},
                  {&L.bo, {d}, "o bias", true},
                  {&L.q_norm, {per_head ? hd : H * hd}, "q norm", !qk},
                  {&L.k_norm, {per_head ? hd : KVH * hd}, "k norm", !qk},
                  {&L.post_attn_norm, {d}, "post-attention norm", !config.post_norms},
                  {&L.ffn_norm, {d}, "feed-forward norm", !config.pre_norms},
                  {&L.ffn_norm_b, {d}, "feed-forward norm bias", !layer_norm || !config.pre_norms},
                  {&L.post_ffn_norm, {d}, "post-feed-forward norm", !config.post_norms},
                  {&L.w_gate, {F, d}, "gate", !gated},
                  {&L.w_up, {F, d}, "up", false},
                  {&L.w_down, {d, F}, "down", false},
                  {&L.b_gate, {F}, "gate bias", true},
                  {&L.b_up, {F}, "up bias", true},
                  {&L.b_down, {d}, "down bias", true}};
    for (const auto& c : checks)
      if (auto r = expect_shape(*c.t, c.shape, n + c.name, c.optional); !r) return std::unexpected(r.error());
  }
  if (config.tied_embeddings) w.lm_head = at::Tensor();
  return std::shared_ptr<const LlamaModel>(new LlamaModel(std::move(config), std::move(w)));
}

at::Tensor LlamaModel::norm(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) const {
  const double eps = config_.norm_eps;
  switch (config_.norm) {
    case NormKind::Layer:
      return at::layer_norm(x, {x.size(-1)}, w, b, eps);
    case NormKind::RmsPlusOne:
      return rms_norm(x, w, eps, 1.0f);
    case NormKind::Rms:
      break;
  }
  return rms_norm(x, w, eps, 0.0f);
}

at::Tensor LlamaModel::forward(const at::Tensor& input_ids, DenseKvCache* cache, std::int64_t from) const {
  // Callers build token ids on the CPU; they go where the weights are (a no-op there).
  const at::Tensor ids = input_ids.to(weights_.embed.device());
  const std::int64_t pos = cache ? cache->length() : 0;
  check_input(ids, config_, pos);
  const std::int64_t B = ids.size(0), T = ids.size(1), hd = config_.head_dim();
  const std::int64_t H = config_.n_heads, KVH = config_.n_kv_heads;
  check_kept_rows(from, T, cache != nullptr);
  if (cache) {
    if (cache->batch() != B || !cache->fits(config_.n_layers, KVH, hd))
      throw std::invalid_argument("the cache was made for another model or batch size");
    cache->reserve_more(T);
  }
  // The residual stream is updated in place: the output projections add their products straight
  // into it (gemm with beta = 1), so no [B*T, dim] temporary is made per sum.
  at::Tensor x = embedding_rows(weights_.embed, ids);
  if (config_.embed_scale > 0) x.mul_(float(config_.embed_scale));
  at::Tensor rows = x.view({B * T, config_.dim});
  // A sublayer's output joins the residual stream: straight into it, or through its post-norm.
  const auto add_output = [&](const at::Tensor& in, const at::Tensor& w, const at::Tensor& b,
                              const at::Tensor& post_norm) {
    if (post_norm.defined()) {
      rows.add_(norm(linear(in, w, b), post_norm, {}).reshape({rows.size(0), config_.dim}));
      return;
    }
    add_linear_(rows, in.reshape({rows.size(0), w.size(1)}), w);
    if (b.defined()) rows.add_(b);
  };
  const RopeTables global{cos_, sin_}, local{local_cos_, local_sin_};
  const auto pairing = config_.rope_pairing;
  const bool per_head = config_.qk_norm == QkNorm::PerHead;
  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    const LlamaLayerWeights& L = weights_.layers[l];
    const std::int64_t window = config_.layer_window.empty() ? 0 : config_.layer_window[l];
    const RopeTables& tables = window > 0 && local.cos.defined() ? local : global;
    // The last layer's queries, and everything after its attention, only at positions from..T-1
    // (keys and values at every position): nothing later reads the others (trunk_from).
    const std::int64_t keep = l + 1 == weights_.layers.size() ? from : 0, Tq = T - keep;
    const at::Tensor h = config_.pre_norms ? norm(x, L.attn_norm, L.attn_norm_b) : x;
    const at::Tensor hq = keep > 0 ? h.narrow(1, keep, Tq).contiguous() : h;
    // GPT-NeoX's parallel residual reads the feed-forward's input before attention adds to x.
    const at::Tensor h_parallel = config_.parallel_residual
                                      ? norm(keep > 0 ? x.narrow(1, keep, Tq) : x, L.ffn_norm, L.ffn_norm_b)
                                      : at::Tensor();
    at::Tensor q = linear(hq, L.wq, L.bq), k = linear(h, L.wk, L.bk);
    if (config_.qk_norm == QkNorm::Full) q = norm(q, L.q_norm, {}), k = norm(k, L.k_norm, {});
    q = q.view({B, Tq, H, hd}), k = k.view({B, T, KVH, hd});
    if (per_head) q = norm(q, L.q_norm, {}), k = norm(k, L.k_norm, {});
    q = apply_rope(q, tables, pos + keep, pairing);
    k = apply_rope(k, tables, pos, pairing);
    const at::Tensor v = linear(h, L.wv, L.bv).view({B, T, KVH, hd});
    const AttentionOptions options{config_.attn_scale, config_.attn_softcap, window};
    at::Tensor attn;
    if (cache) {
      const auto [keys, values] = cache->append(l, k, v);
      attn = causal_attention(q, keys, values, pos, options);
    } else {
      attn = causal_attention(q, k.permute({0, 2, 1, 3}), v.permute({0, 2, 1, 3}), keep, options);
    }
    if (keep > 0) {
      x = x.narrow(1, keep, Tq).contiguous();
      rows = x.view({B * Tq, config_.dim});
    }
    add_output(attn, L.wo, L.bo, L.post_attn_norm);
    const at::Tensor hf = config_.parallel_residual ? h_parallel
                          : config_.pre_norms       ? norm(x, L.ffn_norm, L.ffn_norm_b)
                                                    : x;
    at::Tensor inner;
    switch (config_.feed_forward) {
      case FeedForward::SwiGlu:
        inner = linear(hf, L.w_gate, L.b_gate);
        silu_times_(inner, linear(hf, L.w_up, L.b_up));
        break;
      case FeedForward::GeGluTanh:
        inner = linear(hf, L.w_gate, L.b_gate);
        tanh_gelu_(inner);
        inner.mul_(linear(hf, L.w_up, L.b_up));
        break;
      case FeedForward::Gelu:
        inner = at::gelu(linear(hf, L.w_up, L.b_up));
        break;
      case FeedForward::GeluTanh:
        inner = linear(hf, L.w_up, L.b_up);
        tanh_gelu_(inner);
        break;
    }
    add_output(inner, L.w_down, L.b_down, L.post_ffn_norm);
  }
  if (cache) cache->commit(T);
  return norm(x, weights_.final_norm, weights_.final_norm_b);
}

at::Tensor LlamaModel::trunk(const at::Tensor& input_ids) const {
  c10::InferenceMode guard;
  return forward(input_ids, nullptr);
}

at::Tensor LlamaModel::trunk_from(const at::Tensor& input_ids, std::int64_t from) const {
  c10::InferenceMode guard;
  return forward(input_ids, nullptr, from);
}

at::Tensor LlamaModel::head(const at::Tensor& features) const {
  c10::InferenceMode guard;
  at::Tensor logits = vocabulary_logits(features, weights_.lm_head.defined() ? weights_.lm_head : weights_.embed);
  if (config_.final_softcap > 0) logits.div_(config_.final_softcap).tanh_().mul_(config_.final_softcap);
  return logits;
}

std::unique_ptr<KvCache> LlamaModel::new_cache(std::int64_t batch) const {
  return std::make_unique<DenseKvCache>(batch, config_.n_layers, config_.n_kv_heads, config_.head_dim(),
                                        config_.max_seq_len, weights_.embed.options().dtype(at::kFloat));
}

at::Tensor LlamaModel::trunk_after(const at::Tensor& input_ids, KvCache& cache) const {
  c10::InferenceMode guard;
  auto* dense = dynamic_cast<DenseKvCache*>(&cache);
  if (!dense) throw std::invalid_argument("the cache was not made by this model");
  return forward(input_ids, dense);
}

at::Tensor LlamaModel::decode_step(const at::Tensor& input_ids, KvCache& cache) const {
  c10::InferenceMode guard;
  auto* dense = dynamic_cast<DenseKvCache*>(&cache);
  if (!dense) throw std::invalid_argument("the cache was not made by this model");
  const at::Tensor features = forward(input_ids, dense);
  return head(features.select(1, features.size(1) - 1));
}

std::int64_t LlamaModel::parameter_count() const {
  std::int64_t n = weights_.embed.numel() + weights_.final_norm.numel();
  if (weights_.final_norm_b.defined()) n += weights_.final_norm_b.numel();
  if (weights_.lm_head.defined()) n += weights_.lm_head.numel();
  for (const auto& L : weights_.layers)
    for (const at::Tensor* t : {&L.attn_norm, &L.wq, &L.wk, &L.wv, &L.wo, &L.bq, &L.bk, &L.bv, &L.bo, &L.ffn_norm,
                                &L.w_gate, &L.w_up, &L.w_down, &L.b_gate, &L.b_up, &L.b_down, &L.attn_norm_b,
                                &L.ffn_norm_b, &L.q_norm, &L.k_norm, &L.post_attn_norm, &L.post_ffn_norm})
      if (t->defined()) n += t->numel();
  return n;
}

std::string LlamaModel::weights_dtype() const {
  std::vector<const at::Tensor*> matrices{&weights_.embed, &weights_.lm_head};
  for (const auto& L : weights_.layers)
    for (const at::Tensor* t : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down}) matrices.push_back(t);
  return dtype_summary(matrices);
}

}  // namespace core::model
