// The distortion engine against cases whose answers can be written down by hand.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/analysis/engine.h"
#include "core/analysis/summary.h"
#include "core/analysis/windows.h"
#include "tests/support/toy_models.h"

using namespace core::analysis;
using testsupport::bigram_checkpoint;
using testsupport::byte_tokenizer;
using testsupport::function_checkpoint;

namespace {

constexpr std::int64_t V = 259;

core::territory::Territory territory_of(std::vector<std::string> texts) {
  core::territory::Territory t;
  t.source = "memory";
  for (std::size_t i = 0; i < texts.size(); ++i)
    t.documents.push_back({"doc" + std::to_string(i), texts[i], {{"group", i % 2 ? "odd" : "even"}}});
  t.content_hash = "h";
  return t;
}

std::shared_ptr<const RunResult> run_ok(RunSpec spec, RunOptions options = {}) {
  auto plan = plan_run(spec);
  EXPECT_TRUE(plan) << plan.error().what();
  auto r = run(spec, *plan, core::Job::silent(), options);
  EXPECT_TRUE(r) << r.error().what();
  return *r;
}

at::Tensor random_table(std::uint64_t seed, double scale) {
  at::manual_seed(seed);
  at::Tensor t = at::randn({V, V}, at::kDouble) * scale;
  t.narrow(1, 0, 3).fill_(-30);  // never predict <unk>, BOS, EOS: the text is bytes
  return t.to(at::kFloat);
}

}  // namespace

TEST(Windows, EveryTokenIsScoredOnceWithTheLongestContextItsWindowGives) {
  for (std::int64_t n : {2, 3, 7, 10, 33}) {
    for (std::int64_t w : {2, 4, 5, 16}) {
      for (std::int64_t s : {std::int64_t(1), std::int64_t(2), std::int64_t(3), w - 1}) {
        if (s >= w) continue;
        const auto windows = plan_windows(0, n, w, s);
        std::vector<int> seen(std::size_t(n), 0);
        std::int64_t prev_end = 1;
        for (const Window& x : windows) {
          EXPECT_EQ(x.start % s, 0);
          EXPECT_LE(x.length(), w);
          EXPECT_EQ(x.score_from, std::max(prev_end, x.start + 1));
          for (std::int64_t j = x.score_from; j < x.end; ++j) ++seen[std::size_t(j)];
          prev_end = x.end;
        }
        EXPECT_EQ(seen[0], 0) << "token 0 has no context";
        for (std::int64_t j = 1; j < n; ++j) EXPECT_EQ(seen[std::size_t(j)], 1) << n << " " << w << " " << s << " " << j;
      }
    }
  }
}

TEST(Engine, IdenticalCheckpointsHaveZeroDivergenceAndZeroDeltas) {
  auto tok = byte_tokenizer();
  const at::Tensor table = random_table(1, 2.0);
  RunSpec spec;
  spec.maps = {{bigram_checkpoint(table, 64, tok, "base"), "base"}, {bigram_checkpoint(table, 64, tok, "copy"), "copy"}};
  spec.territory = territory_of({"the map is not the territory", "a second, longer document about maps and tokens"});
  const auto r = run_ok(spec);
  ASSERT_EQ(r->summaries.size(), 2u);
  const MapSummary& s = r->summaries[1];
  EXPECT_NEAR(s.kl_bt_mean, 0, 1e-6);
  EXPECT_NEAR(s.kl_tb_mean, 0, 1e-6);
  EXPECT_NEAR(s.js_mean, 0, 1e-6);
  EXPECT_NEAR(s.delta_nll, 0, 1e-6);
  EXPECT_NEAR(s.delta_entropy, 0, 1e-6);
  for (const DocumentResult& d : r->documents)
    for (std::size_t i = 0; i < d.scored(); ++i) EXPECT_NEAR(d.maps[1].kl_bt[i], 0, 1e-5);
}

