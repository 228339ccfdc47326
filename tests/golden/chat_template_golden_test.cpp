// The real chat templates of Llama 3, Qwen3 and Gemma 3 (CARTOGRAPH_TEST_DATA/hf_tokenizers) rendered
// by core/tokenize/chat_template.h against the independent reference renderer @huggingface/jinja@0.5.13,
// and the ids of each rendering against the reference encoder @lenml/tokenizers@3.7.2
// (tests/golden/data/chat_templates.mjs wrote tests/golden/data/chat_templates/*.json).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/tokenize/chat_template.h"
#include "core/tokenize/tokenizer.h"
#include "tests/support/test_support.h"

namespace {

using core::tokenize::ChatMessage;
using core::tokenize::TokenId;
using nlohmann::json;

json reference(const std::string& family) {
  return json::parse(testsupport::read_file(std::filesystem::path(CARTOGRAPH_SOURCE_DIR) /
                                            "tests/golden/data/chat_templates" / (family + ".json")));
}

std::vector<ChatMessage> messages_of(const json& chat) {
  std::vector<ChatMessage> out;
  for (const auto& m : chat["messages"]) out.push_back({m["role"], m["content"]});
  return out;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

class ChatFamily : public testing::TestWithParam<std::string> {};

TEST_P(ChatFamily, RendersEveryConversationAsTheReferenceRenderer) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string family = GetParam();
  auto chat = core::tokenize::find_chat_template(data / "hf_tokenizers" / family / "tokenizer.json");
  ASSERT_TRUE(chat) << chat.error().what();
  const json ref = reference(family);
  ASSERT_GE(ref["chats"].size(), 14u);
  for (const auto& c : ref["chats"]) {
    ASSERT_TRUE(c.contains("text")) << family << ": the reference failed on " << c.dump();
    auto text = core::tokenize::render_chat(*chat, messages_of(c), c["add_generation_prompt"]);
    ASSERT_TRUE(text) << family << ": " << text.error().what();
    EXPECT_EQ(*text, c["text"].get<std::string>()) << family << " " << c["messages"].dump()
                                                   << " add_generation_prompt=" << c["add_generation_prompt"];
  }
}

// The rendered text tokenizes with its special tokens recognised: ids equal the reference encoder's,
// and each special token the template wrote is one id, not pieces.
TEST_P(ChatFamily, RenderedTextTokenizesAsTheReferenceWithSpecialTokensWhole) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string family = GetParam();
  auto tok = core::tokenize::load_tokenizer(data / "hf_tokenizers" / family / "tokenizer.json");
  ASSERT_TRUE(tok) << tok.error().what();
  const json ref = reference(family);
  const std::map<std::string, std::string> marker{
      {"llama3", "<|start_header_id|>"}, {"qwen3", "<|im_start|>"}, {"gemma3", "<start_of_turn>"}};
  const auto marker_ids = (*tok)->encode(marker.at(family), false);
  ASSERT_EQ(marker_ids.size(), 1u) << family << ": " << marker.at(family) << " is not one token";
  for (const auto& c : ref["chats"]) {
    const std::string text = c["text"];
    const auto ids = (*tok)->encode(text, false);
    EXPECT_EQ(ids, c["ids"].get<std::vector<TokenId>>()) << family << " text " << json(text).dump();
    EXPECT_EQ(std::size_t(std::count(ids.begin(), ids.end(), marker_ids[0])), occurrences(text, marker.at(family)))
        << family << " text " << json(text).dump();
  }
}

// A zoom prompt made a user turn: the engine's prefix (BOS when the tokenizer adds one, then the
// prompt's ids) equals the reference's ids of the whole rendering: exactly one BOS, never two.
TEST_P(ChatFamily, UserTurnPromptGivesTheTemplatesIdsWithOneBos) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string family = GetParam();
  auto tok = core::tokenize::load_tokenizer(data / "hf_tokenizers" / family / "tokenizer.json");
  auto chat = core::tokenize::find_chat_template(data / "hf_tokenizers" / family);
  ASSERT_TRUE(tok && chat);
  const std::string content = "Once upon a time there was a little cat named Tom.";
  const json ref = reference(family);
  const auto it = std::find_if(ref["chats"].begin(), ref["chats"].end(), [&](const json& c) {
    return c["messages"].size() == 1 && c["messages"][0]["content"] == content && c["add_generation_prompt"] == true;
  });
  ASSERT_NE(it, ref["chats"].end());
  auto prompt = core::tokenize::user_turn_prompt(*chat, **tok, content);
  ASSERT_TRUE(prompt) << prompt.error().what();
  std::vector<TokenId> prefix;
  if ((*tok)->adds_bos() && (*tok)->bos_id()) prefix.push_back(*(*tok)->bos_id());  // as plan_run does
  const auto body = (*tok)->encode(*prompt, false);
  prefix.insert(prefix.end(), body.begin(), body.end());
  EXPECT_EQ(prefix, (*it)["ids"].get<std::vector<TokenId>>()) << family << " prompt " << json(*prompt).dump();
  if (family != "qwen3") {  // Qwen3 has no BOS; the other two write theirs in the template
    ASSERT_TRUE((*tok)->bos_id());
    EXPECT_EQ(std::count(prefix.begin(), prefix.end(), *(*tok)->bos_id()), 1) << family;
    EXPECT_EQ(prefix.front(), *(*tok)->bos_id()) << family;
  }
}

INSTANTIATE_TEST_SUITE_P(RealFiles, ChatFamily, testing::Values("llama3", "qwen3", "gemma3"));

}  // namespace
