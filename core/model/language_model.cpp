#include "core/model/language_model.h"

#include <ATen/ATen.h>

#include <set>
#include <stdexcept>

#include "core/model/weight_dtype.h"

namespace core::model {

const char* to_string(Architecture a) {
  switch (a) {
    case Architecture::Llama: return "llama";
    case Architecture::Gpt2: return "gpt2";
    case Architecture::TorchScript: return "torchscript";
  }
  return "unknown";
}

at::Tensor LanguageModel::logits(const at::Tensor& input_ids) const {
  c10::InferenceMode guard;
  const at::Tensor features = trunk(input_ids);
  const auto B = features.size(0), T = features.size(1);
  const at::Tensor out = head(features.reshape({B * T, features.size(2)}));
  return out.view({B, T, out.size(1)});
}

at::Tensor LanguageModel::trunk_from(const at::Tensor& input_ids, std::int64_t from) const {
  const at::Tensor features = trunk(input_ids);
  return from == 0 ? features : features.narrow(1, from, features.size(1) - from);
}

at::Tensor LanguageModel::trunk_after(const at::Tensor&, KvCache&) const {
  throw std::logic_error("this model cannot continue from a cache (see supports_cached_trunk)");
}

std::string dtype_summary(const std::vector<const at::Tensor*>& tensors) {
  std::set<std::string> kinds;
  for (const at::Tensor* t : tensors)
    if (t->defined()) kinds.insert(dtype_name(t->scalar_type()));
  if (kinds.empty()) return "float32";
  if (kinds.size() == 1) return *kinds.begin();
  std::string s = "mixed";
  for (const auto& k : kinds) s += (s == "mixed" ? " (" : ", ") + k;
  return s + ")";
}

}  // namespace core::model
