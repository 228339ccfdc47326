#pragma once
// tokenizer.json normalizers: what happens to the text between the added-token split and the
// pre-tokenizer (Unicode normal forms through ICU, Prepend, Replace with a string or a regex,
// Lowercase, Strip). Internal to core/tokenize.
#include <memory>
#include <string>
#include <vector>

#include "core/tokenize/regex_splitter.h"

namespace core::tokenize::detail {

struct NormalizerStep {
  enum Kind { Prepend, Replace, Nfc, Nfd, Nfkc, Nfkd, Lowercase, Strip } kind = Prepend;
  std::string text;         // Prepend: what is prepended; Replace with a String pattern: what is replaced
  std::string replacement;  // Replace only
  std::shared_ptr<const RegexSplitter> regex;  // Replace with a Regex pattern (text unused then)
  bool strip_left = false, strip_right = false;  // Strip
};

// `s` after every step in order. Invalid UTF-8 is never given to ICU: the Unicode forms and
// Lowercase work on each valid run and leave invalid bytes where they are.
std::string normalize(const std::vector<NormalizerStep>& steps, std::string s);

}  // namespace core::tokenize::detail
