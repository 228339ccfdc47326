// llama2.c checkpoints (karpathy/llama2.c): the legacy export (7 x int32 header, then float32
// tensors) and the version-1 export (256-byte "ak42" header). Both rotate ADJACENT pairs.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstring>

#include "core/model/llama.h"
#include "core/model/llama2c_header.h"
#include "core/model/loaders.h"
#include "core/model/mapped_file.h"

namespace core::model {

namespace {



// Hands out consecutive float32 tensors of the mapped file without copying.
class Cursor {
 public:
  Cursor(std::shared_ptr<const MappedFile> map, std::int64_t offset) : map_(std::move(map)), offset_(offset) {}
  at::Tensor take(std::vector<std::int64_t> shape) {
    std::int64_t n = 1;
    for (auto s : shape) n *= s;
    auto keep = map_;
    at::Tensor t = at::from_blob(const_cast<std::byte*>(map_->data() + offset_), shape,
                                 [keep](void*) {}, at::TensorOptions().dtype(at::kFloat));
    offset_ += 4 * n;
    return t;
  }
  void skip(std::int64_t floats) { offset_ += 4 * floats; }

 private:
  std::shared_ptr<const MappedFile> map_;
  std::int64_t offset_;
};

}  // namespace

Result<LoadedModel> load_llama2c(const std::filesystem::path& file, const LoadOptions&, Job& job) {
  const std::string p = file.string();
  auto mapped = MappedFile::open(file);
  if (!mapped) return std::unexpected(mapped.error());
  const auto map = *mapped;
  const std::int64_t size = std::int64_t(map->size());
  auto header = parse_llama2c_header(
      std::string_view(reinterpret_cast<const char*>(map->data()), std::size_t(map->size())), p);
  if (!header) return std::unexpected(header.error());
  const Llama2cHeader::Sizes& h = header->sizes;
  const bool v1 = header->v1, shared = header->shared;
  const std::int64_t header_bytes = header->header_bytes;
  const std::int64_t d = h.dim, F = h.hidden_dim, L = h.n_layers, V = h.vocab_size, S = h.seq_len;
  const std::int64_t hd = d / h.n_heads, kv = std::int64_t(h.n_kv_heads) * hd;

  ModelConfig config;
  config.architecture = Architecture::Llama;
  config.dim = d;
  config.hidden_dim = F;
  config.n_layers = L;
  config.n_heads = h.n_heads;
  config.n_kv_heads = h.n_kv_heads;
  config.vocab_size = V;
  config.max_seq_len = S;
  config.rope_theta = 10000.0;
  config.norm_eps = 1e-5;
  config.tied_embeddings = shared;
  config.rope_pairing = RopePairing::Adjacent;

  job.begin("mapping weights", 0);
  LlamaWeights w;
  w.layers.resize(std::size_t(L));
  Cursor c(map, header_bytes);
  auto per_layer = [&](at::Tensor LlamaLayerWeights::*member, std::vector<std::int64_t> shape) {
    for (auto& layer : w.layers) layer.*member = c.take(shape);
  };
  if (v1) {
    per_layer(&LlamaLayerWeights::attn_norm, {d});
    per_layer(&LlamaLayerWeights::ffn_norm, {d});
    w.final_norm = c.take({d});
    w.embed = c.take({V, d});
  } else {
    w.embed = c.take({V, d});
    per_layer(&LlamaLayerWeights::attn_norm, {d});
  }
  per_layer(&LlamaLayerWeights::wq, {d, d});
  per_layer(&LlamaLayerWeights::wk, {kv, d});
  per_layer(&LlamaLayerWeights::wv, {kv, d});
  per_layer(&LlamaLayerWeights::wo, {d, d});
  if (!v1) per_layer(&LlamaLayerWeights::ffn_norm, {d});
  per_layer(&LlamaLayerWeights::w_gate, {F, d});
  per_layer(&LlamaLayerWeights::w_down, {d, F});
  per_layer(&LlamaLayerWeights::w_up, {F, d});
  if (!v1) {
    w.final_norm = c.take({d});
    c.skip(S * hd);
  }
  if (!shared) w.lm_head = c.take({V, d});

  auto model = LlamaModel::create(config, std::move(w));
  if (!model) return std::unexpected(with_path(model.error(), p));

  LoadedModel out;
  out.model = *model;
  auto& info = out.info;
  info.path = p;
  info.format = "llama2c";
  info.architecture = "llama";
  info.dtype = "float32";
  info.parameters = (*model)->parameter_count();
  info.vocab_size = V;
  info.context_length = S;
  info.weights.push_back(WeightFile{p, {}, size});
  info.config_json = nlohmann::json{{"format", v1 ? "llama2c-v1" : "llama2c-legacy"},
                                    {"dim", d},
                                    {"hidden_dim", F},
                                    {"n_layers", L},
                                    {"n_heads", h.n_heads},
                                    {"n_kv_heads", h.n_kv_heads},
                                    {"vocab_size", V},
                                    {"seq_len", S},
                                    {"shared_classifier", shared}}
                         .dump();
  return out;
}

}  // namespace core::model
