#pragma once
// Safetensors writing, for tests and for the demo that writes Hugging Face folders: one file, or
// shards plus a `model.safetensors.index.json` as transformers writes them. Float tensors are
// rounded to the requested dtype (round to nearest even); the header is padded to 8 bytes with
// spaces, as the reference writer does. Stateless functions; safe from any thread.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/model/safetensors.h"

namespace core::model {

struct NamedTensor {
  std::string name;
  at::Tensor tensor;  // any floating CPU tensor; converted to the file's dtype
};

struct SafetensorsWriteOptions {
  DType dtype = DType::F32;
  std::map<std::string, std::string> metadata;  // written as __metadata__ (e.g. {"format": "pt"})
  // Largest shard in bytes; 0 = one file `model.safetensors`. With a limit, tensors are packed in
  // order into `model-0000i-of-0000N.safetensors` (a tensor larger than the limit gets its own shard)
  // and the index maps every name to its shard.
  std::int64_t max_shard_bytes = 0;
};

// Writes one .safetensors file holding `tensors` (in the given order).
Result<void> write_safetensors(const std::filesystem::path& file, const std::vector<NamedTensor>& tensors,
                               const SafetensorsWriteOptions& options = {});

// Writes the weights of a Hugging Face folder (the folder must exist) and returns the files written.
Result<std::vector<std::filesystem::path>> write_safetensors_folder(const std::filesystem::path& folder,
                                                                    const std::vector<NamedTensor>& tensors,
                                                                    const SafetensorsWriteOptions& options = {});

}  // namespace core::model
