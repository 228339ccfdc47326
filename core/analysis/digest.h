#pragma once
// core::analysis::RunDigest: every aggregate the GUI's Overview and Lineage views draw and the CLI
// prints, for one run restricted to one slice: per-map summaries with every `compare` field,
// histograms, per-document sums and those sums grouped by every metadata field
// (docs/ARCHITECTURE.md, "Slices").
//
// digest_run() is a pure function of immutable inputs, run on a worker whenever the run or the slice
// changes; the result is shared read-only. With no slice the run's own summaries are used as they are;
// a slice is summarised by SummaryAccumulator (summarize_positions), so both agree by construction.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/run_result.h"
#include "core/analysis/slice.h"
#include "core/analysis/track_cache.h"
#include "core/jobs/job.h"

namespace core::analysis {

struct Histogram {
  double lo = 0, hi = 1;               // value range covered by the bins
  std::vector<std::int64_t> counts;    // equal-width bins; values outside fall into the edge bins
  std::int64_t total() const;
  // Counts `v` in its bin (values outside [lo, hi) in the edge bins); NaN and infinities are left out.
  void add(double v);
  // `bins` empty bins over [lo, hi) (hi <= lo becomes [lo, lo + 1)).
  static Histogram empty(double lo, double hi, int bins);
};

// Sums of one map over the kept positions of one document or of a group of documents.
struct DocumentSums {
  std::int64_t tokens = 0;
  double nll = 0, entropy = 0, kl_bt = 0, kl_tb = 0, top1 = 0;
  DocumentSums& operator+=(const DocumentSums& o);
};

// The documents with one value of a metadata field ("(none)" for those without it), summed per map.
struct MetadataGroup {
  std::string value;
  std::vector<DocumentSums> maps;  // [map]
};

// One metadata field's groups, most kept positions of the base first (ties: larger value first).
struct MetadataGrouping {
  std::string field;
  std::vector<MetadataGroup> groups;
};

// What a per-group bar shows.
enum class GroupStatistic { MeanNll, MeanDeltaNll, MeanKlBaseTuned, MeanEntropy, Top1Percent };
// The statistic of `map` over `group` (Δ against map 0); 0 over no positions.
double group_statistic(const MetadataGroup& group, std::size_t map, GroupStatistic statistic);

struct RunDigest {
  std::shared_ptr<const RunResult> run;
  std::shared_ptr<const PositionSet> positions;  // null: every scored position
  // Per map. Over a slice that cuts documents, temperature and bits_per_byte are NaN: both need whole
  // documents (per-document temperature statistics, the documents' byte lengths).
  std::vector<MapSummary> summaries;
  std::vector<Histogram> delta_nll;      // per map, shared range; empty histogram for the base
  std::vector<Histogram> kl_base_tuned;  // per map, shared range; empty for the base
  std::vector<Histogram> entropy;        // per map, shared range
  std::vector<std::vector<DocumentSums>> documents;  // [document][map]
  std::vector<MetadataGrouping> metadata;            // every metadata field of the run, by name
};

inline constexpr int kHistogramBins = 40;

// Aggregates `run` over `positions` (null = all), reading each document's tracks once (through the
// run's TrackCache when it was opened without them). Cancellable through `job`; fails when a document's
// tracks can be neither found nor read.
Result<std::shared_ptr<const RunDigest>> digest_run(std::shared_ptr<const RunResult> run,
                                                    std::shared_ptr<const PositionSet> positions,
                                                    const QuadrantThresholds& thresholds, Job& job);

// Every map's MapSummary over the kept positions (all when `positions` is null), with the NaN rule above.
Result<std::vector<MapSummary>> summarize_positions(const RunResult& run, const PositionSet* positions,
                                                    const QuadrantThresholds& thresholds);

// `documents` ([document][map] sums) grouped by the value of `field` in each document's metadata.
MetadataGrouping group_by_metadata(const RunResult& run, const std::vector<std::vector<DocumentSums>>& documents,
                                   const std::string& field);

}  // namespace core::analysis
