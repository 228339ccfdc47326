// SentencePiece tokenizer.model through the cartograph_spm module, against SentencePiece's own
// command-line encoder (Debian's spm_encode) on many strings, and against llama2.c's published ids.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <sstream>

#include "core/tokenize/tokenizer.h"
#include "tests/support/spm_reference.h"
#include "tests/support/test_support.h"

namespace {

using core::tokenize::TokenId;
using testsupport::spm_encode;
using testsupport::spm_strings;

}  // namespace

TEST(SentencePieceGolden, LlamaModelMatchesSpmEncode) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const auto model = data / "llama2_tokenizer" / "tokenizer.model";
  auto loaded = core::tokenize::load_tokenizer(model);
  ASSERT_TRUE(loaded) << loaded.error().what();
  const auto& t = **loaded;
  EXPECT_EQ(t.kind(), "sentencepiece");
  EXPECT_EQ(t.vocab_size(), 32000);
  const auto lines = spm_strings(data);
  const auto expected = spm_encode(model, lines);
  ASSERT_EQ(expected.size(), lines.size()) << "spm_encode (Debian package sentencepiece) failed or is missing";
  for (std::size_t i = 0; i < lines.size(); ++i)
    EXPECT_EQ(t.encode(lines[i], false), expected[i]) << "line: " << lines[i];
}

TEST(SentencePieceGolden, LlamaModelAddsBosAndMatchesPublishedIds) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto loaded = core::tokenize::load_tokenizer(data / "llama2_tokenizer");  // the folder: tokenizer.model wins
  ASSERT_TRUE(loaded) << loaded.error().what();
  const auto& t = **loaded;
  EXPECT_EQ(t.kind(), "sentencepiece");
  EXPECT_TRUE(t.adds_bos());
  EXPECT_EQ(t.bos_id(), 1);
  EXPECT_EQ(t.eos_id(), 2);
  // llama2.c test.c, quoted in llama2_tokenizer/PROVENANCE.txt.
  EXPECT_EQ(t.encode("I believe the meaning of life is"), (std::vector<TokenId>{1, 306, 4658, 278, 6593, 310, 2834, 338}));
  EXPECT_EQ(t.encode("Simply put, the theory of relativity states that "),
            (std::vector<TokenId>{1, 3439, 17632, 1925, 29892, 278, 6368, 310, 14215, 537, 5922, 393, 29871}));
  EXPECT_EQ(t.token_text(306), " I");
  EXPECT_EQ(t.piece(306), "\xE2\x96\x81I");
  EXPECT_EQ(t.token_text(1), "<s>");
  EXPECT_EQ(t.token_text(3 + 0x0A), "\n");
  EXPECT_EQ(t.token_text(3 + 0xF0), "<0xF0>");
}

TEST(SentencePieceGolden, AgreesWithTheLlama2cExportOfTheSameVocabulary) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto spm = core::tokenize::load_tokenizer(data / "llama2_tokenizer" / "tokenizer.model");
  auto bin = core::tokenize::load_tokenizer(data / "llama2_tokenizer" / "tokenizer.bin");
  ASSERT_TRUE(spm && bin);
  for (TokenId id : {0, 1, 2, 3, 100, 259, 306, 1000, 29871, 31999})
    EXPECT_EQ((*spm)->token_text(id), (*bin)->token_text(id)) << id;
  // Two implementations of one vocabulary: the same ids wherever llama2.c's approximation holds.
  for (const std::string s : {"I believe the meaning of life is", "Once upon a time, there was a little girl."})
    EXPECT_EQ((*spm)->encode(s), (*bin)->encode(s)) << s;
}

TEST(SentencePieceGolden, DecodeInvertsEncode) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  auto loaded = core::tokenize::load_tokenizer(data / "llama2_tokenizer" / "tokenizer.model");
  ASSERT_TRUE(loaded);
  for (const auto& s : spm_strings(data)) {
    EXPECT_EQ((*loaded)->decode((*loaded)->encode(s)), s);
    EXPECT_EQ((*loaded)->decode((*loaded)->encode(s, false)), s);
  }
  const std::string kjv = testsupport::read_file(data / "corpus" / "kjv" / "kjv.txt").substr(0, 200000);
  EXPECT_EQ((*loaded)->decode((*loaded)->encode(kjv)), kjv);
}

TEST(SentencePieceGolden, RandomBytesModelIsAClearError) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  std::mt19937 rng(5);
  std::string noise(5000, '\0');
  for (auto& c : noise) c = char(rng());
  testsupport::write_file(dir / "tokenizer.model", noise);
  auto r = core::tokenize::load_tokenizer(dir / "tokenizer.model");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what().find("tokenizer.model"), std::string::npos) << r.error().what();
  EXPECT_NE(r.error().what().find("not a valid SentencePiece model"), std::string::npos) << r.error().what();
  // A truncated real model.
  testsupport::write_file(dir / "tokenizer.model",
                          testsupport::read_file(data / "llama2_tokenizer" / "tokenizer.model").substr(0, 1000));
  r = core::tokenize::load_tokenizer(dir / "tokenizer.model");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what().find("not a valid SentencePiece model"), std::string::npos) << r.error().what();
}
