// Sampling: the choice rule against closed-form distributions, and generate() against a full
// forward pass recomputed from scratch at every step (no cache).
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cmath>

#include "core/model/checkpoint.h"
#include "core/model/safetensors_writer.h"
#include "core/model/sampling.h"
#include "tests/support/test_support.h"
#include "tests/unit/model_fixtures.h"

using namespace core::model;
using core::tokenize::TokenId;
using testsupport::TempDir;

namespace {

std::shared_ptr<const LanguageModel> tiny_model(const TempDir& dir, unsigned seed, int context = 32) {
  fixtures::LlamaSpec s;
  s.context = context;
  fixtures::write_json(dir / "config.json", fixtures::llama_config(s));
  EXPECT_TRUE(write_safetensors_folder(dir.path(), fixtures::named(fixtures::random_llama(s, seed))));
  LoadOptions o;
  o.hash_weights = false;
  auto cp = load_checkpoint(dir.path(), o);
  EXPECT_TRUE(cp) << cp.error().what();
  return cp ? cp->model : nullptr;
}

// The argmax of the last position's logits, recomputed over the whole sequence.
TokenId full_forward_argmax(const LanguageModel& m, const std::vector<TokenId>& seq, const LanguageModel* base = nullptr,
                            double a = 0) {
  const at::Tensor ids = at::tensor(std::vector<std::int64_t>(seq.begin(), seq.end()), at::kLong).unsqueeze(0);
  at::Tensor last = m.logits(ids)[0][-1];
  if (base) {  // the definition, in float64: base + a (tuned - base)
    const at::Tensor b = base->logits(ids)[0][-1].to(at::kDouble);
    last = b + a * (last.to(at::kDouble) - b);
  }
  return TokenId(last.argmax().item<std::int64_t>());
}

}  // namespace

TEST(Sampling, GreedyTakesTheFirstMaximum) {
  const float logits[] = {0.5f, 3.0f, -1.0f, 3.0f};
  SampleOptions o;
  o.temperature = 0;
  std::uint64_t state = 1;
  EXPECT_EQ(pick_token(logits, 4, o, state), 1);
  EXPECT_EQ(state, 1u);  // greedy consumes no randomness
}

TEST(Sampling, FrequenciesFollowTheTemperedSoftmax) {
  const std::vector<double> p = {0.5, 0.3, 0.15, 0.05};
  for (double T : {1.0, 2.0}) {
    // logits = T * log p, so softmax(logits / T) = p exactly.
    std::vector<float> logits;
    for (double v : p) logits.push_back(float(T * std::log(v)));
    SampleOptions o;
    o.temperature = T;
    std::uint64_t state = 42;
    std::vector<int> counts(4, 0);
    const int n = 40000;
    for (int i = 0; i < n; ++i) ++counts[std::size_t(pick_token(logits.data(), 4, o, state))];
    for (std::size_t i = 0; i < 4; ++i) {
      const double sd = std::sqrt(p[i] * (1 - p[i]) / n);
      EXPECT_NEAR(counts[i] / double(n), p[i], 5 * sd) << "T=" << T << " token " << i;
    }
  }
}

TEST(Sampling, TopPKeepsTheSmallestNucleusAndRenormalises) {
  const std::vector<double> p = {0.15, 0.5, 0.05, 0.3};
  std::vector<float> logits;
  for (double v : p) logits.push_back(float(std::log(v)));
  SampleOptions o;
  o.top_p = 0.75;  // 0.5 + 0.3 reaches it: only tokens 1 and 3, in ratio 5:3
  std::uint64_t state = 7;
  std::vector<int> counts(4, 0);
  const int n = 40000;
  for (int i = 0; i < n; ++i) ++counts[std::size_t(pick_token(logits.data(), 4, o, state))];
  EXPECT_EQ(counts[0], 0);
  EXPECT_EQ(counts[2], 0);
  const double share = counts[1] / double(n), sd = std::sqrt(0.625 * 0.375 / n);
  EXPECT_NEAR(share, 0.625, 5 * sd);
}

TEST(Sampling, GreedyGenerationEqualsArgmaxOfFullRecomputation) {
  TempDir dir;
  const auto m = tiny_model(dir, 101);
  ASSERT_TRUE(m);
  SampleOptions o;
  o.temperature = 0;
  o.max_new_tokens = 12;
  const std::vector<TokenId> prompt = {1, 7, 30};
  auto r = generate(*m, prompt, o);
  ASSERT_TRUE(r) << r.error().what();
  ASSERT_EQ(r->ids.size(), 12u);
  EXPECT_EQ(r->stop_reason, "max_new_tokens");
  std::vector<TokenId> seq = prompt;
  for (TokenId id : r->ids) {
    EXPECT_EQ(id, full_forward_argmax(*m, seq));
    seq.push_back(id);
  }
}

