// The shared part of the Hugging Face folder readers (see hf_common.h).
#include "core/model/hf_common.h"

#include <ATen/ATen.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/model/resident_read.h"

namespace core::model::hf {

namespace {

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

}  // namespace

std::string shape_text(const std::vector<std::int64_t>& s) {
  std::ostringstream o;
  o << at::IntArrayRef(s);
  return o.str();
}

Result<std::int64_t> Config::positive(const std::string& key) const {
  if (!j_.contains(key)) return fail(ErrorCode::InvalidInput, "config.json lacks \"" + key + "\"", path_);
  const auto& v = j_[key];
  if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > (std::int64_t(1) << 31))
    return fail(ErrorCode::InvalidInput, "config.json \"" + key + "\" must be a positive integer", path_, v.dump());
  return v.get<std::int64_t>();
}

Result<std::int64_t> Config::positive_or(const std::string& key, std::int64_t fallback) const {
  if (!j_.contains(key) || j_[key].is_null()) return fallback;
  return positive(key);
}

Result<double> Config::number_or(const std::string& key, double fallback) const {
  if (!j_.contains(key) || j_[key].is_null()) return fallback;
  if (!j_[key].is_number() || !(j_[key].get<double>() > 0))
    return fail(ErrorCode::InvalidInput, "config.json \"" + key + "\" must be a positive number", path_,
                j_[key].dump());
  return j_[key].get<double>();
}

// Resolves every spec (presence, shape) first, then converts: nothing is allocated for a folder
// whose weights do not fit its config.
// `place.device`: where the weights go. On the CPU, float32 weights are read into private memory
// (read_resident) or stay views of the mapping, as `place.memory` says; float16 and bfloat16
// matrices stay views of the mapping in their stored dtype unless `place.dtype` asks for another
// (docs/ARCHITECTURE.md, "Weight dtypes"); what is converted is copied over to any other device.
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
    const at::ScalarType stored = ref->info->dtype == DType::F32   ? at::kFloat
                                  : ref->info->dtype == DType::F16 ? at::kHalf
                                                                   : at::kBFloat16;
    const at::ScalarType kept = kept_type(place.dtype, stored, std::int64_t(s.shape.size()));
    if (read_f32 && kept == at::kFloat && ref->info->dtype == DType::F32 && ref->info->end > ref->info->begin) {
      reads.push_back(ref->file->resident(*ref->info));
      read_into.push_back(s.slot);
      continue;
    }
    *s.slot = ref->file->as_type(*ref->info, kept);
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

Result<void> check_unused(const SafetensorsWeights& weights, const std::set<std::string>& used,
                          const std::string& arch, const std::string& folder, std::vector<std::string>& warnings) {
  std::vector<std::string> unused;
  for (const auto& [name, ref] : weights.all()) {
    if (used.contains(name)) continue;
    // Buffers older exports saved and tied heads saved twice carry no information of their own.
    const bool buffer = name.ends_with(".rotary_emb.inv_freq") || name.ends_with(".attn.bias") ||
                        name.ends_with(".attn.masked_bias") || name.ends_with(".attention.bias") ||
                        name.ends_with(".attention.masked_bias") || name == "lm_head.weight";
    if (buffer) continue;
    if (name.find(".layers.") != std::string::npos || name.starts_with("h.") || name.find(".h.") != std::string::npos)
      return fail(ErrorCode::Unsupported,
                  "tensor '" + name + "' is not part of " + arch +
                      " as config.json describes it (a bias or norm this configuration does not have); it would "
                      "change the computation, so the folder is refused rather than computed without it",
                  folder);
    unused.push_back(name);
  }
  if (unused.empty()) return {};
  std::string list;
  for (std::size_t i = 0; i < unused.size() && i < 3; ++i) list += (i ? ", " : "") + unused[i];
  if (unused.size() > 3) list += ", ...";
  warnings.push_back(std::to_string(unused.size()) + " tensor(s) in the weights are not part of " + arch +
                     " and were ignored: " + list);
  return {};
}

