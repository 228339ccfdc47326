// Hugging Face folders: config.json plus safetensors weights, for GPT2LMHeadModel and the Llama
// family (LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM). Every tensor is resolved and its
// shape checked against config.json before any is converted.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "core/model/gpt2.h"
#include "core/model/llama.h"
#include "core/model/loaders.h"
#include "core/model/safetensors.h"

namespace core::model {

namespace {

using nlohmann::json;

struct Spec {
  std::string name;
  std::vector<std::int64_t> shape;
  at::Tensor* slot;
  bool optional = false;
};

std::string shape_text(const std::vector<std::int64_t>& s) {
  std::ostringstream o;
  o << at::IntArrayRef(s);
  return o.str();
}

// Reads config.json values with errors that name the key.
class Config {
 public:
  Config(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  Result<std::int64_t> positive(const std::string& key) const {
    if (!j_.contains(key)) return fail(ErrorCode::InvalidInput, "config.json lacks \"" + key + "\"", path_);
    const auto& v = j_[key];
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > (std::int64_t(1) << 31))
      return fail(ErrorCode::InvalidInput, "config.json \"" + key + "\" must be a positive integer", path_, v.dump());
    return v.get<std::int64_t>();
  }
  Result<std::int64_t> positive_or(const std::string& key, std::int64_t fallback) const {
    if (!j_.contains(key) || j_[key].is_null()) return fallback;
    return positive(key);
  }
  Result<double> number_or(const std::string& key, double fallback) const {
    if (!j_.contains(key) || j_[key].is_null()) return fallback;
    if (!j_[key].is_number() || !(j_[key].get<double>() > 0))
      return fail(ErrorCode::InvalidInput, "config.json \"" + key + "\" must be a positive number", path_,
                  j_[key].dump());
    return j_[key].get<double>();
  }
  bool flag_or(const std::string& key, bool fallback) const {
    return j_.contains(key) && j_[key].is_boolean() ? j_[key].get<bool>() : fallback;
  }
  std::string string_or(const std::string& key, const std::string& fallback) const {
    return j_.contains(key) && j_[key].is_string() ? j_[key].get<std::string>() : fallback;
  }
  bool present(const std::string& key) const { return j_.contains(key) && !j_[key].is_null(); }
  const std::string& path() const { return path_; }

