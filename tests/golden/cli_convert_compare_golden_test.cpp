// The real stories260K llama2.c map against its own Hugging Face conversion, through the real CLI:
// `convert` writes the folder (float16 or float32 weights; the llama2.c vocabulary as a Hugging Face
// tokenizer.json whose BOS/EOS are "<s>"/"</s>", where llama2.c stores "\n<s>\n"), and `compare` must
// then run, matching the special tokens by role, and find no divergence beyond float16 rounding.
// Also: --tokenizer replacing a refused tokenizer, and default names that tell two model.bin apart.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "tests/support/test_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Stories {
  fs::path model, tokenizer, text;
};

Stories stories_files(const fs::path& data) {
  return {data / "stories260K/stories260K.bin", data / "stories260K/tok512.bin", data / "stories260K/greedy200_from_BOS.txt"};
}

json convert_map(const Stories& s, const fs::path& out, const std::string& dtype) {
  const auto run = testsupport::run_cli({"--json", "convert", "--model", s.model.string(), "--tokenizer", s.tokenizer.string(),
                                         "--out", out.string(), "--dtype", dtype});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.exit_code == 0 ? json::parse(run.out) : json();
}

// compare --json over the story text; the tuned map's summary (checkpoints[1]).
json compare_maps(const std::vector<std::string>& extra, testsupport::Run* raw = nullptr) {
  std::vector<std::string> args = {"--json", "compare"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto run = testsupport::run_cli(args);
  if (raw) *raw = run;
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.exit_code == 0 ? json::parse(run.out) : json();
}

TEST(ConvertCompareGolden, Float16ConversionOfStories260KComparesWithinFloat16Rounding) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const Stories s = stories_files(data);
  testsupport::TempDir dir;
  const json c16 = convert_map(s, dir / "hf16", "float16");
  EXPECT_EQ(c16["tokenizer"], "tokenizer.json");
  const json config = json::parse(testsupport::read_file(dir / "hf16/config.json"));
  EXPECT_EQ(config["torch_dtype"], "float16");
  // The conversion spells the specials as Hugging Face does: the case that failed before roles.
  const json tj = json::parse(testsupport::read_file(dir / "hf16/tokenizer.json"));
  EXPECT_EQ(tj["model"]["vocab"]["<s>"], 1);

  const json out = compare_maps({"--base", s.model.string(), "--tuned", (dir / "hf16").string(), "--corpus", s.text.string()});
  ASSERT_TRUE(out.contains("checkpoints"));
  const json& tuned = out["checkpoints"][1];
  const json& base = out["checkpoints"][0];
  ASSERT_GT(base["tokens"].get<double>(), 100);
  // float16 keeps 11 significant bits: each weight moves by at most 2^-11 of itself (4.9e-4). Through
  // 5 layers the logits (|z| up to ~15 here) move by about that relative amount, |δz| ≲ 1e-2, and
  // KL ≈ ½ Var_p(δz) ≲ 5e-5 nats; Δnll is the mean of δ(log p) ≲ 1e-2. The bounds below are those
  // estimates; a real distortion (the golden compare's perturbed map) is 100x larger.
  EXPECT_LT(tuned["kl_bt_mean"].get<double>(), 5e-5) << tuned.dump();
  EXPECT_LT(tuned["kl_tb_mean"].get<double>(), 5e-5) << tuned.dump();
  EXPECT_LT(std::abs(tuned["delta_nll"].get<double>()), 1e-2) << tuned.dump();
  EXPECT_GE(tuned["kl_bt_mean"].get<double>(), 0.0);
  std::cerr << "float16 conversion: kl_bt_mean " << tuned["kl_bt_mean"] << ", kl_tb_mean " << tuned["kl_tb_mean"]
            << ", delta_nll " << tuned["delta_nll"] << " over " << base["tokens"] << " tokens\n";
}

TEST(ConvertCompareGolden, Float32ConversionIsTheSameFunction) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const Stories s = stories_files(data);
  testsupport::TempDir dir;
  convert_map(s, dir / "hf32", "float32");
  const json out = compare_maps({"--base", s.model.string(), "--tuned", (dir / "hf32").string(), "--corpus", s.text.string()});
  ASSERT_TRUE(out.contains("checkpoints"));
  // Only the rotary layout is permuted: the same sums in another order, so float32 rounding only.
  EXPECT_LT(out["checkpoints"][1]["kl_bt_mean"].get<double>(), 1e-8);
  EXPECT_LT(std::abs(out["checkpoints"][1]["delta_nll"].get<double>()), 1e-5);
}

