// tokenizer.json and vocab.json + merges.txt on small fixtures written here: closed-form encodings
// for the Llama style (byte fallback, "▁"), the GPT-2 style (byte level), pre-tokenizer splits,
// special tokens and BOS rules, and malformed files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

#include "core/tokenize/tokenizer.h"
#include "core/tokenize/tokenizer_json.h"
#include "tests/support/test_support.h"

namespace {

using core::tokenize::TokenId;
using nlohmann::json;
using Ids = std::vector<TokenId>;

const std::string kSp = "\xE2\x96\x81";  // "▁"

// <unk>, <s>, </s>, <0x00>..<0xFF> (3..258), then ▁=259 a=260 b=261 ab=262 ▁ab=263 1=264 2=265 12=266.
json llama_json() {
  json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}};
  static const char* hex = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) vocab[std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">"] = 3 + b;
  int id = 259;
  for (const std::string& p : {kSp, std::string("a"), std::string("b"), std::string("ab"), kSp + "ab", std::string("1"),
                              std::string("2"), std::string("12")})
    vocab[p] = id++;
  const auto special = [](int i, const char* c) {
    return json{{"id", i}, {"content", c}, {"special", true}, {"lstrip", false}, {"rstrip", false},
                {"single_word", false}, {"normalized", false}};
  };
  return {
      {"version", "1.0"},
      {"added_tokens", {special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")}},
      {"normalizer",
       {{"type", "Sequence"},
        {"normalizers",
         {{{"type", "Prepend"}, {"prepend", kSp}},
          {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", kSp}}}}}},
      {"pre_tokenizer", nullptr},
      {"post_processor",
       {{"type", "TemplateProcessing"},
        {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
        {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
      {"decoder",
       {{"type", "Sequence"},
        {"decoders",
         {{{"type", "Replace"}, {"pattern", {{"String", kSp}}}, {"content", " "}},
          {{"type", "ByteFallback"}},
          {{"type", "Fuse"}},
          {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}}},
      {"model",
       {{"type", "BPE"}, {"unk_token", "<unk>"}, {"fuse_unk", true}, {"byte_fallback", true}, {"vocab", vocab},
        {"merges", {"a b", kSp + " ab", "1 2"}}}}};
}

std::shared_ptr<const core::tokenize::Tokenizer> parse(const json& j, const std::string& config = {}) {
  auto t = core::tokenize::parse_tokenizer_json(j.dump(), config, "fixture/tokenizer.json");
  EXPECT_TRUE(t) << (t ? "" : t.error().what());
  return t ? *t : nullptr;
}

std::string error_of(const std::string& text) {
  auto t = core::tokenize::parse_tokenizer_json(text, "", "bad/tokenizer.json");
  EXPECT_FALSE(t) << text.substr(0, 200);
  return t ? std::string() : t.error().what();
}

// GPT-2's byte -> character table, written out independently of core's.
std::string byte_char(int b) {
  int n = 0, cp = -1;
  for (int x = 0; x < 256; ++x) {
    const bool printable = (x >= 33 && x <= 126) || (x >= 161 && x <= 172) || (x >= 174 && x <= 255);
    const int c = printable ? x : 256 + n++;
    if (x == b) cp = c;
  }
  std::string s;
  if (cp < 0x80) s += char(cp);
  else s += char(0xC0 | (cp >> 6)), s += char(0x80 | (cp & 0x3F));
  return s;
}

// All 256 byte characters (ids 0..255), then "Ġa"=256 "Ġb"=257 "ab"=258 "Ġab"=259 "<|endoftext|>"=260.
json byte_level_vocab() {
  json vocab;
  for (int b = 0; b < 256; ++b) vocab[byte_char(b)] = b;
  const std::string G = byte_char(' ');
  vocab[G + "a"] = 256;
  vocab[G + "b"] = 257;
  vocab["ab"] = 258;
  vocab[G + "ab"] = 259;
  vocab["<|endoftext|>"] = 260;
  return vocab;
}

}  // namespace

TEST(TokenizerJson, LlamaStyleMergesByRankWithByteFallback) {
  auto t = parse(llama_json());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), "tokenizer.json");
  EXPECT_TRUE(t->adds_bos());
  // "▁ab": (a,b) rank 0, then (▁,ab) rank 1.
  EXPECT_EQ(t->encode("ab"), (Ids{1, 263}));
  EXPECT_EQ(t->encode("ab", false), (Ids{263}));
  // é is not in the vocabulary: its bytes C3 A9 become <0xC3> <0xA9>.
  EXPECT_EQ(t->encode("a\xC3\xA9", false), (Ids{259, 260, 3 + 0xC3, 3 + 0xA9}));
  EXPECT_EQ(t->encode("", false), Ids{});
  EXPECT_EQ(t->encode("\xFF", false), (Ids{259, 3 + 0xFF}));  // not UTF-8: byte fallback
  EXPECT_EQ(t->decode(t->encode("a\xFF")), "a\xFF");
  EXPECT_EQ(t->decode(Ids{1, 263, 259, 260, 3 + 0xC3, 3 + 0xA9, 2}), "ab a\xC3\xA9");
  EXPECT_EQ(t->token_text(263), " ab");
  EXPECT_EQ(t->token_text(3 + '\n'), "\n");
  EXPECT_EQ(t->token_text(1), "<s>");
  EXPECT_EQ(t->bos_id(), 1);
  EXPECT_EQ(t->eos_id(), 2);
}

TEST(TokenizerJson, AddedTokensAreMatchedInTheTextFirst) {
  auto t = parse(llama_json());
  ASSERT_TRUE(t);
  // Each side of "<s>" is normalized on its own, so each gets its own "▁" (as Hugging Face does).
  EXPECT_EQ(t->encode("ab<s>ab", false), (Ids{263, 1, 263}));
}

TEST(TokenizerJson, TokenizerConfigAddBosTokenOverridesTheTemplate) {
  auto t = parse(llama_json(), R"({"add_bos_token": false, "add_eos_token": true, "eos_token": {"content": "</s>"}})");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->adds_bos());
  EXPECT_EQ(t->encode("ab"), (Ids{263, 2}));
  EXPECT_EQ(t->encode("ab", true), (Ids{1, 263, 2}));
}

TEST(TokenizerJson, MetaspaceSplitKeepsWordsApart) {
  json j = llama_json();
  j["normalizer"] = nullptr;
  j["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", kSp}, {"prepend_scheme", "always"}, {"split", true}};
  auto t = parse(j);
  ASSERT_TRUE(t);
  // "▁a▁▁b" splits into "▁a", "▁", "▁b" (a delimiter joins what follows it unless another follows).
  EXPECT_EQ(t->encode("a  b", false), (Ids{259, 260, 259, 259, 261}));
  j["pre_tokenizer"]["split"] = false;
  j["model"]["merges"].push_back(kSp + " " + kSp);  // result "▁▁" not in the vocabulary: refused
  EXPECT_FALSE(core::tokenize::parse_tokenizer_json(j.dump(), "", "x.json"));
}

TEST(TokenizerJson, SplitBehaviours) {
  json j = llama_json();
  j["normalizer"] = nullptr;
  const auto with = [&](json pattern, const char* behavior) {
    j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", pattern}, {"behavior", behavior}, {"invert", false}};
    return parse(j);
  };
  const json digit = {{"Regex", "\\p{N}"}};
  // Without a split "12" merges; isolated digits cannot.
  auto isolated = with(digit, "Isolated");
  ASSERT_TRUE(isolated);
  EXPECT_EQ(isolated->encode("a12", false), (Ids{260, 264, 265}));
  auto removed = with(digit, "Removed");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->encode("a12b", false), (Ids{260, 261}));
  auto contiguous = with(digit, "Contiguous");
  ASSERT_TRUE(contiguous);
  EXPECT_EQ(contiguous->encode("a12b", false), (Ids{260, 266, 261}));
  // A literal delimiter joining its neighbour lets "a"+"b" merge; isolated it cannot.
  auto previous = with({{"String", "b"}}, "MergedWithPrevious");
  ASSERT_TRUE(previous);
  EXPECT_EQ(previous->encode("abab", false), (Ids{262, 262}));
  auto next = with({{"String", "a"}}, "MergedWithNext");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->encode("abab", false), (Ids{262, 262}));
  auto apart = with({{"String", "b"}}, "Isolated");
  ASSERT_TRUE(apart);
  EXPECT_EQ(apart->encode("abab", false), (Ids{260, 261, 260, 261}));
}

TEST(TokenizerJson, Gpt2StyleByteLevel) {
  const std::string G = byte_char(' ');
  json j = {{"added_tokens", {{{"id", 260}, {"content", "<|endoftext|>"}, {"special", true}}}},
            {"normalizer", nullptr},
            {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
            {"post_processor", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}}},
            {"decoder", {{"type", "ByteLevel"}}},
            {"model",
             {{"type", "BPE"}, {"vocab", byte_level_vocab()},
              {"merges", json::array({json::array({"a", "b"}), json::array({G, "ab"}), json::array({G, "a"})})}}}};
  auto t = parse(j);
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->adds_bos());
  EXPECT_EQ(t->eos_id(), 260);
  // "ab ab a": pre-tokens "ab", " ab", " a".
  EXPECT_EQ(t->encode("ab ab a"), (Ids{258, 259, 256}));
  EXPECT_EQ(t->encode("x<|endoftext|>"), (Ids{'x', 260}));
  EXPECT_EQ(t->decode(Ids{258, 259, 260, 0xC3, 0xA9}), "ab ab\xC3\xA9");
  EXPECT_EQ(t->token_text(259), " ab");
  EXPECT_EQ(t->token_text(0xC3), "<0xC3>");
  // Bytes that are not UTF-8 still round-trip: the byte-level alphabet covers every byte.
  EXPECT_EQ(t->decode(t->encode("a\xFF b\xC3")), "a\xFF b\xC3");
  EXPECT_EQ(t->piece(259), G + "ab");
}

TEST(Gpt2Files, VocabAndMergesFilesOnAFixture) {
  testsupport::TempDir dir;
  const std::string G = byte_char(' ');
  testsupport::write_file(dir / "vocab.json", byte_level_vocab().dump());
  testsupport::write_file(dir / "merges.txt", "#version: 0.2\na b\n" + G + " ab\n" + G + " a\n");
  auto t = core::tokenize::load_tokenizer(dir.path());
  ASSERT_TRUE(t) << t.error().what();
  EXPECT_EQ((*t)->kind(), "gpt2-bpe");
  EXPECT_EQ((*t)->encode("ab ab a"), (Ids{258, 259, 256}));
  // Written in the text, <|endoftext|> is text (as OpenAI's encoder.py treats it).
  EXPECT_EQ((*t)->encode("<|endoftext|>").size(), 13u);
  EXPECT_EQ((*t)->encode("ab", true), (Ids{260, 258}));
  // A merge whose part is missing names the line.
  testsupport::write_file(dir / "merges.txt", "#version: 0.2\na b\nq z\n");
  auto bad = core::tokenize::load_tokenizer(dir / "vocab.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().what().find("merges.txt"), std::string::npos) << bad.error().what();
  EXPECT_NE(bad.error().what().find("line 3"), std::string::npos) << bad.error().what();
  std::filesystem::remove(dir / "merges.txt");
  auto lonely = core::tokenize::load_tokenizer(dir / "vocab.json");
  ASSERT_FALSE(lonely);
  EXPECT_NE(lonely.error().what().find("merges.txt"), std::string::npos) << lonely.error().what();
}

TEST(TokenizerJson, MalformedFilesGiveClearErrors) {
  EXPECT_NE(error_of("{\"model\": ").find("not valid JSON at byte"), std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("must hold a JSON object"), std::string::npos);
  EXPECT_NE(error_of("{}").find("no \"model\""), std::string::npos);
  EXPECT_NE(error_of(R"({"model": {"type": "WordPiece", "vocab": {}}})").find("\"WordPiece\" is not supported"), std::string::npos);
  EXPECT_NE(error_of(R"({"model": {"type": "BPE", "vocab": {"a": 0}}})").find("model.merges is missing"), std::string::npos);
  EXPECT_NE(error_of(R"({"model": {"type": "BPE", "vocab": {"a": -4}, "merges": []}})").find("outside"), std::string::npos);
  EXPECT_NE(error_of(R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 0}, "merges": []}})").find("both"), std::string::npos);
  EXPECT_NE(error_of(R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}})").find("\"b\" is not in the vocabulary"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [7]}})").find("merges[0]"), std::string::npos);
  EXPECT_NE(error_of(R"({"normalizer": {"type": "Precompiled"}, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})")
                .find("normalizer type \"Precompiled\" is not supported"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"added_tokens": [{"content": "x"}], "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})")
                .find("added_tokens[0]"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"pre_tokenizer": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})")
                .find("lacks the token for byte"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "byte_fallback": "yes"}})")
                .find("model.byte_fallback must be true or false"),
            std::string::npos);
  for (const auto& e : {error_of("{")}) EXPECT_EQ(e.rfind("bad/tokenizer.json: ", 0), 0u) << e;
}

TEST(TokenizerJson, EncodeIsSafeFromManyThreadsSharingTheWordCache) {
  json j = llama_json();
  j["normalizer"] = nullptr;
  j["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", kSp}, {"prepend_scheme", "always"}, {"split", true}};
  auto t = parse(j);
  ASSERT_TRUE(t);
  const std::vector<std::string> texts = {"ab ab a12", "b a ab 12 12", "a\xC3\xA9 ab", "12 b b a"};
  std::vector<Ids> expected;
  for (const auto& s : texts) expected.push_back(t->encode(s));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      for (int i = 0; i < 3000; ++i) {
        const std::size_t w = std::size_t(i + k) % texts.size();
        if (t->encode(texts[w]) != expected[w]) ++mismatches;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, 0);
}
