#pragma once
// core::store::RunWriter: writes a run into the session while the analysis engine computes it.
//
//   RunWriter writer(session);
//   auto run = writer.begin_run(header, territory_record(territory));   // status 'running'
//   for each batch: writer.commit_documents(*run, batch);               // ONE transaction per batch
//   writer.finish_run(*run, summaries, projection, RunStatus::Complete);
//
// A crash loses at most the batch in flight: each commit_documents is one transaction holding the
// documents' tokens, per-map statistics and per-map tracks. A run left 'running' by a process that
// died is marked 'interrupted' by the next writable opening (the run records its writer's host, boot,
// pid and process start time). To resume: resume_run(id), completed_documents(id) to skip the
// committed documents, commit the rest, finish_run. A long document is also committed in parts while it
// is being scored (commit_parts, document_parts.h), so a crash inside it loses only the positions since
// its last part, and a resumed run continues it from there (load_document_parts).
//
// Storage, per scored position and map: 4 bytes for each float32/int32 array present (logp, entropy,
// rank, confidence, sum_p2 always; kl_bt, kl_tb, js for tuned maps; kl_tz with a prompt; added_mass with
// added ids), so 20 bytes for the base and at most 40 for a tuned map; plus top-k as int32 ids and
// float16 probabilities (6 bytes an entry, 60 for k = 10); plus 4 bytes per token for the document's
// tokens and 600 bytes per (document, map) of temperature statistics. Measured (store_size_test,
// 1000-token documents, base + tuned with every array + zoomed base, k = 10): 283.0 bytes per position
// for the 3 maps where the arrays hold 276 (2.5% overhead: SQLite pages, statistics rows, temperature
// statistics), i.e. 33 bytes of metrics per position and map on average besides top-k. The synthetic
// benchmark (1,000,000 positions x 4 maps, k = 10, 1000-token documents): 374.6 MB, 93.6 bytes per
// position per map. Shorter documents cost more per position: each (document, map) row's last 4 KB
// overflow page is on average half empty, about 2 KB a row. Top-k probabilities and projection samples come back rounded
// to float16 (3 significant digits); every other value comes back bit for bit.
//
// Throughput: 1,000,000 positions x 4 maps committed in 6.1 s in batches of 16 documents (660,000
// position-maps a second, 62 MB/s, synchronous=FULL so each batch is on disk when commit returns).
//
// Holds a reference to its SessionFile (which must outlive it); same thread affinity as the SessionFile.
// Statements are prepared once per session and reused.
#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"
#include "core/store/document_parts.h"
#include "core/store/records.h"
#include "core/store/session_file.h"

namespace core::store {

class RunWriter {
 public:
  struct Hooks {
    // Called inside commit_documents after each document's rows are written and before the batch
    // commits: lets tests kill the process in the middle of a batch.
    std::function<void(std::int64_t document_index)> after_document_written;
  };

  explicit RunWriter(SessionFile& session, Hooks hooks = {});
  // Marks runs this writer began (or resumed) and did not finish as interrupted (best effort).
  ~RunWriter();
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  // Starts a run: stores the territory (or finds it by content hash), the maps' checkpoints (or finds
  // them by sha256), the base vocabulary's token texts (shared between runs with the same vocabulary),
  // settings, versions, warnings, window and stride. `header.documents` and `header.summaries` are
  // ignored. maps[0] must be the base. Returns the run id.
  Result<std::int64_t> begin_run(const analysis::RunResult& header, const TerritoryRecord& territory);
  // The same for a territory already in the session (a rerun).
  Result<std::int64_t> begin_run(const analysis::RunResult& header, std::int64_t territory_id);

  // Writes a batch of finished documents in one transaction; a document committed before is replaced.
  // Each document needs one DocumentStats and one MapTrack per map of the run, every track's arrays
  // sized to the document's scored positions (optional arrays empty or full). Checked before writing:
  // on any error nothing of the batch is written.
  Result<void> commit_documents(std::int64_t run_id, std::span<const analysis::DocumentResult> documents);

  // Appends parts of documents still being scored (document_parts.h) in one transaction, so a long
  // document survives a kill up to its last part. commit_documents later replaces a document's parts
  // with its whole rows.
  Result<void> commit_parts(std::int64_t run_id, std::span<const DocumentPart> parts);

  // Ends a run with `status` (Complete, Cancelled, Failed or Interrupted), its per-map summaries (one
  // per map, or none) and projection; `warnings` are appended to the run's. One transaction. A complete
  // run's histograms (core/analysis/histogram.h) are counted from its stored tracks first, in two reads
  // that keep one document at a time (TwoReadHistograms), and stored with it.
  Result<void> finish_run(std::int64_t run_id, std::span<const analysis::MapSummary> summaries,
                          const analysis::Projection& projection, RunStatus status,
                          std::span<const std::string> warnings = {});

  // Indices of the documents already committed to the run.
  Result<std::set<std::int64_t>> completed_documents(std::int64_t run_id);

  // Takes over an interrupted, cancelled or failed run (or one whose writer is gone) so this writer
  // can commit its remaining documents. Locked when another live process is writing it.
  Result<void> resume_run(std::int64_t run_id);

  // Reopens a complete sharded run (a partial merge) to take more shards, keeping its id and everything
  // tied to it: records `header`'s shards that the run does not hold yet (shards_present and
  // shard_sources, the same shard count) and marks it running under this writer, in one transaction.
  // Commit the new shards' documents, then finish_run with the summaries over all of them.
  Result<void> extend_sharded_run(std::int64_t run_id, const analysis::RunResult& header);

  // Marks a run 'interrupted'. Refused (Locked) while another live process is writing it.
  Result<void> mark_interrupted(std::int64_t run_id);
  // Marks every 'running' run whose writer is gone as interrupted; returns their ids. (Opening a
  // session writable already does this.)
  Result<std::vector<std::int64_t>> mark_orphaned_runs_interrupted();

  // Deletes a run and everything computed for it (not its checkpoints, territory or annotations).
  Result<void> delete_run(std::int64_t run_id);

 private:
  struct RunShape {
    int maps = 0;
    std::int64_t documents_total = 0;
  };
  Result<std::int64_t> insert_run(const analysis::RunResult& header, std::int64_t territory_id);
  Result<RunShape> writable_run(std::int64_t run_id, const char* doing);

  SessionFile& session_;
  Hooks hooks_;
  std::set<std::int64_t> owned_;  // runs begun or resumed here and not finished
};

}  // namespace core::store
