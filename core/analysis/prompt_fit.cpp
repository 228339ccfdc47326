#include "core/analysis/prompt_fit.h"

namespace core::analysis {

PromptFit fit_prompt(const tokenize::Tokenizer& tokenizer, std::int64_t context, const std::string& prompt_name,
                     const std::string& text) {
  PromptFit fit;
  fit.context = context;
  // The same prefix the engine puts before each window (core/analysis/engine.cpp, plan_run).
  if (tokenizer.adds_bos() && tokenizer.bos_id()) fit.ids.push_back(*tokenizer.bos_id());
  const auto prompt = tokenizer.encode(text, false);
  fit.ids.insert(fit.ids.end(), prompt.begin(), prompt.end());
  fit.pieces.reserve(fit.ids.size());
  for (tokenize::TokenId id : fit.ids) fit.pieces.push_back(tokenizer.token_text(id));
  const std::int64_t left = context - fit.tokens();
  fit.territory_share = context > 0 && left > 0 ? double(left) / double(context) : 0.0;
  // A window must keep two territory tokens: one to read and one to score.
  if (left < kMinTerritoryTokens)
    fit.problem = "prompt \u201c" + prompt_name + "\u201d takes " + std::to_string(fit.tokens()) +
                  " tokens of the base map's " + std::to_string(context) +
                  "-token window and leaves no room for the territory";
  return fit;
}

}  // namespace core::analysis
