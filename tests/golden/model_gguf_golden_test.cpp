// stories260K converted to GGUF by tests/support/gguf_fixture.py the way llama.cpp converts a
// Hugging Face Llama (q/k rows permuted back to Meta's layout, vocabulary as SentencePiece pieces):
// in float32 it must score every token exactly as the llama2.c original does; as Q8_0 it must
// differ from it, a little.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

#include "tests/support/test_support.h"

using nlohmann::json;
using testsupport::run_cli;
using testsupport::TempDir;

namespace {

json cli_json(const std::vector<std::string>& args) {
  const auto run = run_cli(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.exit_code == 0 ? json::parse(run.out) : json();
}

bool convert(const std::filesystem::path& data, const std::filesystem::path& out, const std::string& type) {
  const std::string cmd = "/usr/bin/python3 " + std::string(CARTOGRAPH_SOURCE_DIR) + "/tests/support/gguf_fixture.py llama2c " +
                          (data / "stories260K/stories260K.bin").string() + " " + (data / "stories260K/tok512.bin").string() +
                          " " + out.string() + " " + type;
  return std::system(cmd.c_str()) == 0;
}

}  // namespace

TEST(GgufStories260K, Float32GgufScoresEveryTokenAsTheLlama2cOriginal) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  TempDir dir;
  ASSERT_TRUE(convert(data, dir / "s.gguf", "F32"));
  testsupport::write_file(dir / "story.txt",
                          "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. "
                          "One day, she saw a big red ball.");
  const auto args = [&](const std::filesystem::path& m) {
    return std::vector<std::string>{"--json", "score", "--model", m.string(), "--text-file", (dir / "story.txt").string(),
                                    "--tokenizer", (data / "stories260K/tok512.bin").string()};
  };
  const json bin = cli_json(args(data / "stories260K/stories260K.bin"));
  auto own = args(dir / "s.gguf");
  own.resize(own.size() - 2);  // the GGUF's own tokenizer
  const json gguf = cli_json(own);
  const json& a = bin["documents"][0]["tokens"];
  const json& b = gguf["documents"][0]["tokens"];
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 30u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i]["id"], b[i]["id"]) << i;
    if (a[i]["logp"].is_number()) { EXPECT_EQ(a[i]["logp"].get<double>(), b[i]["logp"].get<double>()) << i; }
  }
}

TEST(GgufStories260K, Q8_0ComparedWithItsFloatBaseDivergesALittle) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  TempDir dir;
  ASSERT_TRUE(convert(data, dir / "f32.gguf", "F32"));
  ASSERT_TRUE(convert(data, dir / "q8.gguf", "Q8_0"));
  testsupport::write_file(dir / "c.txt",
                          "Once upon a time, there was a little girl named Lily. She loved to play outside.\n"
                          "Tom had a big dog. The dog liked to run and jump in the sun.\n");
  const json out = cli_json({"--json", "compare", "--base", (dir / "f32.gguf").string(), "--tuned", (dir / "q8.gguf").string(),
                             "--corpus", (dir / "c.txt").string()});
  ASSERT_EQ(out["checkpoints"].size(), 2u);
  const double kl = out["checkpoints"][1]["kl_bt_mean"];
  EXPECT_GT(kl, 0.0);
  EXPECT_LT(kl, 0.01);
  std::cout << "stories260K Q8_0 vs float32: kl_bt_mean " << kl << "\n";
}
