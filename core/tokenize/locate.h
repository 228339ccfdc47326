#pragma once
// core::tokenize::locate_tokenizer: which tokenizer file belongs to a model, for the model loader
// and the CLI (`--tokenizer` overrides it).
#include <filesystem>

#include "core/error.h"

namespace core::tokenize {

// For a Hugging Face folder (or a file inside one that is not a llama2.c `.bin`): `tokenizer.json`,
// else `tokenizer.model`, else `vocab.json` (+ `merges.txt`), else `encoder.json` (+ `vocab.bpe`).
// For a llama2.c `.bin`: `tokenizer.bin` beside it, else `tok<N>.bin` beside it, N = |vocab_size|
// from the checkpoint's 7×int32 header. The error lists every name it looked for.
Result<std::filesystem::path> locate_tokenizer(const std::filesystem::path& model_path);

}  // namespace core::tokenize
