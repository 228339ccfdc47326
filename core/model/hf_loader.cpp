// Hugging Face folders: config.json plus safetensors weights. The families and which reader reads
// each are the table in families() below (see docs/ARCHITECTURE.md, "Model families"). Every tensor
// is resolved and its shape checked against config.json before any is converted.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

#include "core/contained_path.h"
#include "core/model/gpt2.h"
#include "core/model/hf_common.h"
#include "core/model/llama.h"
#include "core/model/loaders.h"
#include "core/model/safetensors.h"

namespace core::model {

namespace hf {

namespace {

Result<LoadedModel> load_gpt2(const Config& cfg, const SafetensorsWeights& weights, const std::string& /*arch*/,
                              const std::string& folder, const Placement& place, Job& job) {
  TRY_ASSIGN(d, cfg.positive("n_embd"));
  TRY_ASSIGN(n_layer, cfg.positive("n_layer"));
  TRY_ASSIGN(n_head, cfg.positive("n_head"));
  TRY_ASSIGN(vocab, cfg.positive("vocab_size"));
  TRY_ASSIGN(positions, cfg.positive_or("n_positions", -1));
  TRY_ASSIGN(eps, cfg.number_or("layer_norm_epsilon", 1e-5));
  TRY_ASSIGN(inner, cfg.positive_or("n_inner", 4 * d));
  TRY_ASSIGN(n_ctx, cfg.positive_or("n_ctx", -1));  // what very old GPT-2 configs call it
  const std::int64_t P = positions > 0 ? positions : n_ctx;
  if (P <= 0) return fail(ErrorCode::InvalidInput, "config.json lacks \"n_positions\"", cfg.path());
  if (d % n_head != 0)
    return fail(ErrorCode::InvalidInput, "config.json n_embd " + std::to_string(d) + " is not a multiple of n_head " +
                                             std::to_string(n_head), cfg.path());
  const std::string act = cfg.string_or("activation_function", "gelu_new");
  const bool tanh = act == "gelu_new" || act == "gelu_pytorch_tanh" || act == "gelu_fast";
  if (!tanh && act != "gelu")
    return fail(ErrorCode::Unsupported, "GPT-2 activation \"" + act + "\" is not supported (gelu_new, gelu are)",
                cfg.path());
  if (cfg.flag_or("scale_attn_by_inverse_layer_idx", false) || !cfg.flag_or("scale_attn_weights", true) ||
      cfg.flag_or("add_cross_attention", false))
    return fail(ErrorCode::Unsupported,
                "GPT-2 attention variants (scale_attn_by_inverse_layer_idx, unscaled or cross attention) are not supported",
                cfg.path());

  std::string prefix = "transformer.";
  if (!weights.find("transformer.wte.weight") && weights.find("wte.weight")) prefix.clear();

  ModelConfig config = gpt2_config("GPT2LMHeadModel", d, inner, n_layer, n_head, vocab, P, eps);

  Gpt2Weights w;
  w.layers.resize(std::size_t(n_layer));
  std::vector<Spec> specs = {{prefix + "wte.weight", {vocab, d}, &w.wte},
                             {prefix + "wpe.weight", {P, d}, &w.wpe},
                             {prefix + "ln_f.weight", {d}, &w.lnf_w},
                             {prefix + "ln_f.bias", {d}, &w.lnf_b}};
  for (std::int64_t l = 0; l < n_layer; ++l) {
    auto& L = w.layers[std::size_t(l)];
    const std::string n = prefix + "h." + std::to_string(l) + ".";
    specs.insert(specs.end(), {{n + "ln_1.weight", {d}, &L.ln1_w},
                               {n + "ln_1.bias", {d}, &L.ln1_b},
                               {n + "attn.c_attn.weight", {d, 3 * d}, &L.attn_w},
                               {n + "attn.c_attn.bias", {3 * d}, &L.attn_b},
                               {n + "attn.c_proj.weight", {d, d}, &L.proj_w},
                               {n + "attn.c_proj.bias", {d}, &L.proj_b},
                               {n + "ln_2.weight", {d}, &L.ln2_w},
                               {n + "ln_2.bias", {d}, &L.ln2_b},
                               {n + "mlp.c_fc.weight", {d, inner}, &L.fc_w},
                               {n + "mlp.c_fc.bias", {inner}, &L.fc_b},
                               {n + "mlp.c_proj.weight", {inner, d}, &L.out_w},
                               {n + "mlp.c_proj.bias", {d}, &L.out_b}});
  }
  std::set<std::string> used;
  if (auto r = resolve(weights, specs, folder, used, place, job); !r) return std::unexpected(r.error());
  auto model = Gpt2Model::create(config, std::move(w), tanh);
  if (!model) return std::unexpected(with_path(model.error(), folder));

  LoadedModel out;
  out.model = *model;
  out.info.architecture = "gpt2";
  out.info.dtype = dtype_summary(weights, used);
  if (auto r = check_unused(weights, used, "GPT2LMHeadModel", folder, out.info.warnings); !r)
    return std::unexpected(r.error());
  return out;
}

// Llama-named families: one layout of tensor names (model.layers.N.self_attn.q_proj, ...) with what
// each family adds. Llama 2/3 (rope_scaling), Mistral, Qwen2 (q/k/v biases), Qwen3 (per-head q/k
// norms, head_dim from config.json), Phi-3 (fused qkv_proj and gate_up_proj, split here), OLMo 2
// (q/k norms over the whole projection, norms after each sublayer instead of before).
Result<LoadedModel> load_llama_family(const Config& cfg, const SafetensorsWeights& weights, const std::string& arch,
                                      const std::string& folder, const Placement& place, Job& job) {
  TRY_ASSIGN(d, cfg.positive("hidden_size"));
  TRY_ASSIGN(F, cfg.positive("intermediate_size"));
  TRY_ASSIGN(n_layers, cfg.positive("num_hidden_layers"));
  TRY_ASSIGN(H, cfg.positive("num_attention_heads"));
  TRY_ASSIGN(KVH, cfg.positive_or("num_key_value_heads", H));
  TRY_ASSIGN(V, cfg.positive("vocab_size"));
  TRY_ASSIGN(P, cfg.positive("max_position_embeddings"));
  TRY_ASSIGN(eps, cfg.number_or("rms_norm_eps", 1e-6));
  TRY_ASSIGN(theta, cfg.number_or("rope_theta", 10000.0));
  const bool qwen2 = arch == "Qwen2ForCausalLM", qwen3 = arch == "Qwen3ForCausalLM";
  const bool mistral = arch == "MistralForCausalLM", phi3 = arch == "Phi3ForCausalLM";
  const bool olmo2 = arch == "Olmo2ForCausalLM";
  if (H % KVH != 0 || (!cfg.present("head_dim") && (d % H != 0 || (d / H) % 2 != 0)))
    return fail(ErrorCode::InvalidInput,
                "config.json: hidden_size must split into num_attention_heads even-sized heads, and those into "
                "num_key_value_heads groups",
                cfg.path());
  std::int64_t hd = d / H;
  if (cfg.present("head_dim")) {
    TRY_ASSIGN(head_dim, cfg.positive("head_dim"));
    if (head_dim != hd && !qwen3 && !mistral && arch != "LlamaForCausalLM")
      return fail(ErrorCode::Unsupported,
                  "config.json head_dim " + std::to_string(head_dim) + " differs from hidden_size / num_attention_heads = " +
                      std::to_string(hd) + "; " + arch + " does not read head_dim",
                  cfg.path());
    if (head_dim % 2 != 0) return fail(ErrorCode::InvalidInput, "config.json head_dim must be even", cfg.path());
    hd = head_dim;
  }
  TRY_ASSIGN(scaling, rope_scaling(cfg, P));
  if (olmo2 && scaling.type != RopeScaling::Type::None && scaling.type != RopeScaling::Type::Linear &&
      scaling.type != RopeScaling::Type::Llama3 && scaling.type != RopeScaling::Type::Yarn)
    return fail(ErrorCode::Unsupported, "config.json rope_scaling is not supported for OLMo 2", cfg.path());
  const std::string act = cfg.string_or("hidden_act", "silu");
  if (act != "silu")
    return fail(ErrorCode::Unsupported, "config.json hidden_act \"" + act + "\" is not supported (silu is)", cfg.path());
  std::int64_t rotary = hd;
  if (cfg.present("partial_rotary_factor")) {
    TRY_ASSIGN(partial, cfg.number_or("partial_rotary_factor", 1.0));
    // int(), as transformers truncates; a factor above 1 is refused before its product overflows an integer.
    rotary = partial > 1 ? 0 : std::int64_t(double(hd) * partial);
    if (partial > 1 || rotary % 2 != 0 || rotary == 0)
      return fail(ErrorCode::InvalidInput, "config.json partial_rotary_factor must turn an even part of each head",
                  cfg.path());
  }

  std::vector<std::string> warnings;
  std::int64_t context = P;
  std::vector<std::int64_t> windows;
  if (phi3 && cfg.present("sliding_window")) {
    // Phi-3 slides every layer (transformers' Phi3Model masks with sliding_window when it is set).
    TRY_ASSIGN(window, cfg.positive("sliding_window"));
    windows.assign(std::size_t(n_layers), window);
  }
  const bool sliding = mistral ? cfg.present("sliding_window")
                               : ((qwen2 || qwen3) && cfg.flag_or("use_sliding_window", false) && cfg.present("sliding_window"));
  if (sliding && qwen3)
    return fail(ErrorCode::Unsupported, "config.json use_sliding_window with Qwen3 is not supported", cfg.path());
  if (sliding) {
    TRY_ASSIGN(window, cfg.positive("sliding_window"));
    if (window < P) {
      // Within the window, sliding-window attention equals full attention; beyond it we would differ.
      context = window;
      warnings.push_back("sliding_window " + std::to_string(window) + " < max_position_embeddings " +
                         std::to_string(P) + ": context limited to " + std::to_string(window) +
                         " tokens, where full attention is exact");
    }
  }

  ModelConfig config;
  config.architecture = Architecture::Llama;
  config.hf_architecture = arch;
  config.dim = d;
  config.hidden_dim = F;
  config.n_layers = n_layers;
  config.n_heads = H;
  config.n_kv_heads = KVH;
  config.vocab_size = V;
  config.max_seq_len = context;
  config.rope_theta = theta;
  config.norm_eps = eps;
  config.tied_embeddings = cfg.flag_or("tie_word_embeddings", false);
  config.head_dim_override = hd == d / H && d % H == 0 ? 0 : hd;
  config.rotary_dim = rotary == hd ? 0 : rotary;
  config.rope_scaling = scaling;
  config.layer_window = windows;
  if (qwen3) config.qk_norm = QkNorm::PerHead;
  if (olmo2) config.qk_norm = QkNorm::Full, config.pre_norms = false, config.post_norms = true;
  const bool attention_bias = !qwen2 && cfg.flag_or("attention_bias", false);
  const bool mlp_bias = !qwen2 && cfg.flag_or("mlp_bias", false);
  if ((phi3 || olmo2) && (attention_bias || mlp_bias))
    return fail(ErrorCode::Unsupported, "config.json attention_bias / mlp_bias are not supported for " + arch,
                cfg.path());
  config.qkv_bias = qwen2 || attention_bias;
  config.rope_pairing = RopePairing::Halves;

  LlamaWeights w;
  w.layers.resize(std::size_t(n_layers));
  std::vector<at::Tensor> fused_qkv(phi3 ? std::size_t(n_layers) : 0), fused_gate_up(fused_qkv.size());
  std::vector<Spec> specs = {{"model.embed_tokens.weight", {V, d}, &w.embed},
                             {"model.norm.weight", {d}, &w.final_norm}};
  if (!config.tied_embeddings) specs.push_back({"lm_head.weight", {V, d}, &w.lm_head});
  for (std::int64_t l = 0; l < n_layers; ++l) {
    auto& L = w.layers[std::size_t(l)];
    const std::string n = "model.layers." + std::to_string(l) + ".";
    specs.insert(specs.end(), {{n + "self_attn.o_proj.weight", {d, H * hd}, &L.wo},
                               {n + "mlp.down_proj.weight", {d, F}, &L.w_down}});
    if (phi3) {
      specs.insert(specs.end(), {{n + "self_attn.qkv_proj.weight", {(H + 2 * KVH) * hd, d}, &fused_qkv[std::size_t(l)]},
                                 {n + "mlp.gate_up_proj.weight", {2 * F, d}, &fused_gate_up[std::size_t(l)]}});
    } else {
      specs.insert(specs.end(), {{n + "self_attn.q_proj.weight", {H * hd, d}, &L.wq},
                                 {n + "self_attn.k_proj.weight", {KVH * hd, d}, &L.wk},
                                 {n + "self_attn.v_proj.weight", {KVH * hd, d}, &L.wv},
                                 {n + "mlp.gate_proj.weight", {F, d}, &L.w_gate},
                                 {n + "mlp.up_proj.weight", {F, d}, &L.w_up}});
    }
    if (olmo2) {
      specs.insert(specs.end(), {{n + "self_attn.q_norm.weight", {H * hd}, &L.q_norm},
                                 {n + "self_attn.k_norm.weight", {KVH * hd}, &L.k_norm},
                                 {n + "post_attention_layernorm.weight", {d}, &L.post_attn_norm},
                                 {n + "post_feedforward_layernorm.weight", {d}, &L.post_ffn_norm}});
    } else {
      specs.insert(specs.end(), {{n + "input_layernorm.weight", {d}, &L.attn_norm},
                                 {n + "post_attention_layernorm.weight", {d}, &L.ffn_norm}});
    }
    if (qwen3)
      specs.insert(specs.end(), {{n + "self_attn.q_norm.weight", {hd}, &L.q_norm},
                                 {n + "self_attn.k_norm.weight", {hd}, &L.k_norm}});
    if (config.qkv_bias)
      specs.insert(specs.end(), {{n + "self_attn.q_proj.bias", {H * hd}, &L.bq},
                                 {n + "self_attn.k_proj.bias", {KVH * hd}, &L.bk},
                                 {n + "self_attn.v_proj.bias", {KVH * hd}, &L.bv}});
    if (attention_bias) specs.push_back({n + "self_attn.o_proj.bias", {d}, &L.bo});
    if (mlp_bias)
      specs.insert(specs.end(), {{n + "mlp.gate_proj.bias", {F}, &L.b_gate},
                                 {n + "mlp.up_proj.bias", {F}, &L.b_up},
                                 {n + "mlp.down_proj.bias", {d}, &L.b_down}});
  }
  std::set<std::string> used;
  if (auto r = resolve(weights, specs, folder, used, place, job); !r) return std::unexpected(r.error());
  for (std::size_t l = 0; l < fused_qkv.size(); ++l) {
    // Phi-3 stores q | k | v rows in one matrix and gate | up rows in another; views split them.
    auto& L = w.layers[l];
    L.wq = fused_qkv[l].narrow(0, 0, H * hd);
    L.wk = fused_qkv[l].narrow(0, H * hd, KVH * hd);
    L.wv = fused_qkv[l].narrow(0, (H + KVH) * hd, KVH * hd);
    L.w_gate = fused_gate_up[l].narrow(0, 0, F);
    L.w_up = fused_gate_up[l].narrow(0, F, F);
  }
  auto model = LlamaModel::create(config, std::move(w));
  if (!model) return std::unexpected(with_path(model.error(), folder));

  LoadedModel out;
  out.model = *model;
  out.info.architecture = "llama";
  out.info.dtype = dtype_summary(weights, used);
  out.info.warnings = std::move(warnings);
  if (auto r = check_unused(weights, used, arch, folder, out.info.warnings); !r) return std::unexpected(r.error());
  return out;
}

}  // namespace

const std::vector<Family>& families() {
  static const std::vector<Family> table = {
      {"GPT2LMHeadModel", "gpt2", nullptr, load_gpt2},
      {"LlamaForCausalLM", "llama", nullptr, load_llama_family},
      {"MistralForCausalLM", "mistral", nullptr, load_llama_family},
      {"Qwen2ForCausalLM", "qwen2", nullptr, load_llama_family},
      {"Qwen3ForCausalLM", "qwen3", nullptr, load_llama_family},
      {"Phi3ForCausalLM", "phi3", nullptr, load_llama_family},
      {"Olmo2ForCausalLM", "olmo2", nullptr, load_llama_family},
      {"Gemma2ForCausalLM", "gemma2", nullptr, load_gemma},
      {"Gemma3ForCausalLM", "gemma3_text", nullptr, load_gemma},
      {"GPTNeoXForCausalLM", "gpt_neox", nullptr, load_neox},
  };
  return table;
}

const Family* family(const std::string& architecture) {
  for (const auto& f : families())
    if (architecture == f.architecture) return &f;
  return nullptr;
}

std::string architecture_of_model_type(const std::string& model_type) {
  for (const auto& f : families())
    if (model_type == f.model_type) return f.architecture;
  return "";
}

}  // namespace hf


using nlohmann::json;

Result<LoadedModel> load_hf_folder(const std::filesystem::path& folder, const LoadOptions& options, Job& job) {
  const auto config_path = folder / "config.json";
  const std::string cp = config_path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(config_path, ec))
    return fail(ErrorCode::NotFound, "the folder has no config.json; not a Hugging Face model folder",
                folder.string());
  if (auto ok = require_inside_folder(folder, config_path); !ok) return std::unexpected(ok.error());
  const auto size = std::filesystem::file_size(config_path, ec);
  if (ec || size > 16'000'000) return fail(ErrorCode::InvalidInput, "config.json is unreadable or implausibly large", cp);
  json j;
  try {
    std::ifstream in(config_path, std::ios::binary);
    j = json::parse(in);
  } catch (const std::exception& e) {
    return fail(ErrorCode::InvalidInput, "config.json is not valid JSON", cp, e.what());
  }
  if (!j.is_object()) return fail(ErrorCode::InvalidInput, "config.json is not a JSON object", cp);

