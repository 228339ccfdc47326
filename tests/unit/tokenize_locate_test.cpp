// locate_tokenizer and load_tokenizer's format detection on folders and files made here.
#include <gtest/gtest.h>

#include <cstdint>

#include "core/tokenize/locate.h"
#include "core/tokenize/tokenizer.h"
#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"

namespace {

namespace fs = std::filesystem;
using core::tokenize::locate_tokenizer;

void touch(const fs::path& p) { testsupport::write_file(p, "{}"); }

// A llama2.c checkpoint header: dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len.
std::string llama2c_header(std::int32_t vocab) {
  const std::int32_t h[7] = {8, 16, 1, 2, 2, vocab, 32};
  return std::string(reinterpret_cast<const char*>(h), sizeof h);
}

}  // namespace

TEST(LocateTokenizer, HuggingFaceFolderPrefersTokenizerJsonThenModelThenVocabMerges) {
  testsupport::TempDir dir;
  touch(dir / "vocab.json");
  touch(dir / "merges.txt");
  EXPECT_EQ(locate_tokenizer(dir.path()).value().filename(), "vocab.json");
  touch(dir / "tokenizer.model");
  EXPECT_EQ(locate_tokenizer(dir.path()).value().filename(), "tokenizer.model");
  touch(dir / "tokenizer.json");
  EXPECT_EQ(locate_tokenizer(dir.path()).value().filename(), "tokenizer.json");
  touch(dir / "model.safetensors");  // a file inside the folder finds the same tokenizer
  EXPECT_EQ(locate_tokenizer(dir / "model.safetensors").value().filename(), "tokenizer.json");
}

TEST(LocateTokenizer, EmptyFolderNamesEverythingItLookedFor) {
  testsupport::TempDir dir;
  touch(dir / "vocab.json");  // without merges.txt it does not count
  auto r = locate_tokenizer(dir.path());
  ASSERT_FALSE(r);
  for (const char* name : {"tokenizer.json", "tokenizer.model", "vocab.json + merges.txt", "encoder.json + vocab.bpe"})
    EXPECT_NE(r.error().what().find(name), std::string::npos) << r.error().what();
}

TEST(LocateTokenizer, Llama2cCheckpointFindsTokenizerBinThenTokN) {
  testsupport::TempDir dir;
  testsupport::write_file(dir / "model.bin", llama2c_header(-300));  // negative: untied classifier
  auto none = locate_tokenizer(dir / "model.bin");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().what().find("tok300.bin"), std::string::npos) << none.error().what();
  EXPECT_NE(none.error().what().find("tokenizer.bin"), std::string::npos) << none.error().what();
  touch(dir / "tok300.bin");
  EXPECT_EQ(locate_tokenizer(dir / "model.bin").value().filename(), "tok300.bin");
  touch(dir / "tokenizer.bin");
  EXPECT_EQ(locate_tokenizer(dir / "model.bin").value().filename(), "tokenizer.bin");
  EXPECT_FALSE(locate_tokenizer(dir / "missing.bin"));
}

TEST(LoadTokenizer, EmptyFolderAndUnknownFileAreClearErrors) {
  testsupport::TempDir dir;
  auto empty = core::tokenize::load_tokenizer(dir.path());
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().what().find("no tokenizer in this folder"), std::string::npos);
  testsupport::write_file(dir / "weird.dat", "");
  auto weird = core::tokenize::load_tokenizer(dir / "weird.dat");
  ASSERT_FALSE(weird);
  EXPECT_NE(weird.error().what().find("weird.dat"), std::string::npos);
  // A file named like a tokenizer.bin but sniffed by content when the name says nothing.
  testsupport::write_file(dir / "vocab", testsupport::make_llama2c_bin({{" ", 0}}));
  auto sniffed = core::tokenize::load_tokenizer(dir / "vocab");
  ASSERT_TRUE(sniffed) << sniffed.error().what();
  EXPECT_EQ((*sniffed)->kind(), "llama2c");
}

TEST(LoadTokenizer, RandomBytesSentencePieceModelIsAClearError) {
  testsupport::TempDir dir;
  std::string noise(3000, '\0');
  unsigned x = 12345;
  for (auto& c : noise) c = char((x = x * 1103515245u + 12345u) >> 16);
  testsupport::write_file(dir / "tokenizer.model", noise);
  auto r = core::tokenize::load_tokenizer(dir.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what().find("tokenizer.model"), std::string::npos) << r.error().what();
  EXPECT_NE(r.error().what().find("not a valid SentencePiece model"), std::string::npos) << r.error().what();
  testsupport::write_file(dir / "tokenizer.model", "");
  r = core::tokenize::load_tokenizer(dir / "tokenizer.model");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what().find("empty"), std::string::npos) << r.error().what();
}