TEST(Engine, UniformMapHasEntropyLogVAndNllLogV) {
  auto tok = byte_tokenizer();
  RunSpec spec;
  spec.maps = {{function_checkpoint([](auto, auto) { return at::zeros({V}); }, V, 32, tok, "uniform"), "uniform"}};
  spec.territory = territory_of({"uniform maps know nothing"});
  const auto r = run_ok(spec);
  const MapSummary& s = r->summaries[0];
  EXPECT_NEAR(s.entropy_mean, std::log(double(V)), 1e-5);
  EXPECT_NEAR(s.nll_mean, std::log(double(V)), 1e-5);
  EXPECT_NEAR(s.perplexity, double(V), 1e-2);
  // Brier = 1 - 2/V + V * (1/V)^2 = 1 - 1/V.
  EXPECT_NEAR(s.brier, 1.0 - 1.0 / V, 1e-6);
  // bits per byte: every byte costs log2(V) bits (one token per byte after BOS).
  EXPECT_NEAR(s.bits_per_byte, std::log2(double(V)), 1e-5);
}

TEST(Engine, CalibrationMatchesAHandComputedEce) {
  // One id ('z') gets twice the probability of every other id: confidence 2/(V+1) everywhere.
  auto tok = byte_tokenizer();
  const std::int64_t z = 'z' + 3;
  auto fn = [z](auto, auto) {
    at::Tensor l = at::zeros({V});
    l[z] = std::log(2.0);
    return l;
  };
  RunSpec spec;
  spec.maps = {{function_checkpoint(fn, V, 64, tok, "peaked"), "peaked"}};
  const std::string text = "zzz abc zz zebra";  // 16 scored tokens, 6 of them 'z'
  spec.territory = territory_of({text});
  const auto r = run_ok(spec);
  const MapSummary& s = r->summaries[0];
  const double conf = 2.0 / (V + 1), acc = 6.0 / 16.0;
  EXPECT_EQ(s.tokens, 16);
  EXPECT_NEAR(s.top1_accuracy, acc, 1e-9);
  EXPECT_NEAR(s.ece, std::abs(acc - conf), 1e-6);
  EXPECT_EQ(s.reliability[0].count, 16);  // 2/260 < 1/15: all in the first bin
  const double h = -(conf * std::log(conf) + (V - 1) * (1.0 / (V + 1)) * std::log(1.0 / (V + 1)));
  EXPECT_NEAR(s.entropy_mean, h, 1e-5);
}

TEST(Engine, EveryMetricMatchesANaiveReferenceUnderWindowingAndBatching) {
  // Logits depend on the previous token AND the position in the window, so any error in which
  // context a token is scored with (windows, strides, padding, batching) changes the numbers.
  auto tok = byte_tokenizer();
  const at::Tensor base_t = random_table(7, 1.5), tuned_t = random_table(8, 1.5);
  const auto make = [](at::Tensor t) {
    return [t](std::int64_t prev, std::int64_t pos) {
      at::Tensor l = t[prev].clone();
      l[3 + (pos * 7) % 250] += 0.25 * double(pos);
      return l;
    };
  };
  RunSpec spec;
  spec.maps = {{function_checkpoint(make(base_t), V, 64, tok, "b"), "b"}, {function_checkpoint(make(tuned_t), V, 64, tok, "t"), "t"}};
  spec.territory = territory_of({"short", "a document that is longer than one window of eleven tokens, by far",
                              "mid-sized text here", "x"});
  spec.settings.context = 11;
  spec.settings.stride = 4;
  spec.settings.batch = 3;
  spec.settings.top_k = 5;
  RunOptions options;
  options.chunk_positions = 7;
  const auto r = run_ok(spec, options);
  ASSERT_EQ(r->documents.size(), 4u);
  for (const DocumentResult& d : r->documents) {
    const auto windows = plan_windows(0, std::int64_t(d.tokens.size()), 11, 4);
    for (const Window& w : windows) {
      for (std::int64_t j = w.score_from; j < w.end; ++j) {
        const std::int64_t pos = j - w.start - 1, prev = d.tokens[std::size_t(j - 1)], y = d.tokens[std::size_t(j)];
        std::vector<std::vector<double>> logp(2, std::vector<double>(V));
        for (int m = 0; m < 2; ++m) {
          at::Tensor l = make(m ? tuned_t : base_t)(prev, pos).to(at::kDouble);
          double mx = l.max().item<double>(), sum = 0;
          for (std::int64_t v = 0; v < V; ++v) sum += std::exp(l[v].item<double>() - mx);
          for (std::int64_t v = 0; v < V; ++v) logp[std::size_t(m)][std::size_t(v)] = l[v].item<double>() - mx - std::log(sum);
        }
        const std::size_t i = std::size_t(j - 1);
        for (int m = 0; m < 2; ++m) {
          const auto& lp = logp[std::size_t(m)];
          double h = 0, p2 = 0, conf = 0;
          int rank = 1;
          for (std::int64_t v = 0; v < V; ++v) {
            const double p = std::exp(lp[std::size_t(v)]);
            h -= p * lp[std::size_t(v)];
            p2 += p * p;
            conf = std::max(conf, p);
            rank += lp[std::size_t(v)] > lp[std::size_t(y)];
          }
          const MapTrack& t = d.maps[std::size_t(m)];
          EXPECT_NEAR(t.logp[i], lp[std::size_t(y)], 1e-4);
          EXPECT_NEAR(t.entropy[i], h, 1e-4);
          EXPECT_NEAR(t.sum_p2[i], p2, 1e-5);
          EXPECT_NEAR(t.confidence[i], conf, 1e-5);
          EXPECT_EQ(t.rank[i], rank);
          EXPECT_NEAR(t.top_p[i * 5], conf, 1e-5);
        }
        double kl_bt = 0, kl_tb = 0, js = 0;
        for (std::int64_t v = 0; v < V; ++v) {
          const double lb = logp[0][std::size_t(v)], lt = logp[1][std::size_t(v)];
          const double pb = std::exp(lb), pt = std::exp(lt), m = 0.5 * (pb + pt);
          kl_bt += pb * (lb - lt);
          kl_tb += pt * (lt - lb);
          js += 0.5 * (pb * (lb - std::log(m)) + pt * (lt - std::log(m)));
        }
        EXPECT_NEAR(d.maps[1].kl_bt[i], kl_bt, 1e-4);
        EXPECT_NEAR(d.maps[1].kl_tb[i], kl_tb, 1e-4);
        EXPECT_NEAR(d.maps[1].js[i], js, 1e-4);
      }
    }
  }
}

