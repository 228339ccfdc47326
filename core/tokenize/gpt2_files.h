#pragma once
// GPT-2's own tokenizer files: `vocab.json` + `merges.txt` (Hugging Face names) or `encoder.json` +
// `vocab.bpe` (OpenAI's). Encodes as OpenAI's encoder.py: no BOS, `<|endoftext|>` is EOS (and BOS
// when forced), and `<|endoftext|>` written in the text is ordinary text.
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "core/tokenize/tokenizer.h"

namespace core::tokenize {

Result<std::shared_ptr<const Tokenizer>> load_gpt2_files(const std::filesystem::path& vocab_json,
                                                         const std::filesystem::path& merges_txt);

}  // namespace core::tokenize
