// `cartograph-cli tokenize` on the real data: a checkpoint's tokenizer found beside it, each format,
// and the published Llama ids.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using testsupport::run_cli;

TEST(CliTokenizeGolden, EveryFormatGivesThePublishedOrReferenceIds) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const std::string text = "I believe the meaning of life is";
  const nlohmann::json llama = {1, 306, 4658, 278, 6593, 310, 2834, 338};
  for (const char* model : {"llama2_tokenizer/tokenizer.model", "llama2_tokenizer/tokenizer.bin"}) {
    const auto run = run_cli({"tokenize", "--model", (data / model).string(), "--text", text, "--json"});
    ASSERT_EQ(run.exit_code, 0) << model << ": " << run.err;
    const auto doc = nlohmann::json::parse(run.out);
    EXPECT_EQ(doc["ids"], llama) << model;
    EXPECT_EQ(doc["tokens"][1], " I") << model;
  }
  const auto gpt2 = run_cli({"tokenize", "--model", (data / "gpt2_tokenizer").string(), "--text", "This is some text", "--json"});
  ASSERT_EQ(gpt2.exit_code, 0) << gpt2.err;
  EXPECT_EQ(nlohmann::json::parse(gpt2.out)["ids"], nlohmann::json({1212, 318, 617, 2420}));
}

TEST(CliTokenizeGolden, CheckpointFindsItsTokenizerAndTokenizerOverrides) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  const auto stories = (data / "stories260K" / "stories260K.bin").string();
  auto run = run_cli({"tokenize", "--model", stories, "--text", "Once upon a time", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["vocab_size"], 512);
  EXPECT_NE(doc["tokenizer"].get<std::string>().find("tok512.bin"), std::string::npos);
  EXPECT_EQ(doc["ids"][0], 1);
  // --tokenizer wins over the one beside the model.
  run = run_cli({"tokenize", "--model", stories, "--tokenizer", (data / "aidreams260K" / "tok512.bin").string(), "--text",
                 "Once upon a time", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  doc = nlohmann::json::parse(run.out);
  EXPECT_NE(doc["tokenizer"].get<std::string>().find("aidreams260K"), std::string::npos);
}
