#pragma once
// core::analysis::run: the distortion engine. Evaluates a base map and its tuned descendants (and,
// with a prompt, the base zoomed by that prompt) on the same token windows of a territory, computing
// every per-position metric and aggregate of docs/ARCHITECTURE.md ("Metric definitions") in one pass.
//
// Cost: each map's trunk runs once per window batch; the vocabulary head is applied a chunk of
// positions at a time and each chunk's base distribution is shared by every tuned map, so N tuned maps
// cost about N + 1 single-model scoring passes. Memory: per batch, the maps' hidden states at scored
// positions plus one chunk of logits per map; never [batch, time, vocab].
//
// Thread-safety: run() may be called from any thread; the checkpoints must not be mutated meanwhile.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/analysis/document_part.h"
#include "core/analysis/run_result.h"
#include "core/analysis/shard.h"
#include "core/error.h"
#include "core/jobs/job.h"
#include "core/model/checkpoint.h"
#include "core/territory/territory.h"

namespace core::analysis {

struct MapSpec {
  model::Checkpoint checkpoint;
  std::string name;  // display name; empty = a default that tells the run's maps apart (map_names.h)
};

struct RunSpec {
  std::vector<MapSpec> maps;  // [0] the base, then the tuned maps in lineage order
  territory::Territory territory;
  RunSettings settings;
  QuadrantThresholds thresholds;
};

// Receives each document as soon as all its windows are scored (in document order per batch group),
// e.g. to commit it to the session. An error stops the run and is returned by run().
using DocumentSink = std::function<Result<void>(const DocumentResult&)>;

struct RunOptions {
  DocumentSink sink;
  // Documents already scored by an interrupted run (tracks loaded): not recomputed, but included in
  // the summaries and the projection.
  std::vector<DocumentResult> resumed;
  // Receives the batch group's progress within its documents (document_part.h), so that a long
  // document can be committed before it ends.
  PartSink part_sink;
  // Documents an interrupted run had partly scored (document_part.h): each continues from its part when
  // the part is exactly what its group's first windows score, else it is scored from its start. The
  // engine empties each part once copied into its document's tracks, so a resumed long document is not
  // held twice.
  std::shared_ptr<std::vector<PartialDocument>> partial;
  // Keep per-position tracks in the returned result (score --json and slices need them). Without them
  // the engine also streams long documents: a document's positions are summed and dropped as soon as
  // they are committed (part_sink returned true), or after every batch when there is no sink at all,
  // so memory does not grow with a document's length (docs/ARCHITECTURE.md, "Long documents"). The
  // sink then receives a streamed document's tracks from tracks_from on; the rest are its parts.
  bool keep_tracks = true;
  std::int64_t chunk_positions = 256;  // positions per head/metrics chunk
  // Score only this shard's documents (analysis/shard.h); the result records the shard. The plan stays
  // the whole territory's, so sampling rates and every document's windows are those of an unsharded run.
  std::optional<Shard> shard;
};

// The run's plan, available before any compute (for progress and for a store's begin_run).
struct RunPlan {
  std::vector<MapInfo> maps;
  std::vector<std::vector<std::int32_t>> tokens;  // per document
  std::int64_t window = 0, stride = 0;
  std::vector<std::int32_t> prefix;  // BOS + prompt tokens of the zoomed base (empty without prompt)
  std::int64_t scored_positions = 0;
  std::vector<std::string> token_texts;  // display text of every base id
  std::vector<std::string> warnings;
};

// Tokenizes the territory once with the base tokenizer, checks every tuned vocabulary against it
// (docs/ARCHITECTURE.md, "Vocabularies") and resolves window, stride and the zoom prefix.
Result<RunPlan> plan_run(const RunSpec& spec, Job& job = Job::silent());

Result<std::shared_ptr<const RunResult>> run(const RunSpec& spec, const RunPlan& plan, Job& job = Job::silent(),
                                             const RunOptions& options = {});

// The software versions recorded with a run.
std::map<std::string, std::string> run_versions(const RunSettings& settings);

// MapInfo of a loaded checkpoint.
MapInfo map_info(const model::Checkpoint& checkpoint, std::string name, MapRole role);

}  // namespace core::analysis
