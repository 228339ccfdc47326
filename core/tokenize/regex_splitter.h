#pragma once
// Pre-tokenization by regular expression (libpcre2-8, UTF + Unicode properties): the GPT-2 pattern
// and the `Split` patterns of tokenizer.json. Internal to core/tokenize.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace core::tokenize::detail {

// The pre-tokenization pattern of GPT-2 (OpenAI encoder.py, Hugging Face ByteLevel).
inline constexpr std::string_view kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

// A compiled pattern. Immutable once built; `find_all` is safe from many threads at once (each call
// uses its own match data).
class RegexSplitter {
 public:
  // `literal` matches the pattern text as-is (tokenizer.json `Split` with a String pattern).
  static Result<std::shared_ptr<const RegexSplitter>> compile(std::string_view pattern, bool literal = false);
  ~RegexSplitter();
  RegexSplitter(const RegexSplitter&) = delete;
  RegexSplitter& operator=(const RegexSplitter&) = delete;

  struct Match {
    std::size_t begin, end;
  };
  // Every non-overlapping match, left to right. Invalid UTF-8 in `text` is never handed to PCRE2:
  // the pattern runs on each valid run separately and invalid bytes are left out of the matches.
  std::vector<Match> find_all(std::string_view text) const;

  // `text` cut at the matches: every match and every gap between them, in order (the GPT-2 pattern
  // matches everything, so for it this is just the matches; invalid bytes come out as gaps).
  std::vector<std::string_view> split_isolated(std::string_view text) const;

 private:
  RegexSplitter() = default;
  void find_in_valid(std::string_view text, std::size_t base, std::vector<Match>& out) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace core::tokenize::detail
