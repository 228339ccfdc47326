// Models from GGUF files: ggml's tensor names and metadata mapped onto Cartograph's Llama and GPT-2
// weights (see docs/ARCHITECTURE.md, "GGUF"). Every tensor is found and its shape checked against
// the metadata before any is dequantized.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

#include "core/model/gguf_file.h"
#include "core/model/gpt2.h"
#include "core/model/llama.h"
#include "core/model/loaders.h"
#include "core/model/weight_dtype.h"
#include "core/tokenize/gguf_vocab.h"

namespace core::model {

namespace {
namespace gguf_load {  // named apart from hf_loader.cpp's helpers, which share a unity batch

struct Spec {
  std::string name;
  std::vector<std::int64_t> shape;  // PyTorch order
  at::Tensor* slot;
  bool optional = false;
  bool transpose = false;  // GPT-2: ggml keeps [out, in], Cartograph's GPT-2 wants Conv1D's [in, out]
};

std::string shape_text(const std::vector<std::int64_t>& s) {
  std::ostringstream o;
  o << at::IntArrayRef(s);
  return o.str();
}

// Metadata of one architecture ("llama.embedding_length"), with errors naming the key.
class Meta {
 public:
  Meta(const GgufFile& f, std::string arch) : f_(f), arch_(std::move(arch)) {}
  Result<std::int64_t> positive(const std::string& key) const {
    const auto* v = f_.find_value(arch_ + "." + key);
    if (!v) return fail(ErrorCode::InvalidInput, "GGUF metadata lacks " + arch_ + "." + key, f_.path());
    if (!v->is_integer() || v->integer <= 0 || v->integer > (std::int64_t(1) << 31))
      return fail(ErrorCode::InvalidInput, "GGUF metadata " + arch_ + "." + key + " must be a positive integer", f_.path());
    return v->integer;
  }
  Result<std::int64_t> positive_or(const std::string& key, std::int64_t fallback) const {
    return f_.find_value(arch_ + "." + key) ? positive(key) : fallback;
  }
  Result<double> number_or(const std::string& key, double fallback) const {
    const auto* v = f_.find_value(arch_ + "." + key);
    if (!v) return fallback;
    const double x = v->is_real() ? v->real : v->is_integer() ? double(v->integer) : -1;
    if (!(x > 0)) return fail(ErrorCode::InvalidInput, "GGUF metadata " + arch_ + "." + key + " must be a positive number", f_.path());
    return x;
  }
  bool present(const std::string& key) const { return f_.find_value(arch_ + "." + key) != nullptr; }
  std::string text(const std::string& key) const {
    const auto* v = f_.find_value(arch_ + "." + key);
    return v && v->type == GgufValueType::String ? v->text : std::string();
  }