 private:
  const json& j_;
  std::string path_;
};

#define TRY_ASSIGN(var, expr)                                   \
  auto var##_r = (expr);                                        \
  if (!var##_r) return std::unexpected(var##_r.error());        \
  const auto var = *var##_r

struct Placement {
  at::Device device;
  WeightMemory memory;
};

// MemAvailable from /proc/meminfo (free memory plus what the kernel can reclaim), in bytes; 0 when
// unknown, which makes Auto map the weights.
std::uint64_t available_memory() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024;
  return 0;
}

// Resolves every spec (presence, shape) first, then converts: nothing is allocated for a folder
// whose weights do not fit its config.
// `place.device`: where the weights go. On the CPU, float32 weights are read into private memory
// (read_resident) or stay views of the mapping, as `place.memory` says; other dtypes are converted
// from the mapping, and copied over to any other device.
Result<void> resolve(const SafetensorsWeights& weights, const std::vector<Spec>& specs,
                     const std::string& folder, std::set<std::string>& used, const Placement& place, Job& job) {
  for (const auto& s : specs) {
    const auto* ref = weights.find(s.name);
    if (!ref) {
      if (s.optional) continue;
      return fail(ErrorCode::NotFound, "tensor '" + s.name + "' is missing from the weights", folder);
    }
    if (ref->info->shape != s.shape)
      return fail(ErrorCode::Mismatch,
                  "tensor '" + s.name + "' has shape " + shape_text(ref->info->shape) + ", config.json needs " +
                      shape_text(s.shape),
                  ref->file->path().string());
  }
  job.begin("converting weights", std::int64_t(specs.size()));
  const at::Device& device = place.device;
  bool read_f32 = false;
  if (device.is_cpu() && place.memory != WeightMemory::Map) {
    std::uint64_t f32 = 0;
    for (const auto& s : specs)
      if (const auto* ref = weights.find(s.name); ref && ref->info->dtype == DType::F32) f32 += ref->info->end - ref->info->begin;
    read_f32 = place.memory == WeightMemory::Read || f32 <= available_memory() / 2;
  }
  std::vector<ResidentRead> reads;  // read together, below
  std::vector<at::Tensor*> read_into;
  for (const auto& s : specs) {
    const auto* ref = weights.find(s.name);
    if (!ref) continue;
    used.insert(s.name);
    if (read_f32 && ref->info->dtype == DType::F32 && ref->info->end > ref->info->begin) {
      reads.push_back(ref->file->resident(*ref->info));
      read_into.push_back(s.slot);
      continue;
    }
    *s.slot = ref->file->to_float(*ref->info);
    if (!device.is_cpu()) *s.slot = s.slot->to(device);
    if (!job.advance()) return fail(ErrorCode::Cancelled, "loading cancelled", folder);
  }
  auto read = read_resident(reads);
  if (!read) return std::unexpected(read.error());
  for (std::size_t i = 0; i < read->size(); ++i) *read_into[i] = std::move((*read)[i]);
  job.advance(std::int64_t(reads.size()));
  return {};
}

std::string dtype_summary(const SafetensorsWeights& weights, const std::set<std::string>& used) {
  std::set<std::string> kinds;
  for (const auto& name : used) kinds.insert(torch_name(weights.find(name)->info->dtype));
  if (kinds.size() == 1) return *kinds.begin();
  std::string s = "mixed";
  for (const auto& k : kinds) s += (s == "mixed" ? " (" : ", ") + k;
  return s + ")";
}

void warn_unused(const SafetensorsWeights& weights, const std::set<std::string>& used, const std::string& arch,
                 std::vector<std::string>& warnings) {
  std::vector<std::string> unused;
  for (const auto& [name, ref] : weights.all()) {
    if (used.contains(name)) continue;
    // Buffers older exports saved and tied heads saved twice carry no information of their own.
    const bool buffer = name.ends_with(".rotary_emb.inv_freq") || name.ends_with(".attn.bias") ||
                        name.ends_with(".attn.masked_bias") || name == "lm_head.weight";
    if (!buffer) unused.push_back(name);
  }
  if (unused.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < unused.size() && i < 3; ++i) list += (i ? ", " : "") + unused[i];
  if (unused.size() > 3) list += ", ...";
  warnings.push_back(std::to_string(unused.size()) + " tensor(s) in the weights are not part of " + arch +
                     " and were ignored: " + list);
}

Result<LoadedModel> load_gpt2(const Config& cfg, const SafetensorsWeights& weights, const std::string& folder,
                              const Placement& place, Job& job) {
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

  ModelConfig config;
  config.architecture = Architecture::Gpt2;
  config.hf_architecture = "GPT2LMHeadModel";
  config.dim = d;
  config.hidden_dim = inner;
  config.n_layers = n_layer;
  config.n_heads = config.n_kv_heads = n_head;
  config.vocab_size = vocab;
  config.max_seq_len = P;
  config.norm_eps = eps;
  config.tied_embeddings = true;

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
  warn_unused(weights, used, "GPT2LMHeadModel", out.info.warnings);
  return out;
}

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
  const bool qwen2 = arch == "Qwen2ForCausalLM";
  const bool mistral = arch == "MistralForCausalLM";
  if (d % H != 0 || H % KVH != 0 || (d / H) % 2 != 0)
    return fail(ErrorCode::InvalidInput,
                "config.json: hidden_size must split into num_attention_heads even-sized heads, and those into "
                "num_key_value_heads groups",
                cfg.path());
  const std::int64_t hd = d / H;
  if (cfg.present("head_dim")) {
    TRY_ASSIGN(head_dim, cfg.positive("head_dim"));
    if (head_dim != hd)
      return fail(ErrorCode::Unsupported,
                  "config.json head_dim " + std::to_string(head_dim) + " differs from hidden_size / num_attention_heads = " +
                      std::to_string(hd) + "; such models are not supported",
                  cfg.path());
  }
  if (cfg.present("rope_scaling"))
    return fail(ErrorCode::Unsupported,
                "config.json sets rope_scaling; Cartograph computes plain RoPE only and will not silently compute a "
                "different model",
                cfg.path());
  const std::string act = cfg.string_or("hidden_act", "silu");
  if (act != "silu")
    return fail(ErrorCode::Unsupported, "hidden_act \"" + act + "\" is not supported (silu is)", cfg.path());

