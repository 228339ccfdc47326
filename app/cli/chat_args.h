#pragma once
// --prompt-as-user-turn (zoom, compare, sample): a prompt becomes a user turn in the base map's own
// chat template, followed by the generation prompt, so the territory reads as the map's answer
// (core/tokenize/chat_template.h; docs/ARCHITECTURE.md, "Chat templates").
#include <string>

#include "app/cli/cli.h"
#include "core/jobs/job.h"
#include "core/tokenize/chat_template.h"
#include "core/tokenize/tokenizer.h"

namespace cli {

void add_user_turn_flag(CLI::App& cmd, bool& flag);

// The chat template of `map` (with `tokenizer_override`, the one beside that tokenizer) and its
// tokenizer, to wrap prompts with. `tokenizer` is the map's when already loaded, else it is loaded
// here. A map without a chat template is an error naming it.
class UserTurn {
 public:
  static core::Result<UserTurn> load(const std::string& map, const std::string& tokenizer_override,
                                     std::shared_ptr<const core::tokenize::Tokenizer> tokenizer, core::Job& job);
  core::Result<std::string> wrap(const std::string& prompt) const;

 private:
  core::tokenize::ChatTemplate chat_;
  std::shared_ptr<const core::tokenize::Tokenizer> tokenizer_;
};

}  // namespace cli
