// GGUF against independent truth: tests/support/gguf_fixture.py writes the files and dequantizes
// the blocks itself (numpy, no code shared with the C++ reader). Every type Cartograph reads must
// dequantize bit for bit as the script does; a tiny Llama stored as GGUF (q/k through llama.cpp's
// permutation) must score exactly like the same weights in a Hugging Face folder; its quantized
// copies must diverge from it a little, and more for fewer bits.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "core/model/checkpoint.h"
#include "core/model/gguf_file.h"
#include "tests/support/test_support.h"
#include "tests/unit/model_fixtures.h"

using namespace core::model;
using nlohmann::json;
using testsupport::run_cli;
using testsupport::TempDir;

namespace {

const std::string kGgufFixtureScript = std::string(CARTOGRAPH_SOURCE_DIR) + "/tests/support/gguf_fixture.py";
const char* kGgufText = "the cat sat on the mat, and then the dog went in. The end is near; they said \"no\" 42 times!";

// Runs the fixture script; false (with the reason in the test log) when it fails.
::testing::AssertionResult fixture(const std::vector<std::string>& args, const TempDir& dir) {
  std::string cmd = "/usr/bin/python3 " + kGgufFixtureScript;
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>" + (dir / "py.err").string();
  if (std::system(cmd.c_str()) != 0) return ::testing::AssertionFailure() << cmd << "\n" << testsupport::read_file(dir / "py.err");
  return ::testing::AssertionSuccess();
}

#define REQUIRE_PYTHON()                                       \
  if (!std::filesystem::exists("/usr/bin/python3"))            \
  GTEST_SKIP() << "Debian's /usr/bin/python3 with numpy is needed to write the GGUF fixtures"

json gguf_cli_json(const std::vector<std::string>& args) {
  const auto run = run_cli(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.exit_code == 0 ? json::parse(run.out) : json();
}

json gguf_score(const std::filesystem::path& model) {
  return gguf_cli_json({"--json", "score", "--model", model.string(), "--text", kGgufText, "--top-k", "1"});
}

}  // namespace

TEST(GgufDequantize, EveryTypeEqualsTheIndependentDequantizationBitForBit) {
  REQUIRE_PYTHON();
  TempDir dir;
  ASSERT_TRUE(fixture({"blocks", dir.path().string()}, dir));
  auto f = GgufFile::open(dir / "blocks.gguf");
  ASSERT_TRUE(f) << f.error().what();
  EXPECT_EQ((*f)->alignment(), 64u);
  ASSERT_EQ((*f)->tensors().size(), 8u);
  for (const auto& t : (*f)->tensors()) {
    SCOPED_TRACE(t.name);
    EXPECT_EQ(t.shape, (std::vector<std::int64_t>{3, 512}));
    const at::Tensor got = (*f)->to_float(t).contiguous();
    const std::string want = testsupport::read_file(dir / (t.name + ".f32"));
    ASSERT_EQ(want.size(), std::size_t(got.numel()) * 4);
    std::size_t differing = 0, first = 0;
    for (std::int64_t i = 0; i < got.numel(); ++i)
      if (std::memcmp(got.data_ptr<float>() + i, want.data() + 4 * i, 4) != 0 && differing++ == 0) first = std::size_t(i);
    EXPECT_EQ(differing, 0u) << "first at " << first;
    if (t.type == GgmlType::F32) { EXPECT_TRUE((*f)->maps(got.data_ptr())) << "float32 weights are a view of the file"; }
  }
}

TEST(GgufModel, TinyLlamaScoresLikeTheSameWeightsInAHuggingFaceFolder) {
  REQUIRE_PYTHON();
  TempDir dir;
  ASSERT_TRUE(fixture({"toy", dir.path().string()}, dir));
  const json hf = gguf_score(dir / "hf");
  const json gguf = gguf_score(dir / "model-f32.gguf");
  ASSERT_FALSE(hf.is_null());
  ASSERT_FALSE(gguf.is_null());
  const json& a = hf["documents"][0]["tokens"];
  const json& b = gguf["documents"][0]["tokens"];
  ASSERT_EQ(a.size(), b.size()) << "the GGUF's own tokenizer must split the text as tokenizer.bin does";
  ASSERT_GT(a.size(), 20u);
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i]["id"], b[i]["id"]) << i;
    EXPECT_EQ(a[i]["text"], b[i]["text"]) << i;
    if (a[i]["logp"].is_number()) worst = std::max(worst, std::abs(a[i]["logp"].get<double>() - b[i]["logp"].get<double>()));
  }
  // Reading the GGUF's q/k rows with Hugging Face's pairing (ignoring llama.cpp's permutation) would
  // rotate the wrong pairs and miss this by far more.
  EXPECT_LT(worst, 1e-4) << "per-token log-probabilities of the GGUF and the Hugging Face folder";
}

