#pragma once
// Private to core/store: a run's documents as RunReader::load_run returns them (names, metadata,
// tokens, texts and per-map statistics; no tracks).
//
// A run of a million short documents is three million rows in three tables (each document's per-map
// statistics are a blob in its run_documents row, schema 12). They are read by ordered scans walked beside
// each other rather than joined; a finished run large enough is read in two halves by document index,
// the second on a second connection to the file (docs/ARCHITECTURE.md, "Lazy tracks").
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::store::detail {

class Connection;

struct DocumentRowsQuery {
  std::int64_t run_id = 0;
  std::int64_t territory_id = 0;
  std::size_t maps = 0;
  // The session file the second connection opens; empty: one connection.
  std::filesystem::path session;
  // Documents from which a finished run is read in two halves, one on each connection: the second reads
  // only when its snapshot shows the run's row (finished_row) as this connection's does.
  std::size_t parallel_from = 0;
};

// How the documents were read: on this connection alone (too few, a run still running, or no file to
// open again), in two halves on two connections, or on this one after the second saw another row of
// the run than this one did (a run resumed meanwhile) or could not open the file.
enum class DocumentsRead { OneConnection, TwoConnections, OneConnectionAfterAll };

// Appends the run's committed documents, ascending by index, to `documents` (empty on entry). A document
// the territory does not hold is left out; statistics that are not one record per map of the run are
// Corrupt.
Result<DocumentsRead> read_document_rows(Connection& c, const DocumentRowsQuery& query,
                                         std::vector<analysis::DocumentResult>& documents);

// "status:finished_ms" of the run's row, compared between the two connections' snapshots; empty for a
// run still running (never split).
Result<std::string> finished_row(Connection& c, std::int64_t run_id);

}  // namespace core::store::detail
