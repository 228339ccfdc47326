#include "core/bench/synthetic_model.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "core/model/safetensors_writer.h"

namespace core::bench {
namespace {

namespace fs = std::filesystem;
using model::Architecture;
using model::NamedTensor;

nlohmann::json config_json(const ModelShape& s) {
  if (s.architecture == Architecture::Gpt2)
    return {{"architectures", {"GPT2LMHeadModel"}}, {"model_type", "gpt2"},     {"n_embd", s.dim},
            {"n_layer", s.layers},                  {"n_head", s.heads},        {"n_inner", s.hidden},
            {"vocab_size", s.vocab},                {"n_positions", s.context}, {"n_ctx", s.context},
            {"layer_norm_epsilon", 1e-5},           {"activation_function", "gelu_new"}};
  nlohmann::json j = {{"architectures", {"LlamaForCausalLM"}},
          {"model_type", "llama"},
          {"hidden_size", s.dim},
          {"intermediate_size", s.hidden},
          {"num_hidden_layers", s.layers},
          {"num_attention_heads", s.heads},
          {"num_key_value_heads", s.kv_heads},
          {"vocab_size", s.vocab},
          {"max_position_embeddings", s.context},
          {"rms_norm_eps", 1e-5},
          {"rope_theta", 10000.0},
          {"hidden_act", "silu"},
          {"tie_word_embeddings", s.tied}};
  // Only the bfloat16 shapes say so: the float32 ones keep the configuration (and so the cache key)
  // they had before.
  if (s.bfloat16) j["torch_dtype"] = "bfloat16";
  return j;
}

// Embeddings and head have std 3 / sqrt(d), so logits spread over a few nats (near-uniform
// distributions would make the peer cross-check of ranks and top-k meaningless); the rest std 0.02,
// as GPT-2 is initialised. GPT-2's head is its embedding, so a random GPT-2 mostly predicts the
// token it was just given; the cost of scoring does not depend on what the weights predict.
constexpr const char* kInit = "init: embeddings and head std 3/sqrt(dim), projections std 0.02, norms 1, biases 0";

std::vector<NamedTensor> random_weights(const ModelShape& s) {
  // A bfloat16 shape is rounded tensor by tensor, so a 1B model never exists in float32 at once.
  const auto stored = [&s](at::Tensor t) { return s.bfloat16 ? t.to(at::kBFloat16) : t; };
  const auto normal = [&](std::vector<std::int64_t> shape) { return stored(at::randn(shape) * 0.02); };
  const auto embedding = [&](std::int64_t rows) { return stored(at::randn({rows, s.dim}) * (3.0 / std::sqrt(double(s.dim)))); };
  const auto ones = [](std::int64_t n) { return at::ones({n}); };
  const auto zeros = [](std::int64_t n) { return at::zeros({n}); };
  const std::int64_t d = s.dim, F = s.hidden, hd = s.dim / s.heads;
  std::vector<NamedTensor> w;
  if (s.architecture == Architecture::Gpt2) {
    w.push_back({"transformer.wte.weight", embedding(s.vocab)});
    w.push_back({"transformer.wpe.weight", normal({s.context, d})});
    for (std::int64_t l = 0; l < s.layers; ++l) {
      const std::string n = "transformer.h." + std::to_string(l) + ".";
      w.push_back({n + "ln_1.weight", ones(d)});
      w.push_back({n + "ln_1.bias", zeros(d)});
      w.push_back({n + "attn.c_attn.weight", normal({d, 3 * d})});
      w.push_back({n + "attn.c_attn.bias", zeros(3 * d)});
      w.push_back({n + "attn.c_proj.weight", normal({d, d})});
      w.push_back({n + "attn.c_proj.bias", zeros(d)});
      w.push_back({n + "ln_2.weight", ones(d)});
      w.push_back({n + "ln_2.bias", zeros(d)});
      w.push_back({n + "mlp.c_fc.weight", normal({d, F})});
      w.push_back({n + "mlp.c_fc.bias", zeros(F)});
      w.push_back({n + "mlp.c_proj.weight", normal({F, d})});
      w.push_back({n + "mlp.c_proj.bias", zeros(d)});
    }
    w.push_back({"transformer.ln_f.weight", ones(d)});
    w.push_back({"transformer.ln_f.bias", zeros(d)});
    return w;
  }
  w.push_back({"model.embed_tokens.weight", embedding(s.vocab)});
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const std::string n = "model.layers." + std::to_string(l) + ".";
    w.push_back({n + "input_layernorm.weight", ones(d)});
    w.push_back({n + "self_attn.q_proj.weight", normal({s.heads * hd, d})});
    w.push_back({n + "self_attn.k_proj.weight", normal({s.kv_heads * hd, d})});
    w.push_back({n + "self_attn.v_proj.weight", normal({s.kv_heads * hd, d})});
    w.push_back({n + "self_attn.o_proj.weight", normal({d, s.heads * hd})});
    w.push_back({n + "post_attention_layernorm.weight", ones(d)});
    w.push_back({n + "mlp.gate_proj.weight", normal({F, d})});
    w.push_back({n + "mlp.up_proj.weight", normal({F, d})});
    w.push_back({n + "mlp.down_proj.weight", normal({d, F})});
  }
  w.push_back({"model.norm.weight", ones(d)});
  if (!s.tied) w.push_back({"lm_head.weight", embedding(s.vocab)});
  return w;
}

}  // namespace

