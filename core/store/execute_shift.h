#pragma once
// core::store::execute_shift: the token shift sequence of `cartograph-cli shift` in one place — load the
// base and tuned maps, take the whole prompt set or one shard of it (analysis::shard_prompts), run
// analysis::token_shift per tuned map and, when a session file is named, record the result in it
// with record_token_shift, the same tables the Studio's Token Shift tab writes and reads
// (docs/ARCHITECTURE.md, "Token shift in the session" and "Sharded runs"). A shard's record holds its
// prompts with their places in the whole set, the set's sha256 and prompt count, the maps' weight
// hashes, the settings that change results and the software versions, for `merge` to check and fold.
//
// Runs on the calling thread; reports on `job` and stops with Cancelled when asked. Nothing is written
// when anything fails.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/shard.h"
#include "core/model/checkpoint.h"
#include "core/store/session_file.h"
#include "core/store/token_shifts.h"

namespace core::store {

struct ShiftOrder {
  struct Map {
    std::filesystem::path path;
    std::string name;                 // display name; empty = the map's default name
    std::filesystem::path tokenizer;  // replaces `load.tokenizer` for this map when set
  };
  Map base;
  std::vector<Map> tuned;  // one record per tuned map, in order
  std::vector<std::string> prompts;  // the whole prompt set, in order (also when one shard is decoded)
  std::int64_t max_new_tokens = 64;  // per prompt
  model::LoadOptions load;           // device, dtype, TorchScript trust; weights are hashed for a shard
  std::int32_t threads = 0;          // the thread count the process runs with, recorded (0: not known)
  std::optional<analysis::Shard> shard;  // decode shard I of N of the prompts only (needs a session)
  std::filesystem::path session_path;    // empty: not recorded (shift_id stays 0)
  OpenMode session_mode = OpenMode::CreateIfMissing;
};

struct ExecutedShift {
  std::int64_t shift_id = 0;  // the store's id; 0 when not recorded
  ShiftRecord record;         // as recorded: the shard's prompts only, counts per tuned map
  // Per tuned map and prompt of the record: the generated tokens decoded by the tuned tokenizer.
  std::vector<std::vector<std::string>> generated_text;
};

Result<ExecutedShift> execute_shift(const ShiftOrder& order, Job& job = Job::silent());

}  // namespace core::store
