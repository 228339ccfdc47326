#pragma once
// widgets::Metric: the per-position quantities a view can colour by or slice on. The table itself is
// core's (core/analysis/fields.h); this adds the translated labels and display helpers the views
// need. Plain functions over immutable data: callable from any thread.
#include <QString>
#include <vector>

#include "core/analysis/fields.h"

namespace widgets {

using Metric = core::analysis::PositionMetric;

// Stable identifier used in slice JSON ("delta_logp", "kl_bt", ...).
QString metricKey(Metric m);
bool metricFromKey(const QString& key, Metric* out);
// What a user reads in a combo box or a legend, with the unit (translated).
QString metricLabel(Metric m);
QString metricDescription(Metric m);
// Signed metrics are drawn on the two-sided (diverging) half of the colour scale, centred on 0.
bool metricIsSigned(Metric m);
// Metrics that are defined against the base map only (NaN on the base row).
bool metricNeedsBase(Metric m);
// Rank spans orders of magnitude: colour and threshold it on log10.
bool metricIsLogScaled(Metric m);

using core::analysis::kNoValue;

// The value of metric `m` for map `map` at scored position `pos` of `doc`; NaN when the track is
// missing or the metric does not apply (KL of the base against itself).
inline float metricValue(const core::analysis::DocumentResult& doc, int map, int pos, Metric m) {
  return core::analysis::position_value(doc, map, pos, m);
}

// A typical magnitude of `m` over some values: the `percentile`th percentile of |v| over the finite
// values (98 by default, so a few outliers do not wash out a colour scale; 100 is the largest |v|).
// Nearest rank: with n finite values sorted by |v|, the k-th smallest where k = ceil(percentile/100 · n),
// at least 1 (values 1..100 give 98 at the 98th percentile). NaN and ±inf are ignored; returns 1 when
// nothing finite is left or the extent would be 0, so a scale never divides by zero.
double robustExtent(std::vector<float> values, double percentile = 98);

}  // namespace widgets
