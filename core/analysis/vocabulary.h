#pragma once
// Vocabulary compatibility of a tuned map with the base (docs/ARCHITECTURE.md, "Vocabularies"): a tuned map may
// only append ids, and must tokenize the territory exactly as the base does.
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/checkpoint.h"
#include "core/territory/territory.h"

namespace core::analysis {

// Returns how many ids the tuned model adds beyond the base model's vocabulary, or a Mismatch error
// naming the first document and token where the tokenizations differ.
Result<std::int64_t> check_vocabulary(const model::Checkpoint& base, const model::Checkpoint& tuned,
                                      const territory::Territory& territory,
                                      const std::vector<std::vector<std::int32_t>>& base_tokens, Job& job);

}  // namespace core::analysis
