#pragma once
// core::store::merge_shards: folds the sessions written by `compare --shard I/N` into one run of one
// session file (docs/ARCHITECTURE.md, "Sharded runs").
//
// Every input must hold exactly one complete sharded run (a shard run, or an earlier merge); their maps
// (weight sha256, in order), territory hash, shard count, result-bearing settings (top-k, window,
// stride, batch, device, prompt, projection samples and seed) and software versions must agree with the
// first input's, and with the sharded run already in the output, if any. Otherwise nothing is written
// and the error names the session and the first difference.
//
// The output holds one run with the union of the shards' documents (taken, never recomputed) and
// summaries and projection made from all of them in document order, plus the list of shards present,
// so a partial merge shows what is missing and merging the rest later completes it. Merging is
// idempotent (a shard already present changes nothing) and the order of inputs does not matter. The
// write is one transaction: on any failure the output is as it was (a file merge_shards created is
// removed again).
//
// Runs on the calling thread; reports on `job` and stops with Cancelled when asked.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/error.h"
#include "core/jobs/job.h"

namespace core::store {

struct MergeReport {
  std::int64_t run_id = 0;           // the merged run in the output
  std::int64_t shard_count = 0;
  std::vector<std::int64_t> present;  // ascending, 0-based
  std::vector<std::int64_t> missing;  // ascending, 0-based
  std::vector<std::int64_t> added;    // brought in by this merge (empty: the output already had them all)
  std::int64_t documents = 0;         // in the merged run
  std::int64_t documents_total = 0;   // in the territory
};

Result<MergeReport> merge_shards(const std::filesystem::path& out, const std::vector<std::filesystem::path>& shards,
                                 Job& job = Job::silent());

}  // namespace core::store
