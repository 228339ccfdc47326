// GPT-NeoX folders (GPTNeoXForCausalLM: Pythia and its kin): LayerNorm with biases, rotary on the
// first rotary_pct of each head, a parallel residual (or sequential with use_parallel_residual
// false), an ungated GELU feed-forward, biases on every projection and an untied embed_out. The
// fused query_key_value is stored per head, [q_h | k_h | v_h] for each head h in turn; it is split
// into the Llama-shaped q, k, v here so the shared decoder runs it.
#include <ATen/ATen.h>

#include "core/model/hf_common.h"
#include "core/model/llama.h"

namespace core::model::hf {

Result<LoadedModel> load_neox(const Config& cfg, const SafetensorsWeights& weights, const std::string& arch,
                              const std::string& folder, const Placement& place, Job& job) {
  TRY_ASSIGN(d, cfg.positive("hidden_size"));
  TRY_ASSIGN(F, cfg.positive("intermediate_size"));
  TRY_ASSIGN(n_layers, cfg.positive("num_hidden_layers"));
  TRY_ASSIGN(H, cfg.positive("num_attention_heads"));
  TRY_ASSIGN(V, cfg.positive("vocab_size"));
  TRY_ASSIGN(P, cfg.positive("max_position_embeddings"));
  TRY_ASSIGN(eps, cfg.number_or("layer_norm_eps", 1e-5));
  TRY_ASSIGN(base, cfg.number_or("rotary_emb_base", 10000.0));
  TRY_ASSIGN(theta, cfg.number_or("rope_theta", base));
  TRY_ASSIGN(pct, cfg.number_or("rotary_pct", 0.25));
  if (d % H != 0)
    return fail(ErrorCode::InvalidInput, "config.json hidden_size must split into num_attention_heads heads",
                cfg.path());
  const std::int64_t hd = d / H;
  // int(), as transformers truncates; pct is checked first, as a larger product does not fit an integer.
  const std::int64_t rotary = pct > 1 ? 0 : std::int64_t(double(hd) * pct);
  if (pct > 1 || rotary == 0 || rotary % 2 != 0)
    return fail(ErrorCode::InvalidInput, "config.json rotary_pct must turn an even, non-empty part of each head",
                cfg.path(), std::to_string(pct));
  const std::string act = cfg.string_or("hidden_act", "gelu");
  const bool tanh = act == "gelu_new" || act == "gelu_fast" || act == "gelu_pytorch_tanh";
  if (act != "gelu" && !tanh)
    return fail(ErrorCode::Unsupported, "config.json hidden_act \"" + act + "\" is not supported (gelu, gelu_new are)",
                cfg.path());
  if (!cfg.flag_or("attention_bias", true))
    return fail(ErrorCode::Unsupported, "config.json attention_bias false is not supported for GPT-NeoX", cfg.path());
  TRY_ASSIGN(scaling, rope_scaling(cfg, P));

  ModelConfig config;
  config.architecture = Architecture::Llama;
  config.hf_architecture = arch;
  config.dim = d;
  config.hidden_dim = F;
  config.n_layers = n_layers;
  config.n_heads = config.n_kv_heads = H;
  config.vocab_size = V;
  config.max_seq_len = P;
  config.rope_theta = theta;
  config.rope_scaling = scaling;
  config.rotary_dim = rotary == hd ? 0 : rotary;
  config.norm_eps = eps;
  config.tied_embeddings = cfg.flag_or("tie_word_embeddings", false);
  config.norm = NormKind::Layer;
  config.parallel_residual = cfg.flag_or("use_parallel_residual", true);
  config.feed_forward = tanh ? FeedForward::GeluTanh : FeedForward::Gelu;
  config.qkv_bias = true;

  LlamaWeights w;
  w.layers.resize(std::size_t(n_layers));
  std::vector<at::Tensor> qkv(static_cast<std::size_t>(n_layers)), qkv_b(qkv.size());
  std::vector<Spec> specs = {{"gpt_neox.embed_in.weight", {V, d}, &w.embed},
                             {"gpt_neox.final_layer_norm.weight", {d}, &w.final_norm},
                             {"gpt_neox.final_layer_norm.bias", {d}, &w.final_norm_b}};
  if (!config.tied_embeddings) specs.push_back({"embed_out.weight", {V, d}, &w.lm_head});
  for (std::int64_t l = 0; l < n_layers; ++l) {
    auto& L = w.layers[std::size_t(l)];
    const std::string n = "gpt_neox.layers." + std::to_string(l) + ".";
    specs.insert(specs.end(), {{n + "input_layernorm.weight", {d}, &L.attn_norm},
                               {n + "input_layernorm.bias", {d}, &L.attn_norm_b},
                               {n + "post_attention_layernorm.weight", {d}, &L.ffn_norm},
                               {n + "post_attention_layernorm.bias", {d}, &L.ffn_norm_b},
                               {n + "attention.query_key_value.weight", {3 * d, d}, &qkv[std::size_t(l)]},
                               {n + "attention.query_key_value.bias", {3 * d}, &qkv_b[std::size_t(l)]},
                               {n + "attention.dense.weight", {d, d}, &L.wo},
                               {n + "attention.dense.bias", {d}, &L.bo},
                               {n + "mlp.dense_h_to_4h.weight", {F, d}, &L.w_up},
                               {n + "mlp.dense_h_to_4h.bias", {F}, &L.b_up},
                               {n + "mlp.dense_4h_to_h.weight", {d, F}, &L.w_down},
                               {n + "mlp.dense_4h_to_h.bias", {d}, &L.b_down}});
  }
  std::set<std::string> used;
  if (auto r = resolve(weights, specs, folder, used, place, job); !r) return std::unexpected(r.error());
  for (std::size_t l = 0; l < qkv.size(); ++l) {
    auto& L = w.layers[l];
    const at::Tensor rows = qkv[l].view({H, 3, hd, d}), bias = qkv_b[l].view({H, 3, hd});
    L.wq = rows.select(1, 0).reshape({d, d}), L.bq = bias.select(1, 0).reshape({d});
    L.wk = rows.select(1, 1).reshape({d, d}), L.bk = bias.select(1, 1).reshape({d});
    L.wv = rows.select(1, 2).reshape({d, d}), L.bv = bias.select(1, 2).reshape({d});
    qkv[l] = at::Tensor(), qkv_b[l] = at::Tensor();
  }
  auto model = LlamaModel::create(config, std::move(w));
  if (!model) return std::unexpected(with_path(model.error(), folder));

  LoadedModel out;
  out.model = *model;
  out.info.architecture = "gpt_neox";
  out.info.dtype = dtype_summary(weights, used);
  if (auto r = check_unused(weights, used, arch, folder, out.info.warnings); !r) return std::unexpected(r.error());
  return out;
}

}  // namespace core::model::hf
