#pragma once
// core::tokenize::Tokenizer: text <-> token ids, exact against each format's reference implementation.
//
// Implementations: llama2.c `tokenizer.bin`, GPT-2 byte-level BPE (`vocab.json` + `merges.txt` or
// `tokenizer.json`), SentencePiece `tokenizer.model`, Llama-style `tokenizer.json` (BPE + byte fallback).
// A Tokenizer is immutable after loading; every const method is safe to call from any thread.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace core::tokenize {

using TokenId = std::int32_t;

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // Token ids of `text`. `add_bos` forces BOS on or off; unset follows the tokenizer's own config.
  virtual std::vector<TokenId> encode(std::string_view text, std::optional<bool> add_bos = {}) const = 0;

  // The text of `ids`: inverts encode (byte fallback merged back into UTF-8, the dummy-prefix space
  // removed after BOS/at the start, special tokens such as BOS/EOS omitted). Ids outside the
  // vocabulary are skipped; byte tokens give their raw bytes even where those are not valid UTF-8.
  virtual std::string decode(std::span<const TokenId> ids) const = 0;

  // Text of one token for display (the token strip, top-k tooltips): bytes decoded, the SentencePiece
  // "▁" shown as a space, byte tokens as "<0x0A>" when not valid UTF-8 on their own, specials as-is.
  virtual std::string token_text(TokenId id) const = 0;

  // The raw vocabulary entry of `id` (used to check that a tuned vocabulary extends the base one).
  virtual std::string piece(TokenId id) const = 0;

  virtual std::int32_t vocab_size() const = 0;
  virtual std::optional<TokenId> bos_id() const = 0;
  virtual std::optional<TokenId> eos_id() const = 0;
  // UNK and PAD where the format names them; nullopt otherwise.
  virtual std::optional<TokenId> unk_id() const { return std::nullopt; }
  virtual std::optional<TokenId> pad_id() const { return std::nullopt; }
  // Whether encode() prepends BOS when not told otherwise.
  virtual bool adds_bos() const = 0;
  // "llama2c", "gpt2-bpe", "sentencepiece", "tokenizer.json"
  virtual std::string kind() const = 0;
};

// Loads a tokenizer file or folder, detecting the format: a `tokenizer.bin` (llama2.c), a
// `tokenizer.model` (SentencePiece), a `tokenizer.json`, or a folder holding one of those or
// `vocab.json` + `merges.txt` (also `encoder.json` + `vocab.bpe`). Validates before it allocates.
Result<std::shared_ptr<const Tokenizer>> load_tokenizer(const std::filesystem::path& path);

}  // namespace core::tokenize
