#include "app/cli/bench_token_zoom.h"

#include <cstdio>

#include "core/bench/token_zoom.h"

namespace cli {

int run_token_zoom_bench(const std::vector<std::string>& models, std::int64_t context,
                         const std::filesystem::path& cache_dir, const Globals& g, core::Job& job) {
  namespace bench = core::bench;
  const std::string name = models.empty() ? std::string("gpt2-124m") : models.front();
  const auto shape = bench::find_shape(name);
  if (!shape) return fail("--token-zoom needs a model shape (gpt2-124m, llama-125m, gpt2-tiny, llama-tiny), not \"" + name + "\"");
  const std::int64_t prompt_tokens = std::min<std::int64_t>(32, context / 4);
  auto m = bench::measure_token_zoom(*shape, cache_dir, context, prompt_tokens, 20, job);
  if (!m) return fail(m.error());
  if (g.json) {
    print_json({{"token_zoom",
                 {{"model", name},
                  {"parameters", m->parameters},
                  {"context", m->context},
                  {"prompt_tokens", m->prompt_tokens},
                  {"clicks", m->clicks},
                  {"prompt_seconds", m->prompt_seconds},
                  {"prepare_seconds", m->prepare_seconds},
                  {"click_seconds", m->click_seconds},
                  {"click_max_seconds", m->click_max_seconds},
                  {"target_seconds", m->target_seconds},
                  {"click_ratio_to_target", m->click_ratio()},
                  {"meets_target", m->click_seconds < m->target_seconds}}}});
    return kOk;
  }
  std::printf("zoom at a token, %s (%lld parameters), window %lld, prompt %lld tokens\n", name.c_str(),
              (long long)m->parameters, (long long)m->context, (long long)m->prompt_tokens);
  std::printf("  prompt (once per prompt, cached)   %8.1f ms\n", 1e3 * m->prompt_seconds);
  std::printf("  document (once per document)       %8.1f ms\n", 1e3 * m->prepare_seconds);
  std::printf("  click, median of %d                %8.1f ms (slowest %.1f ms)\n", m->clicks, 1e3 * m->click_seconds,
              1e3 * m->click_max_seconds);
  std::printf("  click / 200 ms target              %8.2f  %s\n", m->click_ratio(), m->click_ratio() < 1 ? "ok" : "MISSED");
  return kOk;
}

}  // namespace cli
