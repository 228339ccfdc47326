#include "tests/support/family_fixtures.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <random>
#include <stdexcept>

namespace testsupport {

namespace {

using nlohmann::json;

// What a fixture's layout needs to know beyond config.json.
struct Layout {
  std::int64_t d = 32, F = 48, layers = 3, H = 4, KVH = 2, hd = 8, V = kFamilyVocab;
  bool tied = true;
};

class Builder {
 public:
  explicit Builder(std::uint64_t seed) : rng_(seed) {}
  // Normal(offset, scale) values of `shape`.
  void add(const std::string& name, std::vector<std::int64_t> shape, double scale, double offset = 0) {
    std::int64_t n = 1;
    for (auto s : shape) n *= s;
    std::vector<float> v(static_cast<std::size_t>(n));
    for (auto& x : v) x = float(offset + scale * normal_(rng_));
    tensors_.push_back({name, at::from_blob(v.data(), shape, at::kFloat).clone()});
  }
  void linear(const std::string& name, std::int64_t out, std::int64_t in) { add(name, {out, in}, 1.0 / std::sqrt(double(in))); }
  std::vector<core::model::NamedTensor> take() { return std::move(tensors_); }

 private:
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
  std::vector<core::model::NamedTensor> tensors_;
};

json base_config(const char* arch, const char* type, const Layout& s) {
  return {{"architectures", {arch}},
          {"model_type", type},
          {"hidden_size", s.d},
          {"intermediate_size", s.F},
          {"num_hidden_layers", s.layers},
          {"num_attention_heads", s.H},
          {"num_key_value_heads", s.KVH},
          {"vocab_size", s.V},
          {"max_position_embeddings", 64},
          {"rms_norm_eps", 1e-5},
          {"rope_theta", 10000.0},
          {"tie_word_embeddings", s.tied},
          {"hidden_act", "silu"},
          {"bos_token_id", 264},
          {"eos_token_id", 264},
          {"torch_dtype", "float32"}};
}

// The Llama tensor names, with what each family adds or fuses.
void llama_layout(Builder& b, const Layout& s, const std::string& family) {
  const bool gemma = family.starts_with("gemma"), olmo = family == "olmo2", phi = family == "phi3";
  const double norm_offset = gemma ? 0.0 : 1.0;
  b.add("model.embed_tokens.weight", {s.V, s.d}, 1.0);
  b.add("model.norm.weight", {s.d}, 0.2, norm_offset);
  if (!s.tied) b.linear("lm_head.weight", s.V, s.d);
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const std::string n = "model.layers." + std::to_string(l) + ".";
    if (!olmo) b.add(n + "input_layernorm.weight", {s.d}, 0.2, norm_offset);
    if (phi) {
      b.linear(n + "self_attn.qkv_proj.weight", (s.H + 2 * s.KVH) * s.hd, s.d);
    } else {
      b.linear(n + "self_attn.q_proj.weight", s.H * s.hd, s.d);
      b.linear(n + "self_attn.k_proj.weight", s.KVH * s.hd, s.d);
      b.linear(n + "self_attn.v_proj.weight", s.KVH * s.hd, s.d);
    }
    if (family == "qwen2_yarn") {
      b.add(n + "self_attn.q_proj.bias", {s.H * s.hd}, 0.3);
      b.add(n + "self_attn.k_proj.bias", {s.KVH * s.hd}, 0.3);
      b.add(n + "self_attn.v_proj.bias", {s.KVH * s.hd}, 0.3);
    }
    if (family == "qwen3" || family == "gemma3") {
      b.add(n + "self_attn.q_norm.weight", {s.hd}, 0.2, norm_offset);
      b.add(n + "self_attn.k_norm.weight", {s.hd}, 0.2, norm_offset);
    }
    if (olmo) {
      b.add(n + "self_attn.q_norm.weight", {s.H * s.hd}, 0.2, 1.0);
      b.add(n + "self_attn.k_norm.weight", {s.KVH * s.hd}, 0.2, 1.0);
    }
    b.linear(n + "self_attn.o_proj.weight", s.d, s.H * s.hd);
    b.add(n + "post_attention_layernorm.weight", {s.d}, 0.2, norm_offset);
    if (gemma) b.add(n + "pre_feedforward_layernorm.weight", {s.d}, 0.2, norm_offset);
    if (gemma || olmo) b.add(n + "post_feedforward_layernorm.weight", {s.d}, 0.2, norm_offset);
    if (phi) {
      b.linear(n + "mlp.gate_up_proj.weight", 2 * s.F, s.d);
    } else {
      b.linear(n + "mlp.gate_proj.weight", s.F, s.d);
      b.linear(n + "mlp.up_proj.weight", s.F, s.d);
    }
    b.linear(n + "mlp.down_proj.weight", s.d, s.F);
  }
}

void neox_layout(Builder& b, const Layout& s) {
  b.add("gpt_neox.embed_in.weight", {s.V, s.d}, 1.0);
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const std::string n = "gpt_neox.layers." + std::to_string(l) + ".";
    b.add(n + "input_layernorm.weight", {s.d}, 0.2, 1.0);
    b.add(n + "input_layernorm.bias", {s.d}, 0.1);
    b.add(n + "post_attention_layernorm.weight", {s.d}, 0.2, 1.0);
    b.add(n + "post_attention_layernorm.bias", {s.d}, 0.1);
    b.linear(n + "attention.query_key_value.weight", 3 * s.d, s.d);
    b.add(n + "attention.query_key_value.bias", {3 * s.d}, 0.3);
    b.linear(n + "attention.dense.weight", s.d, s.d);
    b.add(n + "attention.dense.bias", {s.d}, 0.1);
    b.linear(n + "mlp.dense_h_to_4h.weight", s.F, s.d);
    b.add(n + "mlp.dense_h_to_4h.bias", {s.F}, 0.1);
    b.linear(n + "mlp.dense_4h_to_h.weight", s.d, s.F);
    b.add(n + "mlp.dense_4h_to_h.bias", {s.d}, 0.1);
  }
  b.add("gpt_neox.final_layer_norm.weight", {s.d}, 0.2, 1.0);
  b.add("gpt_neox.final_layer_norm.bias", {s.d}, 0.1);
  b.linear("embed_out.weight", s.V, s.d);
}

// GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest from U+0100 on.
std::string byte_symbol(int b) {
  int cp = b;
  if (!((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255))) {
    int n = 0;
    for (int x = 0; x < b; ++x)
      if (!((x >= 33 && x <= 126) || (x >= 161 && x <= 172) || (x >= 174 && x <= 255))) ++n;
    cp = 256 + n;
  }
  std::string out;
  if (cp < 0x80) out += char(cp);
  else out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
  return out;
}

}  // namespace

const std::vector<std::string>& family_fixture_names() {
  static const std::vector<std::string> names = {"llama3", "llama_linear", "qwen2_yarn", "qwen3", "phi3",
                                                 "olmo2",  "gemma2",       "gemma3",     "neox",  "neox_sequential"};
  return names;
}

FamilyFixture family_fixture(const std::string& name, std::uint64_t seed) {
  Builder b(seed);
  Layout s;
  json c;
  if (name == "llama3" || name == "llama_linear") {
    c = base_config("LlamaForCausalLM", "llama", s);
    c["max_position_embeddings"] = 128;
    if (name == "llama3")
      c["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0},
                           {"high_freq_factor", 4.0}, {"original_max_position_embeddings", 64}};
    else
      c["rope_scaling"] = {{"type", "linear"}, {"factor", 2.0}};
    llama_layout(b, s, name);
  } else if (name == "qwen2_yarn") {
    c = base_config("Qwen2ForCausalLM", "qwen2", s);
    c["max_position_embeddings"] = 128;
    c["rope_scaling"] = {{"type", "yarn"}, {"factor", 4.0}, {"original_max_position_embeddings", 32}};
    c["use_sliding_window"] = false;
    c["sliding_window"] = 4096;
    llama_layout(b, s, name);
  } else if (name == "qwen3") {
    s.hd = 16;
    c = base_config("Qwen3ForCausalLM", "qwen3", s);
    c["head_dim"] = s.hd;
    c["rope_theta"] = 1000000.0;
    c["attention_bias"] = false;
    c["use_sliding_window"] = false;
    llama_layout(b, s, name);
  } else if (name == "phi3") {
    s.tied = false;
    c = base_config("Phi3ForCausalLM", "phi3", s);
    c["sliding_window"] = 5;
    c["partial_rotary_factor"] = 0.5;
    c["original_max_position_embeddings"] = 64;
    c["rope_scaling"] = nullptr;
    llama_layout(b, s, name);
  } else if (name == "olmo2") {
    s.tied = false;
    c = base_config("Olmo2ForCausalLM", "olmo2", s);
    c["attention_bias"] = false;
    c["rope_theta"] = 500000.0;
    llama_layout(b, s, name);
  } else if (name == "gemma2" || name == "gemma3") {
    s.hd = 16;
    const bool g3 = name == "gemma3";
    c = base_config(g3 ? "Gemma3ForCausalLM" : "Gemma2ForCausalLM", g3 ? "gemma3_text" : "gemma2", s);
    c.erase("hidden_act");
    c["hidden_activation"] = "gelu_pytorch_tanh";
    c["head_dim"] = s.hd;
    c["rms_norm_eps"] = 1e-6;
    c["sliding_window"] = 4;
    if (g3) {
      c["query_pre_attn_scalar"] = 16;
      c["sliding_window_pattern"] = 2;
      c["rope_theta"] = 1000000.0;
      c["rope_local_base_freq"] = 10000.0;
      c["rope_scaling"] = {{"rope_type", "linear"}, {"factor", 8.0}};
      c["attn_logit_softcapping"] = nullptr;
      c["final_logit_softcapping"] = nullptr;
    } else {
      c["query_pre_attn_scalar"] = 24;
      c["attn_logit_softcapping"] = 1.5;   // small, so tanh bends these tiny models' scores
      c["final_logit_softcapping"] = 3.0;
    }
    llama_layout(b, s, name);
  } else if (name == "neox" || name == "neox_sequential") {
    s.H = s.KVH = 2, s.hd = 16, s.tied = false;
    s.F = 4 * s.d;
    c = base_config("GPTNeoXForCausalLM", "gpt_neox", s);
    for (const char* k : {"num_key_value_heads", "rms_norm_eps", "rope_theta"}) c.erase(k);
    c["hidden_act"] = "gelu";
    c["rotary_pct"] = 0.25;
    c["rotary_emb_base"] = 10000;
    c["layer_norm_eps"] = 1e-5;
    c["use_parallel_residual"] = name == "neox";
    c["attention_bias"] = true;
    neox_layout(b, s);
  } else {
    throw std::invalid_argument("no family fixture named " + name);
  }
  return {c.dump(2), b.take()};
}

