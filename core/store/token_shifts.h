#pragma once
// Token shift results kept in the session (docs/ARCHITECTURE.md, "Token shift" and "Session schema"):
// one record per computation, with, per tuned map, the fractions' counts and, per prompt, the tuned
// map's greedy tokens and their ranks under the base. Each prompt refers to the prompt_versions row
// it was decoded from (0 when the prompt's text was not saved yet; its text is kept either way), so
// later edits of the prompt never change what the record says.
//
// A shift of some shards of a prompt set (`shift --shard I/N`, schema 9; docs/ARCHITECTURE.md, "Sharded
// runs") holds only those shards' prompts, each with its place in the whole set, and says which shards
// it holds; merge_shards folds such records into one (core/store/merge.h).
//
// Same thread affinity as the SessionFile. A record is written in one transaction.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/store/session_file.h"

namespace core::store {

struct ShiftPromptRecord {
  std::int64_t prompt_version_id = 0;  // 0: not a saved version
  std::string prompt_name, prompt_text;
  std::vector<std::int32_t> generated;  // the tuned map's greedy tokens
  std::vector<std::string> tokens;      // their display texts
  std::vector<std::int32_t> base_rank;  // rank of each under the base map
  std::int64_t place = -1;  // in the whole prompt set (schema 9); -1 when writing: its index in the record
};

struct ShiftMapRecord {
  std::string name, path;  // the tuned map
  std::int64_t positions = 0, unshifted = 0, marginal = 0, shifted = 0;
  std::vector<ShiftPromptRecord> prompts;
  std::string sha256;  // of its weights (schema 9); empty when not hashed (the Studio names maps by path)
  double fraction(std::int64_t n) const { return positions ? double(n) / double(positions) : 0.0; }
};

struct ShiftRecord {
  std::int64_t id = 0;  // the store's, once recorded
  std::string base_name, base_path;
  std::int64_t max_new_tokens = 0;
  std::int64_t created_ms = 0;  // set when recorded
  std::vector<ShiftMapRecord> maps;  // one per tuned map, in the order computed
  // What merging shards checks (schema 9; empty or 0 in shifts recorded before, and in the Studio's).
  std::string base_sha256;     // of the base map's weights
  std::string prompts_sha256;  // of the whole prompt set, in order (analysis::prompt_set_sha256)
  std::int64_t prompt_count = 0;  // prompts in the whole set; 0 when writing: the record's own count
  std::string device, dtype;   // as the maps were loaded (empty: not recorded)
  std::int32_t threads = 0;    // the thread count it ran with (0: not recorded)
  std::map<std::string, std::string> versions;  // software versions that produced it
  // The shards of the prompt set it holds (shard_count 0: the whole set, not sharded); ascending, with
  // the session each came from (empty for the shard's own shift).
  std::int64_t shard_count = 0;
  std::vector<std::int64_t> shards_present;
  std::vector<std::string> shard_sources;
};

// Writes `record` (its id and created_ms are ignored) and returns the store's id.
Result<std::int64_t> record_token_shift(SessionFile& session, const ShiftRecord& record);
// Writes `record` in place of the shift `id`, which keeps its id (merge_shards completing a partial
// merge); one transaction (a savepoint inside the caller's).
Result<void> replace_token_shift(SessionFile& session, std::int64_t id, const ShiftRecord& record);
// Every recorded token shift, oldest first.
Result<std::vector<ShiftRecord>> token_shifts(SessionFile& session);

}  // namespace core::store
