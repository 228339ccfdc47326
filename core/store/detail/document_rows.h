#pragma once
// Private to core/store: a run's documents as RunReader::load_run returns them (names, metadata,
// tokens, texts and per-map statistics; no tracks).
//
// A run of a million short documents is three million rows in three tables (each document's per-map
// statistics are a blob in its run_documents row, schema 12). They are read by ordered scans walked beside
// each other rather than joined (docs/ARCHITECTURE.md, "Lazy tracks").
#include <cstdint>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::store::detail {

class Connection;

struct DocumentRowsQuery {
  std::int64_t run_id = 0;
  std::int64_t territory_id = 0;
  std::size_t maps = 0;
};

// Appends the run's committed documents, ascending by index, to `documents` (empty on entry). A document
// the territory does not hold is left out; statistics that are not one record per map of the run are
// Corrupt.
Result<void> read_document_rows(Connection& c, const DocumentRowsQuery& query,
                                std::vector<analysis::DocumentResult>& documents);

}  // namespace core::store::detail
