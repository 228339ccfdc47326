#pragma once
// Aggregates of a run: every `compare` field (docs/ARCHITECTURE.md, "Command line") for each map over any set of scored
// positions (a whole run, a document, a slice). Pure functions of the per-position arrays, so a run
// reopened from a session, or restricted to a slice, is summarised exactly like a fresh one.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/analysis/run_result.h"

namespace core::analysis {

// Scored positions chosen in one document: mask[i] != 0 selects scored position i. Empty mask = all.
struct DocumentSelection {
  const DocumentResult* document = nullptr;
  std::span<const std::uint8_t> mask;
};

// Accumulates per-map statistics over selected positions; `finish()` turns them into summaries.
// Documents must have their tracks loaded (DocumentResult::maps). Not thread-safe.
//
// Each document is summed on its own, then folded into the run's sums, so a document's contribution
// does not depend on how its positions were handed over: a long document the engine streams a range
// at a time (start / add_positions / fold) sums to exactly the bits of the same document added whole.
class SummaryAccumulator {
  struct Sums {
    std::int64_t n = 0, correct = 0;
    double nll = 0, entropy = 0, kl_bt = 0, kl_tb = 0, js = 0, kl_tz = 0, brier = 0, added = 0;
    double base_nll = 0, base_entropy = 0;  // of the base map on the same positions
    std::array<ReliabilityBin, kCalibrationBins> bins{};
    std::array<double, 3 * kTemperatureGrid> temperature{};
    Quadrants quadrants;
  };

 public:
  // One document's sums so far.
  struct Document {
    std::vector<Sums> sums;
  };

  SummaryAccumulator(std::size_t maps, QuadrantThresholds thresholds = {}, int zoomed_index = -1);

  void add(const DocumentResult& document, std::span<const std::uint8_t> mask = {});
  std::vector<MapSummary> finish() const;

  // A document in ranges: `start`, then the first `count` positions its tracks hold (from
  // document.tracks_from on) as often as they are handed over, then `fold` it into the run once whole.
  Document start() const { return {std::vector<Sums>(sums_.size())}; }
  void add_positions(Document& part, const DocumentResult& document, std::size_t count,
                     std::span<const std::uint8_t> mask = {}) const;
  void fold(const Document& part, const DocumentResult& document, bool whole_document = true);

 private:
  std::vector<Sums> sums_;
  std::int64_t bytes_ = 0;
  bool whole_documents_ = true;
  QuadrantThresholds thresholds_;
  int zoomed_ = -1;
};

// One document's per-map aggregates (DocumentStats) summed a range of positions at a time, like
// SummaryAccumulator::Document; document_stats does it in one go.
class DocumentStatsSums {
 public:
  // The first `count` positions the document's tracks hold (from tracks_from on).
  void add(const DocumentResult& document, std::size_t count);
  std::vector<DocumentStats> finish(const DocumentResult& document) const;

 private:
  struct Sums {
    std::int64_t n = 0;
    double nll = 0, entropy = 0, correct = 0, kl_bt = 0, kl_tb = 0, js = 0, kl_max = 0;
  };
  std::vector<Sums> sums_;
};

// Summaries over every document of a run (tracks must be loaded).
std::vector<MapSummary> summarize(const RunResult& run, QuadrantThresholds thresholds = {});

// Per-document aggregates of each map (kept with the document so lists sort without the tracks).
std::vector<DocumentStats> document_stats(const DocumentResult& document);

// The recalibration temperature from summed grid statistics (see run_result.h): the T in [1/8, 8]
// minimising mean NLL of softmax(logits / T), by Hermite interpolation of dNLL/dbeta between grid
// points. Returns nullopt when there are no positions.
std::optional<double> solve_temperature(const std::array<double, 3 * kTemperatureGrid>& stats);

// The reliability-diagram bin of a confidence: min(floor(conf * 15), 14).
int calibration_bin(float confidence);

}  // namespace core::analysis