TEST(Engine, TemperatureRecoversAKnownScalingOfTheLogits) {
  // Text sampled from a bigram map; a tuned map with logits x2 (overconfident) needs T ~ 2.
  auto tok = byte_tokenizer();
  const at::Tensor table = random_table(3, 1.0);
  std::mt19937 rng(11);
  std::vector<std::string> texts;
  for (int d = 0; d < 6; ++d) {
    std::string s;
    std::int64_t prev = 1;
    for (int i = 0; i < 400; ++i) {
      const at::Tensor p = at::softmax(table[prev].to(at::kDouble), 0);
      std::discrete_distribution<int> pick(p.data_ptr<double>(), p.data_ptr<double>() + V);
      const int id = pick(rng);
      s += char(id - 3);
      prev = id;
    }
    texts.push_back(s);
  }
  RunSpec spec;
  spec.maps = {{bigram_checkpoint(table, 512, tok, "truth"), "truth"}, {bigram_checkpoint(table * 2, 512, tok, "sharp"), "sharp"}};
  spec.territory = territory_of(texts);
  const auto r = run_ok(spec);
  // Independent reference: minimise the mean NLL of softmax(logits / T) by golden-section search.
  std::vector<std::int64_t> prevs, ys;
  for (const DocumentResult& d : r->documents)
    for (std::size_t j = 1; j < d.tokens.size(); ++j) prevs.push_back(d.tokens[j - 1]), ys.push_back(d.tokens[j]);
  const at::Tensor prev_t = at::tensor(prevs, at::kLong), y_t = at::tensor(ys, at::kLong).unsqueeze(1);
  const auto nll = [&](const at::Tensor& tab, double t) {
    const at::Tensor lp = at::log_softmax(tab.to(at::kDouble) / t, 1);
    return -lp.index_select(0, prev_t).gather(1, y_t).mean().item<double>();
  };
  for (int m = 0; m < 2; ++m) {
    const at::Tensor tab = m ? table * 2 : table;
    double lo = 0.2, hi = 6;
    for (int it = 0; it < 60; ++it) {
      const double a = lo + (hi - lo) * 0.382, b = lo + (hi - lo) * 0.618;
      (nll(tab, a) < nll(tab, b) ? hi : lo) = (nll(tab, a) < nll(tab, b) ? b : a);
    }
    const double exact = 0.5 * (lo + hi);
    EXPECT_NEAR(r->summaries[std::size_t(m)].temperature / exact, 1.0, 0.01) << "map " << m << " exact " << exact;
  }
  EXPECT_NEAR(r->summaries[0].temperature, 1.0, 0.1);
  EXPECT_NEAR(r->summaries[1].temperature, 2.0, 0.2);
}

