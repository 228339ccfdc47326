#pragma once
// The analysis engine behind the workbench's Run dialog: a widgets::RunEngine that loads the request's
// checkpoints and territory, runs core::analysis::run and, when a session file is open, records the
// run into it batch by batch (core::store::record_run, resuming a matching interrupted run).
// Runs on a JobsModel worker; opens its own store connection there.
#include <memory>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "core/jobs/job.h"
#include "widgets/runs/runrequest.h"

namespace gui {

core::Result<std::shared_ptr<const core::analysis::RunResult>> runEngine(const widgets::RunRequest& request,
                                                                         core::Job& job);

}  // namespace gui
