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

// The analysis engine as one function: runs on a JobsModel worker, reports through `job`, honours
// cancellation, and returns the immutable result (tracks of every document included).
using RunEngine = std::function<core::Result<std::shared_ptr<const core::analysis::RunResult>>(
    const RunRequest& request, core::Job& job)>;

// Runs `engine` on a worker: adds a Running entry to the session at once, then its result (Finished,
// selected when nothing else is) or its failure (Failed / Cancelled, message kept on the entry).
// The request reaches the engine with `sessionPath` set to the open session (the engine writes the
// run there with core::store::RunWriter, on its own connection); the Session keeps the returned result
// in memory under a session-local id, and the file lists it under the store's id when reopened.
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
