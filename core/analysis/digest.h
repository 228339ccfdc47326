#pragma once
// core::analysis::RunDigest: every aggregate the GUI's Overview and Lineage views draw and the CLI
// prints, for one run restricted to one slice: per-map summaries with every `compare` field,
// histograms, per-document sums and those sums grouped by every metadata field
// (docs/ARCHITECTURE.md, "Slices").
//
// digest_run() is a pure function of immutable inputs, run on a worker whenever the run or the slice
// changes; the result is shared read-only. With no slice the run's own summaries (and stored histograms)
// are used as they are; a slice is summarised by SummaryAccumulator (summarize_positions) and
// HistogramPass, so both agree by construction. A document kept whole is summed from its DocumentStats
// in either case.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/histogram.h"
#include "core/analysis/run_result.h"
#include "core/analysis/slice.h"
#include "core/analysis/track_cache.h"
#include "core/jobs/job.h"

namespace core::analysis {

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

// Collects the values the histograms count, a document at a time (three floats per kept position and
// map), and bins them over the shared ranges RunHistograms describes.
class HistogramPass {
 public:
  explicit HistogramPass(std::size_t maps);
  // The kept positions of document `d` (every position when `keep` is null), one track per map, base first.
  void add(const std::vector<MapTrack>& tracks, const PositionSet* keep, std::size_t d);
  RunHistograms finish() const;

 private:
  std::vector<std::vector<float>> delta_nll_, kl_base_tuned_, entropy_;  // [map]
};

// The same histograms over every position of a run in two reads of its documents, keeping no values:
// for a run too large to hold three floats per position and map (RunWriter::finish_run, a merged run
// of many shards). Knowing how many values of each kind each map has, the first read takes exactly
// the sample HistogramPass would take, the second counts. Counts equal HistogramPass's.
class TwoReadHistograms {
 public:
  struct Totals {
    std::int64_t entropy = 0, delta_nll = 0, kl_base_tuned = 0;  // values of one map over the run
  };
  explicit TwoReadHistograms(std::vector<Totals> totals);  // per map, base first
  // Every document in order, once to sample (first == true) and once to count. A document may come
  // as consecutive ranges of its positions (each call's tracks the same range for every map): only
  // each map's order of values matters.
  void add(const std::vector<MapTrack>& tracks, bool first);
  RunHistograms finish();  // after both reads

 private:
  struct Kind {
    std::vector<std::int64_t> offset, seen;  // per map: index of its first value in the kind, values read
    std::int64_t stride = 1;
    std::vector<float> sample;
  };
  void take(Kind& kind, std::size_t map, float v);
  Kind delta_nll_, kl_base_tuned_, entropy_;
  std::optional<RunHistograms> counted_;  // made at the first counting read
};

// Aggregates `run` over `positions` (null = all). A complete run read from a session with its stored
// histograms, over every position, reads no track: summaries and histograms come from the store and
// per-document sums from its document statistics. Otherwise each document's tracks are read once
// (through the run's TrackCache when it was opened without them). Cancellable through `job`; fails when
// a document's tracks can be neither found nor read.
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
