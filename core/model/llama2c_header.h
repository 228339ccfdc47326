#pragma once
// The header of a llama2.c checkpoint (legacy: seven int32; version 1: the 256-byte "ak42" header),
// parsed and checked against the file's size from bytes alone (no tensors, no LibTorch), so that a
// header that lies is refused before anything is mapped into tensors. load_llama2c (loaders.h) uses
// it; the fuzz target tests/fuzz/llama2c_model_fuzz.cpp feeds it arbitrary bytes.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace core::model {

struct Llama2cHeader {
  struct Sizes {
    std::int32_t dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len;
  } sizes{};                        // vocab_size made positive
  bool v1 = false;                  // the version-1 export
  bool shared = false;              // the classifier is the embedding
  std::int64_t header_bytes = 28;
  std::string fields;               // "dim=... seq_len=..." for messages
};

// `file` is the whole file's bytes (its size is checked against the header); `path` names it in errors.
Result<Llama2cHeader> parse_llama2c_header(std::string_view file, const std::string& path);

}  // namespace core::model
