#pragma once
// core::analysis::Histogram and RunHistograms: the value distributions the Overview draws for a run.
//
// A complete run stores its RunHistograms (over every scored position) when it finishes, so opening it
// draws them without reading a track (docs/ARCHITECTURE.md, "Aggregates from the store"); a slice, or a
// run stored before they were, gets them from a pass over its tracks (digest.h's HistogramPass). Both
// bin the same values over the same ranges, so they agree count for count.
#include <cstdint>
#include <vector>

namespace core::analysis {

struct Histogram {
  double lo = 0, hi = 1;               // value range covered by the bins
  std::vector<std::int64_t> counts;    // equal-width bins; values outside fall into the edge bins
  std::int64_t total() const;
  // Counts `v` in its bin (values outside [lo, hi) in the edge bins); NaN and infinities are left out.
  void add(double v);
  // `bins` empty bins over [lo, hi) (hi <= lo becomes [lo, lo + 1)).
  static Histogram empty(double lo, double hi, int bins);
  bool operator==(const Histogram&) const = default;
};

inline constexpr int kHistogramBins = 40;

// One histogram per map and kind. Ranges are shared by every map of a kind: ΔNLL over [-e, e] and
// KL(base‖map) over [0, e] with e the 99th percentile of |value| over the tuned maps, entropy over
// [0, e] with e its 99.5th percentile over every map. The base has empty ΔNLL and KL histograms.
struct RunHistograms {
  std::vector<Histogram> delta_nll;      // per map
  std::vector<Histogram> kl_base_tuned;  // per map
  std::vector<Histogram> entropy;        // per map
  bool operator==(const RunHistograms&) const = default;
};

}  // namespace core::analysis
