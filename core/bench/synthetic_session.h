#pragma once
// core::bench session support: a synthetic session of any size, and the timing of what a user waits
// for when opening one (open + list_runs). `cartograph-cli bench` calls these; tests use small sizes.
#include <cstdint>
#include <filesystem>

#include "core/error.h"
#include "core/jobs/job.h"

namespace core::bench {

struct SyntheticOptions {
  std::int64_t positions_per_document = 1000;  // scored positions per document (the last one may be shorter)
  int top_k = 10;
  int batch_documents = 16;   // documents per commit_documents transaction
  std::int64_t vocab = 32000;  // token ids and token texts of the base vocabulary
  std::uint64_t seed = 1;
};

struct SyntheticReport {
  std::int64_t run_id = 0;
  std::int64_t documents = 0;
  std::int64_t positions = 0;  // scored positions per map
  int maps = 0;                 // base included
  double commit_seconds = 0;    // time inside commit_documents only
  double total_seconds = 0;     // generating the values included
  std::int64_t file_bytes = 0;  // of the session after a WAL checkpoint
  // positions * maps / commit_seconds: how fast a run's results are written.
  double position_maps_per_second() const { return commit_seconds > 0 ? double(positions) * maps / commit_seconds : 0; }
};

// Writes a new session at `path` (refuses an existing file) holding one complete run of `maps` maps
// (a base and maps - 1 tuned maps, no prompt) over `positions` scored positions, with deterministic
// pseudo-random values. Cancellable through `job`.
Result<SyntheticReport> write_synthetic_session(const std::filesystem::path& path, std::int64_t positions,
                                                int maps, Job& job = Job::silent(),
                                                const SyntheticOptions& options = {});

struct OpenListTiming {
  double open_ms = 0;   // Session::open (ReadWrite), of the fastest repeat
  double list_ms = 0;   // RunReader::list_runs, of the fastest repeat
  double best_ms = 0;   // open + list, fastest repeat
  double median_ms = 0; // open + list, median repeat
  std::size_t runs = 0;
  int repeats = 0;
};

// Opens the session and lists its runs `repeats` times (each a fresh connection), as the GUI does
// when a user opens a file. The file is in the OS cache after the first repeat.
Result<OpenListTiming> measure_open_and_list(const std::filesystem::path& path, int repeats = 5);

// What the workbench does when a user chooses the session's first run (docs/ARCHITECTURE.md, "Lazy
// tracks", "Aggregates from the store"): reads the run without its tracks, then the first document's
// tracks, then the summary (from the store: no track read). For comparison, the summary's pass over
// every document, what a slice or a run stored before schema 11 costs. Memory is the resident set
// added, measured from before the run is read.
struct RunViewTiming {
  double run_ms = 0;             // the run: documents, statistics, summaries, histograms, projection
  double first_document_ms = 0;  // + the first document's tracks (what the territory view shows)
  double digest_seconds = 0;     // the summary as the workbench gets it, on its own
  std::int64_t digest_track_reads = 0;  // documents whose tracks the summary read
  double pass_seconds = 0;       // the summary's pass over every track, on its own
  std::int64_t added_bytes_shown = 0;   // resident memory added once the first document is read
  std::int64_t added_bytes_digest = 0;  // peak resident memory added by the summary
  std::int64_t added_bytes_pass = 0;    // peak resident memory added during the pass
  std::int64_t whole_track_bytes = 0;   // what every document's tracks would take in memory, read whole
  // For comparison, the run read whole as the workbench read it before tracks were lazy.
  double whole_read_seconds = 0;
  std::int64_t added_bytes_whole = 0;
};
Result<RunViewTiming> measure_run_view(const std::filesystem::path& path);

}  // namespace core::bench
