#pragma once
// core::analysis document parts: a long document's results handed over a range of windows at a time
// while it is still being scored, and taken back to resume it from its last committed window
// (docs/ARCHITECTURE.md, "Long documents").
//
// The engine scores a batch group's windows in a fixed order (analysis/engine.h), a whole number of
// batches at a time; each document's windows come in its own order within that sequence, so what any
// document has after `windows_done` windows of its group is a prefix of its scored positions. A part
// is such a prefix (or the piece of it added since the last part); resuming restores the prefixes and
// continues at window `windows_done` of the group, so every later batch holds exactly the windows it
// held in an uninterrupted run and the results are bit-identical.
//
// Plain data; safe to read from any thread while nobody writes it.
#include <cstdint>
#include <functional>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/error.h"

namespace core::analysis {

// A document of the batch group in progress: its tracks hold scored positions [tracks_from, positions)
// (tracks_from > 0 once the engine streams it: see RunOptions::keep_tracks); its projection samples so
// far (unsorted).
struct DocumentProgress {
  const DocumentResult* document = nullptr;
  std::int64_t positions = 0;
};

// Where a batch group stands after one of its batches, when more are to come.
struct GroupProgress {
  std::int64_t windows_done = 0;            // of the group's windows in scoring order: whole batches
  std::int64_t resumed_at = 0;              // the window this run began the group at (0: its start)
  std::vector<DocumentProgress> documents;  // the group's documents with at least one scored position
};

// Receives a group's progress after each of its batches but the last; may commit the new positions,
// and returns whether it did (every document's scored positions [0, positions) are then in the store).
// An error stops the run and is returned by run().
using PartSink = std::function<Result<bool>(const GroupProgress&)>;

// What an interrupted run committed of a document that never finished.
struct PartialDocument {
  std::int64_t index = 0;
  std::int64_t group_windows = 0;  // windows_done of its group at its newest part
  std::int64_t positions = 0;      // scored positions [0, positions) held in `maps`
  // One per map; every array holds `positions` values (top-k ones positions × top_k; optional ones may
  // be empty); temperature_stats are the sums over those positions, exactly as the engine had them.
  std::vector<MapTrack> maps;
  std::vector<std::int32_t> sample_positions;  // projection samples among them, float32 rows
  std::vector<float> samples;
};

}  // namespace core::analysis
