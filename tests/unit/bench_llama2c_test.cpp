// `bench --llama2c RUN` (core/bench/llama2c_run.h): what llama2.c's `run` prints is read as the real tool
// printed it, a tool that fails or prints no speed is one clear error naming it, and the `score` side
// reads the TOTAL line `score` really prints. The whole comparison runs against a real llama2.c build
// when CARTOGRAPH_LLAMA2C_RUN names one (with CARTOGRAPH_TEST_DATA for stories260K).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/bench/llama2c_run.h"
#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"
#include "tests/unit/model_fixtures.h"

using nlohmann::json;
using testsupport::error_lines;
using testsupport::run_cli;
using testsupport::TempDir;

namespace llama2c_bench_test {

const std::string kData = std::string(CARTOGRAPH_SOURCE_DIR) + "/tests/unit/data/";

// A tiny llama2.c checkpoint and its tokenizer, and a text of a few dozen tokens.
struct Fixture {
  TempDir dir;
  std::filesystem::path model = dir / "model.bin", tokenizer = dir / "tokenizer.bin", text = dir / "text.txt";
  Fixture() {
    const std::vector<std::pair<std::string, float>> pieces = {{" ", -1}, {"a", -1}, {"b", -1}, {"ab", 2}, {" ab", 1}};
    fixtures::LlamaSpec spec;
    spec.vocab = 259 + int(pieces.size());
    spec.context = 256;  // room for the bench's sampling: its prompt and 64 tokens
    fixtures::write_llama2c(model, spec, fixtures::random_llama(spec, 3));
    testsupport::write_file(tokenizer, testsupport::make_llama2c_bin(pieces));
    std::string words;
    for (int i = 0; i < 30; ++i) words += i % 3 ? "ab a " : "b ab ";
    testsupport::write_file(text, words);
  }
  std::vector<std::string> bench(const std::string& run) const {
    return {"bench", "--llama2c", run, "--llama2c-model", model.string(), "--llama2c-tokenizer", tokenizer.string(),
            "--llama2c-text", text.string(), "--repeats", "1", "--cache-dir", (dir / "cache").string()};
  }
};

TEST(Llama2cRun, ReadsTheSpeedTheRealToolPrinted) {
  // karpathy/llama2.c's run.c at 350e04f, built here with its Makefile's `run` (gcc -O3), `run
  // stories260K.bin -z tok512.bin -t 0 -n 256`: the story on stdout, its speed on stderr, no newline
  // between them when the story ends without one.
  auto speed = core::bench::parse_llama2c_speed(testsupport::read_file(kData + "llama2c_run_stories260K.txt"));
  ASSERT_TRUE(speed) << speed.error().what();
  EXPECT_DOUBLE_EQ(*speed, 6071.428571);
}

TEST(Llama2cRun, OutputWithoutASpeedIsAnError) {
  // What the same build prints for a checkpoint it cannot open.
  EXPECT_FALSE(core::bench::parse_llama2c_speed("Couldn't open file /nonexistent.bin\n"));
  EXPECT_FALSE(core::bench::parse_llama2c_speed("achieved tok/s: 0.000000\n"));
  // Its millisecond timer: a run shorter than a millisecond divides by zero, a one-token run 0 by 0.
  EXPECT_FALSE(core::bench::parse_llama2c_speed("achieved tok/s: inf\n"));
  EXPECT_FALSE(core::bench::parse_llama2c_speed("achieved tok/s: -nan\n"));
  EXPECT_FALSE(core::bench::parse_llama2c_speed("achieved tok/s: -\n"));
}

TEST(ScoreTotal, ALineWithoutAFiniteMeanOrCountIsAnErrorNotAThrow) {
  core::bench::ProcessMeasure m;
  // What score prints when the map's logits are NaN, and a count past 64 bits.
  EXPECT_FALSE(core::bench::read_score_total("TOTAL   tokens 12  nll -nan  ppl -nan  bpb -nan\n", m));
  EXPECT_FALSE(core::bench::read_score_total("TOTAL   tokens 99999999999999999999999  nll 1.0  ppl 2.7\n", m));
  ASSERT_TRUE(core::bench::read_score_total("TOTAL   tokens 12  nll 0.5  ppl 1.6487  bpb 0.7\n", m));
  EXPECT_EQ(m.scored, 12);
  EXPECT_DOUBLE_EQ(m.perplexity, std::exp(0.5));
}

TEST(Llama2cRun, TheFastestAndTheMedianOfTheRounds) {
  EXPECT_DOUBLE_EQ(core::bench::fastest({3, 1, 2}), 3);
  EXPECT_DOUBLE_EQ(core::bench::median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(core::bench::median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(core::bench::median({}), 0);
  EXPECT_DOUBLE_EQ(core::bench::fastest({}), 0);
}

TEST(Llama2cRun, TheScoreSideReadsTheTotalLineScorePrints) {
  Fixture f;
  const std::vector<std::string> score = {"score", "--model", f.model.string(), "--tokenizer", f.tokenizer.string(),
                                          "--text-file", f.text.string()};
  const auto text = run_cli(score);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  std::vector<std::string> as_json = score;
  as_json.insert(as_json.begin(), "--json");
  const auto doc = run_cli(as_json);
  ASSERT_EQ(doc.exit_code, 0) << doc.err;
  const json summary = json::parse(doc.out).at("summary");

  core::bench::ProcessMeasure m;
  ASSERT_TRUE(core::bench::read_score_total(text.out, m)) << text.out;
  EXPECT_EQ(m.scored, summary.at("tokens").get<std::int64_t>());
  EXPECT_GT(m.scored, 20);
  EXPECT_NEAR(m.perplexity, summary.at("perplexity").get<double>(), 1e-3 * summary["perplexity"].get<double>())
      << "the TOTAL line's nll, rounded as printed, is the summary's";
  EXPECT_FALSE(core::bench::read_score_total("scoring...\n", m));
}

TEST(Llama2cRun, AToolThatFailsIsOneErrorNamingItsCommandAndExit) {
  Fixture f;
  const auto r = run_cli(f.bench("/bin/false"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(error_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("/bin/false " + f.model.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("exit 1"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(Llama2cRun, AToolThatPrintsNoSpeedIsNamedWithItsLog) {
  Fixture f;
  const auto r = run_cli(f.bench("/bin/true"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(error_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("achieved tok/s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("llama2c-run.log"), std::string::npos) << r.err;
}

TEST(Llama2cRun, MissingFilesAreNamedBeforeAnythingRuns) {
  Fixture f;
  auto args = f.bench("/bin/false");
  args[6] = (f.dir / "no-tokenizer.bin").string();  // --llama2c-tokenizer's value
  const auto r = run_cli(args);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no-tokenizer.bin"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("/bin/false"), std::string::npos) << "nothing ran: " << r.err;
  const auto without_text = run_cli({"bench", "--llama2c", "/bin/false", "--llama2c-model", f.model.string()});
  EXPECT_NE(without_text.exit_code, 0);
  EXPECT_NE(without_text.err.find("--llama2c-text"), std::string::npos) << without_text.err;
}

// The in-process figure for the same shape, which `score`'s whole process is read against: `bench
// --models` takes a one-file checkpoint as it takes a folder, and times its load from that file.
TEST(BenchCheckpointFile, AOneFileLlama2cCheckpointIsBenchedLikeAFolder) {
  Fixture f;
  const auto r = run_cli({"--json", "bench", "--models", f.model.string(), "--contexts", "16", "--batches", "2",
                          "--repeats", "1", "--no-peer", "--session-positions", "0", "--cache-dir", (f.dir / "cache").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc.at("models").size(), 1u);
  const json& m = doc["models"][0];
  EXPECT_EQ(m.at("path"), f.model.string());
  EXPECT_EQ(m.at("architecture"), "llama");
  EXPECT_EQ(m.at("load").at("file_bytes").get<std::int64_t>(), std::int64_t(std::filesystem::file_size(f.model)));
  ASSERT_EQ(m.at("scoring").size(), 1u);
  EXPECT_EQ(m["scoring"][0].at("tokens").get<std::int64_t>(), 2 * 15) << "two windows of 16, each scoring 15";
  EXPECT_GT(m["scoring"][0].at("tokens_per_second").get<double>(), 0);
  const auto missing = run_cli({"bench", "--models", (f.dir / "absent.bin").string(), "--no-peer"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("absent.bin"), std::string::npos) << missing.err;
}

TEST(Llama2cRun, AgainstTheRealToolOnStories260K) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const char* run = std::getenv("CARTOGRAPH_LLAMA2C_RUN");
  if (!run || !*run)
    GTEST_SKIP() << "CARTOGRAPH_LLAMA2C_RUN is unset: skipping the comparison against a llama2.c build (README, \"Benchmark\")";
  TempDir dir;
  // The first 20,000 bytes of Tiny Shakespeare: several windows of stories260K's 512-token context.
  std::string text = testsupport::read_file(data / "corpus" / "tinyshakespeare" / "input.txt").substr(0, 20000);
  testsupport::write_file(dir / "text.txt", text);
  const auto r = run_cli({"--json", "bench", "--llama2c", run, "--llama2c-model", (data / "stories260K" / "stories260K.bin").string(),
                          "--llama2c-tokenizer", (data / "stories260K" / "tok512.bin").string(), "--llama2c-text",
                          (dir / "text.txt").string(), "--repeats", "1", "--cache-dir", (dir / "cache").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out).at("llama2c");
  EXPECT_EQ(doc.at("context"), 512);
  EXPECT_GT(doc.at("llama2c_run").at("fastest").get<double>(), 0);
  const json& standard = doc.at("score_default_stride");
  const json& once = doc.at("score_each_position_once");
  // Both score every token but the first, once each; only the context each one sees differs.
  const auto scored = standard.at("rounds").at(0).at("scored").get<std::int64_t>();
  EXPECT_EQ(once.at("rounds").at(0).at("scored").get<std::int64_t>(), scored);
  EXPECT_GT(scored, 1024);
  EXPECT_NE(once.at("command").get<std::string>().find("--stride 511"), std::string::npos);
  EXPECT_EQ(standard.at("command").get<std::string>().find("--stride"), std::string::npos) << "the user's default";
  for (const json* side : {&standard, &once})
    EXPECT_NEAR(side->at("fastest_over_fastest").get<double>(),
                side->at("fastest_tokens_per_second").get<double>() / doc["llama2c_run"]["fastest"].get<double>(), 1e-9);
}

}  // namespace llama2c_bench_test