Result<RopeScaling> rope_scaling(const Config& cfg, std::int64_t max_position_embeddings) {
  RopeScaling out;
  if (!cfg.present("rope_scaling")) return out;
  const json& r = cfg.raw()["rope_scaling"];
  const auto refuse = [&](const std::string& what) -> Result<RopeScaling> {
    return fail(ErrorCode::Unsupported, "config.json rope_scaling: " + what, cfg.path(), r.dump());
  };
  if (!r.is_object()) return refuse("must be an object");
  std::string type;
  if (r.contains("rope_type") && r["rope_type"].is_string()) type = r["rope_type"].get<std::string>();
  else if (r.contains("type") && r["type"].is_string()) type = r["type"].get<std::string>();
  if (type.empty()) return refuse("names no rope_type");
  if (type == "default") return out;
  std::vector<std::string> known = {"rope_type", "type", "factor"};
  if (type == "llama3")
    known.insert(known.end(), {"low_freq_factor", "high_freq_factor", "original_max_position_embeddings"});
  else if (type == "yarn")
    known.insert(known.end(), {"original_max_position_embeddings", "beta_fast", "beta_slow", "attention_factor"});
  else if (type != "linear" && type != "dynamic")
    return refuse("type \"" + type + "\" is not supported (linear, dynamic, llama3 and yarn are)");
  for (const auto& [key, value] : r.items())
    if (std::find(known.begin(), known.end(), key) == known.end() && !value.is_null())
      return refuse("field \"" + key + "\" of type " + type + " is not supported");
  const auto number = [&](const char* key, double fallback, bool required) -> Result<double> {
    if (!r.contains(key) || r[key].is_null()) {
      if (required) return fail(ErrorCode::InvalidInput, std::string("config.json rope_scaling lacks \"") + key + "\"", cfg.path());
      return fallback;
    }
    if (!r[key].is_number() || !(r[key].get<double>() > 0))
      return fail(ErrorCode::InvalidInput, std::string("config.json rope_scaling \"") + key + "\" must be a positive number",
                  cfg.path(), r[key].dump());
    return r[key].get<double>();
  };
  TRY_ASSIGN(factor, number("factor", 1.0, true));
  out.factor = factor;
  if (type == "dynamic") {
    // Dynamic NTK changes the frequencies only past max_position_embeddings, beyond the context
    // Cartograph runs the model with: within it, plain RoPE is exact.
    return RopeScaling{};
  }
  if (type == "linear") {
    out.type = RopeScaling::Type::Linear;
    return out;
  }
  TRY_ASSIGN(original, number("original_max_position_embeddings", double(max_position_embeddings), type == "llama3"));
  out.original_max_position_embeddings = std::int64_t(original);
  if (type == "llama3") {
    out.type = RopeScaling::Type::Llama3;
    TRY_ASSIGN(low, number("low_freq_factor", 1.0, true));
    TRY_ASSIGN(high, number("high_freq_factor", 4.0, true));
    if (!(high > low)) return refuse("high_freq_factor must exceed low_freq_factor");
    out.low_freq_factor = low, out.high_freq_factor = high;
    return out;
  }
  out.type = RopeScaling::Type::Yarn;
  // Versions of transformers disagree on YaRN's factor when max_position_embeddings is not
  // original_max_position_embeddings * factor; only configs where they agree are accepted.
  const double ratio = double(max_position_embeddings) / original;
  if (ratio != 1.0 && std::abs(ratio - factor) > 1e-9)
    return refuse("yarn with max_position_embeddings / original_max_position_embeddings = " + std::to_string(ratio) +
                  " differing from factor " + std::to_string(factor) + " is ambiguous");
  TRY_ASSIGN(fast, number("beta_fast", 32.0, false));
  TRY_ASSIGN(slow, number("beta_slow", 1.0, false));
  TRY_ASSIGN(attention, number("attention_factor", factor <= 1 ? 1.0 : 0.1 * std::log(factor) + 1.0, false));
  out.beta_fast = fast, out.beta_slow = slow, out.attention_factor = attention;
  return out;
}

Result<std::vector<std::int64_t>> layer_windows(const Config& cfg, std::int64_t layers, std::int64_t window,
                                                std::int64_t context, const std::function<bool(std::int64_t)>& slides) {
  // The window is kept even where it cannot bind (window >= context): it still marks the layer as
  // local, which picks Gemma 3's local RoPE.
  (void)context;
  std::vector<std::int64_t> out(std::size_t(layers), 0);
  if (cfg.present("layer_types")) {
    const json& types = cfg.raw()["layer_types"];
    if (!types.is_array() || std::int64_t(types.size()) != layers)
      return fail(ErrorCode::InvalidInput, "config.json \"layer_types\" must list one type per layer", cfg.path());
    for (std::int64_t l = 0; l < layers; ++l) {
      const auto& t = types[std::size_t(l)];
      const std::string s = t.is_string() ? t.get<std::string>() : t.dump();
      if (s == "sliding_attention") out[std::size_t(l)] = window;
      else if (s != "full_attention")
        return fail(ErrorCode::Unsupported, "config.json layer_types[" + std::to_string(l) + "] \"" + s +
                                                "\" is not supported (sliding_attention, full_attention are)",
                    cfg.path());
    }
    return out;
  }
  for (std::int64_t l = 0; l < layers; ++l)
    if (slides(l)) out[std::size_t(l)] = window;
  return out;
}

}  // namespace core::model::hf
