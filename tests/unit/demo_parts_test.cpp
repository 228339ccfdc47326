// The demo's parts against independent truth: the BPE trainer's first merges by hand, its
// tokenizer.json read back by the real loader and inverting itself; the trainable Llama against
// the real runtime reading the exported folder; training that learns a perfectly predictable
// sequence; the RL reward by hand.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/demo/adamw.h"
#include "core/demo/bpe_trainer.h"
#include "core/demo/trainable_llama.h"
#include "core/demo/training.h"
#include "core/model/checkpoint.h"
#include "core/model/hf_export.h"
#include "core/tokenize/tokenizer.h"
#include "tests/support/test_support.h"

namespace {

using namespace core;

TEST(DemoBpe, FirstMergeIsTheMostFrequentPairAndTheFileReadsBack) {
  // Pre-tokens: "abab", " abab", " ab", " cd": a+b occurs 2 + 2 + 1 = 5 times, more than any pair.
  const std::vector<std::string> texts{"abab abab ab cd"};
  auto bpe = demo::train_byte_bpe(texts, {.vocab_size = 258, .bos_token = "<|bos|>"});
  ASSERT_TRUE(bpe) << bpe.error().message;
  ASSERT_FALSE(bpe->merges.empty());
  EXPECT_EQ(bpe->merges[0], (std::pair<std::string, std::string>{"a", "b"}));
  EXPECT_EQ(std::int32_t(bpe->vocab.size()), 258);  // 256 bytes, one merge, BOS
  EXPECT_EQ(bpe->bos_id, 257);

  testsupport::TempDir dir;
  ASSERT_TRUE(demo::write_tokenizer_json(*bpe, dir / "tokenizer.json"));
  auto tok = tokenize::load_tokenizer(dir / "tokenizer.json");
  ASSERT_TRUE(tok) << tok.error().message;
  EXPECT_EQ((*tok)->vocab_size(), 258);
  EXPECT_EQ((*tok)->bos_id(), std::optional<std::int32_t>(257));
  // "abab" is one pre-token: after the merge a+b it is two "ab" tokens, after BOS.
  const auto ids = (*tok)->encode("abab");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], 257);
  EXPECT_EQ(ids[1], ids[2]);
  EXPECT_EQ((*tok)->decode(std::span(ids).subspan(1)), "abab");
}

TEST(DemoBpe, RoundTripsArbitraryUtf8) {
  const std::vector<std::string> texts{"The quick brown fox jumps over the lazy dog. ", "It's a dog's life, isn't it?"};
  auto bpe = demo::train_byte_bpe(texts, {.vocab_size = 300});
  ASSERT_TRUE(bpe) << bpe.error().message;
  testsupport::TempDir dir;
  ASSERT_TRUE(demo::write_tokenizer_json(*bpe, dir / "tokenizer.json"));
  auto tok = tokenize::load_tokenizer(dir / "tokenizer.json");
  ASSERT_TRUE(tok) << tok.error().message;
  for (const std::string text : {"The dog's fox", "  two  spaces\n\ttab", "naïve café 日本語 🙂"}) {
    const auto ids = (*tok)->encode(text, false);
    EXPECT_EQ((*tok)->decode(ids), text);
  }
  // The demo's prompts separate fortunes with the BOS token's text, which must read as BOS.
  const auto ids = (*tok)->encode("dog<|bos|>fox", false);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), bpe->bos_id), 1);
}

model::ModelConfig tiny_config() {
  model::ModelConfig c;
  c.architecture = model::Architecture::Llama;
  c.hf_architecture = "LlamaForCausalLM";
  c.dim = 32;
  c.hidden_dim = 64;
  c.n_layers = 2;
  c.n_heads = c.n_kv_heads = 4;
  c.vocab_size = 40;
  c.max_seq_len = 32;
  c.norm_eps = 1e-5;
  c.tied_embeddings = true;
  c.rope_pairing = model::RopePairing::Halves;
  return c;
}

TEST(DemoTrainableLlama, AgreesWithTheRealLoaderOnItsExportedFolder) {
  auto model = demo::TrainableLlama::create(tiny_config(), 7);
  ASSERT_TRUE(model) << model.error().message;
  auto runtime = model->runtime_model();
  ASSERT_TRUE(runtime) << runtime.error().message;
  testsupport::TempDir dir;
  ASSERT_TRUE(model::write_hf_llama(**runtime, dir / "m"));
  auto loaded = model::load_checkpoint(dir / "m");
  ASSERT_TRUE(loaded) << loaded.error().message;

  const at::Tensor ids = at::randint(0, 40, {2, 20}, at::kLong);
  at::Tensor trained;
  {
    at::NoGradGuard no_grad;
    trained = model->forward(ids);
  }
  const at::Tensor real = loaded->model->logits(ids);
  ASSERT_EQ(trained.sizes(), real.sizes());
  EXPECT_LT((trained - real).abs().max().item<double>(), 1e-4);
  EXPECT_GT(trained.std().item<double>(), 1e-3);  // not a degenerate all-equal output
}

