// The tokenizer of a Llama 3 or Qwen GGUF (tokenizer.ggml.model "gpt2" with tokenizer.ggml.pre
// "llama-bpe" or "qwen2") against the ids of the independent reference encoder
// (tests/golden/data/hf_tokenizer_ids, written by @lenml/tokenizers from the real tokenizer.json files).
// The GGUF metadata is filled from the real tokenizer.json (CARTOGRAPH_TEST_DATA/hf_tokenizers) as
// llama.cpp's converter fills it: every token in id order, merges as "left right", added tokens typed
// control (special) or user-defined (not special), the family's BOS settings. Nothing of the
// tokenizer.json's pre-tokenizer, normalizer or flags is passed on: the GGUF path must know them from
// the pre-tokenizer's name alone.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/tokenize/gguf_vocab.h"
#include "core/tokenize/tokenizer.h"
#include "tests/support/test_support.h"

namespace {

using core::tokenize::TokenId;
using nlohmann::json;

constexpr std::int32_t kNormal = 1, kControl = 3, kUserDefined = 4;  // llama.cpp's token types

struct GgufFamily {
  std::string folder;  // under hf_tokenizers/
  std::string pre;     // tokenizer.ggml.pre as llama.cpp's converter names it
};

core::tokenize::GgufVocab vocab_as_converted(const std::filesystem::path& tokenizer_json, const GgufFamily& family) {
  const json t = json::parse(testsupport::read_file(tokenizer_json));
  core::tokenize::GgufVocab v;
  v.model = "gpt2";
  v.pre = family.pre;
  std::size_t size = 0;
  for (const auto& [piece, id] : t["model"]["vocab"].items()) size = std::max(size, id.get<std::size_t>() + 1);
  for (const auto& a : t["added_tokens"]) size = std::max(size, a["id"].get<std::size_t>() + 1);
  v.tokens.assign(size, {});
  v.token_types.assign(size, kNormal);
  for (const auto& [piece, id] : t["model"]["vocab"].items()) v.tokens[id.get<std::size_t>()] = piece;
  for (const auto& a : t["added_tokens"]) {
    const auto id = a["id"].get<std::size_t>();
    v.tokens[id] = a["content"].get<std::string>();
    v.token_types[id] = a["special"].get<bool>() ? kControl : kUserDefined;
  }
  for (const auto& m : t["model"]["merges"])
    v.merges.push_back(m.is_string() ? m.get<std::string>() : m[0].get<std::string>() + " " + m[1].get<std::string>());
  for (const auto& a : t["added_tokens"]) {
    const std::string content = a["content"];
    if (content == "<|begin_of_text|>") v.bos = TokenId(a["id"].get<int>());
    if (content == "<|end_of_text|>" || content == "<|endoftext|>") v.eos = TokenId(a["id"].get<int>());
  }
  // tokenizer.ggml.add_bos_token as the converter writes it: tokenizer_config.json's add_bos_token,
  // else whether the post-processor puts BOS first (neither of the two real files does).
  const json config = json::parse(testsupport::read_file(tokenizer_json.parent_path() / "tokenizer_config.json"));
  if (config.contains("add_bos_token") && config["add_bos_token"].is_boolean())
    v.add_bos = config["add_bos_token"].get<bool>();
  else
    v.add_bos = t["post_processor"].is_object() && t["post_processor"].value("type", "") == "TemplateProcessing" && v.bos &&
                t["post_processor"].dump().find(v.tokens[std::size_t(*v.bos)]) != std::string::npos;
  return v;
}

std::string escaped(const std::string& s) { return json(s).dump(); }

class GgufFamilyTokenizer : public testing::TestWithParam<GgufFamily> {};

TEST_P(GgufFamilyTokenizer, EncodesAsTheReferenceEncoderFromThePreTokenizersNameAlone) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const GgufFamily family = GetParam();
  const auto tokenizer_json = data / "hf_tokenizers" / family.folder / "tokenizer.json";
  auto tok = core::tokenize::make_gguf_tokenizer(vocab_as_converted(tokenizer_json, family), "model.gguf");
  ASSERT_TRUE(tok) << tok.error().what();
  const json ref = json::parse(testsupport::read_file(std::filesystem::path(CARTOGRAPH_SOURCE_DIR) /
                                                      "tests/golden/data/hf_tokenizer_ids" / (family.folder + ".json")));
  ASSERT_GE(ref["cases"].size(), 60u);
  int round_trips = 0;
  for (const auto& c : ref["cases"]) {
    const std::string text = c["text"];
    const auto ids = c["ids"].get<std::vector<TokenId>>();
    EXPECT_EQ((*tok)->encode(text, false), ids) << family.pre << " text " << escaped(text);
    EXPECT_EQ((*tok)->encode(text), c["with_specials"].get<std::vector<TokenId>>())
        << family.pre << " (with BOS as the GGUF says) text " << escaped(text);
    EXPECT_EQ((*tok)->decode(ids), c["decoded"].get<std::string>()) << family.pre << " text " << escaped(text);
    if ((*tok)->decode(ids) == text) ++round_trips;
  }
  EXPECT_GE(round_trips, 50) << family.pre;
  for (const auto& s : ref["slices"]) {
    const std::string corpus = testsupport::read_file(data / s["file"].get<std::string>());
    const std::string text = corpus.substr(s["offset"].get<std::size_t>(), s["length"].get<std::size_t>());
    EXPECT_EQ((*tok)->encode(text, false), s["ids"].get<std::vector<TokenId>>()) << family.pre << " " << s["file"];
  }
}

INSTANTIATE_TEST_SUITE_P(RealFiles, GgufFamilyTokenizer,
                         testing::Values(GgufFamily{"llama3", "llama-bpe"}, GgufFamily{"qwen3", "qwen2"}),
                         [](const auto& info) { return info.param.folder; });

// A pre-tokenizer that is neither implemented nor GPT-2's is refused by name, never read as GPT-2's.
TEST(GgufTokenizer, RefusesAPreTokenizerItDoesNotKnowByName) {
  core::tokenize::GgufVocab v;
  v.model = "gpt2";
  v.pre = "deepseek-llm";
  v.tokens = {"a", "b", "ab"};
  v.merges = {"a b"};
  auto tok = core::tokenize::make_gguf_tokenizer(v, "model.gguf");
  ASSERT_FALSE(tok);
  EXPECT_NE(tok.error().message.find("\"deepseek-llm\" is not implemented"), std::string::npos) << tok.error().message;
  EXPECT_EQ(tok.error().code, core::ErrorCode::Unsupported);
}

}  // namespace
