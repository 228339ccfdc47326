#include "core/bench/scoring.h"

#include <algorithm>
#include <cmath>

#include "core/analysis/engine.h"
#include "core/bench/id_tokenizer.h"
#include "core/bench/machine.h"

namespace core::bench {

FlopCount scoring_flops(const model::ModelConfig& c, std::int64_t tokens, std::int64_t scored) {
  const double T = double(tokens), S = double(scored), d = double(c.dim), F = double(c.hidden_dim);
  const double kv = double(c.n_kv_heads > 0 ? c.n_kv_heads : c.n_heads) * double(c.head_dim());
  const double mlp = c.architecture == model::Architecture::Gpt2 ? 2 : 3;
  const double L = double(c.n_layers);
  FlopCount f;
  f.projections = L * 2 * T * (d * (d + 2 * kv) + d * d + mlp * d * F);
  f.attention = L * 2 * d * T * (T + 1);
  f.head = 2 * S * d * double(c.vocab_size);
  return f;
}

Result<ScoringMeasure> measure_scoring(const std::vector<model::Checkpoint>& maps,
                                       const std::vector<std::vector<std::int32_t>>& documents, std::int64_t context,
                                       int batch, int repeats, int top_k, const std::string& device,
                                       std::int64_t sample_positions, Job& job) {
  if (maps.empty() || documents.empty()) return fail(ErrorCode::InvalidInput, "nothing to score");
  analysis::RunSpec spec;
  for (std::size_t m = 0; m < maps.size(); ++m) {
    model::Checkpoint c = maps[m];
    c.tokenizer = std::make_shared<IdTokenizer>(std::int32_t(c.model->config().vocab_size));
    spec.maps.push_back({std::move(c), m == 0 ? "base" : "tuned"});
  }
  const IdTokenizer writer(std::int32_t(maps[0].model->config().vocab_size));
  spec.territory.source = "benchmark";
  for (std::size_t i = 0; i < documents.size(); ++i)
    spec.territory.documents.push_back({"doc" + std::to_string(i), writer.decode(documents[i]), {}});
  spec.settings.context = context;
  spec.settings.batch = batch;
  spec.settings.top_k = top_k;
  spec.settings.device = device;
  auto plan = analysis::plan_run(spec);
  if (!plan) return std::unexpected(plan.error());

  ScoringMeasure m;
  m.context = context;
  m.batch = batch;
  m.windows = std::int64_t(documents.size());
  m.maps = std::int64_t(maps.size());
  m.tokens = plan->scored_positions;
  m.repeats = std::max(1, repeats);
  std::vector<double> times;
  reset_peak_rss();
  for (int r = 0; r < m.repeats; ++r) {
    const double cpu0 = process_cpu_seconds(), t0 = wall_seconds();
    auto result = analysis::run(spec, *plan, job);
    const double seconds = wall_seconds() - t0, cpu = process_cpu_seconds() - cpu0;
    if (!result) return std::unexpected(result.error());
    times.push_back(seconds);
    if (seconds <= *std::min_element(times.begin(), times.end())) m.cpu_seconds = cpu;
    if (r == 0) {
      const auto& run = **result;
      m.nll_mean = run.summaries[0].nll_mean;
      const auto& doc = run.documents.front();
      const std::size_t n = std::min<std::size_t>(doc.scored(), std::size_t(std::max<std::int64_t>(sample_positions, 0)));
      const auto& t = doc.maps[0];
      m.sample.logp.assign(t.logp.begin(), t.logp.begin() + std::ptrdiff_t(n));
      m.sample.entropy.assign(t.entropy.begin(), t.entropy.begin() + std::ptrdiff_t(n));
      m.sample.rank.assign(t.rank.begin(), t.rank.begin() + std::ptrdiff_t(n));
      for (std::size_t i = 0; i < n && t.top_k > 0; ++i) m.sample.top1.push_back(t.top_ids[i * std::size_t(t.top_k)]);
      if (doc.maps.size() > 1) m.sample.kl.assign(doc.maps[1].kl_bt.begin(), doc.maps[1].kl_bt.begin() + std::ptrdiff_t(n));
    }
  }
  m.peak_rss_bytes = peak_rss_bytes();
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  m.seconds = sorted.front();
  m.median_seconds = sorted[sorted.size() / 2];
  m.tokens_per_second = double(m.tokens) / m.seconds;
  double flops = 0;
  for (const auto& map : maps)
    for (const auto& d : documents) {
      const std::int64_t n = std::min<std::int64_t>(std::int64_t(d.size()), context);
      flops += scoring_flops(map.model->config(), n, n - 1).total();
    }
  m.flops = flops;
  m.gflops = flops / m.seconds / 1e9;
  return m;
}

}  // namespace core::bench