TEST(Engine, AppendedVocabularyIsComparedOnBaseIdsAndItsMassReported) {
  auto base_tok = byte_tokenizer(), tuned_tok = byte_tokenizer(2);
  const at::Tensor table = random_table(5, 1.0);
  // The tuned map is the base plus two added ids with logit a: after renormalisation on base ids it
  // equals the base, and its added mass is 2 e^a / (2 e^a + sum_v e^{l_v}).
  const double a = 1.0;
  at::Tensor wide = at::cat({table, at::full({V, 2}, a)}, 1);
  RunSpec spec;
  spec.maps = {{bigram_checkpoint(table, 64, base_tok, "b"), "b"}, {bigram_checkpoint(wide, 64, tuned_tok, "t"), "t"}};
  spec.territory = territory_of({"added tokens"});
  const auto r = run_ok(spec);
  EXPECT_EQ(r->maps[1].added_vocab, 2);
  const DocumentResult& d = r->documents[0];
  for (std::size_t i = 0; i < d.scored(); ++i) {
    EXPECT_NEAR(d.maps[1].kl_bt[i], 0, 1e-5);
    const double sum = at::exp(table[d.tokens[i]].to(at::kDouble)).sum().item<double>();
    EXPECT_NEAR(d.maps[1].added_mass[i], 2 * std::exp(a) / (2 * std::exp(a) + sum), 1e-5);
  }
}

TEST(Engine, DifferentTokenizationIsRefusedNamingTheFirstDifferingToken) {
  const at::Tensor table = random_table(5, 1.0);
  RunSpec spec;
  spec.maps = {{bigram_checkpoint(table, 64, byte_tokenizer(0, true), "b"), "b"},
               {bigram_checkpoint(table, 64, byte_tokenizer(0, false), "t"), "t"}};
  spec.territory = territory_of({"abc"});
  auto plan = plan_run(spec);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::ErrorCode::Mismatch);
  EXPECT_NE(plan.error().message.find("at token 0: base \"<s>\" (id 1, BOS), tuned \"a\" (id 100)"), std::string::npos)
      << plan.error().message;
}

TEST(Engine, SmallerTunedVocabularyIsRefusedWithBothSizes) {
  const at::Tensor table = random_table(5, 1.0);
  RunSpec spec;
  spec.maps = {{bigram_checkpoint(table, 64, byte_tokenizer(), "b"), "b"},
               {bigram_checkpoint(table.narrow(1, 0, V - 1), 64, byte_tokenizer(), "t"), "t"}};
  spec.territory = territory_of({"abc"});
  auto plan = plan_run(spec);
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("tuned vocab 258 < base 259"), std::string::npos) << plan.error().message;
}

TEST(Engine, ResumedRunGivesTheSameSummariesWithoutRecomputingDoneDocuments) {
  auto tok = byte_tokenizer();
  RunSpec spec;
  spec.maps = {{bigram_checkpoint(random_table(1, 1.0), 64, tok, "b"), "b"}, {bigram_checkpoint(random_table(2, 1.0), 64, tok, "t"), "t"}};
  spec.territory = territory_of({"one document", "two documents", "three documents here", "four"});
  spec.settings.batch = 1;
  const auto full = run_ok(spec);
  auto plan = plan_run(spec);
  ASSERT_TRUE(plan);
  RunOptions resume;
  resume.resumed = {full->documents[0], full->documents[2]};
  int computed = 0;
  resume.sink = [&](const DocumentResult& d) -> core::Result<void> {
    EXPECT_TRUE(d.index == 1 || d.index == 3) << d.index;
    ++computed;
    return {};
  };
  auto again = run(spec, *plan, core::Job::silent(), resume);
  ASSERT_TRUE(again);
  EXPECT_EQ(computed, 2);
  for (std::size_t m = 0; m < 2; ++m) {
    EXPECT_NEAR((*again)->summaries[m].nll_mean, full->summaries[m].nll_mean, 1e-9);
    EXPECT_NEAR((*again)->summaries[m].kl_bt_mean, full->summaries[m].kl_bt_mean, 1e-9);
    EXPECT_NEAR((*again)->summaries[m].temperature, full->summaries[m].temperature, 1e-9);
  }
}