TEST(DemoTraining, LearnsAPerfectlyPredictableSequence) {
  // A periodic stream: after a couple of tokens of context every next token is determined, so a
  // working trainer drives the loss from about log(40) to near zero.
  auto model = demo::TrainableLlama::create(tiny_config(), 1);
  ASSERT_TRUE(model) << model.error().message;
  std::vector<std::int32_t> stream;
  for (int i = 0; i < 2000; ++i) stream.push_back(std::int32_t((i * 7) % 13));
  demo::LmTrainOptions o;
  o.steps = 150;
  o.batch = 8;
  o.seq_len = 24;
  o.lr = 1e-2;
  o.min_lr = 1e-3;
  o.warmup = 10;
  auto log = demo::train_language_model(*model, stream, o);
  ASSERT_TRUE(log) << log.error().message;
  EXPECT_GT(log->loss.front(), 0.8 * std::log(40.0));
  EXPECT_LT(log->loss.back(), 0.1);
}

TEST(DemoTraining, RewardIsTheMeanTokenReward) {
  const std::vector<float> table{0.f, 0.25f, 0.5f, 1.f};
  const at::Tensor cont = at::tensor(std::vector<std::int64_t>{3, 3, 0, 1, 2, 2}, at::kLong).view({2, 3});
  const at::Tensor r = demo::mean_token_reward(cont, table);
  EXPECT_NEAR(r[0].item<double>(), (1.0 + 1.0 + 0.0) / 3, 1e-7);
  EXPECT_NEAR(r[1].item<double>(), (0.25 + 0.5 + 0.5) / 3, 1e-7);
}

}  // namespace

// AdamW in closed form: after the first step the bias-corrected moments are g and g², so each
// weight moves by lr·g/(|g| + eps) after decaying by (1 − lr·wd); undecayed groups do not decay.
// The second step is written out from the moment recurrences in double precision.
TEST(DemoAdamW, FirstTwoStepsMatchTheClosedForm) {
  const double lr = 0.01, wd = 0.1, b1 = 0.9, b2 = 0.95, eps = 1e-8;
  at::Tensor w = at::tensor({0.5f, -2.0f}).set_requires_grad(true);
  at::Tensor norm = at::tensor({1.5f}).set_requires_grad(true);
  core::demo::AdamW opt({{{w}, wd}, {{norm}, 0.0}}, lr, b1, b2, eps);
  const double g1[2] = {0.3, -4.0}, g2[2] = {-0.1, 1.0};
  double expect[2] = {0.5, -2.0}, m[2] = {0, 0}, v[2] = {0, 0};
  for (int step = 1; step <= 2; ++step) {
    const double* g = step == 1 ? g1 : g2;
    opt.zero_grad();
    ((w * at::tensor({float(g[0]), float(g[1])})).sum() + norm.sum() * 2.0).backward();
    opt.step();
    for (int i = 0; i < 2; ++i) {
      const double gi = double(float(g[i]));
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      const double mh = m[i] / (1 - std::pow(b1, step)), vh = v[i] / (1 - std::pow(b2, step));
      expect[i] = expect[i] * (1 - lr * wd) - lr * mh / (std::sqrt(vh) + eps);
      EXPECT_NEAR(w[i].item<double>(), expect[i], 1e-6) << "weight " << i << " after step " << step;
    }
  }
  // The norm's gradient is 2 at both steps: it moves by exactly lr each time and never decays.
  EXPECT_NEAR(norm.item<double>(), 1.5 - 2 * lr, 1e-6);
}

TEST(DemoAdamW, ClipScalesTheJointNormDownToTheLimitAndLeavesSmallGradientsAlone) {
  at::Tensor a = at::zeros({2}).set_requires_grad(true), b = at::zeros({1}).set_requires_grad(true);
  ((a * at::tensor({3.0f, 0.0f})).sum() + (b * at::tensor({4.0f})).sum()).backward();
  EXPECT_NEAR(core::demo::clip_grad_norm({a, b}, 1.0), 5.0, 1e-6);  // the norm before clipping
  EXPECT_NEAR(a.grad()[0].item<double>(), 3.0 / 5.0, 1e-5);
  EXPECT_NEAR(b.grad()[0].item<double>(), 4.0 / 5.0, 1e-5);
  EXPECT_NEAR(core::demo::clip_grad_norm({a, b}, 10.0), 1.0, 1e-5);
  EXPECT_NEAR(b.grad()[0].item<double>(), 4.0 / 5.0, 1e-5);  // already under the limit: unchanged
}
