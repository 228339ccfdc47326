// Chat templates on the command line: `tokenize --chat-user` prints the rendering and its ids as the
// reference renderer and encoder give them (tests/golden/data/chat_templates/*.json);
// `--prompt-as-user-turn` on zoom makes the prompt a user turn in the base map's template, the same
// zoom as giving that rendered turn by hand; a map without a template is one error naming it.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using testsupport::run_cli;
using nlohmann::json;

namespace {

json reference_chat(const std::string& family, std::size_t n_messages, const std::string& last, bool generation) {
  const json ref = json::parse(testsupport::read_file(std::filesystem::path(CARTOGRAPH_SOURCE_DIR) /
                                                      "tests/golden/data/chat_templates" / (family + ".json")));
  for (const auto& c : ref["chats"])
    if (c["messages"].size() == n_messages && c["messages"].back()["content"] == last && c["add_generation_prompt"] == generation)
      return c;
  ADD_FAILURE() << "no such reference chat";
  return {};
}

}  // namespace

TEST(CliChatGolden, TokenizeChatUserPrintsTheRenderingAndItsIds) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string story = "Once upon a time there was a little cat named Tom.";
  for (const std::string family : {"llama3", "qwen3", "gemma3"}) {
    const auto tok = (data / "hf_tokenizers" / family / "tokenizer.json").string();
    auto run = run_cli({"tokenize", "--model", tok, "--chat-user", story, "--json"});
    ASSERT_EQ(run.exit_code, 0) << family << ": " << run.err;
    auto doc = json::parse(run.out);
    const json want = reference_chat(family, 1, story, true);
    EXPECT_EQ(doc["rendered"], want["text"]) << family;
    EXPECT_EQ(doc["ids"], want["ids"]) << family;
    EXPECT_NE(doc["chat_template"].get<std::string>().find("tokenizer_config.json"), std::string::npos);

    run = run_cli({"tokenize", "--model", tok, "--chat-system", "You are terse.", "--chat-user", "Name a colour.",
                   "--no-generation-prompt", "--json"});
    ASSERT_EQ(run.exit_code, 0) << family << ": " << run.err;
    doc = json::parse(run.out);
    const json want2 = reference_chat(family, 2, "Name a colour.", false);
    EXPECT_EQ(doc["rendered"], want2["text"]) << family;
    EXPECT_EQ(doc["ids"], want2["ids"]) << family;
  }
  // Without --json: the rendering is printed (escaped) before the ids.
  const auto run = run_cli({"tokenize", "--model", (data / "hf_tokenizers/qwen3/tokenizer.json").string(), "--chat-user", "Hi"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(R"("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")"), std::string::npos) << run.out;
}

TEST(CliChatGolden, AMapWithoutAChatTemplateIsOneErrorNamingIt) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const auto stories = (data / "stories260K" / "stories260K.bin").string();
  auto run = run_cli({"tokenize", "--model", stories, "--chat-user", "hi"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("error: " + stories + ": this map has no chat template"), std::string::npos) << run.err;
  testsupport::TempDir dir;
  std::ofstream(dir / "story.txt") << "Once upon a time, Tom saw a cat.\n";
  run = run_cli({"zoom", "--base", stories, "--tuned", (data / "aidreams260K" / "aidreams260K.bin").string(), "--corpus",
                 (dir / "story.txt").string(), "--prompt", "Tom", "--prompt-as-user-turn"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(stories + ": this map has no chat template"), std::string::npos) << run.err;
}

// stories260K's tokenizer with Llama 2's chat template beside it (given by --tokenizer): the zoom of
// the wrapped prompt is exactly the zoom of the turn written by hand, with the template's BOS left to
// the engine (one BOS).
TEST(CliChatGolden, ZoomPromptAsUserTurnEqualsTheTurnWrittenByHand) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  std::filesystem::copy_file(data / "stories260K" / "tok512.bin", dir / "tok512.bin");
  std::ofstream(dir / "tokenizer_config.json")
      << R"({"bos_token": "<s>", "eos_token": "</s>", "chat_template": "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}{{ '[INST] ' + m['content'] | trim + ' [/INST]' }}{% endif %}{% endfor %}"})";
  std::ofstream(dir / "story.txt") << "Once upon a time, there was a little girl named Lily. She liked to play outside.\n";
  const std::vector<std::string> common{
      "--json", "zoom", "--base", (data / "stories260K" / "stories260K.bin").string(), "--tuned",
      (data / "aidreams260K" / "aidreams260K.bin").string(), "--tokenizer", (dir / "tok512.bin").string(), "--corpus",
      (dir / "story.txt").string()};
  auto wrapped_args = common;
  wrapped_args.insert(wrapped_args.end(), {"--prompt", " Tell me a story about Lily. ", "--prompt-as-user-turn"});
  // By hand through --prompts: CLI11 reads a --prompt value in brackets as a list and drops them.
  std::ofstream(dir / "prompts.txt") << "[INST] Tell me a story about Lily. [/INST]\n";
  auto by_hand_args = common;
  by_hand_args.insert(by_hand_args.end(), {"--prompts", (dir / "prompts.txt").string()});
  const auto wrapped = run_cli(wrapped_args), by_hand = run_cli(by_hand_args);
  ASSERT_EQ(wrapped.exit_code, 0) << wrapped.err;
  ASSERT_EQ(by_hand.exit_code, 0) << by_hand.err;
  const json w = json::parse(wrapped.out), h = json::parse(by_hand.out);
  EXPECT_EQ(w["rows"][0]["prompt"], "[INST] Tell me a story about Lily. [/INST]");
  EXPECT_EQ(h["rows"][0]["prompt"], "[INST] Tell me a story about Lily. [/INST]");
  EXPECT_EQ(w["kp"], h["kp"]);
  EXPECT_EQ(w["k0"], h["k0"]);
  EXPECT_NE(w["kp"], w["k0"]);  // the prompt changed the base's predictions
}
