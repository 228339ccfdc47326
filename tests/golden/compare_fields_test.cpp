// `compare --json` reports every field of the summary table (core/analysis/fields.h) that applies
// to a map, under the table's key: a field added to the table reaches the CLI without touching it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/analysis/fields.h"
#include "tests/support/test_support.h"

TEST(CompareFields, CompareJsonHasAKeyForEveryFieldThatApplies) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto model = data / "stories260K" / "stories260K.bin";
  testsupport::write_file(dir / "t.jsonl", R"({"text": "Once upon a time there was a cat. The cat sat on a mat."})"
                                           "\n");
  const auto run = testsupport::run_cli({"compare", "--base", model.string(), "--tuned", model.string(), "--corpus",
                                         (dir / "t.jsonl").string(), "--prompt", "Once", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  const auto& maps = out["checkpoints"];
  ASSERT_EQ(maps.size(), 3u) << "base, tuned, zoomed base";
  using core::analysis::Applies;
  for (const auto& m : maps) {
    const std::string role = m["role"];
    const bool tuned = role == "tuned";
    for (const core::analysis::SummaryField& f : core::analysis::summary_fields()) {
      const std::string key(f.key);
      // Every and Tuned fields for every map (the base against itself); zoom fields for the tuned
      // map of a run with a prompt; added-vocabulary fields never here (same vocabulary).
      const bool expected = f.applies == Applies::Every || f.applies == Applies::Tuned ||
                            (f.applies == Applies::Zoom && tuned);
      EXPECT_EQ(m.contains(key), expected) << role << " " << key;
      if (expected && core::analysis::is_integral(f)) {
        EXPECT_TRUE(m[key].is_number_integer()) << key;
      }
    }
  }
}

// --name-field names each JSONL document in what `score` reports; a field no line has is refused.
TEST(ScoreNames, NameFieldNamesTheDocumentsAndAFieldNoLineHasIsRefused) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const auto model = data / "stories260K" / "stories260K.bin";
  testsupport::write_file(dir / "t.jsonl", R"({"text": "Once upon a time there was a cat.", "headline": "The cat"})"
                                           "\n"
                                           R"({"text": "The dog ran to the park and played with a ball all day."})"
                                           "\n");
  const std::string corpus = (dir / "t.jsonl").string();
  const auto run = testsupport::run_cli(
      {"--json", "score", "--model", model.string(), "--corpus", corpus, "--name-field", "headline"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto docs = nlohmann::json::parse(run.out)["documents"];
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0]["name"], "The cat");
  EXPECT_EQ(docs[1]["name"], "The dog ran to the park and played…") << "no headline: its first words";
  const auto refused = testsupport::run_cli(
      {"--json", "score", "--model", model.string(), "--corpus", corpus, "--name-field", "author"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("\"author\""), std::string::npos) << refused.err;
}

// A value in brackets with a comma is one value: CLI11 reads "[a, b]" given to a repeatable option as
// a list unless told not to, which cut Llama 2's "[INST] … [/INST]" prompts and names like "[sft, v2]".
TEST(CliText, BracketedPromptsAndNamesArriveWhole) {
  CARTOGRAPH_REQUIRE_TEST_DATA(data);
  testsupport::TempDir dir;
  const std::string model = (data / "stories260K" / "stories260K.bin").string();
  testsupport::write_file(dir / "t.txt", "Once upon a time there was a cat. The cat sat on a mat.\n");
  const std::string corpus = (dir / "t.txt").string();
  const std::string prompt = "[INST] Tell me, briefly, a story [/INST]";
  const auto zoom = testsupport::run_cli({"--json", "zoom", "--base", model, "--tuned", model, "--name", "[base, v1]",
                                          "--name", "[tuned]", "--corpus", corpus, "--prompt", prompt});
  ASSERT_EQ(zoom.exit_code, 0) << zoom.err;
  const auto rows = nlohmann::json::parse(zoom.out)["rows"];
  ASSERT_EQ(rows.size(), 1u) << "one prompt, one tuned map";
  EXPECT_EQ(rows[0]["prompt"], prompt);
  const auto compare = testsupport::run_cli({"--json", "compare", "--base", model, "--tuned", model, "--name",
                                             "[base, v1]", "--name", "[sft, v2]", "--corpus", corpus});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  const auto maps = nlohmann::json::parse(compare.out)["checkpoints"];
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0]["name"], "[base, v1]");
  EXPECT_EQ(maps[1]["name"], "[sft, v2]");
}