std::string family_tokenizer_json() {
  json vocab = json::object();
  for (int b = 0; b < 256; ++b) vocab[byte_symbol(b)] = b;
  const std::vector<std::pair<std::string, std::string>> merges = {{"Ġ", "t"}, {"h", "e"}, {"Ġt", "he"}, {"i", "n"},
                                                                   {"a", "n"}, {"e", "r"}, {"o", "n"},  {"Ġ", "a"}};
  json merge_list = json::array();
  int id = 256;
  for (const auto& [a, b] : merges) {
    vocab[a + b] = id++;
    merge_list.push_back(a + " " + b);
  }
  vocab["<|endoftext|>"] = id;
  json t = {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens",
             {{{"id", id}, {"content", "<|endoftext|>"}, {"single_word", false}, {"lstrip", false},
               {"rstrip", false}, {"normalized", false}, {"special", true}}}},
            {"normalizer", nullptr},
            {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
            {"post_processor", nullptr},
            {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
            {"model",
             {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
              {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"vocab", vocab}, {"merges", merge_list}}}};
  return t.dump(1);
}

void write_family_folder(const std::filesystem::path& folder, const std::string& name, std::uint64_t seed,
                         core::model::DType dtype) {
  std::filesystem::create_directories(folder);
  const auto fixture = family_fixture(name, seed);
  std::ofstream(folder / "config.json") << fixture.config_json;
  std::ofstream(folder / "tokenizer.json") << family_tokenizer_json();
  core::model::SafetensorsWriteOptions options;
  options.dtype = dtype;
  options.metadata = {{"format", "pt"}};
  auto written = core::model::write_safetensors_folder(folder, fixture.tensors, options);
  if (!written) throw std::runtime_error("writing the " + name + " fixture failed: " + written.error().what());
}

}  // namespace testsupport
