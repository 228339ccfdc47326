#pragma once
// core::store::load_complete_run: a finished run with every document's tracks loaded, for what reads
// all of it at once (token tables, figures, reports). An unknown run id is a NotFound error that lists
// the runs the session holds, so a typo is answered with what exists.
// Same thread affinity as the SessionFile.
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "core/jobs/job.h"
#include "core/store/records.h"
#include "core/store/session_file.h"

namespace core::store {

Result<analysis::RunResult> load_complete_run(SessionFile& session, std::int64_t run_id, Job& job);

// "1 (base, sft-zippy; 40 documents, complete), 2 (...)"; "none" when empty.
std::string describe_runs(const std::vector<RunListing>& runs);

}  // namespace core::store
