#pragma once
// core::bench::IdTokenizer: the tokenizer of the benchmark's synthetic territories, whose documents
// are token ids written in decimal ("17 4032 9 ..."). It lets the real planning and scoring code run
// on exactly the ids the PyTorch peer receives, with any vocabulary size, without a tokenizer file.
// Immutable; safe from any thread.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/tokenize/tokenizer.h"

namespace core::bench {

class IdTokenizer final : public tokenize::Tokenizer {
 public:
  explicit IdTokenizer(std::int32_t vocab) : vocab_(vocab) {}
  // Reads the decimal numbers of `text`; anything else separates them. No BOS.
  std::vector<tokenize::TokenId> encode(std::string_view text, std::optional<bool> add_bos = {}) const override;
  std::string decode(std::span<const tokenize::TokenId> ids) const override;  // the ids, space-separated
  std::string token_text(tokenize::TokenId id) const override;  // "<id>"
  std::string piece(tokenize::TokenId id) const override { return token_text(id); }
  std::int32_t vocab_size() const override { return vocab_; }
  std::optional<tokenize::TokenId> bos_id() const override { return std::nullopt; }
  std::optional<tokenize::TokenId> eos_id() const override { return std::nullopt; }
  bool adds_bos() const override { return false; }
  std::string kind() const override { return "bench-ids"; }

 private:
  std::int32_t vocab_;
};

// `count` documents of `length` ids drawn uniformly from [0, vocab) with a fixed seed.
std::vector<std::vector<std::int32_t>> random_documents(std::int64_t count, std::int64_t length, std::int32_t vocab,
                                                        std::uint64_t seed);

}  // namespace core::bench
