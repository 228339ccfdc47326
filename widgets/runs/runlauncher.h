#pragma once
// widgets::RunLauncher: where a validated RunRequest goes (the Run dialog emits it; MainWindow hands it
// to the launcher). The engine is plugged in from app/gui as an EngineRunLauncher over a RunEngine
// function; UnavailableRunLauncher reports that no engine is built in.
#include <QString>
#include <functional>
#include <memory>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "core/jobs/job.h"
#include "widgets/runs/runrequest.h"

namespace widgets {

class JobsModel;
class Session;

class RunLauncher {
 public:
  virtual ~RunLauncher() = default;
  // Starts the run without blocking; progress goes to the Jobs dock, the outcome to the Session
  // (a new run entry, then its result or failure).
  virtual void launch(const RunRequest& request) = 0;
};

// What the engine returns: the store's id of the recorded run (0 when no session file was open) and
// the immutable result (tracks of every document included).
struct EngineOutcome {
  qint64 runId = 0;
  std::shared_ptr<const core::analysis::RunResult> result;
};

// The analysis engine as one function (app/gui plugs in core::store::execute_run): runs on a
// JobsModel worker, reports through `job`, honours cancellation.
using RunEngine = std::function<core::Result<EngineOutcome>(const RunRequest& request, core::Job& job)>;

// Runs `engine` on a worker: adds a Running entry to the session at once (under a provisional id),
// then its result (Finished, selected when nothing else is) under the store's run id — the id the file
// lists it under — or its failure (Failed / Cancelled, message kept on the entry).
// The request reaches the engine with `sessionPath` set to the open session (the engine records the
// run there, on its own connection).
class EngineRunLauncher final : public RunLauncher {
 public:
  EngineRunLauncher(Session* session, JobsModel* jobs, RunEngine engine);
  void launch(const RunRequest& request) override;

 private:
  Session* session_;
  JobsModel* jobs_;
  RunEngine engine_;
};

// Reports that this build has no analysis engine (through the Session's issues).
class UnavailableRunLauncher final : public RunLauncher {
 public:
  explicit UnavailableRunLauncher(Session* session) : session_(session) {}
  void launch(const RunRequest& request) override;

 private:
  Session* session_;
};

}  // namespace widgets
