#include "app/cli/chat_args.h"

#include "core/model/checkpoint.h"
#include "core/model/gguf_file.h"
#include "core/model/map_chat_template.h"
#include "core/tokenize/chat_template.h"
#include "core/tokenize/locate.h"

namespace cli {

void add_user_turn_flag(CLI::App& cmd, bool& flag) {
  cmd.add_flag("--prompt-as-user-turn", flag,
               "Make each prompt a user turn in the base map's own chat template (its tokenizer_config.json "
               "or GGUF metadata), followed by the assistant's header: the territory is read as the answer");
}

core::Result<UserTurn> UserTurn::load(const std::string& map, const std::string& tokenizer_override,
                                      std::shared_ptr<const core::tokenize::Tokenizer> tokenizer, core::Job& job) {
  auto chat = core::model::load_chat_template(map, tokenizer_override);
  if (!chat) return std::unexpected(chat.error());
  if (!tokenizer) {
    if (!tokenizer_override.empty()) {
      auto t = core::tokenize::load_tokenizer(tokenizer_override);
      if (!t) return std::unexpected(t.error());
      tokenizer = *t;
    } else if (core::model::looks_like_gguf(map)) {  // the vocabulary lives in the model file
      auto cp = core::model::load_checkpoint(map, {}, job);
      if (!cp) return std::unexpected(cp.error());
      tokenizer = cp->tokenizer;
    } else {
      auto path = core::tokenize::locate_tokenizer(map);
      if (!path) return std::unexpected(path.error());
      auto t = core::tokenize::load_tokenizer(*path);
      if (!t) return std::unexpected(t.error());
      tokenizer = *t;
    }
    if (!tokenizer) return core::fail(core::ErrorCode::NotFound, "this map has no tokenizer", map);
  }
  UserTurn u;
  u.chat_ = std::move(*chat);
  u.tokenizer_ = std::move(tokenizer);
  return u;
}

core::Result<std::string> UserTurn::wrap(const std::string& prompt) const {
  return core::tokenize::user_turn_prompt(chat_, *tokenizer_, prompt);
}

}  // namespace cli
