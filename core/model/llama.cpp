#include "core/model/llama.h"

#include <ATen/ATen.h>

#include <cmath>
#include <sstream>

#include "core/model/attention.h"

namespace core::model {

namespace {

std::string shape_text(at::IntArrayRef s) {
  std::ostringstream o;
  o << s;
  return o.str();
}

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
  if (t.scalar_type() != at::kFloat) return fail(ErrorCode::Internal, "tensor " + name + " is not float32");
  return {};
}

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& w, double eps) {
  return x * at::rsqrt(x.pow(2).mean(-1, true).add_(eps)) * w;
}

}  // namespace

LlamaModel::LlamaModel(ModelConfig config, LlamaWeights weights)
    : config_(std::move(config)), weights_(std::move(weights)) {
  // Rotation tables in float, the way llama2.c and transformers compute them: the frequency with
  // powf, the angle as float(pos) * freq, then cosf/sinf.
  const std::int64_t hd = config_.head_dim(), half = hd / 2, S = config_.max_seq_len;
  cos_ = at::empty({S, hd}, at::kFloat);
  sin_ = at::empty({S, hd}, at::kFloat);
  float* c = cos_.data_ptr<float>();
  float* s = sin_.data_ptr<float>();
  const bool adjacent = config_.rope_pairing == RopePairing::Adjacent;
  for (std::int64_t p = 0; p < S; ++p)
    for (std::int64_t i = 0; i < half; ++i) {
      const float freq = 1.0f / std::pow(float(config_.rope_theta), float(2 * i) / float(hd));
      const float angle = float(p) * freq;
      const float cv = std::cos(angle), sv = std::sin(angle);
      const std::int64_t a = adjacent ? 2 * i : i, b = adjacent ? 2 * i + 1 : i + half;
      c[p * hd + a] = c[p * hd + b] = cv;
      s[p * hd + a] = s[p * hd + b] = sv;
    }
  // With weights on a GPU the tables go there too.
  if (!weights_.embed.device().is_cpu()) cos_ = cos_.to(weights_.embed.device()), sin_ = sin_.to(weights_.embed.device());
}

