// GPT-2 byte-level BPE on the real vocabulary against ids from gpt-3-encoder@1.1.4 (see
// tests/golden/data/gpt2_goldens.js for how gpt2_goldens.json was made), and round trips.
#include <gtest/gtest.h>

#include <ctime>

#include <nlohmann/json.hpp>

#include <chrono>
#include <random>

#include "core/tokenize/tokenizer.h"
#include "tests/support/test_support.h"

namespace {

using core::tokenize::TokenId;

std::shared_ptr<const core::tokenize::Tokenizer> load_gpt2(const std::filesystem::path& p) {
  auto t = core::tokenize::load_tokenizer(p);
  EXPECT_TRUE(t) << (t ? "" : t.error().what());
  return t ? *t : nullptr;
}

nlohmann::json goldens() {
  return nlohmann::json::parse(
      testsupport::read_file(std::filesystem::path(CARTOGRAPH_SOURCE_DIR) / "tests/golden/data/gpt2_goldens.json"));
}

std::vector<TokenId> ids_of(const nlohmann::json& j) { return j.get<std::vector<TokenId>>(); }

// Random well-formed UTF-8: ASCII-heavy, with code points from every plane (no surrogates).
std::string random_utf8(std::mt19937& rng, int chars) {
  std::string s;
  for (int i = 0; i < chars; ++i) {
    char32_t cp;
    switch (rng() % 4) {
      case 0: cp = 0x20 + rng() % 0x5F; break;
      case 1: cp = " \n\t'"[rng() % 4]; break;
      case 2: cp = 0x80 + rng() % 0x3000; break;
      default: cp = 0x10000 + rng() % 0x100000; break;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
    if (cp < 0x80) {
      s += char(cp);
    } else if (cp < 0x800) {
      s += char(0xC0 | (cp >> 6)), s += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += char(0xE0 | (cp >> 12)), s += char(0x80 | ((cp >> 6) & 0x3F)), s += char(0x80 | (cp & 0x3F));
    } else {
      s += char(0xF0 | (cp >> 18)), s += char(0x80 | ((cp >> 12) & 0x3F)), s += char(0x80 | ((cp >> 6) & 0x3F)),
          s += char(0x80 | (cp & 0x3F));
    }
  }
  return s;
}

}  // namespace

TEST(Gpt2Golden, MatchesGpt3EncoderOnVariedStrings) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto t = load_gpt2(data / "gpt2_tokenizer");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind(), "gpt2-bpe");
  EXPECT_EQ(t->vocab_size(), 50257);
  const auto g = goldens();
  ASSERT_GE(g["cases"].size(), 60u);
  for (const auto& c : g["cases"]) {
    const std::string text = c["text"];
    EXPECT_EQ(t->encode(text), ids_of(c["ids"])) << "text: " << text;
  }
}

TEST(Gpt2Golden, MatchesGpt3EncoderOnCorpusSlices) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto t = load_gpt2(data / "gpt2_tokenizer");
  ASSERT_TRUE(t);
  // The goldens held by name: a range-for over goldens()["slices"] would read a destroyed temporary
  // (ASan: heap-use-after-free), since only the reference it returns would be kept alive.
  const auto g = goldens();
  for (const auto& s : g["slices"]) {
    const std::string text = testsupport::read_file(data / s["file"].get<std::string>())
                                 .substr(s["offset"].get<std::size_t>(), s["length"].get<std::size_t>());
    EXPECT_EQ(t->encode(text), ids_of(s["ids"])) << s["file"] << " @" << s["offset"];
  }
}

TEST(Gpt2Golden, HuggingFaceFileNamesLoadTheSameTokenizer) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  std::filesystem::copy_file(data / "gpt2_tokenizer" / "encoder.json", dir / "vocab.json");
  std::filesystem::copy_file(data / "gpt2_tokenizer" / "vocab.bpe", dir / "merges.txt");
  auto hf = load_gpt2(dir.path());
  ASSERT_TRUE(hf);
  EXPECT_EQ(hf->encode("This is some text"), (std::vector<TokenId>{1212, 318, 617, 2420}));
  auto via_merges = load_gpt2(dir / "merges.txt");
  ASSERT_TRUE(via_merges);
  EXPECT_EQ(via_merges->encode("Hello world"), hf->encode("Hello world"));
}

TEST(Gpt2Golden, DecodeInvertsEncodeForArbitraryUtf8) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto t = load_gpt2(data / "gpt2_tokenizer");
  ASSERT_TRUE(t);
  const auto g = goldens();
  for (const auto& c : g["cases"]) {
    const std::string text = c["text"];
    EXPECT_EQ(t->decode(ids_of(c["ids"])), text);
    EXPECT_EQ(t->decode(t->encode(text)), text);
  }
  std::mt19937 rng(99);
  for (int i = 0; i < 300; ++i) {
    const std::string s = random_utf8(rng, 1 + int(rng() % 80));
    ASSERT_EQ(t->decode(t->encode(s)), s);
  }
}

TEST(Gpt2Golden, SpecialTokensAndDisplay) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto t = load_gpt2(data / "gpt2_tokenizer");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->adds_bos());
  EXPECT_EQ(t->eos_id(), 50256);
  EXPECT_EQ(t->encode("Hi", true), (std::vector<TokenId>{50256, 17250}));
  EXPECT_EQ(t->decode(std::vector<TokenId>{50256, 17250, 50256}), "Hi");  // specials omitted
  EXPECT_EQ(t->token_text(50256), "<|endoftext|>");
  EXPECT_EQ(t->piece(318), "\xC4\xA0is");  // "Ġis"
  EXPECT_EQ(t->token_text(318), " is");
  // A token holding part of a UTF-8 character shows its invalid bytes as <0xXX>: 😀 is 47249 + 222 (0x80).
  EXPECT_EQ(t->encode("\xF0\x9F\x98\x80"), (std::vector<TokenId>{47249, 222}));
  EXPECT_EQ(t->token_text(222), "<0x80>");
}

TEST(Gpt2Golden, EncodesAMegabyteQuickly) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto t = load_gpt2(data / "gpt2_tokenizer");
  ASSERT_TRUE(t);
  const std::string text = testsupport::read_file(data / "corpus" / "tinyshakespeare" / "input.txt");
  // Processor time, not wall time: the test machine is shared, and encode runs on one thread.
  const std::clock_t start = std::clock();
  const auto ids = t->encode(text);
  const double s = double(std::clock() - start) / CLOCKS_PER_SEC;
  EXPECT_LT(s, 3.0) << "1.1 MB took " << s << " s of CPU";
  EXPECT_EQ(t->decode(ids), text);
  std::cerr << "gpt2 tokenizer: " << text.size() << " B -> " << ids.size() << " tokens in " << s << " s of CPU\n";
}
