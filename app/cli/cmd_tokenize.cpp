// `tokenize`: the token ids and token texts of a text under a model's (or a given) tokenizer.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <tuple>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/model/map_chat_template.h"
#include "core/tokenize/chat_template.h"
#include "core/tokenize/locate.h"
#include "core/tokenize/text_util.h"
#include "core/tokenize/tokenizer.h"

namespace cli {
namespace {

namespace fs = std::filesystem;

struct TokenizeOptions {
  std::string model, text, text_file;
  std::string chat_user, chat_system;  // --chat-user: render a conversation in the map's chat template
  std::vector<std::string> tokenizers;
  bool bos = false, no_bos = false, no_generation_prompt = false;
};

// `--model` may name a tokenizer file itself rather than a checkpoint.
bool is_tokenizer_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return false;
  const std::string name = p.filename().string(), ext = p.extension().string();
  if (ext == ".json" || ext == ".model" || ext == ".bpe" || ext == ".txt") return true;
  return ext == ".bin" && name.rfind("tok", 0) == 0;  // tokenizer.bin, tok512.bin
}

core::Result<fs::path> tokenizer_path(const TokenizeOptions& o) {
  if (!o.tokenizers.empty()) return fs::path(o.tokenizers.front());
  if (is_tokenizer_file(o.model)) return fs::path(o.model);
  return core::tokenize::locate_tokenizer(o.model);
}

// The conversation of --chat-system / --chat-user rendered in the chat template of the map (or of the
// tokenizer given), as transformers' apply_chat_template(tokenize=False) renders it.
core::Result<std::pair<std::string, std::string>> render_chat_user(const TokenizeOptions& o) {
  core::Result<core::tokenize::ChatTemplate> chat =
      !o.tokenizers.empty()         ? core::tokenize::find_chat_template(o.tokenizers.front())
      : is_tokenizer_file(o.model) ? core::tokenize::find_chat_template(o.model)
                                   : core::model::load_chat_template(o.model);
  if (!chat) return std::unexpected(chat.error());
  std::vector<core::tokenize::ChatMessage> messages;
  if (!o.chat_system.empty()) messages.push_back({"system", o.chat_system});
  messages.push_back({"user", o.chat_user});
  auto text = core::tokenize::render_chat(*chat, messages, !o.no_generation_prompt);
  if (!text) return std::unexpected(text.error());
  return std::pair{std::move(*text), chat->origin};
}

int run_tokenize(const TokenizeOptions& o, const Globals& globals) {
  std::string text = o.text, chat_origin;
  const bool chat = !o.chat_user.empty();
  if (chat) {
    if (!core::tokenize::detail::is_valid_utf8(o.chat_user) || !core::tokenize::detail::is_valid_utf8(o.chat_system))
      return fail(std::string("--chat-user or --chat-system is not valid UTF-8"));
    auto rendered = render_chat_user(o);
    if (!rendered) return fail(rendered.error());
    std::tie(text, chat_origin) = std::move(*rendered);
  }
  if (!o.text_file.empty()) {
    auto bytes = core::tokenize::detail::read_file_bytes(o.text_file);
    if (!bytes) return fail(bytes.error());
    text = std::move(*bytes);
  }
  if (!core::tokenize::detail::is_valid_utf8(text))
    return fail(o.text_file.empty() ? std::string("--text is not valid UTF-8")
                                    : o.text_file + ": not valid UTF-8 text");
  auto path = tokenizer_path(o);
  if (!path) return fail(path.error());
  auto tokenizer = core::tokenize::load_tokenizer(*path);
  if (!tokenizer) return fail(tokenizer.error());
  const auto& tok = **tokenizer;
  // A rendered conversation holds its own specials (apply_chat_template tokenizes without adding any).
  std::optional<bool> add_bos = chat ? std::optional<bool>(false) : std::nullopt;
  if (o.bos) add_bos = true;
  if (o.no_bos) add_bos = false;
  const auto ids = tok.encode(text, add_bos);

  if (globals.json) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto id : ids) tokens.push_back(tok.token_text(id));
    nlohmann::json doc{{"ids", ids},
                       {"tokens", tokens},
                       {"tokenizer", path->string()},
                       {"kind", tok.kind()},
                       {"vocab_size", tok.vocab_size()}};
    if (chat) doc["rendered"] = text, doc["chat_template"] = chat_origin;
    print_json(doc);
    return kOk;
  }
  if (chat)
    std::cout << "rendered by " << chat_origin << ":\n"
              << nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  std::cout << ids.size() << " tokens (" << tok.kind() << ", " << path->string() << ")\n";
  for (const auto id : ids) {
    const std::string shown =
        nlohmann::json(tok.token_text(id)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::cout << std::setw(8) << id << "  " << shown << "\n";
  }
  return kOk;
}

}  // namespace

void add_tokenize_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "tokenize", "Token ids and token texts of a text under a model's tokenizer",
              [&globals](CLI::App& sub) -> Runner {
                auto o = std::make_shared<TokenizeOptions>();
                sub.add_option("--model", o->model,
                               "Model folder, llama2.c .bin, or a tokenizer file")->required();
                add_tokenizer_option(sub, o->tokenizers, false);
                auto* input = sub.add_option_group("input", "The text to tokenize (one of)");
                input->add_option("--text", o->text, "The text itself");
                input->add_option("--text-file", o->text_file, "A UTF-8 text file");
                input->add_option("--chat-user", o->chat_user,
                                  "A user turn: rendered in the map's chat template (tokenizer_config.json or GGUF "
                                  "metadata), printed, then tokenized with its special tokens");
                input->require_option(1);
                sub.add_option("--chat-system", o->chat_system, "With --chat-user: a system turn before it");
                sub.add_flag("--no-generation-prompt", o->no_generation_prompt,
                             "With --chat-user: do not end with the assistant's header");
                auto* bos = sub.add_flag("--bos", o->bos, "Prepend BOS even if the tokenizer does not");
                sub.add_flag("--no-bos", o->no_bos, "Do not prepend BOS")->excludes(bos);
                return [o, &globals] { return run_tokenize(*o, globals); };
              });
}

}  // namespace cli
