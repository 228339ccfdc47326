#include "core/bench/token_zoom.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "core/analysis/token_zoom.h"
#include "core/bench/id_tokenizer.h"
#include "core/model/checkpoint.h"

namespace core::bench {

Result<TokenZoomMeasure> measure_token_zoom(const ModelShape& shape, const std::filesystem::path& cache_dir,
                                            std::int64_t context, std::int64_t prompt_tokens, int clicks, Job& job) {
  context = std::min(context, shape.context);
  if (prompt_tokens + 2 > context)
    return fail(ErrorCode::InvalidInput, "the prompt of " + std::to_string(prompt_tokens) + " tokens leaves no room in " +
                                             std::to_string(context) + " tokens");
  std::vector<model::Checkpoint> maps;
  for (std::uint64_t seed : {1u, 2u}) {  // the base, and a "tuned" map of other random weights
    auto folder = random_hf_model(shape, cache_dir, seed, job);
    if (!folder) return std::unexpected(folder.error());
    model::LoadOptions options;
    options.hash_weights = false;
    auto c = model::load_checkpoint(*folder, options, job);
    if (!c) return std::unexpected(c.error());
    c->tokenizer = std::make_shared<IdTokenizer>(std::int32_t(c->model->config().vocab_size));
    maps.push_back(std::move(*c));
  }
  const std::int32_t vocab = std::int32_t(maps[0].model->config().vocab_size);
  const auto doc = random_documents(1, context, vocab, 7)[0];
  const auto prompt_ids = random_documents(1, prompt_tokens, vocab, 8)[0];
  std::string prompt;
  for (auto id : prompt_ids) prompt += std::to_string(id) + " ";

  TokenZoomMeasure m;
  m.parameters = maps[0].model->parameter_count();
  m.context = context;
  m.prompt_tokens = prompt_tokens;
  m.clicks = clicks;
  analysis::TokenZoomer zoomer(maps, {"base", "tuned"}, context, context / 2, 0, 10);
  auto t0 = std::chrono::steady_clock::now();
  if (auto ok = zoomer.set_prompt(prompt); !ok) return std::unexpected(ok.error());
  m.prompt_seconds = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  if (auto ok = zoomer.prepare(doc, job); !ok) return std::unexpected(ok.error());
  m.prepare_seconds = seconds_since(t0);
  std::vector<double> times;
  job.begin("clicks", clicks);
  for (int i = 0; i < clicks; ++i) {
    const std::int64_t at = (std::int64_t(i) * 7919) % zoomer.scored();  // spread over the document
    t0 = std::chrono::steady_clock::now();
    auto z = zoomer.at(at);
    if (!z) return std::unexpected(z.error());
    times.push_back(seconds_since(t0));
    if (!job.advance()) return fail(ErrorCode::Cancelled, "cancelled");
  }
  std::sort(times.begin(), times.end());
  m.click_seconds = times.empty() ? 0 : times[times.size() / 2];
  m.click_max_seconds = times.empty() ? 0 : times.back();
  return m;
}

}  // namespace core::bench