TEST(Engine, CancellingStopsTheRunWithACancelledError) {
  auto tok = byte_tokenizer();
  RunSpec spec;
  spec.maps = {{bigram_checkpoint(random_table(1, 1.0), 16, tok, "b"), "b"}};
  spec.territory = territory_of({std::string(400, 'a')});
  spec.settings.batch = 1;
  auto plan = plan_run(spec);
  ASSERT_TRUE(plan);
  core::Job job([](const core::Progress& p) { return p.done < 20; }, {}, std::chrono::milliseconds(0));
  RunOptions options;
  options.chunk_positions = 4;
  auto r = run(spec, *plan, job, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::Cancelled);
}

TEST(Summary, SliceSummariesCountOnlySelectedPositions) {
  auto tok = byte_tokenizer();
  RunSpec spec;
  spec.maps = {{function_checkpoint([](auto, auto) { return at::zeros({V}); }, V, 32, tok, "u"), "u"}};
  spec.territory = territory_of({"abcdef"});
  const auto r = run_ok(spec);
  SummaryAccumulator acc(1);
  const std::vector<std::uint8_t> mask{1, 0, 1, 0, 0, 1};
  acc.add(r->documents[0], mask);
  const auto s = acc.finish();
  EXPECT_EQ(s[0].tokens, 3);
  EXPECT_EQ(s[0].bytes, 0) << "bits per byte is undefined for a partial selection";
  EXPECT_NEAR(s[0].nll_mean, std::log(double(V)), 1e-5);
}

namespace {
// Wraps a model and counts the token positions its trunk and head process.
class CountingModel : public core::model::LanguageModel {
 public:
  explicit CountingModel(std::shared_ptr<const core::model::LanguageModel> inner) : inner_(std::move(inner)) {}
  const core::model::ModelConfig& config() const override { return inner_->config(); }
  at::Tensor trunk(const at::Tensor& ids) const override {
    trunk_positions += ids.numel();
    return inner_->trunk(ids);
  }
  at::Tensor head(const at::Tensor& f) const override {
    head_rows += f.size(0);
    return inner_->head(f);
  }
  bool has_hidden_states() const override { return inner_->has_hidden_states(); }
  std::unique_ptr<core::model::KvCache> new_cache(std::int64_t b) const override { return inner_->new_cache(b); }
  at::Tensor decode_step(const at::Tensor& i, core::model::KvCache& c) const override { return inner_->decode_step(i, c); }
  std::int64_t parameter_count() const override { return 0; }
  mutable std::int64_t trunk_positions = 0, head_rows = 0;

 private:
  std::shared_ptr<const core::model::LanguageModel> inner_;
};
}  // namespace

TEST(Engine, ThreeTunedMapsCostFourSingleMapPassesBecauseTheBaseRunsOnce) {
  auto tok = byte_tokenizer();
  auto territory_ = territory_of({"the base map runs once per window", "and every tuned map once too, no more"});
  const auto counted = [&](std::uint64_t seed, std::string name) {
    auto c = bigram_checkpoint(random_table(seed, 1.0), 16, tok, name);
    auto model = std::make_shared<CountingModel>(c.model);
    c.model = model;
    return std::make_pair(c, model);
  };
  // A single-map scoring pass, for the unit of cost.
  auto [solo, solo_model] = counted(1, "solo");
  RunSpec one;
  one.maps = {{solo, "solo"}};
  one.territory = territory_;
  run_ok(one);
  RunSpec four;
  std::vector<std::shared_ptr<CountingModel>> models;
  for (int i = 0; i < 4; ++i) {
    auto [c, m] = counted(std::uint64_t(i + 1), "m" + std::to_string(i));
    four.maps.push_back({c, c.info.path});
    models.push_back(m);
  }
  four.territory = territory_;
  run_ok(four);
  for (const auto& m : models) {
    EXPECT_EQ(m->trunk_positions, solo_model->trunk_positions);
    EXPECT_EQ(m->head_rows, solo_model->head_rows);
  }
}