  std::vector<std::string> warnings;
  std::int64_t context = P;
  const bool sliding = mistral ? cfg.present("sliding_window")
                               : (qwen2 && cfg.flag_or("use_sliding_window", false) && cfg.present("sliding_window"));
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
  const bool attention_bias = !qwen2 && cfg.flag_or("attention_bias", false);
  const bool mlp_bias = !qwen2 && cfg.flag_or("mlp_bias", false);
  config.qkv_bias = qwen2 || attention_bias;
  config.rope_pairing = RopePairing::Halves;

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
                               {n + "post_attention_layernorm.weight", {d}, &L.ffn_norm},
                               {n + "mlp.gate_proj.weight", {F, d}, &L.w_gate},
                               {n + "mlp.up_proj.weight", {F, d}, &L.w_up},
                               {n + "mlp.down_proj.weight", {d, F}, &L.w_down}});
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
  auto model = LlamaModel::create(config, std::move(w));
  if (!model) return std::unexpected(with_path(model.error(), folder));

  LoadedModel out;
  out.model = *model;
  out.info.architecture = "llama";
  out.info.dtype = dtype_summary(weights, used);
  out.info.warnings = std::move(warnings);
  warn_unused(weights, used, arch, out.info.warnings);
  return out;
}

}  // namespace

Result<LoadedModel> load_hf_folder(const std::filesystem::path& folder, const LoadOptions& options, Job& job) {
  const auto config_path = folder / "config.json";
  const std::string cp = config_path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(config_path, ec))
    return fail(ErrorCode::NotFound, "the folder has no config.json; not a Hugging Face model folder",
                folder.string());
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
  if (arch.empty() && j.contains("model_type") && j["model_type"].is_string()) {
    const auto type = j["model_type"].get<std::string>();
    if (type == "gpt2") arch = "GPT2LMHeadModel";
    if (type == "llama") arch = "LlamaForCausalLM";
    if (type == "mistral") arch = "MistralForCausalLM";
    if (type == "qwen2") arch = "Qwen2ForCausalLM";
  }
  const bool llama_family =
      arch == "LlamaForCausalLM" || arch == "MistralForCausalLM" || arch == "Qwen2ForCausalLM";
  if (arch != "GPT2LMHeadModel" && !llama_family)
    return fail(ErrorCode::Unsupported,
                "architecture \"" + arch +
                    "\" is not supported (GPT2LMHeadModel, LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM are)",
                cp);

  job.begin("reading safetensors headers", 0);
  auto weights = SafetensorsWeights::open_folder(folder);
  if (!weights) return std::unexpected(weights.error());

  const Config cfg(j, cp);
  const Placement place{at::Device(options.device == "cuda" ? at::kCUDA : at::kCPU), options.weight_memory};
  auto loaded = arch == "GPT2LMHeadModel" ? load_gpt2(cfg, *weights, folder.string(), place, job)
                                          : load_llama_family(cfg, *weights, arch, folder.string(), place, job);
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
