#pragma once
// Shards of a territory (docs/ARCHITECTURE.md, "Sharded runs"): `compare --shard I/N` scores slice I of
// N, and `merge` folds the slices' sessions back into one run. The engine scores windows in batch
// groups of whole consecutive documents (batch_groups); a shard is a contiguous run of whole groups,
// balanced by token count: a group goes to the shard in which the middle of its tokens falls when the
// territory's tokens are laid end to end and cut into N equal lengths. Whole groups keep every batch's
// windows what they are in an unsharded run, so a document's metrics are bit-identical either way. The
// slicing depends only on token counts, window, stride and batch size, so every process that
// tokenizes the same territory with the same base map and settings slices it the same way. Pure
// functions; any thread.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace core::analysis {

struct Shard {
  std::int64_t index = 0;  // 0-based, < count (Slurm's SLURM_ARRAY_TASK_ID, Kubernetes' JOB_COMPLETION_INDEX)
  std::int64_t count = 1;
};

// "I/N" with 0 <= I < N and 1 <= N <= 100000; an error that quotes the text otherwise.
Result<Shard> parse_shard(std::string_view text);

// Documents [first, last).
struct DocumentRange {
  std::size_t first = 0, last = 0;
};

// Consecutive whole documents, each range with at least `windows_per_group` windows (the last one may
// have fewer); a document with more windows than that is a group of its own.
std::vector<DocumentRange> batch_groups(const std::vector<std::int64_t>& windows_per_document,
                                        std::int64_t windows_per_group);

// The shard of every document, for `count` shards of whole `groups` balanced by token count.
std::vector<std::int64_t> shard_documents(const std::vector<std::vector<std::int32_t>>& tokens,
                                          const std::vector<DocumentRange>& groups, std::int64_t count);

// The balance both use: `count` contiguous shards of whole items of `sizes`; an item goes to the shard
// in which its middle falls when the sizes are laid end to end and cut into `count` equal lengths
// (items of size 0 throughout: spread evenly by position). Shards can be empty.
std::vector<std::int64_t> balanced_shards(const std::vector<std::int64_t>& sizes, std::int64_t count);

// The shard of every prompt of a token shift (`shift --shard I/N`): whole prompts, in order, balanced by
// the tokens each costs at most, its own (`prompt_tokens`, by the base tokenizer) plus `max_new_tokens`
// decoded. Greedy decoding runs one prompt at a time, so no batch ties prompts together.
std::vector<std::int64_t> shard_prompts(const std::vector<std::int64_t>& prompt_tokens, std::int64_t max_new_tokens,
                                        std::int64_t count);

}  // namespace core::analysis
