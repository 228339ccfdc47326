#pragma once
// core::analysis::SampleSet: the studio's sampling columns as data (docs/ARCHITECTURE.md, "Sample
// sets"): the shared settings, one column per map — the base, the base zoomed by a conditioning
// prompt, each tuned map and one amplified map (logits = base + a (tuned - base)) — and every
// column's tokens scored under every column's map. Made by core/analysis/sampler.h, stored by
// core/store/sample_store.h. Plain values, no tensors: safe to share across threads once made.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core::analysis {

struct SampleSettings {
  std::string prompt;              // the text every map continues ("" = from BOS)
  std::string zoom_prompt;         // conditioning prompt of the zoomed base column; "" = no such column
  double temperature = 1.0;        // 0 = greedy
  double top_p = 0.9;              // nucleus mass in (0, 1]
  std::uint64_t seed = 0;
  std::int64_t max_new_tokens = 64;
  int amplified_tuned = 0;         // which tuned map the amplified column amplifies; -1 = no such column
  double amplification = 2.0;      // a in [-1, 4]: 0 = the base map, 1 = the tuned map
};

enum class ColumnKind { Base, Zoomed, Tuned, Amplified };
const char* to_string(ColumnKind kind);  // "base", "zoomed", "tuned", "amplified"
std::optional<ColumnKind> column_kind(std::string_view text);  // the inverse; nullopt when unknown

struct SampleColumn {
  ColumnKind kind = ColumnKind::Base;
  std::string label;                 // "base", "base + prompt", the tuned map's name, "×2 tuned"
  std::vector<std::int32_t> ids;     // generated tokens only
  std::vector<std::string> pieces;   // each token's display text (Tokenizer::token_text)
  std::string text;                  // the continuation, decoded after the prompt
  std::string stop_reason;           // "stop_token", "max_new_tokens", "context"
  // logp[m][i]: log p(ids[i] | prefix of map m, ids[<i]) under the map of column m (same order as
  // SampleSet::columns; the zoomed map's prefix includes its conditioning prompt).
  std::vector<std::vector<float>> logp;
};

struct SampleSet {
  SampleSettings settings;
  std::vector<std::int32_t> prompt_ids;  // the prompt as the base tokenizer splits it, BOS included
  std::vector<std::int32_t> zoom_ids;    // BOS, the zoom prompt's tokens, the prompt without its BOS
  std::vector<SampleColumn> columns;
  std::int64_t steps = 0;                // decoding steps taken (the longest column)
  double decode_seconds = 0;             // sampling, without the prompt's prefill and the cross-scoring
  double score_seconds = 0;              // cross-scoring
};

}  // namespace core::analysis