TEST(Sampling, StopsAtAStopTokenAndAtTheContext) {
  TempDir dir;
  const auto m = tiny_model(dir, 102, 10);
  ASSERT_TRUE(m);
  SampleOptions o;
  o.temperature = 0;
  o.max_new_tokens = 50;
  const std::vector<TokenId> prompt = {1, 2, 3};
  auto all = generate(*m, prompt, o);
  ASSERT_TRUE(all);
  // Context 10: positions 0..9 can be fed, and the token predicted after position 9 is kept.
  EXPECT_EQ(all->ids.size(), 8u);
  EXPECT_EQ(all->stop_reason, "context");
  o.stop_ids = {all->ids[2]};
  auto stopped = generate(*m, prompt, o);
  ASSERT_TRUE(stopped);
  const auto first = std::find(all->ids.begin(), all->ids.end(), all->ids[2]) - all->ids.begin();
  EXPECT_EQ(std::int64_t(stopped->ids.size()), first + 1);  // the stop token is included
  EXPECT_EQ(stopped->stop_reason, "stop_token");
}

TEST(Sampling, SameSeedSameTokensOtherSeedOtherTokens) {
  TempDir dir;
  const auto m = tiny_model(dir, 103);
  ASSERT_TRUE(m);
  SampleOptions o;
  o.temperature = 1.5;
  o.top_p = 0.95;
  o.max_new_tokens = 25;
  const std::vector<TokenId> prompt = {1};
  o.seed = 5;
  const auto a = generate(*m, prompt, o), b = generate(*m, prompt, o);
  o.seed = 6;
  const auto c = generate(*m, prompt, o);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->ids, b->ids);
  EXPECT_NE(a->ids, c->ids);
}

TEST(Sampling, AmplificationFollowsTheDesignFormula) {
  TempDir t, b;
  const auto tuned = tiny_model(t, 104), base = tiny_model(b, 105);
  ASSERT_TRUE(tuned && base);
  SampleOptions o;
  o.temperature = 0;
  o.max_new_tokens = 8;
  o.base = base.get();
  o.amplification = 2.0;
  const std::vector<TokenId> prompt = {1, 4};
  auto r = generate(*tuned, prompt, o);
  ASSERT_TRUE(r) << r.error().what();
  std::vector<TokenId> seq = prompt;
  for (TokenId id : r->ids) {
    EXPECT_EQ(id, full_forward_argmax(*tuned, seq, base.get(), 2.0));
    seq.push_back(id);
  }
}

// The definition, logits = base + a (tuned - base): a = 0 is the base map and a = 1 the tuned
// map, token for token, with the same seed and a temperature that makes every choice random.
TEST(Sampling, AmplificationZeroIsTheBaseMapAndOneTheTunedMap) {
  TempDir t, b;
  const auto tuned = tiny_model(t, 107), base = tiny_model(b, 108);
  ASSERT_TRUE(tuned && base);
  SampleOptions plain;
  plain.temperature = 1.3;
  plain.max_new_tokens = 24;
  plain.seed = 11;
  const std::vector<TokenId> prompt = {1, 9};
  const auto base_sample = generate(*base, prompt, plain), tuned_sample = generate(*tuned, prompt, plain);
  ASSERT_TRUE(base_sample && tuned_sample);
  ASSERT_NE(base_sample->ids, tuned_sample->ids);  // otherwise the test could not tell them apart
  SampleOptions amplified = plain;
  amplified.base = base.get();
  amplified.amplification = 0;
  const auto at0 = generate(*tuned, prompt, amplified);
  amplified.amplification = 1;
  const auto at1 = generate(*tuned, prompt, amplified);
  ASSERT_TRUE(at0 && at1);
  EXPECT_EQ(at0->ids, base_sample->ids);
  EXPECT_EQ(at1->ids, tuned_sample->ids);
}

TEST(Sampling, AmplifiedLogitsAreExactAtTheEndsAndLinearBetween) {
  const float tuned[] = {0.25f, -3.5f, 7.125f, 1e-3f}, base[] = {1.5f, 2.0f, -0.75f, 4.0f};
  for (double a : {0.0, 1.0, 2.5, -1.0}) {
    float out[4];
    std::copy(std::begin(tuned), std::end(tuned), out);
    amplify_logits(out, base, 4, a);
    for (int i = 0; i < 4; ++i) {
      const double expect = double(base[i]) + a * (double(tuned[i]) - double(base[i]));
      if (a == 0.0) EXPECT_EQ(out[i], base[i]);
      else if (a == 1.0) EXPECT_EQ(out[i], tuned[i]);
      else EXPECT_NEAR(out[i], expect, 1e-5 * (1 + std::abs(expect)));
    }
  }
}

TEST(Sampling, AmplificationOutsideItsRangeIsRefused) {
  TempDir t, b;
  const auto tuned = tiny_model(t, 109), base = tiny_model(b, 110);
  ASSERT_TRUE(tuned && base);
  SampleOptions o;
  o.base = base.get();
  for (double a : {-1.5, 4.25}) {
    o.amplification = a;
    auto r = generate(*tuned, std::vector<TokenId>{1}, o);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("outside [-1, 4]"), std::string::npos) << r.error().message;
  }
}

TEST(Sampling, BadRequestsAreErrorsNotCrashes) {
  TempDir dir;
  const auto m = tiny_model(dir, 106, 8);
  ASSERT_TRUE(m);
  SampleOptions o;
  EXPECT_FALSE(generate(*m, std::vector<TokenId>{}, o));
  EXPECT_FALSE(generate(*m, std::vector<TokenId>(9, 1), o));  // longer than the context
  EXPECT_FALSE(generate(*m, std::vector<TokenId>{1, 37}, o));  // outside the vocabulary
  o.top_p = 0;
  EXPECT_FALSE(generate(*m, std::vector<TokenId>{1}, o));
}
