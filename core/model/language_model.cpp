#include "core/model/language_model.h"

#include <ATen/ATen.h>

#include <stdexcept>

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

at::Tensor LanguageModel::trunk_after(const at::Tensor&, KvCache&) const {
  throw std::logic_error("this model cannot continue from a cache (see supports_cached_trunk)");
}

}  // namespace core::model
