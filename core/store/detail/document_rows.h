#pragma once
// Private to core/store: a run's documents as RunReader::load_run returns them (names, metadata,
// tokens, texts and per-map statistics; no tracks).
//
// A run of a million short documents is six million rows in four tables. They are read by ordered scans
// walked beside each other rather than joined; a run that is finished and large enough has its
// statistics (half of the rows) read on a second connection to the file while this one reads the
// documents, each scan following the other (docs/ARCHITECTURE.md, "Lazy tracks").
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
  // Documents from which the statistics are read on the second connection, if the run is finished: it
  // reads them only when its snapshot shows the run's row (finished_row) as this connection's does.
  std::size_t parallel_from = 0;
};

// Where the statistics were read: on this connection after the documents, or on a second one beside
// them (the second saw another row of the run than this one, e.g. a run resumed meanwhile: after).
enum class StatisticsRead { After, Beside };

// Appends the run's committed documents, ascending by index, to `documents` (empty on entry). A document
// the territory does not hold is left out; a statistics row for a document or map the run lacks is
// Corrupt.
Result<StatisticsRead> read_document_rows(Connection& c, const DocumentRowsQuery& query,
                                          std::vector<analysis::DocumentResult>& documents);

// "status:finished_ms" of the run's row, compared between the two connections' snapshots.
Result<std::string> finished_row(Connection& c, std::int64_t run_id);

}  // namespace core::store::detail
