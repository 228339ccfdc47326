#include "app/cli/bench_llama2c.h"

#include <ATen/Parallel.h>

#include <cstdio>
#include <iostream>

#include "core/bench/llama2c_run.h"

namespace cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The target for tiny models: batching should win big where one stream leaves the cores idle.
constexpr double kTarget = 10.0;

std::vector<double> speeds(const std::vector<core::bench::ProcessMeasure>& runs) {
  std::vector<double> out;
  for (const auto& m : runs) out.push_back(m.scored_per_second());
  return out;
}

json side_json(const std::vector<core::bench::ProcessMeasure>& runs, double llama2c_fastest, double llama2c_median) {
  const std::vector<double> s = speeds(runs);
  json rounds = json::array();
  for (const auto& m : runs)
    rounds.push_back({{"seconds", number(m.seconds)}, {"scored", m.scored}, {"tokens_per_second", number(m.scored_per_second())},
                      {"peak_rss_bytes", m.peak_rss_bytes}, {"perplexity", number(m.perplexity)}});
  const double fast = core::bench::fastest(s), mid = core::bench::median(s);
  return {{"command", runs.empty() ? "" : runs.front().command},
          {"rounds", rounds},
          {"fastest_tokens_per_second", number(fast)},
          {"median_tokens_per_second", number(mid)},
          {"fastest_over_fastest", number(fast / llama2c_fastest)},
          {"median_over_median", number(mid / llama2c_median)},
          {"target_met", fast / llama2c_fastest >= kTarget}};
}

}  // namespace

int run_llama2c_bench(const Llama2cBenchArgs& a, int threads, const fs::path& cache_dir, const Globals& g, core::Job& job) {
  if (a.model.empty() || a.tokenizer.empty() || a.text.empty())
    return fail("--llama2c needs --llama2c-model FILE (a llama2.c checkpoint, e.g. stories260K.bin), --llama2c-tokenizer "
                "FILE (its tokenizer, e.g. tok512.bin) and --llama2c-text FILE (the text Cartograph scores)");
  core::bench::Llama2cComparisonOptions o;
  o.run = a.run;
  o.model = a.model;
  o.tokenizer = a.tokenizer;
  o.text = a.text;
  o.work_dir = cache_dir / "llama2c";
  o.cartograph_cli = fs::read_symlink("/proc/self/exe");
  o.threads = threads;  // 0: score's own default, as a user types it
  // What that resolves to: this process set its pools from the same --threads before the command ran.
  const int resolved = threads > 0 ? threads : at::get_num_threads();
  o.rounds = a.rounds;
  if (!g.quiet)
    std::cerr << "llama2.c's run and cartograph-cli score on " << o.model.filename().string() << ", " << o.rounds
              << " rounds, " << resolved << " threads for Cartograph" << std::endl;
  auto r = core::bench::compare_llama2c(o, job);
  if (!r) return fail(r.error());
  const double gen_fast = core::bench::fastest(r->llama2c), gen_mid = core::bench::median(r->llama2c);
  const json standard = side_json(r->score_default, gen_fast, gen_mid), once = side_json(r->score_once, gen_fast, gen_mid);
  json doc{{"llama2c",
            {{"model", a.model},
             {"context", r->context},
             {"text", a.text},
             {"threads", resolved},
             {"llama2c_run", {{"command", r->llama2c_command},
                              {"tokens_per_second", r->llama2c},
                              {"fastest", number(gen_fast)},
                              {"median", number(gen_mid)}}},
             {"score_default_stride", standard},
             {"score_each_position_once", once},
             {"target", "scoring >= " + std::to_string(int(kTarget)) + "x llama2.c's single-stream generation (fastest against fastest)"}}}};
  if (g.json) {
    print_json(doc);
    return kOk;
  }
  std::printf("%s (context %lld), %d rounds; Cartograph on %d threads, whole processes; llama2.c its own timer\n",
              a.model.c_str(), static_cast<long long>(r->context), o.rounds, resolved);
  std::printf("  %-30s fastest %9.1f tokens/s  median %9.1f\n    %s\n", "llama2.c run (generation)", gen_fast, gen_mid,
              r->llama2c_command.c_str());
  const auto row = [&](const char* name, const json& side) {
    std::printf("  %-30s fastest %9.1f tokens/s  median %9.1f  %5.2fx (median %5.2fx)  target %gx: %s\n    %s\n", name,
                side["fastest_tokens_per_second"].get<double>(), side["median_tokens_per_second"].get<double>(),
                side["fastest_over_fastest"].get<double>(), side["median_over_median"].get<double>(), kTarget,
                side["target_met"].get<bool>() ? "met" : "NOT met", side["command"].get<std::string>().c_str());
  };
  row("score, default stride", standard);
  row("score, each position once", once);
  std::printf("  the default stride (half the context) computes every position after the first window twice\n");
  return kOk;
}

}  // namespace cli
