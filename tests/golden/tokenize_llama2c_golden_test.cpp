// llama2.c tokenizers on the real data: Karpathy's published encodings (llama2.c test.c), equality
// with a naive transcription of run.c on real text, and decode(encode(s)) == s.
#include <gtest/gtest.h>

#include <ctime>

#include <random>

#include "core/tokenize/locate.h"
#include "core/tokenize/tokenizer.h"
#include "tests/support/llama2c_naive.h"
#include "tests/support/test_support.h"

namespace {

using core::tokenize::TokenId;

std::shared_ptr<const core::tokenize::Tokenizer> load_llama2c(const std::filesystem::path& p) {
  auto t = core::tokenize::load_tokenizer(p);
  EXPECT_TRUE(t) << (t ? "" : t.error().what());
  return t ? *t : nullptr;
}

std::vector<int> as_int(const std::vector<TokenId>& v) { return {v.begin(), v.end()}; }

// Real text cut into pieces at arbitrary byte offsets that never split a UTF-8 character.
std::vector<std::string> chunks(const std::string& text, int count, std::size_t len, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(text.substr(rng() % (text.size() - len), len));
  return out;
}

}  // namespace

TEST(Llama2cGolden, Llama2VocabularyMatchesPublishedEncodings) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto t = load_llama2c(data / "llama2_tokenizer" / "tokenizer.bin");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->vocab_size(), 32000);
  // llama2.c test.c (karpathy/llama2.c @d9862069), quoted in llama2_tokenizer/PROVENANCE.txt.
  EXPECT_EQ(as_int(t->encode("I believe the meaning of life is")),
            (std::vector<int>{1, 306, 4658, 278, 6593, 310, 2834, 338}));
  EXPECT_EQ(as_int(t->encode("Simply put, the theory of relativity states that ")),
            (std::vector<int>{1, 3439, 17632, 1925, 29892, 278, 6368, 310, 14215, 537, 5922, 393, 29871}));
  EXPECT_EQ(t->decode(t->encode("I believe the meaning of life is")), "I believe the meaning of life is");
}

TEST(Llama2cGolden, HeapMergeEqualsNaiveRunCOnShakespeare) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string text = testsupport::read_file(data / "corpus" / "tinyshakespeare" / "input.txt");
  ASSERT_GT(text.size(), 1000000u);
  for (const char* file : {"stories260K/tok512.bin", "llama2_tokenizer/tokenizer.bin"}) {
    const auto path = data / file;
    auto t = load_llama2c(path);
    ASSERT_TRUE(t);
    const testsupport::NaiveLlama2c naive(testsupport::read_file(path));
    for (const auto& s : chunks(text, 12, 700, 11)) {
      ASSERT_EQ(as_int(t->encode(s)), naive.encode(s, true)) << file << " on:\n" << s;
      ASSERT_EQ(as_int(t->encode(s, false)), naive.encode(s, false)) << file;
    }
    // Non-ASCII: byte fallback and multi-byte characters.
    for (const std::string s : {"naïve café — “quotes” 😀 日本語のテキスト", "tab\there  two  spaces\n\nnewlines",
                                "\xF0\x9F\xA4\x96 robot", "Ελληνικά и кириллица"}) {
      ASSERT_EQ(as_int(t->encode(s)), naive.encode(s, true)) << file << " on: " << s;
    }
  }
}

TEST(Llama2cGolden, DecodeInvertsEncodeOnRealAndUnicodeText) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string kjv = testsupport::read_file(data / "corpus" / "kjv" / "kjv.txt");
  for (const char* file : {"stories260K/tok512.bin", "aidreams260K/tok512.bin", "llama2_tokenizer/tokenizer.bin"}) {
    auto t = load_llama2c(data / file);
    ASSERT_TRUE(t);
    for (const auto& s : chunks(kjv, 20, 3000, 5)) EXPECT_EQ(t->decode(t->encode(s)), s) << file;
    for (const std::string s : {"😀 emoji, 中文, العربية", "  leading spaces", "trailing\n", "x"}) {
      EXPECT_EQ(t->decode(t->encode(s)), s) << file;
      EXPECT_EQ(t->decode(t->encode(s, false)), s) << file;
    }
  }
}

TEST(Llama2cGolden, EncodesAMegabyteQuickly) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string text = testsupport::read_file(data / "corpus" / "tinyshakespeare" / "input.txt");
  auto t = load_llama2c(data / "llama2_tokenizer" / "tokenizer.bin");
  ASSERT_TRUE(t);
  // Processor time, not wall time: the test machine is shared, and encode runs on one thread.
  const std::clock_t start = std::clock();
  const auto ids = t->encode(text);
  const double s = double(std::clock() - start) / CLOCKS_PER_SEC;
  EXPECT_LT(s, 3.0) << "1.1 MB took " << s << " s of CPU";
  EXPECT_GT(ids.size(), 200000u);
  EXPECT_EQ(t->decode(ids), text);
  std::cerr << "llama2.c tokenizer: " << text.size() << " B -> " << ids.size() << " tokens in " << s << " s of CPU\n";
}

TEST(Llama2cGolden, LocatesTheTokenizerBesideACheckpoint) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  // stories260K ships tok512.bin, not tokenizer.bin: found through the header's vocab_size (512).
  auto found = core::tokenize::locate_tokenizer(data / "stories260K" / "stories260K.bin");
  ASSERT_TRUE(found) << found.error().what();
  EXPECT_EQ(found->filename(), "tok512.bin");
  testsupport::TempDir dir;
  std::filesystem::copy_file(data / "stories260K" / "stories260K.bin", dir / "model.bin");
  auto missing = core::tokenize::locate_tokenizer(dir / "model.bin");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().what().find("tok512.bin"), std::string::npos) << missing.error().what();
  EXPECT_NE(missing.error().what().find("tokenizer.bin"), std::string::npos);
}
