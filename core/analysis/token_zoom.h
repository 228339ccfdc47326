#pragma once
// core::analysis::TokenZoomer: zoom at a token (docs/ARCHITECTURE.md, "Zoom at a token"). For one
// scored position of a document it gives the base map's, the prompted base map's and every tuned
// map's probabilities over one shared token order (the union of their top-k, most probable under the
// base first), and per tuned map KL(tuned ‖ base), KL(tuned ‖ base ⊕ prompt) and the share recovered
// there, 1 − KL(tuned ‖ base ⊕ prompt) / KL(tuned ‖ base). Contexts are those of a run and a zoom run:
// windows W / S for the maps, the prompt's prefix before windows of W − |prefix| for the zoomed base.
//
// Cost: set_prompt() runs the prompt through the base once and keeps its keys and values; prepare()
// runs each map's trunk over the document once (the zoomed base continues from the prompt's cache, so
// the prompt is never recomputed); at() then only applies the heads at one position — what a click
// costs. Not thread-safe: one worker uses a TokenZoomer at a time; the checkpoints must outlive it.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/checkpoint.h"

namespace core::analysis {

struct TokenZoom {
  std::int64_t index = 0;   // scored position (it predicts token index + 1)
  std::int32_t target = 0;  // the token the territory has there
  std::vector<std::string> columns;        // "base", "base ⊕ prompt", then the tuned maps' names
  std::vector<std::int32_t> ids;           // the shared token order
  std::vector<std::vector<float>> p;       // [column][i]: probability of ids[i]
  std::vector<double> kl_tb, kl_tz, recovered;  // per tuned map (column 2 + i)
};

class TokenZoomer {
 public:
  // maps[0] the base, then the tuned maps (their vocabularies already checked against the base, as a
  // run does); window and stride as the run resolved them, and the stride the run was asked for
  // (RunSettings::stride, 0 = default), which the zoomed base's shorter windows use as a zoom run does.
  TokenZoomer(std::vector<model::Checkpoint> maps, std::vector<std::string> names, std::int64_t window,
              std::int64_t stride, std::int64_t asked_stride, std::int32_t top_k = 10);
  ~TokenZoomer();

  // The prompt of the zoomed base; an error names it when it leaves no room in the window.
  Result<void> set_prompt(const std::string& text);
  // The document's tokens (BOS included, as the run tokenized it).
  Result<void> prepare(const std::vector<std::int32_t>& tokens, Job& job = Job::silent());
  // Scored position `index` of the prepared document.
  Result<TokenZoom> at(std::int64_t index) const;

  std::int64_t prefix_length() const { return std::int64_t(prefix_.size()); }
  std::int64_t scored() const;  // positions of the prepared document

 private:
  std::vector<model::Checkpoint> maps_;
  std::vector<std::string> names_;
  std::int64_t window_, stride_, asked_stride_;
  std::int32_t top_k_;
  std::vector<std::int32_t> prefix_;
  std::string prompt_;
  std::unique_ptr<model::KvCache> prompt_cache_;  // the prefix's keys and values (null: recompute)
  at::Tensor prompt_last_;                        // the base's features at the prefix's last token
  std::vector<std::int32_t> tokens_;
  std::vector<at::Tensor> features_;  // per column [scored, F]
};

}  // namespace core::analysis
