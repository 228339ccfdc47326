#pragma once
// core::model::GgufFile: one GGUF file, memory-mapped, its header validated as a whole
// (gguf_header.h) before anything is allocated from it. Every error names the file.
// Immutable after opening; safe to read from any thread. Tensors it hands out keep the mapping alive.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model/gguf_header.h"

namespace core::model {

class MappedFile;

class GgufFile {
 public:
  static Result<std::shared_ptr<const GgufFile>> open(const std::filesystem::path& path);

  const std::string& path() const { return path_; }
  std::uint32_t version() const { return header_.version; }
  std::uint64_t file_size() const;
  std::uint64_t alignment() const { return header_.alignment; }
  const std::map<std::string, GgufValue, std::less<>>& metadata() const { return header_.metadata; }
  const GgufValue* find_value(std::string_view key) const { return header_.find_value(key); }
  const std::vector<GgufTensor>& tensors() const { return header_.tensors; }  // in file order
  const GgufTensor* find(std::string_view name) const { return header_.find(name); }
  const GgufHeader& header() const { return header_; }

  // The tensor as float32 on the CPU: a zero-copy view of the mapping for F32, a dequantized copy
  // for every other type. Never throws for a tensor of this file.
  at::Tensor to_float(const GgufTensor& t) const;
  // The tensor in `type` (float32, float16 or bfloat16): a zero-copy view of the mapping when it is
  // stored in that type (F32, F16, BF16), else dequantized to float32 and converted. Never throws.
  at::Tensor as_type(const GgufTensor& t, at::ScalarType type) const;
  // Whether `p` points into this file's mapping (to tell a zero-copy view from a copy).
  bool maps(const void* p) const;

 private:
  std::shared_ptr<const MappedFile> map_;
  std::string path_;
  GgufHeader header_;
};

// Whether a file starts with the GGUF magic.
bool looks_like_gguf(const std::filesystem::path& file);

}  // namespace core::model
