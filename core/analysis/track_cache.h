#pragma once
// core::analysis::TrackCache: a run's per-position tracks read one document at a time, for a run
// opened without them (docs/ARCHITECTURE.md, "Lazy tracks").
//
// A run read back from a session holds every document's tokens, metadata and DocumentStats, but its
// MapTracks (tens of bytes per position and map, hundreds of MB for a large territory) stay in the file
// until something needs them. Whoever needs a document's tracks asks document_with_tracks(): the
// document itself when the run holds its tracks, else a copy of it with its tracks read through the
// run's TrackCache. The cache keeps the few documents read last (what the views show), so moving
// between two documents reads nothing again; a pass over every document (a digest, a slice) bypasses
// it and leaves them in place. Safe to call from any thread: reads are serialised by one lock.
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/error.h"

namespace core::analysis {

struct DocumentResult;
struct MapTrack;
struct RunResult;

// Where tracks are read from; implemented by the store (core/store/track_reader.h).
class TrackSource {
 public:
  virtual ~TrackSource() = default;
  // One MapTrack per map of the run, for the document at `document` (its place in RunResult::documents).
  // Called with the cache's lock held: never concurrently.
  virtual Result<std::vector<MapTrack>> read(std::size_t document) = 0;
};

class TrackCache {
 public:
  static constexpr std::size_t kKeptDocuments = 8;
  explicit TrackCache(std::unique_ptr<TrackSource> source) : source_(std::move(source)) {}

  // `document` of `run` with its tracks. `keep`: remember it among the last documents read (false for
  // a pass over every document, which would only push out what the views show).
  Result<std::shared_ptr<const DocumentResult>> document(const RunResult& run, std::size_t document, bool keep);
  // `document` when it is among the documents kept, else null; reads nothing.
  std::shared_ptr<const DocumentResult> kept(std::size_t document) const;
  // Documents read from the source since the cache was made (a test's measure of laziness): all of
  // them, and those read to be kept (for a view) rather than for a pass over the run.
  std::int64_t reads() const;
  std::int64_t kept_reads() const;

 private:
  mutable std::mutex mutex_;
  std::unique_ptr<TrackSource> source_;
  std::list<std::pair<std::size_t, std::shared_ptr<const DocumentResult>>> kept_;  // most recent first
  std::int64_t reads_ = 0, kept_reads_ = 0;
};

// The run's document `document` with its tracks: the run's own (no copy) when it holds them, else read
// through run.track_cache. Fails when neither has them, or the read fails (the error names the file).
// The result stays valid while the run does.
Result<std::shared_ptr<const DocumentResult>> document_with_tracks(const RunResult& run, std::size_t document,
                                                                   bool keep = true);
// The same without reading: null unless the run holds the document's tracks or its cache keeps them.
std::shared_ptr<const DocumentResult> document_if_ready(const RunResult& run, std::size_t document);
// Whether every document's tracks are in memory (a run just computed, or one read with its tracks).
bool tracks_in_memory(const RunResult& run);

}  // namespace core::analysis
