// The bench's GGUF for llama.cpp (core/bench/gguf_writer.h, llama_perplexity.h) against independent
// truth: tests/support/gguf_fixture.py converts the same tiny random GPT-2 folder with numpy as
// llama.cpp's converter lays GPT-2 out; the C++ conversion must hold the same tensors bit for bit, the
// same vocabulary and merges, and score exactly like the folder. llama-perplexity's report is read
// from output the real tool printed on this machine (tests/unit/data/llama_perplexity_*.txt).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

#include <cstdlib>

#include "core/bench/llama_perplexity.h"
#include "core/model/gguf_file.h"
#include "tests/support/test_support.h"

using nlohmann::json;
using testsupport::TempDir;

namespace {

const std::string kScript = std::string(CARTOGRAPH_SOURCE_DIR) + "/tests/support/gguf_fixture.py";
const std::string kData = std::string(CARTOGRAPH_SOURCE_DIR) + "/tests/unit/data/";

json score(const std::filesystem::path& model) {
  const auto run = testsupport::run_cli({"--json", "score", "--model", model.string(), "--text",
                                         "the cat sat on the mat, and then the dog went in. 42!", "--top-k", "1"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.exit_code == 0 ? json::parse(run.out) : json();
}

}  // namespace

TEST(BenchGguf, Gpt2ConversionHoldsWhatTheIndependentConverterWritesAndScoresLikeTheFolder) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "Debian's /usr/bin/python3 with numpy writes the fixture";
  TempDir dir;
  const std::string cmd = "/usr/bin/python3 " + kScript + " gpt2 '" + dir.path().string() + "' 2>" + (dir / "py.err").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << testsupport::read_file(dir / "py.err");
  auto tok = core::bench::find_gpt2_tokenizer(dir / "gpt2-hf");
  ASSERT_TRUE(tok) << tok.error().what();
  ASSERT_TRUE(core::bench::write_gpt2_gguf(dir / "gpt2-hf", *tok, dir / "ours.gguf"));

  auto ours = core::model::GgufFile::open(dir / "ours.gguf");
  auto theirs = core::model::GgufFile::open(dir / "gpt2-f32.gguf");
  ASSERT_TRUE(ours) << ours.error().what();
  ASSERT_TRUE(theirs) << theirs.error().what();
  for (const auto& t : (*theirs)->tensors()) {
    const auto* mine = (*ours)->find(t.name);
    ASSERT_NE(mine, nullptr) << t.name;
    EXPECT_EQ(mine->shape, t.shape) << t.name;
    EXPECT_TRUE(at::equal((*ours)->to_float(*mine), (*theirs)->to_float(t))) << t.name << " differs";
  }
  for (const char* key : {"tokenizer.ggml.tokens", "tokenizer.ggml.merges"})
    EXPECT_EQ((*ours)->find_value(key)->strings, (*theirs)->find_value(key)->strings) << key;
  EXPECT_EQ((*ours)->find_value("tokenizer.ggml.pre")->text, "gpt-2") << "as llama.cpp's converter names GPT-2's";
  EXPECT_EQ((*ours)->find_value("gpt2.block_count")->integer, (*theirs)->find_value("gpt2.block_count")->integer);

  const json folder = score(dir / "gpt2-hf"), gguf = score(dir / "ours.gguf");
  ASSERT_FALSE(folder.is_null() || gguf.is_null());
  EXPECT_NEAR(gguf["summary"]["nll_mean"].get<double>(), folder["summary"]["nll_mean"].get<double>(), 1e-5)
      << "the GGUF [out, in] matrices are the folder's Conv1D [in, out] ones";
}

TEST(BenchGguf, AFolderWithoutGpt2TokenizerIsNamed) {
  TempDir dir;
  auto tok = core::bench::find_gpt2_tokenizer(dir.path());
  ASSERT_FALSE(tok);
  EXPECT_NE(tok.error().what().find("vocab.json and merges.txt"), std::string::npos) << tok.error().what();
  EXPECT_NE(tok.error().what().find(dir.path().string()), std::string::npos) << tok.error().what();
}

TEST(LlamaPerplexityReport, ReadsWhatTheRealToolPrintedInItsStridedMode) {
  // llama.cpp (commit c392e50, 2025-02-21, built here) llama-perplexity -c 513 -b 513 --ppl-stride 1023 on
  // 2,523 GPT-2 tokens of Tiny Shakespeare, the bench's random GPT-2-124M as GGUF.
  auto r = core::bench::parse_llama_perplexity(testsupport::read_file(kData + "llama_perplexity_strided.txt"));
  ASSERT_TRUE(r) << r.error().what();
  EXPECT_EQ(r->chunks, 2);
  EXPECT_EQ(r->n_ctx, 1024) << "513 + 1023 / 2: the window the strided mode really runs";
  EXPECT_EQ(r->tokens, 2523);
  EXPECT_DOUBLE_EQ(r->perplexity, 5053337.2272) << "the last running value, [2]";
}

TEST(LlamaPerplexityReport, ReadsWhatTheRealToolPrintedInItsDefaultMode) {
  auto r = core::bench::parse_llama_perplexity(testsupport::read_file(kData + "llama_perplexity_default.txt"));
  ASSERT_TRUE(r) << r.error().what();
  EXPECT_EQ(r->chunks, 2);
  EXPECT_EQ(r->n_ctx, 1024);
  EXPECT_DOUBLE_EQ(r->perplexity, 5471153.6612) << "the Final estimate line";
}

TEST(LlamaPerplexityReport, ReadsWhatALaterReleasePrintsInBothModes) {
  // llama.cpp v0.5.0 (the source node-llama-cpp 3.22.1 bundles, built here) on the first 10,000 bytes
  // of Tiny Shakespeare, the bench's random GPT-2-124M as GGUF: the strided mode now says "computing
  // over N chunks" and every line carries a timestamp and a level.
  auto strided = core::bench::parse_llama_perplexity(testsupport::read_file(kData + "llama_perplexity_v050_strided.txt"));
  ASSERT_TRUE(strided) << strided.error().what();
  EXPECT_EQ(strided->chunks, 2);
  EXPECT_EQ(strided->n_ctx, 1024);
  EXPECT_EQ(strided->tokens, 2805);
  EXPECT_DOUBLE_EQ(strided->perplexity, 5053315.2686);
  auto standard = core::bench::parse_llama_perplexity(testsupport::read_file(kData + "llama_perplexity_v050_default.txt"));
  ASSERT_TRUE(standard) << standard.error().what();
  EXPECT_EQ(standard->chunks, 2);
  EXPECT_EQ(standard->n_ctx, 1024);
  EXPECT_DOUBLE_EQ(standard->perplexity, 5471144.8281);
}

TEST(LlamaPerplexityReport, OutputWithoutAPerplexityIsAnError) {
  EXPECT_FALSE(core::bench::parse_llama_perplexity("error: unable to load model\n"));
  EXPECT_FALSE(core::bench::parse_llama_perplexity("perplexity: calculating perplexity over 3 chunks, n_ctx=1024\n"));
  // A model whose logits are NaN, and counts past 64 bits: errors, not a throw out of the bench.
  EXPECT_FALSE(core::bench::parse_llama_perplexity(
      "perplexity: calculating perplexity over 3 chunks, n_ctx=1024\nFinal estimate: PPL = -nan +/- nan\n"));
  EXPECT_FALSE(core::bench::parse_llama_perplexity(
      "perplexity: calculating perplexity over 3 chunks, n_ctx=1024\n[1]-nan,[2]-,\n"));
  EXPECT_FALSE(core::bench::parse_llama_perplexity(
      "perplexity: calculating perplexity over 99999999999999999999999 chunks, n_ctx=1024\nFinal estimate: PPL = 5.0\n"));
}