const std::vector<ModelShape>& model_shapes() {
  static const std::vector<ModelShape> shapes = {
      {"gpt2-124m", Architecture::Gpt2, 768, 12, 12, 12, 3072, 50257, 1024},
      {"llama-125m", Architecture::Llama, 768, 12, 12, 4, 2048, 32000, 2048},
      {"gpt2-tiny", Architecture::Gpt2, 64, 2, 4, 4, 256, 1024, 128},
      {"llama-tiny", Architecture::Llama, 64, 2, 4, 2, 176, 1024, 128},
      {"llama-1b-bf16", Architecture::Llama, 2048, 16, 32, 8, 8192, 128256, 2048, true, true},
      {"llama-tiny-bf16", Architecture::Llama, 64, 2, 4, 2, 176, 1024, 128, true, true},
  };
  return shapes;
}

std::optional<ModelShape> find_shape(std::string_view name) {
  for (const auto& s : model_shapes())
    if (s.name == name) return s;
  return std::nullopt;
}

std::int64_t parameter_count(const ModelShape& s) {
  const std::int64_t d = s.dim, F = s.hidden, hd = s.dim / s.heads, kv = s.kv_heads * hd;
  if (s.architecture == Architecture::Gpt2)
    return s.vocab * d + s.context * d + s.layers * (4 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * F + F) + (F * d + d)) +
           2 * d;
  return (s.tied ? 1 : 2) * s.vocab * d + s.layers * (2 * d + d * d + 2 * kv * d + d * d + 3 * d * F) + d;
}

Result<fs::path> random_hf_model(const ModelShape& shape, const fs::path& cache_dir, std::uint64_t seed, Job& job) {
  const fs::path folder = cache_dir / (shape.name + "-seed" + std::to_string(seed));
  const nlohmann::json config = config_json(shape);
  const std::string stamp = config.dump() + "\n" + kInit;
  std::error_code ec;
  // A folder counts as complete once its marker repeats the configuration and initialisation it was
  // written with.
  const fs::path marker = folder / "cartograph-bench-complete";
  if (fs::is_regular_file(marker, ec)) {
    std::ifstream in(marker);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text == stamp) return folder;
  }
  job.begin("writing random " + shape.name + " weights", 0);
  fs::create_directories(cache_dir, ec);
  const fs::path partial = cache_dir / (folder.filename().string() + ".partial");
  fs::remove_all(partial, ec);
  if (!fs::create_directories(partial, ec))
    return fail(ErrorCode::Io, "cannot create the benchmark's model folder", partial.string(), ec.message());
  {
    std::ofstream out(partial / "config.json");
    out << config.dump(2) << '\n';
    if (!out) return fail(ErrorCode::Io, "cannot write config.json", partial.string());
  }
  try {
    c10::InferenceMode guard;
    at::manual_seed(seed);
    model::SafetensorsWriteOptions options;
    if (shape.bfloat16) options.dtype = model::DType::BF16;
    auto written = model::write_safetensors_folder(partial, random_weights(shape), options);
    if (!written) return std::unexpected(written.error());
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, "making random weights failed", partial.string(), e.what());
  }
  {
    std::ofstream out(partial / "cartograph-bench-complete");
    out << stamp;
  }
  fs::remove_all(folder, ec);
  fs::rename(partial, folder, ec);
  if (ec) return fail(ErrorCode::Io, "cannot move the benchmark's model folder into place", folder.string(), ec.message());
  return folder;
}

}  // namespace core::bench
