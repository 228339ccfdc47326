#pragma once
// widgets::Metric: the per-position quantities a view can colour by or slice on, read from a run's
// MapTrack arrays (definitions: docs/ARCHITECTURE.md, "Metric definitions"). Plain functions over immutable data:
// callable from any thread.
#include <QString>
#include <QStringList>
#include <cmath>
#include <limits>

#include "core/analysis/run_result.h"

namespace widgets {

enum class Metric {
  DeltaLogp,     // logp(map) - logp(base): < 0 where the map lost probability on the ground truth
  KlBaseTuned,   // KL(p_base || p_map)
  KlTunedBase,   // KL(p_map || p_base)
  JensenShannon,
  Entropy,
  DeltaEntropy,  // H(map) - H(base): < 0 where the map became more certain (collapse)
  Rank,          // rank of the ground-truth token (1 = top)
  Nll,           // -logp
  Confidence,    // max p
};
inline constexpr int kMetricCount = 9;

// Stable identifier used in slice JSON ("delta_logp", "kl_bt", ...).
QString metricKey(Metric m);
bool metricFromKey(const QString& key, Metric* out);
// What a user reads in a combo box or a legend, with the unit.
QString metricLabel(Metric m);
QString metricDescription(Metric m);
// Signed metrics are drawn on the two-sided (diverging) half of the colour scale, centred on 0.
bool metricIsSigned(Metric m);
// Metrics that are defined against the base map only (NaN on the base row).
bool metricNeedsBase(Metric m);
// Rank spans orders of magnitude: colour and threshold it on log10.
bool metricIsLogScaled(Metric m);

inline constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// The value of metric `m` for map `map` at scored position `pos` of `doc`; NaN when the track is
// missing or the metric does not apply (KL of the base against itself).
float metricValue(const core::analysis::DocumentResult& doc, int map, int pos, Metric m);

// A typical magnitude of `m` over some values: the 98th percentile of |v| (finite values only), so a
// few outliers do not wash out a colour scale. Returns 1 when nothing is finite.
double robustExtent(std::vector<float> values);

}  // namespace widgets
