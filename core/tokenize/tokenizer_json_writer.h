#pragma once
// Writing a llama2.c vocabulary as the Hugging Face files a conversion of the model carries: a
// SentencePiece-style BPE tokenizer.json (pieces with "▁" for spaces, merges ranked by the merged
// piece's score as llama2.c's encoder ranks them, byte fallback, "<s>" added in front) and a
// tokenizer_config.json naming BOS, EOS and UNK. Ids are kept, so a map and its conversion share
// them; BOS/EOS/UNK are spelled the Hugging Face way ("<s>", not llama2.c's "\n<s>\n").
#include <filesystem>
#include <string>

#include "core/error.h"

namespace core::tokenize {

struct TokenizerJsonFiles {
  std::string tokenizer_json;
  std::string tokenizer_config_json;
};

// Reads a llama2.c tokenizer.bin (validated as load_tokenizer does) and returns both files' text.
Result<TokenizerJsonFiles> llama2c_as_tokenizer_json(const std::filesystem::path& tokenizer_bin);

}  // namespace core::tokenize
