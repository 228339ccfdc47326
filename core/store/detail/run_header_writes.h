#pragma once
// Private to core/store: the rows of a run other than its documents, as RunWriter writes them: when
// it begins (the maps' checkpoints, the shared vocabulary, the runs row, its maps and shards) and when
// it finishes (summaries, projection, warnings, status). Run inside the caller's write transaction.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "core/store/records.h"

namespace core::store::detail {

class Connection;

// The checkpoint row of each map (added or updated), and whether the map keeps a name of its own.
struct MapCheckpoints {
  std::vector<std::int64_t> ids;
  std::vector<bool> renamed;
};
Result<MapCheckpoints> upsert_map_checkpoints(Connection& c, const std::vector<analysis::MapInfo>& maps);

// Token texts are shared between runs with the same vocabulary: the id of the stored copy, added
// when there is none; no id when the run has no texts.
Result<std::optional<std::int64_t>> store_vocabulary(Connection& c, const std::vector<std::string>& texts);

// The runs row, 'running' and owned by this process.
Result<std::int64_t> insert_run_row(Connection& c, const analysis::RunResult& header, std::int64_t territory_id,
                                    const TerritoryRecord& territory, std::optional<std::int64_t> vocabulary_id);
Result<void> insert_run_maps(Connection& c, std::int64_t run_id, const std::vector<analysis::MapInfo>& maps,
                             const MapCheckpoints& checkpoints);
// The shards a sharded run holds (schema 7); nothing for an ordinary run.
Result<void> insert_run_shards(Connection& c, std::int64_t run_id, const analysis::RunResult& header);

Result<void> replace_summaries(Connection& c, std::int64_t run_id, std::span<const analysis::MapSummary> summaries);
// The run's histograms over every position (schema 11); null: deletes them (a run that is not complete).
Result<void> replace_histograms(Connection& c, std::int64_t run_id, const analysis::RunHistograms* histograms);
Result<void> write_projection(Connection& c, std::int64_t run_id, const analysis::Projection& projection);
// Warnings found while finishing go after the ones recorded when the run began.
Result<void> append_warnings(Connection& c, std::int64_t run_id, std::span<const std::string> warnings);
Result<void> mark_finished(Connection& c, std::int64_t run_id, RunStatus status);

}  // namespace core::store::detail
