// llama2.c checkpoints (karpathy/llama2.c): the legacy export (7 x int32 header, then float32
// tensors) and the version-1 export (256-byte "ak42" header). Both rotate ADJACENT pairs.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstring>

#include "core/model/llama.h"
#include "core/model/loaders.h"
#include "core/model/mapped_file.h"

namespace core::model {

namespace {

constexpr std::uint32_t kV1Magic = 0x616b3432;  // "ak42" little-endian
constexpr std::int64_t kV1HeaderBytes = 256;
constexpr std::int64_t kMaxField = std::int64_t(1) << 24;  // larger than any real model's dims

struct Header {
  std::int32_t dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len;
};

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
  if (size < 28)
    return fail(ErrorCode::Corrupt, "truncated llama2.c checkpoint: shorter than its 28-byte header", p,
                std::to_string(size) + " bytes");

  Header h{};
  bool v1 = false, shared = false;
  std::int64_t header_bytes = 28;
  std::uint32_t magic = 0;
  std::memcpy(&magic, map->data(), 4);
  if (magic == kV1Magic) {
    if (size < kV1HeaderBytes) return fail(ErrorCode::Corrupt, "truncated llama2.c v1 header", p);
    std::int32_t version = 0;
    std::memcpy(&version, map->data() + 4, 4);
    if (version != 1)
      return fail(ErrorCode::Unsupported,
                  "llama2.c export version " + std::to_string(version) +
                      " is not supported (float32 legacy and version 1 are)",
                  p);
    std::memcpy(&h, map->data() + 8, sizeof h);
    shared = std::to_integer<int>(map->data()[8 + sizeof h]) != 0;
    v1 = true;
    header_bytes = kV1HeaderBytes;
  } else {
    std::memcpy(&h, map->data(), sizeof h);
    shared = h.vocab_size > 0;
    h.vocab_size = h.vocab_size < 0 ? -h.vocab_size : h.vocab_size;
  }

  const std::string fields = "dim=" + std::to_string(h.dim) + " hidden_dim=" + std::to_string(h.hidden_dim) +
                             " n_layers=" + std::to_string(h.n_layers) + " n_heads=" + std::to_string(h.n_heads) +
                             " n_kv_heads=" + std::to_string(h.n_kv_heads) + " vocab_size=" +
                             std::to_string(h.vocab_size) + " seq_len=" + std::to_string(h.seq_len);
  for (std::int32_t v : {h.dim, h.hidden_dim, h.n_layers, h.n_heads, h.n_kv_heads, h.vocab_size, h.seq_len})
    if (v <= 0 || v > kMaxField)
      return fail(ErrorCode::Corrupt, "llama2.c header holds a size that is not positive and plausible; not a llama2.c checkpoint?",
                  p, fields);
  if (h.dim % h.n_heads != 0 || h.n_heads % h.n_kv_heads != 0 || (h.dim / h.n_heads) % 2 != 0)
    return fail(ErrorCode::Corrupt, "llama2.c header: dim must split into n_heads even-sized heads and n_heads into n_kv_heads",
                p, fields);

  const std::int64_t d = h.dim, F = h.hidden_dim, L = h.n_layers, V = h.vocab_size, S = h.seq_len;
  const std::int64_t hd = d / h.n_heads, kv = std::int64_t(h.n_kv_heads) * hd;
  // Every field is below 2^24, so these sums stay far below 2^63.
  std::int64_t floats = V * d + L * d + L * d * d + 2 * L * d * kv + L * d * d + L * d + 3 * L * d * F + d;
  if (!v1) floats += S * hd;  // legacy freq_cis_real and freq_cis_imag tables, [S, hd/2] each
  if (!shared) floats += V * d;
  const std::int64_t expected = header_bytes + 4 * floats;
  if (size != expected)
    return fail(ErrorCode::Corrupt,
                "llama2.c checkpoint size does not match its header: expected " + std::to_string(expected) +
                    " bytes, the file has " + std::to_string(size) + (size < expected ? " (truncated?)" : ""),
                p, fields);

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
