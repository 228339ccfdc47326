#include "core/bench/id_tokenizer.h"

namespace core::bench {

std::vector<tokenize::TokenId> IdTokenizer::encode(std::string_view text, std::optional<bool>) const {
  std::vector<tokenize::TokenId> ids;
  std::int64_t value = -1;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      value = (value < 0 ? 0 : value * 10) + (c - '0');
      if (value >= vocab_) value = vocab_ - 1;  // never produced by random_documents; kept in range
    } else if (value >= 0) {
      ids.push_back(tokenize::TokenId(value));
      value = -1;
    }
  }
  if (value >= 0) ids.push_back(tokenize::TokenId(value));
  return ids;
}

std::string IdTokenizer::decode(std::span<const tokenize::TokenId> ids) const {
  std::string text;
  for (const auto id : ids) {
    if (!text.empty()) text += ' ';
    text += std::to_string(id);
  }
  return text;
}

std::string IdTokenizer::token_text(tokenize::TokenId id) const {
  // Appended piece by piece: GCC 12 warns falsely on "<" + std::to_string(id).
  std::string text(1, '<');
  text += std::to_string(id);
  text += '>';
  return text;
}

std::vector<std::vector<std::int32_t>> random_documents(std::int64_t count, std::int64_t length, std::int32_t vocab,
                                                        std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int32_t> id(0, vocab - 1);
  std::vector<std::vector<std::int32_t>> docs(std::size_t(std::max<std::int64_t>(count, 0)));
  for (auto& d : docs) {
    d.resize(std::size_t(length));
    for (auto& x : d) x = id(rng);
  }
  return docs;
}

}  // namespace core::bench
