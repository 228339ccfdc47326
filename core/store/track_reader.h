#pragma once
// core::store::read_run_lazily: a run read back for viewing, its tracks left in the session file and
// read a document at a time when something needs them (core/analysis/track_cache.h). What the GUI
// opens: the cost of opening a run grows with its number of documents, not with its positions.
#include <cstdint>
#include <filesystem>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::store {

// load_run(run_id) of the session at `path`, with a TrackCache that opens its own read-only
// connection to `path` on first use (so it can be used from any thread, one read at a time).
Result<analysis::RunResult> read_run_lazily(const std::filesystem::path& path, std::int64_t run_id);

}  // namespace core::store
