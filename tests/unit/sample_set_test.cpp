// The studio's sampling columns (core/analysis/sample_set.h) on small random Llama maps with a byte
// tokenizer: each column is what its map samples alone; the amplified column at a = 0 is the base
// map's sample and at a = 1 the tuned map's, token for token; cross-scores equal an independent
// float64 recomputation; bad input is one error naming the map or the prompt.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "core/analysis/sampler.h"
#include "core/model/sampling.h"
#include "tests/support/test_support.h"
#include "tests/support/toy_models.h"
#include "tests/unit/model_fixtures.h"

using namespace core::analysis;
using core::model::Checkpoint;
using core::tokenize::TokenId;
using testsupport::TempDir;

namespace {

Checkpoint byte_llama(const TempDir& dir, unsigned seed, int context = 64, int extra_ids = 0) {
  fixtures::LlamaSpec s;
  s.vocab = 259 + extra_ids;
  s.context = context;
  fixtures::write_json(dir / "config.json", fixtures::llama_config(s));
  EXPECT_TRUE(core::model::write_safetensors_folder(dir.path(), fixtures::named(fixtures::random_llama(s, seed))));
  auto cp = core::model::load_checkpoint(dir.path(), fixtures::no_hash());
  EXPECT_TRUE(cp) << cp.error().what();
  Checkpoint out = cp ? *cp : Checkpoint{};
  out.tokenizer = testsupport::byte_tokenizer(extra_ids);
  return out;
}

struct Maps {
  TempDir b, t1, t2;
  Checkpoint base = byte_llama(b, 11), tuned1 = byte_llama(t1, 12), tuned2 = byte_llama(t2, 13);
  NamedCheckpoint nbase{"base", &base};
  std::vector<NamedCheckpoint> tuned{{"sft", &tuned1}, {"rl", &tuned2}};
};

SampleSettings settings(double a) {
  SampleSettings s;
  s.prompt = "Once upon";
  s.zoom_prompt = "[fable] ";
  s.temperature = 1.4;  // flat enough that every step is a real random choice
  s.top_p = 0.95;
  s.seed = 29;
  s.max_new_tokens = 24;
  s.amplified_tuned = 0;
  s.amplification = a;
  return s;
}

std::vector<std::int32_t> alone(const Checkpoint& m, const std::vector<std::int32_t>& prefix, const SampleSettings& s) {
  core::model::SampleOptions o;
  o.temperature = s.temperature;
  o.top_p = s.top_p;
  o.seed = s.seed;
  o.max_new_tokens = s.max_new_tokens;
  o.stop_ids = {2, 1};  // EOS and BOS
  auto r = core::model::generate(*m.model, std::vector<TokenId>(prefix.begin(), prefix.end()), o);
  EXPECT_TRUE(r) << r.error().what();
  return r ? std::vector<std::int32_t>(r->ids.begin(), r->ids.end()) : std::vector<std::int32_t>{};
}

// log p of each of `ids` after `prefix`, from the full logits in float64.
std::vector<double> logp64(const at::Tensor& logits_of_sequence, std::size_t prefix, const std::vector<std::int32_t>& ids) {
  const at::Tensor lp = at::log_softmax(logits_of_sequence.to(at::kDouble), 1);
  std::vector<double> out;
  for (std::size_t i = 0; i < ids.size(); ++i) out.push_back(lp[std::int64_t(prefix + i - 1)][ids[i]].item<double>());
  return out;
}

at::Tensor full_logits(const Checkpoint& m, const std::vector<std::int32_t>& prefix, const std::vector<std::int32_t>& ids) {
  std::vector<std::int64_t> all(prefix.begin(), prefix.end());
  all.insert(all.end(), ids.begin(), ids.end());
  return m.model->logits(at::tensor(all, at::kLong).unsqueeze(0))[0];
}

}  // namespace

TEST(SampleSet, AmplifiedColumnAtZeroIsTheBaseSampleAndAtOneTheTunedSample) {
  Maps m;
  for (double a : {0.0, 1.0}) {
    auto set = sample_side_by_side(m.nbase, m.tuned, settings(a));
    ASSERT_TRUE(set) << set.error().what();
    ASSERT_EQ(set->columns.size(), 5u);  // base, base + prompt, sft, rl, amplified
    const auto& cols = set->columns;
    EXPECT_EQ(cols[0].kind, ColumnKind::Base);
    EXPECT_EQ(cols[1].kind, ColumnKind::Zoomed);
    EXPECT_EQ(cols[4].kind, ColumnKind::Amplified);
    EXPECT_NE(cols[0].ids, cols[2].ids) << "base and tuned samples must differ for the test to mean anything";
    EXPECT_EQ(cols[4].ids, a == 0.0 ? cols[0].ids : cols[2].ids) << "a = " << a;
    // Each column is what its map samples on its own with the same seed.
    EXPECT_EQ(cols[0].ids, alone(m.base, set->prompt_ids, settings(a)));
    EXPECT_EQ(cols[1].ids, alone(m.base, set->zoom_ids, settings(a)));
    EXPECT_EQ(cols[2].ids, alone(m.tuned1, set->prompt_ids, settings(a)));
    EXPECT_EQ(cols[3].ids, alone(m.tuned2, set->prompt_ids, settings(a)));
  }
}

