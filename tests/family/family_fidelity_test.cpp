// Model families against an independent float64 reference: for each family a tiny random-weight
// checkpoint in the family's exact Hugging Face layout is loaded by Cartograph and run forward by
// tests/family/reference_forward.py (plain PyTorch in float64, written from the published HF
// modeling code); every position's log-probabilities over the whole vocabulary must agree to 1e-4.
// The KV-cached paths that sampling and zoom use must equal the full forward.
#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <random>

#include "core/model/checkpoint.h"
#include "tests/support/family_fixtures.h"
#include "tests/support/test_support.h"

using namespace core::model;
using testsupport::TempDir;

namespace {

std::vector<std::int64_t> test_ids(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> id(0, testsupport::kFamilyVocab - 1);
  std::vector<std::int64_t> ids(std::size_t(testsupport::kFamilyTestTokens));
  for (auto& v : ids) v = id(rng);
  return ids;
}

bool python_with_torch() {
  return std::filesystem::exists("/usr/bin/python3") &&
         std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0;
}

// [T, V] log-probabilities from the Python reference.
at::Tensor reference_logprobs(const std::filesystem::path& folder, const std::vector<std::int64_t>& ids,
                              const TempDir& tmp) {
  std::ofstream(tmp / "ids.json") << nlohmann::json(ids).dump();
  const std::string script = std::string(CARTOGRAPH_SOURCE_DIR) + "/tests/family/reference_forward.py";
  const std::string cmd = "/usr/bin/python3 '" + script + "' '" + folder.string() + "' '" + (tmp / "ids.json").string() +
                          "' '" + (tmp / "ref.json").string() + "' 2> '" + (tmp / "ref.err").string() + "'";
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << "the reference failed: " << testsupport::read_file(tmp / "ref.err");
    return {};
  }
  const auto j = nlohmann::json::parse(testsupport::read_file(tmp / "ref.json"));
  std::vector<double> flat;
  for (const auto& row : j["logprobs"])
    for (const auto& v : row) flat.push_back(v.get<double>());
  return at::tensor(flat, at::kDouble).view({std::int64_t(j["logprobs"].size()), -1});
}

class Family : public ::testing::TestWithParam<std::string> {};

TEST_P(Family, LogProbsMatchAnIndependentFloat64ReferenceTo1e4) {
  if (!python_with_torch()) GTEST_SKIP() << "Debian's /usr/bin/python3 with python3-torch is needed for the reference";
  TempDir tmp;
  const auto folder = tmp / "model";
  testsupport::write_family_folder(folder, GetParam(), 11);
  auto cp = load_checkpoint(folder, testsupport::fixture_load_options());
  ASSERT_TRUE(cp) << cp.error().what();
  const auto ids = test_ids(5);
  const at::Tensor ref = reference_logprobs(folder, ids, tmp);
  ASSERT_TRUE(ref.defined());
  const at::Tensor input = at::tensor(ids, at::kLong).unsqueeze(0);
  const at::Tensor ours = at::log_softmax(cp->model->logits(input)[0].to(at::kDouble), -1);
  ASSERT_EQ(ours.sizes(), ref.sizes());
  const double diff = (ours - ref).abs().max().item<double>();
  EXPECT_LT(diff, 1e-4) << GetParam() << ": largest log-prob difference " << diff;
  // The comparison means something only if the model is far from uniform: its log-probs spread.
  EXPECT_GT(ref.std().item<double>(), 0.3) << "the fixture's distribution is too flat to tell models apart";
  std::cout << "[ family ] " << GetParam() << ": max |logp - reference| = " << diff << "\n";
}

TEST_P(Family, CachedDecodingEqualsTheFullForward) {
  TempDir tmp;
  testsupport::write_family_folder(tmp / "model", GetParam(), 12);
  auto cp = load_checkpoint(tmp / "model", testsupport::fixture_load_options());
  ASSERT_TRUE(cp) << cp.error().what();
  const auto& model = *cp->model;
  const at::Tensor ids = at::tensor(test_ids(9), at::kLong).unsqueeze(0);
  const std::int64_t T = ids.size(1);
  const at::Tensor full = model.logits(ids)[0];
  // A prompt of 3 tokens, then one token at a time past every sliding window, as sampling runs.
  auto cache = model.new_cache(1);
  double worst = 0;
  at::Tensor last = model.decode_step(ids.narrow(1, 0, 3), *cache);
  worst = std::max(worst, (last[0] - full[2]).abs().max().item<double>());
  for (std::int64_t t = 3; t < T; ++t) {
    last = model.decode_step(ids.narrow(1, t, 1), *cache);
    worst = std::max(worst, (last[0] - full[t]).abs().max().item<double>());
  }
  EXPECT_LT(worst, 1e-4) << GetParam() << ": cached decoding differs from the full forward by " << worst;
  // Zoom's path: a cached prefix, then the rest through trunk_after, and a rewound cache reused.
  ASSERT_TRUE(model.supports_cached_trunk());
  auto zoom = model.new_cache(1);
  model.trunk_after(ids.narrow(1, 0, 6), *zoom);
  ASSERT_TRUE(zoom->truncate(4));
  const at::Tensor rest = model.head(model.trunk_after(ids.narrow(1, 4, T - 4), *zoom)[0]);
  EXPECT_LT((rest - full.narrow(0, 4, T - 4)).abs().max().item<double>(), 1e-4) << GetParam();
}

