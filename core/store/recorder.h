#pragma once
// core::store::record_run: runs the distortion engine into a session file, committing documents batch
// by batch as they finish, and resuming a matching interrupted run instead of starting over.
//
// A run matches when its maps (sha256, in order), territory (content hash), prompt, top-k, window and
// stride are the same, and so is the shard. Thread affinity: that of the SessionFile (one connection per thread).
#include <chrono>
#include <memory>
#include <optional>

#include "core/analysis/engine.h"
#include "core/store/records.h"
#include "core/store/session_file.h"

namespace core::store {

struct RecordOptions {
  std::int64_t commit_documents = 32;                      // commit after this many documents...
  std::chrono::milliseconds commit_interval{2000};         // ...or this long since the last commit
  bool resume = true;                                      // continue a matching interrupted run
  bool keep_tracks = true;                                 // keep tracks in the returned result
  // How a cancelled run is marked: Cancelled when the user pressed Cancel, Interrupted when the
  // process was stopped from outside (the CLI's Ctrl-C); both are resumable.
  RunStatus cancelled_status = RunStatus::Cancelled;
  // Record only this shard of the territory (analysis/shard.h); a resumable run must be of the same shard.
  std::optional<analysis::Shard> shard;
};

struct RecordedRun {
  std::int64_t run_id = 0;
  std::int64_t resumed_documents = 0;  // taken from the session, not recomputed
  std::shared_ptr<const analysis::RunResult> result;
};

Result<RecordedRun> record_run(SessionFile& session, const analysis::RunSpec& spec, const analysis::RunPlan& plan,
                               Job& job = Job::silent(), const RecordOptions& options = {});

}  // namespace core::store
