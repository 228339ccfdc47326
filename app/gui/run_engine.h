#pragma once
// The analysis engine behind the workbench's Run dialog: a widgets::RunEngine over
// core::store::execute_run — the same run sequence as the CLI's `compare` — which loads the request's
// checkpoints and territory, runs the engine and records the run batch by batch into the open session
// file (resuming a matching interrupted run), or into a scratch file when none is open. The outcome
// carries the store's run id (0 for a scratch file) and the run read back lazily from the file (its
// tracks are not kept in memory).
// Runs on a JobsModel worker; opens its own store connection there.
#include "core/error.h"
#include "core/jobs/job.h"
#include "core/store/execute_run.h"
#include "widgets/runs/runlauncher.h"
#include "widgets/runs/runrequest.h"

namespace gui {

// What execute_run is asked to do for a request from the Run dialog.
core::store::RunOrder runOrder(const widgets::RunRequest& request);

core::Result<widgets::EngineOutcome> runEngine(const widgets::RunRequest& request, core::Job& job);

}  // namespace gui
