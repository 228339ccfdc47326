#pragma once
// core::store::RunReader: reads runs back without recomputing anything.
//
//   list_runs()         the run list: touches no per-document data (fast on any session size)
//   load_run(id)        the RunResult: maps, territory, settings, summaries, histograms, projection, token texts,
//                       warnings, versions and every committed document's name, metadata, byte length,
//                       tokens and per-map DocumentStats — but with EMPTY `maps` tracks (lazy)
//   load_tracks(id, d)  one document's MapTracks, one per map, when the GUI shows that document
//   load_kl_tb(id, d)   only their kl_tb arrays (a zoom run's K_0)
//
// A run that is still running or was interrupted loads with the documents committed so far and no
// summaries. Values come back exactly as written, except top-k probabilities and projection samples,
// which are stored as float16 (see run_writer.h). Blob sizes are checked against their row before
// anything is allocated: a mismatch is reported as Corrupt.
//
// Holds a reference to its SessionFile (which must outlive it); same thread affinity as the SessionFile — a GUI
// worker thread opens its own SessionFile (OpenMode::ReadOnly is enough) and reader.
#include <cstdint>
#include <set>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "core/store/records.h"
#include "core/store/session_file.h"

namespace core::store {

class RunReader {
 public:
  explicit RunReader(SessionFile& session) : session_(session) {}

  // Every run, oldest first. A run still marked 'running' whose writer is gone is listed as Interrupted.
  Result<std::vector<RunListing>> list_runs();
  Result<RunListing> run_listing(std::int64_t run_id);

  struct LoadOptions {
    bool samples = false;  // also load each document's projection samples (hidden states; can be large)
    // A finished run of at least this many documents is read in two halves, the second on a second
    // connection to the file (0: one connection).
    std::size_t parallel_from = 20000;
  };
  Result<analysis::RunResult> load_run(std::int64_t run_id, const LoadOptions& options);
  Result<analysis::RunResult> load_run(std::int64_t run_id) { return load_run(run_id, LoadOptions{}); }

  // One MapTrack per map of the run, in map order. NotFound when the document is not committed.
  Result<std::vector<analysis::MapTrack>> load_tracks(std::int64_t run_id, std::int64_t document_index);
  // What a zoom run's rows read of the run (core/store/execute_zoom.h): one MapTrack per map, in map
  // order, holding only kl_tb (empty for the base), so a long document's other arrays are never in
  // memory. NotFound / Corrupt as load_tracks.
  Result<std::vector<analysis::MapTrack>> load_kl_tb(std::int64_t run_id, std::int64_t document_index);
  // One map's track only.
  Result<analysis::MapTrack> load_track(std::int64_t run_id, std::int64_t document_index, int map_index);
  // Fills `document.sample_positions` and `document.samples` (left empty when it has none).
  Result<void> load_samples(std::int64_t run_id, analysis::DocumentResult& document);

  Result<std::set<std::int64_t>> completed_documents(std::int64_t run_id);
  // The territory a run measured (its id for Catalog::documents and document_text).
  Result<std::int64_t> territory_of(std::int64_t run_id);

 private:
  SessionFile& session_;
};

}  // namespace core::store
