#include "core/bench/side_by_side.h"

#include <algorithm>

#include "core/analysis/sampler.h"
#include "core/bench/id_tokenizer.h"
#include "core/model/sampling.h"

namespace core::bench {

Result<SideBySideMeasure> measure_side_by_side(model::Checkpoint base, model::Checkpoint tuned, std::int64_t tokens,
                                               int repeats) {
  const auto vocab = std::int32_t(base.model->config().vocab_size);
  if (!base.tokenizer) base.tokenizer = std::make_shared<IdTokenizer>(vocab);
  if (!tuned.tokenizer) tuned.tokenizer = base.tokenizer;
  const auto context = base.model->config().max_seq_len;
  // A 16-token prompt and an 8-token conditioning prompt, as ids the IdTokenizer reads back.
  const auto ids = random_documents(1, 24, vocab, 5)[0];
  std::string prompt, zoom;
  for (int i = 0; i < 24; ++i) (i < 16 ? prompt : zoom) += std::to_string(ids[std::size_t(i)]) + " ";
  tokens = std::min<std::int64_t>(tokens, context - 24);
  if (tokens < 2) return fail(ErrorCode::InvalidInput, "the map's context is too short to measure sampling");

  SideBySideMeasure out;
  out.tokens = tokens;
  analysis::SampleSettings s;
  s.prompt = prompt;
  s.zoom_prompt = zoom;
  s.temperature = 1.0;
  s.top_p = 0.9;
  s.seed = 3;
  s.max_new_tokens = tokens;
  s.amplified_tuned = 0;
  s.amplification = 2.0;
  model::SampleOptions o;
  o.temperature = s.temperature;
  o.top_p = s.top_p;
  o.seed = s.seed;
  o.max_new_tokens = tokens;
  const auto prompt_ids = base.tokenizer->encode(prompt);
  for (int r = 0; r < std::max(1, repeats); ++r) {
    auto single = model::generate(*base.model, prompt_ids, o);
    if (!single) return std::unexpected(single.error());
    if (single->decode_seconds > 0)
      out.single_tokens_per_second =
          std::max(out.single_tokens_per_second, double(single->ids.size()) / single->decode_seconds);
    auto set = analysis::sample_side_by_side({"base", &base}, {{"tuned", &tuned}}, s);
    if (!set) return std::unexpected(set.error());
    out.columns = int(set->columns.size());
    if (set->decode_seconds > 0)
      out.side_steps_per_second = std::max(out.side_steps_per_second, double(set->steps) / set->decode_seconds);
    out.score_seconds = r == 0 ? set->score_seconds : std::min(out.score_seconds, set->score_seconds);
  }
  return out;
}

}  // namespace core::bench
