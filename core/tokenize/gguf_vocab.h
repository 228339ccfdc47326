#pragma once
// The tokenizer a GGUF file carries in its metadata (tokenizer.ggml.*), built from Cartograph's own
// tokenizers: `llama` (SentencePiece-style score merging, byte fallback) with the llama2.c encoder,
// `gpt2` (byte-level BPE with merges) with the BPE tokenizer and GPT-2's pre-tokenizer. The model
// reader (core/model/gguf_loader.cpp) fills a GgufVocab so that this layer needs no GGUF parsing.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/tokenize/tokenizer.h"

namespace core::tokenize {

struct GgufVocab {
  std::string model;                       // tokenizer.ggml.model: "llama", "gpt2", ...
  std::string pre;                         // tokenizer.ggml.pre ("" when absent)
  std::vector<std::string> tokens;         // tokenizer.ggml.tokens
  std::vector<float> scores;               // tokenizer.ggml.scores (llama)
  std::vector<std::int32_t> token_types;   // tokenizer.ggml.token_type (3 = control)
  std::vector<std::string> merges;         // tokenizer.ggml.merges (gpt2), "left right"
  std::optional<TokenId> bos, eos;         // tokenizer.ggml.bos_token_id / eos_token_id
  std::optional<bool> add_bos;             // tokenizer.ggml.add_bos_token
};

// Errors name `path` and say which part is wrong; a tokenizer model or pre-tokenizer Cartograph does
// not implement is ErrorCode::Unsupported, naming it.
Result<std::shared_ptr<const Tokenizer>> make_gguf_tokenizer(const GgufVocab& vocab, const std::string& path);

}  // namespace core::tokenize
