#pragma once
// What the Hugging Face folder readers share (internal to core/model): config.json access with
// errors that name the key, tensor specs resolved against the safetensors index before anything is
// converted, and the rope_scaling parser. One reader per family group: hf_loader.cpp (GPT-2 and the
// Llama-named families), hf_gemma.cpp, hf_neox.cpp.
#include <nlohmann/json.hpp>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/checkpoint.h"
#include "core/model/language_model.h"
#include "core/model/loaders.h"
#include "core/model/safetensors.h"
#include "core/model/weight_dtype.h"

namespace core::model::hf {

using nlohmann::json;

struct Spec {
  std::string name;
  std::vector<std::int64_t> shape;
  at::Tensor* slot;
  bool optional = false;
};

std::string shape_text(const std::vector<std::int64_t>& s);

// Reads config.json values with errors that name the key.
class Config {
 public:
  Config(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  Result<std::int64_t> positive(const std::string& key) const;
  Result<std::int64_t> positive_or(const std::string& key, std::int64_t fallback) const;
  Result<double> number_or(const std::string& key, double fallback) const;
  bool flag_or(const std::string& key, bool fallback) const {
    return j_.contains(key) && j_[key].is_boolean() ? j_[key].get<bool>() : fallback;
  }
  std::string string_or(const std::string& key, const std::string& fallback) const {
    return j_.contains(key) && j_[key].is_string() ? j_[key].get<std::string>() : fallback;
  }
  bool present(const std::string& key) const { return j_.contains(key) && !j_[key].is_null(); }
  const json& raw() const { return j_; }
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
  WeightDType dtype = WeightDType::Auto;  // matrices kept as stored, or converted (weight_dtype.h)
};

// Resolves every spec (presence, shape) first, then converts: nothing is allocated for a folder
// whose weights do not fit its config. Names of the tensors used go to `used`.
Result<void> resolve(const SafetensorsWeights& weights, const std::vector<Spec>& specs, const std::string& folder,
                     std::set<std::string>& used, const Placement& place, Job& job);
std::string dtype_summary(const SafetensorsWeights& weights, const std::set<std::string>& used);
// Tensors in the files that the architecture does not read: a warning for buffers and duplicates,
// an Unsupported error for a weight inside the layers (a bias or norm the family does not have
// would change the computation; ignoring it would silently compute another model).
Result<void> check_unused(const SafetensorsWeights& weights, const std::set<std::string>& used,
                          const std::string& arch, const std::string& folder, std::vector<std::string>& warnings);

// config.json's rope_scaling (HF's `rope_type`, or the older `type`): linear, llama3, yarn and
// dynamic (equal to plain RoPE within max_position_embeddings) are read; any other type, or a
// field of a known type that this reader does not implement, is refused naming it.
Result<RopeScaling> rope_scaling(const Config& cfg, std::int64_t max_position_embeddings);

// Per-layer sliding windows from `layer_types` ("sliding_attention" / "full_attention"), else
// from `slides` (layer l slides when slides(l) says so); 0 for a full-attention layer.
Result<std::vector<std::int64_t>> layer_windows(const Config& cfg, std::int64_t layers, std::int64_t window,
                                                std::int64_t context, const std::function<bool(std::int64_t)>& slides);

// The families config.json can name, and the reader of each (hf_loader.cpp).
using FamilyReader = Result<LoadedModel> (*)(const Config& cfg, const SafetensorsWeights& weights,
                                             const std::string& arch, const std::string& folder,
                                             const Placement& place, Job& job);
struct Family {
  const char* architecture;    // config.json "architectures"[0]
  const char* model_type;      // config.json "model_type"
  const char* alt_model_type;  // another model_type the same architecture is saved with, or null
  FamilyReader load;
};
const std::vector<Family>& families();
const Family* family(const std::string& architecture);
std::string architecture_of_model_type(const std::string& model_type);

// The family readers outside hf_loader.cpp.
Result<LoadedModel> load_gemma(const Config& cfg, const SafetensorsWeights& weights, const std::string& arch,
                               const std::string& folder, const Placement& place, Job& job);
Result<LoadedModel> load_neox(const Config& cfg, const SafetensorsWeights& weights, const std::string& arch,
                              const std::string& folder, const Placement& place, Job& job);

}  // namespace core::model::hf