TEST(ConvertCompareGolden, TokenizerOptionReplacesARefusedTokenizerOnEveryCommand) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const Stories s = stories_files(data);
  testsupport::TempDir dir;
  convert_map(s, dir / "hf", "float32");
  // A tokenizer.json Cartograph refuses (a WordPiece model) makes the folder unusable on its own...
  testsupport::write_file(dir / "hf/tokenizer.json", R"({"model": {"type": "WordPiece", "vocab": {}}})");
  std::vector<std::string> base_args = {"--base", s.model.string(), "--tuned", (dir / "hf").string(), "--corpus", s.text.string()};
  const auto bad = testsupport::run_cli({"compare", "--base", s.model.string(), "--tuned", (dir / "hf").string(), "--corpus",
                                         s.text.string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("\"WordPiece\" is not supported"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("tokenizer.json"), std::string::npos) << bad.err;
  // ...and --tokenizer opens it with another file: once for every map, or once per map.
  auto once = base_args;
  once.insert(once.end(), {"--tokenizer", s.tokenizer.string()});
  EXPECT_TRUE(compare_maps(once).contains("checkpoints"));
  auto each = base_args;
  each.insert(each.end(), {"--tokenizer", s.tokenizer.string(), "--tokenizer", s.tokenizer.string()});
  EXPECT_TRUE(compare_maps(each).contains("checkpoints"));
  auto three = once;
  three.insert(three.end(), {"--tokenizer", s.tokenizer.string(), "--tokenizer", s.tokenizer.string()});
  std::vector<std::string> args = {"compare"};
  args.insert(args.end(), three.begin(), three.end());
  const auto wrong = testsupport::run_cli(args);
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("--tokenizer is given 3 times for 2 maps"), std::string::npos) << wrong.err;

  testsupport::write_file(dir / "prompts.txt", "Once upon a time\n");
  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"score", "--model", (dir / "hf").string(), "--text", "Once upon a time"},
        std::vector<std::string>{"sample", "--model", (dir / "hf").string(), "--max-new-tokens", "4", "--temperature", "0"},
        std::vector<std::string>{"shift", "--base", s.model.string(), "--tuned", (dir / "hf").string(), "--prompts",
                                 (dir / "prompts.txt").string(), "--max-new-tokens", "4"},
        std::vector<std::string>{"zoom", "--base", s.model.string(), "--tuned", (dir / "hf").string(), "--corpus",
                                 s.text.string(), "--prompt", "Once"},
        std::vector<std::string>{"info", "--model", (dir / "hf").string()}}) {
    const auto without = testsupport::run_cli(cmd);
    EXPECT_EQ(without.exit_code, 1) << cmd[0] << " ran with a refused tokenizer";
    auto with = cmd;
    with.insert(with.end(), {"--tokenizer", s.tokenizer.string()});
    const auto ran = testsupport::run_cli(with);
    EXPECT_EQ(ran.exit_code, 0) << cmd[0] << ": " << ran.err;
  }
}

TEST(ConvertCompareGolden, DefaultNamesTellTwoModelBinApart) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const Stories s = stories_files(data);
  testsupport::TempDir dir;
  for (const char* name : {"sharp", "flat"}) {
    fs::create_directories(dir / name);
    fs::copy_file(s.model, dir / name / "model.bin");
    fs::copy_file(s.tokenizer, dir / name / "tokenizer.bin");
  }
  const json out = compare_maps({"--base", s.model.string(), "--tuned", (dir / "sharp/model.bin").string(), "--tuned",
                            (dir / "flat/model.bin").string(), "--corpus", s.text.string()});
  ASSERT_EQ(out["checkpoints"].size(), 3u);
  EXPECT_EQ(out["checkpoints"][0]["name"], "stories260K.bin");
  EXPECT_EQ(out["checkpoints"][1]["name"], "sharp");
  EXPECT_EQ(out["checkpoints"][2]["name"], "flat");
}

}  // namespace
