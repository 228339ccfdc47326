// `cartograph-cli sample --tuned T --amplify a --cross-score` on the tiny demo's real maps, as a user
// runs it: a = 0 is the base map's sample and a = 1 the tuned map's, token for token; the
// cross-scores equal `cartograph-cli score` of the sampled text under each map; bad input is one
// `error:` line naming the map or the prompt.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

namespace {

using nlohmann::json;
using testsupport::run_cli;

struct TinyDemo {
  testsupport::TempDir dir;
  std::string base, sft, rl;
  TinyDemo() {
    const auto built = run_cli({"--json", "-q", "demo", "--preset", "tiny", "--out", (dir / "demo").string()});
    EXPECT_EQ(built.exit_code, 0) << built.err;
    if (built.exit_code != 0) return;
    const json demo = json::parse(built.out);
    for (const auto& m : demo.at("checkpoints")) {
      const std::string name = m.at("name");
      if (name == "base") base = m.at("path");
      if (name == "sft-zippy") sft = m.at("path");
      if (name == "rl-weak-kl") rl = m.at("path");
    }
  }
};

const TinyDemo& demo() {
  static TinyDemo d;
  return d;
}

json sample(std::vector<std::string> extra, const std::string& seed = "17", const std::string& temperature = "1.3") {
  std::vector<std::string> args{"--json", "-q", "sample", "--prompt", "A fool and his money", "--temperature", temperature,
                                "--top-p", "0.95", "--seed", seed, "--max-new-tokens", "40"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json::object();
}

}  // namespace

TEST(CliSample, AmplifyZeroIsTheBaseSampleAndOneTheTunedSampleTokenForToken) {
  const auto& d = demo();
  ASSERT_FALSE(d.base.empty() || d.sft.empty());
  const json base = sample({"--model", d.base}), sft = sample({"--model", d.sft});
  const json at0 = sample({"--model", d.base, "--tuned", d.sft, "--amplify", "0"});
  const json at1 = sample({"--model", d.base, "--tuned", d.sft, "--amplify", "1"});
  const json at3 = sample({"--model", d.base, "--tuned", d.sft, "--amplify", "3"});
  ASSERT_TRUE(base.contains("ids") && sft.contains("ids") && at0.contains("ids") && at1.contains("ids"));
  ASSERT_NE(base["ids"], sft["ids"]) << "the maps must sample differently for the test to tell them apart";
  EXPECT_EQ(at0["ids"], base["ids"]);
  EXPECT_EQ(at0["text"], base["text"]);
  EXPECT_EQ(at1["ids"], sft["ids"]);
  EXPECT_EQ(at3["amplification"], 3.0);
  EXPECT_NE(at3["ids"], sft["ids"]);
}

TEST(CliSample, CrossScoresEqualScoreOfTheSampledTextUnderEachMap) {
  const auto& d = demo();
  ASSERT_FALSE(d.base.empty() || d.sft.empty() || d.rl.empty());
  // `score` scores text, the cross-scores score the sampled ids: they are the same tokens only when
  // the text splits back into those ids (a sampled BPE sequence need not be the canonical one). The
  // first seed whose sample does is compared (the same seed every run: sampling is deterministic).
  for (int seed = 17; seed < 37; ++seed) {
    const json s = sample({"--model", d.base, "--tuned", d.sft, "--tuned", d.rl, "--amplify", "2", "--cross-score"},
                          std::to_string(seed), "0.8");
    ASSERT_TRUE(s.contains("cross_scores")) << s.dump();
    std::vector<int> all = s["prompt_ids"];
    std::vector<int> ids = s["ids"];
    // A sample that ends at a stop token (EOS, or BOS: another document) ends with a special token
    // that decoding leaves out of the text: the tokens before it are compared.
    if (s["stop_reason"] == "stop_token") {
      ASSERT_FALSE(ids.empty());
      ids.pop_back();
    } else if (s["stop_reason"] != "max_new_tokens") {
      continue;
    }
    if (ids.empty()) continue;
    all.insert(all.end(), ids.begin(), ids.end());
    const std::string text = "A fool and his money" + s["text"].get<std::string>();
    const auto split = run_cli({"--json", "-q", "tokenize", "--model", d.base, "--text", text});
    ASSERT_EQ(split.exit_code, 0) << split.err;
    if (json::parse(split.out)["ids"].get<std::vector<int>>() != all) continue;

    const auto& scores = s["cross_scores"];
    ASSERT_EQ(scores.size(), 4u);  // base, two tuned, the amplified map
    EXPECT_EQ(scores[0]["kind"], "base");
    EXPECT_EQ(scores[3]["kind"], "amplified");
    for (std::size_t m = 0; m < 3; ++m) {
      const std::string model = m == 0 ? d.base : m == 1 ? d.sft : d.rl;
      EXPECT_EQ(scores[m]["map"], model);
      const auto r = run_cli({"--json", "-q", "score", "--model", model, "--text", text});
      ASSERT_EQ(r.exit_code, 0) << r.err;
      const json scored = json::parse(r.out);
      const json& tokens = scored["documents"][0]["tokens"];
      // `score` scores every token after the first: the sample's are the last ones.
      ASSERT_EQ(tokens.size() + 1, all.size()) << r.out.substr(0, 400);
      const std::size_t first = tokens.size() - ids.size();
      for (std::size_t i = 0; i < ids.size(); ++i) {
        ASSERT_EQ(tokens[first + i]["id"].get<int>(), ids[i]) << "token " << i;
        EXPECT_NEAR(scores[m]["logp"][i].get<double>(), tokens[first + i]["logp"].get<double>(), 2e-4)
            << "map " << model << " token " << i;
      }
    }
    std::cout << "compared the cross-scores of seed " << seed << " (" << ids.size() << " tokens)\n";
    return;
  }
  FAIL() << "no seed from 17 to 36 gave a sample that re-tokenizes to its own ids";
}

TEST(CliSample, BadInputIsOneErrorNamingTheMapOrThePrompt) {
  const auto& d = demo();
  ASSERT_FALSE(d.base.empty() || d.sft.empty());
  auto r = run_cli({"sample", "--model", d.base, "--tuned", d.sft, "--amplify", "4.5"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error: --amplify 4.5 for the tuned map " + d.sft + " is outside [-1, 4]"), std::string::npos)
      << r.err;
  r = run_cli({"sample", "--model", d.base, "--amplify", "2"});
  EXPECT_EQ(r.exit_code, 2) << "--amplify without --tuned is a usage error";
  EXPECT_NE(r.err.find("--amplify needs --tuned"), std::string::npos) << r.err;
  r = run_cli({"sample", "--model", d.base, "--prompt", std::string(5000, 'x'), "--max-new-tokens", "4"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("more than the model's context"), std::string::npos) << r.err;
}

TEST(CliSample, RealMapsWithDifferentTokenizersAreRefusedNamingTheTunedMap) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const auto stories = (data / "stories260K" / "stories260K.bin").string();
  const auto dreams = (data / "aidreams260K" / "aidreams260K.bin").string();
  auto r = run_cli({"sample", "--model", stories, "--tokenizer", (data / "stories260K" / "tok512.bin").string(),
                    "--tuned", dreams, "--amplify", "2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("map '" + dreams + "'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tokenizer differs"), std::string::npos) << r.err;
  // The same real map against itself: a = 0 and a = 1 are both its own greedy sample.
  const json plain = json::parse(run_cli({"--json", "-q", "sample", "--model", stories, "--tokenizer",
                                          (data / "stories260K" / "tok512.bin").string(), "--temperature", "0",
                                          "--max-new-tokens", "30"}).out);
  for (const char* a : {"0", "1", "2.5"}) {
    const json amp = json::parse(run_cli({"--json", "-q", "sample", "--model", stories, "--tokenizer",
                                          (data / "stories260K" / "tok512.bin").string(), "--tuned", stories,
                                          "--amplify", a, "--temperature", "0", "--max-new-tokens", "30"}).out);
    EXPECT_EQ(amp["ids"], plain["ids"]) << "a = " << a;
  }
}
