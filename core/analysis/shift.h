#pragma once
// Token shift (Lin et al., "URIAL"; docs/ARCHITECTURE.md, "Token shift"): the tuned map decodes greedily from each prompt, and
// each generated token is ranked under the base map given the same prefix: unshifted (rank 1),
// marginal (rank 2 or 3) or shifted (rank > 3).
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/checkpoint.h"

namespace core::analysis {

struct PromptShift {
  std::string prompt;
  std::vector<std::int32_t> generated;  // the tuned map's greedy tokens
  std::vector<std::int32_t> base_rank;  // rank of each under the base map
};

struct ShiftResult {
  std::int64_t positions = 0, unshifted = 0, marginal = 0, shifted = 0;
  std::vector<PromptShift> prompts;
  double fraction(std::int64_t n) const { return positions ? double(n) / double(positions) : 0.0; }
};

struct ShiftOptions {
  std::int64_t max_new_tokens = 64;  // per prompt; also bounded by the smaller context window
};

Result<ShiftResult> token_shift(const model::Checkpoint& base, const model::Checkpoint& tuned,
                                const std::vector<std::string>& prompts, const ShiftOptions& options = {},
                                Job& job = Job::silent());

// One prompt per non-empty line; the two characters `\n` inside a line stand for a newline.
Result<std::vector<std::string>> read_prompt_file(const std::filesystem::path& path);

// The sha256 (hex) of a prompt set: its prompts in order, each as its byte length, ':' and its bytes, so
// no two sets share a hash by where one prompt ends. What every shard of `shift --shard I/N` records
// and `merge` compares; the same file read on any machine (LF or CRLF, blank lines) gives the same.
std::string prompt_set_sha256(const std::vector<std::string>& prompts);

}  // namespace core::analysis