Result<std::shared_ptr<const LlamaModel>> LlamaModel::create(ModelConfig config, LlamaWeights w) {
  const auto d = config.dim, hd = config.head_dim(), H = config.n_heads, KVH = config.n_kv_heads;
  const auto F = config.hidden_dim, V = config.vocab_size;
  if (d <= 0 || H <= 0 || KVH <= 0 || F <= 0 || V <= 0 || config.n_layers <= 0 || config.max_seq_len <= 0)
    return fail(ErrorCode::InvalidInput, "model sizes must be positive");
  if (d % H != 0 || H % KVH != 0 || hd % 2 != 0)
    return fail(ErrorCode::InvalidInput, "dim must divide into heads of even size and heads into kv heads");
  if (std::int64_t(w.layers.size()) != config.n_layers)
    return fail(ErrorCode::Internal, "layer count differs from the configuration");
  if (auto r = expect_shape(w.embed, {V, d}, "embed"); !r) return std::unexpected(r.error());
  if (auto r = expect_shape(w.final_norm, {d}, "final norm"); !r) return std::unexpected(r.error());
  if (auto r = expect_shape(w.lm_head, {V, d}, "lm_head", config.tied_embeddings); !r)
    return std::unexpected(r.error());
  for (std::size_t l = 0; l < w.layers.size(); ++l) {
    const auto& L = w.layers[l];
    const std::string n = "layer " + std::to_string(l) + " ";
    const struct {
      const at::Tensor* t;
      std::vector<std::int64_t> shape;
      const char* name;
      bool optional;
    } checks[] = {{&L.attn_norm, {d}, "attention norm", false},
                  {&L.wq, {H * hd, d}, "wq", false},
                  {&L.wk, {KVH * hd, d}, "wk", false},
                  {&L.wv, {KVH * hd, d}, "wv", false},
                  {&L.wo, {d, H * hd}, "wo", false},
                  {&L.bq, {H * hd}, "q bias", !config.qkv_bias},
                  {&L.bk, {KVH * hd}, "k bias", !config.qkv_bias},
                  {&L.bv, {KVH * hd}, "v bias", !config.qkv_bias},
                  {&L.bo, {d}, "o bias", true},
                  {&L.ffn_norm, {d}, "feed-forward norm", false},
                  {&L.w_gate, {F, d}, "gate", false},
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

at::Tensor LlamaModel::rope(const at::Tensor& x, std::int64_t pos) const {
  // x: [B, T, heads, hd]. out = x * cos + rotate(x) * sin, where rotate maps each pair (a, b) to
  // (-b, a): adjacent pairs (2i, 2i+1) for llama2.c, halves (i, i + hd/2) for Hugging Face.
  const std::int64_t T = x.size(1), hd = x.size(3);
  const at::Tensor c = cos_.narrow(0, pos, T).view({1, T, 1, hd});
  const at::Tensor s = sin_.narrow(0, pos, T).view({1, T, 1, hd});
  at::Tensor rotated;
  if (config_.rope_pairing == RopePairing::Adjacent) {
    const at::Tensor pairs = x.unflatten(-1, {hd / 2, 2});
    rotated = at::stack({pairs.select(-1, 1).neg(), pairs.select(-1, 0)}, -1).flatten(-2);
  } else {
    rotated = at::cat({x.narrow(-1, hd / 2, hd / 2).neg(), x.narrow(-1, 0, hd / 2)}, -1);
  }
  return at::addcmul(x * c, rotated, s);
}

at::Tensor LlamaModel::forward(const at::Tensor& ids, DenseKvCache* cache) const {
  const std::int64_t pos = cache ? cache->length() : 0;
  check_input(ids, config_, pos);
  const std::int64_t B = ids.size(0), T = ids.size(1), hd = config_.head_dim();
  const std::int64_t H = config_.n_heads, KVH = config_.n_kv_heads;
  if (cache) {
    if (cache->batch() != B || !cache->fits(config_.n_layers, KVH, hd))
      throw std::invalid_argument("the cache was made for another model or batch size");
    cache->reserve_more(T);
  }
  // The residual stream is updated in place: the output projections add their products straight
  // into it (gemm with beta = 1), so no [B*T, dim] temporary is made per sum.
  at::Tensor x = at::embedding(weights_.embed, ids);
  at::Tensor rows = x.view({B * T, config_.dim});
  const auto add_linear = [&rows](const at::Tensor& in, const at::Tensor& w, const at::Tensor& b) {
    rows.addmm_(in.reshape({rows.size(0), w.size(1)}), w.t());
    if (b.defined()) rows.add_(b);
  };
  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    const LlamaLayerWeights& L = weights_.layers[l];
    at::Tensor h = rms_norm(x, L.attn_norm, config_.norm_eps);
    const at::Tensor q = rope(at::linear(h, L.wq, L.bq).view({B, T, H, hd}), pos);
    const at::Tensor k = rope(at::linear(h, L.wk, L.bk).view({B, T, KVH, hd}), pos);
    const at::Tensor v = at::linear(h, L.wv, L.bv).view({B, T, KVH, hd});
    at::Tensor attn;
    if (cache) {
      const auto [keys, values] = cache->append(l, k, v);
      attn = causal_attention(q, keys, values, pos);
    } else {
      attn = causal_attention(q, k.permute({0, 2, 1, 3}), v.permute({0, 2, 1, 3}), 0);
    }
    add_linear(attn, L.wo, L.bo);
    h = rms_norm(x, L.ffn_norm, config_.norm_eps);
    at::Tensor gate = at::linear(h, L.w_gate, L.b_gate);
    at::silu_(gate).mul_(at::linear(h, L.w_up, L.b_up));
    add_linear(gate, L.w_down, L.b_down);
  }
  if (cache) cache->commit(T);
  return rms_norm(x, weights_.final_norm, config_.norm_eps);
}

at::Tensor LlamaModel::trunk(const at::Tensor& input_ids) const {
  c10::InferenceMode guard;
  return forward(input_ids, nullptr);
}

at::Tensor LlamaModel::head(const at::Tensor& features) const {
  c10::InferenceMode guard;
  return at::linear(features, weights_.lm_head.defined() ? weights_.lm_head : weights_.embed);
}

std::unique_ptr<KvCache> LlamaModel::new_cache(std::int64_t batch) const {
  return std::make_unique<DenseKvCache>(batch, config_.n_layers, config_.n_kv_heads, config_.head_dim(),
                                        config_.max_seq_len, weights_.embed.options());
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
  if (weights_.lm_head.defined()) n += weights_.lm_head.numel();
  for (const auto& L : weights_.layers)
    for (const at::Tensor* t : {&L.attn_norm, &L.wq, &L.wk, &L.wv, &L.wo, &L.bq, &L.bk, &L.bv, &L.bo, &L.ffn_norm,
                                &L.w_gate, &L.w_up, &L.w_down, &L.b_gate, &L.b_up, &L.b_down})
      if (t->defined()) n += t->numel();
  return n;
}

}  // namespace core::model
