// `score`: per-token metrics of one map over a text or corpus (docs/ARCHITECTURE.md, "Command line").
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numbers>

#include "app/cli/commands.h"
#include "app/cli/run_args.h"
#include "core/analysis/engine.h"

namespace cli {
namespace {

struct ScoreArgs {
  std::string model, tokenizer;
  TerritoryArgs territory;
  RunArgs run;
};

nlohmann::json document_json(const core::analysis::DocumentResult& d, const core::analysis::RunResult& r) {
  nlohmann::json tokens = nlohmann::json::array();
  const auto& t = d.maps[0];
  const std::size_t k = std::size_t(t.top_k);
  for (std::size_t i = 0; i < d.scored(); ++i) {
    const std::int32_t id = d.tokens[i + 1];
    nlohmann::json top = nlohmann::json::array();
    for (std::size_t j = 0; j < k; ++j) top.push_back({t.top_ids[i * k + j], t.top_p[i * k + j]});
    tokens.push_back({{"id", id},
                      {"text", r.token_texts.at(std::size_t(id))},
                      {"logp", t.logp[i]},
                      {"entropy", t.entropy[i]},
                      {"rank", t.rank[i]},
                      {"top", top}});
  }
  const auto& s = d.stats[0];
  return {{"name", d.name},
          {"tokens", tokens},
          {"summary",
           {{"tokens", s.tokens}, {"nll_mean", s.nll_mean}, {"perplexity", std::exp(s.nll_mean)}, {"bits_per_byte", s.bits_per_byte}}}};
}

int run_score(const ScoreArgs& a, const Globals& g) {
  core::Job job(stderr_progress(g));
  auto territory = load_territory(a.territory, job);
  if (!territory) return fail(territory.error());
  auto map = load_map(a.model, a.run, a.tokenizer, job);
  if (!map) return fail(map.error());
  core::analysis::RunSpec spec;
  spec.maps.push_back({std::move(*map), {}});
  spec.territory = std::move(*territory);
  spec.settings = settings_from(a.run, g.threads);
  auto plan = core::analysis::plan_run(spec, job);
  if (!plan) return fail(plan.error());
  auto result = core::analysis::run(spec, *plan, job);
  if (!result) return fail(result.error());
  const auto& r = **result;
  const auto& s = r.summaries[0];
  if (g.json) {
    nlohmann::json docs = nlohmann::json::array();
    for (const auto& d : r.documents) docs.push_back(document_json(d, r));
    print_json({{"model", a.model},
                {"window", r.window},
                {"stride", r.stride},
                {"documents", docs},
                {"summary", {{"tokens", s.tokens}, {"nll_mean", s.nll_mean}, {"perplexity", s.perplexity}, {"bits_per_byte", s.bits_per_byte}}},
                {"warnings", r.warnings}});
    return kOk;
  }
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  for (const auto& d : r.documents)
    std::printf("%-40s tokens %8lld  nll %.4f  ppl %9.3f  bpb %.4f\n", d.name.c_str(), (long long)d.stats[0].tokens,
                d.stats[0].nll_mean, std::exp(d.stats[0].nll_mean), d.stats[0].bits_per_byte);
  std::printf("%-40s tokens %8lld  nll %.4f  ppl %9.3f  bpb %.4f\n", "TOTAL", (long long)s.tokens, s.nll_mean,
              s.perplexity, s.bits_per_byte);
  return kOk;
}

}  // namespace

void add_score_command(CLI::App& app, Globals& globals) {
  add_command(app, globals, "score", "Per-token metrics of one map over a text or corpus", [&globals](CLI::App& cmd) {
    auto a = std::make_shared<ScoreArgs>();
    cmd.add_option("--model", a->model, "HF folder, llama2.c .bin or TorchScript file")->required();
    cmd.add_option("--tokenizer", a->tokenizer, "Tokenizer file overriding the model's own");
    add_territory_options(cmd, a->territory, true);
    add_run_options(cmd, a->run);
    return Runner([a, &globals] { return run_score(*a, globals); });
  });
}

}  // namespace cli