TEST(SampleSet, AmplifiedColumnIsWhatGenerateSamplesFromTheAmplifiedMap) {
  Maps m;
  auto s = settings(2.5);
  auto set = sample_side_by_side(m.nbase, m.tuned, s);
  ASSERT_TRUE(set) << set.error().what();
  core::model::SampleOptions o;
  o.temperature = s.temperature;
  o.top_p = s.top_p;
  o.seed = s.seed;
  o.max_new_tokens = s.max_new_tokens;
  o.stop_ids = {2, 1};
  o.base = m.base.model.get();
  o.amplification = 2.5;
  auto r = core::model::generate(*m.tuned1.model, std::vector<TokenId>(set->prompt_ids.begin(), set->prompt_ids.end()), o);
  ASSERT_TRUE(r);
  EXPECT_EQ(set->columns[4].ids, std::vector<std::int32_t>(r->ids.begin(), r->ids.end()));
  EXPECT_EQ(set->columns[4].label, "×2.5 sft");
}

TEST(SampleSet, ZoomedPrefixIsBosThenThePromptThenTheTextWithoutItsBos) {
  Maps m;
  auto set = sample_side_by_side(m.nbase, m.tuned, settings(2));
  ASSERT_TRUE(set);
  std::vector<std::int32_t> expect = {1};  // BOS, then bytes + 3
  for (char ch : std::string("[fable] Once upon")) expect.push_back(std::int32_t(static_cast<unsigned char>(ch)) + 3);
  EXPECT_EQ(set->zoom_ids, expect);
  EXPECT_EQ(set->prompt_ids.size(), 1 + std::string("Once upon").size());
}

TEST(SampleSet, CrossScoresEqualAnIndependentFloat64Computation) {
  Maps m;
  const double a = 2.0;
  auto set = sample_side_by_side(m.nbase, m.tuned, settings(a));
  ASSERT_TRUE(set) << set.error().what();
  const auto& cols = set->columns;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    ASSERT_EQ(cols[c].logp.size(), cols.size());
    const auto& ids = cols[c].ids;
    const at::Tensor b = full_logits(m.base, set->prompt_ids, ids), z = full_logits(m.base, set->zoom_ids, ids),
                     t1 = full_logits(m.tuned1, set->prompt_ids, ids), t2 = full_logits(m.tuned2, set->prompt_ids, ids);
    const at::Tensor amp = b.to(at::kDouble) + a * (t1.to(at::kDouble) - b.to(at::kDouble));
    const std::vector<std::vector<double>> truth = {
        logp64(b, set->prompt_ids.size(), ids), logp64(z, set->zoom_ids.size(), ids),
        logp64(t1, set->prompt_ids.size(), ids), logp64(t2, set->prompt_ids.size(), ids),
        logp64(amp, set->prompt_ids.size(), ids)};
    for (std::size_t s = 0; s < cols.size(); ++s) {
      ASSERT_EQ(cols[c].logp[s].size(), ids.size());
      for (std::size_t i = 0; i < ids.size(); ++i)
        EXPECT_NEAR(cols[c].logp[s][i], truth[s][i], 1e-4) << "column " << c << " scored by " << s << " token " << i;
    }
  }
}

TEST(SampleSet, BadInputIsOneErrorNamingTheMapOrThePrompt) {
  Maps m;
  auto s = settings(4.5);
  auto r = sample_side_by_side(m.nbase, m.tuned, s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("outside [-1, 4]"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("sft"), std::string::npos) << r.error().message;

  TempDir wide;
  Checkpoint other = byte_llama(wide, 14, 64, 5);  // five more tokens than the base
  r = sample_side_by_side(m.nbase, {{"wide", &other}}, settings(1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::Mismatch);
  EXPECT_NE(r.error().message.find("map 'wide'"), std::string::npos) << r.error().message;

  s = settings(1);
  s.prompt = std::string(70, 'x');  // 71 tokens with BOS, in a context of 64
  r = sample_side_by_side(m.nbase, m.tuned, s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("the prompt \"xxxx"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("leaves no room"), std::string::npos) << r.error().message;

  s = settings(1);
  s.zoom_prompt = std::string(60, 'z');
  r = sample_side_by_side(m.nbase, m.tuned, s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("the zoom prompt \"zzz"), std::string::npos) << r.error().message;
}

// Every column stops where the longest prefix (the zoomed one) leaves room, so each sample can be
// cross-scored under every map within the context.
TEST(SampleSet, NearTheContextEveryColumnStopsWhereTheLongestPrefixLeavesRoom) {
  Maps m;
  auto s = settings(2);
  s.max_new_tokens = 500;
  s.temperature = 0;
  s.prompt = std::string(40, 'a');       // 41 tokens of 64
  s.zoom_prompt = std::string(10, 'b');  // with the prompt 51 tokens: 13 left
  auto set = sample_side_by_side(m.nbase, m.tuned, s);
  ASSERT_TRUE(set) << set.error().what();
  for (const auto& c : set->columns) {
    if (c.stop_reason == "stop_token") continue;
    EXPECT_EQ(c.stop_reason, "context") << c.label;
    EXPECT_EQ(c.ids.size(), 13u) << c.label;
    for (const auto& row : c.logp) EXPECT_EQ(row.size(), c.ids.size()) << c.label;
  }
}

TEST(SampleSet, CancellingStopsWithCancelled) {
  Maps m;
  core::Job job([](const core::Progress& p) { return p.done < 3; }, {}, std::chrono::milliseconds(0));
  auto r = sample_side_by_side(m.nbase, m.tuned, settings(2), job);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::Cancelled);
}
