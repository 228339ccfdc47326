#include "app/cli/bench_dtype.h"

#include <cstdio>
#include <iostream>

#include "core/bench/id_tokenizer.h"
#include "core/bench/machine.h"
#include "core/bench/scoring.h"
#include "core/bench/synthetic_model.h"
#include "core/model/checkpoint.h"

namespace cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::int64_t folder_bytes(const fs::path& folder) {
  std::int64_t n = 0;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().extension() == ".safetensors") n += std::int64_t(e.file_size());
  return n;
}

struct PathMeasure {
  std::string dtype;
  core::bench::ScoringMeasure scoring;
  std::int64_t rss_before_load = 0, rss_after_load = 0;
};

core::Result<PathMeasure> measure_path(const fs::path& folder, core::model::WeightDType dtype,
                                       const std::vector<std::vector<std::int32_t>>& docs, std::int64_t tokens,
                                       int repeats, core::Job& job) {
  namespace bench = core::bench;
  PathMeasure p;
  p.rss_before_load = bench::current_rss_bytes();
  core::model::LoadOptions options;  // what a user's command does, but for the hash
  options.hash_weights = false;
  options.dtype = dtype;
  auto cp = core::model::load_checkpoint(folder, options, job);
  if (!cp) return std::unexpected(cp.error());
  p.dtype = cp->info.weights_dtype;
  p.rss_after_load = bench::current_rss_bytes();
  auto m = bench::measure_scoring({*cp}, docs, tokens, 1, repeats, 10, "cpu", 0, job);
  if (!m) return std::unexpected(m.error());
  p.scoring = *m;
  return p;
}

json path_json(const PathMeasure& p, std::int64_t file_bytes) {
  const auto& m = p.scoring;
  return {{"weights_dtype", p.dtype},
          {"tokens", m.tokens},
          {"seconds", number(m.seconds)},
          {"median_seconds", number(m.median_seconds)},
          {"tokens_per_second", number(m.tokens_per_second)},
          {"gflops", number(m.gflops)},
          {"rss_before_load_bytes", p.rss_before_load},
          {"rss_after_load_bytes", p.rss_after_load},
          {"peak_rss_bytes", m.peak_rss_bytes},
          {"peak_rss_over_file", number(double(m.peak_rss_bytes - p.rss_before_load) / double(file_bytes))},
          {"nll_mean", number(m.nll_mean)}};
}

}  // namespace

int run_dtype_bench(const std::string& model, std::int64_t tokens, int repeats, const fs::path& cache_dir,
                    const Globals& g, core::Job& job) {
  namespace bench = core::bench;
  const auto shape = bench::find_shape(model);
  if (!shape || !shape->bfloat16)
    return fail("--dtype-bench needs a bfloat16 model shape (llama-1b-bf16, llama-tiny-bf16), not \"" + model + "\"");
  auto folder = bench::random_hf_model(*shape, cache_dir, 1, job);
  if (!folder) return fail(folder.error());
  const std::int64_t file_bytes = folder_bytes(*folder);
  tokens = std::min(tokens, shape->context);
  const auto docs = bench::random_documents(1, tokens, std::int32_t(shape->vocab), 2020);
  // As stored first, while nothing else of the process is resident: its peak is then what a user's
  // process holds.
  if (!g.quiet) std::cerr << "scoring " << tokens << " tokens with " << model << " kept in bfloat16" << std::endl;
  auto kept = measure_path(*folder, core::model::WeightDType::Auto, docs, tokens, repeats, job);
  if (!kept) return fail(kept.error());
  if (!g.quiet) std::cerr << "scoring the same tokens through the float32 path (--dtype float32)" << std::endl;
  auto wide = measure_path(*folder, core::model::WeightDType::Float32, docs, tokens, repeats, job);
  if (!wide) return fail(wide.error());

  // The target: RSS at most 1.25 x the file plus activations. Activations = what the float32 path
  // holds beyond its float32 weights (the same forward, the same batch).
  const std::int64_t f32_weights = bench::parameter_count(*shape) * 4;
  const std::int64_t activations =
      std::max<std::int64_t>(0, wide->scoring.peak_rss_bytes - wide->rss_before_load - f32_weights);
  const std::int64_t kept_added = kept->scoring.peak_rss_bytes - kept->rss_before_load;
  const double limit = 1.25 * double(file_bytes) + double(activations);
  json doc{{"dtype_bench",
            {{"model", model},
             {"path", folder->string()},
             {"parameters", bench::parameter_count(*shape)},
             {"file_bytes", file_bytes},
             {"tokens", tokens},
             {"repeats", repeats},
             {"kept", path_json(*kept, file_bytes)},
             {"float32", path_json(*wide, file_bytes)},
             {"speedup", number(kept->scoring.tokens_per_second / wide->scoring.tokens_per_second)},
             {"nll_mean_difference", number(kept->scoring.nll_mean - wide->scoring.nll_mean)},
             {"activations_bytes", activations},
             {"target",
              {{"what", "peak RSS added by the bfloat16 map <= 1.25 x file + activations"},
               {"value_bytes", kept_added},
               {"limit_bytes", std::int64_t(limit)},
               {"met", double(kept_added) <= limit}}}}}};
  if (g.json) {
    print_json(doc);
    return kOk;
  }
  const auto mb = [](std::int64_t b) { return double(b) / 1e6; };
  std::printf("%s (%lld parameters), file %.0f MB, %lld tokens, batch 1, best of %d\n", model.c_str(),
              (long long)bench::parameter_count(*shape), mb(file_bytes), (long long)tokens, repeats);
  for (const auto* p : {&*kept, &*wide})
    std::printf("  weights %-8s %8.1f tokens/s (median %.1f) %7.1f GFLOP/s  peak RSS %6.0f MB (%.0f MB before load, "
                "%.2fx the file)\n",
                p->dtype.c_str(), p->scoring.tokens_per_second, double(p->scoring.tokens) / p->scoring.median_seconds,
                p->scoring.gflops, mb(p->scoring.peak_rss_bytes),
                mb(p->rss_before_load), double(p->scoring.peak_rss_bytes - p->rss_before_load) / double(file_bytes));
  std::printf("  bfloat16 / float32 tokens/s: %.2fx; nll mean difference %.2e\n",
              kept->scoring.tokens_per_second / wide->scoring.tokens_per_second,
              kept->scoring.nll_mean - wide->scoring.nll_mean);
  std::printf("  target: RSS added %.0f MB <= 1.25 x file + activations (%.0f MB) = %.0f MB: %s\n", mb(kept_added),
              mb(activations), limit / 1e6, double(kept_added) <= limit ? "met" : "NOT met");
  return kOk;
}

}  // namespace cli
