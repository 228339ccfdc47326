#pragma once
// core::tokenize::ChatTemplate: a map's chat template (the Jinja `chat_template` of its
// tokenizer_config.json, or GGUF's `tokenizer.chat_template`) rendered for prompt authoring, so a
// zoom prompt can be a user turn in the map's own template. Rendering is the Jinja subset of
// jinja.h, bounded by its Limits. See docs/ARCHITECTURE.md, "Chat templates".
// Values are immutable; every function is safe to call from any thread.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/tokenize/jinja.h"
#include "core/tokenize/tokenizer.h"

namespace core::tokenize {

struct ChatMessage {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

struct ChatTemplate {
  std::string source;     // the Jinja text
  std::string origin;     // the file it came from (the path of every rendering error)
  std::string bos_token;  // the special tokens' texts the template may write; empty when none
  std::string eos_token;
  std::string pad_token;
  std::string unk_token;
};

// From the text of a tokenizer_config.json: `chat_template` as a string, or a list of
// {name, template} of which "default" is taken; bos/eos/pad/unk as strings or {"content": ...}.
// No chat_template is ErrorCode::NotFound naming `path`.
Result<ChatTemplate> parse_chat_template_config(std::string_view config_json, const std::string& path);

// The chat template beside a tokenizer or in a model folder: `tokenizer_config.json` (a folder's,
// or the one beside a tokenizer file), else a `chat_template.jinja` there (its specials from the
// tokenizer_config.json when there is one). NotFound names the folder and what was looked for.
Result<ChatTemplate> find_chat_template(const std::filesystem::path& model_or_tokenizer);

// Renders `messages` as transformers' apply_chat_template(tokenize=False) does.
Result<std::string> render_chat(const ChatTemplate& chat, std::span<const ChatMessage> messages,
                                bool add_generation_prompt, jinja::Limits limits = {});

// `content` as one user turn followed by the generation prompt: the text to use as a zoom (or
// sampling) prompt for a map with `tokenizer`. The engine puts BOS before a prompt when the
// tokenizer adds one, so a BOS the template wrote at the start is dropped then: the prompt's ids
// are the template's own, with exactly one BOS (see docs/ARCHITECTURE.md, "Chat templates").
Result<std::string> user_turn_prompt(const ChatTemplate& chat, const Tokenizer& tokenizer, std::string_view content);

}  // namespace core::tokenize
