// Every family's tiny checkpoint through `cartograph-cli score` and `sample`, as a user runs them:
// score's per-token log-probs equal the model's own forward pass (which the fidelity test ties to
// the float64 reference), and greedy sampling (the KV-cached path) picks each next token's argmax.
#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/model/checkpoint.h"
#include "tests/support/family_fixtures.h"
#include "tests/support/test_support.h"

using namespace core::model;
using nlohmann::json;
using testsupport::run_cli;
using testsupport::TempDir;

namespace {

class FamilyCli : public ::testing::TestWithParam<std::string> {};

json run_json(const std::vector<std::string>& args) {
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json();
}

TEST_P(FamilyCli, ScoresAndSamplesTheTinyCheckpoint) {
  TempDir tmp;
  const auto folder = (tmp / "model").string();
  testsupport::write_family_folder(folder, GetParam(), 21);
  const std::string text = "the cat ran in the rain, then the other one ran on";
  const json tok = run_json({"--json", "-q", "tokenize", "--model", folder, "--text", text});
  const json score = run_json({"--json", "-q", "score", "--model", folder, "--text", text});
  ASSERT_FALSE(tok.is_null() || score.is_null());
  const auto ids = tok["ids"].get<std::vector<std::int64_t>>();
  const auto& tokens = score["documents"][0]["tokens"];
  ASSERT_GE(ids.size(), 10u);
  ASSERT_EQ(tokens.size(), ids.size() - 1);

  LoadOptions o;
  o.hash_weights = false;
  auto cp = load_checkpoint(folder, o);
  ASSERT_TRUE(cp) << cp.error().what();
  const at::Tensor lsm =
      at::log_softmax(cp->model->logits(at::tensor(ids, at::kLong).unsqueeze(0))[0].to(at::kDouble), -1);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    ASSERT_EQ(tokens[i]["id"].get<std::int64_t>(), ids[i + 1]);
    EXPECT_NEAR(tokens[i]["logp"].get<double>(), lsm[std::int64_t(i)][ids[i + 1]].item<double>(), 1e-4) << i;
  }

  const json sample = run_json({"--json", "-q", "sample", "--model", folder, "--prompt", "the cat", "--temperature",
                                "0", "--max-new-tokens", "8"});
  ASSERT_FALSE(sample.is_null());
  auto all = sample["prompt_ids"].get<std::vector<std::int64_t>>();
  const auto generated = sample["ids"].get<std::vector<std::int64_t>>();
  ASSERT_FALSE(generated.empty());
  const std::size_t prompt = all.size();
  all.insert(all.end(), generated.begin(), generated.end());
  const at::Tensor logits = cp->model->logits(at::tensor(all, at::kLong).unsqueeze(0))[0];
  for (std::size_t i = 0; i < generated.size(); ++i)
    EXPECT_EQ(logits[std::int64_t(prompt + i - 1)].argmax().item<std::int64_t>(), generated[i]) << "token " << i;
}

INSTANTIATE_TEST_SUITE_P(Families, FamilyCli, ::testing::ValuesIn(testsupport::family_fixture_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
