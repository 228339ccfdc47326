#include "core/model/gpt2.h"

#include <ATen/ATen.h>

#include <sstream>

#include "core/model/attention.h"
#include "core/model/fused_ops.h"
#include "core/model/weight_dtype.h"

namespace core::model {

ModelConfig gpt2_config(std::string hf_architecture, std::int64_t dim, std::int64_t hidden_dim, std::int64_t layers,
                        std::int64_t heads, std::int64_t vocab, std::int64_t positions, double norm_eps) {
  ModelConfig config;
  config.architecture = Architecture::Gpt2;
  config.hf_architecture = std::move(hf_architecture);
  config.dim = dim;
  config.hidden_dim = hidden_dim;
  config.n_layers = layers;
  config.n_heads = config.n_kv_heads = heads;
  config.vocab_size = vocab;
  config.max_seq_len = positions;
  config.norm_eps = norm_eps;
  config.tied_embeddings = true;
  return config;
}

Result<std::shared_ptr<const Gpt2Model>> Gpt2Model::create(ModelConfig config, Gpt2Weights w, bool gelu_tanh) {
  const auto d = config.dim, F = config.hidden_dim, V = config.vocab_size, P = config.max_seq_len;
  if (d <= 0 || F <= 0 || V <= 0 || P <= 0 || config.n_heads <= 0 || config.n_layers <= 0)
    return fail(ErrorCode::InvalidInput, "model sizes must be positive");
  if (d % config.n_heads != 0) return fail(ErrorCode::InvalidInput, "n_embd must be a multiple of n_head");
  if (std::int64_t(w.layers.size()) != config.n_layers)
    return fail(ErrorCode::Internal, "layer count differs from the configuration");
  auto check = [](const at::Tensor& t, std::vector<std::int64_t> shape, const std::string& name) -> Result<void> {
    if (!t.defined()) return fail(ErrorCode::NotFound, "tensor " + name + " is missing");
    if (t.sizes() != at::IntArrayRef(shape)) {
      std::ostringstream o;
      o << "tensor " << name << " has shape " << t.sizes() << ", the configuration needs " << at::IntArrayRef(shape);
      return fail(ErrorCode::Mismatch, o.str());
    }
    // Matrices may be kept in half precision (weight_dtype.h); vectors are float32.
    const auto type = t.scalar_type();
    if (type != at::kFloat && !(shape.size() >= 2 && (type == at::kHalf || type == at::kBFloat16)))
      return fail(ErrorCode::Internal, "tensor " + name + " is " + dtype_name(type) + ", which GPT-2 cannot use there");
    return {};
  };
  for (auto [t, shape, name] : {std::tuple{&w.wte, std::vector<std::int64_t>{V, d}, "wte"},
                                std::tuple{&w.wpe, std::vector<std::int64_t>{P, d}, "wpe"},
                                std::tuple{&w.lnf_w, std::vector<std::int64_t>{d}, "ln_f.weight"},
                                std::tuple{&w.lnf_b, std::vector<std::int64_t>{d}, "ln_f.bias"}})
    if (auto r = check(*t, shape, name); !r) return std::unexpected(r.error());
  for (std::size_t l = 0; l < w.layers.size(); ++l) {
    const auto& L = w.layers[l];
    const std::string n = "h." + std::to_string(l) + ".";
    for (auto [t, shape, name] : {std::tuple{&L.ln1_w, std::vector<std::int64_t>{d}, "ln_1.weight"},
                                  std::tuple{&L.ln1_b, std::vector<std::int64_t>{d}, "ln_1.bias"},
                                  std::tuple{&L.attn_w, std::vector<std::int64_t>{d, 3 * d}, "attn.c_attn.weight"},
                                  std::tuple{&L.attn_b, std::vector<std::int64_t>{3 * d}, "attn.c_attn.bias"},
                                  std::tuple{&L.proj_w, std::vector<std::int64_t>{d, d}, "attn.c_proj.weight"},
                                  std::tuple{&L.proj_b, std::vector<std::int64_t>{d}, "attn.c_proj.bias"},
                                  std::tuple{&L.ln2_w, std::vector<std::int64_t>{d}, "ln_2.weight"},
                                  std::tuple{&L.ln2_b, std::vector<std::int64_t>{d}, "ln_2.bias"},
                                  std::tuple{&L.fc_w, std::vector<std::int64_t>{d, F}, "mlp.c_fc.weight"},
                                  std::tuple{&L.fc_b, std::vector<std::int64_t>{F}, "mlp.c_fc.bias"},
                                  std::tuple{&L.out_w, std::vector<std::int64_t>{F, d}, "mlp.c_proj.weight"},
                                  std::tuple{&L.out_b, std::vector<std::int64_t>{d}, "mlp.c_proj.bias"}})
      if (auto r = check(*t, shape, n + name); !r) return std::unexpected(r.error());
  }
  config.n_kv_heads = config.n_heads;
  config.tied_embeddings = true;
  return std::shared_ptr<const Gpt2Model>(new Gpt2Model(std::move(config), std::move(w), gelu_tanh));
}

at::Tensor Gpt2Model::forward(const at::Tensor& input_ids, DenseKvCache* cache, std::int64_t from) const {
  // Callers build token ids on the CPU; they go where the weights are (a no-op there).
  const at::Tensor ids = input_ids.to(weights_.wte.device());
  const std::int64_t pos = cache ? cache->length() : 0;
  check_input(ids, config_, pos);
  const std::int64_t B = ids.size(0), T = ids.size(1), d = config_.dim, H = config_.n_heads, hd = d / H;
  check_kept_rows(from, T, cache != nullptr);
  if (cache) {
    if (cache->batch() != B || !cache->fits(config_.n_layers, H, hd))
      throw std::invalid_argument("the cache was made for another model or batch size");
    cache->reserve_more(T);
  }
  // The residual stream is updated in place: each projection adds its product straight into it
  // (gemm with beta = 1), so no [B*T, d] temporary is made per sum.
  at::Tensor x = embedding_rows(weights_.wte, ids).add_(weights_.wpe.narrow(0, pos, T));
  at::Tensor rows = x.view({B * T, d});
  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    const Gpt2LayerWeights& L = weights_.layers[l];
    // The last layer's attention and feed-forward only at positions from..T-1, reading keys and
    // values of every position: nothing later reads the others (trunk_from).
    const std::int64_t keep = l + 1 == weights_.layers.size() ? from : 0, Tq = T - keep;
    at::Tensor h = at::layer_norm(x, {d}, L.ln1_w, L.ln1_b, config_.norm_eps).view({B * T, d});
    const at::Tensor qkv = matmul_plus(L.attn_b, h, L.attn_w).view({B, T, 3, H, hd});
    const at::Tensor q = qkv.select(2, 0).narrow(1, keep, Tq), k = qkv.select(2, 1), v = qkv.select(2, 2);
    at::Tensor attn;
    if (cache) {
      const auto [keys, values] = cache->append(l, k, v);
      attn = causal_attention(q, keys, values, pos);
    } else {
      attn = causal_attention(q, k.permute({0, 2, 1, 3}), v.permute({0, 2, 1, 3}), keep);
    }
    if (keep > 0) {
      x = x.narrow(1, keep, Tq).contiguous();
      rows = x.view({B * Tq, d});
    }
    add_matmul_(rows, attn.reshape({B * Tq, d}), L.proj_w);
    rows.add_(L.proj_b);
    h = at::layer_norm(x, {d}, L.ln2_w, L.ln2_b, config_.norm_eps).view({B * Tq, d});
    at::Tensor inner = matmul_plus(L.fc_b, h, L.fc_w);
    if (gelu_tanh_)
      tanh_gelu_(inner);  // one pass (fused_ops.h)
    else
      at::gelu_(inner, "none");
    add_matmul_(rows, inner, L.out_w);
    rows.add_(L.out_b);
  }
  if (cache) cache->commit(T);
  return at::layer_norm(x, {d}, weights_.lnf_w, weights_.lnf_b, config_.norm_eps);
}

