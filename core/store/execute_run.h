#pragma once
// core::store::execute_run: the whole run sequence in one place — read the territory, load the maps,
// plan, run the distortion engine and, when a session file is named, record the run into it batch by
// batch (record_run: resuming a matching interrupted run). The CLI's `compare` and `zoom` and the
// GUI's run engine all call it, so a run is made the same way everywhere and the caller gets the
// store's run id with the result (the id the file lists it under).
//
// Runs on the calling thread (a worker in the GUI); reports on `job` and stops with Cancelled when
// asked. Opens its own connection to the session file, so it may run beside other connections.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/engine.h"
#include "core/model/checkpoint.h"
#include "core/store/recorder.h"
#include "core/store/session_file.h"
#include "core/territory/territory.h"

namespace core::store {

struct RunOrder {
  struct Map {
    std::filesystem::path path;
    std::string name;  // display name; empty = a default that tells the maps apart (analysis/map_names.h)
    std::filesystem::path tokenizer;  // replaces `load.tokenizer` for this map when set
  };
  std::vector<Map> maps;  // [0] the base, then the tuned maps in lineage order

  std::filesystem::path territory_path;  // a .txt, .jsonl or a folder of .txt/.md files
  territory::ReadOptions territory_options;
  // A territory already in memory (the CLI's --text); when set, territory_path is not read.
  std::optional<territory::Territory> territory;

  analysis::RunSettings settings;  // top-k, window, stride, batch, device, threads and the prompt
  model::LoadOptions load;         // how every map is loaded (device, TorchScript trust, tokenizer)

  std::filesystem::path session_path;  // empty: the run is not recorded (run_id stays 0)
  OpenMode session_mode = OpenMode::ReadWrite;  // CreateIfMissing to start a session file
  RecordOptions record;  // record.shard: score and record one shard of the territory only
};

struct ExecutedRun {
  std::int64_t run_id = 0;             // the store's id of the run; 0 when not recorded
  std::int64_t resumed_documents = 0;  // taken from the session, not recomputed
  std::shared_ptr<const analysis::RunResult> result;
  std::vector<std::string> session_warnings;  // what opening the session said (read-only, interrupted runs)
};

Result<ExecutedRun> execute_run(const RunOrder& order, Job& job = Job::silent());

}  // namespace core::store