  std::string arch;
  if (j.contains("architectures") && j["architectures"].is_array() && !j["architectures"].empty() &&
      j["architectures"][0].is_string())
    arch = j["architectures"][0].get<std::string>();
  const std::string model_type = j.contains("model_type") && j["model_type"].is_string() ? j["model_type"].get<std::string>() : "";
  if (arch.empty()) arch = hf::architecture_of_model_type(model_type);
  std::string supported;
  for (const auto& f : hf::families()) supported += (supported.empty() ? "" : ", ") + std::string(f.architecture);
  const auto* family = hf::family(arch);
  if (!family)
    return fail(ErrorCode::Unsupported,
                "architecture \"" + (arch.empty() ? "model_type " + model_type : arch) + "\" is not supported (" +
                    supported + " are)",
                cp);
  // A model_type that names another family than the architecture would be read with the wrong rules.
  if (!model_type.empty() && model_type != family->model_type &&
      !(family->alt_model_type && model_type == family->alt_model_type))
    return fail(ErrorCode::Unsupported,
                "config.json model_type \"" + model_type + "\" does not belong to architecture \"" + arch +
                    "\" (expected \"" + family->model_type + "\")",
                cp);

  job.begin("reading safetensors headers", 0);
  auto weights = SafetensorsWeights::open_folder(folder);
  if (!weights) return std::unexpected(weights.error());

  const hf::Config cfg(j, cp);
  const hf::Placement place{at::Device(options.device == "cuda" ? at::kCUDA : at::kCPU), options.weight_memory,
                            options.dtype};
  auto loaded = family->load(cfg, *weights, arch, folder.string(), place, job);
  if (!loaded) return loaded;
  auto& info = loaded->info;
  info.path = folder.string();
  info.format = "hf-safetensors";
  info.parameters = loaded->model->parameter_count();
  info.vocab_size = loaded->model->config().vocab_size;
  info.context_length = loaded->model->config().max_seq_len;
  info.config_json = j.dump();
  for (const auto& f : weights->files()) info.weights.push_back(WeightFile{f->path().string(), {}, std::int64_t(f->file_size())});
  return loaded;
}

}  // namespace core::model
