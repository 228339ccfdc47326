#pragma once
// core::bench::GgufWriter: writes a GGUF file (ggml's single-file model format, version 3,
// little-endian, 32-byte alignment) with metadata and float32 tensors, so that the benchmark can hand
// llama.cpp the same weights it scores itself (llama_perplexity.h). Values are collected in memory and
// the tensors streamed at `write`; a tensor's shape is given in PyTorch order ([rows, columns]) and
// stored as ggml's ne (reversed), as Cartograph's reader (core/model/gguf_header.h) reads it back.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/error.h"

namespace core::bench {

class GgufWriter {
 public:
  void add_u32(const std::string& key, std::uint32_t value);
  void add_f32(const std::string& key, float value);
  void add_bool(const std::string& key, bool value);
  void add_string(const std::string& key, const std::string& value);
  void add_strings(const std::string& key, const std::vector<std::string>& values);
  void add_i32s(const std::string& key, const std::vector<std::int32_t>& values);
  // A float32 tensor (any float dtype is converted; the tensor is kept until write).
  void add_tensor(const std::string& name, const at::Tensor& tensor);

  // Writes everything to `file` (through a temporary name, renamed when complete).
  Result<void> write(const std::filesystem::path& file) const;

 private:
  std::string metadata_;  // the key-value section, already encoded
  std::uint64_t metadata_count_ = 0;
  std::vector<std::pair<std::string, at::Tensor>> tensors_;
};

}  // namespace core::bench
