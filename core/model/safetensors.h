#pragma once
// Safetensors reading: one validated, memory-mapped file (SafetensorsFile) and the set of files a
// Hugging Face folder holds, single or sharded through `model.safetensors.index.json`
// (SafetensorsWeights). Every header field is checked before any tensor is touched: the header
// length against the file size, the JSON, dtypes, shape x dtype size against the byte span,
// offsets inside the data section, no two tensors sharing bytes.
//
// Both classes are immutable after opening and safe to read from any thread. Tensors they hand out
// keep the mapping alive, so a model may outlive the SafetensorsFile object it came from.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model/resident_read.h"
#include "core/model/safetensors_header.h"

namespace core::model {

class MappedFile;

class SafetensorsFile {
 public:
  static Result<std::shared_ptr<const SafetensorsFile>> open(const std::filesystem::path& path);

  const std::filesystem::path& path() const;
  std::uint64_t file_size() const;
  const std::vector<TensorInfo>& tensors() const { return tensors_; }  // in file order
  const TensorInfo* find(std::string_view name) const;
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

  // The tensor as float32 on the CPU: a zero-copy view of the mapping for aligned F32 data, a
  // converted copy for F16/BF16 (and unaligned F32). Never throws for a tensor of this file.
  at::Tensor to_float(const TensorInfo& t) const;
  // The tensor in `type` (float32, float16 or bfloat16) on the CPU: a zero-copy view of the mapping
  // when it is stored in that type (and aligned), else a converted copy. Never throws.
  at::Tensor as_type(const TensorInfo& t, at::ScalarType type) const;
  // The tensor as float32 in private memory (core/model/resident_read.h says why): float32 data read
  // from the file with every intra-op thread, F16/BF16 converted from the mapping. What a CPU model
  // computes with. Fails (naming the file) if the file has been cut short since it was opened.
  Result<at::Tensor> read_float(const TensorInfo& t) const;
  // Where a float32 tensor's bytes lie, for reading many tensors at once (read_resident).
  ResidentRead resident(const TensorInfo& t) const;
  // Whether `p` points into this file's mapping (to tell a zero-copy view from a copy).
  bool maps(const void* p) const;

 private:
  std::shared_ptr<const MappedFile> map_;
  std::uint64_t data_start_ = 0;
  std::vector<TensorInfo> tensors_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::map<std::string, std::string> metadata_;
};

// The weights of a folder: `model.safetensors`, or the shards a `model.safetensors.index.json`
// names (each shard opened once; every name in its weight_map must be in the shard it points to).
class SafetensorsWeights {
 public:
  struct Ref {
    const SafetensorsFile* file = nullptr;
    const TensorInfo* info = nullptr;
  };

  static Result<SafetensorsWeights> open_folder(const std::filesystem::path& folder);
  static Result<SafetensorsWeights> open_file(const std::filesystem::path& file);

  const Ref* find(std::string_view name) const;
  const std::map<std::string, Ref, std::less<>>& all() const { return refs_; }
  const std::vector<std::shared_ptr<const SafetensorsFile>>& files() const { return files_; }

 private:
  std::vector<std::shared_ptr<const SafetensorsFile>> files_;
  std::map<std::string, Ref, std::less<>> refs_;
};

}  // namespace core::model