// The engine asks a window's trunk only for the positions it scores (trunk_from): the last layer then
// skips the rest. What it returns must be exactly the full forward's rows, in batches whose rows
// differ, whatever the first kept position, sliding windows and parallel residuals included.
TEST_P(Family, ContextOnlyPositionsLeaveTheScoredRowsAsTheFullForwardGivesThem) {
  TempDir tmp;
  testsupport::write_family_folder(tmp / "model", GetParam(), 11);
  auto cp = load_checkpoint(tmp / "model", testsupport::fixture_load_options());
  ASSERT_TRUE(cp) << cp.error().what();
  const auto& model = *cp->model;
  const at::Tensor ids = at::stack({at::tensor(test_ids(5), at::kLong), at::tensor(test_ids(6), at::kLong)});
  const std::int64_t T = ids.size(1);
  const at::Tensor full = model.trunk(ids);
  for (const std::int64_t from : {std::int64_t(0), std::int64_t(1), T / 2, T - 1}) {
    const at::Tensor kept = model.trunk_from(ids, from);
    ASSERT_EQ(kept.sizes(), (std::vector<std::int64_t>{2, T - from, full.size(2)})) << GetParam() << " from " << from;
    const double diff = (kept - full.narrow(1, from, T - from)).abs().max().item<double>();
    EXPECT_LT(diff, 1e-6) << GetParam() << ": from " << from << " differs from the full forward by " << diff;
  }
  EXPECT_THROW(model.trunk_from(ids, T), std::invalid_argument) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Families, Family, ::testing::ValuesIn(testsupport::family_fixture_names()),
                         [](const auto& info) { return info.param; });

// Gemma 2's sliding layers see only the last 4 tokens: with the window opened to the whole context
// the first 4 positions are the same and every later one differs.
TEST(FamilySlidingWindow, PositionsPastTheWindowSeeOnlyTheWindow) {
  TempDir tmp;
  testsupport::write_family_folder(tmp / "narrow", "gemma2", 3);
  testsupport::write_family_folder(tmp / "wide", "gemma2", 3);
  auto config = nlohmann::json::parse(testsupport::read_file(tmp / "wide" / "config.json"));
  ASSERT_EQ(config["sliding_window"], 4);
  config["sliding_window"] = 64;
  std::ofstream(tmp / "wide" / "config.json") << config.dump();
  auto narrow = load_checkpoint(tmp / "narrow", testsupport::fixture_load_options());
  auto wide = load_checkpoint(tmp / "wide", testsupport::fixture_load_options());
  ASSERT_TRUE(narrow && wide);
  const at::Tensor ids = at::tensor(test_ids(4), at::kLong).unsqueeze(0);
  const at::Tensor a = narrow->model->logits(ids)[0], b = wide->model->logits(ids)[0];
  EXPECT_LT((a.narrow(0, 0, 4) - b.narrow(0, 0, 4)).abs().max().item<double>(), 1e-5);
  for (std::int64_t t = 4; t < ids.size(1); ++t)
    EXPECT_GT((a[t] - b[t]).abs().max().item<double>(), 1e-3) << "position " << t;
}

}  // namespace

// transformers' `dynamic` RoPE scaling changes the frequencies only once a sequence grows past
// max_position_embeddings, which is the context Cartograph runs the model with: within it the
// model is plain RoPE, so the logits equal those of the same weights without rope_scaling.
TEST(FamilyRopeScaling, DynamicEqualsPlainRopeWithinTheContext) {
  TempDir tmp;
  testsupport::write_family_folder(tmp / "dynamic", "llama_linear", 6);
  testsupport::write_family_folder(tmp / "plain", "llama_linear", 6);
  auto config = nlohmann::json::parse(testsupport::read_file(tmp / "dynamic" / "config.json"));
  config["rope_scaling"] = {{"type", "dynamic"}, {"factor", 4.0}};
  std::ofstream(tmp / "dynamic" / "config.json") << config.dump();
  config.erase("rope_scaling");
  std::ofstream(tmp / "plain" / "config.json") << config.dump();
  auto dynamic = load_checkpoint(tmp / "dynamic", testsupport::fixture_load_options());
  auto plain = load_checkpoint(tmp / "plain", testsupport::fixture_load_options());
  ASSERT_TRUE(dynamic && plain);
  EXPECT_EQ(dynamic->model->config().max_seq_len, 128);
  const at::Tensor ids = at::tensor(test_ids(8), at::kLong).unsqueeze(0);
  EXPECT_TRUE(at::equal(dynamic->model->logits(ids), plain->model->logits(ids)));
}
