#pragma once
// SentencePiece `tokenizer.model` through libsentencepiece, reached via the cartograph_spm module
// (see spm_api.h for why it is loaded with dlopen). The module is looked for, in order, at
// $CARTOGRAPH_SPM_MODULE, at its build-tree path, and at ../lib/cartograph/ beside the executable.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/tokenize/tokenizer.h"

namespace core::tokenize {

// BOS follows the model: added when the model defines a BOS piece (Llama does).
Result<std::shared_ptr<const Tokenizer>> load_sentencepiece(const std::filesystem::path& path);
Result<std::shared_ptr<const Tokenizer>> parse_sentencepiece(std::string_view bytes, const std::string& path);

}  // namespace core::tokenize
