// A chat template (Jinja source) parsed and rendered over a short conversation, as the prompt editor's
// "Wrap in Chat Template" and `tokenize --chat-user` do with a map's template; the limits are smaller
// than the defaults so that one input stays well under libFuzzer's timeout, and a template that runs
// into them must fail with an error, never hang or crash.
#include "core/tokenize/chat_template.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::tokenize::ChatTemplate chat;
  chat.source = std::string(fuzz::view(data, size));
  chat.origin = "chat_template.jinja";
  chat.bos_token = "<s>";
  chat.eos_token = "</s>";
  const core::tokenize::ChatMessage messages[] = {
      {"system", "Be brief."}, {"user", "Hello, {{ world }}! \xC3\xA9"}, {"assistant", "Hi."}, {"user", "Again?"}};
  const core::tokenize::jinja::Limits limits{.max_steps = 200'000, .max_output_bytes = 1u << 16, .max_depth = 64};
  (void)core::tokenize::render_chat(chat, messages, true, limits);
  (void)core::tokenize::render_chat(chat, std::span(messages).subspan(1, 1), false, limits);
  return 0;
}
