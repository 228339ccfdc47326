#pragma once
// Hugging Face `tokenizer.json` with a BPE model: GPT-2 style (ByteLevel) and Llama style (byte
// fallback, "▁" for spaces via a Prepend/Replace normalizer or a Metaspace pre-tokenizer). Added
// tokens are matched in the text first, as Hugging Face does. BOS follows the TemplateProcessing
// post-processor, overridden by `add_bos_token` in a tokenizer_config.json beside the file.
// Other models (WordPiece, Unigram) and unknown normalizers or pre-tokenizers are refused by name.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/tokenize/tokenizer.h"

namespace core::tokenize {

Result<std::shared_ptr<const Tokenizer>> load_tokenizer_json(const std::filesystem::path& path);

// `config_json` is the text of tokenizer_config.json, empty when there is none.
Result<std::shared_ptr<const Tokenizer>> parse_tokenizer_json(std::string_view json, std::string_view config_json,
                                                              const std::string& path);

}  // namespace core::tokenize
