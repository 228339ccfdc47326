#pragma once
// core::tokenize::jinja::Template: the subset of Jinja2 that Hugging Face chat templates use, rendered
// as transformers renders them (trim_blocks, lstrip_blocks, `raise_exception`, `tojson` without ASCII
// escapes, loop controls). What is supported and what is refused is listed in docs/ARCHITECTURE.md,
// "Chat templates". A template comes from a model's files, so it is untrusted: rendering is bounded
// by Limits, and anything outside the subset is an Error naming the template and line, never a crash.
// A Template is immutable after parsing; render() is safe to call from several threads at once.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/tokenize/jinja_value.h"

namespace core::tokenize::jinja {

struct Limits {
  std::int64_t max_steps = 1'000'000;        // expression and statement evaluations, loop iterations
  std::size_t max_output_bytes = 1u << 20;   // the rendered text, and any one string made on the way
  int max_depth = 128;                       // nesting of expressions and blocks, and macro calls
};

struct Node;

class Template {
 public:
  // Parses `source`; `name` (the file the template came from) is the path of every error.
  static Result<Template> parse(std::string_view source, std::string name, Limits limits = {});

  // Renders with `context` (a Dict of variables: messages, add_generation_prompt, bos_token, ...).
  Result<std::string> render(const Dict& context) const;

  const std::string& name() const { return name_; }

 private:
  struct Tree;
  std::shared_ptr<const Tree> tree_;
  std::string name_;
  Limits limits_;
};

}  // namespace core::tokenize::jinja
