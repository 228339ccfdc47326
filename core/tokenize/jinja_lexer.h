#pragma once
// The chat-template lexer: template text -> tokens, with Jinja2's whitespace control applied as the
// text is cut (`{%-`/`-%}` strip, and Hugging Face's settings trim_blocks and lstrip_blocks: the
// newline after a block tag is dropped, spaces before one on its line are dropped). Internal to the
// Jinja subset (see jinja.h).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace core::tokenize::jinja {

enum class Tok { Text, VarBegin, VarEnd, BlockBegin, BlockEnd, Name, String, Int, Float, Op, End };

struct Token {
  Tok type = Tok::End;
  std::string text;  // Text, Name, String (unescaped), Op
  int line = 1;
  std::int64_t i = 0;
  double f = 0;
};

// Errors (an unclosed tag, comment or string, a character no token starts with) name `name` as the
// path and say the line.
Result<std::vector<Token>> lex(std::string_view source, const std::string& name);

}  // namespace core::tokenize::jinja