 private:
  const GgufFile& f_;
  std::string arch_;
};

#define GGUF_TRY(var, expr)                            \
  auto var##_r = (expr);                                 \
  if (!var##_r) return std::unexpected(var##_r.error()); \
  const auto var = *var##_r

// Checks presence and shape of every spec, then converts them (F32, and F16/BF16 matrices kept in
// their stored dtype, as views of the mapping; everything else dequantized, then converted to what
// `dtype` asks for: docs/ARCHITECTURE.md, "Weight dtypes"), reporting progress on `job`.
Result<void> resolve(const GgufFile& f, const std::vector<Spec>& specs, std::set<std::string>& used, WeightDType dtype,
                     Job& job) {
  for (const auto& s : specs) {
    const auto* t = f.find(s.name);
    if (!t) {
      if (s.optional) continue;
      return fail(ErrorCode::NotFound, "tensor " + s.name + " is missing from the GGUF", f.path());
    }
    if (t->shape != s.shape)
      return fail(ErrorCode::Mismatch,
                  "tensor " + s.name + " has shape " + shape_text(t->shape) + ", the GGUF's metadata needs " +
                      shape_text(s.shape),
                  f.path());
  }
  job.begin("dequantizing weights", std::int64_t(specs.size()));
  for (const auto& s : specs) {
    const auto* t = f.find(s.name);
    if (!t) continue;
    used.insert(s.name);
    const at::ScalarType stored = t->type == GgmlType::F16    ? at::kHalf
                                  : t->type == GgmlType::BF16 ? at::kBFloat16
                                                              : at::kFloat;
    *s.slot = f.as_type(*t, kept_type(dtype, stored, std::int64_t(s.shape.size())));
    if (s.transpose) *s.slot = s.slot->t();
    if (!job.advance()) return fail(ErrorCode::Cancelled, "loading cancelled", f.path());
  }
  return {};
}

std::string dtype_summary(const GgufFile& f, const std::set<std::string>& used) {
  std::set<std::string> kinds;
  for (const auto& name : used) {
    const GgmlType t = f.find(name)->type;
    kinds.insert(t == GgmlType::F32 ? "float32" : t == GgmlType::F16 ? "float16" : t == GgmlType::BF16 ? "bfloat16"
                                                                      : ggml_type_name(std::uint32_t(t)));
  }
  if (kinds.size() == 1) return *kinds.begin();
  std::string s = "mixed";
  for (const auto& k : kinds) s += (s == "mixed" ? " (" : ", ") + k;
  return s + ")";
}

void warn_unused(const GgufFile& f, const std::set<std::string>& used, std::vector<std::string>& warnings) {
  std::vector<std::string> unused;
  for (const auto& t : f.tensors())
    if (!used.contains(t.name)) unused.push_back(t.name);
  if (unused.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < unused.size() && i < 3; ++i) list += (i ? ", " : "") + unused[i];
  if (unused.size() > 3) list += ", ...";
  warnings.push_back(std::to_string(unused.size()) + " tensor(s) in the GGUF were not used: " + list);
}

// Refuses metadata that would change what the model computes but that Cartograph does not compute.
Result<void> refuse_variants(const Meta& m, const GgufFile& f, std::int64_t head_dim) {
  if (m.present("expert_count"))
    if (auto n = m.positive("expert_count"); n && *n > 1)
      return fail(ErrorCode::Unsupported, "this GGUF is a mixture of experts, which Cartograph does not compute", f.path());
  const std::string scaling = m.text("rope.scaling.type");
  if (!scaling.empty() && scaling != "none")
    return fail(ErrorCode::Unsupported,
                "rope scaling \"" + scaling + "\" is not computed; Cartograph will not silently compute a different model",
                f.path());
  for (const char* key : {"rope.dimension_count", "attention.key_length", "attention.value_length"})
    if (m.present(key)) {
      GGUF_TRY(n, m.positive(key));
      if (n != head_dim)
        return fail(ErrorCode::Unsupported,
                    std::string(key) + " " + std::to_string(n) + " differs from the head size " + std::to_string(head_dim) +
                        "; such models are not supported",
                    f.path());
    }
  if (f.find("rope_freqs.weight"))
    return fail(ErrorCode::Unsupported, "the GGUF holds rope_freqs.weight (Llama 3.1 rope scaling), which is not computed",
                f.path());
  return {};
}

Result<LoadedModel> load_llama(const GgufFile& f, const std::string& arch, WeightDType dtype, Job& job) {
  const Meta m(f, arch);
  GGUF_TRY(d, m.positive("embedding_length"));
  GGUF_TRY(F, m.positive("feed_forward_length"));
  GGUF_TRY(L, m.positive("block_count"));
  GGUF_TRY(H, m.positive("attention.head_count"));
  GGUF_TRY(KVH, m.positive_or("attention.head_count_kv", H));
  GGUF_TRY(P, m.positive("context_length"));
  GGUF_TRY(eps, m.number_or("attention.layer_norm_rms_epsilon", 1e-5));
  GGUF_TRY(theta, m.number_or("rope.freq_base", 10000.0));
  if (d % H != 0 || H % KVH != 0 || (d / H) % 2 != 0)
    return fail(ErrorCode::InvalidInput,
                "GGUF metadata: embedding_length must split into head_count even-sized heads, and those into "
                "head_count_kv groups",
                f.path());
  const std::int64_t hd = d / H;
  if (auto r = refuse_variants(m, f, hd); !r) return std::unexpected(r.error());
  const auto* embed = f.find("token_embd.weight");
  if (!embed || embed->shape.size() != 2)
    return fail(ErrorCode::NotFound, "tensor token_embd.weight is missing or not a matrix", f.path());
  const std::int64_t V = embed->shape[0];

  std::vector<std::string> warnings;
  std::int64_t context = P;
  if (m.present("attention.sliding_window")) {
    GGUF_TRY(window, m.positive("attention.sliding_window"));
    if (window < P) {
      context = window;  // within the window, sliding-window attention equals full attention
      warnings.push_back("sliding_window " + std::to_string(window) + " < context_length " + std::to_string(P) +
                         ": context limited to " + std::to_string(window) + " tokens, where full attention is exact");
    }
  }
  const bool qwen2 = arch == "qwen2";
  ModelConfig config;
  config.architecture = Architecture::Llama;
  config.hf_architecture = "gguf:" + arch;
  config.dim = d;
  config.hidden_dim = F;
  config.n_layers = L;
  config.n_heads = H;
  config.n_kv_heads = KVH;
  config.vocab_size = V;
  config.max_seq_len = context;
  config.rope_theta = theta;
  config.norm_eps = eps;
  config.tied_embeddings = f.find("output.weight") == nullptr;
  // llama.cpp's converter permutes Llama's q/k rows back to Meta's interleaved layout (rope type
  // "norm": adjacent pairs); Qwen2 keeps Hugging Face's halves (rope type "neox").
  config.rope_pairing = qwen2 ? RopePairing::Halves : RopePairing::Adjacent;
  config.qkv_bias = qwen2 || f.find("blk.0.attn_q.bias") != nullptr;

  LlamaWeights w;
  w.layers.resize(std::size_t(L));
  std::vector<Spec> specs = {{"token_embd.weight", {V, d}, &w.embed}, {"output_norm.weight", {d}, &w.final_norm}};
  if (!config.tied_embeddings) specs.push_back({"output.weight", {V, d}, &w.lm_head});
  for (std::int64_t l = 0; l < L; ++l) {
    auto& Y = w.layers[std::size_t(l)];
    const std::string n = "blk." + std::to_string(l) + ".";
    specs.insert(specs.end(), {{n + "attn_norm.weight", {d}, &Y.attn_norm},
                               {n + "attn_q.weight", {H * hd, d}, &Y.wq},
                               {n + "attn_k.weight", {KVH * hd, d}, &Y.wk},
                               {n + "attn_v.weight", {KVH * hd, d}, &Y.wv},
                               {n + "attn_output.weight", {d, H * hd}, &Y.wo},
                               {n + "ffn_norm.weight", {d}, &Y.ffn_norm},
                               {n + "ffn_gate.weight", {F, d}, &Y.w_gate},
                               {n + "ffn_up.weight", {F, d}, &Y.w_up},
                               {n + "ffn_down.weight", {d, F}, &Y.w_down}});
    if (config.qkv_bias)
      specs.insert(specs.end(), {{n + "attn_q.bias", {H * hd}, &Y.bq},
                                 {n + "attn_k.bias", {KVH * hd}, &Y.bk},
                                 {n + "attn_v.bias", {KVH * hd}, &Y.bv}});
  }
  std::set<std::string> used;
  if (auto r = resolve(f, specs, used, dtype, job); !r) return std::unexpected(r.error());
  auto model = LlamaModel::create(config, std::move(w));
  if (!model) return std::unexpected(with_path(model.error(), f.path()));
  LoadedModel out;
  out.model = *model;
  out.info.architecture = "llama";
  out.info.dtype = dtype_summary(f, used);
  out.info.warnings = std::move(warnings);
  warn_unused(f, used, out.info.warnings);
  return out;
}

Result<LoadedModel> load_gpt2(const GgufFile& f, WeightDType dtype, Job& job) {
  const Meta m(f, "gpt2");
  GGUF_TRY(d, m.positive("embedding_length"));
  GGUF_TRY(F, m.positive_or("feed_forward_length", 4 * d));
  GGUF_TRY(L, m.positive("block_count"));
  GGUF_TRY(H, m.positive("attention.head_count"));
  GGUF_TRY(P, m.positive("context_length"));
  GGUF_TRY(eps, m.number_or("attention.layer_norm_epsilon", 1e-5));
  if (d % H != 0)
    return fail(ErrorCode::InvalidInput, "GGUF metadata: embedding_length is not a multiple of head_count", f.path());
  const auto* embed = f.find("token_embd.weight");
  if (!embed || embed->shape.size() != 2)
    return fail(ErrorCode::NotFound, "tensor token_embd.weight is missing or not a matrix", f.path());
  const std::int64_t V = embed->shape[0];
  ModelConfig config = gpt2_config("gguf:gpt2", d, F, L, H, V, P, eps);
  Gpt2Weights w;
  w.layers.resize(std::size_t(L));
  at::Tensor head;
  std::vector<Spec> specs = {{"token_embd.weight", {V, d}, &w.wte},
                             {"position_embd.weight", {P, d}, &w.wpe},
                             {"output_norm.weight", {d}, &w.lnf_w},
                             {"output_norm.bias", {d}, &w.lnf_b},
                             {"output.weight", {V, d}, &head, true}};
  for (std::int64_t l = 0; l < L; ++l) {
    auto& Y = w.layers[std::size_t(l)];
    const std::string n = "blk." + std::to_string(l) + ".";
    specs.insert(specs.end(), {{n + "attn_norm.weight", {d}, &Y.ln1_w},
                               {n + "attn_norm.bias", {d}, &Y.ln1_b},
                               {n + "attn_qkv.weight", {3 * d, d}, &Y.attn_w, false, true},
                               {n + "attn_qkv.bias", {3 * d}, &Y.attn_b},
                               {n + "attn_output.weight", {d, d}, &Y.proj_w, false, true},
                               {n + "attn_output.bias", {d}, &Y.proj_b},
                               {n + "ffn_norm.weight", {d}, &Y.ln2_w},
                               {n + "ffn_norm.bias", {d}, &Y.ln2_b},
                               {n + "ffn_up.weight", {F, d}, &Y.fc_w, false, true},
                               {n + "ffn_up.bias", {F}, &Y.fc_b},
                               {n + "ffn_down.weight", {d, F}, &Y.out_w, false, true},
                               {n + "ffn_down.bias", {d}, &Y.out_b}});
  }
  std::set<std::string> used;
  if (auto r = resolve(f, specs, used, dtype, job); !r) return std::unexpected(r.error());
  // llama.cpp's converter writes GPT-2's tied head a second time as output.weight.
  if (head.defined() && !at::equal(head, w.wte))
    return fail(ErrorCode::Unsupported, "output.weight differs from token_embd.weight: a GPT-2 with an untied head is not supported",
                f.path());
  auto model = Gpt2Model::create(config, std::move(w), true);
  if (!model) return std::unexpected(with_path(model.error(), f.path()));
  LoadedModel out;
  out.model = *model;
  out.info.architecture = "gpt2";
  out.info.dtype = dtype_summary(f, used);
  warn_unused(f, used, out.info.warnings);
  return out;
}

// The metadata as JSON for CheckpointInfo::config_json: scalars as they are, arrays by type and length.
std::string metadata_json(const GgufFile& f) {
  nlohmann::json j = nlohmann::json::object();
  j["format"] = "gguf";
  j["gguf_version"] = f.version();
  for (const auto& [key, v] : f.metadata()) {
    if (v.type == GgufValueType::Array)
      j[key] = {{"array", gguf_type_name(v.element)}, {"length", v.count}};
    else if (v.type == GgufValueType::String)
      j[key] = nlohmann::json(v.text.size() > 256 ? v.text.substr(0, 256) + "..." : v.text);
    else if (v.type == GgufValueType::Bool)
      j[key] = v.integer != 0;
    else if (v.is_real())
      j[key] = v.real;
    else
      j[key] = v.integer;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace gguf_load
}  // namespace

Result<LoadedModel> load_gguf(const std::filesystem::path& file, const LoadOptions& options, Job& job) {
  job.begin("reading the GGUF header", 0);
  auto opened = GgufFile::open(file);
  if (!opened) return std::unexpected(opened.error());
  const GgufFile& f = **opened;
  const auto* arch_value = f.find_value("general.architecture");
  if (!arch_value || arch_value->type != GgufValueType::String)
    return fail(ErrorCode::InvalidInput, "GGUF metadata lacks general.architecture", f.path());
  const std::string arch = arch_value->text;
  const bool llama_family = arch == "llama" || arch == "mistral" || arch == "qwen2";
  if (!llama_family && arch != "gpt2")
    return fail(ErrorCode::Unsupported,
                "GGUF architecture \"" + arch + "\" is not supported (llama, mistral, qwen2 and gpt2 are)", f.path());
  auto loaded = llama_family ? gguf_load::load_llama(f, arch, options.dtype, job)
                             : gguf_load::load_gpt2(f, options.dtype, job);
  if (!loaded) return loaded;
  auto& info = loaded->info;
  info.path = f.path();
  info.format = "gguf";
  info.parameters = loaded->model->parameter_count();
  info.vocab_size = loaded->model->config().vocab_size;
  info.context_length = loaded->model->config().max_seq_len;
  info.config_json = gguf_load::metadata_json(f);
  info.weights.push_back(WeightFile{f.path(), {}, std::int64_t(f.file_size())});
  if (options.tokenizer.empty()) {
    auto vocab = read_gguf_vocab(f.header(), f.path());
    if (!vocab) return std::unexpected(vocab.error());
    if (vocab->tokens.empty()) {
      info.warnings.push_back("the GGUF holds no tokenizer (tokenizer.ggml.tokens)");
    } else {
      auto tokenizer = tokenize::make_gguf_tokenizer(*vocab, f.path());
      if (tokenizer) {
        loaded->tokenizer = *tokenizer;
      } else if (tokenizer.error().code == ErrorCode::Unsupported) {
        info.warnings.push_back(tokenizer.error().message);  // the model still loads; --tokenizer can supply one
      } else {
        return std::unexpected(tokenizer.error());
      }
    }
  }
  return loaded;
}

}  // namespace core::model
