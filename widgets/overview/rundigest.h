#pragma once
// widgets::RunDigest: every aggregate the Overview and Lineage views draw, for one run restricted to
// one slice: per-map summaries with every `compare` field, histograms, per-document sums.
//
// digestRun() is a pure function of immutable inputs, run on a worker (JobsModel) whenever the run or
// the slice changes; the result is shared read-only with the views. With no slice the run's own
// summaries are used as they are; a slice is summarised by core::analysis::SummaryAccumulator, so
// both agree by construction.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/jobs/job.h"
#include "widgets/overview/slice.h"

namespace widgets {

struct Histogram {
  double lo = 0, hi = 1;               // value range covered by the bins
  std::vector<std::int64_t> counts;    // equal-width bins; values outside fall into the edge bins
  std::int64_t total() const;
};

// Sums of one map over the kept positions of one document (per-slice bars group these by metadata).
struct DocumentSums {
  std::int64_t tokens = 0;
  double nll = 0, entropy = 0, kl_bt = 0, kl_tb = 0, top1 = 0;
};

struct RunDigest {
  std::shared_ptr<const core::analysis::RunResult> run;
  std::shared_ptr<const PositionSet> positions;  // null: every scored position
  // Per map. Over a slice that cuts documents, temperature and bits_per_byte are NaN: both need whole
  // documents (per-document temperature statistics, the documents' byte lengths).
  std::vector<core::analysis::MapSummary> summaries;
  std::vector<Histogram> deltaNll;     // per map, shared range; empty histogram for the base
  std::vector<Histogram> klBaseTuned;  // per map, shared range; empty for the base
  std::vector<Histogram> entropy;      // per map, shared range
  std::vector<std::vector<DocumentSums>> documents;  // [document][map]
};

inline constexpr int kHistogramBins = 40;

// Aggregates `run` over `positions` (null = all). Cancellable through `job`; fails when the run's
// tracks are not loaded.
core::Result<std::shared_ptr<const RunDigest>> digestRun(std::shared_ptr<const core::analysis::RunResult> run,
                                                         std::shared_ptr<const PositionSet> positions,
                                                         const core::analysis::QuadrantThresholds& thresholds,
                                                         core::Job& job);

// Every map's MapSummary over the kept positions (all when `positions` is null), with the NaN rule above.
std::vector<core::analysis::MapSummary> summarizePositions(const core::analysis::RunResult& run,
                                                           const PositionSet* positions,
                                                           const core::analysis::QuadrantThresholds& thresholds);

}  // namespace widgets
