// Gemma 2 (Gemma2ForCausalLM) and Gemma 3 text (Gemma3ForCausalLM, model_type gemma3_text) folders:
// the Llama tensor layout plus norms before and after each sublayer, RMSNorm times (1 + w), the
// embedding scaled by sqrt(hidden_size), gated GELU-tanh, query_pre_attn_scalar, soft-capping
// (Gemma 2), sliding-window layers (Gemma 2: every other; Gemma 3: layer_types or
// sliding_window_pattern, with their own RoPE theta) and per-head q/k norms (Gemma 3).
#include <ATen/ATen.h>

#include <cmath>

#include "core/model/hf_common.h"
#include "core/model/llama.h"

namespace core::model::hf {

Result<LoadedModel> load_gemma(const Config& cfg, const SafetensorsWeights& weights, const std::string& arch,
                               const std::string& folder, const Placement& place, Job& job) {
  const bool gemma3 = arch == "Gemma3ForCausalLM";
  TRY_ASSIGN(d, cfg.positive("hidden_size"));
  TRY_ASSIGN(F, cfg.positive("intermediate_size"));
  TRY_ASSIGN(n_layers, cfg.positive("num_hidden_layers"));
  TRY_ASSIGN(H, cfg.positive("num_attention_heads"));
  TRY_ASSIGN(KVH, cfg.positive_or("num_key_value_heads", H));
  TRY_ASSIGN(hd, cfg.positive_or("head_dim", 256));
  TRY_ASSIGN(V, cfg.positive("vocab_size"));
  TRY_ASSIGN(P, cfg.positive("max_position_embeddings"));
  TRY_ASSIGN(eps, cfg.number_or("rms_norm_eps", 1e-6));
  TRY_ASSIGN(theta, cfg.number_or("rope_theta", 10000.0));
  TRY_ASSIGN(query_scalar, cfg.number_or("query_pre_attn_scalar", double(hd)));
  TRY_ASSIGN(attn_cap, cfg.number_or("attn_logit_softcapping", 0.0));
  TRY_ASSIGN(final_cap, cfg.number_or("final_logit_softcapping", 0.0));
  TRY_ASSIGN(window, cfg.positive_or("sliding_window", 0));
  if (H % KVH != 0 || hd % 2 != 0)
    return fail(ErrorCode::InvalidInput,
                "config.json: num_attention_heads must split into num_key_value_heads groups, head_dim must be even",
                cfg.path());
  for (const char* key : {"hidden_activation", "hidden_act"}) {
    const std::string act = cfg.string_or(key, "gelu_pytorch_tanh");
    if (act != "gelu_pytorch_tanh" && act != "gelu_new")
      return fail(ErrorCode::Unsupported,
                  std::string("config.json ") + key + " \"" + act + "\" is not supported (gelu_pytorch_tanh is)",
                  cfg.path());
  }
  if (cfg.flag_or("attention_bias", false))
    return fail(ErrorCode::Unsupported, "config.json attention_bias is not supported for " + arch, cfg.path());
  if (!gemma3 && cfg.present("rope_scaling"))
    return fail(ErrorCode::Unsupported, "config.json rope_scaling is not supported for Gemma 2", cfg.path());
  TRY_ASSIGN(scaling, rope_scaling(cfg, P));

  ModelConfig config;
  config.architecture = Architecture::Llama;
  config.hf_architecture = arch;
  config.dim = d;
  config.hidden_dim = F;
  config.n_layers = n_layers;
  config.n_heads = H;
  config.n_kv_heads = KVH;
  config.head_dim_override = hd;
  config.vocab_size = V;
  config.max_seq_len = P;
  config.rope_theta = theta;
  config.rope_scaling = scaling;
  config.norm_eps = eps;
  config.tied_embeddings = cfg.flag_or("tie_word_embeddings", true);
  config.norm = NormKind::RmsPlusOne;
  config.qk_norm = gemma3 ? QkNorm::PerHead : QkNorm::None;
  config.post_norms = true;
  config.feed_forward = FeedForward::GeGluTanh;
  config.embed_scale = std::sqrt(double(d));
  config.attn_scale = 1.0 / std::sqrt(query_scalar);
  config.attn_softcap = attn_cap;
  config.final_softcap = final_cap;
  if (window > 0) {
    if (gemma3) {
      TRY_ASSIGN(pattern, cfg.positive_or("sliding_window_pattern", 6));
      TRY_ASSIGN(w, layer_windows(cfg, n_layers, window, P, [&](std::int64_t l) { return (l + 1) % pattern != 0; }));
      config.layer_window = w;
      TRY_ASSIGN(local_theta, cfg.number_or("rope_local_base_freq", 10000.0));
      config.rope_local_theta = local_theta;
    } else {
      // Gemma 2 alternates, starting with a sliding layer.
      TRY_ASSIGN(w, layer_windows(cfg, n_layers, window, P, [](std::int64_t l) { return l % 2 == 0; }));
      config.layer_window = w;
    }
  } else if (gemma3) {
    TRY_ASSIGN(local_theta, cfg.number_or("rope_local_base_freq", theta));
    if (local_theta != theta)
      return fail(ErrorCode::InvalidInput, "config.json sets rope_local_base_freq but no sliding_window", cfg.path());
  }

  LlamaWeights w;
  w.layers.resize(std::size_t(n_layers));
  std::vector<Spec> specs = {{"model.embed_tokens.weight", {V, d}, &w.embed},
                             {"model.norm.weight", {d}, &w.final_norm}};
  if (!config.tied_embeddings) specs.push_back({"lm_head.weight", {V, d}, &w.lm_head});
  for (std::int64_t l = 0; l < n_layers; ++l) {
    auto& L = w.layers[std::size_t(l)];
    const std::string n = "model.layers." + std::to_string(l) + ".";
    specs.insert(specs.end(), {{n + "input_layernorm.weight", {d}, &L.attn_norm},
                               {n + "self_attn.q_proj.weight", {H * hd, d}, &L.wq},
                               {n + "self_attn.k_proj.weight", {KVH * hd, d}, &L.wk},
                               {n + "self_attn.v_proj.weight", {KVH * hd, d}, &L.wv},
                               {n + "self_attn.o_proj.weight", {d, H * hd}, &L.wo},
                               {n + "post_attention_layernorm.weight", {d}, &L.post_attn_norm},
                               {n + "pre_feedforward_layernorm.weight", {d}, &L.ffn_norm},
                               {n + "post_feedforward_layernorm.weight", {d}, &L.post_ffn_norm},
                               {n + "mlp.gate_proj.weight", {F, d}, &L.w_gate},
                               {n + "mlp.up_proj.weight", {F, d}, &L.w_up},
                               {n + "mlp.down_proj.weight", {d, F}, &L.w_down}});
    if (gemma3)
      specs.insert(specs.end(), {{n + "self_attn.q_norm.weight", {hd}, &L.q_norm},
                                 {n + "self_attn.k_norm.weight", {hd}, &L.k_norm}});
  }
  std::set<std::string> used;
  if (auto r = resolve(weights, specs, folder, used, place, job); !r) return std::unexpected(r.error());
  auto model = LlamaModel::create(config, std::move(w));
  if (!model) return std::unexpected(with_path(model.error(), folder));

  LoadedModel out;
  out.model = *model;
  out.info.architecture = gemma3 ? "gemma3" : "gemma2";
  out.info.dtype = dtype_summary(weights, used);
  if (auto r = check_unused(weights, used, arch, folder, out.info.warnings); !r) return std::unexpected(r.error());
  return out;
}

}  // namespace core::model::hf
