#pragma once
// Private to core/store: the `tracks` row of a document the engine streamed (RunOptions::keep_tracks in
// core/analysis/engine.h; docs/ARCHITECTURE.md, "Long documents"). Its scored positions [0, tracks_from)
// are in the parts committed while it was scored (`document_parts`), the rest in its tracks in memory.
// The row is the one `tracks` always holds (one whole array per column), assembled in place: each
// column is allocated as a zeroblob and filled a part at a time through SQLite's incremental blob I/O,
// so writing it holds one part in memory, never the whole document. Run inside the caller's write
// transaction, before the document's parts are deleted.
#include <cstddef>
#include <cstdint>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::store::detail {

class Connection;

// Writes map `map`'s row for document `d` of run `run_id` (d.tracks_from > 0). The parts must join
// into positions [0, tracks_from) with the arrays the tracks have; otherwise a Corrupt error naming
// the file, the document and the map, and nothing is written.
Result<void> insert_streamed_track(Connection& c, std::int64_t run_id, const analysis::DocumentResult& d,
                                   std::size_t map);

}  // namespace core::store::detail
