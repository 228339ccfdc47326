#include "core/model/hf_export.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "core/model/llama.h"
#include "core/model/safetensors_writer.h"
#include "core/tokenize/tokenizer_json_writer.h"

namespace core::model {

namespace {

// Rows (2i, 2i+1) of each head become rows (i, i + hd/2): adjacent-pair RoPE to half RoPE.
at::Tensor adjacent_to_halves(const at::Tensor& w, std::int64_t heads, std::int64_t hd) {
  if (!w.defined()) return w;
  if (w.dim() == 1) return w.view({heads, hd / 2, 2}).transpose(1, 2).reshape({heads * hd});
  return w.view({heads, hd / 2, 2, w.size(1)}).transpose(1, 2).reshape({heads * hd, w.size(1)});
}

}  // namespace

Result<void> write_hf_llama(const LanguageModel& model, const std::filesystem::path& folder,
                            const HfExportOptions& options) {
  const auto* llama = dynamic_cast<const LlamaModel*>(&model);
  if (!llama) return fail(ErrorCode::Unsupported, "only Llama-family models can be written as a Hugging Face Llama folder",
                          folder.string());
  const ModelConfig& c = llama->config();
  const LlamaWeights& w = llama->weights();
  // The other families that run on LlamaModel have layouts of their own (docs/ARCHITECTURE.md,
  // "Model families"); writing them as a Llama folder would describe another model.
  const ModelConfig plain;
  if (c.norm != plain.norm || c.qk_norm != plain.qk_norm || !c.pre_norms || c.post_norms || c.parallel_residual ||
      c.feed_forward != plain.feed_forward || c.embed_scale != 0 || c.attn_scale != 0 || c.attn_softcap != 0 ||
      c.final_softcap != 0 || !c.layer_window.empty() || c.rotary_dim != 0 || c.head_dim_override != 0 ||
      c.rope_scaling.type != RopeScaling::Type::None || c.rope_local_theta != 0)
    return fail(ErrorCode::Unsupported,
                "only plain Llama and Qwen2 maps can be written as a Hugging Face Llama folder, not " + c.hf_architecture,
                folder.string());
  const std::int64_t hd = c.head_dim();
  const bool permute = c.rope_pairing == RopePairing::Adjacent;
  auto q_rows = [&](const at::Tensor& t) { return permute ? adjacent_to_halves(t, c.n_heads, hd) : t; };
  auto k_rows = [&](const at::Tensor& t) { return permute ? adjacent_to_halves(t, c.n_kv_heads, hd) : t; };

  bool o_bias = false, mlp_bias = false;
  for (const auto& L : w.layers) {
    o_bias |= L.bo.defined();
    mlp_bias |= L.b_gate.defined() || L.b_up.defined() || L.b_down.defined();
  }
  // Qwen2 is the family with q/k/v biases alone; Llama's attention_bias also biases o_proj.
  const bool qwen2 = c.qkv_bias && !o_bias && !mlp_bias;
  if (c.qkv_bias != o_bias && !qwen2)
    return fail(ErrorCode::Unsupported, "this combination of projection biases has no Hugging Face architecture",
                folder.string());

  std::vector<NamedTensor> tensors;
  {
    c10::InferenceMode guard;
    tensors.push_back({"model.embed_tokens.weight", w.embed});
    for (std::size_t l = 0; l < w.layers.size(); ++l) {
      const auto& L = w.layers[l];
      const std::string n = "model.layers." + std::to_string(l) + ".";
      tensors.push_back({n + "input_layernorm.weight", L.attn_norm});
      tensors.push_back({n + "self_attn.q_proj.weight", q_rows(L.wq)});
      tensors.push_back({n + "self_attn.k_proj.weight", k_rows(L.wk)});
      tensors.push_back({n + "self_attn.v_proj.weight", L.wv});
      tensors.push_back({n + "self_attn.o_proj.weight", L.wo});
      if (L.bq.defined()) {
        tensors.push_back({n + "self_attn.q_proj.bias", q_rows(L.bq)});
        tensors.push_back({n + "self_attn.k_proj.bias", k_rows(L.bk)});
        tensors.push_back({n + "self_attn.v_proj.bias", L.bv});
      }
      if (L.bo.defined()) tensors.push_back({n + "self_attn.o_proj.bias", L.bo});
      tensors.push_back({n + "post_attention_layernorm.weight", L.ffn_norm});
      tensors.push_back({n + "mlp.gate_proj.weight", L.w_gate});
      tensors.push_back({n + "mlp.up_proj.weight", L.w_up});
      tensors.push_back({n + "mlp.down_proj.weight", L.w_down});
      if (mlp_bias) {
        tensors.push_back({n + "mlp.gate_proj.bias", L.b_gate});
        tensors.push_back({n + "mlp.up_proj.bias", L.b_up});
        tensors.push_back({n + "mlp.down_proj.bias", L.b_down});
      }
    }
    tensors.push_back({"model.norm.weight", w.final_norm});
    if (!c.tied_embeddings) tensors.push_back({"lm_head.weight", w.lm_head});
  }

  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create the folder", folder.string(), ec.message());

  nlohmann::json config = {
      {"architectures", {qwen2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM"}},
      {"model_type", qwen2 ? "qwen2" : "llama"},
      {"hidden_size", c.dim},
      {"intermediate_size", c.hidden_dim},
      {"num_hidden_layers", c.n_layers},
      {"num_attention_heads", c.n_heads},
      {"num_key_value_heads", c.n_kv_heads},
      {"max_position_embeddings", c.max_seq_len},
      {"rms_norm_eps", c.norm_eps},
      {"rope_theta", c.rope_theta},
      {"rope_scaling", nullptr},
      {"tie_word_embeddings", c.tied_embeddings},
      {"vocab_size", c.vocab_size},
      {"hidden_act", "silu"},
      {"torch_dtype", torch_name(options.dtype)}};
  if (!qwen2) {
    config["attention_bias"] = o_bias;
    config["mlp_bias"] = mlp_bias;
  }
  if (options.bos_token_id) config["bos_token_id"] = *options.bos_token_id;
  if (options.eos_token_id) config["eos_token_id"] = *options.eos_token_id;
  {
    std::ofstream out(folder / "config.json", std::ios::binary | std::ios::trunc);
    out << config.dump(2) << '\n';
    out.flush();
    if (!out) return fail(ErrorCode::Io, "cannot write config.json", (folder / "config.json").string());
  }

  SafetensorsWriteOptions write;
  write.dtype = options.dtype;
  write.max_shard_bytes = options.max_shard_bytes;
  write.metadata = {{"format", "pt"}};
  if (auto r = write_safetensors_folder(folder, tensors, write); !r) return std::unexpected(r.error());

  if (!options.tokenizer_file.empty() && options.tokenizer_as_json && options.tokenizer_file.extension() == ".bin") {
    auto files = tokenize::llama2c_as_tokenizer_json(options.tokenizer_file);
    if (!files) return std::unexpected(files.error());
    for (const auto& [name, text] : {std::pair{"tokenizer.json", &files->tokenizer_json},
                                     std::pair{"tokenizer_config.json", &files->tokenizer_config_json}}) {
      std::ofstream out(folder / name, std::ios::binary | std::ios::trunc);
      out << *text;
      out.flush();
      if (!out) return fail(ErrorCode::Io, std::string("cannot write ") + name, (folder / name).string());
    }
  } else if (!options.tokenizer_file.empty()) {
    const auto& src = options.tokenizer_file;
    const auto name = src.extension() == ".bin" ? std::filesystem::path("tokenizer.bin") : src.filename();
    std::filesystem::copy_file(src, folder / name, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) return fail(ErrorCode::Io, "cannot copy the tokenizer into the folder", src.string(), ec.message());
  }
  return {};
}

}  // namespace core::model
