#pragma once
// The llama2.c `tokenizer.bin` format (int32 max_token_length; per id: float32 score, int32 length,
// bytes) and an encoder that gives exactly what llama2.c's run.c `encode()` gives.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/tokenize/tokenizer.h"

namespace core::tokenize {

// Parses a tokenizer.bin held in memory; `path` only names the file in errors. Every length field is
// checked against the bytes that remain before anything is allocated.
Result<std::shared_ptr<const Tokenizer>> parse_llama2c_tokenizer(std::string_view bytes,
                                                                 const std::string& path);

// The entries of a tokenizer.bin in id order, validated as parse_llama2c_tokenizer does.
struct Llama2cVocab {
  std::vector<std::string> pieces;
  std::vector<float> scores;
};
Result<Llama2cVocab> read_llama2c_vocab(std::string_view bytes, const std::string& path);

Result<std::shared_ptr<const Tokenizer>> load_llama2c_tokenizer(const std::filesystem::path& path);

// The same encoder over a vocabulary given as pieces and scores (spaces as ' ', byte tokens as
// "<0xXX>"), e.g. a GGUF's `llama` vocabulary. It needs run.c's layout: at least 259 pieces, BOS at
// 1, EOS at 2 and the byte tokens at 3..258; `path` names the source in errors.
Result<std::shared_ptr<const Tokenizer>> make_llama2c_tokenizer(std::vector<std::string> pieces,
                                                                std::vector<float> scores, const std::string& path);

}  // namespace core::tokenize
