#pragma once
// SentencePiece `tokenizer.model` through libsentencepiece, reached via the cartograph_spm module
// (see spm_api.h for why it is loaded with dlopen). The module is looked for at $CARTOGRAPH_SPM_MODULE
// when set (and only there); otherwise at ../lib/cartograph/ beside the executable, then at its
// build-tree path. A missing module is an error that says where it looked.
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
