// core::model::load_chat_template: a GGUF file's tokenizer.chat_template with BOS/EOS texts from its
// vocabulary, a Hugging Face folder's chat_template.jinja, and a map without a template named in the error.
#include <gtest/gtest.h>

#include "core/model/map_chat_template.h"
#include "tests/support/test_support.h"
#include "tests/unit/gguf_builder.h"

namespace {

void kv_tokens(fixtures::GgufSpec& s, const std::vector<std::string>& tokens) {
  fixtures::GgufBytes b;
  b.str("tokenizer.ggml.tokens"), b.u32(fixtures::kArray), b.u32(fixtures::kString), b.u64(tokens.size());
  for (const auto& t : tokens) b.str(t);
  s.kvs.push_back(b.bytes);
}

TEST(MapChatTemplate, GgufMetadataGivesTheTemplateAndItsSpecialTokens) {
  testsupport::TempDir dir;
  auto spec = fixtures::tiny_llama_gguf();
  spec.kv_string("tokenizer.chat_template", "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{{ eos_token }}{% endfor %}");
  kv_tokens(spec, {"<unk>", "<s>", "</s>", "a"});
  spec.kv_u32("tokenizer.ggml.bos_token_id", 1);
  spec.kv_u32("tokenizer.ggml.eos_token_id", 2);
  testsupport::write_file(dir / "m.gguf", spec.write());
  auto chat = core::model::load_chat_template(dir / "m.gguf");
  ASSERT_TRUE(chat) << chat.error().what();
  EXPECT_EQ(chat->bos_token, "<s>");
  EXPECT_EQ(chat->eos_token, "</s>");
  const core::tokenize::ChatMessage turn{"user", "hi"};
  auto text = core::tokenize::render_chat(*chat, std::span(&turn, 1), false);
  ASSERT_TRUE(text) << text.error().what();
  EXPECT_EQ(*text, "<s><user>hi</s>");

  testsupport::write_file(dir / "plain.gguf", fixtures::tiny_llama_gguf().write());
  auto none = core::model::load_chat_template(dir / "plain.gguf");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, core::ErrorCode::NotFound);
  EXPECT_EQ(none.error().path, (dir / "plain.gguf").string());
  EXPECT_NE(none.error().message.find("no chat template"), std::string::npos);
}

TEST(MapChatTemplate, AFolderReadsChatTemplateJinjaWithTheConfigsSpecials) {
  testsupport::TempDir dir;
  testsupport::write_file(dir / "tokenizer_config.json", R"({"bos_token": "<|begin|>"})");
  testsupport::write_file(dir / "chat_template.jinja", "{{ bos_token }}[{{ messages[0].content }}]\n");
  auto chat = core::model::load_chat_template(dir.path());
  ASSERT_TRUE(chat) << chat.error().what();
  const core::tokenize::ChatMessage turn{"user", "x"};
  auto text = core::tokenize::render_chat(*chat, std::span(&turn, 1), true);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "<|begin|>[x]");  // the file's one trailing newline is dropped, as Jinja2 does

  testsupport::TempDir empty;
  testsupport::write_file(empty / "tokenizer_config.json", R"({"bos_token": "<s>"})");
  auto none = core::model::load_chat_template(empty.path());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().path, empty.path().string());
  EXPECT_NE(none.error().message.find("this map has no chat template"), std::string::npos) << none.error().what();
}

}  // namespace
