// llama2.c tokenizer.bin on small fixtures written here: closed-form encodings, the heap-based merge
// against a naive transcription of run.c, decode, and malformed files.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <set>

#include "core/tokenize/llama2c_tokenizer.h"
#include "core/tokenize/tokenizer.h"
#include "tests/support/llama2c_naive.h"
#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"

namespace {

using core::tokenize::TokenId;
using core::tokenize::Tokenizer;

std::string make_bin(const std::vector<std::pair<std::string, float>>& extra) {
  return testsupport::make_llama2c_bin(extra);
}

std::shared_ptr<const Tokenizer> parse(const std::string& bin) {
  auto t = core::tokenize::parse_llama2c_tokenizer(bin, "fixture.bin");
  EXPECT_TRUE(t.has_value()) << (t ? "" : t.error().what());
  return t ? *t : nullptr;
}

// ids 259.. : " ", "a", "b", "ab", " a", " ab", "aa", "é"
const std::vector<std::pair<std::string, float>> kSmall = {
    {" ", -5}, {"a", -6}, {"b", -7}, {"ab", 5}, {" a", 10}, {" ab", 1}, {"aa", 3}, {"\xC3\xA9", -8}};

std::vector<TokenId> ids(std::initializer_list<TokenId> l) { return l; }

}  // namespace

TEST(Llama2cTokenizer, MergesTheHighestScoringPairFirst) {
  auto t = parse(make_bin(kSmall));
  ASSERT_TRUE(t);
  // [BOS, " ", a, b]: " a" (10) beats "ab" (5); then " a"+"b" = " ab" (1).
  EXPECT_EQ(t->encode("ab"), ids({1, 264}));
  EXPECT_EQ(t->encode("ab", false), ids({264}));
  // Empty text: no dummy prefix, only BOS.
  EXPECT_EQ(t->encode(""), ids({1}));
  EXPECT_TRUE(t->encode("", false).empty());
}

TEST(Llama2cTokenizer, EqualScoresMergeLeftmostFirst) {
  auto t = parse(make_bin(kSmall));
  ASSERT_TRUE(t);
  // " aaa": " a" (10) first, then "aa" (3) on the remaining pair.
  EXPECT_EQ(t->encode("aaa", false), ids({263, 265}));
  // "b" + "aaaa": b has no merge; pairs (a,a) tie at 3 → leftmost first: b, aa, aa.
  EXPECT_EQ(t->encode("baaaa", false), ids({259, 261, 265, 265}));
}

TEST(Llama2cTokenizer, UnknownCharactersFallBackToByteTokens) {
  auto t = parse(make_bin(kSmall));
  ASSERT_TRUE(t);
  // "é" is in the vocabulary; "ü" (C3 BC) is not: bytes + 3.
  EXPECT_EQ(t->encode("\xC3\xA9", false), ids({259, 266}));
  EXPECT_EQ(t->encode("\xC3\xBC", false), ids({259, 0xC3 + 3, 0xBC + 3}));
  EXPECT_EQ(t->decode(t->encode("\xC3\xBC")), "\xC3\xBC");
}

TEST(Llama2cTokenizer, DecodeStripsTheDummyPrefixAndOmitsSpecials) {
  auto t = parse(make_bin(kSmall));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->decode(ids({1, 264, 2})), "ab");
  EXPECT_EQ(t->decode(ids({264, 264})), "ab ab");
  EXPECT_EQ(t->decode(ids({1, 264, 1, 263})), "aba");  // each BOS starts a new text
  EXPECT_EQ(t->token_text(1), "<s>");
  EXPECT_EQ(t->token_text(3 + '\n'), "\n");
  EXPECT_EQ(t->token_text(3 + 0xC3), "<0xC3>");
  EXPECT_EQ(t->piece(264), " ab");
  EXPECT_EQ(t->vocab_size(), 267);
  EXPECT_EQ(t->kind(), "llama2c");
}