TEST(GgufModel, QuantizedCopiesDivergeALittleFromTheFloatBase) {
  REQUIRE_PYTHON();
  TempDir dir;
  ASSERT_TRUE(fixture({"toy", dir.path().string()}, dir));
  testsupport::write_file(dir / "corpus.txt", std::string(kGgufText) + "\n" + kGgufText + " Once upon a time there was a cat.\n");
  const json out = gguf_cli_json({"--json", "compare", "--base", (dir / "model-f32.gguf").string(), "--tuned",
                             (dir / "model-f16.gguf").string(), "--tuned", (dir / "model-q8_0.gguf").string(),
                             "--tuned", (dir / "model-q4_k.gguf").string(), "--corpus", (dir / "corpus.txt").string()});
  ASSERT_EQ(out["checkpoints"].size(), 4u) << out.dump();
  const double f16 = out["checkpoints"][1]["kl_bt_mean"], q8 = out["checkpoints"][2]["kl_bt_mean"],
               q4 = out["checkpoints"][3]["kl_bt_mean"];
  EXPECT_GT(f16, 0.0);
  EXPECT_LT(f16, q8) << "float16 rounding moves the map less than 8-bit blocks";
  EXPECT_LT(q8, q4) << "8-bit blocks move the map less than 4-bit ones";
  // Measured: f16 3.7e-6, q8_0 0.0027, q4_k 0.49 nats (the fixture's Q4_K keeps weights to 8 % rms,
  // typical of 4 bits; an untrained random map is more sensitive to that than a trained one).
  EXPECT_LT(q8, 0.01) << "8-bit blocks keep the map close to its base";
  EXPECT_LT(q4, 1.0) << "4-bit blocks move it visibly, not beyond recognition";
  std::cout << "kl_bt_mean: f16 " << f16 << ", q8_0 " << q8 << ", q4_k " << q4 << "\n";
}

TEST(GgufModel, InfoDescribesTheQuantizedFile) {
  REQUIRE_PYTHON();
  TempDir dir;
  ASSERT_TRUE(fixture({"toy", dir.path().string()}, dir));
  const json info = gguf_cli_json({"--json", "info", "--model", (dir / "model-q4_k.gguf").string()});
  EXPECT_EQ(info["format"], "gguf");
  EXPECT_EQ(info["architecture"], "llama");
  EXPECT_EQ(info["dtype"], "mixed (Q4_K, float32)") << "norms stay float32, matrices are Q4_K";
  EXPECT_EQ(info["vocab_size"], 273);
  EXPECT_EQ(info["context_length"], 128);
}

TEST(GgufModel, TinyGpt2ScoresLikeTheSameWeightsInAHuggingFaceFolder) {
  REQUIRE_PYTHON();
  TempDir dir;
  ASSERT_TRUE(fixture({"gpt2", dir.path().string()}, dir));
  const json hf = gguf_score(dir / "gpt2-hf");
  const json gguf = gguf_score(dir / "gpt2-f32.gguf");
  const json q8 = gguf_score(dir / "gpt2-q8_0.gguf");
  ASSERT_FALSE(hf.is_null() || gguf.is_null() || q8.is_null());
  const json& a = hf["documents"][0]["tokens"];
  const json& b = gguf["documents"][0]["tokens"];
  ASSERT_EQ(a.size(), b.size()) << "the GGUF's merges must split the text as merges.txt does";
  double worst = 0, worst_q8 = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i]["id"], b[i]["id"]) << i;
    if (!a[i]["logp"].is_number()) continue;
    worst = std::max(worst, std::abs(a[i]["logp"].get<double>() - b[i]["logp"].get<double>()));
    worst_q8 = std::max(worst_q8, std::abs(a[i]["logp"].get<double>() - q8["documents"][0]["tokens"][i]["logp"].get<double>()));
  }
  EXPECT_LT(worst, 1e-4) << "GGUF's [out, in] matrices must be used transposed, the fused qkv split as Conv1D's";
  EXPECT_GT(worst_q8, 1e-4) << "Q8_0 weights are not the float ones";
  EXPECT_LT(worst_q8, 0.5) << "but close to them";
}

TEST(GgufModel, TinyQwen2ScoresLikeTheSameWeightsInAHuggingFaceFolder) {
  REQUIRE_PYTHON();
  TempDir dir;
  ASSERT_TRUE(fixture({"qwen2", dir.path().string()}, dir));
  const json hf = gguf_score(dir / "qwen2-hf");
  const json gguf = gguf_score(dir / "qwen2-f32.gguf");
  ASSERT_FALSE(hf.is_null() || gguf.is_null());
  const json& a = hf["documents"][0]["tokens"];
  const json& b = gguf["documents"][0]["tokens"];
  ASSERT_EQ(a.size(), b.size());
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i]["id"], b[i]["id"]) << i;
    if (a[i]["logp"].is_number()) worst = std::max(worst, std::abs(a[i]["logp"].get<double>() - b[i]["logp"].get<double>()));
  }
  // Qwen2 GGUFs keep Hugging Face's q/k rows (rotated as halves) and carry q/k/v biases.
  EXPECT_LT(worst, 1e-4);
}
