#include "app/cli/bench_llama.h"

#include <cstdio>
#include <iostream>

#include "core/bench/llama_perplexity.h"

namespace cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What one scored position of one map holds in `score`'s result (core/analysis/run_result.h's MapTrack:
// log-prob, entropy, rank, confidence, sum of squares; ten top-k ids and probabilities) and its token.
constexpr std::int64_t kMetricBytesPerPosition = 5 * 4 + 10 * (4 + 4) + 4;

json process_json(const core::bench::ProcessMeasure& m) {
  return {{"command", m.command},
          {"seconds", number(m.seconds)},
          {"peak_rss_bytes", m.peak_rss_bytes},
          {"scored", m.scored},
          {"forwarded", m.forwarded},
          {"scored_per_second", number(m.scored_per_second())},
          {"forwarded_per_second", number(m.forwarded_per_second())},
          {"perplexity", number(m.perplexity)}};
}

}  // namespace

int run_llama_bench(const std::string& llama_perplexity, const std::string& text, const std::string& tokenizer,
                    int threads, const fs::path& cache_dir, const Globals& g, core::Job& job) {
  if (text.empty() || tokenizer.empty())
    return fail("--llama-perplexity needs --llama-text FILE (the text both tools score) and --llama-tokenizer DIR "
                "(GPT-2's vocab.json and merges.txt, or encoder.json and vocab.bpe)");
  core::bench::LlamaComparisonOptions o;
  o.llama_perplexity = llama_perplexity;
  o.text = text;
  o.tokenizer = tokenizer;
  o.cache_dir = cache_dir;
  o.cartograph_cli = fs::read_symlink("/proc/self/exe");
  o.threads = threads > 0 ? threads : 2;
  if (!g.quiet) std::cerr << "llama-perplexity and cartograph-cli score on a random GPT-2-124M (float32), " << o.threads
                          << " threads" << std::endl;
  auto r = core::bench::compare_llama_perplexity(o, job);
  if (!r) return fail(r.error());
  const double speed = r->ours.scored_per_second() / r->llama_every_token.scored_per_second();
  const std::int64_t allowance = r->ours.scored * kMetricBytesPerPosition;
  const std::int64_t memory_limit = r->llama_default.peak_rss_bytes + allowance;
  json doc{{"llama_perplexity",
            {{"gguf", r->gguf},
             {"gguf_bytes", r->gguf_bytes},
             {"threads", o.threads},
             {"text", text},
             {"llama_every_token", process_json(r->llama_every_token)},
             {"llama_default", process_json(r->llama_default)},
             {"cartograph", process_json(r->ours)},
             {"every_token_speedup", number(speed)},
             {"peak_rss_over_llama_default", number(double(r->ours.peak_rss_bytes) / double(r->llama_default.peak_rss_bytes))},
             {"targets",
              json::array({{{"what", "every-token scoring >= 1.5x llama-perplexity --ppl-stride 1023"},
                            {"value", number(speed)},
                            {"met", speed >= 1.5}},
                           {{"what", "peak RSS <= llama-perplexity's default mode + the metrics' buffers (" +
                                         std::to_string(kMetricBytesPerPosition) + " bytes per scored position)"},
                            {"value_bytes", r->ours.peak_rss_bytes},
                            {"limit_bytes", memory_limit},
                            {"met", r->ours.peak_rss_bytes <= memory_limit}}})}}}};
  if (g.json) {
    print_json(doc);
    return kOk;
  }
  const auto row = [](const char* name, const core::bench::ProcessMeasure& m) {
    std::printf("  %-20s %8.1f scored/s %8.1f forwarded/s  %7.1f s  peak RSS %6.0f MB  ppl %.4g\n    %s\n", name,
                m.scored_per_second(), m.forwarded_per_second(), m.seconds, double(m.peak_rss_bytes) / 1e6, m.perplexity,
                m.command.c_str());
  };
  std::printf("random GPT-2-124M float32 (%s, %.0f MB), %d threads, whole processes\n", r->gguf.c_str(),
              double(r->gguf_bytes) / 1e6, o.threads);
  row("llama every token", r->llama_every_token);
  row("llama default", r->llama_default);
  row("cartograph score", r->ours);
  std::printf("every-token scoring: %.2fx llama.cpp (target 1.5x: %s)\n", speed, speed >= 1.5 ? "met" : "NOT met");
  std::printf("peak RSS %.0f MB against llama's default mode %.0f MB + %.1f MB of metrics (%s)\n",
              double(r->ours.peak_rss_bytes) / 1e6, double(r->llama_default.peak_rss_bytes) / 1e6, double(allowance) / 1e6,
              r->ours.peak_rss_bytes <= memory_limit ? "met" : "NOT met");
  return kOk;
}

}  // namespace cli
