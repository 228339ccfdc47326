#pragma once
// How a prompt fits the base map's context window (docs/ARCHITECTURE.md, "Prompt library"): its tokens
// as the zoomed map reads them (BOS when the tokenizer adds one, then the prompt's tokens: the prefix
// P of "Zoom"), how many there are, and the share of the window left for the territory. A prompt that
// leaves no room for the two territory tokens a scored position needs is flagged with a message naming it.
//
// Pure function over an immutable tokenizer; thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "core/tokenize/tokenizer.h"

namespace core::analysis {

struct PromptFit {
  std::vector<tokenize::TokenId> ids;  // BOS (when the tokenizer adds one), then the prompt's tokens
  std::vector<std::string> pieces;     // each token's display text (Tokenizer::token_text)
  std::int64_t context = 0;            // the window, in tokens
  std::int64_t tokens() const { return std::int64_t(ids.size()); }
  // Share of the window the territory keeps: (context - tokens) / context, 0 when nothing is left.
  double territory_share = 0;
  std::string problem;  // empty when the prompt fits; else one sentence naming the prompt
  bool fits() const { return problem.empty(); }
};

// The fewest territory tokens a window must keep beside the prompt: one to read, one to score.
inline constexpr std::int64_t kMinTerritoryTokens = 2;

// `context` is the base map's window in tokens (> 0).
PromptFit fit_prompt(const tokenize::Tokenizer& tokenizer, std::int64_t context, const std::string& prompt_name,
                     const std::string& text);

}  // namespace core::analysis