TEST(Llama2cTokenizer, HeapMergeEqualsNaiveRunCOnRandomText) {
  // A vocabulary with many overlapping merges and tied scores, to exercise ordering.
  std::vector<std::pair<std::string, float>> extra = {{" ", -1}};
  const std::string alphabet = "ab c";
  std::mt19937 rng(7);
  std::set<std::string> seen = {" "};
  for (int len = 2; len <= 4; ++len)
    for (int k = 0; k < 30; ++k) {
      std::string p;
      for (int i = 0; i < len; ++i) p += alphabet[rng() % alphabet.size()];
      if (seen.insert(p).second) extra.push_back({p, float(int(rng() % 5))});  // few scores: many ties
    }
  for (char c : std::string("abc")) extra.push_back({std::string(1, c), -100});
  // The second vocabulary holds an empty piece, which takes the string-lookup path run.c uses.
  for (const bool with_empty : {false, true}) {
    if (with_empty) extra.push_back({"", 2});
    const std::string bin = make_bin(extra);
    auto t = parse(bin);
    ASSERT_TRUE(t);
    const testsupport::NaiveLlama2c naive(bin);
    for (int trial = 0; trial < 300; ++trial) {
      std::string text;
      const int n = int(rng() % 40);
      for (int i = 0; i < n; ++i) text += (rng() % 10 == 0) ? char(0xC3) : alphabet[rng() % alphabet.size()];
      const auto ours = t->encode(text);
      const auto ref = naive.encode(text, true);
      ASSERT_EQ(std::vector<int>(ours.begin(), ours.end()), ref) << "text: \"" << text << "\"";
    }
  }
}

TEST(Llama2cTokenizer, MalformedFilesGiveClearErrors) {
  const std::string good = make_bin(kSmall);
  auto error_of = [](const std::string& bytes) {
    auto r = core::tokenize::parse_llama2c_tokenizer(bytes, "bad.bin");
    EXPECT_FALSE(r.has_value());
    return r ? std::string() : r.error().what();
  };
  EXPECT_NE(error_of("").find("too short"), std::string::npos);
  EXPECT_NE(error_of(good.substr(0, good.size() - 3)).find("truncated"), std::string::npos);
  std::string negative = good;
  const std::int32_t minus = -5;
  std::memcpy(negative.data() + 8, &minus, 4);  // length of entry 0
  EXPECT_NE(error_of(negative).find("negative length"), std::string::npos);
  std::string huge = good;
  const std::int32_t big = 1 << 30;
  std::memcpy(huge.data() + 8, &big, 4);
  EXPECT_NE(error_of(huge).find("remain"), std::string::npos);
  std::string header = good;
  std::memcpy(header.data(), &minus, 4);
  EXPECT_NE(error_of(header).find("max_token_length"), std::string::npos);
  EXPECT_NE(error_of(make_bin({}).substr(0, 4 + 8 + 5)).find("at least 259"), std::string::npos);
  for (const auto& e : {error_of("")}) EXPECT_EQ(e.rfind("bad.bin: ", 0), 0u) << e;
}

TEST(Llama2cTokenizer, LoadTokenizerNamesAMissingOrRandomFile) {
  testsupport::TempDir dir;
  auto missing = core::tokenize::load_tokenizer(dir / "nope.bin");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().what().find("nope.bin"), std::string::npos);
  std::mt19937 rng(1);
  std::string noise(4096, '\0');
  for (auto& c : noise) c = char(rng());
  testsupport::write_file(dir / "tokenizer.bin", noise);
  auto random = core::tokenize::load_tokenizer(dir.path());
  ASSERT_FALSE(random);
  EXPECT_NE(random.error().what().find("tokenizer.bin"), std::string::npos) << random.error().what();
  testsupport::write_file(dir / "tokenizer.bin", make_bin(kSmall));
  auto ok = core::tokenize::load_tokenizer(dir.path());
  ASSERT_TRUE(ok) << ok.error().what();
  EXPECT_EQ((*ok)->kind(), "llama2c");
}
