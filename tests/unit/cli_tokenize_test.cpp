// `cartograph-cli tokenize` on a tokenizer.bin written by the test: JSON keys, BOS flags, exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

#include "tests/support/test_support.h"
#include "tests/support/tokenizer_fixtures.h"

namespace {

using testsupport::run_cli;

// " "=259, "a"=260, "b"=261, "ab"=262, " ab"=263: " a" is absent, so "ab" merges first, then " "+"ab".
struct Fixture {
  testsupport::TempDir dir;
  std::string bin = (dir / "tokenizer.bin").string();
  Fixture() {
    testsupport::write_file(dir / "tokenizer.bin",
                            testsupport::make_llama2c_bin({{" ", -1}, {"a", -1}, {"b", -1}, {"ab", 2}, {" ab", 1}}));
  }
};

}  // namespace

TEST(CliTokenize, JsonHasIdsAndTokens) {
  Fixture f;
  const auto run = run_cli({"tokenize", "--model", f.bin, "--text", "ab\xC3\xA9", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  // BOS, " ab", then é's two bytes through byte fallback (byte + 3).
  EXPECT_EQ(doc["ids"], nlohmann::json({1, 263, 0xC3 + 3, 0xA9 + 3}));
  EXPECT_EQ(doc["tokens"], nlohmann::json({"<s>", " ab", "<0xC3>", "<0xA9>"}));
  EXPECT_EQ(doc["kind"], "llama2c");
}

TEST(CliTokenize, BosFlagsOverrideTheTokenizer) {
  Fixture f;
  auto doc = nlohmann::json::parse(run_cli({"tokenize", "--model", f.bin, "--text", "ab", "--no-bos", "--json"}).out);
  EXPECT_EQ(doc["ids"], nlohmann::json({263}));
  doc = nlohmann::json::parse(run_cli({"tokenize", "--model", f.dir.path().string(), "--text", "ab", "--bos", "--json"}).out);
  EXPECT_EQ(doc["ids"], nlohmann::json({1, 263}));
}

TEST(CliTokenize, TextFileAndTextOutput) {
  Fixture f;
  testsupport::write_file(f.dir / "in.txt", "ab");
  const auto run = run_cli({"tokenize", "--model", f.bin, "--text-file", (f.dir / "in.txt").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("263  \" ab\""), std::string::npos) << run.out;
}

TEST(CliTokenize, UsageErrorsExitTwo) {
  Fixture f;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"tokenize", "--model", f.bin},                                        // no text
           {"tokenize", "--text", "x"},                                           // no model
           {"tokenize", "--model", f.bin, "--text", "x", "--text-file", "y"},     // both inputs
           {"tokenize", "--model", f.bin, "--text", "x", "--bos", "--no-bos"}}) { // contradictory
    const auto run = run_cli(args);
    EXPECT_EQ(run.exit_code, 2) << args.back() << "\n" << run.err;
    EXPECT_EQ(run.err.rfind("error: ", 0), 0u) << run.err;
    EXPECT_TRUE(run.out.empty());
  }
}

TEST(CliTokenize, BadInputExitsOneWithOneErrorLine) {
  Fixture f;
  const std::string truncated = (f.dir / "tok_truncated.bin").string();
  testsupport::write_file(truncated, std::string("\x07\0\0\0\0\0\0\0\x09\0\0\0<un", 15));
  std::vector<testsupport::Run> runs;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"tokenize", "--model", truncated, "--text", "x"},
           {"tokenize", "--model", (f.dir / "missing").string(), "--text", "x"},
           {"tokenize", "--model", f.bin, "--text-file", (f.dir / "missing.txt").string()},
           {"tokenize", "--model", f.bin, "--text", "bad \xFF utf-8"}}) {
    runs.push_back(run_cli(args));
    const auto& run = runs.back();
    EXPECT_EQ(run.exit_code, 1) << args[2] << "\n" << run.err;
    EXPECT_EQ(run.err.rfind("error: ", 0), 0u) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_TRUE(run.out.empty());
  }
  EXPECT_NE(runs[0].err.find("tok_truncated.bin"), std::string::npos) << runs[0].err;
  EXPECT_NE(runs[0].err.find("truncated"), std::string::npos) << runs[0].err;
  EXPECT_NE(runs[2].err.find("missing.txt"), std::string::npos) << runs[2].err;
  EXPECT_NE(runs[3].err.find("UTF-8"), std::string::npos) << runs[3].err;
}

TEST(CliTokenize, MissingSentencePieceModuleIsAClearError) {
  Fixture f;
  testsupport::write_file(f.dir / "tokenizer.model", std::string("\x0A\x03\x0A\x01x", 5));
  ::setenv("CARTOGRAPH_SPM_MODULE", (f.dir / "no-such-module.so").c_str(), 1);
  const auto run = run_cli({"tokenize", "--model", (f.dir / "tokenizer.model").string(), "--text", "x"});
  ::unsetenv("CARTOGRAPH_SPM_MODULE");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("SentencePiece module"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("no-such-module.so"), std::string::npos) << run.err;
}
