#pragma once
// A run made in memory (tests/gui/run_fixture, toy models) written into a session file the way the
// engine's writer does, for tests that open, merge or export sessions.
#include <cstdint>
#include <filesystem>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "core/store/records.h"

namespace testsupport {

// The territory a run was made over: each document's name, length and metadata, and its text as its
// tokens' texts after the first (BOS).
core::store::TerritoryRecord territory_of(const core::analysis::RunResult& run);

// Writes `run` as one complete run into a new session at `path`, its documents committed in `batches`
// commits (the first ones smaller by the remainder); the run's id.
core::Result<std::int64_t> write_run_session(const std::filesystem::path& path, const core::analysis::RunResult& run,
                                             int batches = 1);

}  // namespace testsupport