at::Tensor Gpt2Model::trunk(const at::Tensor& input_ids) const {
  c10::InferenceMode guard;
  return forward(input_ids, nullptr);
}

at::Tensor Gpt2Model::trunk_from(const at::Tensor& input_ids, std::int64_t from) const {
  c10::InferenceMode guard;
  return forward(input_ids, nullptr, from);
}

at::Tensor Gpt2Model::head(const at::Tensor& features) const {
  c10::InferenceMode guard;
  return vocabulary_logits(features, weights_.wte);
}

std::unique_ptr<KvCache> Gpt2Model::new_cache(std::int64_t batch) const {
  return std::make_unique<DenseKvCache>(batch, config_.n_layers, config_.n_heads, config_.dim / config_.n_heads,
                                        config_.max_seq_len, weights_.wte.options().dtype(at::kFloat));
}

at::Tensor Gpt2Model::trunk_after(const at::Tensor& input_ids, KvCache& cache) const {
  c10::InferenceMode guard;
  auto* dense = dynamic_cast<DenseKvCache*>(&cache);
  if (!dense) throw std::invalid_argument("the cache was not made by this model");
  return forward(input_ids, dense);
}

at::Tensor Gpt2Model::decode_step(const at::Tensor& input_ids, KvCache& cache) const {
  c10::InferenceMode guard;
  auto* dense = dynamic_cast<DenseKvCache*>(&cache);
  if (!dense) throw std::invalid_argument("the cache was not made by this model");
  const at::Tensor features = forward(input_ids, dense);
  return head(features.select(1, features.size(1) - 1));
}

std::int64_t Gpt2Model::parameter_count() const {
  std::int64_t n = weights_.wte.numel() + weights_.wpe.numel() + weights_.lnf_w.numel() + weights_.lnf_b.numel();
  for (const auto& L : weights_.layers)
    for (const at::Tensor* t : {&L.ln1_w, &L.ln1_b, &L.attn_w, &L.attn_b, &L.proj_w, &L.proj_b, &L.ln2_w, &L.ln2_b,
                                &L.fc_w, &L.fc_b, &L.out_w, &L.out_b})
      n += t->numel();
  return n;
}

std::string Gpt2Model::weights_dtype() const {
  std::vector<const at::Tensor*> matrices{&weights_.wte, &weights_.wpe};
  for (const auto& L : weights_.layers)
    for (const at::Tensor* t : {&L.attn_w, &L.proj_w, &L.fc_w, &L.out_w}) matrices.push_back(t);
  return dtype_summary(matrices);
}

}  // namespace core::model
