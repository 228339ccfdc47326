// tokenizer.json parts added for current model families, each on a tiny vocabulary whose right
// answer follows by hand from Hugging Face's definitions: Unicode normal forms (ICU), Replace with a
// regex, Lowercase, Strip, Split with invert, and added tokens matched in the normalized text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/tokenize/tokenizer.h"
#include "core/tokenize/tokenizer_json.h"

namespace {

using core::tokenize::TokenId;
using nlohmann::json;
using Ids = std::vector<TokenId>;

// A character-level BPE: each string of `chars` is one token, ids in order; no merges.
json char_fixture(const std::vector<std::string>& chars) {
  json vocab = json::object();
  for (std::size_t i = 0; i < chars.size(); ++i) vocab[chars[i]] = i;
  return {{"version", "1.0"}, {"added_tokens", json::array()}, {"normalizer", nullptr}, {"pre_tokenizer", nullptr},
          {"post_processor", nullptr}, {"decoder", nullptr},
          {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", json::array()}}}};
}

std::shared_ptr<const core::tokenize::Tokenizer> parse_fixture(const json& j) {
  auto t = core::tokenize::parse_tokenizer_json(j.dump(), "", "fixture/tokenizer.json");
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  return t ? *t : nullptr;
}

TEST(TokenizerJsonNormalizers, NfcComposesACombiningAccentIntoOnePrecomposedCharacter) {
  json j = char_fixture({"\xC3\xA9", "e", "\xCC\x81"});  // é, e, U+0301
  const std::string decomposed = "e\xCC\x81";
  EXPECT_EQ(parse_fixture(j)->encode(decomposed, false), (Ids{1, 2}));  // no normalizer: two characters
  j["normalizer"] = {{"type", "NFC"}};
  EXPECT_EQ(parse_fixture(j)->encode(decomposed, false), (Ids{0}));
  EXPECT_EQ(parse_fixture(j)->encode("\xC3\xA9", false), (Ids{0}));
  j["normalizer"] = {{"type", "NFD"}};
  EXPECT_EQ(parse_fixture(j)->encode("\xC3\xA9", false), (Ids{1, 2}));
}

TEST(TokenizerJsonNormalizers, NfkcFoldsCompatibilityCharacters) {
  json j = char_fixture({"f", "i", "1", "A"});
  j["normalizer"] = {{"type", "NFKC"}};
  // U+FB01 (the fi ligature) is "fi"; U+2460 (circled one) is "1"; U+FF21 (fullwidth A) is "A".
  EXPECT_EQ(parse_fixture(j)->encode("\xEF\xAC\x81\xE2\x91\xA0\xEF\xBC\xA1", false), (Ids{0, 1, 2, 3}));
  j["normalizer"] = {{"type", "NFC"}};  // NFC keeps them: none is in the vocabulary
  EXPECT_EQ(parse_fixture(j)->encode("\xEF\xAC\x81", false), (Ids{}));
}

TEST(TokenizerJsonNormalizers, InvalidUtf8BytesPassThroughTheNormalFormsUntouched) {
  json j = char_fixture({"\xC3\xA9", "a"});
  j["normalizer"] = {{"type", "NFC"}};
  auto t = parse_fixture(j);
  // 0xFF is no character: it is kept (and, outside the vocabulary, dropped by the model), the text
  // around it is still composed.
  EXPECT_EQ(t->encode("e\xCC\x81\xFF" "a", false), (Ids{0, 1}));
}

TEST(TokenizerJsonNormalizers, ReplaceWithARegexCollapsesEveryRun) {
  json j = char_fixture({"a", " "});
  j["normalizer"] = {{"type", "Replace"}, {"pattern", {{"Regex", " {2,}"}}}, {"content", " "}};
  EXPECT_EQ(parse_fixture(j)->encode("a   a  a a", false), (Ids{0, 1, 0, 1, 0, 1, 0}));
}

TEST(TokenizerJsonNormalizers, LowercaseAndStripInASequence) {
  json j = char_fixture({"a", "b", "\xC3\xA9"});
  j["normalizer"] = {{"type", "Sequence"},
                     {"normalizers", {{{"type", "Strip"}, {"strip_left", true}, {"strip_right", true}}, {{"type", "Lowercase"}}}}};
  EXPECT_EQ(parse_fixture(j)->encode(" \t AB\xC3\x89  \n", false), (Ids{0, 1, 2}));  // "ABÉ" -> "abé", spaces stripped
}

TEST(TokenizerJsonSplit, InvertKeepsWhatThePatternMatches) {
  json j = char_fixture({"a", "b", "ab", ",", " "});
  j["model"]["merges"] = json::array({"a b"});
  j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", "[a-z]+"}}}, {"behavior", "Removed"}, {"invert", true}};
  // invert: the words are the content and everything else the (removed) delimiter.
  EXPECT_EQ(parse_fixture(j)->encode("ab, b a", false), (Ids{2, 1, 0}));
  j["pre_tokenizer"]["invert"] = false;  // the words themselves are removed
  EXPECT_EQ(parse_fixture(j)->encode("ab, b a", false), (Ids{3, 4, 4}));
}

TEST(TokenizerJsonAddedTokens, NormalizedTokensMatchTheNormalizedText) {
  json j = char_fixture({"h", "i", "H", "I", " ", "<tag>"});
  j["normalizer"] = {{"type", "Lowercase"}};
  json added = {{"id", 5}, {"content", "<tag>"}, {"special", false}, {"lstrip", false}, {"rstrip", false},
                {"single_word", false}, {"normalized", true}};
  json hi = {{"id", 6}, {"content", "hi"}, {"special", false}, {"lstrip", false}, {"rstrip", false},
             {"single_word", false}, {"normalized", true}};
  j["added_tokens"] = json::array({added, hi});
  // "HI" lowercases to "hi", which the normalized added token then matches; "<TAG>" becomes "<tag>".
  EXPECT_EQ(parse_fixture(j)->encode("HI <TAG>", false), (Ids{6, 4, 5}));
  // Not normalized: matched in the raw text only, where "HI" is not "hi".
  j["added_tokens"][1]["normalized"] = false;
  EXPECT_EQ(parse_fixture(j)->encode("HI hi", false), (Ids{0, 1, 4, 6}));
}

TEST(TokenizerJsonUnigram, PicksTheSegmentationWithTheHighestScore) {
  // Scores chosen so that "ab" + "c" (-1 - 2 = -3) beats "a" + "bc" (-2.5 - 1 = -3.5) and "a"+"b"+"c".
  json vocab = json::array({json::array({"<unk>", 0.0}), json::array({"a", -2.5}), json::array({"b", -2.0}),
                            json::array({"c", -2.0}), json::array({"ab", -1.0}), json::array({"bc", -1.0})});
  json j = char_fixture({"x"});
  j["model"] = {{"type", "Unigram"}, {"unk_id", 0}, {"vocab", vocab}};
  auto t = parse_fixture(j);
  EXPECT_EQ(t->encode("abc", false), (Ids{4, 3}));
  EXPECT_EQ(t->encode("bcab", false), (Ids{5, 4}));
  // Characters no piece covers become one <unk> per run (fused), as Hugging Face's Unigram does.
  EXPECT_EQ(t->encode("azzb", false), (Ids{1, 0, 2}));
  EXPECT_EQ(t->decode(t->encode("abcab", false)), "abcab");
}

TEST(TokenizerJsonUnigram, MalformedModelsAreRefusedByName) {
  const auto error = [](const json& model) {
    json j = char_fixture({"x"});
    j["model"] = model;
    auto t = core::tokenize::parse_tokenizer_json(j.dump(), "", "u/tokenizer.json");
    return t ? std::string() : t.error().message;
  };
  const auto entry = [](const char* piece, json score) { return json::array({piece, score}); };
  EXPECT_NE(error({{"type", "Unigram"}, {"vocab", json::array({entry("a", "x")})}}).find("model.vocab[0] is not [piece, score]"),
            std::string::npos);
  EXPECT_NE(error({{"type", "Unigram"}, {"vocab", json::array({entry("a", -1.0), entry("a", -2.0)})}}).find("\"a\" twice"),
            std::string::npos);
  EXPECT_NE(error({{"type", "Unigram"}, {"unk_id", 5}, {"vocab", json::array({entry("a", -1.0)})}}).find("unk_id"), std::string::npos);
  EXPECT_NE(error({{"type", "Unigram"}, {"vocab", {{"a", -1.0}}}}).find("must be a list of [piece, score]"), std::string::npos);
}

}  // namespace
