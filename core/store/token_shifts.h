#pragma once
// Token shift results kept in the session (docs/ARCHITECTURE.md, "Token shift" and "Session schema"):
// one record per computation, with, per tuned map, the fractions' counts and, per prompt, the tuned
// map's greedy tokens and their ranks under the base. Each prompt refers to the prompt_versions row
// it was decoded from (0 when the prompt's text was not saved yet; its text is kept either way), so
// later edits of the prompt never change what the record says.
//
// Same thread affinity as the SessionFile. A record is written in one transaction.
#include <cstdint>
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
};

struct ShiftMapRecord {
  std::string name, path;  // the tuned map
  std::int64_t positions = 0, unshifted = 0, marginal = 0, shifted = 0;
  std::vector<ShiftPromptRecord> prompts;
  double fraction(std::int64_t n) const { return positions ? double(n) / double(positions) : 0.0; }
};

struct ShiftRecord {
  std::int64_t id = 0;  // the store's, once recorded
  std::string base_name, base_path;
  std::int64_t max_new_tokens = 0;
  std::int64_t created_ms = 0;  // set when recorded
  std::vector<ShiftMapRecord> maps;  // one per tuned map, in the order computed
};

// Writes `record` (its id and created_ms are ignored) and returns the store's id.
Result<std::int64_t> record_token_shift(SessionFile& session, const ShiftRecord& record);
// Every recorded token shift, oldest first.
Result<std::vector<ShiftRecord>> token_shifts(SessionFile& session);

}  // namespace core::store
