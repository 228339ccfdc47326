#pragma once
// core::store::merge_shards: folds the sessions written by `compare --shard I/N` (and `score`, `zoom`,
// `shift` with --shard) into one session file (docs/ARCHITECTURE.md, "Sharded runs").
//
// Every input holds at most one complete sharded run (a shard run, or an earlier merge); their maps
// (weight sha256, in order), territory hash, shard count, result-bearing settings (top-k, window,
// stride, batch, device, prompt, projection samples and seed) and software versions must agree with the
// first input's, and with the sharded run already in the output, if any; so must the zoom runs on them
// (the same prompts over the same window, made with the same --batch). Otherwise nothing is written
// and the error names the session and the first difference.
//
// The output holds one run with the union of the shards' documents (taken, never recomputed) and
// summaries and projection made from all of them in document order, plus the list of shards present,
// so a partial merge shows what is missing and merging the rest later completes it. Merging is
// idempotent (a shard already present changes nothing) and the order of inputs does not matter. The
// write is one transaction: on any failure the output is as it was (a file merge_shards created is
// removed again).
//
// Token shifts (`shift --shard I/N`) fold the same way, beside the run or on their own. A shard session
// may hold a sharded run, a sharded token shift, or one of each (a session `compare --shard` and
// `shift --shard` both wrote); every input must hold the same kinds as the first (a shard holding a
// shift but no run, beside shards that hold runs, is refused by name: it cannot complete the run).
// A session holding only a shift merges its shift alone and no run is written (run_id 0). Shift shards
// must agree on the base and tuned maps' weight sha256 (in order), the prompt set's sha256 and count,
// the shard count, --max-new-tokens, device, dtype, thread count and software versions, with each other
// and with the output's earlier merge of a shift; the merged shift holds every prompt of the shards
// present once, in prompt order, with counts made from the base ranks (equal to an unsharded shift's),
// and lists its shards, so a partial merge is completed by merging the rest into it (it keeps its id).
//
// Runs on the calling thread; reports on `job` and stops with Cancelled when asked.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"

namespace core::store {

// The token shift half of a merge.
struct ShiftMergeReport {
  std::int64_t shift_id = 0;  // the merged token shift in the output
  std::int64_t shard_count = 0;
  std::vector<std::int64_t> present, missing, added;  // ascending, 0-based, as for the run
  std::int64_t prompts = 0;        // in the merged shift
  std::int64_t prompts_total = 0;  // in the prompt set
};

struct MergeReport {
  std::int64_t run_id = 0;           // the merged run in the output; 0 when the shards hold token shifts only
  std::int64_t shard_count = 0;
  std::vector<std::int64_t> present;  // ascending, 0-based
  std::vector<std::int64_t> missing;  // ascending, 0-based
  std::vector<std::int64_t> added;    // brought in by this merge (empty: the output already had them all)
  std::int64_t documents = 0;         // in the merged run
  std::int64_t documents_total = 0;   // in the territory
  std::optional<ShiftMergeReport> shift;  // when the shards hold token shifts
};

Result<MergeReport> merge_shards(const std::filesystem::path& out, const std::vector<std::filesystem::path>& shards,
                                 Job& job = Job::silent());

}  // namespace core::store
