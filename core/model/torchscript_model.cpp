// TorchScript checkpoints: `forward(input_ids int64 [B, T]) -> logits [B, T, V]`. A TorchScript
// archive carries code that runs on load and on every forward, so it is refused unless the user
// said they trust it. The only file that includes the JIT headers.
#include <torch/script.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "core/model/loaders.h"

namespace core::model {

namespace {

// Keeps the ids seen so far: TorchScript modules have no cache to feed, so each step recomputes.
class IdHistory final : public KvCache {
 public:
  explicit IdHistory(std::int64_t batch) : batch_(batch) {}
  std::int64_t length() const override { return ids_.defined() ? ids_.size(1) : 0; }
  std::int64_t batch_;
  at::Tensor ids_;
};

// Not splittable: trunk() returns the logits and head() is the identity. The module is only ever
// run forward; the JIT interpreter allows concurrent forwards, hence `mutable`.
class TorchScriptModel final : public LanguageModel {
 public:
  TorchScriptModel(torch::jit::Module module, ModelConfig config, std::int64_t parameters)
      : module_(std::move(module)), config_(std::move(config)), parameters_(parameters) {}

  const ModelConfig& config() const override { return config_; }

  at::Tensor trunk(const at::Tensor& input_ids) const override {
    c10::InferenceMode guard;
    if (input_ids.dim() != 2 || input_ids.scalar_type() != at::kLong)
      throw std::invalid_argument("input ids must be an int64 tensor of shape [batch, time]");
    at::Tensor out = module_.forward({input_ids}).toTensor();
    if (out.dim() != 3 || out.size(0) != input_ids.size(0) || out.size(1) != input_ids.size(1) ||
        out.size(2) != config_.vocab_size)
      throw std::runtime_error("the TorchScript module returned logits of an unexpected shape");
    return out.to(at::kFloat);
  }
  at::Tensor head(const at::Tensor& features) const override { return features; }
  bool has_hidden_states() const override { return false; }

  std::unique_ptr<KvCache> new_cache(std::int64_t batch) const override { return std::make_unique<IdHistory>(batch); }

  at::Tensor decode_step(const at::Tensor& input_ids, KvCache& cache) const override {
    c10::InferenceMode guard;
    auto* history = dynamic_cast<IdHistory*>(&cache);
    if (!history || history->batch_ != input_ids.size(0))
      throw std::invalid_argument("the cache was made for another model or batch size");
    history->ids_ = history->ids_.defined() ? at::cat({history->ids_, input_ids}, 1) : input_ids.clone();
    const at::Tensor logits = trunk(history->ids_);
    return logits.select(1, logits.size(1) - 1);
  }

  std::int64_t parameter_count() const override { return parameters_; }

 private:
  mutable torch::jit::Module module_;
  ModelConfig config_;
  std::int64_t parameters_ = 0;
};

}  // namespace

bool looks_like_zip(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

Result<LoadedModel> load_torchscript(const std::filesystem::path& file, const LoadOptions& options, Job& job) {
  const std::string p = file.string();
  if (!options.trust_torchscript)
    return fail(ErrorCode::Unsupported,
                "this is a TorchScript module, which can run arbitrary code when loaded; load it only if you trust "
                "its source, by passing --trust-torchscript (or confirming in the GUI)",
                p);
  job.begin("loading TorchScript", 0);
  torch::jit::Module module;
  try {
    module = torch::jit::load(p, c10::Device(c10::kCPU));
    module.eval();
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return fail(ErrorCode::Corrupt, "not a loadable TorchScript archive", p, what);
  }

  // The vocabulary is only visible in the output: probe with one token.
  std::int64_t vocab = 0;
  try {
    c10::InferenceMode guard;
    const at::Tensor out = module.forward({at::zeros({1, 1}, at::kLong)}).toTensor();
    if (out.dim() != 3 || out.size(0) != 1 || out.size(1) != 1 || out.size(2) <= 0)
      return fail(ErrorCode::InvalidInput, "the TorchScript module's forward does not return logits [B, T, V]", p);
    vocab = out.size(2);
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return fail(ErrorCode::InvalidInput, "the TorchScript module's forward(input_ids) failed on a one-token input", p,
                what);
  }

  std::int64_t parameters = 0;
  std::string dtype = "float32";
  for (const auto& param : module.parameters()) {
    if (parameters == 0) {
      const auto t = param.scalar_type();
      dtype = t == at::kFloat ? "float32" : t == at::kHalf ? "float16" : t == at::kBFloat16 ? "bfloat16"
                                                                                           : c10::toString(t);
    }
    parameters += param.numel();
  }
  std::int64_t context = 0;
  for (const char* attr : {"context_length", "max_seq_len"})
    if (module.hasattr(attr) && module.attr(attr).isInt()) context = module.attr(attr).toInt();

  ModelConfig config;
  config.architecture = Architecture::TorchScript;
  config.vocab_size = vocab;
  config.max_seq_len = context;

  LoadedModel out;
  out.model = std::make_shared<TorchScriptModel>(std::move(module), config, parameters);
  auto& info = out.info;
  info.path = p;
  info.format = "torchscript";
  info.architecture = "torchscript";
  info.dtype = dtype;
  info.parameters = parameters;
  info.vocab_size = vocab;
  info.context_length = context;
  std::error_code ec;
  info.weights.push_back(WeightFile{p, {}, std::int64_t(std::filesystem::file_size(file, ec))});
  info.config_json = nlohmann::json{{"format", "torchscript"}, {"vocab_size", vocab}, {"context_length", context}}.dump();
  if (context == 0) info.warnings.push_back("the TorchScript module does not state its context length");
  return out;
}

}  // namespace core::model
